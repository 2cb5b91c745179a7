import { exportChunkChars, type ExportRecords } from './write-csv';

export interface JsonExportOptions {
  /** `array`: one JSON document (`[{…},{…}]`); `ndjson`: one object per line. Default array. */
  format?: 'array' | 'ndjson';
}

/**
 * Streams records as JSON, exactly as the API shows them. Never holds more
 * than one chunk: a whole-workspace export is written as it is read.
 *
 * @example
 * for await (const chunk of writeJson(records, { format: 'ndjson' })) stream.write(chunk);
 */
export async function* writeJson(records: ExportRecords, options: JsonExportOptions = {}): AsyncGenerator<string> {
  const ndjson = options.format === 'ndjson';
  let buffer = ndjson ? '' : '[';
  let first = true;
  for await (const record of records) {
    buffer += ndjson ? `${JSON.stringify(record)}\n` : `${first ? '\n' : ',\n'}${JSON.stringify(record)}`;
    first = false;
    if (buffer.length >= exportChunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  if (!ndjson) buffer += first ? ']\n' : '\n]\n';
  if (buffer.length > 0) yield buffer;
}
