/** An L2-normalised sparse vector: ascending token ids with their weights. */
export interface SparseVector {
  ids: Int32Array;
  weights: Float32Array;
}

/**
 * Builds TF-IDF vectors for one field over a set of documents (token lists).
 * Document frequencies come from these documents only: no labels, and no
 * state shared between runs.
 */
export function buildTfidfVectors(documents: readonly (readonly string[] | null)[]): (SparseVector | null)[] {
  const vocabulary = new Map<string, number>();
  const frequency: number[] = [];
  let present = 0;
  const counted: (Map<number, number> | null)[] = documents.map((doc) => {
    if (!doc || doc.length === 0) return null;
    present++;
    const counts = new Map<number, number>();
    for (const token of doc) {
      let id = vocabulary.get(token);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(token, id);
        frequency.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of counts.keys()) frequency[id]!++;
    return counts;
  });
  return counted.map((counts) => {
    if (!counts) return null;
    const ids = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const weights = new Float32Array(ids.length);
    let norm = 0;
    ids.forEach((id, k) => {
      const w = (1 + Math.log(counts.get(id)!)) * (Math.log((present + 1) / (frequency[id]! + 1)) + 1);
      weights[k] = w;
      norm += w * w;
    });
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < weights.length; k++) weights[k] = weights[k]! / norm;
    return { ids, weights };
  });
}

/** Cosine of two normalised sparse vectors. */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  const ai = a.ids;
  const bi = b.ids;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) {
      dot += a.weights[i]! * b.weights[j]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return Math.min(1, dot);
}
