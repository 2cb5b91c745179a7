import { describe, expect, it } from 'vitest';
import { logisticData } from '../internal/test-support';
import { loadLogisticRegression, trainLogisticRegression } from './logistic-regression';
import { auc } from './metrics';

const trueWeights = [2, -1.5, 0.8, 0];

describe('trainLogisticRegression', () => {
  it('recovers the signs and rough size of the true weights', () => {
    const { x, y } = logisticData(4000, trueWeights, -0.5, 11);
    const model = trainLogisticRegression(x, y, { l2: 1e-4 });
    expect(Math.sign(model.weights[0]!)).toBe(1);
    expect(Math.sign(model.weights[1]!)).toBe(-1);
    expect(Math.sign(model.weights[2]!)).toBe(1);
    trueWeights.forEach((w, j) => expect(Math.abs(model.weights[j]! - w)).toBeLessThan(0.25));
    expect(model.intercept).toBeCloseTo(-0.5, 0);
  });

  it('ranks unseen rows from the same process well', () => {
    const train = logisticData(2000, trueWeights, 0, 1);
    const test = logisticData(1000, trueWeights, 0, 2);
    const model = trainLogisticRegression(train.x, train.y);
    expect(auc(test.x.map((row) => model.predict(row)), test.y)).toBeGreaterThan(0.85);
  });

  it('is deterministic: the same rows give the same model', () => {
    const { x, y } = logisticData(500, trueWeights, 0, 3);
    expect(trainLogisticRegression(x, y).toJSON()).toEqual(trainLogisticRegression(x, y).toJSON());
  });

  it('keeps weights finite on perfectly separable data', () => {
    const x = [-2, -1, 1, 2].map((v) => Float64Array.of(v));
    const model = trainLogisticRegression(x, [0, 0, 1, 1], { l2: 1e-2 });
    expect(Number.isFinite(model.weights[0]!)).toBe(true);
    expect(model.predict(Float64Array.of(3))).toBeGreaterThan(0.9);
    expect(model.predict(Float64Array.of(-3))).toBeLessThan(0.1);
  });

  it('with balanced class weights predicts the rare class more often', () => {
    const { x, y } = logisticData(3000, trueWeights, -2.5, 5);
    const plain = trainLogisticRegression(x, y);
    const balanced = trainLogisticRegression(x, y, { classWeight: 'balanced' });
    const mean = (m: typeof plain) => x.reduce((a, row) => a + m.predict(row), 0) / x.length;
    const share = y.reduce((a, b) => a + b, 0) / y.length;
    expect(mean(plain)).toBeCloseTo(share, 2);
    expect(mean(balanced)).toBeGreaterThan(mean(plain) + 0.05);
  });

  it('rejects labels other than 0 and 1, and rows of one class', () => {
    const x = [Float64Array.of(1), Float64Array.of(2)];
    expect(() => trainLogisticRegression(x, [0, 2])).toThrow(RangeError);
    expect(() => trainLogisticRegression(x, [1, 1])).toThrow(/both classes/);
  });
});

describe('explain', () => {
  it('lists the largest weight × value contributions first, with their direction', () => {
    const model = loadLogisticRegression({ format: 'nexus.logistic-regression', version: 1, featureNames: ['visits', 'bounced', 'unused'], weights: [0.5, -2, 3], intercept: 0 });
    const factors = model.explain(Float64Array.of(4, 1, 0));
    expect(factors).toEqual([
      { feature: 'visits', contribution: 2, direction: 'raises' },
      { feature: 'bounced', contribution: -2, direction: 'lowers' },
    ]);
    expect(model.explain(Float64Array.of(4, 1, 0), 1)).toHaveLength(1);
  });
});

describe('loadLogisticRegression', () => {
  it('round-trips through JSON with identical predictions', () => {
    const { x, y } = logisticData(300, trueWeights, 0, 9);
    const model = trainLogisticRegression(x, y, { featureNames: ['a', 'b', 'c', 'd'] });
    const restored = loadLogisticRegression(JSON.parse(JSON.stringify(model)));
    expect(restored.featureNames).toEqual(['a', 'b', 'c', 'd']);
    for (const row of x.slice(0, 20)) expect(restored.predict(row)).toBe(model.predict(row));
  });

  it('rejects rows of the wrong width', () => {
    const model = loadLogisticRegression({ format: 'nexus.logistic-regression', version: 1, featureNames: ['a'], weights: [1], intercept: 0 });
    expect(() => model.predict(Float64Array.of(1, 2))).toThrow(RangeError);
  });
});
