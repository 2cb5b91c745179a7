import { describe, expect, it } from 'vitest';
import { pairwiseMetrics, truePairsOf } from './pairwise-metrics';

describe('pairwiseMetrics', () => {
  it('counts every same-entity pair as a true pair', () => {
    expect(truePairsOf(['a', 'a', 'a', 'b', 'c', 'c'])).toBe(4);
  });

  it('scores predicted pairs against the entities, recall over all true pairs', () => {
    const metrics = pairwiseMetrics([0, 2], [1, 3], ['a', 'a', 'b', 'c']);
    expect(metrics).toMatchObject({ truePairs: 1, predictedPairs: 2, truePositives: 1, precision: 0.5, recall: 1 });
    expect(metrics.f1).toBeCloseTo(2 / 3, 10);
    expect(pairwiseMetrics([], [], ['a', 'a']).recall).toBe(0);
  });
});
