import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/** One CSV record keyed by its header, every value a string. */
export type CsvRecord = Record<string, string>;

/**
 * Reads a CSV file with a header row. Blank trailing header cells (a
 * trailing comma on every line) are dropped, values are trimmed.
 */
export async function readCsv(file: string): Promise<CsvRecord[]> {
  const text = await readFile(file, 'utf8');
  const records: CsvRecord[] = parse(text, {
    columns: (header: string[]) => header.map((name) => name.trim()),
    bom: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  });
  for (const record of records) delete record[''];
  return records;
}
