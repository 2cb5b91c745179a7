import iconv from 'iconv-lite';
import { readCsv, type CsvReadOptions } from './csv/read-csv';
import { fileError } from './file-errors';
import type { ByteSource, ImportFormat, ImportSource } from './import-source';
import { peekBytes } from './internal/bytes';
import { detectEncoding } from './internal/decode-text';
import { readJson, type JsonReadOptions } from './json/read-json';
import { readVcard, type VcardReadOptions } from './vcard/read-vcard';
import { readXlsx, type XlsxReadOptions } from './xlsx/read-xlsx';

export interface OpenImportFileOptions {
  /** Skips detection. */
  format?: ImportFormat;
  /** The upload's file name; its extension is a hint. */
  filename?: string;
  /** The upload's media type; a hint after the extension. */
  contentType?: string;
  csv?: CsvReadOptions;
  xlsx?: XlsxReadOptions;
  vcard?: VcardReadOptions;
  json?: JsonReadOptions;
}

const byExtension: Record<string, ImportFormat> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  vcf: 'vcard',
  vcard: 'vcard',
  json: 'json',
  ndjson: 'json',
  jsonl: 'json',
};

const byMediaType: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/vcard': 'vcard',
  'text/x-vcard': 'vcard',
  'text/directory': 'vcard',
  'application/json': 'json',
  'application/x-ndjson': 'json',
  'application/jsonl': 'json',
};

/**
 * Decides the format from the bytes first (a zip is a workbook whatever its
 * name), then the file name, the media type, and finally the text itself.
 */
export function detectFormat(head: Buffer, hints: { filename?: string | undefined; contentType?: string | undefined }): ImportFormat {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw fileError('unsupported_format', 'Old Excel files (.xls) cannot be imported; save the sheet as .xlsx or CSV', { format: 'xls' });
  }
  const extension = /\.([a-z0-9]+)$/i.exec(hints.filename ?? '')?.[1]?.toLowerCase();
  const fromName = extension ? byExtension[extension] : undefined;
  if (fromName === 'xlsx') throw fileError('invalid_archive', 'The file is named .xlsx but is not a workbook');
  if (fromName) return fromName;
  const mediaType = hints.contentType?.split(';')[0]?.trim().toLowerCase();
  const fromType = mediaType ? byMediaType[mediaType] : undefined;
  if (fromType && fromType !== 'xlsx') return fromType;
  const text = iconv.decode(head, detectEncoding(head)).replace(/^\uFEFF/, '').trimStart();
  if (/^BEGIN:VCARD/i.test(text)) return 'vcard';
  if (text.startsWith('[') || text.startsWith('{')) return 'json';
  return 'csv';
}

/**
 * Opens any supported upload — CSV, .xlsx, vCard or JSON — and returns its
 * headers and a stream of rows. Throws a 400 `validation_failed` AppError
 * (with `details.reason`) for a file that cannot be imported at all; bad
 * rows come through as `invalid` rows. Call `close()` when done, also on
 * errors, to release temp files.
 *
 * @example
 * const source = await openImportFile(part.file, { filename: part.filename, contentType: part.mimetype });
 * const { mapping } = suggestMapping(source.headers, 'contacts', { customFields });
 */
export async function openImportFile(input: ByteSource, options: OpenImportFileOptions = {}): Promise<ImportSource> {
  const { head, all } = await peekBytes(input, 4096);
  const format = options.format ?? detectFormat(head, options);
  switch (format) {
    case 'csv':
      return readCsv(all, options.csv);
    case 'xlsx':
      return readXlsx(all, options.xlsx);
    case 'vcard':
      return readVcard(all, options.vcard);
    case 'json':
      return readJson(all, options.json);
  }
}
