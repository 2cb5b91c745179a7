import { accuracy, auc, stratifiedSplit, trainScorer, type BinaryModelKind } from '@nexus/ai';
import { readCsv } from './read-csv';
import { describeDecisions, inferSpecs, trainChosenScorer, type Choice } from './tabular';

/** Filled in by the sales team after first contact: they would leak the outcome. */
const leakingColumns = new Set(['Tags', 'Lead Quality', 'Last Notable Activity']);
const idColumns = new Set(['Prospect ID', 'Lead Number']);
const labelColumn = 'Converted';

export interface LeadResult {
  rows: number;
  trainRows: number;
  testRows: number;
  features: number;
  auc: number;
  accuracy: number;
  chosen: Choice;
  /** How the scorer was chosen on the inner split. */
  decisions: string;
  /** The other trained candidate refit on the same rows, for comparison. */
  alternative: { kind: BinaryModelKind; auc: number; accuracy: number };
  /** Share of the majority class in the test rows: the accuracy of always guessing it. */
  majorityAccuracy: number;
}

/**
 * Lead scoring on the X Education shape: a stratified, seeded 70/30 split;
 * the model is chosen and fit on the 70% only, and judged on the 30% at a
 * 0.5 threshold.
 */
export async function evaluateLeads(file: string, seed: number): Promise<LeadResult> {
  const records = await readCsv(file);
  const rows = records.filter((r) => r[labelColumn] === '0' || r[labelColumn] === '1');
  if (rows.length === 0) throw new Error(`${file} has no rows with ${labelColumn} 0 or 1`);
  const labels = rows.map((r) => (r[labelColumn] === '1' ? 1 : 0));
  const fields = Object.keys(rows[0]!).filter((f) => f !== labelColumn && !leakingColumns.has(f) && !idColumns.has(f) && !f.startsWith('Asymmetrique'));

  const { train, test } = stratifiedSplit(labels, 0.3, seed);
  const trainRows = train.map((i) => rows[i]!);
  const trainLabels = train.map((i) => labels[i]!);
  const testRows = test.map((i) => rows[i]!);
  const testLabels = test.map((i) => labels[i]!);
  const specs = inferSpecs(trainRows, fields);

  const inner = stratifiedSplit(trainLabels, 0.2, seed + 1);
  const part = (indices: number[]) => ({ rows: indices.map((i) => trainRows[i]!), labels: indices.map((i) => trainLabels[i]!) });
  const chosen = trainChosenScorer({ rows: trainRows, labels: trainLabels }, specs, { train: part(inner.train), holdout: part(inner.test) });
  const probabilities = testRows.map((row) => chosen.predict(row));

  const otherKind: BinaryModelKind = chosen.chosen === 'logistic-regression' ? 'gradient-boosting' : 'logistic-regression';
  const other = trainScorer(trainRows, trainLabels, specs, { model: otherKind });
  const otherProbabilities = testRows.map((row) => other.predict(row));
  const positives = testLabels.filter((y) => y === 1).length;

  return {
    rows: rows.length,
    trainRows: train.length,
    testRows: test.length,
    features: chosen.bestTrained.encoder.width,
    auc: auc(probabilities, testLabels),
    accuracy: accuracy(probabilities, testLabels),
    chosen: chosen.chosen,
    decisions: describeDecisions(chosen),
    alternative: { kind: otherKind, auc: auc(otherProbabilities, testLabels), accuracy: accuracy(otherProbabilities, testLabels) },
    majorityAccuracy: Math.max(positives, test.length - positives) / test.length,
  };
}
