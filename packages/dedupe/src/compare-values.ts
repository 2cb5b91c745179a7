/**
 * Similarities of normalised values of one kind (names, emails, phones,
 * domains, postcodes, dates, numbers), each 0..1. A missing value is not a
 * mismatch: callers pass only present values and record `NaN` ("no
 * evidence") when either side is absent, see compare-fields.ts.
 */
import { doubleMetaphone } from 'double-metaphone';
import { damerauLevenshtein, jaroWinkler, levenshteinSimilarity, tokens } from './compare-strings';
import { emailDomain, emailLocalPart, phoneTail } from './normalise-contact';
import { isInitial, sameFormalName } from './normalise-name';

/** 1 when equal, else 0. */
export function exactSimilarity(left: string, right: string): number {
  return left === right ? 1 : 0;
}

/**
 * Closeness of two numbers: 1 − relative difference, 0 when either is not
 * a number or the signs differ.
 *
 * @example
 * numericSimilarity('100', '90'); // 0.9
 */
export function numericSimilarity(left: string, right: string): number {
  const a = Number(left.replace(/[^\d.eE+-]/g, ''));
  const b = Number(right.replace(/[^\d.eE+-]/g, ''));
  if (!Number.isFinite(a) || !Number.isFinite(b)) return left === right ? 1 : 0;
  if (a === b) return 1;
  if (a * b < 0) return 0;
  return Math.max(0, 1 - Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
}

/** Double Metaphone codes of a single word, both forms. */
export function phoneticCodes(word: string): [string, string] {
  if (word.length === 0) return ['', ''];
  return doubleMetaphone(word.length > 64 ? word.slice(0, 64) : word);
}

/**
 * Whether two words sound alike: 1 when their primary Double Metaphone codes
 * agree, 0.9 when a primary agrees with the other's alternate, else 0.
 *
 * @example
 * phoneticSimilarity('smith', 'smyth'); // 1
 */
export function phoneticSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  const [pa, sa] = phoneticCodes(left);
  const [pb, sb] = phoneticCodes(right);
  if (pa.length === 0 || pb.length === 0) return 0;
  if (pa === pb) return 1;
  if (pa === sb || sa === pb || (sa.length > 0 && sa === sb)) return 0.9;
  return 0;
}

/**
 * Similarity of two normalised person names (given or family): Jaro–Winkler,
 * raised to 0.95 for nicknames of one formal name (bill/william) when
 * `nicknames` is on, to 0.9 when one name's words are all in the other
 * ("mary" in "mary ann") and to 0.85 when they sound alike; a bare initial
 * against a name scores 0.8 when it is that name's initial.
 *
 * @example
 * nameSimilarity('bill', 'william', { nicknames: true }); // 0.95
 * nameSimilarity('j', 'john'); // 0.8
 */
export function nameSimilarity(left: string, right: string, options: { nicknames?: boolean } = {}): number {
  if (left === right) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  if (isInitial(left) || isInitial(right)) return left[0] === right[0] ? 0.8 : 0;
  let best = jaroWinkler(left, right);
  if (best >= 0.95) return best;
  if (options.nicknames && sameFormalName(left, right)) return 0.95;
  const wordsA = tokens(left);
  const wordsB = tokens(right);
  if (wordsA.length !== wordsB.length) {
    const [short, long] = wordsA.length < wordsB.length ? [wordsA, wordsB] : [wordsB, wordsA];
    if (short.every((w) => long.includes(w))) best = Math.max(best, 0.9);
  } else if (wordsA.length > 1 && [...wordsA].sort().join(' ') === [...wordsB].sort().join(' ')) {
    best = Math.max(best, 0.95);
  }
  if (best < 0.85 && phoneticSimilarity(wordsA[0] ?? left, wordsB[0] ?? right) >= 0.9) best = 0.85;
  return best;
}

const roleMailboxes = new Set(['info', 'sales', 'admin', 'contact', 'support', 'hello', 'office', 'team', 'mail', 'enquiries', 'inquiries', 'noreply', 'no-reply', 'billing', 'accounts', 'hr', 'jobs', 'careers', 'marketing', 'help', 'webmaster']);

/**
 * Similarity of two normalised emails: 1 when equal; 0.85 for the same
 * personal mailbox name at another domain (not for role boxes like info@);
 * otherwise the Jaro–Winkler of the local parts, scaled down (0.9 at the
 * same domain, 0.6 across domains).
 *
 * @example
 * emailSimilarity('jsmith@acme.com', 'jsmith@gmail.com'); // 0.85
 */
export function emailSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  const localA = emailLocalPart(left);
  const localB = emailLocalPart(right);
  const sameDomain = emailDomain(left) === emailDomain(right);
  if (localA === localB) return roleMailboxes.has(localA) ? 0.3 : 0.85;
  return jaroWinkler(localA, localB) * (sameDomain ? 0.9 : 0.6);
}

/**
 * Similarity of two normalised phones: 1 when equal, 0.9 when the last
 * seven digits agree (one written with a country or area code, one
 * without), else the edit similarity of the last ten digits scaled by 0.8
 * (a typo).
 *
 * @example
 * phoneSimilarity('+442079460018', '02079460018'); // 0.9
 */
export function phoneSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  const a = phoneTail(left, 10);
  const b = phoneTail(right, 10);
  if (a.slice(-7) === b.slice(-7)) return 0.9;
  return 0.8 * levenshteinSimilarity(a, b);
}

/**
 * Similarity of two normalised domains: 1 when equal, 0.9 when one is a
 * subdomain of the other, 0.8 for the same name under another suffix
 * (acme.com, acme.co.uk), else half their Jaro–Winkler.
 *
 * @example
 * domainSimilarity('eu.acme.com', 'acme.com'); // 0.9
 */
export function domainSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  if (left.endsWith(`.${right}`) || right.endsWith(`.${left}`)) return 0.9;
  const nameA = left.split('.')[0];
  const nameB = right.split('.')[0];
  if (nameA !== undefined && nameA.length > 2 && nameA === nameB) return 0.8;
  return 0.5 * jaroWinkler(left, right);
}

/**
 * Similarity of two normalised postcodes: 1 when equal, 0.7 one edit apart,
 * 0.5 sharing the first three characters (the same district), else 0.
 */
export function postcodeSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  if (damerauLevenshtein(left, right) <= 1 && Math.min(left.length, right.length) >= 4) return 0.7;
  if (left.length >= 3 && right.length >= 3 && left.slice(0, 3) === right.slice(0, 3)) return 0.5;
  return 0;
}

/**
 * Similarity of two `YYYYMMDD` dates: 1 when equal, 0.9 with day and month
 * swapped, 0.85 one digit typo or transposition apart, 0.7 for the same
 * day and month a year apart or the same year and month, else
 * proportionally less.
 *
 * @example
 * dateSimilarity('19870309', '19870903'); // 0.9
 */
export function dateSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  if (left.length !== 8 || right.length !== 8) return levenshteinSimilarity(left, right) * 0.6;
  if (left.slice(0, 4) === right.slice(0, 4) && left.slice(4, 6) === right.slice(6, 8) && left.slice(6, 8) === right.slice(4, 6)) return 0.9;
  const edits = damerauLevenshtein(left, right);
  if (edits === 1) return 0.85;
  const sameDayMonth = left.slice(4) === right.slice(4);
  if (sameDayMonth && Math.abs(Number(left.slice(0, 4)) - Number(right.slice(0, 4))) === 1) return 0.7;
  if (left.slice(0, 6) === right.slice(0, 6)) return 0.7;
  return Math.max(0, 0.6 - 0.15 * (edits - 2));
}

/**
 * Similarity of two sets of product or reference codes (`lds4821ww`,
 * `dcr-sr45`): 1 when they share one, else the best edit similarity of any
 * two, scaled by 0.8 (a one-character variant is a sibling model, not the same).
 */
export function codeSetSimilarity(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  let best = 0;
  for (const a of left.length > 16 ? left.slice(0, 16) : left) {
    for (const b of right.length > 16 ? right.slice(0, 16) : right) {
      if (a === b) return 1;
      const s = levenshteinSimilarity(a, b);
      if (s > best) best = s;
    }
  }
  return 0.8 * best;
}
