import { isValidDate, type PlainDate } from './calendar';

/**
 * The question as a list of tokens: words (lower-cased, with the text as
 * written kept for values), numbers (with "k"/"m" scales and grouping
 * already applied, as exact decimal strings), ISO dates, quoted text and
 * single symbols. The rules in `parse-question.ts` read these.
 */
export type Token =
  | { kind: 'word'; text: string; raw: string }
  | {
      kind: 'number';
      /** Exact decimal string, e.g. "1200000" for "$1.2m". */
      decimal: string;
      /** As a JavaScript number, for counts ("last 30 days") and comparisons. */
      value: number;
      raw: string;
      /** Written with a currency sign ("$50k"). */
      money: boolean;
      /** Written with a scale ("50k", "1.2 million"). */
      scaled: boolean;
      /** "3rd", "1st". */
      ordinal: boolean;
      /** Plain digits, no separators, decimals or scale: could be a day or a year. */
      plain: boolean;
    }
  | { kind: 'date'; date: PlainDate; raw: string }
  | { kind: 'quoted'; text: string; raw: string }
  | { kind: 'symbol'; text: string; raw: string };

/** Longer questions are not questions; the cap keeps hostile input cheap. */
export const maxTokens = 400;
/** Values taken from the question are cut to this length (the list API allows 1000). */
export const maxValueLength = 200;

const scales: Record<string, number> = { k: 3, thousand: 3, m: 6, mm: 6, mn: 6, mil: 6, million: 6, b: 9, bn: 9, billion: 9 };
const currencySigns = new Set(['$', '€', '£', '¥']);

const space = /[\s\u00a0\u202f]+/uy;
const isoDate = /(\d{4})-(\d{2})-(\d{2})(?![\p{L}\p{N}])/uy;
// Grouped thousands ("1,000,000", "50 000") before plain digits; a decimal part after either.
const numberLiteral = /(\d{1,3}(?:(?:,\d{3})+|(?:[ \u00a0\u202f]\d{3})+)(?!\d)|\d+)(?:\.(\d+))?/uy;
const scaleSuffix = /(?:\s?(thousand|million|billion)|(k|mm|mn|mil|m|bn|b))(?![\p{L}\p{N}])/iuy;
const ordinalSuffix = /(?:st|nd|rd|th)(?![\p{L}\p{N}])/iuy;
const word = /[\p{L}\p{M}\p{N}_](?:[\p{L}\p{M}\p{N}_'’&+@-]|\.(?=[\p{L}\p{N}]))*/uy;
const doubleQuoted = /["“”«»]([^"“”«»\n]{1,200})["“”«»]/uy;
const singleQuoted = /['‘’]([^'‘’\n]{1,200})['‘’](?![\p{L}\p{N}])/uy;
const comparison = /[<>≤≥]=?|!=|=/uy;

function matchAt(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

/**
 * Cleans text taken from the question for use as a filter value: no control
 * characters (PostgreSQL text cannot hold NUL), one space between words and
 * at most `maxValueLength` characters.
 */
export function cleanValue(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, maxValueLength);
}

/** An exact decimal string for digits scaled by 10^exponent, without going through binary floats. */
function scaleDecimal(whole: string, fraction: string, exponent: number): string {
  const digits = `${whole}${fraction}`;
  const point = whole.length + exponent;
  const padded = point >= digits.length ? digits + '0'.repeat(point - digits.length) : digits;
  const integer = padded.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const decimals = padded.slice(point).replace(/0+$/, '');
  return decimals ? `${integer}.${decimals}` : integer;
}

/**
 * @example
 * tokenize('Deals over $1.2m').map((t) => t.kind); // ['word', 'word', 'number']
 */
export function tokenize(question: string): Token[] {
  const text = question.normalize('NFKC');
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length && tokens.length < maxTokens) {
    const blank = matchAt(space, text, index);
    if (blank) {
      index += blank[0].length;
      continue;
    }
    const date = matchAt(isoDate, text, index);
    if (date) {
      const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
      if (isValidDate(year, month, day)) {
        tokens.push({ kind: 'date', date: { year, month, day }, raw: date[0] });
        index += date[0].length;
        continue;
      }
    }
    const number = matchAt(numberLiteral, text, index);
    if (number) {
      index += number[0].length;
      const whole = number[1]!.replace(/[^\d]/g, '');
      const fraction = number[2] ?? '';
      const scale = matchAt(scaleSuffix, text, index);
      const ordinal = scale ? null : matchAt(ordinalSuffix, text, index);
      const exponent = scale ? (scales[(scale[1] ?? scale[2] ?? '').toLowerCase()] ?? 0) : 0;
      const suffix = scale?.[0] ?? ordinal?.[0] ?? '';
      index += suffix.length;
      const previous = tokens.at(-1);
      const sign = previous?.kind === 'symbol' && currencySigns.has(previous.text) ? previous.text : '';
      if (sign) tokens.pop();
      const decimal = scaleDecimal(whole.slice(0, 30), fraction.slice(0, 10), exponent);
      tokens.push({
        kind: 'number',
        decimal,
        value: Number(decimal),
        raw: `${sign}${number[0]}${suffix}`,
        money: sign !== '',
        scaled: scale !== null,
        ordinal: ordinal !== null,
        plain: scale === null && fraction === '' && /^\d+$/.test(number[1]!),
      });
      continue;
    }
    const quoted = matchAt(doubleQuoted, text, index) ?? matchAt(singleQuoted, text, index);
    if (quoted) {
      const value = cleanValue(quoted[1]!);
      if (value) tokens.push({ kind: 'quoted', text: value, raw: quoted[0] });
      index += quoted[0].length;
      continue;
    }
    const found = matchAt(word, text, index);
    if (found) {
      index += found[0].length;
      // "this quarter's" reads as "this quarter"; a trailing hyphen is punctuation.
      const raw = found[0].replace(/['’]s$/u, '').replace(/-+$/, '');
      if (raw) tokens.push({ kind: 'word', text: raw.toLowerCase(), raw });
      continue;
    }
    const symbol = matchAt(comparison, text, index)?.[0] ?? String.fromCodePoint(text.codePointAt(index)!);
    index += symbol.length;
    tokens.push({ kind: 'symbol', text: symbol, raw: symbol });
  }
  return tokens;
}

/** The lower-cased word or the symbol at `index`; undefined for numbers, dates, quoted text and the end. */
export function textAt(tokens: readonly Token[], index: number): string | undefined {
  const token = tokens[index];
  return token?.kind === 'word' || token?.kind === 'symbol' ? token.text : undefined;
}

/** Where `phrase` ("more than") ends if its words start at `index`, else -1. */
export function phraseEnd(tokens: readonly Token[], index: number, phrase: string): number {
  // Compared in place, word by word: this runs for every phrase at every token.
  let i = index;
  let start = 0;
  for (;;) {
    const space = phrase.indexOf(' ', start);
    const end = space === -1 ? phrase.length : space;
    const text = textAt(tokens, i);
    if (text === undefined || text.length !== end - start || !phrase.startsWith(text, start)) return -1;
    i += 1;
    if (space === -1) return i;
    start = space + 1;
  }
}

/** The longest of `phrases` that starts at `index`. */
export function matchPhrase(tokens: readonly Token[], index: number, phrases: Iterable<string>): { phrase: string; end: number } | undefined {
  let best: { phrase: string; end: number } | undefined;
  for (const phrase of phrases) {
    const end = phraseEnd(tokens, index, phrase);
    if (end > (best?.end ?? -1)) best = { phrase, end };
  }
  return best;
}
