import type { TaskOutcome } from './eval-report';
import type { FebrlResult } from './eval-dedupe-febrl';
import type { PairsResult } from './eval-dedupe-pairs';

/** The goals (F1 as a fraction). */
export const dedupeGoals = { febrlF1: 0.95 } as const;

/** Published test F1 (%) from ../shared/datasets/README.md; sets it does not list have none here. */
export const publishedF1: Readonly<Record<string, { deepMatcher?: number; ditto?: number }>> = {
  'abt-buy': { deepMatcher: 62.8, ditto: 89.33 },
  'amazon-google': { ditto: 75.58 },
  'dblp-acm': { deepMatcher: 98.4, ditto: 99.0 },
};

/** Published figures for a set named like `er-magellan/Abt-Buy` or `Abt-Buy/valid.txt`. */
export function publishedFor(name: string): { deepMatcher?: number; ditto?: number } {
  const lower = name.toLowerCase();
  const key = Object.keys(publishedF1).find((k) => lower.split(/[/\\]/).includes(k));
  return key ? publishedF1[key]! : {};
}

export interface DedupeOutcomes {
  febrl: { name: string; outcome: TaskOutcome<FebrlResult> }[];
  pairs: { name: string; outcome: TaskOutcome<PairsResult> }[];
}

type Row = [set: string, method: string, scope: string, precision: string, recall: string, f1: string, published: string, goal: string];

const pct = (value: number) => (value * 100).toFixed(2);
const f4 = (value: number) => value.toFixed(4);
const count = (value: number) => value.toLocaleString('en');
const yes = (met: boolean) => (met ? 'met' : 'MISSED');
/** A published figure as the README writes it (99.0, not 99). */
const shown = (value: number) => (Number.isInteger(value) ? value.toFixed(1) : String(value));

function febrlRows(name: string, r: FebrlResult): Row[] {
  const rows: Row[] = [];
  const scope = `${count(r.records)} records, ${count(r.truePairs)} true pairs`;
  for (const m of r.methods) {
    rows.push([name, `${m.method}: pairs >= 0.5`, scope, pct(m.pairs.precision), pct(m.pairs.recall), pct(m.pairs.f1), '-', `F1 >= ${pct(dedupeGoals.febrlF1)}: ${yes(m.pairs.f1 >= dedupeGoals.febrlF1)}`]);
    rows.push([name, `${m.method}: clustered groups`, scope, pct(m.clusters.precision), pct(m.clusters.recall), pct(m.clusters.f1), '-', 'for reference']);
  }
  return rows;
}

function pairsRows(name: string, r: PairsResult): Row[] {
  const published = publishedFor(name);
  const figures = [published.deepMatcher === undefined ? '' : `DeepMatcher ${shown(published.deepMatcher)}`, published.ditto === undefined ? '' : `Ditto ${shown(published.ditto)}`].filter(Boolean).join(', ');
  const goal = published.deepMatcher === undefined ? 'no DeepMatcher figure in README' : `above DeepMatcher: ${yes(r.f1 * 100 > published.deepMatcher)}`;
  const protocol = r.protocol === 'train-file' ? `trained on ${count(r.trainPairs)} pairs` : '5-fold CV within the file';
  return [[name, `${r.chosen}, threshold ${r.threshold.toFixed(3)} (${protocol})`, `${count(r.testPairs)} test pairs, ${count(r.testMatches)} matches`, pct(r.precision), pct(r.recall), pct(r.f1), figures || '-', goal]];
}

/** The side-by-side table (precision, recall and F1 in %), then why sets did not run. */
export function formatDedupeTable(outcomes: DedupeOutcomes): string {
  const header: Row = ['set', 'method', 'scope', 'P %', 'R %', 'F1 %', 'published F1 %', 'goal'];
  const rows: Row[] = [];
  for (const { name, outcome } of outcomes.febrl) if (outcome.status === 'done') rows.push(...febrlRows(name, outcome.result));
  for (const { name, outcome } of outcomes.pairs) if (outcome.status === 'done') rows.push(...pairsRows(name, outcome.result));
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c]!.length)));
  const line = (row: Row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)];
  for (const { name, outcome } of [...outcomes.febrl, ...outcomes.pairs]) {
    if (outcome.status === 'skipped') out.push(`${name}: skipped (${outcome.reason})`);
    if (outcome.status === 'failed') out.push(`${name}: failed (${outcome.message})`);
  }
  return out.join('\n');
}

/** How each set was run: blocking, EM, model choice, and what the published figures measured. */
export function formatDedupeNotes(outcomes: DedupeOutcomes): string[] {
  const notes: string[] = [];
  for (const { name, outcome } of outcomes.febrl) {
    if (outcome.status !== 'done') continue;
    const r = outcome.result;
    notes.push(
      `${name}: blocking proposed ${count(r.candidatePairs)} pairs (reduction ratio ${f4(r.reductionRatio)}), holding ${pct(r.blockingRecall)}% of the true pairs; ${r.skippedBlocks} oversize blocks skipped. EM ${r.emConverged ? 'converged' : 'stopped'} after ${r.emIterations} iterations, estimated match share ${f4(r.emLambda)}; ${r.seconds.toFixed(1)} s`,
    );
  }
  if (outcomes.febrl.some((f) => f.outcome.status === 'done')) {
    notes.push('febrl: unsupervised = Fellegi-Sunter with m/u fitted by EM on the file\'s own candidate pairs, no labels; the labels only measure. Recall counts every true pair, including those blocking never proposed');
  }
  for (const { name, outcome } of outcomes.pairs) {
    if (outcome.status !== 'done') continue;
    const r = outcome.result;
    const cv = r.crossValidation.map((c) => `${c.kind} ${pct(c.f1)}`).join(', ');
    notes.push(`${name}: attributes ${r.attributes.join(', ')}; out-of-fold F1 on the training pairs: ${cv}; ${r.seconds.toFixed(1)} s`);
  }
  if (outcomes.pairs.some((p) => p.outcome.status === 'done')) {
    notes.push(
      'entity matching: the model kind and the threshold are chosen by 5-fold cross-validation inside the training pairs; the test pairs are scored once. Published figures are F1 on each benchmark\'s test split; the shared folder holds train and valid splits only, so valid.txt is the test here',
    );
  }
  return notes;
}

/** One line per set for scripts: `RESULT dedupe set=<name> key=value …`, or `status=skipped|failed`. */
export function formatDedupeResultLines(outcomes: DedupeOutcomes): string[] {
  const lines: string[] = [];
  for (const { name, outcome } of outcomes.febrl) {
    if (outcome.status !== 'done') {
      lines.push(`RESULT dedupe set=${name} status=${outcome.status}`);
      continue;
    }
    const r = outcome.result;
    const [em, trained] = r.methods;
    const emPart = em ? ` method=fellegi-sunter-em precision=${f4(em.pairs.precision)} recall=${f4(em.pairs.recall)} f1=${f4(em.pairs.f1)} cluster_f1=${f4(em.clusters.f1)}` : '';
    const trainedPart = trained ? ` trained_f1=${f4(trained.pairs.f1)} trained_precision=${f4(trained.pairs.precision)} trained_recall=${f4(trained.pairs.recall)}` : '';
    const goal = em ? ` goal_f1=${dedupeGoals.febrlF1} goal=${em.pairs.f1 >= dedupeGoals.febrlF1 ? 'met' : 'missed'}` : '';
    lines.push(`RESULT dedupe set=${name}${emPart}${trainedPart}${goal} records=${r.records} true_pairs=${r.truePairs} candidate_pairs=${r.candidatePairs} blocking_recall=${f4(r.blockingRecall)}`);
  }
  for (const { name, outcome } of outcomes.pairs) {
    if (outcome.status !== 'done') {
      lines.push(`RESULT dedupe set=${name} status=${outcome.status}`);
      continue;
    }
    const r = outcome.result;
    const published = publishedFor(name);
    const dm = published.deepMatcher === undefined ? '' : ` deepmatcher_f1=${(published.deepMatcher / 100).toFixed(4)}`;
    const ditto = published.ditto === undefined ? '' : ` ditto_f1=${(published.ditto / 100).toFixed(4)}`;
    const goal = published.deepMatcher === undefined ? 'goal=none' : `goal=${r.f1 * 100 > published.deepMatcher ? 'met' : 'missed'}`;
    lines.push(`RESULT dedupe set=${name} method=${r.chosen} precision=${f4(r.precision)} recall=${f4(r.recall)} f1=${f4(r.f1)}${dm}${ditto} ${goal} protocol=${r.protocol} train_pairs=${r.trainPairs} test_pairs=${r.testPairs}`);
  }
  return lines;
}
