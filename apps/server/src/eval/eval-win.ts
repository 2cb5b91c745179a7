import { auc, brierScore, calibration, compareModels, evaluateHoldout, stratifiedKFold, trainScorer, type BinaryModelKind, type FeatureRow, type LabelledRows } from '@nexus/ai';
import { readCsv, type CsvRecord } from './read-csv';
import { describeDecisions, trainChosenScorer } from './tabular';
import { dayMs, featuresAt, isClosed, isOpenAt, key, readDeals, snapshotAt, winSpecs, type ClosedDeal, type Deal, type Lookups, type Snapshot } from './win-snapshots';

export interface WinFiles {
  deals: string;
  accounts: string;
  /** Absent files are left out: their fields become missing values. */
  products: string | undefined;
  teams: string | undefined;
}

/** What scores the test deals: the stage win rate, the stage-and-age win rate, or a trained model. */
export type WinChoice = 'fallback' | 'stage-age-rate' | BinaryModelKind;

export interface Measured {
  auc: number;
  brier: number;
}

export interface WinResult {
  cutoff: Date;
  cutoffIsDefault: boolean;
  /** Days between training snapshots. */
  snapshotStepDays: number;
  /** Training rows: one per training deal and snapshot moment it was open at. */
  trainRows: number;
  /** Deals closed before the cut-off that have at least one training row. */
  trainDeals: number;
  /** Share of won among the training rows. */
  trainWinRate: number;
  /** Test rows, one per deal closed on or after the cut-off. */
  testRows: number;
  /** Of them, scored at the cut-off (open then); the rest when they engaged, after it. */
  testOpenAtCutoff: number;
  testWinRate: number;
  /** Deals still open when the data ends: open pipeline in the features, never labelled. */
  stillOpen: number;
  /** The stage win rate at the cut-off: the win rate of every deal closed before it. */
  stageWinRate: number;
  innerCutoff: Date;
  chosen: WinChoice;
  /** How the scorer was chosen on the inner hold-out. */
  decisions: string;
  auc: number;
  brier: number;
  expectedCalibrationError: number;
  /** The trained model with the best inner AUC, whether it serves or not. */
  bestTrained: { kind: BinaryModelKind } & Measured;
  /** The product's fallback: the win rate of deals closed before the scoring moment, one number for every deal scored then. */
  baseline: Measured;
  /** The win rate of deals closed before the scoring moment that were still open at the deal's age. */
  stageAge: Measured;
  /**
   * Not a forecast: both models cross-validated (5 folds) inside the test
   * rows, so they learn from the test period itself. What the same features
   * could reach at best; the better model's figures.
   */
  ceiling: { kind: BinaryModelKind } & Measured;
  /** Win rate by calendar month of closing (months with at least 20 closed deals): a diagnostic only, as the close date is unknown while a deal is open. */
  closeMonths: { lowest: { month: string; rate: number }; highest: { month: string; rate: number } } | undefined;
}

/** Share of closed deals that close before the default cut-off. */
const defaultTrainShare = 0.7;
/** Training deals are scored when they engage and then weekly while open, as the product re-scores open pipeline. */
const snapshotStepDays = 7;
/** Training rows come only from moments with at least this many closed deals: before that the product has no history to learn from. */
const minHistoryDeals = 20;
const ceilingFolds = 5;

function byKey(records: readonly CsvRecord[], field: string): Map<string, CsvRecord> {
  return new Map(records.map((record) => [key(record[field]), record]));
}

/** A deal scored at one moment, with its features then and its final outcome. */
interface Scored {
  deal: ClosedDeal;
  row: FeatureRow;
}

/** Rows labelled by the deals' final outcomes. */
const labelled = (scored: readonly Scored[]): LabelledRows => ({ rows: scored.map((s) => s.row), labels: scored.map((s) => s.deal.won) });

/**
 * One framing of the evaluation, used twice: for the outer cut-off (test up
 * to the end of the data) and for the inner one (hold-out up to the outer
 * cut-off, so model choice sees nothing after it).
 *
 * Train: deals closed before `cutoff` (their outcome known then), scored
 * when they engaged and at every snapshot `cutoff - k·step` they were open
 * at. Test: deals closed on or after `cutoff` and before `end`, each scored
 * once, at `cutoff` if open then, else when it engaged.
 */
function frame(deals: readonly Deal[], cutoff: number, end: number, at: (t: number) => Snapshot, lookups: Lookups): { train: Scored[]; test: Scored[] } {
  const closed = deals.filter(isClosed);
  const firstEngaged = deals.reduce((first, d) => Math.min(first, d.engagedAt), Number.POSITIVE_INFINITY);
  const grid: number[] = [];
  for (let t = cutoff - snapshotStepDays * dayMs; t >= firstEngaged; t -= snapshotStepDays * dayMs) grid.push(t);
  const train: Scored[] = [];
  for (const deal of closed) {
    if (deal.closedAt >= cutoff) continue;
    const moments = new Set([deal.engagedAt, ...grid.filter((t) => isOpenAt(deal, t))]);
    for (const t of moments) {
      const snapshot = at(t);
      if (snapshot.closed >= minHistoryDeals) train.push({ deal, row: featuresAt(deal, snapshot, lookups) });
    }
  }
  const test = closed
    .filter((deal) => deal.closedAt >= cutoff && deal.closedAt < end)
    .map((deal) => ({ deal, row: featuresAt(deal, at(Math.max(cutoff, deal.engagedAt)), lookups) }));
  return { train, test };
}

const stageRate = (row: FeatureRow) => Number(row.stage_win_rate);
const stageAgeRate = (row: FeatureRow) => Number(row.survivor_win_rate);
const rateOf = (labels: readonly number[]) => labels.reduce((a, b) => a + b, 0) / labels.length;

function measure(probabilities: readonly number[], labels: readonly number[]): Measured {
  return { auc: auc(probabilities, labels), brier: brierScore(probabilities, labels) };
}

/** Both models, cross-validated inside the given rows; the one with the better AUC. */
function ceilingOf(rows: LabelledRows, seed: number): { kind: BinaryModelKind } & Measured {
  const kinds: BinaryModelKind[] = ['logistic-regression', 'gradient-boosting'];
  const folds = stratifiedKFold(rows.labels, ceilingFolds, seed);
  const results = kinds.map((kind) => {
    const probabilities = new Array<number>(rows.rows.length).fill(0);
    for (const fold of folds) {
      const scorer = trainScorer(
        fold.train.map((i) => rows.rows[i]!),
        fold.train.map((i) => rows.labels[i]!),
        winSpecs,
        { model: kind },
      );
      for (const i of fold.test) probabilities[i] = scorer.predict(rows.rows[i]!);
    }
    return { kind, ...measure(probabilities, rows.labels) };
  });
  return results.reduce((a, b) => (b.auc > a.auc ? b : a));
}

function closeMonthsOf(deals: readonly ClosedDeal[]): WinResult['closeMonths'] {
  const months = new Map<string, { won: number; deals: number }>();
  for (const deal of deals) {
    const month = new Date(deal.closedAt).toISOString().slice(0, 7);
    const entry = months.get(month) ?? { won: 0, deals: 0 };
    entry.won += deal.won;
    entry.deals++;
    months.set(month, entry);
  }
  const rates = [...months].filter(([, m]) => m.deals >= 20).map(([month, m]) => ({ month, rate: m.won / m.deals }));
  if (rates.length < 2) return undefined;
  return { lowest: rates.reduce((a, b) => (b.rate < a.rate ? b : a)), highest: rates.reduce((a, b) => (b.rate > a.rate ? b : a)) };
}

function defaultCutoff(closed: readonly ClosedDeal[]): Date {
  const byClose = [...closed].sort((a, b) => a.closedAt - b.closedAt);
  return new Date(byClose[Math.min(byClose.length - 1, Math.floor(byClose.length * defaultTrainShare))]!.closedAt);
}

/**
 * Win probability on the CRM-sales shape, scored as the product scores:
 * open deals, at a moment, from what is known at that moment (see
 * win-snapshots.ts). Deals closed before the cut-off train; every deal
 * closed on or after it is scored once, at the cut-off or when it engaged
 * if later, and judged against its final outcome.
 */
export async function evaluateWin(files: WinFiles, cutoffOption: Date | undefined, seed = 42): Promise<WinResult> {
  const deals = readDeals(await readCsv(files.deals));
  const closed = deals.filter(isClosed);
  if (closed.length < 10) throw new Error(`${files.deals} has fewer than 10 won or lost deals with engage and close dates`);
  const lookups: Lookups = {
    accounts: byKey(await readCsv(files.accounts), 'account'),
    products: files.products ? byKey(await readCsv(files.products), 'product') : new Map<string, CsvRecord>(),
    teams: files.teams ? byKey(await readCsv(files.teams), 'sales_agent') : new Map<string, CsvRecord>(),
  };
  const snapshots = new Map<number, Snapshot>();
  const at = (t: number) => {
    let snapshot = snapshots.get(t);
    if (!snapshot) snapshots.set(t, (snapshot = snapshotAt(t, deals, lookups)));
    return snapshot;
  };

  const cutoff = cutoffOption ?? defaultCutoff(closed);
  const outer = frame(deals, cutoff.getTime(), Number.POSITIVE_INFINITY, at, lookups);
  for (const [name, part] of [['train on', outer.train], ['test on', outer.test]] as const) {
    const won = part.filter((s) => s.deal.won === 1).length;
    if (won === 0 || won === part.length) throw new Error(`the deals to ${name} at ${day(cutoff)} need both won and lost ones; choose another --cutoff`);
  }
  const trainDeals = new Set(outer.train.map((s) => s.deal));
  const trainWon = [...trainDeals].filter((d) => d.won === 1).length;

  // The model is chosen as the product retrains: the same framing at an earlier cut-off (the latest quarter of the training deals), judged on deals closed before the real one.
  const trainClosed = closed.filter((d) => d.closedAt < cutoff.getTime());
  const innerCutoff = trainClosed[Math.floor(trainClosed.length * 0.75)]!.closedAt;
  const inner = frame(deals, innerCutoff, cutoff.getTime(), at, lookups);
  const innerHoldout = labelled(inner.test);
  // The rule that serves without a model: the stage-and-age win rate only if it beats the plain stage win rate on the inner hold-out.
  const ruleDecision = compareModels(evaluateHoldout(innerHoldout.rows.map(stageRate), innerHoldout.labels), evaluateHoldout(innerHoldout.rows.map(stageAgeRate), innerHoldout.labels));
  const rule = ruleDecision.decision === 'replace' ? stageAgeRate : stageRate;
  const chosen = trainChosenScorer(labelled(outer.train), winSpecs, { train: labelled(inner.train), holdout: innerHoldout }, { fallback: rule, outcomes: { won: trainWon, lost: trainDeals.size - trainWon } });

  const test = labelled(outer.test);
  const probabilities = test.rows.map((row) => chosen.predict(row));
  const fallbackName: WinChoice = rule === stageAgeRate ? 'stage-age-rate' : 'fallback';
  return {
    cutoff,
    cutoffIsDefault: cutoffOption === undefined,
    snapshotStepDays,
    trainRows: outer.train.length,
    trainDeals: trainDeals.size,
    trainWinRate: rateOf(outer.train.map((s) => s.deal.won)),
    testRows: outer.test.length,
    testOpenAtCutoff: outer.test.filter((s) => s.deal.engagedAt <= cutoff.getTime()).length,
    testWinRate: rateOf(test.labels),
    stillOpen: deals.length - closed.length,
    stageWinRate: at(cutoff.getTime()).stageWinRate,
    innerCutoff: new Date(innerCutoff),
    chosen: chosen.chosen === 'fallback' ? fallbackName : chosen.chosen,
    decisions: `stage-age rate vs stage rate: ${ruleDecision.decision} (${ruleDecision.reason}); ${describeDecisions(chosen)}`,
    ...measure(probabilities, test.labels),
    expectedCalibrationError: calibration(probabilities, test.labels).expectedCalibrationError,
    bestTrained: { kind: chosen.bestTrained.kind, ...measure(test.rows.map((row) => chosen.bestTrained.predict(row)), test.labels) },
    baseline: measure(test.rows.map(stageRate), test.labels),
    stageAge: measure(test.rows.map(stageAgeRate), test.labels),
    ceiling: ceilingOf(test, seed),
    closeMonths: closeMonthsOf(closed),
  };
}

export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
