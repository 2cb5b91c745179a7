import type { Readable } from 'node:stream';

/** The file formats an import reads. */
export const importFormats = ['csv', 'xlsx', 'vcard', 'json'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** An uploaded file as it arrives: a Node stream or any async source of bytes. */
export type ByteSource = Readable | AsyncIterable<Uint8Array | string>;

/** Why one row could not be read or converted. Stable codes; the message is for people. */
export type RowIssueCode =
  | 'ragged_row'
  | 'cell_too_large'
  | 'row_too_large'
  | 'unterminated_quote'
  | 'value_without_header'
  | 'malformed_card'
  | 'invalid_json'
  | 'not_an_object'
  | 'invalid_value'
  | 'missing_required'
  | 'no_values';

export interface RowIssue {
  code: RowIssueCode;
  message: string;
  /** The file column (header) the issue is about, when there is one. */
  column?: string;
  /** The CRM field the issue is about, when there is one. */
  field?: string;
}

/**
 * One row of a file. `line` is where a person finds it: the physical line a
 * CSV record or vCard starts on, the spreadsheet row number, the line a JSON
 * element starts on. An invalid row keeps whatever cells could be read, so the
 * errors download can show them for fixing and re-importing.
 */
export type SourceRow =
  | { status: 'ok'; line: number; cells: Record<string, string> }
  | { status: 'invalid'; line: number; cells: Record<string, string>; issues: RowIssue[] };

/** An opened file: its column names, known before the first row, and the rows. */
export interface ImportSource {
  format: ImportFormat;
  /** Unique, non-blank column names in file order. */
  headers: string[];
  /** Iterate once. Rows stream: only a bounded window of the file is ever in memory. */
  rows: AsyncIterable<SourceRow>;
  /** What was detected, for the preview and the job log. */
  meta: ImportSourceMeta;
  /** Releases temp files and the input; safe to call twice and after the rows are done. */
  close(): Promise<void>;
}

export interface ImportSourceMeta {
  encoding?: string;
  delimiter?: string;
  /** Lines skipped before the header (LinkedIn puts a "Notes:" preamble there). */
  skippedLines?: number;
  sheetName?: string;
  /** JSON: NDJSON (one object per line) or an array. */
  jsonLayout?: 'array' | 'ndjson';
}

/** A null-prototype record: a column named `__proto__` stays an ordinary cell. */
export function emptyCells(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}
