import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { collect, expectFileError, okCells, upload } from '../test-support';
import { readCsv } from './read-csv';

describe('readCsv: encodings', () => {
  it('reads UTF-8 and drops its BOM from the first column name', async () => {
    const source = await readCsv(upload('\uFEFFName,City\nJosé,Zürich\n'));
    expect(source.headers).toEqual(['Name', 'City']);
    expect(source.meta.encoding).toBe('utf-8');
    expect(okCells(await collect(source.rows))).toEqual([{ Name: 'José', City: 'Zürich' }]);
  });

  it('reads UTF-16LE with a BOM, as Excel\'s "Unicode text" writes it', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Name\tCity\r\nMüller\tKöln\r\n', 'utf-16le')]);
    const source = await readCsv(upload(bytes, 7));
    expect(source.meta).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(okCells(await collect(source.rows))).toEqual([{ Name: 'Müller', City: 'Köln' }]);
  });

  it('reads UTF-16BE with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('Name,City\nŁukasz,Łódź\n', 'utf-16be')]);
    const source = await readCsv(upload(bytes));
    expect(source.meta.encoding).toBe('utf-16be');
    expect(okCells(await collect(source.rows))).toEqual([{ Name: 'Łukasz', City: 'Łódź' }]);
  });

  it('detects Windows-1252 without a BOM and reads "Müller" right', async () => {
    const bytes = iconv.encode('Name;Stadt\r\nMüller;Köln\r\nSchäfer;Düsseldorf\r\n', 'windows-1252');
    const source = await readCsv(upload(bytes));
    expect(source.meta.encoding).toBe('windows-1252');
    expect(okCells(await collect(source.rows))).toEqual([
      { Name: 'Müller', Stadt: 'Köln' },
      { Name: 'Schäfer', Stadt: 'Düsseldorf' },
    ]);
  });

  it('keeps multi-byte characters whole when chunks split them', async () => {
    const source = await readCsv(upload('Name,Note\n"Zoë","日本語 ✓ 🎉"\n', 1));
    expect(okCells(await collect(source.rows))).toEqual([{ Name: 'Zoë', Note: '日本語 ✓ 🎉' }]);
  });
});

describe('readCsv: delimiters, quoting and line ends', () => {
  it.each([
    ['comma', ',', 'a,b\n1,2\n3,4\n'],
    ['semicolon with decimal commas', ';', 'Name;Amount\nA;1,5\nB;2,75\n'],
    ['tab', '\t', 'a\tb\n1\t2\n'],
    ['pipe', '|', 'a|b\n1|2\n'],
  ])('detects the %s delimiter', async (_name, delimiter, text) => {
    const source = await readCsv(upload(text));
    expect(source.meta.delimiter).toBe(delimiter);
    expect(source.headers).toHaveLength(2);
  });

  it('follows the sep= line Excel writes and skips it', async () => {
    const source = await readCsv(upload('sep=;\r\nName;Tags\r\nAcme;a,b\r\n'));
    expect(source.meta.delimiter).toBe(';');
    expect(okCells(await collect(source.rows))).toEqual([{ Name: 'Acme', Tags: 'a,b' }]);
  });

  it('keeps quoted delimiters, escaped quotes and newlines inside a cell, and counts lines like an editor', async () => {
    const text = 'Name,Note,City\r\n"Doe, Jane","She said ""hi""\r\nthen left",Paris\r\nBob,plain,Rome\r\n';
    const rows = await collect((await readCsv(upload(text, 5))).rows);
    expect(rows).toEqual([
      { status: 'ok', line: 2, cells: expect.objectContaining({ Name: 'Doe, Jane', Note: 'She said "hi"\r\nthen left', City: 'Paris' }) },
      { status: 'ok', line: 4, cells: expect.objectContaining({ Name: 'Bob', Note: 'plain', City: 'Rome' }) },
    ]);
  });

  it('reads LF, CRLF and old-Mac CR line ends alike', async () => {
    for (const newline of ['\n', '\r\n', '\r']) {
      const rows = await collect((await readCsv(upload(['a,b', '1,2', '3,4', ''].join(newline), 3))).rows);
      expect(rows.map((r) => [r.line, r.cells.a])).toEqual([
        [2, '1'],
        [3, '3'],
      ]);
    }
  });

  it('reads a last line without a newline', async () => {
    expect(okCells(await collect((await readCsv(upload('a,b\n1,2'))).rows))).toEqual([{ a: '1', b: '2' }]);
  });

  it('keeps text after a closing quote, as spreadsheets do', async () => {
    expect(okCells(await collect((await readCsv(upload('a,b\n"x"y,2\n'))).rows))).toEqual([{ a: 'xy', b: '2' }]);
  });

  it('skips blank lines and rows of nothing but delimiters', async () => {
    const rows = await collect((await readCsv(upload('a,b\n\n1,2\n,\n,,\n3,4\n\n'))).rows);
    expect(rows.map((r) => r.line)).toEqual([3, 6]);
  });
});

describe('readCsv: bad rows are rows, not failures', () => {
  it('reports a row with too few or too many cells and goes on', async () => {
    const rows = await collect((await readCsv(upload('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n'))).rows);
    expect(rows.map((r) => r.status)).toEqual(['ok', 'invalid', 'invalid', 'ok']);
    expect(rows[1]).toMatchObject({ line: 3, issues: [{ code: 'ragged_row', message: 'The row has 2 values but the header has 3 columns' }] });
    expect(rows[2]).toMatchObject({ line: 4, issues: [{ code: 'ragged_row', message: 'The row has 4 values but the header has 3 columns' }] });
  });

  it('accepts a trailing delimiter that only adds empty cells', async () => {
    const rows = await collect((await readCsv(upload('a,b\n1,2,\n3,4,,\n'))).rows);
    expect(rows.map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  it('cuts a 10 MB cell, flags its row and reads the next row', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const rows = await collect((await readCsv(upload(`Name,Notes\nJane,"${huge}"\nBob,short\n`), { maxCellChars: 100_000 })).rows);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ status: 'invalid', line: 2, issues: [{ code: 'cell_too_large', column: 'Notes' }] });
    expect(rows[0]?.cells.Notes).toHaveLength(100_000);
    expect(rows[1]).toMatchObject({ status: 'ok', line: 3, cells: { Name: 'Bob', Notes: 'short' } });
  });

  it('reports a quote that is never closed', async () => {
    const rows = await collect((await readCsv(upload('a,b\n1,2\n3,"never closed\n4,5\n'))).rows);
    expect(rows[1]).toMatchObject({ status: 'invalid', line: 3, issues: [{ code: 'unterminated_quote' }] });
  });

  it('keeps a column named __proto__ as an ordinary cell', async () => {
    const rows = await collect((await readCsv(upload('__proto__,constructor\nx,y\n'))).rows);
    expect(rows[0]?.cells.__proto__).toBe('x');
    expect(Object.keys(rows[0]?.cells ?? {})).toEqual(['__proto__', 'constructor']);
  });
});

describe('readCsv: headers', () => {
  it('names blank columns and numbers repeated ones', async () => {
    const source = await readCsv(upload('Email,,Email, email ,Name\na@x.com,1,b@x.com,c@x.com,Jo\n'));
    expect(source.headers).toEqual(['Email', 'Column 2', 'Email (2)', 'email (3)', 'Name']);
  });

  it("skips LinkedIn's Notes preamble before the header", async () => {
    const text =
      'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nJane,Doe,https://www.linkedin.com/in/janedoe,,Acme,CTO,05 Mar 2024\n';
    const source = await readCsv(upload(text));
    expect(source.headers[0]).toBe('First Name');
    expect(source.meta.skippedLines).toBe(3);
    expect(await collect(source.rows)).toMatchObject([{ status: 'ok', line: 5, cells: { Company: 'Acme' } }]);
  });

  it('keeps the header of a one-column file', async () => {
    const source = await readCsv(upload('Email\na@x.com\nb@x.com,extra\nc@x.com\n'));
    expect(source.headers).toEqual(['Email']);
  });
});

describe('readCsv: files that cannot be imported', () => {
  it.each([
    ['an empty file', ''],
    ['only whitespace', ' \r\n\n '],
    ['only a BOM', '\uFEFF'],
  ])('refuses %s as empty', async (_name, text) => {
    const error = await expectFileError(readCsv(upload(text)), 'empty_file');
    expect(error.message).toBe('The file is empty');
  });

  it('refuses a file with a header and no rows', async () => {
    const error = await expectFileError(readCsv(upload('First Name,Last Name,Email\r\n\r\n')), 'header_only');
    expect(error.message).toBe('The file has column names but no rows to import');
  });

  it.each([
    ['emails', 'jane@example.com,Jane,Doe\nbob@example.com,Bob,Smith\n'],
    ['numbers', '1,2,3\n4,5,6\n'],
    ['dates and amounts', '2024-03-05,1234.50\n2024-03-06,99\n'],
  ])('refuses a first row of %s: it is data, not column names', async (_name, text) => {
    const error = await expectFileError(readCsv(upload(text)), 'no_header');
    expect(error.message).toMatch(/^The first row looks like data \(for example ".+"\), not column names/);
  });
});

describe('readCsv: streaming', () => {
  it('yields the first rows before the upload has been read to the end', async () => {
    let finished = false;
    async function* slowUpload() {
      yield Buffer.from('Email,Name\n');
      for (let i = 0; i < 50_000; i++) yield Buffer.from(`user${i}@example.com,User ${i}\n`);
      finished = true;
    }
    const source = await readCsv(Readable.from(slowUpload()));
    const iterator = source.rows[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ status: 'ok', cells: { Email: 'user0@example.com' } });
    expect(finished).toBe(false);
    await source.close();
  });
});
