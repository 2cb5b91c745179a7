import { fileError } from '../file-errors';
import { emptyCells, type ByteSource, type ImportSource, type RowIssue, type SourceRow } from '../import-source';
import { decodeText } from '../internal/decode-text';
import { checkHeaderRow, maxColumns } from '../internal/headers';
import { createCsvTokenizer, type RawRecord } from './internal/csv-tokenizer';
import { excelSeparatorHint, sniffDelimiter } from './internal/sniff-delimiter';

export interface CsvReadOptions {
  /** Overrides detection (BOM, then UTF-8, then chardet). An iconv-lite name: "utf-8", "windows-1252", "utf-16le". */
  encoding?: string;
  /** Overrides detection among , ; TAB |. */
  delimiter?: string;
  /** A longer cell makes its row invalid ("cell too large"); the file goes on. Default 100,000 characters. */
  maxCellChars?: number;
  /** A longer row is invalid. Default 1,000,000 characters. */
  maxRowChars?: number;
}

/** Characters of decoded text the delimiter is guessed from. */
const sampleChars = 64 * 1024;
/** A preamble (LinkedIn's "Notes:") is at most this many single-cell records. */
const maxPreambleRecords = 5;

const prose = (text: string) => text.trim().endsWith(':') || text.trim().split(/\s+/).length >= 4;

/**
 * LinkedIn's Connections.csv starts with a "Notes:" paragraph and a blank
 * line before its header. Leading single-cell records are skipped only when
 * one of them reads like prose and the next two records agree on a width,
 * so a one-column file keeps its header.
 */
function preambleLength(records: RawRecord[]): number {
  let skip = 0;
  while (skip < records.length && skip < maxPreambleRecords && records[skip]?.cellCount === 1) skip++;
  const header = records[skip];
  const next = records[skip + 1];
  if (skip === 0 || !header || header.cellCount < 2) return 0;
  if (next && next.cellCount !== header.cellCount) return 0;
  return records.slice(0, skip).some((r) => prose(r.cells[0] ?? '')) ? skip : 0;
}

const plural = (count: number, noun: string) => `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;

/** Blank lines and rows of nothing but delimiters (",,,," at the end of Excel exports) are skipped. */
function isEmpty(record: RawRecord): boolean {
  if (record.blank) return true;
  if (record.unterminatedQuote || record.oversizedRecord || record.oversizedCells.length > 0 || record.cellCount !== record.cells.length) return false;
  return record.cells.every((c) => c.trim() === '');
}

function dataRow(record: RawRecord, headers: string[], maxCellChars: number): SourceRow {
  const cells = emptyCells();
  headers.forEach((header, i) => {
    cells[header] = record.cells[i] ?? '';
  });
  const issues: RowIssue[] = [];
  if (record.unterminatedQuote) {
    issues.push({ code: 'unterminated_quote', message: `A quoted value starting on line ${record.line} is never closed, so the rest of the file was read into it` });
  }
  for (const index of record.oversizedCells) {
    const column = headers[index];
    issues.push({
      code: 'cell_too_large',
      message: `The value in column "${column ?? index + 1}" is longer than ${maxCellChars.toLocaleString('en')} characters`,
      ...(column ? { column } : {}),
    });
  }
  if (record.oversizedRecord) issues.push({ code: 'row_too_large', message: 'The row is too large to import' });
  // Trailing empty cells (a delimiter at the end of the line) are common and harmless; cells dropped past the column limit are not.
  const extraFilled = record.cells.slice(headers.length).some((c) => c.trim() !== '') || record.cellCount > Math.max(record.cells.length, headers.length);
  const tooFew = record.cellCount < headers.length && !record.unterminatedQuote && !record.oversizedRecord;
  if (tooFew || (record.cellCount > headers.length && extraFilled)) {
    issues.push({ code: 'ragged_row', message: `The row has ${plural(record.cellCount, 'value')} but the header has ${plural(headers.length, 'column')}` });
  }
  return issues.length > 0 ? { status: 'invalid', line: record.line, cells, issues } : { status: 'ok', line: record.line, cells };
}

async function readHeader(iterator: AsyncIterator<RawRecord>) {
  const head: RawRecord[] = [];
  while (head.length < maxPreambleRecords + 2) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
  }
  const skipped = preambleLength(head);
  const headerRecord = head[skipped];
  if (!headerRecord) throw fileError('empty_file', 'The file has no rows');
  const headers = checkHeaderRow(headerRecord.cells, { cellCount: headerRecord.cellCount, oversized: headerRecord.oversizedCells.length > 0 });
  const buffered = head.slice(skipped + 1);
  if (buffered.length === 0) {
    const next = await iterator.next();
    if (next.done) throw fileError('header_only', 'The file has column names but no rows to import', { headers });
    buffered.push(next.value);
  }
  return { headers, buffered, headerRecord, skipped };
}

/**
 * Opens a CSV upload: detects encoding and delimiter, finds the header and
 * checks that at least one data row follows, then streams the rows. Whole-file
 * problems (empty, no header, header only) throw a `validation_failed`
 * AppError with `details.reason`; a bad row is an `invalid` row, never a throw.
 *
 * @example
 * const source = await readCsv(fs.createReadStream('contacts.csv'));
 * for await (const row of source.rows) if (row.status === 'ok') console.log(row.line, row.cells.Email);
 */
export async function readCsv(input: ByteSource, options: CsvReadOptions = {}): Promise<ImportSource> {
  const maxCellChars = options.maxCellChars ?? 100_000;
  const maxRowChars = options.maxRowChars ?? 1_000_000;
  const decoded = await decodeText(input, { encoding: options.encoding });
  const text = decoded.chunks[Symbol.asyncIterator]();

  let sample = '';
  let exhausted = false;
  while (sample.length < sampleChars) {
    const next = await text.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    sample += next.value;
  }
  sample = sample.replace(/^\uFEFF/, '');
  if (sample.trim() === '') {
    await text.return?.(undefined);
    throw fileError('empty_file', 'The file is empty');
  }

  const hint = options.delimiter === undefined ? excelSeparatorHint(sample) : undefined;
  const delimiter = options.delimiter ?? hint?.delimiter ?? sniffDelimiter(sample, exhausted);
  const tokenizer = createCsvTokenizer({ delimiter, maxCellChars, maxRecordChars: maxRowChars, maxCells: maxColumns + 1 });

  async function* records(): AsyncGenerator<RawRecord> {
    let first = true;
    const feed = function* (batch: RawRecord[]) {
      for (const record of batch) {
        // The `sep=;` line is an instruction, not data.
        if (first && hint && record.line === 1) continue;
        first = false;
        if (!isEmpty(record)) yield record;
      }
    };
    yield* feed(tokenizer.push(sample));
    sample = '';
    while (!exhausted) {
      const next = await text.next();
      if (next.done) break;
      yield* feed(tokenizer.push(next.value));
    }
    yield* feed(tokenizer.end());
  }

  const iterator = records();
  let header: Awaited<ReturnType<typeof readHeader>>;
  try {
    header = await readHeader(iterator);
  } catch (error) {
    await text.return?.(undefined);
    throw error;
  }
  const { headers, buffered, headerRecord, skipped } = header;

  let closed = false;
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (const record of buffered) yield dataRow(record, headers, maxCellChars);
      buffered.length = 0;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield dataRow(next.value, headers, maxCellChars);
      }
    } finally {
      closed = true;
      await text.return?.(undefined);
    }
  }

  return {
    format: 'csv',
    headers,
    rows: rows(),
    meta: { encoding: decoded.encoding, delimiter, ...(skipped > 0 ? { skippedLines: headerRecord.line - 1 } : {}) },
    async close() {
      if (!closed) {
        closed = true;
        await text.return?.(undefined);
      }
    },
  };
}
