import { fileError } from '../file-errors';

/** Longest column name accepted; longer first rows are data or garbage, not headers. */
export const maxHeaderChars = 1_000;
/** Excel's column limit: more columns than this is not a table a CRM imports. */
export const maxColumns = 16_384;

/**
 * Column names as the mapping sees them: trimmed, a blank one named after its
 * position ("Column 3"), a repeated one numbered ("Email (2)"), so every cell
 * has a distinct key.
 */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  raw.forEach((value, index) => {
    const base = value.replace(/^\uFEFF/, '').replace(/\s+/g, ' ').trim() || `Column ${index + 1}`;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    seen.add(name.toLowerCase());
    result.push(name);
  });
  return result;
}

const emailLike = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const numberLike = /^[-+]?[\d\s.,'’]*\d[\d\s.,'’]*%?$/;
const dateLike = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?/;
const phoneLike = /^\+?[\d\s().\-/]{6,}$/;
const urlLike = /^(?:https?:\/\/|www\.)\S+$/i;

function looksLikeValue(cell: string): boolean {
  const value = cell.trim();
  return emailLike.test(value) || numberLike.test(value) || dateLike.test(value) || phoneLike.test(value) || urlLike.test(value);
}

/**
 * A first row of emails, numbers or dates is a data row, not column names.
 * Names of people ("Jane", "Doe") cannot be told from headers, so only values
 * that are never column names decide: an email anywhere, or nothing but
 * numbers, dates, phones and URLs.
 */
export function firstRowIsData(cells: readonly string[]): { isData: boolean; example?: string } {
  const filled = cells.map((c) => c.trim()).filter((c) => c.length > 0);
  const email = filled.find((c) => emailLike.test(c));
  if (email) return { isData: true, example: email };
  if (filled.length > 0 && filled.every(looksLikeValue)) return { isData: true, ...(filled[0] ? { example: filled[0] } : {}) };
  return { isData: false };
}

/** Refuses a header row that cannot be column names; returns the unique names. */
export function checkHeaderRow(cells: readonly string[], options: { cellCount?: number; oversized?: boolean } = {}): string[] {
  const count = options.cellCount ?? cells.length;
  if (count > maxColumns) {
    throw fileError('too_many_columns', `The first row has ${count.toLocaleString('en')} columns; at most ${maxColumns.toLocaleString('en')} can be imported`, {
      columns: count,
    });
  }
  const long = cells.findIndex((c) => c.length > maxHeaderChars);
  if (options.oversized || long >= 0) {
    throw fileError('invalid_header', `Column ${long + 1} of the first row is longer than ${maxHeaderChars} characters, so it cannot be a column name`, {
      column: long + 1,
    });
  }
  const data = firstRowIsData(cells);
  if (data.isData) {
    throw fileError(
      'no_header',
      `The first row looks like data (for example "${(data.example ?? '').slice(0, 80)}"), not column names. Add a first row naming each column, such as "First Name,Last Name,Email"`,
    );
  }
  return uniqueHeaders(cells);
}
