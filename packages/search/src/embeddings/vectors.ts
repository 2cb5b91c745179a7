/**
 * True when every component is zero: what an embedder returns for text it has
 * nothing to say about (LSA for text with no known term). Such a vector has no
 * direction, so callers skip it instead of storing or querying with it.
 *
 * @example
 * const [vector] = await embedder.embed([text], 'document');
 * if (vector && !isZeroVector(vector)) items.push({ type, id, values: vector, ownerIds });
 */
export function isZeroVector(vector: ArrayLike<number>): boolean {
  for (let i = 0; i < vector.length; i++) {
    if (vector[i] !== 0) return false;
  }
  return true;
}
