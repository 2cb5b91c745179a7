import { describe, expect, it } from 'vitest';
import { leadRecords, leadSpecs } from '../internal/test-support';
import { selectModel } from './select-model';
import { trainScorer } from './scorer';

describe('selectModel', () => {
  it('serves a trained model once it beats the fallback on the hold-out', () => {
    const round = selectModel({ train: leadRecords(800, 1), holdout: leadRecords(400, 2), specs: leadSpecs, candidates: ['logistic-regression'] });
    expect(round.serving).toBe('logistic-regression');
    expect(round.scorer?.kind).toBe('logistic-regression');
    expect(round.decisions).toEqual([{ candidate: 'logistic-regression', against: 'fallback', decision: { decision: 'replace', reason: 'better_on_holdout' } }]);
    expect(round.holdout.fallback?.auc).toBe(0.5);
    expect(round.holdout['logistic-regression']!.auc).toBeGreaterThan(0.85);
  });

  it('keeps the fallback when the outcomes cannot be predicted', () => {
    const round = selectModel({ train: leadRecords(800, 3, 0), holdout: leadRecords(400, 4, 0), specs: leadSpecs });
    expect(round.serving).toBe('fallback');
    expect(round.scorer).toBeUndefined();
    expect(round.decisions.map((d) => d.decision.decision)).toEqual(['keep', 'keep']);
  });

  it('judges candidates against the per-row stage probability when one is given', () => {
    const holdout = leadRecords(400, 9);
    // A rule that already ranks the hold-out perfectly: no trained model can rank better.
    const truth = new Map(holdout.rows.map((row, i) => [row, holdout.labels[i]!]));
    const round = selectModel({ train: leadRecords(800, 8), holdout, specs: leadSpecs, fallback: (row) => (truth.get(row) === 1 ? 0.9 : 0.1) });
    expect(round.holdout.fallback?.auc).toBe(1);
    expect(round.serving).toBe('fallback');
    expect(round.decisions.map((d) => d.decision.reason)).toEqual(['auc_not_higher', 'auc_not_higher']);
  });

  it('keeps the model in service when retraining on worse data does not beat it on the same hold-out', () => {
    const history = leadRecords(2000, 5);
    const current = trainScorer(history.rows, history.labels, leadSpecs);
    const round = selectModel({ train: leadRecords(800, 6, 0), holdout: leadRecords(400, 7), specs: leadSpecs, current });
    expect(round.serving).toBe('current');
    expect(round.decisions.every((d) => d.against === 'current' && d.decision.decision === 'keep')).toBe(true);
  });
});
