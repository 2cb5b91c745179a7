import { createRandom, shuffleInPlace } from '../internal/random';

/** A binary outcome: 1 (won, converted) or 0 (lost, not converted). */
export type BinaryLabel = 0 | 1;

function checkLengths(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) throw new RangeError(`got ${scores.length} scores for ${labels.length} labels`);
}

/**
 * Area under the ROC curve: the probability that a random positive scores
 * above a random negative, ties counting one half (the Mann–Whitney U
 * statistic over average ranks). `NaN` when either class is absent, as the
 * ranking is then undefined.
 *
 * @example
 * auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(scores, labels);
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let positiveRankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && scores[order[j]!]! === scores[order[i]!]!) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Mean squared error of predicted probabilities against 0/1 outcomes: 0 is
 * perfect, a constant 0.5 scores 0.25.
 *
 * @example
 * brierScore([0.5, 0.5], [0, 1]); // 0.25
 */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(probabilities, labels);
  if (probabilities.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / probabilities.length;
}

/**
 * Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15]
 * so one confident mistake costs a lot but never infinity.
 */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(probabilities, labels);
  if (probabilities.length === 0) return Number.NaN;
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / probabilities.length;
}

/**
 * Share of binary predictions on the right side of `threshold` (a
 * probability at or above it predicts 1).
 *
 * @example
 * accuracy([0.9, 0.2, 0.6], [1, 0, 0]); // 2 / 3
 */
export function accuracy(probabilities: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  checkLengths(probabilities, labels);
  if (probabilities.length === 0) return Number.NaN;
  let right = 0;
  for (let i = 0; i < probabilities.length; i++) if ((probabilities[i]! >= threshold ? 1 : 0) === labels[i]) right++;
  return right / probabilities.length;
}

/**
 * Share of predicted labels equal to the actual ones (any number of classes).
 *
 * @example
 * labelAccuracy(['yes', 'no'], ['yes', 'yes']); // 0.5
 */
export function labelAccuracy<T>(predicted: readonly T[], actual: readonly T[]): number {
  if (predicted.length !== actual.length) throw new RangeError(`got ${predicted.length} predictions for ${actual.length} labels`);
  if (predicted.length === 0) return Number.NaN;
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === actual[i]) right++;
  return right / predicted.length;
}

export interface CalibrationBin {
  /** Inclusive lower edge of the predicted-probability range. */
  lower: number;
  /** Upper edge; exclusive except for the last bin, which includes 1. */
  upper: number;
  count: number;
  /** Mean predicted probability in the bin; `NaN` when empty. */
  meanPredicted: number;
  /** Share of positives in the bin; `NaN` when empty. */
  observedRate: number;
}

export interface Calibration {
  bins: CalibrationBin[];
  /** Expected calibration error: the count-weighted mean |observed − predicted| over the bins. */
  expectedCalibrationError: number;
}

/**
 * Reliability diagram over equal-width probability bins, with the expected
 * calibration error. A calibrated model's deals at "70%" are won 70% of the time.
 *
 * @example
 * calibration([0.1, 0.9], [0, 1], 2).expectedCalibrationError; // 0.1
 */
export function calibration(probabilities: ArrayLike<number>, labels: ArrayLike<number>, binCount = 10): Calibration {
  checkLengths(probabilities, labels);
  if (!Number.isInteger(binCount) || binCount < 1) throw new RangeError('binCount must be a positive whole number');
  const counts = new Array<number>(binCount).fill(0);
  const predictedSums = new Array<number>(binCount).fill(0);
  const positives = new Array<number>(binCount).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1, Math.max(0, probabilities[i]!));
    const bin = Math.min(binCount - 1, Math.floor(p * binCount));
    counts[bin]!++;
    predictedSums[bin]! += p;
    if (labels[i] === 1) positives[bin]!++;
  }
  let weightedError = 0;
  const bins = counts.map((count, b): CalibrationBin => {
    const meanPredicted = count > 0 ? predictedSums[b]! / count : Number.NaN;
    const observedRate = count > 0 ? positives[b]! / count : Number.NaN;
    if (count > 0) weightedError += count * Math.abs(observedRate - meanPredicted);
    return { lower: b / binCount, upper: (b + 1) / binCount, count, meanPredicted, observedRate };
  });
  const total = probabilities.length;
  return { bins, expectedCalibrationError: total > 0 ? weightedError / total : Number.NaN };
}

/** Row indices of one fold: train on `train`, measure on `test`. */
export interface Fold {
  train: number[];
  test: number[];
}

/**
 * Stratified k-fold split: every class is shuffled (seeded) and dealt round
 * robin over the folds, so each fold keeps the class shares of the whole and
 * the test parts are disjoint and together cover every row once.
 *
 * @example
 * for (const { train, test } of stratifiedKFold(labels, 10, 42)) { ... }
 */
export function stratifiedKFold(labels: readonly unknown[], k: number, seed: number): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError('k must be a whole number of at least 2');
  if (k > labels.length) throw new RangeError(`cannot make ${k} folds of ${labels.length} rows`);
  const random = createRandom(seed);
  const testOf: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const members of groupByLabel(labels)) {
    for (const index of shuffleInPlace(members, random)) {
      testOf[next]!.push(index);
      next = (next + 1) % k;
    }
  }
  return testOf.map((test) => {
    const inTest = new Set(test);
    const train: number[] = [];
    for (let i = 0; i < labels.length; i++) if (!inTest.has(i)) train.push(i);
    return { train, test: [...test].sort((a, b) => a - b) };
  });
}

/**
 * One stratified, seeded split with `testFraction` of every class in the test part.
 *
 * @example
 * const { train, test } = stratifiedSplit(labels, 0.3, 42);
 */
export function stratifiedSplit(labels: readonly unknown[], testFraction: number, seed: number): Fold {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError('testFraction must be between 0 and 1');
  const random = createRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const members of groupByLabel(labels)) {
    shuffleInPlace(members, random);
    const testCount = Math.round(members.length * testFraction);
    members.forEach((index, position) => (position < testCount ? test : train).push(index));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Indices per distinct label, labels in order of first appearance. */
function groupByLabel(labels: readonly unknown[]): number[][] {
  const groups = new Map<unknown, number[]>();
  labels.forEach((label, index) => {
    const group = groups.get(label);
    if (group) group.push(index);
    else groups.set(label, [index]);
  });
  return [...groups.values()];
}

/**
 * Time-based hold-out: rows before `cutoff` train, rows at or after it test,
 * rows without a valid time are left out of both. This is how a model is
 * judged on the deals that closed after it was trained.
 *
 * @example
 * const { train, test } = timeSplit(deals, (d) => d.closedAt, new Date('2017-06-01'));
 */
export function timeSplit<T>(rows: readonly T[], timeOf: (row: T) => Date | number | undefined, cutoff: Date | number): Fold {
  const limit = typeof cutoff === 'number' ? cutoff : cutoff.getTime();
  const train: number[] = [];
  const test: number[] = [];
  rows.forEach((row, index) => {
    const time = timeOf(row);
    const value = time instanceof Date ? time.getTime() : time;
    if (value === undefined || !Number.isFinite(value)) return;
    (value < limit ? train : test).push(index);
  });
  return { train, test };
}
