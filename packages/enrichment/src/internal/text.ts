/** Text clean-up shared by the normalisers and parsers. None of these throw on any string. */

/** C0/C1 control characters except tab and newline, plus zero-width and bidi controls pasted in from rich text. */
// eslint-disable-next-line no-control-regex
const invisible = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Removes invisible characters, turns every run of whitespace into one space and trims. */
export function cleanLine(input: string): string {
  return input.replace(invisible, '').replace(/\s+/gu, ' ').trim();
}

/** Removes invisible characters but keeps line structure (CRLF and CR become LF). */
export function cleanMultiline(input: string): string {
  return input.replace(/\r\n?/g, '\n').replace(invisible, '');
}

/** Accents removed ("São Paulo" → "Sao Paulo"); letters of other scripts are kept. */
export function stripDiacritics(input: string): string {
  return input.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/**
 * A lookup key: no accents, lower case, `&` as "and", punctuation as spaces.
 * "Côte d’Ivoire" and "cote d'ivoire" share the key "cote d ivoire".
 */
export function lookupKey(input: string): string {
  return stripDiacritics(cleanLine(input))
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function hasLetter(input: string): boolean {
  return /\p{L}/u.test(input);
}

/** Upper-cases the first letter and lower-cases the rest (script-aware). */
export function capitaliseWord(word: string): string {
  const lower = word.toLowerCase();
  const first = [...lower][0] ?? '';
  return first.toUpperCase() + lower.slice(first.length);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown, max = 2000): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = cleanLine(value);
  return cleaned === '' ? undefined : cleaned.slice(0, max);
}
