import { readFile } from 'node:fs/promises';
import { stratifiedKFold } from '@nexus/ai';
import { comparePairs, prepareRecords, trainPairClassifier, type DedupeRecord, type FieldSpec, type PairClassifierOptions, type PairModel } from '@nexus/dedupe';

/** One labelled pair of the entity-matching benchmarks (Ditto's format). */
export interface LabelledPair {
  left: Record<string, string>;
  right: Record<string, string>;
  label: 0 | 1;
}

/**
 * Reads one entity in Ditto's serialisation, `COL title VAL sony … COL price VAL 9.99`,
 * as attribute → value (an empty value stays an empty string).
 *
 * @example
 * parseEntity('COL name VAL acme COL city VAL '); // { name: 'acme', city: '' }
 */
export function parseEntity(text: string): Record<string, string> {
  const entity: Record<string, string> = {};
  const marker = /(?:^|\s)COL\s+(\S+)\s+VAL(?=\s|$)/g;
  const found = [...text.matchAll(marker)];
  found.forEach((match, i) => {
    const start = match.index + match[0].length;
    const end = i + 1 < found.length ? found[i + 1]!.index : text.length;
    entity[match[1]!] = text.slice(start, end).trim();
  });
  return entity;
}

/** Parses a file of `left<TAB>right<TAB>0|1` lines; blank lines are skipped, anything else malformed is an error naming its line. */
export function parsePairs(text: string, source = 'pairs'): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim().length === 0) return;
    const parts = line.split('\t');
    const label = parts[parts.length - 1]?.trim();
    if (parts.length !== 3 || (label !== '0' && label !== '1')) throw new Error(`${source} line ${i + 1}: expected "left<TAB>right<TAB>0|1"`);
    pairs.push({ left: parseEntity(parts[0]!), right: parseEntity(parts[1]!), label: label === '1' ? 1 : 0 });
  });
  return pairs;
}

export async function readPairs(file: string): Promise<LabelledPair[]> {
  return parsePairs(await readFile(file, 'utf8'), file);
}

/** Pseudo-field holding every attribute's text, so a value filed under another attribute (a model number in the name) still counts. */
export const wholeRecordField = '_all';

/**
 * Field specs for attributes known only by name: an attribute whose values
 * are nearly all numbers (price, year) is compared as numbers, every other
 * one as text by several similarities; a classifier learns which tell.
 */
export function attributeFields(pairs: readonly LabelledPair[]): FieldSpec[] {
  const names: string[] = [];
  const numeric = new Map<string, { numbers: number; values: number }>();
  for (const pair of pairs) {
    for (const entity of [pair.left, pair.right]) {
      for (const [name, value] of Object.entries(entity)) {
        if (!numeric.has(name)) {
          names.push(name);
          numeric.set(name, { numbers: 0, values: 0 });
        }
        if (value.length === 0) continue;
        const tally = numeric.get(name)!;
        tally.values++;
        if (Number.isFinite(Number(value.replace(/[$,\s]/g, '')))) tally.numbers++;
      }
    }
  }
  const fields: FieldSpec[] = names.map((name) => {
    const tally = numeric.get(name)!;
    return tally.values > 0 && tally.numbers / tally.values >= 0.9
      ? { field: name, kind: 'number', comparators: ['numeric', 'exact'] }
      : { field: name, kind: 'text', comparators: ['tfidf', 'jaroWinkler', 'levenshtein', 'tokenSet', 'softTokens', 'codes', 'numbers', 'exact'] };
  });
  fields.push({ field: wholeRecordField, kind: 'text', comparators: ['tfidf', 'tokenSet', 'softTokens', 'codes', 'numbers'] });
  return fields;
}

interface Encoded {
  values: Float32Array;
  width: number;
  labels: number[];
  matrix: ReturnType<typeof comparePairs>;
  fields: ReturnType<typeof prepareRecords>['fields'];
}

/** Compares every labelled pair; identical entity texts share one record. */
function encode(pairs: readonly LabelledPair[], fields: FieldSpec[]): Encoded {
  const index = new Map<string, number>();
  const records: DedupeRecord[] = [];
  const recordOf = (entity: Record<string, string>) => {
    const key = JSON.stringify(entity);
    let at = index.get(key);
    if (at === undefined) {
      at = records.length;
      index.set(key, at);
      records.push({ id: String(at), fields: { ...entity, [wholeRecordField]: Object.values(entity).join(' ') } });
    }
    return at;
  };
  const left = Uint32Array.from(pairs, (p) => recordOf(p.left));
  const right = Uint32Array.from(pairs, (p) => recordOf(p.right));
  // Document frequencies for TF-IDF come from this file's own records, never from labels.
  const prepared = prepareRecords(records, fields);
  const matrix = comparePairs(prepared, left, right);
  return { values: matrix.values, width: matrix.features.length, labels: pairs.map((p) => p.label), matrix, fields: prepared.fields };
}

function subset(encoded: Encoded, rows: readonly number[]): { matrix: Encoded['matrix']; labels: number[] } {
  const values = new Float32Array(rows.length * encoded.width);
  rows.forEach((r, i) => values.set(encoded.values.subarray(r * encoded.width, (r + 1) * encoded.width), i * encoded.width));
  return { matrix: { features: encoded.matrix.features, rows: rows.length, values }, labels: rows.map((r) => encoded.labels[r]!) };
}

export interface Confusion {
  precision: number;
  recall: number;
  f1: number;
}

export function confusion(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (predicted && labels[i] === 1) tp++;
    else if (predicted) fp++;
    else if (labels[i] === 1) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** The threshold (among the scores, to 0.001) with the best F1; of equally good ones, the lowest. */
export function bestThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>): { threshold: number; f1: number } {
  const candidates = [...new Set(Array.from(scores, (s) => Math.round(s * 1000) / 1000))].sort((a, b) => a - b);
  let best = { threshold: 0.5, f1: -1 };
  for (const t of candidates) {
    const { f1 } = confusion(scores, labels, t);
    if (f1 > best.f1 + 1e-12) best = { threshold: t, f1 };
  }
  return best;
}

/** The contenders cross-validation chooses from: a linear model, and boosted trees of two sizes. */
export const classifierCandidates: { name: string; options: PairClassifierOptions }[] = [
  { name: 'logistic-regression', options: { kind: 'logistic-regression' } },
  { name: 'gradient-boosting', options: { kind: 'gradient-boosting' } },
  { name: 'gradient-boosting-deep', options: { kind: 'gradient-boosting', maxDepth: 5, trees: 400, minLeafSize: 10 } },
];

function train(name: string, matrix: Encoded['matrix'], labels: number[], fields: Encoded['fields'], seed: number): PairModel {
  const candidate = classifierCandidates.find((c) => c.name === name)!;
  return trainPairClassifier(matrix, labels, fields, { ...candidate.options, seed });
}

function scoreAll(model: PairModel, matrix: Encoded['matrix']): Float64Array {
  const width = matrix.features.length;
  return Float64Array.from({ length: matrix.rows }, (_, p) => model.score(matrix.values, p * width));
}

export interface PairsResult {
  name: string;
  trainPairs: number;
  testPairs: number;
  testMatches: number;
  attributes: string[];
  /** How the model was chosen: each kind's out-of-fold F1 on the training pairs. */
  crossValidation: { kind: string; f1: number; threshold: number }[];
  chosen: string;
  threshold: number;
  /** `train-file` when a training file was given, `cross-validated` when the test file was split into folds. */
  protocol: 'train-file' | 'cross-validated';
  precision: number;
  recall: number;
  f1: number;
  seconds: number;
}

interface FitAndScore {
  attributes: string[];
  crossValidation: PairsResult['crossValidation'];
  chosen: string;
  threshold: number;
  testScores: Float64Array;
  testLabels: number[];
}

/**
 * Chooses the model kind and the decision threshold by 5-fold
 * cross-validation inside the training pairs only, trains the chosen kind on
 * all of them and scores the test pairs once.
 */
function fitAndScore(trainPairs: readonly LabelledPair[], testPairs: readonly LabelledPair[], seed: number): FitAndScore {
  const fields = attributeFields(trainPairs);
  const trainSet = encode(trainPairs, fields);
  const testSet = encode(testPairs, fields);
  const folds = stratifiedKFold(trainSet.labels, 5, seed);
  const crossValidation = classifierCandidates.map(({ name: kind }) => {
    const outOfFold = new Float64Array(trainSet.labels.length);
    for (const fold of folds) {
      const part = subset(trainSet, fold.train);
      const model = train(kind, part.matrix, part.labels, trainSet.fields, seed);
      const scores = scoreAll(model, subset(trainSet, fold.test).matrix);
      fold.test.forEach((row, i) => (outOfFold[row] = scores[i]!));
    }
    return { kind, ...bestThreshold(outOfFold, trainSet.labels) };
  });
  const best = crossValidation.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  const model = train(best.kind, trainSet.matrix, trainSet.labels, trainSet.fields, seed);
  return {
    attributes: fields.map((f) => f.field).filter((f) => f !== wholeRecordField),
    crossValidation,
    chosen: best.kind,
    threshold: best.threshold,
    testScores: scoreAll(model, testSet.matrix),
    testLabels: testSet.labels,
  };
}

/**
 * Trains a pair classifier over per-attribute similarities on `trainPairs`
 * and measures it on `testPairs`; nothing is tuned on the test pairs.
 */
export function evaluatePairs(name: string, trainPairs: readonly LabelledPair[], testPairs: readonly LabelledPair[], seed: number): PairsResult {
  const started = performance.now();
  const fitted = fitAndScore(trainPairs, testPairs, seed);
  return {
    name,
    trainPairs: trainPairs.length,
    testPairs: testPairs.length,
    testMatches: fitted.testLabels.filter((l) => l === 1).length,
    attributes: fitted.attributes,
    crossValidation: fitted.crossValidation,
    chosen: fitted.chosen,
    threshold: fitted.threshold,
    protocol: 'train-file',
    ...confusion(fitted.testScores, fitted.testLabels, fitted.threshold),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Without a training file: 5-fold cross-validation over the one file, each
 * pair scored by a model (and threshold) chosen without it. The reported
 * model kind and cross-validation figures are those of the last fold.
 */
export function evaluatePairsByCrossValidation(name: string, pairs: readonly LabelledPair[], seed: number): PairsResult {
  const started = performance.now();
  const labels = pairs.map((p) => p.label);
  const decisions = new Float64Array(pairs.length);
  const thresholds: number[] = [];
  let last: FitAndScore | undefined;
  for (const fold of stratifiedKFold(labels, 5, seed)) {
    last = fitAndScore(
      fold.train.map((i) => pairs[i]!),
      fold.test.map((i) => pairs[i]!),
      seed,
    );
    thresholds.push(last.threshold);
    const threshold = last.threshold;
    const scores = last.testScores;
    fold.test.forEach((row, i) => (decisions[row] = scores[i]! >= threshold ? 1 : 0));
  }
  return {
    name,
    trainPairs: pairs.length,
    testPairs: pairs.length,
    testMatches: labels.filter((l) => l === 1).length,
    attributes: last!.attributes,
    crossValidation: last!.crossValidation,
    chosen: last!.chosen,
    threshold: thresholds.reduce((a, b) => a + b, 0) / thresholds.length,
    protocol: 'cross-validated',
    ...confusion(decisions, labels, 0.5),
    seconds: (performance.now() - started) / 1000,
  };
}
