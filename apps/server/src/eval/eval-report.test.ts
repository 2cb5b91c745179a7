import { describe, expect, it } from 'vitest';
import { formatNotes, formatResultLines, formatTable, type Outcomes } from './eval-report';
import type { WinResult } from './eval-win';

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

const win: WinResult = {
  cutoff: new Date('2017-06-02T00:00:00Z'),
  cutoffIsDefault: true,
  snapshotStepDays: 7,
  trainRows: 9336,
  trainDeals: 2009,
  trainWinRate: 0.591,
  testRows: 913,
  testOpenAtCutoff: 900,
  testWinRate: 0.737,
  stillOpen: 605,
  stageWinRate: 0.617,
  innerCutoff: new Date('2017-05-13T00:00:00Z'),
  chosen: 'fallback',
  decisions: 'stage-age rate vs stage rate: keep (brier_worse); logistic-regression vs fallback: keep (auc_not_higher)',
  auc: 0.5,
  brier: 0.2082,
  expectedCalibrationError: 0.12,
  bestTrained: { kind: 'logistic-regression', auc: 0.5018, brier: 0.244 },
  baseline: { auc: 0.5, brier: 0.2082 },
  stageAge: { auc: 0.5592, brier: 0.1975 },
  ceiling: { kind: 'gradient-boosting', auc: 0.5501, brier: 0.2116 },
  closeMonths: { lowest: { month: '2017-04', rate: 0.486 }, highest: { month: '2017-06', rate: 0.831 } },
};
const withWin: Outcomes = { ...outcomes, win: { status: 'done', result: win } };

describe('win probability report', () => {
  it('puts the served scorer beside the stage win rate and lists what did not serve', () => {
    const table = formatTable(withWin);
    expect(table).toMatch(/win +\| AUC \(fallback\) +\| 0\.5000 +\| 0\.5000 \(stage win rate\) +\| >= 0\.75: MISSED/);
    expect(table).toMatch(/win +\| Brier \(fallback\) +\| 0\.2082 +\| 0\.2082 \(stage win rate\) +\| below baseline: MISSED/);
    expect(table).toMatch(/AUC \/ Brier \(logistic-regression, not served\) +\| 0\.5018 \/ 0\.2440/);
    expect(table).toMatch(/AUC \/ Brier \(stage-age-rate, not served\) +\| 0\.5592 \/ 0\.1975/);
    expect(table).toMatch(/ceiling AUC \/ Brier \(gradient-boosting, CV inside test\) +\| 0\.5501 \/ 0\.2116 +\| - +\| upper bound, not a forecast/);
  });

  it('says how the snapshots were taken and why the ceiling is low', () => {
    const notes = formatNotes(withWin).join('\n');
    expect(notes).toContain('never its close date or close value');
    expect(notes).toContain('train: 9336 rows from 2009 deals closed before 2017-06-02 (default: 70% of closed deals), each scored when it engaged and every 7 days');
    expect(notes).toContain('test: 913 deals closed on or after 2017-06-02, each scored once: 900 at the cut-off (open then), 13 when they engaged after it');
    expect(notes).toContain('605 deals still open when the data ends have no outcome');
    expect(notes).toContain('61.7% at the cut-off');
    expect(notes).toContain('win rate by close month runs from 48.6% (2017-04) to 83.1% (2017-06)');
  });

  it('prints one RESULT line with the served, trained, stage-age and ceiling figures', () => {
    expect(formatResultLines(withWin)[1]).toBe(
      'RESULT win auc=0.5000 brier=0.2082 baseline_auc=0.5000 baseline_brier=0.2082 model=fallback trained_auc=0.5018 trained_brier=0.2440 stage_age_auc=0.5592 stage_age_brier=0.1975 ceiling_auc=0.5501 cutoff=2017-06-02 train_rows=9336 test_rows=913',
    );
  });

  it('leaves out the not-served rows for a scorer that serves', () => {
    const served: Outcomes = { ...outcomes, win: { status: 'done', result: { ...win, chosen: 'stage-age-rate', auc: 0.5592, brier: 0.1975 } } };
    const table = formatTable(served);
    expect(table).toMatch(/Brier \(stage-age-rate\) +\| 0\.1975 +\| 0\.2082 \(stage win rate\) +\| below baseline: met/);
    expect(table).not.toContain('stage-age-rate, not served');
  });
});
