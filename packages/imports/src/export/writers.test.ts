import { describe, expect, it } from 'vitest';
import { exportColumns } from './export-columns';
import { writeCsv } from './write-csv';
import { writeJson } from './write-json';
import { contactToVcard, foldLine } from './write-vcard';

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

const contact = {
  id: '4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
  externalId: null,
  firstName: '=HYPERLINK("http://evil.example","Click")',
  lastName: 'Doe, "JD"',
  emails: ['jane@example.com', 'j@work.example'],
  phones: ['+1 555 0100'],
  title: 'Line one\nLine two',
  address: { street: '1 Main St', city: 'Zürich', country: null },
  tags: ['vip', 'fair'],
  customFields: { tier: 'gold', score: 7 },
  createdAt: '2024-03-05T10:00:00.000Z',
};

describe('writeCsv', () => {
  it('writes RFC 4180 with a header of field paths, CRLF, doubled quotes and neutralised formulas', async () => {
    const csv = await text(writeCsv([contact], { object: 'contacts', columns: ['firstName', 'lastName', 'emails', 'phones', 'title', 'address.city', 'customFields.tier'] }));
    expect(csv).toBe(
      'firstName,lastName,emails,phones,title,address.city,customFields.tier\r\n' +
        `"'=HYPERLINK(""http://evil.example"",""Click"")","Doe, ""JD""",jane@example.com; j@work.example,'+1 555 0100,"Line one\nLine two",Zürich,gold\r\n`,
    );
  });

  it('adds custom field columns after the fields, and a BOM when asked', async () => {
    const csv = await text(writeCsv([contact], { object: 'contacts', customFields: [{ key: 'tier' }, { key: 'score' }], bom: true }));
    const [header = ''] = csv.split('\r\n');
    expect(header.startsWith('\uFEFFid,externalId,firstName')).toBe(true);
    expect(header.endsWith(',customFields.tier,customFields.score')).toBe(true);
    expect(exportColumns('contacts', [{ key: 'tier' }]).at(-1)).toBe('customFields.tier');
  });

  it('streams in chunks instead of building the file', async () => {
    async function* many() {
      for (let i = 0; i < 5_000; i++) yield { ...contact, firstName: `Person ${i}` };
    }
    const chunks: string[] = [];
    for await (const chunk of writeCsv(many(), { object: 'contacts' })) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('').split('\r\n')).toHaveLength(5_002);
  });

  it('can leave formulas alone for machine consumers', async () => {
    const csv = await text(writeCsv([{ a: '=1+1' }], { object: 'contacts', columns: ['a'], neutraliseFormulas: false }));
    expect(csv).toBe('a\r\n=1+1\r\n');
  });
});

describe('writeJson', () => {
  it('writes a JSON array that parses back, and NDJSON line by line', async () => {
    const records = [contact, { ...contact, id: 'other' }];
    expect(JSON.parse(await text(writeJson(records)))).toEqual(records);
    const ndjson = await text(writeJson(records, { format: 'ndjson' }));
    expect(ndjson.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual(records);
    expect(JSON.parse(await text(writeJson([])))).toEqual([]);
  });
});

describe('writeVcards', () => {
  it('escapes text and structured values', () => {
    const card = contactToVcard({ ...contact, firstName: 'Jane', lastName: 'Doe; Jr, III' }, { companyName: () => 'Acme, Inc.' });
    expect(card).toContain('FN:Jane Doe\\; Jr\\, III\r\n');
    expect(card).toContain('N:Doe\\; Jr\\, III;Jane;;;\r\n');
    expect(card).toContain('ORG:Acme\\, Inc.\r\n');
    expect(card).toContain('TITLE:Line one\\nLine two\r\n');
    expect(card).toContain('EMAIL;PREF=1:jane@example.com\r\nEMAIL:j@work.example\r\n');
    expect(card).toContain('UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n');
    expect(card.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
  });

  it('folds lines at 75 octets without splitting a character', () => {
    const line = `NOTE:${'Zürich 日本 🎉 '.repeat(20)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(1);
    for (const part of physical) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(physical.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });
});
