import type { ObjectName } from '@nexus/crm-core';
import type { ImportCustomField } from '../mapping/field-catalog';
import { neutraliseCell } from './csv-injection';
import { exportColumns, exportText, valueAt } from './export-columns';

/** Records as the API returns them (`ApiRecord`), from a cursor scan or any list. */
export type ExportRecords = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

export interface CsvExportOptions {
  object: ObjectName;
  customFields?: readonly Pick<ImportCustomField, 'key'>[];
  /** Defaults to every field of the object, then its custom fields (see `exportColumns`). */
  columns?: readonly string[];
  /** Starts the file with a UTF-8 BOM so Excel on Windows reads accents right. Default false. */
  bom?: boolean;
  delimiter?: ',' | ';' | '\t';
  /** Quote-prefix cells a spreadsheet would run as formulas. Default true; turn off only for machine consumers. */
  neutraliseFormulas?: boolean;
}

/** Text chunks are gathered to about this size before they are yielded. */
export const exportChunkChars = 64 * 1024;

function csvCell(text: string, delimiter: string): string {
  if (text.includes('"') || text.includes(delimiter) || text.includes('\n') || text.includes('\r')) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/**
 * Streams records as RFC 4180 CSV: CRLF line ends, quotes doubled, a header
 * row of field paths, lists joined with "; ", custom fields as
 * `customFields.<key>` columns and formula-like cells neutralised. Yields
 * strings of about 64 KB; encode them as UTF-8.
 *
 * @example
 * for await (const chunk of writeCsv(scanRecords(...), { object: 'contacts', customFields, bom: true })) reply.raw.write(chunk);
 */
export async function* writeCsv(records: ExportRecords, options: CsvExportOptions): AsyncGenerator<string> {
  const delimiter = options.delimiter ?? ',';
  const neutralise = options.neutraliseFormulas ?? true;
  const columns = options.columns ?? exportColumns(options.object, options.customFields);
  const line = (cells: string[]) => `${cells.map((c) => csvCell(neutralise ? neutraliseCell(c) : c, delimiter)).join(delimiter)}\r\n`;
  let buffer = (options.bom ? '\uFEFF' : '') + line([...columns]);
  for await (const record of records) {
    buffer += line(columns.map((column) => exportText(valueAt(record, column))));
    if (buffer.length >= exportChunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}
