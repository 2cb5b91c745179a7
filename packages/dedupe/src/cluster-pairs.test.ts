import { describe, expect, it } from 'vitest';
import { clusterPairs } from './cluster-pairs';

const members = (clusters: { members: number[] }[]) => clusters.map((c) => c.members);

describe('clusterPairs', () => {
  it('groups a triangle of look-alikes', () => {
    const clusters = clusterPairs({ recordCount: 4, left: [0, 0, 1], right: [1, 2, 2], scores: [0.95, 0.9, 0.92], threshold: 0.5 });
    expect(members(clusters)).toEqual([[0, 1, 2]]);
    expect(clusters[0]!.weakestLink).toBe(0.9);
    expect(clusters[0]!.score).toBeCloseTo((0.95 + 0.9 + 0.92) / 3, 10);
  });

  it('does not chain: A~B and B~C leave C out when A and C differ', () => {
    const scoreOf = () => 0.05;
    const clusters = clusterPairs({ recordCount: 3, left: [0, 1], right: [1, 2], scores: [0.95, 0.9], threshold: 0.5, scoreOf });
    expect(members(clusters)).toEqual([[0, 1]]);
  });

  it('counts an unscored pair as different when no scorer is given', () => {
    const clusters = clusterPairs({ recordCount: 5, left: [0, 1, 2, 3], right: [1, 2, 3, 4], scores: [0.99, 0.99, 0.99, 0.99], threshold: 0.5 });
    for (const cluster of clusters) expect(cluster.members.length).toBeLessThanOrEqual(2);
  });

  it('keeps a chain whose ends match too, when the scorer says so', () => {
    const clusters = clusterPairs({ recordCount: 3, left: [0, 1], right: [1, 2], scores: [0.95, 0.9], threshold: 0.5, scoreOf: () => 0.8 });
    expect(members(clusters)).toEqual([[0, 1, 2]]);
  });

  it('never builds a group above maxGroupSize', () => {
    const left: number[] = [];
    const right: number[] = [];
    const scores: number[] = [];
    for (let i = 0; i < 10; i++) {
      for (let j = i + 1; j < 10; j++) {
        left.push(i);
        right.push(j);
        scores.push(0.9);
      }
    }
    const clusters = clusterPairs({ recordCount: 10, left, right, scores, threshold: 0.5, maxGroupSize: 4 });
    for (const cluster of clusters) expect(cluster.members.length).toBeLessThanOrEqual(4);
    expect(clusters.reduce((n, c) => n + c.members.length, 0)).toBeGreaterThanOrEqual(8);
  });

  it('ignores pairs below the threshold', () => {
    expect(clusterPairs({ recordCount: 2, left: [0], right: [1], scores: [0.4], threshold: 0.5 })).toEqual([]);
  });
});
