/** Text handling shared by documents and queries: normalising, splitting, marking matches. */
import { doubleMetaphone } from 'double-metaphone';

/** Private-use characters that mark a match inside database-made snippets; documents never contain them. */
export const markStart = '\uE000';
export const markEnd = '\uE001';

// Control characters and private-use marks are dropped from indexed and queried text.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const unwanted = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uE000-\uF8FF]/g;

/** Text as stored: control characters removed, whitespace collapsed, length capped. */
export function cleanText(text: string, maxLength: number): string {
  const cleaned = text.replace(unwanted, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > maxLength ? cleaned.slice(0, maxLength) : cleaned;
}

/** Lower case without accents: "Zoë Müller" → "zoe muller". */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Letter-and-digit runs of folded text. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** HTML-safe snippet: the text escaped, database match marks turned into <mark> elements. */
export function markedToHtml(text: string): string {
  let out = '';
  let open = false;
  for (const part of text.split(/([\uE000\uE001])/u)) {
    if (part === markStart) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === markEnd) {
      if (open) out += '</mark>';
      open = false;
    } else out += escapeHtml(part);
  }
  return open ? `${out}</mark>` : out;
}

/** Optimal string alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const previous = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    rows.push(row);
    if (i > 0 && best > max) return max + 1;
  }
  return rows[a.length]?.[b.length] ?? max + 1;
}

/** True when a word of the text is near a query word: same prefix, or a typo or two away. */
function nearWord(word: string, queryWords: readonly string[]): boolean {
  return queryWords.some((q) => (q.length >= 2 && word.startsWith(q)) || (q.length >= 3 && editDistance(word, q, q.length >= 6 ? 2 : 1) <= (q.length >= 6 ? 2 : 1)));
}

/** HTML-safe text with the words that resemble the query marked (for fuzzy and semantic hits). */
export function markSimilar(text: string, queryWords: readonly string[]): string {
  return text
    .split(/([\p{L}\p{N}]+)/u)
    .map((part, index) => (index % 2 === 1 && nearWord(fold(part), queryWords) ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
    .join('');
}

/**
 * The double-metaphone codes of a word (primary and alternate, lower case),
 * so that words that sound alike match: "jhon" and "john" both give `jn`.
 * Words without letters, or shorter than two characters, have none.
 */
export function soundCodes(word: string): string[] {
  if (word.length < 2 || !/\p{L}/u.test(word)) return [];
  return [...new Set(doubleMetaphone(word).filter((code) => code !== '').map((code) => code.toLowerCase()))];
}
