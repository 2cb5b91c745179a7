import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { fileError, fileErrorReason } from '../file-errors';
import { emptyCells, type ByteSource, type ImportSource, type RowIssue, type SourceRow } from '../import-source';
import { bufferChunks } from '../internal/bytes';
import { checkHeaderRow } from '../internal/headers';
import { cellText } from './internal/cell-text';
import { createSharedStrings, type SharedStrings } from './internal/shared-strings';
import { defaultArchiveLimits, type ArchiveLimits } from './archive-limits';
import { inspectZip } from './internal/inspect-zip';

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
  /** The sheet's temp-file stream (exceljs spools every sheet in 'emit' mode). */
  iterator?: { destroy?: () => void };
}

/**
 * exceljs deletes a sheet's temp copy only when the next sheet is asked for,
 * so the workbook is run to its end, no sheet parsed, each temp stream closed.
 * Errors are ignored: the workbook is being let go either way.
 */
async function finishWorkbook(sheets: AsyncGenerator<StreamedSheet>, current: StreamedSheet | undefined): Promise<void> {
  current?.iterator?.destroy?.();
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) next.value.iterator?.destroy?.();
  } catch {
    // Nothing left to read from a workbook that is being closed.
  }
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

/** What exceljs's `parse()` yields: sheets, and (with `sharedStrings: 'emit'`) each shared string. */
type ParseEvent = { eventType: 'worksheet'; value: StreamedSheet } | { eventType?: undefined; index: number; text: unknown } | { eventType: string; value?: unknown };

const plainText = (text: unknown): string => cellText(text, false);

/**
 * The worksheets of the workbook, shared strings packed into `strings` on
 * the way: in 'emit' mode exceljs spools each sheet to a temp file and
 * parses it after the string table, so every string is known before a row.
 */
async function* worksheets(reader: ExcelJS.stream.xlsx.WorkbookReader, strings: SharedStrings): AsyncGenerator<StreamedSheet> {
  for await (const event of { [Symbol.asyncIterator]: () => reader.parse() as AsyncIterator<ParseEvent> }) {
    if (event.eventType === undefined && 'index' in event) strings.add(plainText(event.text));
    else if (event.eventType === 'worksheet') yield event.value as StreamedSheet;
  }
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
 * parsing (see `inspectZip`), then streams the first visible worksheet with
 * exceljs's WorkbookReader. Values are text: numbers without float noise,
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
  let reader: ExcelJS.stream.xlsx.WorkbookReader | undefined;
  let sheetIterator: AsyncGenerator<StreamedSheet> | undefined;
  let sheet: StreamedSheet | undefined;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (sheetIterator) await finishWorkbook(sheetIterator, sheet);
    (reader as unknown as { stream?: { destroy(): void } } | undefined)?.stream?.destroy();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await spool(input, path, options.maxFileBytes ?? 200 * 1024 * 1024);
    const entries = await inspectZip(path, limits);
    const sheetNumbers = entries.map((e) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name)?.[1]).filter((n): n is string => n !== undefined);
    if (sheetNumbers.length === 0) throw fileError('no_worksheet', 'The workbook has no worksheet');

    reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'emit', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    const strings = createSharedStrings();
    const sheets = worksheets(reader, strings);
    sheetIterator = sheets;
    const nextSheet = () => sheets.next().catch((error: unknown) => Promise.reject(unreadable(error, 0)));

    // The first sheet that is not hidden, in file order (sheet1.xml is the first tab in files Excel writes).
    for (;;) {
      const next = await nextSheet();
      if (next.done) break;
      if (next.value.state !== 'hidden' && next.value.state !== 'veryHidden') {
        sheet = next.value;
        break;
      }
      // Drain the hidden sheet: the zip is read in order, the next sheet comes after it.
      try {
        for await (const _row of next.value) {
          // Rows of a hidden sheet are skipped.
        }
      } catch (error) {
        throw unreadable(error, 0);
      }
    }
    if (!sheet) throw fileError('no_worksheet', 'The workbook has no visible worksheet');
    const sheetName = sheet.name;
    const rowIterator = sheet[Symbol.asyncIterator]();
    const nextRow = (afterLine: number) => rowIterator.next().catch((error: unknown) => Promise.reject(unreadable(error, afterLine)));

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
