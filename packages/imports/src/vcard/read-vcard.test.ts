import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { collect, expectFileError, upload } from '../test-support';
import { readVcard } from './read-vcard';
import { vcardHeaders } from './vcard-headers';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

describe('readVcard', () => {
  it('reads several vCard 3.0 cards with folded lines, preferred values first', async () => {
    const file = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:abc-1',
      'FN:Jane Doe',
      'N:Doe;Jane;Q.;Dr.;',
      'EMAIL;TYPE=INTERNET,HOME:jane.home@exam',
      ' ple.com',
      'EMAIL;TYPE=INTERNET,WORK,pref:jane@acme.example',
      'TEL;TYPE=CELL:+1 555 0100',
      'TEL;TYPE=WORK:+1 555 0199',
      'ORG:Acme\\, Inc.;Sales',
      'TITLE:Head of Sales',
      'ADR;TYPE=WORK:;Suite 5;1 Main St;Springfield;IL;62701;USA',
      'NOTE:Met at the fair.\\nLikes tea; prefers email. This note is long enough to be',
      '  folded over two lines.',
      'CATEGORIES:vip,fair-2024',
      'BDAY:1980-01-02',
      'URL:https://jane.example',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Bob Smith',
      'N:Smith;Bob;;;',
      'EMAIL:bob@example.com',
      'END:VCARD',
    ]);
    const source = await readVcard(upload(file, 13));
    expect(source.headers).toEqual([...vcardHeaders]);
    const rows = await collect(source.rows);
    expect(rows.map((r) => [r.status, r.line])).toEqual([
      ['ok', 1],
      ['ok', 20],
    ]);
    expect(rows[0]?.cells).toMatchObject({
      UID: 'abc-1',
      'Full Name': 'Jane Doe',
      'First Name': 'Jane',
      'Last Name': 'Doe',
      'Middle Name': 'Q.',
      'Name Prefix': 'Dr.',
      Emails: 'jane@acme.example; jane.home@example.com',
      Phones: '+1 555 0100; +1 555 0199',
      Organization: 'Acme, Inc.',
      Department: 'Sales',
      Title: 'Head of Sales',
      Street: '1 Main St',
      'Street 2': 'Suite 5',
      City: 'Springfield',
      Region: 'IL',
      'Postal Code': '62701',
      Country: 'USA',
      Note: 'Met at the fair.\nLikes tea; prefers email. This note is long enough to be folded over two lines.',
      Categories: 'vip; fair-2024',
      Birthday: '1980-01-02',
      Website: 'https://jane.example',
    });
    expect(rows[1]?.cells).toMatchObject({ 'First Name': 'Bob', 'Last Name': 'Smith', Emails: 'bob@example.com' });
  });

  it('reads vCard 4.0: tel URIs, PREF=1, several given names', async () => {
    const file = crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Anna Maria Rossi',
      'N:Rossi;Anna,Maria;;;',
      'EMAIL;TYPE=home:anna@home.example',
      'EMAIL;PREF=1;TYPE=work:anna@work.example',
      'TEL;VALUE=uri;TYPE="voice,cell":tel:+39-06-555-0100',
      'UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
      'END:VCARD',
    ]);
    const rows = await collect((await readVcard(upload(file))).rows);
    expect(rows[0]).toMatchObject({
      status: 'ok',
      cells: { 'First Name': 'Anna Maria', 'Last Name': 'Rossi', Emails: 'anna@work.example; anna@home.example', Phones: '+39-06-555-0100', UID: 'urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1' },
    });
  });

  it('reads vCard 2.1: bare type parameters and quoted-printable values with soft line breaks', async () => {
    const file = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller',
      'TEL;WORK;VOICE:+49 30 5550100',
      'EMAIL;PREF;INTERNET:juergen@example.de',
      'NOTE;ENCODING=QUOTED-PRINTABLE:First line=0D=0ASecond line that is long and=',
      ' continues',
      'PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD',
      ' /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcp',
      '',
      'END:VCARD',
    ]);
    const rows = await collect((await readVcard(upload(file))).rows);
    expect(rows[0]).toMatchObject({
      status: 'ok',
      cells: {
        'Full Name': 'Jürgen Müller',
        'First Name': 'Jürgen',
        'Last Name': 'Müller',
        Phones: '+49 30 5550100',
        Emails: 'juergen@example.de',
        Note: 'First line\nSecond line that is long and continues',
      },
    });
  });

  it('reads Apple-style grouped properties', async () => {
    const file = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'N:Doe;Jane;;;', 'item1.EMAIL;type=INTERNET;type=pref:jane@example.com', 'item1.X-ABLabel:_$!<Other>!$_', 'END:VCARD']);
    const rows = await collect((await readVcard(upload(file))).rows);
    expect(rows[0]?.cells.Emails).toBe('jane@example.com');
  });

  it('reports a malformed card as an invalid row and reads the cards after it', async () => {
    const file = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Good One',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN Broken line without a colon',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Never Ended',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Good Two',
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Cut Off',
    ]);
    const rows = await collect((await readVcard(upload(file))).rows);
    expect(rows.map((r) => [r.status, r.line, r.cells['Full Name'] ?? ''])).toEqual([
      ['ok', 1, 'Good One'],
      ['invalid', 5, ''],
      ['invalid', 9, ''],
      ['ok', 12, 'Good Two'],
      ['invalid', 16, ''],
    ]);
    expect(rows[1]).toMatchObject({ issues: [{ code: 'malformed_card', message: expect.stringMatching(/^The card cannot be read: /) }] });
    expect(rows[2]).toMatchObject({ issues: [{ message: 'The card has no END:VCARD before the next card begins' }] });
    expect(rows[4]).toMatchObject({ issues: [{ message: 'The file ends inside a card (no END:VCARD)' }] });
  });

  it('reads a Windows-1252 file', async () => {
    const file = iconv.encode(crlf(['BEGIN:VCARD', 'VERSION:3.0', 'N:Müller;Jörg;;;', 'FN:Jörg Müller', 'END:VCARD']), 'windows-1252');
    const rows = await collect((await readVcard(upload(file))).rows);
    expect(rows[0]?.cells['Last Name']).toBe('Müller');
  });

  it('refuses a file without any card', async () => {
    const error = await expectFileError(readVcard(upload('Name,Email\nJane,jane@example.com\n')), 'no_records');
    expect(error.message).toBe('The file contains no vCard (no BEGIN:VCARD … END:VCARD block)');
  });
});
