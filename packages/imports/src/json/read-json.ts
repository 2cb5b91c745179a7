import { fileError } from '../file-errors';
import { emptyCells, type ByteSource, type ImportSource, type SourceRow } from '../import-source';
import { decodeText } from '../internal/decode-text';
import { textLines } from '../internal/text-lines';
import { flattenObject } from './internal/flatten';
import { splitJsonArray, type JsonElement } from './internal/json-splitter';

export interface JsonReadOptions {
  encoding?: string;
  /** A larger record is an invalid row. Default 1,000,000 characters. */
  maxRecordChars?: number;
  /** Records read ahead to learn the column names. Default 1,000 (and at most 4 MB of them). */
  headerSampleRecords?: number;
}

const headerSampleChars = 4 * 1024 * 1024;

function elementRow(element: JsonElement): SourceRow {
  if ('error' in element) {
    return { status: 'invalid', line: element.line, cells: emptyCells(), issues: [{ code: 'invalid_json', message: element.error }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(element.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const cells = emptyCells();
    cells._raw = element.text.slice(0, 1_000);
    return { status: 'invalid', line: element.line, cells, issues: [{ code: 'invalid_json', message: `The record is not valid JSON: ${reason}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const cells = emptyCells();
    cells._raw = element.text.slice(0, 1_000);
    return { status: 'invalid', line: element.line, cells, issues: [{ code: 'not_an_object', message: 'The record is not a JSON object ({ "field": "value" })' }] };
  }
  return { status: 'ok', line: element.line, cells: flattenObject(value as Record<string, unknown>) };
}

async function* ndjsonElements(chunks: AsyncIterable<string>, maxChars: number): AsyncGenerator<JsonElement> {
  for await (const { line, text, truncated } of textLines(chunks, maxChars)) {
    if (truncated) yield { line, error: `The record is larger than ${maxChars.toLocaleString('en')} characters` };
    else if (text.trim() !== '') yield { line, text };
  }
}

/** The first non-blank character, and the text with nothing consumed. */
async function firstChar(chunks: AsyncIterable<string>): Promise<{ char: string | undefined; text: AsyncIterable<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: string[] = [];
  let char: string | undefined;
  let done = false;
  while (char === undefined) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    char = /\S/.exec(next.value)?.[0];
  }
  async function* text(): AsyncGenerator<string> {
    yield* seen;
    seen.length = 0;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { char, text: text() };
}

/**
 * Opens a JSON upload: an array of objects (`[{…}, {…}]`) or NDJSON (one
 * object per line), streamed either way, so a 1 GB array is never held
 * whole. Nested objects flatten to dotted columns and arrays join with "; ".
 * Column names are learned from the first records; a key that first appears
 * later is still in its row's cells.
 *
 * @example
 * const source = await readJson(upload);
 * source.headers; // ['firstName', 'emails', 'address.city', …]
 */
export async function readJson(input: ByteSource, options: JsonReadOptions = {}): Promise<ImportSource> {
  const maxRecordChars = options.maxRecordChars ?? 1_000_000;
  const sampleRecords = options.headerSampleRecords ?? 1_000;
  const decoded = await decodeText(input, { encoding: options.encoding });
  const { char, text } = await firstChar(decoded.chunks);
  if (char === undefined) throw fileError('empty_file', 'The file is empty');
  if (char !== '[' && char !== '{') {
    throw fileError('invalid_json', 'A JSON import must be an array of objects ([{…}, {…}]) or one object per line (NDJSON)');
  }
  const layout = char === '[' ? 'array' : 'ndjson';
  const elements = layout === 'array' ? splitJsonArray(text, maxRecordChars) : ndjsonElements(text, maxRecordChars);

  const sample: SourceRow[] = [];
  const headers: string[] = [];
  const seen = new Set<string>();
  let sampledChars = 0;
  while (sample.length < sampleRecords && sampledChars < headerSampleChars) {
    const next = await elements.next();
    if (next.done) break;
    const row = elementRow(next.value);
    sample.push(row);
    if (row.status !== 'ok') continue;
    for (const [key, value] of Object.entries(row.cells)) {
      sampledChars += key.length + value.length;
      if (!seen.has(key)) {
        seen.add(key);
        headers.push(key);
      }
    }
  }
  if (sample.length === 0) throw fileError('no_records', 'The file contains no records');

  let closed = false;
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      while (sample.length > 0) {
        const row = sample.shift();
        if (row) yield row;
      }
      for await (const element of elements) yield elementRow(element);
    } finally {
      closed = true;
    }
  }

  return {
    format: 'json',
    headers,
    rows: rows(),
    meta: { encoding: decoded.encoding, jsonLayout: layout },
    async close() {
      if (!closed) {
        closed = true;
        await elements.return(undefined);
      }
    },
  };
}
