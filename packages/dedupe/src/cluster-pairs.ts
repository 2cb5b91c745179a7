import { AppError } from '@nexus/platform';

export interface ClusterInput {
  /** Records are numbered 0 … recordCount − 1. */
  recordCount: number;
  /** Scored pairs: `(left[p], right[p])` scored `scores[p]`, 0..1. */
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  scores: ArrayLike<number>;
  /** Pairs at or above it link records into candidate groups. */
  threshold: number;
  /**
   * A group stays together only while the average score over all its
   * member pairs is at least this; default `threshold`. This is the guard
   * against chaining: A~B and B~C do not put A with C unless A and C are alike too.
   */
  linkThreshold?: number;
  /** Largest group; bigger linked sets are cut at their weakest links first. Default 50. */
  maxGroupSize?: number;
  /**
   * Scores a pair of members that was not among the scored pairs (blocking
   * did not propose it). Default: such pairs count as 0, different.
   */
  scoreOf?: (a: number, b: number) => number;
}

export interface Cluster {
  /** Record indices, ascending. */
  members: number[];
  /** Average score over every pair of members. */
  score: number;
  /** Lowest score of any pair of members. */
  weakestLink: number;
}

function createUnionFind(size: number) {
  const parent = new Int32Array(size);
  const count = new Int32Array(size).fill(1);
  for (let i = 0; i < size; i++) parent[i] = i;
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[x] !== root) {
      const next = parent[x]!;
      parent[x] = root;
      x = next;
    }
    return root;
  };
  return { find, count, parent };
}

/**
 * Groups scored pairs into duplicate sets. Pairs at or above `threshold`
 * link records (strongest first, never beyond `maxGroupSize`); each linked
 * set of three or more is then re-clustered by average linkage over all its
 * member pairs, so a chain of pairwise look-alikes splits where its ends
 * do not match.
 *
 * @example
 * clusterPairs({ recordCount: 4, left: [0, 1], right: [1, 2], scores: [0.97, 0.9], threshold: 0.5 });
 * // [{ members: [0, 1, 2], score: …, weakestLink: … }] if 0 and 2 are alike too, else [{ members: [0, 1] …}]
 */
export function clusterPairs(input: ClusterInput): Cluster[] {
  const { recordCount, left, right, scores, threshold } = input;
  const linkThreshold = input.linkThreshold ?? threshold;
  const maxGroupSize = input.maxGroupSize ?? 50;
  if (!(threshold >= 0 && threshold <= 1) || !(linkThreshold >= 0 && linkThreshold <= 1)) throw new AppError('validation_failed', 'thresholds must be within 0..1');
  if (!(Number.isInteger(maxGroupSize) && maxGroupSize >= 2)) throw new AppError('validation_failed', 'maxGroupSize must be a whole number of at least 2');
  const pairCount = Math.min(left.length, right.length, scores.length);

  const strong: number[] = [];
  for (let p = 0; p < pairCount; p++) if (scores[p]! >= threshold && left[p] !== right[p]) strong.push(p);
  strong.sort((a, b) => scores[b]! - scores[a]!);
  const sets = createUnionFind(recordCount);
  for (const p of strong) {
    const a = sets.find(left[p]!);
    const b = sets.find(right[p]!);
    if (a === b || sets.count[a]! + sets.count[b]! > maxGroupSize) continue;
    const [big, small] = sets.count[a]! >= sets.count[b]! ? [a, b] : [b, a];
    sets.parent[small] = big;
    sets.count[big] = sets.count[big]! + sets.count[small]!;
  }

  const membersOf = new Map<number, number[]>();
  for (const p of strong) {
    for (const r of [left[p]!, right[p]!]) {
      const root = sets.find(r);
      const members = membersOf.get(root);
      if (!members) membersOf.set(root, [r]);
      else if (!members.includes(r)) members.push(r);
    }
  }
  // Every scored pair inside a set, strong or weak: the average linkage needs them all.
  const known = new Map<number, Map<number, number>>();
  for (let p = 0; p < pairCount; p++) {
    const a = left[p]!;
    const b = right[p]!;
    const root = sets.find(a);
    if (root !== sets.find(b) || (membersOf.get(root)?.length ?? 0) < 3) continue;
    let byRoot = known.get(root);
    if (!byRoot) {
      byRoot = new Map<number, number>();
      known.set(root, byRoot);
    }
    byRoot.set(Math.min(a, b) * recordCount + Math.max(a, b), scores[p]!);
  }

  const clusters: Cluster[] = [];
  for (const [root, members] of membersOf) {
    if (members.length < 2) continue;
    const scored = known.get(root);
    const similarity = (a: number, b: number) => {
      const key = Math.min(a, b) * recordCount + Math.max(a, b);
      const s = scored?.get(key);
      if (s !== undefined) return s;
      return input.scoreOf ? input.scoreOf(a, b) : 0;
    };
    for (const group of averageLinkage(members, similarity, linkThreshold)) if (group.members.length >= 2) clusters.push(group);
  }
  return clusters.sort((a, b) => b.score - a.score || a.members[0]! - b.members[0]!);
}

/** Agglomerative clustering by average linkage, merging while the best average link is at least `threshold`. */
function averageLinkage(members: readonly number[], similarity: (a: number, b: number) => number, threshold: number): Cluster[] {
  const k = members.length;
  const sorted = [...members].sort((a, b) => a - b);
  const s = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) s[i * k + j] = s[j * k + i] = similarity(sorted[i]!, sorted[j]!);
  let groups: number[][] = sorted.map((_, i) => [i]);
  const link = (x: number[], y: number[]) => {
    let sum = 0;
    for (const i of x) for (const j of y) sum += s[i * k + j]!;
    return sum / (x.length * y.length);
  };
  for (;;) {
    let best = -1;
    let bestX = -1;
    let bestY = -1;
    for (let x = 0; x < groups.length; x++) {
      for (let y = x + 1; y < groups.length; y++) {
        const l = link(groups[x]!, groups[y]!);
        if (l > best) [best, bestX, bestY] = [l, x, y];
      }
    }
    if (bestX < 0 || best < threshold) break;
    const merged = [...groups[bestX]!, ...groups[bestY]!];
    groups = groups.filter((_, g) => g !== bestX && g !== bestY);
    groups.push(merged);
  }
  return groups.map((group) => {
    let sum = 0;
    let weakest = 1;
    let pairs = 0;
    for (let a = 0; a < group.length; a++) {
      for (let b = a + 1; b < group.length; b++) {
        const v = s[group[a]! * k + group[b]!]!;
        sum += v;
        weakest = Math.min(weakest, v);
        pairs++;
      }
    }
    return { members: group.map((i) => sorted[i]!).sort((a, b) => a - b), score: pairs === 0 ? 0 : sum / pairs, weakestLink: pairs === 0 ? 0 : weakest };
  });
}
