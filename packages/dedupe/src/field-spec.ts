import { AppError } from '@nexus/platform';

/** One field of a record: a value, several (emails, phones), or nothing. */
export type FieldValue = string | readonly string[] | null | undefined;

/**
 * The engine's generic record: CRM contacts and companies, imported rows and
 * evaluation data all take this shape.
 */
export interface DedupeRecord {
  id: string;
  fields: Readonly<Record<string, FieldValue>>;
}

/** What a field holds; decides its normaliser and default comparators. */
export type FieldKind =
  | 'givenName'
  | 'familyName'
  | 'personName'
  | 'organisationName'
  | 'email'
  | 'phone'
  | 'domain'
  | 'address'
  | 'postcode'
  | 'date'
  | 'code'
  | 'number'
  | 'category'
  | 'text';

export const comparatorNames = [
  'exact',
  'jaroWinkler',
  'levenshtein',
  'tokenSet',
  'softTokens',
  'tfidf',
  'phonetic',
  'name',
  'personName',
  'email',
  'phone',
  'domain',
  'postcode',
  'date',
  'numeric',
  'codes',
  'numbers',
] as const;

/** A similarity function over a field's normalised values (see compare-fields.ts). */
export type ComparatorName = (typeof comparatorNames)[number];

/**
 * How to compare one field.
 *
 * @example
 * const spec: FieldSpec = { field: 'lastName', kind: 'familyName', weight: 2 };
 */
export interface FieldSpec {
  /** Key in `record.fields`. */
  field: string;
  kind: FieldKind;
  /**
   * Similarities computed for this field, the first one primary: the
   * Fellegi–Sunter model and the reasons use it; a trained classifier sees
   * them all. Default by kind (see `defaultComparators`).
   */
  comparators?: readonly ComparatorName[];
  /**
   * Agreement levels of the primary similarity, descending thresholds: with
   * `[1, 0.9]` a pair agrees exactly (level 0), closely (level 1) or
   * disagrees (level 2). Default by comparator.
   */
  levels?: readonly number[];
  /**
   * How telling agreement on this field is, relative to 1 (an email match
   * tells more than a shared first name). Seeds the m-probabilities of the
   * EM fit and weighs the fallback model used when there is too little data to learn from.
   */
  weight?: number;
}

/** A field spec with every default filled in. */
export interface ResolvedFieldSpec {
  field: string;
  kind: FieldKind;
  comparators: readonly ComparatorName[];
  levels: readonly number[];
  weight: number;
}

/**
 * Default similarity per kind. One each: the Fellegi–Sunter model and the
 * fallback read only the primary one, so more would be computed for nothing;
 * list more in `comparators` for a trained classifier.
 */
export const defaultComparators: Readonly<Record<FieldKind, readonly ComparatorName[]>> = {
  givenName: ['name'],
  familyName: ['name'],
  personName: ['personName'],
  organisationName: ['softTokens'],
  email: ['email'],
  phone: ['phone'],
  domain: ['domain'],
  address: ['softTokens'],
  postcode: ['postcode'],
  date: ['date'],
  code: ['levenshtein'],
  number: ['numeric'],
  category: ['exact'],
  text: ['tfidf'],
};

/** Default agreement levels per primary comparator. */
export const defaultLevels: Readonly<Record<ComparatorName, readonly number[]>> = {
  exact: [1],
  jaroWinkler: [0.99, 0.92, 0.8],
  levenshtein: [0.99, 0.8, 0.6],
  tokenSet: [0.99, 0.6, 0.3],
  softTokens: [0.99, 0.9, 0.75],
  tfidf: [0.9, 0.7, 0.4],
  phonetic: [0.9],
  name: [0.99, 0.92, 0.8],
  personName: [0.99, 0.9, 0.75],
  email: [1, 0.84],
  phone: [1, 0.85],
  domain: [1, 0.8],
  postcode: [1, 0.65],
  date: [1, 0.84, 0.65],
  numeric: [0.99, 0.9],
  codes: [1, 0.75],
  numbers: [1, 0.5],
};

const invalid = (message: string, details?: unknown) => new AppError('validation_failed', message, { details });

/**
 * Fills in defaults and checks a field-spec list: distinct non-empty field
 * names, known kinds and comparators, levels strictly descending within
 * (0, 1], a positive weight. Throws `validation_failed` otherwise.
 */
export function resolveFieldSpecs(specs: readonly FieldSpec[]): ResolvedFieldSpec[] {
  if (specs.length === 0) throw invalid('at least one field spec is needed');
  if (specs.length > 64) throw invalid('at most 64 field specs are supported');
  const seen = new Set<string>();
  return specs.map((spec) => {
    if (typeof spec.field !== 'string' || spec.field.length === 0) throw invalid('a field spec needs a field name');
    if (seen.has(spec.field)) throw invalid(`field ${spec.field} is listed twice`);
    seen.add(spec.field);
    const byKind = defaultComparators[spec.kind] as readonly ComparatorName[] | undefined;
    if (!byKind) throw invalid(`field ${spec.field}: unknown kind ${String(spec.kind)}`);
    const comparators = spec.comparators ?? byKind;
    if (comparators.length === 0) throw invalid(`field ${spec.field}: at least one comparator is needed`);
    for (const c of comparators) if (!comparatorNames.includes(c)) throw invalid(`field ${spec.field}: unknown comparator ${String(c)}`);
    const levels = spec.levels ?? defaultLevels[comparators[0]!];
    if (levels.length === 0 || levels.length > 5) throw invalid(`field ${spec.field}: between 1 and 5 levels are needed`);
    levels.forEach((level, i) => {
      if (!(level > 0 && level <= 1) || (i > 0 && !(level < levels[i - 1]!))) throw invalid(`field ${spec.field}: levels must descend strictly within (0, 1]`, { levels });
    });
    const weight = spec.weight ?? 1;
    if (!(weight > 0 && weight <= 100)) throw invalid(`field ${spec.field}: weight must be above 0 and at most 100`);
    return { field: spec.field, kind: spec.kind, comparators, levels, weight };
  });
}

/** Level of a similarity under descending thresholds: 0 = best, `levels.length` = disagree, -1 = missing. */
export function levelOf(similarity: number, levels: readonly number[]): number {
  if (Number.isNaN(similarity)) return -1;
  for (let l = 0; l < levels.length; l++) if (similarity >= levels[l]! - 1e-9) return l;
  return levels.length;
}
