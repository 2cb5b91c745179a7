import { Readable } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import { fileErrorReason, type FileErrorReason } from './file-errors';
import type { SourceRow } from './import-source';

/** A Readable that hands over `data` in chunks of `chunkSize` bytes, to cross every boundary. */
export function upload(data: Buffer | string, chunkSize = 64 * 1024): Readable {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  return Readable.from(chunks());
}

export async function collect(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const result: SourceRow[] = [];
  for await (const row of rows) result.push(row);
  return result;
}

/** Plain cells of ok rows, for compact assertions. */
export function okCells(rows: SourceRow[]): Record<string, string>[] {
  return rows.filter((r) => r.status === 'ok').map((r) => ({ ...r.cells }));
}

export async function expectFileError(promise: Promise<unknown>, reason: FileErrorReason): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a "${reason}" file error`).toBeInstanceOf(Error);
  expect(fileErrorReason(error), (error as Error).message).toBe(reason);
  return error as Error;
}

export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  /** Default deflate. */
  store?: boolean;
  /** Lie in the headers about the uncompressed size. */
  declaredSize?: number;
  encrypted?: boolean;
}

/**
 * A minimal zip writer (local headers, central directory, end record), so
 * tests can build archives no well-behaved tool would write: bombs, lying
 * sizes, unsafe names, hidden bytes between entries.
 */
export function buildZip(entries: ZipEntrySpec[], options: { junkBetweenEntries?: Buffer } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  entries.forEach((entry, index) => {
    const name = Buffer.from(entry.name, 'utf8');
    const body = entry.store ? entry.data : deflateRawSync(entry.data);
    const crc = crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const flags = 0x0800 | (entry.encrypted ? 0x0001 : 0);
    const method = entry.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
    if (options.junkBetweenEntries && index < entries.length - 1) {
      locals.push(options.junkBetweenEntries);
      offset += options.junkBetweenEntries.length;
    }
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts every workbook has, with a one-row sheet, for archives built by hand. */
export function minimalWorkbookEntries(): ZipEntrySpec[] {
  const xml = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);
  return [
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    },
    {
      name: 'xl/workbook.xml',
      data: xml('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: xml(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>jane@example.com</t></is></c></row></sheetData></worksheet>',
      ),
    },
  ];
}
