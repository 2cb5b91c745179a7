import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openImportFile } from '../open-import-file';
import { buildZip, collect, expectFileError, minimalWorkbookEntries, okCells, upload } from '../test-support';
import { readXlsx } from './read-xlsx';

async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  build(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('readXlsx: values', () => {
  it('reads the first sheet as text: numbers without float noise, dates as ISO, formulas as their cached result', async () => {
    const file = await workbook((book) => {
      const sheet = book.addWorksheet('Contacts');
      sheet.addRow(['Name', 'Phone', 'Score', 'Born', 'Met at', 'Active', 'Double', 'Company', 'Site', 'Broken']);
      sheet.addRow([
        'Jane',
        4915112345678,
        0.1 + 0.2,
        new Date(Date.UTC(1980, 0, 2)),
        new Date(Date.UTC(2024, 2, 5, 14, 30)),
        true,
        { formula: 'C2*2', result: 0.6 },
        { richText: [{ text: 'Big ', font: { bold: true } }, { text: 'Corp' }] },
        { text: 'Acme site', hyperlink: 'https://acme.example' },
        { error: '#N/A' },
      ]);
      sheet.addRow(['Bob', '+1 555 0100', 7, null, { formula: 'D2+1', result: 29223 }, false, { formula: 'NOW()', result: undefined }, 'Acme', null, null]);
      sheet.getCell('E3').numFmt = 'yyyy-mm-dd';
    });
    const source = await readXlsx(upload(file));
    expect(source.headers).toEqual(['Name', 'Phone', 'Score', 'Born', 'Met at', 'Active', 'Double', 'Company', 'Site', 'Broken']);
    expect(source.meta.sheetName).toBe('Contacts');
    const rows = await collect(source.rows);
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
    expect(okCells(rows)).toEqual([
      { Name: 'Jane', Phone: '4915112345678', Score: '0.3', Born: '1980-01-02', 'Met at': '2024-03-05T14:30:00Z', Active: 'true', Double: '0.6', Company: 'Big Corp', Site: 'Acme site', Broken: '' },
      { Name: 'Bob', Phone: '+1 555 0100', Score: '7', Born: '', 'Met at': '1980-01-03', Active: 'false', Double: '', Company: 'Acme', Site: '', Broken: '' },
    ]);
  });

  it('reads the first visible tab, skipping a hidden one before it', async () => {
    const file = await workbook((book) => {
      const hidden = book.addWorksheet('Lookup', { state: 'hidden' });
      hidden.addRow(['Code']);
      hidden.addRow(['X1']);
      const visible = book.addWorksheet('People');
      visible.addRow(['Email']);
      visible.addRow(['jane@example.com']);
    });
    const source = await readXlsx(upload(file));
    expect(source.meta.sheetName).toBe('People');
    expect(okCells(await collect(source.rows))).toEqual([{ Email: 'jane@example.com' }]);
  });

  it('skips empty rows and reports a value in a column without a name', async () => {
    const file = await workbook((book) => {
      const sheet = book.addWorksheet('S');
      sheet.addRow(['Email', 'Name']);
      sheet.addRow([]);
      sheet.addRow(['a@x.com', 'A']);
      sheet.getCell('D4').value = 'stray';
      sheet.getCell('A4').value = 'b@x.com';
    });
    const rows = await collect((await readXlsx(upload(file))).rows);
    expect(rows).toMatchObject([
      { status: 'ok', line: 3 },
      { status: 'invalid', line: 4, issues: [{ code: 'value_without_header', message: 'Column 4 has a value but no column name in the first row' }] },
    ]);
  });

  it('stops with a precise error where the sheet XML breaks, after the rows before it', async () => {
    const row = (n: number) => `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>${n === 1 ? 'Email' : `user${n}@example.com`}</t></is></c></row>`;
    const brokenSheet = (rows: number) => {
      const entries = minimalWorkbookEntries();
      const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml');
      if (sheet) {
        const body = Array.from({ length: rows }, (_, i) => row(i + 1)).join('');
        sheet.data = Buffer.from(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}<row r="${rows + 1}"><c r="A1"></row></sheetData></worksheet>`);
      }
      return buildZip(entries);
    };

    const source = await readXlsx(upload(brokenSheet(5_000)));
    let last = 0;
    const error = await expectFileError(
      (async () => {
        for await (const r of source.rows) last = r.line;
      })(),
      'invalid_archive',
    );
    expect(last).toBeGreaterThan(1);
    expect(last).toBeLessThan(5_000);
    expect(error.message).toMatch(new RegExp(`^The worksheet cannot be read after row ${last}: .*unexpected close tag`));

    const early = await expectFileError(readXlsx(upload(brokenSheet(3))), 'invalid_archive');
    expect(early.message).toMatch(/^The worksheet cannot be read from its start: /);
  });

  it('refuses a sheet with column names and no rows, and an empty sheet', async () => {
    const headerOnly = await workbook((book) => book.addWorksheet('S').addRow(['Email', 'Name']));
    await expectFileError(readXlsx(upload(headerOnly)), 'header_only');
    const empty = await workbook((book) => book.addWorksheet('Empty'));
    await expectFileError(readXlsx(upload(empty)), 'empty_file');
  });
});

describe('readXlsx: temp files', () => {
  /** exceljs spools each sheet to `tmp-<pid>-…` in the OS temp dir; ours go to `tempDir`. */
  const sheetCopies = async () => (await readdir(tmpdir())).filter((name) => name.startsWith(`tmp-${process.pid}-`));

  it('leaves no temp file behind when the rows are read to the end', async () => {
    const tempDir = await mkdtemp(join(tmpdir(), 'imports-test-'));
    try {
      const file = await workbook((book) => {
        book.addWorksheet('Hidden', { state: 'hidden' }).addRow(['x']);
        const sheet = book.addWorksheet('People');
        sheet.addRow(['Email']);
        for (let i = 0; i < 50; i++) sheet.addRow([`user${i}@example.com`]);
        book.addWorksheet('Later').addRow(['y']);
      });
      const read = await readXlsx(upload(file), { tempDir });
      expect(await collect(read.rows)).toHaveLength(50);
      await expectFileError(readXlsx(upload(await workbook((book) => book.addWorksheet('S').addRow(['Email']))), { tempDir }), 'header_only');
      expect(await readdir(tempDir)).toEqual([]);
      expect(await sheetCopies()).toEqual([]);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });
});

describe('readXlsx: opened and let go many times', () => {
  const sheetCopies = async () => (await readdir(tmpdir())).filter((name) => name.startsWith(`tmp-${process.pid}-`));

  // Both failures were timing races inside exceljs's own walk of the zip, about 1 open in 100 each: a sheet copy
  // opened after it was deleted (an uncaught ENOENT that ends the process) and a lost xl/workbook.xml
  // ("Cannot read properties of undefined (reading 'sheets')"). So: many opens, closed early and read to the end.
  it('never loses a part nor throws outside a promise, closed early or read to the end', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const tempDir = await mkdtemp(join(tmpdir(), 'imports-test-'));
    try {
      const file = await workbook((book) => {
        const sheet = book.addWorksheet('People');
        sheet.addRow(['Email']);
        for (let i = 0; i < 50; i++) sheet.addRow([`user${i}@example.com`]);
        book.addWorksheet('Later').addRow(['y']);
        book.addWorksheet('Last').addRow(['z']);
      });
      const failures: string[] = [];
      for (let i = 0; i < 200; i++) {
        try {
          const source = await readXlsx(upload(file), { tempDir });
          expect(source.meta.sheetName).toBe('People');
          let read = 0;
          for await (const _row of source.rows) if (++read === 20 && i % 2 === 0) break;
          await source.close();
          expect(read).toBe(i % 2 === 0 ? 20 : 50);
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
      // A stream's late error is emitted on a later turn of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(failures).toEqual([]);
      expect(uncaught).toEqual([]);
      expect(await readdir(tempDir)).toEqual([]);
      expect(await sheetCopies()).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await rm(tempDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('closes a source whose rows were never read, and closing twice is harmless', async () => {
    const tempDir = await mkdtemp(join(tmpdir(), 'imports-test-'));
    try {
      const file = await workbook((book) => {
        const sheet = book.addWorksheet('People');
        sheet.addRow(['Email']);
        for (let i = 0; i < 50; i++) sheet.addRow([`user${i}@example.com`]);
        book.addWorksheet('Later').addRow(['y']);
      });
      const source = await readXlsx(upload(file), { tempDir });
      await source.close();
      await source.close();
      expect(await collect(source.rows)).toEqual([]);
      expect(await readdir(tempDir)).toEqual([]);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it('reads a workbook without a workbook part, under default sheet names', async () => {
    const entries = minimalWorkbookEntries().filter((e) => e.name !== 'xl/workbook.xml');
    const source = await readXlsx(upload(buildZip(entries)));
    expect(source.meta.sheetName).toBe('Sheet1');
    expect(okCells(await collect(source.rows))).toEqual([{ Email: 'jane@example.com' }]);
  });
});

describe('readXlsx: archives refused before parsing', () => {
  it('refuses a zip bomb: an entry of zeros that expands a thousandfold', async () => {
    const entries = minimalWorkbookEntries();
    entries.push({ name: 'xl/media/bomb.bin', data: Buffer.alloc(20 * 1024 * 1024) });
    const bomb = buildZip(entries);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const error = await expectFileError(readXlsx(upload(bomb)), 'archive_ratio_too_high');
    expect(error.message).toMatch(/^The workbook entry "xl\/media\/bomb.bin" expands [\d,]+ times \(at most 100 allowed\); the file looks like a zip bomb$/);
  });

  it('refuses an archive whose directory lies about the size it expands to', async () => {
    const entries = minimalWorkbookEntries();
    entries.push({ name: 'xl/media/liar.bin', data: Buffer.alloc(5 * 1024 * 1024), declaredSize: 1000 });
    const error = await expectFileError(readXlsx(upload(buildZip(entries))), 'invalid_archive');
    expect(error.message).toBe('The workbook is damaged: an entry does not match its declared size');
  });

  it('refuses an archive larger than the uncompressed limit', async () => {
    const file = await workbook((book) => {
      const sheet = book.addWorksheet('S');
      sheet.addRow(['Email']);
      for (let i = 0; i < 200; i++) sheet.addRow([`user${i}@example.com`]);
    });
    await expectFileError(readXlsx(upload(file), { limits: { maxUncompressedBytes: 10_000 } }), 'archive_too_large');
  });

  it('refuses an archive with too many entries', async () => {
    const entries = [...minimalWorkbookEntries(), ...Array.from({ length: 20 }, (_, i) => ({ name: `xl/media/image${i}.png`, data: Buffer.from('x') }))];
    await expectFileError(readXlsx(upload(buildZip(entries)), { limits: { maxEntries: 10 } }), 'archive_too_many_entries');
  });

  it.each([
    ['climbs out with ..', '../../etc/cron.d/evil'],
    ['is absolute', '/etc/passwd'],
    ['uses backslashes', 'xl\\..\\..\\evil.xml'],
    ['has a drive letter', 'C:/Windows/evil.dll'],
  ])('refuses an entry name that %s', async (_what, name) => {
    const entries = [...minimalWorkbookEntries(), { name, data: Buffer.from('x') }];
    const error = await expectFileError(readXlsx(upload(buildZip(entries))), 'archive_unsafe_name');
    expect(error.message).toContain(name);
  });

  it('refuses a nested archive', async () => {
    const inner = buildZip([{ name: 'a.txt', data: Buffer.from('a') }]);
    const entries = [...minimalWorkbookEntries(), { name: 'xl/embeddings/inner.zip', data: inner }];
    await expectFileError(readXlsx(upload(buildZip(entries))), 'archive_nested');
  });

  it('refuses bytes hidden between entries, which a sequential reader would see and the directory does not list', async () => {
    const hidden = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('hidden.xml'), deflateRawSync(Buffer.alloc(1000))]);
    const error = await expectFileError(readXlsx(upload(buildZip(minimalWorkbookEntries(), { junkBetweenEntries: hidden }))), 'invalid_archive');
    expect(error.message).toBe('The workbook is damaged or crafted: it holds data its zip directory does not list');
  });

  it('refuses a password-protected archive', async () => {
    const entries = minimalWorkbookEntries().map((e, i) => (i === 4 ? { ...e, encrypted: true } : e));
    await expectFileError(readXlsx(upload(buildZip(entries))), 'archive_encrypted');
  });

  it('refuses an upload over the size limit while spooling it', async () => {
    const file = await workbook((book) => {
      const sheet = book.addWorksheet('S');
      sheet.addRow(['Email']);
      sheet.addRow(['a@x.com']);
    });
    await expectFileError(readXlsx(upload(file, 100), { maxFileBytes: 1_000 }), 'file_too_large');
  });

  it('refuses a file that is not a zip', async () => {
    await expectFileError(readXlsx(upload('Email\na@x.com\n')), 'invalid_archive');
    await expectFileError(openImportFile(upload('Email\na@x.com\n'), { filename: 'contacts.xlsx' }), 'invalid_archive');
  });

  it('reads a well-formed archive built by hand', async () => {
    const source = await readXlsx(upload(buildZip(minimalWorkbookEntries())));
    expect(okCells(await collect(source.rows))).toEqual([{ Email: 'jane@example.com' }]);
  });
});
