import {
  loadGradientBoosting,
  loadLogisticRegression,
  trainGradientBoosting,
  trainLogisticRegression,
  type GradientBoostingJson,
  type LogisticRegressionJson,
} from '@nexus/ai';
import { AppError } from '@nexus/platform';
import type { ComparisonMatrix, FeatureRef } from './compare-fields';
import { levelOf, type ResolvedFieldSpec } from './field-spec';
import { primaryColumns, type FieldReason, type PairModel } from './pair-model';

export type PairClassifierKind = 'logistic-regression' | 'gradient-boosting';

export interface PairClassifierOptions {
  /** Default `logistic-regression`: one learned weight per similarity, easy to read. Gradient boosting learns thresholds and interactions. */
  kind?: PairClassifierKind;
  /** L2 penalty of the logistic regression. Default 1e-3. */
  l2?: number;
  /** Gradient boosting: trees (default 300), depth (default 3), learning rate (default 0.05), seed (default 1). */
  trees?: number;
  maxDepth?: number;
  learningRate?: number;
  minLeafSize?: number;
  seed?: number;
}

export interface PairClassifierJson {
  format: 'nexus.dedupe-classifier';
  version: 1;
  features: FeatureRef[];
  /** Agreement levels of each field's primary similarity, for `matched` in the reasons. */
  fields: { field: string; levels: number[] }[];
  model: LogisticRegressionJson | GradientBoostingJson;
}

/**
 * The classifier's inputs for one pair: every similarity (0 when missing)
 * followed by a missing flag for it, so "no email on file" and "different
 * emails" stay different evidence.
 */
export function encodePair(values: ArrayLike<number>, offset: number, width: number): Float64Array {
  if (offset + width > values.length) throw new RangeError(`expected a row of ${width} similarities`);
  const x = new Float64Array(width * 2);
  for (let k = 0; k < width; k++) {
    const v = values[offset + k]!;
    const missing = Number.isNaN(v);
    x[2 * k] = missing ? 0 : v;
    x[2 * k + 1] = missing ? 1 : 0;
  }
  return x;
}

function inputNames(features: readonly FeatureRef[]): string[] {
  return features.flatMap((f) => [`${f.field}:${f.comparator}`, `${f.field}:${f.comparator}:missing`]);
}

/**
 * Trains a pair classifier on labelled pairs (1 = same entity) over their
 * per-field similarities: the supervised alternative to the EM-fitted
 * Fellegi–Sunter model, for when a workspace has confirmed merges and
 * rejections to learn from.
 *
 * @example
 * const model = trainPairClassifier(matrix, labels, prepared.fields, { kind: 'gradient-boosting' });
 * model.score(matrix.values, 0);
 */
export function trainPairClassifier(
  matrix: ComparisonMatrix,
  labels: ArrayLike<number>,
  fields: readonly ResolvedFieldSpec[],
  options: PairClassifierOptions = {},
): PairModel {
  if (labels.length !== matrix.rows) throw new AppError('validation_failed', `got ${labels.length} labels for ${matrix.rows} pairs`);
  const width = matrix.features.length;
  const rows = Array.from({ length: matrix.rows }, (_, p) => encodePair(matrix.values, p * width, width));
  const featureNames = inputNames(matrix.features);
  let positives = 0;
  for (let p = 0; p < labels.length; p++) positives += labels[p] === 1 ? 1 : 0;
  if (positives === 0 || positives === labels.length) throw new AppError('validation_failed', 'training needs matching and non-matching pairs');
  const model =
    (options.kind ?? 'logistic-regression') === 'logistic-regression'
      ? trainLogisticRegression(rows, labels, { featureNames, l2: options.l2 }).toJSON()
      : trainGradientBoosting(rows, labels, {
          featureNames,
          trees: options.trees,
          maxDepth: options.maxDepth,
          learningRate: options.learningRate,
          minLeafSize: options.minLeafSize,
          seed: options.seed,
        }).toJSON();
  return loadPairClassifier({
    format: 'nexus.dedupe-classifier',
    version: 1,
    features: [...matrix.features],
    fields: fields.map((f) => ({ field: f.field, levels: [...f.levels] })),
    model,
  });
}

/**
 * Rebuilds a trained pair classifier from `model.toJSON()`.
 *
 * @example
 * const model = loadPairClassifier(JSON.parse(stored));
 */
export function loadPairClassifier(json: PairClassifierJson): PairModel {
  if (json.format !== 'nexus.dedupe-classifier' || json.version !== 1) throw new AppError('validation_failed', 'not a pair classifier (format nexus.dedupe-classifier, version 1)');
  const features = json.features.map((f) => ({ ...f }));
  const inner = json.model.format === 'nexus.logistic-regression' ? loadLogisticRegression(json.model) : loadGradientBoosting(json.model);
  const width = features.length;
  const fields = json.fields.map((f) => ({ field: f.field, levels: [...f.levels] }));
  const columns = primaryColumns(features, fields);
  const fieldOf = new Map(features.map((f, k) => [k, f.field]));
  return {
    kind: inner.kind,
    features,
    score: (values, offset = 0) => inner.predict(encodePair(values, offset, width)),
    explain(values, offset = 0) {
      const x = encodePair(values, offset, width);
      const byField = new Map<string, number>();
      for (const factor of inner.explain(x, x.length)) {
        const k = inner.featureNames.indexOf(factor.feature) >> 1;
        const field = fieldOf.get(k);
        if (field !== undefined) byField.set(field, (byField.get(field) ?? 0) + factor.contribution);
      }
      const reasons: FieldReason[] = [];
      fields.forEach((f, i) => {
        const similarity = values[offset + columns[i]!]!;
        if (Number.isNaN(similarity)) return;
        reasons.push({ field: f.field, similarity, weight: byField.get(f.field) ?? 0, matched: levelOf(similarity, f.levels) < f.levels.length });
      });
      return reasons.sort((a, b) => b.weight - a.weight);
    },
    toJSON: (): PairClassifierJson => ({ format: 'nexus.dedupe-classifier', version: 1, features: features.map((f) => ({ ...f })), fields: fields.map((f) => ({ ...f, levels: [...f.levels] })), model: inner.toJSON() }),
  };
}
