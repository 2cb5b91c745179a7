/** Pairwise quality of a deduplication against known entities. */
export interface PairwiseMetrics {
  /** Pairs of records that are the same entity. */
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  /** 1 when nothing was predicted (no false alarm was raised). */
  precision: number;
  recall: number;
  f1: number;
}

/** Number of same-entity record pairs given each record's entity. */
export function truePairsOf(entityOf: ArrayLike<string | number>): number {
  const sizes = new Map<string | number, number>();
  for (let i = 0; i < entityOf.length; i++) sizes.set(entityOf[i]!, (sizes.get(entityOf[i]!) ?? 0) + 1);
  let pairs = 0;
  for (const size of sizes.values()) pairs += (size * (size - 1)) / 2;
  return pairs;
}

/**
 * Pairwise precision, recall and F1 of predicted duplicate pairs (each pair
 * once) against each record's true entity. Recall counts every true pair,
 * including those blocking never proposed.
 *
 * @example
 * pairwiseMetrics([0, 2], [1, 3], ['a', 'a', 'b', 'c']); // precision 0.5, recall 1, f1 0.667
 */
export function pairwiseMetrics(left: ArrayLike<number>, right: ArrayLike<number>, entityOf: ArrayLike<string | number>): PairwiseMetrics {
  const predictedPairs = Math.min(left.length, right.length);
  let truePositives = 0;
  for (let p = 0; p < predictedPairs; p++) if (entityOf[left[p]!] === entityOf[right[p]!]) truePositives++;
  const truePairs = truePairsOf(entityOf);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, truePositives, precision, recall, f1 };
}
