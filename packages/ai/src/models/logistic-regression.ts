import { minimizeLbfgs } from '../internal/lbfgs';
import { sigmoid, softplus, topFactors, type Factor } from './factors';

export interface LogisticRegressionOptions {
  /** L2 penalty on the weights (not the intercept), per unit of mean loss. Default 1e-3. */
  l2?: number;
  /**
   * Weight of each class in the loss. `'balanced'` weighs both classes
   * equally whatever their counts. Default: every row weighs 1. Weighted
   * models rank as well but their probabilities are no longer calibrated.
   */
  classWeight?: 'balanced' | { positive: number; negative: number };
  /** Names of the inputs, for explanations. Default `x0`, `x1`, … */
  featureNames?: readonly string[];
  /** Default 500; training is deterministic whatever the limit. */
  maxIterations?: number;
}

/** A trained model as plain JSON. */
export interface LogisticRegressionJson {
  format: 'nexus.logistic-regression';
  version: 1;
  featureNames: string[];
  weights: number[];
  intercept: number;
}

export interface LogisticRegressionModel {
  readonly kind: 'logistic-regression';
  readonly featureNames: readonly string[];
  readonly weights: Float64Array;
  readonly intercept: number;
  /** Log-odds of the positive class. */
  margin(x: Float64Array): number;
  /** Probability of the positive class. */
  predict(x: Float64Array): number;
  /** The `top` inputs by |weight × value|: how far each moved the log-odds from the intercept. */
  explain(x: Float64Array, top?: number): Factor[];
  toJSON(): LogisticRegressionJson;
}

/**
 * Fits a binary logistic regression with an L2 penalty by full-batch L-BFGS
 * on the exact (convex) objective: the same rows give the same model, and
 * perfectly separable data still gives finite weights.
 *
 * @example
 * const model = trainLogisticRegression(rows.map(encoder.encode), labels, { featureNames: encoder.featureNames });
 * model.predict(encoder.encode(lead)); // 0.83
 * model.explain(encoder.encode(lead), 3); // [{ feature: 'Lead Origin=Lead Add Form', contribution: 1.9, direction: 'raises' }, …]
 */
export function trainLogisticRegression(
  rows: readonly Float64Array[],
  labels: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const n = rows.length;
  if (n !== labels.length) throw new RangeError(`got ${n} rows for ${labels.length} labels`);
  if (n === 0) throw new RangeError('cannot train on no rows');
  const d = rows[0]!.length;
  for (const row of rows) if (row.length !== d) throw new RangeError('rows differ in width');
  const l2 = options.l2 ?? 1e-3;
  if (!(l2 >= 0)) throw new RangeError('l2 must not be negative');

  let positives = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (label !== 0 && label !== 1) throw new RangeError(`label ${String(label)} at row ${i} is not 0 or 1`);
    positives += label;
  }
  if (positives === 0 || positives === n) throw new RangeError('training needs rows of both classes');

  const weightOf = classWeights(options.classWeight, positives, n - positives);
  const sampleWeight = new Float64Array(n);
  let totalWeight = 0;
  let positiveWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = labels[i] === 1 ? weightOf.positive : weightOf.negative;
    sampleWeight[i] = w;
    totalWeight += w;
    if (labels[i] === 1) positiveWeight += w;
  }

  // Parameters: d weights, then the intercept.
  const start = new Float64Array(d + 1);
  const baseRate = positiveWeight / totalWeight;
  start[d] = Math.log(baseRate / (1 - baseRate));

  const result = minimizeLbfgs(
    (beta, gradient) => {
      gradient.fill(0);
      let loss = 0;
      const intercept = beta[d]!;
      for (let i = 0; i < n; i++) {
        const x = rows[i]!;
        let z = intercept;
        for (let j = 0; j < d; j++) z += beta[j]! * x[j]!;
        const y = labels[i]!;
        const w = sampleWeight[i]! / totalWeight;
        loss += w * (softplus(z) - y * z);
        const residual = w * (sigmoid(z) - y);
        if (residual === 0) continue;
        for (let j = 0; j < d; j++) gradient[j] = gradient[j]! + residual * x[j]!;
        gradient[d] = gradient[d]! + residual;
      }
      let penalty = 0;
      for (let j = 0; j < d; j++) {
        penalty += beta[j]! * beta[j]!;
        gradient[j] = gradient[j]! + l2 * beta[j]!;
      }
      return loss + 0.5 * l2 * penalty;
    },
    start,
    { maxIterations: options.maxIterations ?? 500, gradientTolerance: 1e-7 },
  );

  const featureNames = options.featureNames ? [...options.featureNames] : Array.from({ length: d }, (_, j) => `x${j}`);
  if (featureNames.length !== d) throw new RangeError(`got ${featureNames.length} feature names for ${d} inputs`);
  return loadLogisticRegression({
    format: 'nexus.logistic-regression',
    version: 1,
    featureNames,
    weights: Array.from(result.x.subarray(0, d)),
    intercept: result.x[d]!,
  });
}

/**
 * Rebuilds a model from `model.toJSON()`.
 *
 * @example
 * const model = loadLogisticRegression(JSON.parse(stored));
 */
export function loadLogisticRegression(json: LogisticRegressionJson): LogisticRegressionModel {
  if (json.format !== 'nexus.logistic-regression' || json.version !== 1) throw new TypeError('not a logistic regression (format nexus.logistic-regression, version 1)');
  if (json.featureNames.length !== json.weights.length) throw new RangeError('feature names and weights differ in length');
  const weights = Float64Array.from(json.weights);
  const featureNames = [...json.featureNames];
  const intercept = json.intercept;
  const d = weights.length;

  const margin = (x: Float64Array): number => {
    if (x.length !== d) throw new RangeError(`expected ${d} inputs, got ${x.length}`);
    let z = intercept;
    for (let j = 0; j < d; j++) z += weights[j]! * x[j]!;
    return z;
  };

  return {
    kind: 'logistic-regression',
    featureNames,
    weights,
    intercept,
    margin,
    predict: (x) => sigmoid(margin(x)),
    explain: (x, top = 5) => {
      if (x.length !== d) throw new RangeError(`expected ${d} inputs, got ${x.length}`);
      const contributions = new Float64Array(d);
      for (let j = 0; j < d; j++) contributions[j] = weights[j]! * x[j]!;
      return topFactors(featureNames, contributions, top);
    },
    toJSON: () => ({ format: 'nexus.logistic-regression', version: 1, featureNames: [...featureNames], weights: Array.from(weights), intercept }),
  };
}

function classWeights(option: LogisticRegressionOptions['classWeight'], positives: number, negatives: number): { positive: number; negative: number } {
  if (option === undefined) return { positive: 1, negative: 1 };
  if (option === 'balanced') {
    const n = positives + negatives;
    return { positive: n / (2 * positives), negative: n / (2 * negatives) };
  }
  if (!(option.positive > 0 && option.negative > 0)) throw new RangeError('class weights must be positive');
  return option;
}
