import { describe, expect, it } from 'vitest';
import { accuracy, auc, brierScore, calibration, labelAccuracy, logLoss, stratifiedKFold, stratifiedSplit, timeSplit } from './metrics';

describe('auc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('counts ties as one half', () => {
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // One positive above both negatives, one tied with one of them: (2 + 1.5) / 4.
    expect(auc([0.2, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875);
  });

  it('matches the pairwise definition on a mixed ranking', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it('is NaN when one class is absent', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
  });

  it('rejects scores and labels of different lengths', () => {
    expect(() => auc([0.1], [0, 1])).toThrow(RangeError);
  });
});

describe('brierScore, logLoss and accuracy', () => {
  it('scores a constant 0.5 at 0.25 Brier and ln 2 log loss', () => {
    expect(brierScore([0.5, 0.5, 0.5], [0, 1, 1])).toBe(0.25);
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.LN2, 12);
  });

  it('gives a perfect forecast Brier 0 and a finite log loss even when certain and wrong', () => {
    expect(brierScore([0, 1], [0, 1])).toBe(0);
    expect(Number.isFinite(logLoss([1, 0], [0, 1]))).toBe(true);
  });

  it('counts predictions at or above the threshold as positive', () => {
    expect(accuracy([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1])).toBe(0.75);
    expect(accuracy([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1], 0.95)).toBe(0.5);
    expect(labelAccuracy(['a', 'b', 'c'], ['a', 'b', 'b'])).toBeCloseTo(2 / 3, 12);
  });
});

describe('calibration', () => {
  it('puts predictions in equal-width bins with their observed rates', () => {
    const result = calibration([0.05, 0.1, 0.15, 0.9, 0.95, 1], [0, 0, 1, 1, 1, 0], 10);
    expect(result.bins).toHaveLength(10);
    // 0.1 is the lower edge of the second bin.
    expect(result.bins[0]).toMatchObject({ count: 1, observedRate: 0 });
    expect(result.bins[1]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(result.bins[9]).toMatchObject({ count: 3 });
    expect(result.bins[9]!.observedRate).toBeCloseTo(2 / 3, 12);
    expect(result.bins[5]!.meanPredicted).toBeNaN();
  });

  it('has no calibration error when the observed rate matches the prediction in every bin', () => {
    const probabilities = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    expect(calibration(probabilities, labels, 4).expectedCalibrationError).toBeCloseTo(0, 12);
    expect(calibration([0.1, 0.9], [0, 1], 2).expectedCalibrationError).toBeCloseTo(0.1, 12);
  });
});

describe('stratifiedKFold', () => {
  const labels = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 'yes' : 'no'));

  it('makes disjoint test folds that cover every row once, each trained on the rest', () => {
    const folds = stratifiedKFold(labels, 5, 7);
    const seen = folds.flatMap((f) => f.test).sort((a, b) => a - b);
    expect(seen).toEqual(labels.map((_, i) => i));
    for (const fold of folds) {
      expect(fold.train.length + fold.test.length).toBe(labels.length);
      expect(fold.train.some((i) => fold.test.includes(i))).toBe(false);
    }
  });

  it('keeps the class shares of the whole in every fold', () => {
    const positives = labels.filter((l) => l === 'yes').length;
    for (const fold of stratifiedKFold(labels, 5, 7)) {
      const foldPositives = fold.test.filter((i) => labels[i] === 'yes').length;
      expect(Math.abs(foldPositives - positives / 5)).toBeLessThanOrEqual(1);
      expect(Math.abs(fold.test.length - labels.length / 5)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same folds for the same seed and different ones for another', () => {
    expect(stratifiedKFold(labels, 5, 7)).toEqual(stratifiedKFold(labels, 5, 7));
    expect(stratifiedKFold(labels, 5, 8)[0]!.test).not.toEqual(stratifiedKFold(labels, 5, 7)[0]!.test);
  });

  it('rejects fewer than two folds or more folds than rows', () => {
    expect(() => stratifiedKFold(labels, 1, 7)).toThrow(RangeError);
    expect(() => stratifiedKFold(['a', 'b'], 3, 7)).toThrow(RangeError);
  });
});

describe('stratifiedSplit and timeSplit', () => {
  it('holds out the requested share of each class', () => {
    const labels = [...new Array<number>(70).fill(0), ...new Array<number>(30).fill(1)];
    const { train, test } = stratifiedSplit(labels, 0.3, 1);
    expect(test).toHaveLength(30);
    expect(test.filter((i) => labels[i] === 1)).toHaveLength(9);
    expect(new Set([...train, ...test]).size).toBe(100);
  });

  it('trains on rows before the cut-off and tests on the rest, leaving out rows without a time', () => {
    const rows = [{ at: '2017-01-05' }, { at: '2017-06-01' }, { at: 'unknown' }, { at: '2017-07-01' }, { at: '2017-05-31' }];
    const split = timeSplit(rows, (r) => Date.parse(r.at), new Date('2017-06-01'));
    expect(split).toEqual({ train: [0, 4], test: [1, 3] });
  });
});
