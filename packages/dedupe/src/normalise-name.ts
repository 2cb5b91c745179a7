import { buildNicknameIndex } from './internal/nicknames';

/** Longest normalised value kept; longer input is cut here, so one hostile cell cannot slow a run. */
export const maxValueLength = 2_000;

// Letters NFKD does not decompose into a base letter plus marks.
const specialLetters: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const specialPattern = new RegExp(`[${Object.keys(specialLetters).join('')}]`, 'g');

/**
 * Folds text for comparison: lower case, accents removed (é → e, ß → ss),
 * everything but letters and digits of any script turned into single
 * spaces. Emoji and punctuation vanish; Cyrillic, Greek, CJK letters stay.
 *
 * @example
 * foldText('  Zoë  O’Brien-Smith '); // 'zoe o brien smith'
 */
export function foldText(value: string): string {
  let cut = value.length > maxValueLength ? value.slice(0, maxValueLength) : value;
  // Text scraped from web pages keeps numeric character references: "g&#252;nther".
  if (cut.includes('&#')) cut = cut.replace(/&#(x[0-9a-f]{1,6}|\d{1,7});/gi, (entity, code: string) => decodeReference(code) ?? entity);
  const lower = cut.toLowerCase();
  // Most CRM values are plain ASCII: skip Unicode decomposition for them, it dominated normalisation time.
  if (isAscii(lower)) return /^[a-z0-9]+(?: [a-z0-9]+)*$/.test(lower) ? lower : lower.replace(/[^a-z0-9]+/g, ' ').trim();
  return lower
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(specialPattern, (c) => specialLetters[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function decodeReference(code: string): string | undefined {
  const point = code[0] === 'x' || code[0] === 'X' ? parseInt(code.slice(1), 16) : parseInt(code, 10);
  return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : undefined;
}

const titles = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'fr', 'hon']);
const suffixes = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'mba', 'cpa']);

/**
 * A given or family name for comparison: folded, without titles and
 * generational or degree suffixes; `null` when nothing is left.
 *
 * @example
 * normaliseName('Dr. José'); // 'jose'
 */
export function normaliseName(value: string): string | null {
  const words = foldText(value)
    .split(' ')
    .filter((w) => w.length > 0);
  const kept = words.filter((w, i) => !(titles.has(w) && i < words.length - 1) && !(suffixes.has(w) && i > 0));
  return kept.length > 0 ? kept.join(' ') : null;
}

/**
 * A full person name in given-then-family order: "Smith, John" becomes
 * "john smith".
 *
 * @example
 * normalisePersonName('Smith, John A.'); // 'john a smith'
 */
export function normalisePersonName(value: string): string | null {
  const comma = value.indexOf(',');
  const ordered = comma > 0 && value.indexOf(',', comma + 1) < 0 ? `${value.slice(comma + 1)} ${value.slice(0, comma)}` : value;
  return normaliseName(ordered);
}

const nicknameIndex = buildNicknameIndex();

/**
 * The formal given names a name may stand for: `bill` → `['william']`,
 * `al` → `['albert', 'alan', 'alfred']`, an unknown name → itself.
 *
 * @example
 * nicknameKeys('Bob'); // ['robert']
 */
export function nicknameKeys(name: string): string[] {
  return formalNamesOfWord((normaliseName(name) ?? '').split(' ')[0] ?? '');
}

/** `nicknameKeys` for one already normalised word. */
export function formalNamesOfWord(word: string): string[] {
  if (word.length === 0) return [];
  return nicknameIndex.get(word) ?? [word];
}

/** Whether two given names are nicknames or variants of one formal name (bill/william, liz/beth). */
export function sameFormalName(left: string, right: string): boolean {
  const a = nicknameKeys(left);
  const b = nicknameKeys(right);
  return a.some((k) => b.includes(k));
}

const legalForms = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc', 'gmbh', 'ag', 'sa', 'sas', 'sarl',
  'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'pty', 'pte', 'kk', 'kg', 'group', 'holdings', 'the',
]);

/**
 * An organisation name for comparison: folded, `&` read as `and`, legal
 * forms (Inc, Ltd, GmbH…) and a leading "the" dropped unless nothing else is left.
 *
 * @example
 * normaliseOrganisationName('The ACME Widgets, Inc.'); // 'acme widgets'
 */
export function normaliseOrganisationName(value: string): string | null {
  const words = foldText(value.replace(/&/g, ' and ')).split(' ').filter((w) => w.length > 0);
  const kept = words.filter((w) => !legalForms.has(w));
  const result = kept.length > 0 ? kept : words;
  return result.length > 0 ? result.join(' ') : null;
}

/** Whether a normalised name is a bare initial (`j`), as left of "J." after folding. */
export function isInitial(name: string): boolean {
  return name.length === 1;
}
