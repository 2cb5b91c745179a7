import type { CountryCode } from 'libphonenumber-js';
import { tokens } from './compare-strings';
import { phoneticCodes } from './compare-values';
import { resolveFieldSpecs, type DedupeRecord, type FieldKind, type FieldSpec, type ResolvedFieldSpec } from './field-spec';
import { buildTfidfVectors, type SparseVector } from './internal/tfidf';
import { normaliseAddress, normaliseDate, normalisePostcode } from './normalise-address';
import { normaliseDomain, normaliseEmail, normalisePhone } from './normalise-contact';
import { foldText, formalNamesOfWord as formalNames, maxValueLength, normaliseName, normaliseOrganisationName, normalisePersonName } from './normalise-name';

/** Values kept per field: a record with 500 phone numbers is compared on its first 8. */
export const maxValuesPerField = 8;

/** One field of one record, normalised for comparison. */
export interface PreparedValue {
  /** Distinct normalised values, at most `maxValuesPerField`. */
  values: string[];
  /** The distinct words of each value, sorted (word order never matters to the comparators that use them). */
  words: string[][];
  /** Product and reference codes found in the raw text (letters and digits together: `lds4821ww`). */
  codes: string[];
  /** For fields compared by `softTokens`: each word's number in the field's vocabulary, aligned with `words`, so word similarities can be cached. */
  wordIds?: number[][];
  /** For fields compared by `numbers`: the distinct all-digit words (sizes, versions, years, part numbers), sorted. */
  numbers?: string[];
  /** TF-IDF vector of all the words, for fields compared by `tfidf`. */
  vector: SparseVector | null;
  /** Double Metaphone codes (primary, alternate) of each value's first word; filled when prepared for names, else on first use. */
  phonetic?: [string, string][];
  /** For given names: the formal names each value may stand for (`bill` → `william`). */
  formal?: string[][];
}

/** Records normalised once, compared many times. */
export interface PreparedRecords {
  readonly ids: readonly string[];
  readonly fields: readonly ResolvedFieldSpec[];
  /** `columns[f][r]`: field `f` of record `r`, `null` when absent or unusable. */
  readonly columns: readonly (readonly (PreparedValue | null)[])[];
}

export interface PrepareOptions {
  /** Country assumed for phone numbers written without an international prefix. */
  defaultCountry?: CountryCode;
  /** Read `01/02/1990` as January 2nd (default: 1 February). */
  monthFirst?: boolean;
}

function normaliserFor(kind: FieldKind, options: PrepareOptions): (value: string) => string | null {
  switch (kind) {
    case 'givenName':
    case 'familyName':
      return normaliseName;
    case 'personName':
      return normalisePersonName;
    case 'organisationName':
      return normaliseOrganisationName;
    case 'email':
      return normaliseEmail;
    case 'phone':
      return (v) => normalisePhone(v, options.defaultCountry);
    case 'domain':
      return normaliseDomain;
    case 'address':
      return normaliseAddress;
    case 'postcode':
      return normalisePostcode;
    case 'date':
      return (v) => normaliseDate(v, { monthFirst: options.monthFirst });
    case 'code':
      return (v) => foldText(v).replace(/ /g, '') || null;
    case 'number': {
      return (v) => {
        const n = Number(v.trim().replace(/[,\s$€£]/g, ''));
        return v.trim().length > 0 && Number.isFinite(n) ? String(n) : null;
      };
    }
    case 'category':
    case 'text':
      return (v) => foldText(v) || null;
  }
}

/** Strings of a raw field value; numbers from untyped JSON are read as text, anything else ignored. */
function rawStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const v of value as unknown[]) {
      if (out.length >= maxValuesPerField * 4) break;
      if (typeof v === 'string') out.push(v);
      else if (typeof v === 'number' && Number.isFinite(v)) out.push(String(v));
    }
    return out;
  }
  return [];
}

/**
 * Codes in raw text: words holding both letters and digits once `-`, `/`
 * and `.` are removed (`DCR-SR45` → `dcrsr45`), 3 to 30 characters.
 */
export function extractCodes(text: string): string[] {
  const out = new Set<string>();
  const cut = text.length > maxValueLength ? text.slice(0, maxValueLength) : text;
  for (const word of cut.toLowerCase().split(/[\s,;:()[\]{}"'`|]+/)) {
    const code = word.replace(/[-/._]+/g, '');
    if (code.length >= 3 && code.length <= 30 && /\d/.test(code) && /\p{L}/u.test(code)) out.add(code);
  }
  return [...out];
}

/**
 * Normalises every field of every record once, so that comparing a million
 * pairs never re-normalises. Never throws on record content: empty strings,
 * emoji, other scripts, numbers where text was expected and 10 MB cells
 * become absent or cut values. Field specs are checked (`validation_failed`).
 *
 * @example
 * const prepared = prepareRecords(records, [{ field: 'lastName', kind: 'familyName' }, { field: 'emails', kind: 'email' }]);
 */
export function prepareRecords(records: readonly DedupeRecord[], specs: readonly FieldSpec[], options: PrepareOptions = {}): PreparedRecords {
  const fields = resolveFieldSpecs(specs);
  const ids = records.map((r) => (typeof r?.id === 'string' ? r.id : String(r?.id)));
  const columns = fields.map((spec) => {
    const normalise = normaliserFor(spec.kind, options);
    const wantsCodes = spec.comparators.includes('codes');
    const wantsNumbers = spec.comparators.includes('numbers');
    const isName = spec.kind === 'givenName' || spec.kind === 'familyName' || spec.kind === 'personName' || spec.kind === 'organisationName';
    const hasNicknames = spec.kind === 'givenName' || spec.kind === 'personName';
    const vocabulary = spec.comparators.includes('softTokens') ? new Map<string, number>() : undefined;
    const phoneticCache = new Map<string, [string, string]>();
    const phoneticOfWord = (word: string) => {
      let codes = phoneticCache.get(word);
      if (!codes) {
        codes = phoneticCodes(word);
        if (phoneticCache.size < 200_000) phoneticCache.set(word, codes);
      }
      return codes;
    };
    const build = (raw: readonly string[]): PreparedValue | null => {
      const values: string[] = [];
      for (const text of raw) {
        const value = normalise(text.length > maxValueLength * 4 ? text.slice(0, maxValueLength * 4) : text);
        if (value !== null && !values.includes(value)) values.push(value);
        if (values.length >= maxValuesPerField) break;
      }
      if (values.length === 0) return null;
      const words = values.map(sortedWords);
      const prepared: PreparedValue = { values, words, codes: wantsCodes ? raw.flatMap(extractCodes) : noCodes, vector: null };
      if (wantsNumbers) prepared.numbers = [...new Set(words.flat().filter((w) => /^\d+$/.test(w)))].sort();
      if (isName) prepared.phonetic = values.map((v) => phoneticOfWord(firstWord(v)));
      if (hasNicknames) prepared.formal = values.map((v) => formalNames(firstWord(v)));
      if (vocabulary) prepared.wordIds = words.map((w) => w.map((word) => idOf(vocabulary, word)));
      return prepared;
    };
    // Names, companies, titles and cities repeat across records: a record whose
    // raw text was seen before shares that record's prepared value (it is
    // never changed once built), which saves the work and the memory.
    const shared = new Map<string, PreparedValue | null>();
    const column = records.map((record): PreparedValue | null => {
      const field = (record?.fields as Record<string, unknown> | undefined)?.[spec.field];
      const single = typeof field === 'string' ? field : Array.isArray(field) && field.length === 1 && typeof field[0] === 'string' ? field[0] : undefined;
      if (single === undefined) {
        const raw = rawStrings(field);
        return raw.length === 0 ? null : build(raw);
      }
      let prepared = shared.get(single);
      if (prepared === undefined) {
        prepared = build([single]);
        if (shared.size < 500_000 && single.length <= 256) shared.set(single, prepared);
      }
      return prepared;
    });
    if (spec.comparators.includes('tfidf')) {
      const vectors = buildTfidfVectors(column.map((v) => (v ? v.values.flatMap(tokens) : null)));
      column.forEach((v, r) => {
        if (v) v.vector = vectors[r] ?? null;
      });
    }
    return column;
  });
  return { ids, fields, columns };
}

const noCodes: string[] = [];

function idOf(vocabulary: Map<string, number>, word: string): number {
  let id = vocabulary.get(word);
  if (id === undefined) {
    id = vocabulary.size;
    vocabulary.set(word, id);
  }
  return id;
}

const firstWord = (value: string) => {
  const space = value.indexOf(' ');
  return space < 0 ? value : value.slice(0, space);
};

function sortedWords(value: string): string[] {
  if (!value.includes(' ')) return [value];
  const words = value.split(' ').sort();
  let kept = 0;
  for (let i = 0; i < words.length; i++) if (i === 0 || words[i] !== words[i - 1]) words[kept++] = words[i]!;
  words.length = kept;
  return words;
}

/** Double Metaphone codes (primary, alternate) of each value's first word, computed once per value. */
export function phoneticOf(value: PreparedValue): [string, string][] {
  if (!value.phonetic) value.phonetic = value.values.map((v) => phoneticCodes(firstWord(v)));
  return value.phonetic;
}
