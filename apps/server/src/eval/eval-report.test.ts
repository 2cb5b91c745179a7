import { describe, expect, it } from 'vitest';
import { formatResultLines, formatTable, type Outcomes } from './eval-report';

const outcomes: Outcomes = {
  lead: {
    status: 'done',
    result: {
      rows: 100,
      trainRows: 70,
      testRows: 30,
      features: 12,
      auc: 0.93123,
      accuracy: 0.871,
      chosen: 'gradient-boosting',
      decisions: 'gradient-boosting vs logistic-regression: replace (better_on_holdout)',
      alternative: { kind: 'logistic-regression', auc: 0.9, accuracy: 0.82 },
      majorityAccuracy: 0.6,
    },
  },
  win: { status: 'skipped', reason: 'not found: deals.csv' },
  intent: { status: 'failed', message: 'train.txt needs two labels' },
};

describe('formatResultLines', () => {
  it('prints one machine-readable line per task, done or not', () => {
    expect(formatResultLines(outcomes)).toEqual([
      'RESULT lead auc=0.9312 accuracy=0.8710 baseline_accuracy=0.82 model=gradient-boosting test_rows=30',
      'RESULT win status=skipped',
      'RESULT intent status=failed',
    ]);
  });
});

describe('formatTable', () => {
  it('shows results beside the published baseline and says why tasks did not run', () => {
    const table = formatTable(outcomes);
    expect(table).toMatch(/lead +\| accuracy @0\.5 +\| 0\.8710 +\| 0\.82 \(published notebook\)/);
    expect(table).toContain('win: skipped (not found: deals.csv)');
    expect(table).toContain('intent: failed (train.txt needs two labels)');
  });
});
