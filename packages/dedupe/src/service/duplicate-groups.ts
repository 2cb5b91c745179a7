import { createHash } from 'node:crypto';
import { AppError } from '@nexus/platform';
import { clusterPairs } from '../cluster-pairs';
import type { ScoredPair } from './duplicate-store';

/** A set of records that look like one, as the API lists it. */
export interface DuplicateGroupView {
  /** Stable while the group's members stay the same. */
  id: string;
  /** Average score over the pairs of members, 0..1. */
  score: number;
  /** Record ids, oldest first (ids are time-ordered). */
  records: string[];
  /** The fields that matched across the group, strongest evidence first, with their average similarity. */
  reasons: { field: string; similarity: number }[];
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * A group's id: a UUID (version 8) derived from the object and its members,
 * so that the same group gets the same id on every listing and a group whose
 * members changed gets a new one.
 */
export function groupId(object: string, ids: readonly string[]): string {
  const hex = createHash('sha256').update(`${object}:${[...ids].sort().join(',')}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Groups stored pairs into duplicate sets (average linkage, so A~B and B~C
 * do not join A and C unless they are alike too), strongest first.
 *
 * @example
 * groupPairs('contacts', [{ a: 'c1', b: 'c2', score: 0.97, reasons: [...] }], { threshold: 0.5 });
 * // [{ id: '…', score: 0.97, records: ['c1', 'c2'], reasons: [{ field: 'emails', similarity: 1 }, …] }]
 */
export function groupPairs(object: string, pairs: readonly ScoredPair[], options: { threshold: number; maxGroupSize: number }): DuplicateGroupView[] {
  const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const scoreByPair = new Map(pairs.map((p) => [`${index.get(p.a)!}:${index.get(p.b)!}`, p.score]));
  const clusters = clusterPairs({
    recordCount: ids.length,
    left: pairs.map((p) => index.get(p.a)!),
    right: pairs.map((p) => index.get(p.b)!),
    scores: pairs.map((p) => p.score),
    threshold: options.threshold,
    maxGroupSize: options.maxGroupSize,
    // Members not stored as a pair were not alike enough to be one.
    scoreOf: (x, y) => scoreByPair.get(`${Math.min(x, y)}:${Math.max(x, y)}`) ?? 0,
  });
  const pairsOf = new Map<number, ScoredPair[]>();
  const clusterOf = new Map<string, number>();
  clusters.forEach((cluster, c) => cluster.members.forEach((m) => clusterOf.set(ids[m]!, c)));
  for (const pair of pairs) {
    const c = clusterOf.get(pair.a);
    if (c === undefined || clusterOf.get(pair.b) !== c) continue;
    pairsOf.set(c, [...(pairsOf.get(c) ?? []), pair]);
  }
  const groups = clusters.map((cluster, c): DuplicateGroupView => {
    const records = cluster.members.map((m) => ids[m]!);
    const inside = pairsOf.get(c) ?? [];
    const byField = new Map<string, { similarity: number; weight: number; count: number }>();
    for (const pair of inside) {
      for (const reason of pair.reasons) {
        const sum = byField.get(reason.field) ?? { similarity: 0, weight: 0, count: 0 };
        sum.similarity += reason.similarity;
        sum.weight += reason.weight;
        sum.count += 1;
        byField.set(reason.field, sum);
      }
    }
    const reasons = [...byField]
      .filter(([, sum]) => sum.count * 2 > inside.length)
      .sort(([fa, a], [fb, b]) => b.weight / b.count - a.weight / a.count || fa.localeCompare(fb))
      .map(([field, sum]) => ({ field, similarity: round(sum.similarity / sum.count) }));
    return { id: groupId(object, records), score: round(cluster.score), records, reasons };
  });
  return groups.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

function encodeCursor(group: DuplicateGroupView): string {
  return Buffer.from(JSON.stringify([group.score, group.id])).toString('base64url');
}

function decodeCursor(cursor: string): { score: number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') return { score: parsed[0], id: parsed[1] };
  } catch {
    // falls through to the refusal below
  }
  throw new AppError('invalid_cursor', 'The cursor is not one this API gave out');
}

/** One page of groups sorted by score (then id), after the cursor's group. */
export function pageGroups(groups: readonly DuplicateGroupView[], limit: number, cursor: string | undefined): { data: DuplicateGroupView[]; nextCursor: string | null } {
  let rest = groups;
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    rest = groups.filter((g) => g.score < after.score || (g.score === after.score && g.id > after.id));
  }
  const data = rest.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rest.length > limit && last ? encodeCursor(last) : null };
}
