import type { Factor } from './factors';
import { fitFeatureEncoder, loadFeatureEncoder, type FeatureEncoder, type FeatureEncoderJson, type FeatureEncoderOptions, type FeatureRow, type FeatureSpec } from './features';
import { loadGradientBoosting, trainGradientBoosting, type GradientBoostingJson, type GradientBoostingModel, type GradientBoostingOptions } from './gradient-boosting';
import { loadLogisticRegression, trainLogisticRegression, type LogisticRegressionJson, type LogisticRegressionModel, type LogisticRegressionOptions } from './logistic-regression';

export type BinaryModel = LogisticRegressionModel | GradientBoostingModel;
export type BinaryModelJson = LogisticRegressionJson | GradientBoostingJson;
export type BinaryModelKind = BinaryModel['kind'];

export interface ScorerOptions {
  /** Default `'logistic-regression'`: the simpler model, until a hold-out shows another is better. */
  model?: BinaryModelKind;
  encoder?: FeatureEncoderOptions;
  logisticRegression?: Omit<LogisticRegressionOptions, 'featureNames'>;
  gradientBoosting?: Omit<GradientBoostingOptions, 'featureNames'>;
}

export interface Score {
  /** Probability of the positive outcome (won, converted), 0–1. */
  probability: number;
  /** The inputs that moved this score most, strongest first. */
  factors: Factor[];
}

export interface ScorerJson {
  format: 'nexus.scorer';
  version: 1;
  encoder: FeatureEncoderJson;
  model: BinaryModelJson;
}

/** A feature encoder and the binary model trained on its output: records in, explained probabilities out. */
export interface Scorer {
  readonly kind: BinaryModelKind;
  readonly encoder: FeatureEncoder;
  readonly model: BinaryModel;
  /** Probability of the positive outcome. */
  predict(row: FeatureRow): number;
  /** Probability with its `top` factors (default 5). */
  score(row: FeatureRow, top?: number): Score;
  toJSON(): ScorerJson;
}

/**
 * Learns an encoder from the training records, then a model on the encoded rows.
 *
 * @example
 * const scorer = trainScorer(leads, converted, [{ kind: 'categorical', field: 'source' }], { model: 'gradient-boosting' });
 * scorer.score(lead); // { probability: 0.87, factors: [{ feature: 'source=Referral', contribution: 1.2, direction: 'raises' }, …] }
 */
export function trainScorer(rows: readonly FeatureRow[], labels: ArrayLike<number>, specs: readonly FeatureSpec[], options: ScorerOptions = {}): Scorer {
  const encoder = fitFeatureEncoder(rows, specs, options.encoder);
  const x = rows.map((row) => encoder.encode(row));
  const featureNames = encoder.featureNames;
  const model: BinaryModel =
    (options.model ?? 'logistic-regression') === 'gradient-boosting'
      ? trainGradientBoosting(x, labels, { ...options.gradientBoosting, featureNames })
      : trainLogisticRegression(x, labels, { ...options.logisticRegression, featureNames });
  return assemble(encoder, model);
}

/**
 * Rebuilds a scorer from `scorer.toJSON()`.
 *
 * @example
 * const scorer = loadScorer(JSON.parse(stored));
 */
export function loadScorer(json: ScorerJson): Scorer {
  if (json.format !== 'nexus.scorer' || json.version !== 1) throw new TypeError('not a scorer (format nexus.scorer, version 1)');
  const encoder = loadFeatureEncoder(json.encoder);
  const model = json.model.format === 'nexus.gradient-boosting' ? loadGradientBoosting(json.model) : loadLogisticRegression(json.model);
  if (model.featureNames.length !== encoder.width) throw new RangeError('the model does not fit the encoder');
  return assemble(encoder, model);
}

function assemble(encoder: FeatureEncoder, model: BinaryModel): Scorer {
  return {
    kind: model.kind,
    encoder,
    model,
    predict: (row) => model.predict(encoder.encode(row)),
    score: (row, top = 5) => {
      const x = encoder.encode(row);
      return { probability: model.predict(x), factors: model.explain(x, top) };
    },
    toJSON: () => ({ format: 'nexus.scorer', version: 1, encoder: encoder.toJSON(), model: model.toJSON() }),
  };
}
