import { jaroWinkler, levenshteinSimilarity, softTokenSimilarity, sortedJaccard } from './compare-strings';
import {
  codeSetSimilarity,
  dateSimilarity,
  domainSimilarity,
  emailSimilarity,
  exactSimilarity,
  nameSimilarity,
  numericSimilarity,
  phoneSimilarity,
  postcodeSimilarity,
} from './compare-values';
import type { ComparatorName, ResolvedFieldSpec } from './field-spec';
import { cosine } from './internal/tfidf';
import { phoneticOf, type PreparedRecords, type PreparedValue } from './prepare-records';

/** Similarity of one field of two records, 0..1, or `NaN` when there is no evidence either way. */
export type FieldComparator = (left: PreparedValue, right: PreparedValue) => number;

/** The best similarity over every pair of values (a record with two emails matches on either). */
function bestOf(compare: (a: string, b: string) => number): FieldComparator {
  return (left, right) => {
    let best = 0;
    for (const a of left.values) {
      for (const b of right.values) {
        const s = compare(a, b);
        if (s > best) {
          best = s;
          if (best >= 1) return 1;
        }
      }
    }
    return best;
  };
}

function bestOfWords(compare: (a: readonly string[], b: readonly string[]) => number): FieldComparator {
  return (left, right) => {
    let best = 0;
    for (const a of left.words) {
      for (const b of right.words) {
        const s = compare(a, b);
        if (s > best) best = s;
      }
    }
    return best;
  };
}

/**
 * Similarity of two full names in given-then-family order: the given names
 * (nicknames allowed) weigh 0.4 and the family names 0.6, either way round,
 * or the soft token similarity when higher.
 */
export function personNameSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  const a = left.split(' ');
  const b = right.split(' ');
  const soft = softTokenSimilarity(a, b);
  if (a.length < 2 || b.length < 2) return Math.max(soft, nameSimilarity(a[0]!, b[0]!, { nicknames: true }) * 0.9);
  const given = (x: string[], y: string[]) => nameSimilarity(x[0]!, y[0]!, { nicknames: true });
  const family = (x: string[], y: string[]) => jaroWinkler(x[x.length - 1]!, y[y.length - 1]!);
  const straight = 0.4 * given(a, b) + 0.6 * family(a, b);
  const swapped = 0.4 * nameSimilarity(a[0]!, b[b.length - 1]!, { nicknames: true }) + 0.6 * jaroWinkler(a[a.length - 1]!, b[0]!);
  return Math.max(soft, straight, swapped * 0.95);
}

// Word numbers below this get their pair similarity cached under one small-integer key.
const cachedVocabulary = 1 << 15;
const maxCachedPairs = 1 << 20;

/**
 * `softTokenSimilarity` over prepared values, with the Jaro–Winkler of each
 * pair of words cached: street names, title words and company words repeat
 * across thousands of pairs. The cache belongs to this comparator (one per run).
 */
function cachedSoftTokens(): FieldComparator {
  const cache = new Map<number, number>();
  let bestRight = new Float64Array(24);
  const words = (left: string[], leftIds: number[], right: string[], rightIds: number[]) => {
    const la = Math.min(left.length, 24);
    const lb = Math.min(right.length, 24);
    if (la === 0 || lb === 0) return la === lb ? 1 : 0;
    if (bestRight.length < lb) bestRight = new Float64Array(lb);
    const best = bestRight;
    for (let j = 0; j < lb; j++) best[j] = 0;
    let sumLeft = 0;
    for (let i = 0; i < la; i++) {
      const a = leftIds[i]!;
      let bestLeft = 0;
      for (let j = 0; j < lb; j++) {
        const b = rightIds[j]!;
        let s: number;
        if (a === b) s = 1;
        else if (a < cachedVocabulary && b < cachedVocabulary) {
          const key = a < b ? a * cachedVocabulary + b : b * cachedVocabulary + a;
          const known = cache.get(key);
          if (known === undefined) {
            s = jaroWinkler(left[i]!, right[j]!);
            if (cache.size < maxCachedPairs) cache.set(key, s);
          } else s = known;
        } else s = jaroWinkler(left[i]!, right[j]!);
        if (s > bestLeft) bestLeft = s;
        if (s > best[j]!) best[j] = s;
      }
      sumLeft += bestLeft;
    }
    let sumRight = 0;
    for (let j = 0; j < lb; j++) sumRight += best[j]!;
    return (sumLeft / la + sumRight / lb) / 2;
  };
  return (left, right) => {
    if (!left.wordIds || !right.wordIds) return bestOfWords(softTokenSimilarity)(left, right);
    let result = 0;
    for (let i = 0; i < left.words.length; i++) {
      for (let j = 0; j < right.words.length; j++) {
        const s = words(left.words[i]!, left.wordIds[i]!, right.words[j]!, right.wordIds[j]!);
        if (s > result) result = s;
      }
    }
    return result;
  };
}

function shareOne(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** Whether every word of `a` is in `b`. */
function shareAll(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (!b.includes(x)) return false;
  return true;
}

/**
 * `nameSimilarity` over prepared values: nickname sets and phonetic codes
 * were computed once per record, not once per pair.
 */
const preparedNameSimilarity: FieldComparator = (left, right) => {
  let best = 0;
  for (let i = 0; i < left.values.length; i++) {
    const a = left.values[i]!;
    for (let j = 0; j < right.values.length; j++) {
      const b = right.values[j]!;
      let s: number;
      if (a === b) return 1;
      if (a.length === 1 || b.length === 1) s = a[0] === b[0] ? 0.8 : 0;
      else {
        s = jaroWinkler(a, b);
        if (s < 0.95) {
          const formalA = left.formal?.[i];
          const formalB = right.formal?.[j];
          if (formalA && formalB && shareOne(formalA, formalB)) s = 0.95;
          else {
            const wordsA = left.words[i]!;
            const wordsB = right.words[j]!;
            if (wordsA.length > 1 || wordsB.length > 1) {
              if (wordsA.length === wordsB.length) {
                if (shareAll(wordsA, wordsB)) s = Math.max(s, 0.95);
              } else if (wordsA.length < wordsB.length ? shareAll(wordsA, wordsB) : shareAll(wordsB, wordsA)) s = Math.max(s, 0.9);
            }
            if (s < 0.85) {
              const [pa, sa] = phoneticOf(left)[i]!;
              const [pb, sb] = phoneticOf(right)[j]!;
              if (pa.length > 0 && pb.length > 0 && (pa === pb || pa === sb || sa === pb || (sa.length > 0 && sa === sb))) s = 0.85;
            }
          }
        }
      }
      if (s > best) best = s;
    }
  }
  return best;
};

const phonetic: FieldComparator = (left, right) => {
  let best = 0;
  const a = phoneticOf(left);
  const b = phoneticOf(right);
  for (const [pa, sa] of a) {
    for (const [pb, sb] of b) {
      if (pa.length === 0 || pb.length === 0) continue;
      if (pa === pb) return 1;
      if (pa === sb || sa === pb || (sa.length > 0 && sa === sb)) best = 0.9;
    }
  }
  // Words without Latin letters have no code: fall back to equality.
  return best === 0 && a.every(([p]) => p.length === 0) ? exactSimilarity(left.values[0]!, right.values[0]!) : best;
};

/** The comparator function of a name. Nicknames count for fields prepared as given or person names only. */
export function fieldComparator(name: ComparatorName): FieldComparator {
  switch (name) {
    case 'exact':
      return bestOf(exactSimilarity);
    case 'jaroWinkler':
      return bestOf((a, b) => jaroWinkler(a, b));
    case 'levenshtein':
      return bestOf(levenshteinSimilarity);
    case 'tokenSet':
      return bestOfWords(sortedJaccard);
    case 'softTokens':
      return cachedSoftTokens();
    case 'tfidf':
      return (left, right) => (left.vector && right.vector ? cosine(left.vector, right.vector) : Number.NaN);
    case 'phonetic':
      return phonetic;
    case 'name':
      return preparedNameSimilarity;
    case 'personName':
      return bestOf(personNameSimilarity);
    case 'email':
      return bestOf(emailSimilarity);
    case 'phone':
      return bestOf(phoneSimilarity);
    case 'domain':
      return bestOf(domainSimilarity);
    case 'postcode':
      return bestOf(postcodeSimilarity);
    case 'date':
      return bestOf(dateSimilarity);
    case 'numeric':
      return bestOf(numericSimilarity);
    case 'codes':
      return (left, right) => (left.codes.length > 0 && right.codes.length > 0 ? codeSetSimilarity(left.codes, right.codes) : Number.NaN);
    case 'numbers':
      // "Part 1" and "part 2", "CS3" and "CS4" after folding, 500 GB and 1000 GB: different numbers say different things.
      return (left, right) => (left.numbers?.length && right.numbers?.length ? sortedJaccard(left.numbers, right.numbers) : Number.NaN);
  }
}

/** One column of a comparison matrix. */
export interface FeatureRef {
  field: string;
  comparator: ComparatorName;
  /** The field's first comparator: the one its agreement levels and reasons use. */
  primary: boolean;
}

/**
 * Similarities of many record pairs: `values[p * features.length + k]` is
 * feature `k` of pair `p`, `NaN` where either record lacks the field.
 */
export interface ComparisonMatrix {
  readonly features: readonly FeatureRef[];
  readonly rows: number;
  readonly values: Float32Array;
}

/** The columns a field-spec list produces, in order. */
export function featuresOf(fields: readonly ResolvedFieldSpec[]): FeatureRef[] {
  return fields.flatMap((spec) => spec.comparators.map((comparator, k) => ({ field: spec.field, comparator, primary: k === 0 })));
}

/** A function filling one pair's similarities into `out` (length = feature count). */
export type PairComparer = (left: number, right: number, out: Float32Array | Float64Array, offset?: number) => void;

/** Builds the comparer of a prepared record set. */
export function createPairComparer(prepared: PreparedRecords): PairComparer {
  const plan = prepared.fields.flatMap((spec, f) => spec.comparators.map((name) => ({ column: prepared.columns[f]!, compare: fieldComparator(name) })));
  return (left, right, out, offset = 0) => {
    for (let k = 0; k < plan.length; k++) {
      const { column, compare } = plan[k]!;
      const a = column[left];
      const b = column[right];
      out[offset + k] = a && b ? compare(a, b) : Number.NaN;
    }
  };
}

/**
 * Compares the pairs `(left[p], right[p])` of a prepared record set.
 *
 * @example
 * const matrix = comparePairs(prepared, Uint32Array.of(0, 0), Uint32Array.of(1, 2));
 * matrix.values[0]; // similarity of records 0 and 1 on the first feature
 */
export function comparePairs(prepared: PreparedRecords, left: ArrayLike<number>, right: ArrayLike<number>): ComparisonMatrix {
  const features = featuresOf(prepared.fields);
  const width = features.length;
  const rows = Math.min(left.length, right.length);
  const values = new Float32Array(rows * width);
  // Memory latency, not arithmetic, bounds this loop: every pair reads two
  // records' values scattered over the heap. So pairs are visited in tiles
  // of nearby records on both sides, one field at a time, which keeps the
  // values read recently in cache (about twice as fast as pair by pair).
  const order = tileOrder(left, right, rows);
  const plan = prepared.fields.flatMap((spec, f) => spec.comparators.map((name) => ({ column: prepared.columns[f]!, compare: fieldComparator(name) })));
  plan.forEach(({ column, compare }, k) => {
    for (let i = 0; i < rows; i++) {
      const p = order[i]!;
      const a = column[left[p]!];
      const b = column[right[p]!];
      values[p * width + k] = a && b ? compare(a, b) : Number.NaN;
    }
  });
  return { features, rows, values };
}

const tileBits = 9;

/** Pair indices ordered by (left tile, right tile, left, right): pairs among the same few hundred records come together. */
function tileOrder(left: ArrayLike<number>, right: ArrayLike<number>, rows: number): Uint32Array {
  const keys = new Float64Array(rows);
  for (let p = 0; p < rows; p++) {
    const a = left[p]!;
    const b = right[p]!;
    // Tile pair in the high bits, the pair index in the low 24: one numeric sort, no comparator calls.
    keys[p] = ((a >>> tileBits) * 16_384 + (b >>> tileBits)) * 16_777_216 + p;
  }
  // Beyond 2^24 pairs or 2^23 records the key would lose precision: keep the given order.
  if (rows >= 16_777_216 || keys.some((k) => k >= Number.MAX_SAFE_INTEGER)) return Uint32Array.from({ length: rows }, (_, p) => p);
  keys.sort();
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = keys[i]! % 16_777_216;
  return order;
}
