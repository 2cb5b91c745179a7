import { describe, expect, it } from 'vitest';
import { checkDataFloor, compareModels, evaluateHoldout, type HoldoutMetrics } from './model-selection';

const metrics = (auc: number, brier: number, rows = 400, positives = 150): HoldoutMetrics => ({ auc, brier, logLoss: 0.5, expectedCalibrationError: 0.02, rows, positives });

describe('checkDataFloor', () => {
  it('is ready at 200 won and 200 lost by default', () => {
    expect(checkDataFloor({ won: 200, lost: 250 })).toEqual({ status: 'ready', have: { won: 200, lost: 250 } });
  });

  it('says what is missing below the floor', () => {
    expect(checkDataFloor({ won: 120, lost: 340 })).toEqual({ status: 'insufficient_data', have: { won: 120, lost: 340 }, need: { won: 200, lost: 200 } });
    expect(checkDataFloor({ won: 60, lost: 40 }, { won: 50, lost: 50 }).status).toBe('insufficient_data');
  });
});

describe('compareModels', () => {
  it('installs a measurable candidate when nothing serves yet', () => {
    expect(compareModels(undefined, metrics(0.7, 0.2))).toEqual({ decision: 'replace', reason: 'no_current_model' });
  });

  it('replaces the current model when the candidate ranks better and its Brier score is no worse', () => {
    expect(compareModels(metrics(0.8, 0.18), metrics(0.82, 0.175))).toEqual({ decision: 'replace', reason: 'better_on_holdout' });
    // Within the Brier tolerance of 0.002.
    expect(compareModels(metrics(0.8, 0.18), metrics(0.82, 0.1815)).decision).toBe('replace');
  });

  it('keeps the current model on a tie or a lower AUC', () => {
    expect(compareModels(metrics(0.8, 0.18), metrics(0.8, 0.15))).toEqual({ decision: 'keep', reason: 'auc_not_higher' });
    expect(compareModels(metrics(0.8, 0.18), metrics(0.7, 0.15)).reason).toBe('auc_not_higher');
  });

  it('keeps the current model when the candidate ranks better but its probabilities are worse', () => {
    expect(compareModels(metrics(0.8, 0.18), metrics(0.85, 0.19))).toEqual({ decision: 'keep', reason: 'brier_worse' });
  });

  it('keeps the current model when the hold-out has too few rows of a class to judge', () => {
    expect(compareModels(metrics(0.8, 0.18), metrics(0.9, 0.1, 100, 10))).toEqual({ decision: 'keep', reason: 'holdout_too_small' });
  });

  it('never installs a candidate it could not measure', () => {
    expect(compareModels(undefined, metrics(Number.NaN, 0.2))).toEqual({ decision: 'keep', reason: 'candidate_unmeasurable' });
  });

  it('applies a stricter policy when given one', () => {
    const policy = { minAucGain: 0.05, brierTolerance: 0, minRowsPerClass: 20 };
    expect(compareModels(metrics(0.8, 0.18), metrics(0.82, 0.17), policy).decision).toBe('keep');
  });
});

describe('evaluateHoldout', () => {
  it('measures ranking, accuracy of probabilities and the hold-out size', () => {
    const result = evaluateHoldout([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0]);
    expect(result).toMatchObject({ auc: 1, rows: 4, positives: 2 });
    expect(result.brier).toBeCloseTo((0.01 + 0.04 + 0.09 + 0.01) / 4, 12);
  });
});
