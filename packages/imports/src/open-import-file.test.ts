import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectFormat, openImportFile } from './open-import-file';
import { collect, expectFileError, okCells, upload } from './test-support';

describe('openImportFile', () => {
  it('knows a workbook by its bytes, whatever it is called', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('S');
    sheet.addRow(['Email']);
    sheet.addRow(['jane@example.com']);
    const source = await openImportFile(upload(Buffer.from(await book.xlsx.writeBuffer())), { filename: 'contacts.csv' });
    expect(source.format).toBe('xlsx');
    expect(okCells(await collect(source.rows))).toEqual([{ Email: 'jane@example.com' }]);
  });

  it('tells vCard, JSON and CSV apart from their text when nothing else says', async () => {
    expect((await openImportFile(upload('\uFEFF  BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n'))).format).toBe('vcard');
    expect((await openImportFile(upload('[{"email":"a@x.com"}]'))).format).toBe('json');
    expect((await openImportFile(upload('{"email":"a@x.com"}\n'))).format).toBe('json');
    expect((await openImportFile(upload('Email\na@x.com\n'))).format).toBe('csv');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n', 'utf-16le')]);
    expect((await openImportFile(upload(utf16))).format).toBe('vcard');
  });

  it('follows the file name, then the media type', () => {
    expect(detectFormat(Buffer.from('a,b'), { filename: 'people.vcf' })).toBe('vcard');
    expect(detectFormat(Buffer.from('a,b'), { filename: 'upload', contentType: 'application/x-ndjson; charset=utf-8' })).toBe('json');
  });

  it('refuses old binary Excel files with a way out', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const error = await expectFileError(openImportFile(upload(xls), { filename: 'contacts.xls' }), 'unsupported_format');
    expect(error.message).toBe('Old Excel files (.xls) cannot be imported; save the sheet as .xlsx or CSV');
  });
});
