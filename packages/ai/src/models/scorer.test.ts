import { describe, expect, it } from 'vitest';
import { leadRecords as leads, leadSpecs as specs } from '../internal/test-support';
import { auc } from './metrics';
import { loadScorer, trainScorer } from './scorer';

describe.each(['logistic-regression', 'gradient-boosting'] as const)('a %s scorer', (model) => {
  const train = leads(1500, 1);
  const test = leads(500, 2);
  const scorer = trainScorer(train.rows, train.labels, specs, { model, gradientBoosting: { trees: 100, learningRate: 0.1 } });

  it('ranks unseen records well', () => {
    expect(scorer.kind).toBe(model);
    expect(auc(test.rows.map((row) => scorer.predict(row)), test.labels)).toBeGreaterThan(0.85);
  });

  it('explains a score with the fields that drive it', () => {
    const { probability, factors } = scorer.score({ source: 'Referral', minutes: '55', city: 'Lyon', newsletter: 'No' }, 2);
    expect(probability).toBeGreaterThan(0.9);
    expect(factors.map((f) => f.feature).sort()).toEqual(['minutes', 'source=Referral']);
    expect(factors.every((f) => f.direction === 'raises')).toBe(true);
  });

  it('round-trips through JSON with identical scores', () => {
    const restored = loadScorer(JSON.parse(JSON.stringify(scorer)));
    for (const row of test.rows.slice(0, 20)) expect(restored.score(row)).toEqual(scorer.score(row));
  });
});
