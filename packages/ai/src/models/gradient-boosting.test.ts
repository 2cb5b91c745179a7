import { describe, expect, it } from 'vitest';
import { createRandom } from '../internal/random';
import { loadGradientBoosting, trainGradientBoosting } from './gradient-boosting';
import { trainLogisticRegression } from './logistic-regression';
import { auc } from './metrics';

/** The outcome is an interaction: positive when exactly one of the first two inputs is positive. A third input is noise. */
function xorData(n: number, seed: number): { x: Float64Array[]; y: number[] } {
  const random = createRandom(seed);
  const x: Float64Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Float64Array.of(random() * 2 - 1, random() * 2 - 1, random());
    x.push(row);
    const positive = row[0]! > 0 !== row[1]! > 0;
    // 10% label noise: the trees must not chase it.
    y.push(random() < 0.1 ? (positive ? 0 : 1) : positive ? 1 : 0);
  }
  return { x, y };
}

describe('trainGradientBoosting', () => {
  it('learns an interaction a linear model cannot', () => {
    const train = xorData(2000, 1);
    const test = xorData(1000, 2);
    const trees = trainGradientBoosting(train.x, train.y, { trees: 100, learningRate: 0.1 });
    const linear = trainLogisticRegression(train.x, train.y);
    expect(auc(test.x.map((row) => trees.predict(row)), test.y)).toBeGreaterThan(0.85);
    expect(auc(test.x.map((row) => linear.predict(row)), test.y)).toBeLessThan(0.6);
  });

  it('is deterministic for a seed', () => {
    const { x, y } = xorData(300, 3);
    expect(trainGradientBoosting(x, y, { trees: 20, seed: 5 }).toJSON()).toEqual(trainGradientBoosting(x, y, { trees: 20, seed: 5 }).toJSON());
  });

  it('keeps trees within the depth limit and leaves above the minimum size', () => {
    const { x, y } = xorData(500, 4);
    const json = trainGradientBoosting(x, y, { trees: 10, maxDepth: 2, minLeafSize: 400, subsample: 1 }).toJSON();
    // 500 rows cannot split into two leaves of 400: every tree is a single leaf.
    for (const tree of json.trees) expect(tree.feature).toEqual([-1]);
  });

  it('rejects rows of one class and bad options', () => {
    const x = [Float64Array.of(1), Float64Array.of(2)];
    expect(() => trainGradientBoosting(x, [0, 0])).toThrow(/both classes/);
    expect(() => trainGradientBoosting(x, [0, 1], { maxDepth: 9 })).toThrow(RangeError);
  });
});

describe('explain', () => {
  it('attributes the margin to the inputs on each path, adding up to it', () => {
    const { x, y } = xorData(1000, 6);
    const model = trainGradientBoosting(x, y, { trees: 50, learningRate: 0.1, featureNames: ['a', 'b', 'noise'] });
    const json = model.toJSON();
    for (const row of x.slice(0, 10)) {
      const factors = model.explain(row, 3);
      const total = factors.reduce((sum, f) => sum + f.contribution, 0);
      expect(json.baseMargin + json.trees.reduce((sum, t) => sum + t.value[0]!, 0) + total).toBeCloseTo(model.margin(row), 6);
      for (const f of factors) expect(f.direction).toBe(f.contribution > 0 ? 'raises' : 'lowers');
    }
    // The noise input should matter least.
    const weightOf = (name: string) => x.slice(0, 100).reduce((sum, row) => sum + Math.abs(model.explain(row, 3).find((f) => f.feature === name)?.contribution ?? 0), 0);
    expect(weightOf('noise')).toBeLessThan(weightOf('a'));
    expect(weightOf('noise')).toBeLessThan(weightOf('b'));
  });
});

describe('loadGradientBoosting', () => {
  it('round-trips through JSON with identical predictions', () => {
    const { x, y } = xorData(400, 7);
    const model = trainGradientBoosting(x, y, { trees: 30 });
    const restored = loadGradientBoosting(JSON.parse(JSON.stringify(model)));
    for (const row of x.slice(0, 20)) expect(restored.predict(row)).toBe(model.predict(row));
  });

  it('rejects trees whose children point outside the tree', () => {
    const json = { format: 'nexus.gradient-boosting', version: 1, featureNames: ['a'], baseMargin: 0, trees: [{ feature: [0], threshold: [0], left: [5], right: [6], value: [0] }] } as const;
    expect(() => loadGradientBoosting(structuredClone(json) as never)).toThrow(RangeError);
  });
});
