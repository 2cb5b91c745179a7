import type { DocRef } from '../ports';

/** Reciprocal rank fusion's damping constant (Cormack et al.). */
const k = 60;

export interface RankedList<T extends DocRef> {
  hits: readonly T[];
  weight: number;
}

/**
 * Merges ranked lists by reciprocal rank fusion: each list adds
 * weight / (k + rank) to a hit, so a record several lists agree on rises, and
 * scores of different engines never need to be comparable.
 */
export function fuseRanks<T extends DocRef>(lists: readonly RankedList<T>[], limit: number): Array<{ hit: T; score: number }> {
  const merged = new Map<string, { hit: T; score: number; best: number }>();
  for (const list of lists) {
    list.hits.forEach((hit, index) => {
      const key = `${hit.type}:${hit.id}`;
      const add = list.weight / (k + index + 1);
      const entry = merged.get(key);
      if (entry) {
        entry.score += add;
        entry.best = Math.min(entry.best, index);
      } else merged.set(key, { hit, score: add, best: index });
    });
  }
  return [...merged.values()]
    .sort((a, b) => b.score - a.score || a.best - b.best || `${a.hit.type}:${a.hit.id}`.localeCompare(`${b.hit.type}:${b.hit.id}`))
    .slice(0, limit)
    .map(({ hit, score }) => ({ hit, score }));
}

/**
 * How many leading places of a list with weight `weight` score more than the
 * first place of another list with weight `otherWeight` alone: a hit found
 * only by the other list can never rise above those places.
 *
 * @example
 * placesAhead(1, 0.6); // 41: rank 41 scores 1/101, above 0.6/61; rank 42 does not
 */
export function placesAhead(weight: number, otherWeight: number): number {
  // weight / (k + r) > otherWeight / (k + 1)  ⇔  r < weight * (k + 1) / otherWeight - k
  return Math.max(0, Math.ceil((weight * (k + 1)) / otherWeight - k) - 1);
}
