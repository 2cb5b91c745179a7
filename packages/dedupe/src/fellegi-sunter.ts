import { AppError } from '@nexus/platform';
import type { ComparisonMatrix, FeatureRef } from './compare-fields';
import { levelOf, type ResolvedFieldSpec } from './field-spec';
import { primaryColumns, type FieldReason, type PairModel } from './pair-model';

/** m and u probabilities of one field's agreement levels (the last level is "disagrees"). */
export interface FellegiSunterField {
  field: string;
  comparator: string;
  /** Descending similarity thresholds of the agreement levels. */
  levels: number[];
  /** P(level | same entity), one per level plus "disagrees". */
  m: number[];
  /** P(level | different entities). */
  u: number[];
}

export interface FellegiSunterJson {
  format: 'nexus.fellegi-sunter';
  version: 1;
  /** Share of candidate pairs that match, the prior. */
  lambda: number;
  fields: FellegiSunterField[];
  features: FeatureRef[];
}

export interface FellegiSunterFit {
  method: 'em' | 'labelled';
  iterations: number;
  converged: boolean;
  pairs: number;
  /** Distinct agreement patterns the pairs fell into. */
  patterns: number;
}

export interface FellegiSunterModel extends PairModel {
  readonly kind: 'fellegi-sunter';
  readonly lambda: number;
  readonly fields: readonly FellegiSunterField[];
  /** Match weight of a pair: log2 of the likelihood ratio plus the prior's log-odds. */
  matchWeight(values: ArrayLike<number>, offset?: number): number;
  toJSON(): FellegiSunterJson;
}

export interface FitFellegiSunterOptions {
  /** Labels (1 = same entity) of the matrix rows: m and u are counted, no EM. */
  labels?: ArrayLike<number>;
  /** Default 200. */
  maxIterations?: number;
  /** Stop when no probability moves more than this. Default 1e-6. */
  tolerance?: number;
  /** Starting share of matches among candidates. Default 0.1. */
  initialLambda?: number;
  /** Pseudo-count added to every level, so no level is ever impossible. Default 0.5. */
  pseudoCount?: number;
}

const log2 = (x: number) => Math.log(x) / Math.LN2;

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Fits a Fellegi–Sunter model to a comparison matrix: each field's primary
 * similarity is cut into agreement levels, and the probability of each level
 * among matches (m) and non-matches (u) is estimated, by expectation–
 * maximisation over the unlabelled candidate pairs (the default) or by
 * counting when `labels` are given. Pairs are first grouped by their
 * agreement pattern, so EM runs over a few hundred patterns whatever the pair count.
 *
 * @example
 * const model = fitFellegiSunter(matrix, prepared.fields);
 * model.score(matrix.values, 0); // P(same entity) of the first pair
 */
export function fitFellegiSunter(
  matrix: ComparisonMatrix,
  fields: readonly ResolvedFieldSpec[],
  options: FitFellegiSunterOptions = {},
): FellegiSunterModel & { fit: FellegiSunterFit } {
  const width = matrix.features.length;
  const columns = primaryColumns(matrix.features, fields);
  const F = fields.length;
  const sizes = fields.map((f) => f.levels.length + 1);
  const alpha = options.pseudoCount ?? 0.5;
  if (matrix.rows === 0) throw new AppError('validation_failed', 'cannot fit a model on no pairs');
  if (options.labels && options.labels.length !== matrix.rows) throw new AppError('validation_failed', `got ${options.labels.length} labels for ${matrix.rows} pairs`);

  // Patterns: a mixed-radix code of the levels (missing = 0, level l = l + 1).
  const strides: number[] = [];
  let stride = 1;
  for (const size of sizes) {
    strides.push(stride);
    stride *= size + 1;
  }
  const patternIndex = new Map<number, number>();
  const patternLevels: number[][] = [];
  const counts: number[] = [];
  const positives: number[] = [];
  for (let p = 0; p < matrix.rows; p++) {
    let code = 0;
    const levels: number[] = [];
    for (let f = 0; f < F; f++) {
      const level = levelOf(matrix.values[p * width + columns[f]!]!, fields[f]!.levels);
      levels.push(level);
      code += (level + 1) * strides[f]!;
    }
    let index = patternIndex.get(code);
    if (index === undefined) {
      index = patternLevels.length;
      patternIndex.set(code, index);
      patternLevels.push(levels);
      counts.push(0);
      positives.push(0);
    }
    counts[index]!++;
    if (options.labels) positives[index]! += options.labels[p] === 1 ? 1 : 0;
  }
  const P = patternLevels.length;

  const estimate = (matchShare: (p: number) => number) => {
    const m = sizes.map((s) => new Array<number>(s).fill(alpha));
    const u = sizes.map((s) => new Array<number>(s).fill(alpha));
    let matches = 0;
    let total = 0;
    for (let p = 0; p < P; p++) {
      const g = matchShare(p);
      const c = counts[p]!;
      matches += g;
      total += c;
      const levels = patternLevels[p]!;
      for (let f = 0; f < F; f++) {
        const l = levels[f]!;
        if (l < 0) continue;
        m[f]![l]! += g;
        u[f]![l]! += c - g;
      }
    }
    const normalise = (row: number[]) => {
      const sum = row.reduce((a, b) => a + b, 0);
      return row.map((x) => x / sum);
    };
    return { m: m.map(normalise), u: u.map(normalise), lambda: Math.min(1 - 1e-6, Math.max(1e-6, matches / total)) };
  };

  let params: { m: number[][]; u: number[][]; lambda: number };
  let iterations = 0;
  let converged = true;
  if (options.labels) {
    params = estimate((p) => positives[p]!);
  } else {
    // u starts at the level shares among all candidates (most are non-matches); m leans to agreement, more so for telling fields.
    params = estimate(() => 0);
    params.lambda = options.initialLambda ?? 0.1;
    params.m = sizes.map((s, f) => {
      const top = Math.min(0.95, 0.7 + 0.1 * fields[f]!.weight);
      const rest = Array.from({ length: s - 1 }, (_, l) => Math.pow(0.5, l + 1));
      const restSum = rest.reduce((a, b) => a + b, 0);
      return [top, ...rest.map((r) => ((1 - top) * r) / restSum)];
    });
    const maxIterations = options.maxIterations ?? 200;
    const tolerance = options.tolerance ?? 1e-6;
    converged = false;
    const share = new Float64Array(P);
    while (iterations < maxIterations) {
      iterations++;
      const priorLogOdds = Math.log(params.lambda / (1 - params.lambda));
      for (let p = 0; p < P; p++) {
        let z = priorLogOdds;
        const levels = patternLevels[p]!;
        for (let f = 0; f < F; f++) {
          const l = levels[f]!;
          if (l >= 0) z += Math.log(params.m[f]![l]! / params.u[f]![l]!);
        }
        share[p] = counts[p]! * sigmoid(z);
      }
      const next = estimate((p) => share[p]!);
      let change = Math.abs(next.lambda - params.lambda);
      for (let f = 0; f < F; f++) {
        for (let l = 0; l < sizes[f]!; l++) {
          change = Math.max(change, Math.abs(next.m[f]![l]! - params.m[f]![l]!), Math.abs(next.u[f]![l]! - params.u[f]![l]!));
        }
      }
      params = next;
      if (change < tolerance) {
        converged = true;
        break;
      }
    }
    // EM may settle with the classes swapped (the "match" class agreeing less than the other); read it the right way round.
    let agreement = 0;
    for (let f = 0; f < F; f++) agreement += Math.log(params.m[f]![0]! / params.u[f]![0]!);
    if (agreement < 0) params = { m: params.u, u: params.m, lambda: 1 - params.lambda };
  }

  const model = loadFellegiSunter({
    format: 'nexus.fellegi-sunter',
    version: 1,
    lambda: params.lambda,
    fields: fields.map((spec, f) => ({ field: spec.field, comparator: spec.comparators[0]!, levels: [...spec.levels], m: params.m[f]!, u: params.u[f]! })),
    features: [...matrix.features],
  });
  return Object.assign(model, { fit: { method: options.labels ? ('labelled' as const) : ('em' as const), iterations, converged, pairs: matrix.rows, patterns: P } });
}

/**
 * Rebuilds a Fellegi–Sunter model from `model.toJSON()` (a workspace's learned weights).
 *
 * @example
 * const model = loadFellegiSunter(JSON.parse(stored));
 */
export function loadFellegiSunter(json: FellegiSunterJson): FellegiSunterModel {
  if (json.format !== 'nexus.fellegi-sunter' || json.version !== 1) throw new AppError('validation_failed', 'not a Fellegi–Sunter model (format nexus.fellegi-sunter, version 1)');
  const features = json.features.map((f) => ({ ...f }));
  const fields = json.fields.map((f) => ({ ...f, levels: [...f.levels], m: [...f.m], u: [...f.u] }));
  for (const f of fields) {
    if (f.m.length !== f.levels.length + 1 || f.u.length !== f.levels.length + 1) throw new AppError('validation_failed', `field ${f.field}: m and u need one probability per level plus one`);
  }
  const columns = fields.map((f) => {
    const column = features.findIndex((feature) => feature.field === f.field && feature.primary);
    if (column < 0) throw new AppError('validation_failed', `no primary similarity for field ${f.field}`);
    return column;
  });
  const weights = fields.map((f) => f.m.map((m, l) => log2(m / f.u[l]!)));
  const width = features.length;
  const prior = log2(json.lambda / (1 - json.lambda));

  const matchWeight = (values: ArrayLike<number>, offset = 0) => {
    if (offset + width > values.length) throw new RangeError(`expected a row of ${width} similarities`);
    let w = prior;
    for (let f = 0; f < fields.length; f++) {
      const level = levelOf(values[offset + columns[f]!]!, fields[f]!.levels);
      if (level >= 0) w += weights[f]![level]!;
    }
    return w;
  };
  const model: FellegiSunterModel = {
    kind: 'fellegi-sunter',
    features,
    lambda: json.lambda,
    fields,
    matchWeight,
    score: (values, offset = 0) => sigmoid(matchWeight(values, offset) * Math.LN2),
    explain(values, offset = 0) {
      const reasons: FieldReason[] = [];
      fields.forEach((f, k) => {
        const similarity = values[offset + columns[k]!]!;
        const level = levelOf(similarity, f.levels);
        if (level < 0) return;
        reasons.push({ field: f.field, similarity, weight: weights[k]![level]!, matched: level < f.levels.length });
      });
      return reasons.sort((a, b) => b.weight - a.weight);
    },
    toJSON: () => ({ format: 'nexus.fellegi-sunter', version: 1, lambda: json.lambda, fields: fields.map((f) => ({ ...f, levels: [...f.levels], m: [...f.m], u: [...f.u] })), features: features.map((f) => ({ ...f })) }),
  };
  return model;
}

