import { AppError } from '@nexus/platform';
import type { FeatureRef } from './compare-fields';
import { levelOf, type ResolvedFieldSpec } from './field-spec';

/** Why two records were scored alike (or not) on one field. */
export interface FieldReason {
  field: string;
  /** The field's primary similarity, 0..1. */
  similarity: number;
  /** How far this field moved the score: log2(m/u) for Fellegi–Sunter, log-odds for a classifier, weight × similarity for the fallback. */
  weight: number;
  /** Whether the similarity reached the field's lowest agreement level. */
  matched: boolean;
}

export type PairModelKind = 'fellegi-sunter' | 'logistic-regression' | 'gradient-boosting' | 'weighted';

/**
 * Scores one pair from its similarities. Every model reads the row layout of
 * the field specs it was made with (`features`) and checks it on use.
 */
export interface PairModel {
  readonly kind: PairModelKind;
  readonly features: readonly FeatureRef[];
  /** Probability (or, for the fallback, confidence) that the pair is one entity, 0..1. `values[offset …]` is the pair's row. */
  score(values: ArrayLike<number>, offset?: number): number;
  /** Per-field reasons, strongest evidence for a match first; fields missing on either side are left out. */
  explain(values: ArrayLike<number>, offset?: number): FieldReason[];
  toJSON(): unknown;
}

/** Checks that a model was made for the same features as a comparison matrix (`validation_failed` otherwise). */
export function assertSameFeatures(model: { features: readonly FeatureRef[] }, features: readonly FeatureRef[]): void {
  const same =
    model.features.length === features.length &&
    model.features.every((f, k) => f.field === features[k]!.field && f.comparator === features[k]!.comparator);
  if (!same) throw new AppError('validation_failed', 'the model was made for other field specs than these records', { details: { model: model.features.map((f) => `${f.field}:${f.comparator}`) } });
}

/** Column of each field's primary similarity. */
export function primaryColumns(features: readonly FeatureRef[], fields: readonly { field: string }[]): number[] {
  return fields.map((spec) => {
    const column = features.findIndex((f) => f.field === spec.field && f.primary);
    if (column < 0) throw new AppError('validation_failed', `no primary similarity for field ${spec.field}`);
    return column;
  });
}

export interface WeightedModelJson {
  format: 'nexus.dedupe-weighted';
  version: 1;
  fields: { field: string; comparator: string; weight: number; levels: number[] }[];
  features: FeatureRef[];
}

/**
 * The fallback scorer for when there is too little data to learn weights
 * from (a new workspace): the weight-hinted mean of the primary
 * similarities over the fields both records have, divided by at least half
 * the total weight, so agreement on one minor field cannot score high. The
 * mean is mapped to 0..1 by a logistic curve centred on 0.75 (0.9 → 0.92,
 * 1 → 0.98), so the same review and auto-merge thresholds read alike for every model.
 *
 * @example
 * const model = createWeightedModel(prepared.fields);
 * model.score(matrix.values, 0);
 */
export function createWeightedModel(fields: readonly ResolvedFieldSpec[], features?: readonly FeatureRef[]): PairModel {
  const featureList: FeatureRef[] = features
    ? [...features]
    : fields.flatMap((spec) => spec.comparators.map((comparator, k) => ({ field: spec.field, comparator, primary: k === 0 })));
  const columns = primaryColumns(featureList, fields);
  const totalWeight = fields.reduce((sum, f) => sum + f.weight, 0);
  const width = featureList.length;
  const read = (values: ArrayLike<number>, offset: number, k: number) => {
    if (offset + width > values.length) throw new RangeError(`expected a row of ${width} similarities`);
    return values[offset + columns[k]!]!;
  };
  return {
    kind: 'weighted',
    features: featureList,
    score(values, offset = 0) {
      let sum = 0;
      let present = 0;
      fields.forEach((spec, k) => {
        const s = read(values, offset, k);
        if (Number.isNaN(s)) return;
        sum += spec.weight * s;
        present += spec.weight;
      });
      if (present === 0) return 0;
      const mean = sum / Math.max(present, totalWeight / 2);
      return 1 / (1 + Math.exp(-16 * (mean - 0.75)));
    },
    explain(values, offset = 0) {
      const reasons: FieldReason[] = [];
      fields.forEach((spec, k) => {
        const s = read(values, offset, k);
        if (Number.isNaN(s)) return;
        reasons.push({ field: spec.field, similarity: s, weight: spec.weight * s, matched: levelOf(s, spec.levels) < spec.levels.length });
      });
      return reasons.sort((a, b) => b.weight - a.weight);
    },
    toJSON: (): WeightedModelJson => ({
      format: 'nexus.dedupe-weighted',
      version: 1,
      fields: fields.map((f) => ({ field: f.field, comparator: f.comparators[0]!, weight: f.weight, levels: [...f.levels] })),
      features: featureList,
    }),
  };
}
