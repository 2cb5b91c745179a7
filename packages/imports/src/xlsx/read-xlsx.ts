import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileError, fileErrorReason } from '../file-errors';
import { emptyCells, type ByteSource, type ImportSource, type RowIssue, type SourceRow } from '../import-source';
import { bufferChunks } from '../internal/bytes';
import { checkHeaderRow } from '../internal/headers';
import { cellText } from './internal/cell-text';
import { createSharedStrings, type SharedStrings } from './internal/shared-strings';
import { defaultArchiveLimits, type ArchiveLimits } from './archive-limits';
import { inspectZip } from './internal/inspect-zip';
import { openWorkbookZip, type WorkbookZip } from './internal/workbook-zip';

export interface XlsxReadOptions {
  /** Where the upload is spooled (the zip directory sits at its end). Default: the OS temp dir. */
  tempDir?: string;
  /** Largest upload accepted, compressed. Default 200 MB. */
  maxFileBytes?: number;
  limits?: Partial<ArchiveLimits>;
  /** A longer cell makes its row invalid. Default 100,000 characters (Excel itself stops at 32,767). */
  maxCellChars?: number;
}

interface StreamedCell {
  value: unknown;
  numFmt?: string;
  col: number;
}

interface StreamedRow {
  number: number;
  eachCell(callback: (cell: StreamedCell, col: number) => void): void;
}

interface StreamedSheet extends AsyncIterable<StreamedRow> {
  name: string;
  /** From the workbook part: "hidden" and "veryHidden" tabs are not what the user sees. */
  state?: string;
  /** The sheet's XML, read when the rows are iterated. */
  iterator?: Readable;
}

/**
 * The part parsers of exceljs's WorkbookReader, fed here from yauzl instead
 * of exceljs's own front-to-back walk of the zip (`parse()`), which has two
 * races that cannot be fixed from outside:
 * - its zip iterator stops when unzipper's parser emits 'end', which it does
 *   on 'finish', before the entries still buffered in it are handed out; the
 *   last entry is lost now and then, and ExcelJS writes xl/workbook.xml last
 *   (about 1 open in 100: "Cannot read properties of undefined (reading 'sheets')");
 * - it copies every sheet to a temp file in the OS temp dir and opens a read
 *   stream on it asynchronously; a workbook let go early can see that file
 *   deleted first, and the stream's ENOENT has no listener: the process exits.
 * Read here, the small parts come first, then only the chosen sheet is
 * streamed straight from the spooled upload: no temp copies, no lost entry.
 */
interface WorkbookParts {
  model?: { sheets?: unknown[] };
  properties?: unknown;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>;
  _parseWorksheet(iterator: Readable | undefined, sheetNo: string): Generator<{ eventType: string; value: StreamedSheet }>;
}

const ignore = () => {};
const plainText = (text: unknown): string => cellText(text, false);
const worksheetPart = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const partParsers = ['_parseRels', '_parseWorkbook', '_parseStyles', '_parseSharedStrings', '_parseWorksheet'] as const;

/** The workbook's part parsers; exceljs is loaded on the first spreadsheet read, not with the server (it is large and most imports are CSV). */
async function workbookParts(path: string): Promise<WorkbookParts> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'emit', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const parts = reader as unknown as WorkbookParts;
  const missing = partParsers.filter((name) => typeof parts[name] !== 'function');
  if (missing.length > 0) throw new Error(`This exceljs version has no WorkbookReader.${missing.join(', ')}; the xlsx reader needs updating`);
  return parts;
}

/** Parses one part, if the workbook has it, and lets go of its stream (a parser may stop at the root's close tag). */
async function withPart(zip: WorkbookZip, name: string, parse: (stream: Readable) => Promise<void>): Promise<void> {
  const stream = await zip.open(name);
  if (!stream) return;
  try {
    await parse(stream);
  } finally {
    stream.on('error', ignore);
    stream.destroy();
  }
}

/**
 * The workbook's sheets in file order, not yet streamed: relations, sheet
 * names, styles (for date formats) and the shared strings, packed into
 * `strings`, are read first, so every string is known before a row.
 */
async function loadSheets(zip: WorkbookZip, parts: WorkbookParts, strings: SharedStrings): Promise<{ sheetNo: string; part: string; sheet: StreamedSheet }[]> {
  await withPart(zip, 'xl/_rels/workbook.xml.rels', (s) => parts._parseRels(s));
  await withPart(zip, 'xl/workbook.xml', (s) => parts._parseWorkbook(s));
  // exceljs assumes a workbook part; without one, sheets keep their default names ("Sheet1").
  parts.model ??= { sheets: [] };
  parts.properties ??= { model: {} };
  await withPart(zip, 'xl/styles.xml', (s) => parts._parseStyles(s));
  await withPart(zip, 'xl/sharedStrings.xml', async (s) => {
    for await (const { text } of parts._parseSharedStrings(s)) strings.add(plainText(text));
  });
  const sheets: { sheetNo: string; part: string; sheet: StreamedSheet }[] = [];
  for (const part of zip.names) {
    const sheetNo = worksheetPart.exec(part)?.[1];
    if (sheetNo === undefined) continue;
    for (const event of parts._parseWorksheet(undefined, sheetNo)) if (event.eventType === 'worksheet') sheets.push({ sheetNo, part, sheet: event.value });
  }
  return sheets;
}

const dateFormat = /[dmyhs]/i;
const isDateFormat = (format: string | undefined) => format !== undefined && dateFormat.test(format.replace(/"[^"]*"|\[[^\]]*\]/g, ''));

async function spool(input: ByteSource, path: string, maxBytes: number): Promise<void> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(fileError('file_too_large', `The workbook is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, { maxBytes }));
        return;
      }
      callback(null, chunk);
    },
  });
  await pipeline(bufferChunks(input), counter, createWriteStream(path));
}

/**
 * A sheet whose XML breaks is a file problem with a reason, not a crash of
 * the import. System errors (a full disk while exceljs spools a sheet) stay
 * what they are: operational, worth a retry.
 */
function unreadable(error: unknown, afterLine: number): Error {
  if (error instanceof Error && fileErrorReason(error)) return error;
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string') return error;
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 200);
  const where = afterLine > 0 ? `after row ${afterLine}` : 'from its start';
  return fileError('invalid_archive', `The worksheet cannot be read ${where}: ${reason}`, { line: afterLine }, error);
}

function rowCells(row: StreamedRow, strings: SharedStrings): Map<number, string> {
  const lookup = (index: number) => strings.get(index);
  const cells = new Map<number, string>();
  row.eachCell((cell, col) => {
    // exceljs turns date-formatted numbers into Dates itself, except a formula's cached result.
    const formula = typeof cell.value === 'object' && cell.value !== null && ('formula' in cell.value || 'sharedFormula' in cell.value);
    const text = cellText(cell.value, formula && isDateFormat(cell.numFmt), lookup);
    if (text !== '') cells.set(col, text);
  });
  return cells;
}

function toSourceRow(line: number, values: Map<number, string>, headers: string[], maxCellChars: number): SourceRow {
  const cells = emptyCells();
  for (const header of headers) cells[header] = '';
  const issues: RowIssue[] = [];
  for (const [col, text] of values) {
    const header = headers[col - 1];
    if (!header) {
      issues.push({ code: 'value_without_header', message: `Column ${col} has a value but no column name in the first row` });
      continue;
    }
    if (text.length > maxCellChars) {
      cells[header] = text.slice(0, maxCellChars);
      issues.push({ code: 'cell_too_large', message: `The value in column "${header}" is longer than ${maxCellChars.toLocaleString('en')} characters`, column: header });
    } else {
      cells[header] = text;
    }
  }
  return issues.length > 0 ? { status: 'invalid', line, cells, issues } : { status: 'ok', line, cells };
}

/**
 * Opens an .xlsx upload: spools it to a temp file, inspects the zip before
 * parsing (see `inspectZip`), then streams the first visible worksheet
 * straight from it with exceljs's part parsers (see `WorkbookParts`). Values are text: numbers without float noise,
 * dates as ISO, formulas as their cached result, booleans as "true"/"false".
 *
 * @example
 * const source = await readXlsx(upload, { tempDir: config.importTempDir });
 * try { for await (const row of source.rows) ... } finally { await source.close(); }
 */
export async function readXlsx(input: ByteSource, options: XlsxReadOptions = {}): Promise<ImportSource> {
  const limits = { ...defaultArchiveLimits, ...options.limits };
  const maxCellChars = options.maxCellChars ?? 100_000;
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'nexus-import-'));
  const path = join(dir, 'upload.xlsx');
  let closed = false;
  let zip: WorkbookZip | undefined;
  let sheetStream: Readable | undefined;
  let rowIterator: AsyncIterator<StreamedRow> | undefined;
  const close = async () => {
    if (closed) return;
    closed = true;
    // Whatever the sheet stream says after this (a read cut short) is of no interest; it must not go unheard.
    sheetStream?.on('error', ignore);
    sheetStream?.destroy();
    await rowIterator?.return?.().catch(ignore);
    zip?.close();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await spool(input, path, options.maxFileBytes ?? 200 * 1024 * 1024);
    const entries = await inspectZip(path, limits);
    if (!entries.some((e) => worksheetPart.test(e.name))) throw fileError('no_worksheet', 'The workbook has no worksheet');

    const archive = await openWorkbookZip(path);
    zip = archive;
    const strings = createSharedStrings();
    // A reader that cannot load is the server's fault, not the file's: only the parse is blamed on the file.
    const parts = await workbookParts(path);
    const sheets = await loadSheets(archive, parts, strings).catch((error: unknown) => Promise.reject(unreadable(error, 0)));

    // The first sheet that is not hidden, in file order (sheet1.xml is the first tab in files Excel writes).
    const visible = sheets.find(({ sheet }) => sheet.state !== 'hidden' && sheet.state !== 'veryHidden');
    if (!visible) throw fileError('no_worksheet', 'The workbook has no visible worksheet');
    const sheet = visible.sheet;
    sheetStream = await archive.open(visible.part).catch((error: unknown) => Promise.reject(unreadable(error, 0)));
    sheet.iterator = sheetStream;
    const sheetName = sheet.name;
    const sheetRows = sheet[Symbol.asyncIterator]();
    rowIterator = sheetRows;
    const nextRow = (afterLine: number) => sheetRows.next().catch((error: unknown) => Promise.reject(unreadable(error, afterLine)));

    let headers: string[] | undefined;
    let first: SourceRow | undefined;
    while (!first) {
      const next = await nextRow(0);
      if (next.done) break;
      const values = rowCells(next.value, strings);
      if (values.size === 0) continue;
      if (!headers) {
        const width = Math.max(...values.keys());
        const raw = Array.from({ length: width }, (_, i) => values.get(i + 1) ?? '');
        headers = checkHeaderRow(raw);
        continue;
      }
      first = toSourceRow(next.value.number, values, headers, maxCellChars);
    }
    if (!headers) throw fileError('empty_file', `The worksheet "${sheetName}" is empty`);
    if (!first) throw fileError('header_only', 'The worksheet has column names but no rows to import', { headers });
    const columns = headers;
    const firstRow = first;

    async function* rows(): AsyncGenerator<SourceRow> {
      let line = firstRow.line;
      try {
        // A source closed before its rows were read has none left to give.
        if (closed) return;
        yield firstRow;
        for (;;) {
          const next = await nextRow(line);
          if (next.done) return;
          line = next.value.number;
          const values = rowCells(next.value, strings);
          if (values.size > 0) yield toSourceRow(line, values, columns, maxCellChars);
        }
      } finally {
        await close();
      }
    }
    return { format: 'xlsx', headers, rows: rows(), meta: { sheetName }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
