import type { IntentResult } from './eval-intent';
import type { LeadResult } from './eval-leads';
import { day, type WinResult } from './eval-win';

/** The goals and the published reference points (../shared/datasets/README.md). */
export const goals = { leadAuc: 0.9, winAuc: 0.75, intentAccuracy: 0.8 } as const;
export const published = { leadAccuracy: 0.82, intentNaiveBayesAccuracy: 0.673 } as const;

export type TaskOutcome<T> = { status: 'done'; result: T } | { status: 'skipped'; reason: string } | { status: 'failed'; message: string };

export interface Outcomes {
  lead: TaskOutcome<LeadResult>;
  win: TaskOutcome<WinResult>;
  intent: TaskOutcome<IntentResult>;
}

const f4 = (value: number) => value.toFixed(4);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const yes = (met: boolean) => (met ? 'met' : 'MISSED');

type Row = [task: string, measure: string, ours: string, baseline: string, goal: string];

function rowsOf(outcomes: Outcomes): Row[] {
  const rows: Row[] = [];
  const { lead, win, intent } = outcomes;
  if (lead.status === 'done') {
    const r = lead.result;
    rows.push(['lead', `AUC (${r.chosen})`, f4(r.auc), '-', `>= ${goals.leadAuc}: ${yes(r.auc >= goals.leadAuc)}`]);
    rows.push(['lead', 'accuracy @0.5', f4(r.accuracy), `${published.leadAccuracy} (published notebook)`, `above baseline: ${yes(r.accuracy > published.leadAccuracy)}`]);
    rows.push(['lead', `AUC / accuracy (${r.alternative.kind})`, `${f4(r.alternative.auc)} / ${f4(r.alternative.accuracy)}`, `${f4(r.majorityAccuracy)} (majority class)`, 'for reference']);
  }
  if (win.status === 'done') {
    const r = win.result;
    rows.push(['win', `AUC (${r.chosen})`, f4(r.auc), `${f4(r.baseline.auc)} (stage win rate)`, `>= ${goals.winAuc}: ${yes(r.auc >= goals.winAuc)}`]);
    rows.push(['win', `Brier (${r.chosen})`, f4(r.brier), `${f4(r.baseline.brier)} (stage win rate)`, `below baseline: ${yes(r.brier < r.baseline.brier)}`]);
    rows.push(['win', 'calibration error (ECE)', f4(r.expectedCalibrationError), '-', 'for reference']);
    if (r.chosen !== r.bestTrained.kind) rows.push(['win', `AUC / Brier (${r.bestTrained.kind}, not served)`, `${f4(r.bestTrained.auc)} / ${f4(r.bestTrained.brier)}`, '-', 'for reference']);
    if (r.chosen !== 'stage-age-rate') rows.push(['win', 'AUC / Brier (stage-age-rate, not served)', `${f4(r.stageAge.auc)} / ${f4(r.stageAge.brier)}`, '-', 'for reference']);
    rows.push(['win', `ceiling AUC / Brier (${r.ceiling.kind}, CV inside test)`, `${f4(r.ceiling.auc)} / ${f4(r.ceiling.brier)}`, '-', 'upper bound, not a forecast']);
  }
  if (intent.status === 'done') {
    const r = intent.result;
    rows.push(['intent', `${r.folds}-fold CV accuracy`, pct(r.cvAccuracy), `${pct(r.naiveBayesCvAccuracy)} (naive Bayes, same folds)`, `>= ${pct(goals.intentAccuracy)}: ${yes(r.cvAccuracy >= goals.intentAccuracy)}`]);
    rows.push(['intent', 'calibration error (ECE) of confidence', f4(r.cvCalibrationError), '-', 'for reference']);
    rows.push(['intent', 'published baseline', '-', `${pct(published.intentNaiveBayesAccuracy)} (naive Bayes, Parakweet test set)`, '-']);
    if (r.test) rows.push(['intent', `test accuracy (${r.test.sentences} sentences)`, pct(r.test.accuracy), `${pct(r.test.naiveBayesAccuracy)} (naive Bayes)`, `>= ${pct(goals.intentAccuracy)}: ${yes(r.test.accuracy >= goals.intentAccuracy)}`]);
  }
  return rows;
}

/** The side-by-side table, then notes on the data each task used. */
export function formatTable(outcomes: Outcomes): string {
  const header: Row = ['task', 'measure', 'ours', 'baseline', 'goal'];
  const rows = rowsOf(outcomes);
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c]!.length)));
  const line = (row: Row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)];
  for (const [task, outcome] of Object.entries(outcomes) as [keyof Outcomes, Outcomes[keyof Outcomes]][]) {
    if (outcome.status === 'skipped') out.push(`${task}: skipped (${outcome.reason})`);
    if (outcome.status === 'failed') out.push(`${task}: failed (${outcome.message})`);
  }
  return out.join('\n');
}

/** How each task's data was split. */
export function formatNotes(outcomes: Outcomes): string[] {
  const notes: string[] = [];
  const { lead, win, intent } = outcomes;
  if (lead.status === 'done') {
    const r = lead.result;
    notes.push(`lead: ${r.rows} leads, stratified 70/30 split (${r.trainRows} train, ${r.testRows} test), ${r.features} inputs`);
    notes.push(`  chosen on an inner 80/20 split of the training rows: ${r.decisions}`);
  }
  if (win.status === 'done') {
    const r = win.result;
    notes.push(
      'win: deals are scored while open, as the product scores them. At moment t a deal is open if engaged on or before t and closed on or after t; its inputs are what is known at t (its fields, account, product, days since engaging, open pipeline, win rates of deals closed before t), never its close date or close value; its label is its final outcome',
    );
    notes.push(
      `  train: ${r.trainRows} rows from ${r.trainDeals} deals closed before ${day(r.cutoff)}${r.cutoffIsDefault ? ' (default: 70% of closed deals)' : ''}, each scored when it engaged and every ${r.snapshotStepDays} days before the cut-off while open (moments with history only), win rate ${pct(r.trainWinRate)} of rows`,
    );
    notes.push(
      `  test: ${r.testRows} deals closed on or after ${day(r.cutoff)}, each scored once: ${r.testOpenAtCutoff} at the cut-off (open then), ${r.testRows - r.testOpenAtCutoff} when they engaged after it; win rate ${pct(r.testWinRate)}. ${r.stillOpen} deals still open when the data ends have no outcome: open pipeline in the inputs, never scored`,
    );
    notes.push(`  baseline: the stage win rate, the win rate of deals closed before the scoring moment (${pct(r.stageWinRate)} at the cut-off)`);
    notes.push(`  chosen with the same framing at ${day(r.innerCutoff)} (75% of the training deals closed before it), judged on deals closed before the cut-off: ${r.decisions}`);
    const months = r.closeMonths ? `; win rate by close month runs from ${pct(r.closeMonths.lowest.rate)} (${r.closeMonths.lowest.month}) to ${pct(r.closeMonths.highest.rate)} (${r.closeMonths.highest.month}), and the close month is unknown while a deal is open` : '';
    notes.push(`  ceiling: both models cross-validated inside the test deals, learning from the test period itself, reach AUC ${f4(r.ceiling.auc)}${months}`);
  }
  if (intent.status === 'done') {
    const r = intent.result;
    notes.push(`intent: ${r.sentences} sentences, labels ${r.labels.join('/')}, majority class ${pct(r.majorityAccuracy)}`);
  }
  return notes;
}

/** One line per task for scripts: `RESULT <task> key=value …`, or `RESULT <task> status=skipped|failed`. */
export function formatResultLines(outcomes: Outcomes): string[] {
  const lines: string[] = [];
  const { lead, win, intent } = outcomes;
  if (lead.status === 'done') {
    const r = lead.result;
    lines.push(`RESULT lead auc=${f4(r.auc)} accuracy=${f4(r.accuracy)} baseline_accuracy=${published.leadAccuracy} model=${r.chosen} test_rows=${r.testRows}`);
  } else lines.push(`RESULT lead status=${lead.status}`);
  if (win.status === 'done') {
    const r = win.result;
    lines.push(
      `RESULT win auc=${f4(r.auc)} brier=${f4(r.brier)} baseline_auc=${f4(r.baseline.auc)} baseline_brier=${f4(r.baseline.brier)} model=${r.chosen} trained_auc=${f4(r.bestTrained.auc)} trained_brier=${f4(r.bestTrained.brier)} stage_age_auc=${f4(r.stageAge.auc)} stage_age_brier=${f4(r.stageAge.brier)} ceiling_auc=${f4(r.ceiling.auc)} cutoff=${day(r.cutoff)} train_rows=${r.trainRows} test_rows=${r.testRows}`,
    );
  } else lines.push(`RESULT win status=${win.status}`);
  if (intent.status === 'done') {
    const r = intent.result;
    const test = r.test ? ` test_accuracy=${f4(r.test.accuracy)} nb_test_accuracy=${f4(r.test.naiveBayesAccuracy)}` : '';
    lines.push(`RESULT intent cv_accuracy=${f4(r.cvAccuracy)} nb_cv_accuracy=${f4(r.naiveBayesCvAccuracy)} baseline_published=${published.intentNaiveBayesAccuracy}${test}`);
  } else lines.push(`RESULT intent status=${intent.status}`);
  return lines;
}
