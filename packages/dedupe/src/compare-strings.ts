/**
 * String similarities, each 0..1 (1 = identical). Inputs are expected to be
 * normalised already (see normalise-*.ts); both sides empty count as equal,
 * one side empty as 0. Edit-distance comparators look at the first
 * `maxCompareLength` characters only: their cost grows with the product of
 * the lengths, and a 10 KB cell must not stall a run of a million pairs.
 */

/** Characters compared by the edit-distance and Jaro comparators. */
export const maxCompareLength = 128;

// Scratch buffers reused across calls: these comparators run millions of times
// per deduplication and allocating per call dominated their cost. JavaScript
// runs one call at a time, so sharing them is safe; they hold no state between calls.
let rowA = new Int32Array(maxCompareLength + 2);
let rowB = new Int32Array(maxCompareLength + 2);
let rowC = new Int32Array(maxCompareLength + 2);
let flagsA = new Uint8Array(maxCompareLength);
let flagsB = new Uint8Array(maxCompareLength);

function ensureScratch(length: number): void {
  if (rowA.length >= length + 2) return;
  rowA = new Int32Array(length + 2);
  rowB = new Int32Array(length + 2);
  rowC = new Int32Array(length + 2);
  flagsA = new Uint8Array(length);
  flagsB = new Uint8Array(length);
}

// Soft token similarity looks at 24 words a side, so a hostile 10 KB value cannot make a quadratic token loop.
const maxSoftTokens = 24;
const bestRight = new Float64Array(maxSoftTokens);


/**
 * Jaro similarity: shared characters within a sliding window, penalised for
 * transpositions.
 *
 * @example
 * jaro('martha', 'marhta'); // 0.944…
 */
export function jaro(left: string, right: string): number {
  if (left === right) return 1;
  const a = left.length > maxCompareLength ? left.slice(0, maxCompareLength) : left;
  const b = right.length > maxCompareLength ? right.slice(0, maxCompareLength) : right;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la || flagsB.length < lb) ensureScratch(Math.max(la, lb));
  const fa = flagsA;
  const fb = flagsB;
  for (let i = 0; i < la; i++) fa[i] = 0;
  for (let j = 0; j < lb; j++) fb[j] = 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (fb[j] === 0 && b.charCodeAt(j) === c) {
        fa[i] = 1;
        fb[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (fa[i] === 0) continue;
    while (fb[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/**
 * Jaro–Winkler similarity: Jaro, raised for a shared prefix of up to four
 * characters when Jaro is above 0.7 (Winkler's boost threshold).
 *
 * @example
 * jaroWinkler('dwayne', 'duane'); // 0.84
 */
export function jaroWinkler(left: string, right: string, prefixScale = 0.1): number {
  const j = jaro(left, right);
  if (j <= 0.7) return j;
  const limit = Math.min(4, left.length, right.length);
  let prefix = 0;
  while (prefix < limit && left.charCodeAt(prefix) === right.charCodeAt(prefix)) prefix++;
  return j + prefix * prefixScale * (1 - j);
}

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form:
 * insertions, deletions, substitutions and transpositions of two adjacent
 * characters each cost 1.
 *
 * @example
 * damerauLevenshtein('smith', 'smtih'); // 1
 */
export function damerauLevenshtein(left: string, right: string): number {
  if (left === right) return 0;
  const a = left.length > maxCompareLength ? left.slice(0, maxCompareLength) : left;
  const b = right.length > maxCompareLength ? right.slice(0, maxCompareLength) : right;
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (rowA.length < lb + 2) ensureScratch(Math.max(la, lb));
  let twoBack = rowA;
  let previous = rowB;
  let current = rowC;
  for (let j = 0; j <= lb; j++) previous[j] = j;
  for (let i = 1; i <= la; i++) {
    current[0] = i;
    const ca = a.charCodeAt(i - 1);
    const caBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    let cbBefore = -1;
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const deletion = previous[j]! + 1;
      const insertion = current[j - 1]! + 1;
      const substitution = previous[j - 1]! + (ca === cb ? 0 : 1);
      let best = deletion < insertion ? deletion : insertion;
      if (substitution < best) best = substitution;
      if (ca === cbBefore && caBefore === cb) {
        const transposition = twoBack[j - 2]! + 1;
        if (transposition < best) best = transposition;
      }
      current[j] = best;
      cbBefore = cb;
    }
    const spare = twoBack;
    twoBack = previous;
    previous = current;
    current = spare;
  }
  return previous[lb]!;
}

/**
 * Normalised Damerau–Levenshtein similarity: 1 − distance / longer length.
 *
 * @example
 * levenshteinSimilarity('jon', 'john'); // 0.75
 */
export function levenshteinSimilarity(left: string, right: string): number {
  const longer = Math.min(maxCompareLength, Math.max(left.length, right.length));
  if (longer === 0) return 1;
  return 1 - Math.min(longer, damerauLevenshtein(left, right)) / longer;
}

/** Splits a normalised string on spaces, dropping empty tokens. */
export function tokens(value: string): string[] {
  return value.split(' ').filter((t) => t.length > 0);
}

/**
 * Jaccard similarity of two token sets: shared / all distinct tokens.
 *
 * @example
 * jaccard(['acme', 'corp'], ['acme']); // 0.5
 */
export function jaccard(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 && right.length === 0) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  const a = new Set(left);
  const b = new Set(right);
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Token-set similarity of two strings: Jaccard of their space-separated
 * tokens, so word order does not matter.
 *
 * @example
 * tokenSetSimilarity('12 high street', 'high street 12'); // 1
 */
export function tokenSetSimilarity(left: string, right: string): number {
  return jaccard(tokens(left), tokens(right));
}

/**
 * Soft token similarity (symmetric Monge–Elkan): every token is matched to
 * its most similar token on the other side by Jaro–Winkler, and the averages
 * of both directions are averaged. Tolerates typos inside words and a
 * different word order; a missing word lowers it in proportion.
 *
 * @example
 * softTokenSimilarity('acme widgets', 'widgets acmee'); // ≈ 0.98
 */
export function softTokenSimilarity(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 && right.length === 0) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  const la = Math.min(left.length, maxSoftTokens);
  const lb = Math.min(right.length, maxSoftTokens);
  if (la === lb) {
    let same = true;
    for (let i = 0; i < la && same; i++) same = left[i] === right[i];
    if (same) return 1;
  }
  bestRight.fill(0, 0, lb);
  let sumA = 0;
  for (let i = 0; i < la; i++) {
    const ta = left[i]!;
    let best = 0;
    for (let j = 0; j < lb; j++) {
      const tb = right[j]!;
      const s = ta === tb ? 1 : jaroWinkler(ta, tb);
      if (s > best) best = s;
      if (s > bestRight[j]!) bestRight[j] = s;
    }
    sumA += best;
  }
  let sumB = 0;
  for (let j = 0; j < lb; j++) sumB += bestRight[j]!;
  return (sumA / la + sumB / lb) / 2;
}

/**
 * Jaccard similarity of two sorted arrays of distinct tokens, without
 * building sets: the comparators' fast path.
 */
export function sortedJaccard(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 && right.length === 0) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < left.length && j < right.length) {
    const a = left[i]!;
    const b = right[j]!;
    if (a === b) {
      shared++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return shared / (left.length + right.length - shared);
}
