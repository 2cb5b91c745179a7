import { AppError, type Logger } from '@nexus/platform';
import { generateCandidates, keysOf, type BlockingOptions, type BlockingRule, type OversizeBlock } from './blocking';
import { clusterPairs } from './cluster-pairs';
import { comparePairs, createPairComparer, featuresOf } from './compare-fields';
import { fitFellegiSunter, type FellegiSunterFit } from './fellegi-sunter';
import type { DedupeRecord, FieldSpec } from './field-spec';
import { assertSameFeatures, createWeightedModel, type FieldReason, type PairModel } from './pair-model';
import { prepareRecords, type PrepareOptions, type PreparedRecords } from './prepare-records';

/** Confidence cut-offs: pairs at or above `review` are shown as possible duplicates, at or above `autoMerge` they may be merged without asking. */
export interface DedupeThresholds {
  review: number;
  autoMerge: number;
}

export const defaultThresholds: DedupeThresholds = { review: 0.5, autoMerge: 0.95 };

export type DuplicateDecision = 'auto_merge' | 'review';

export interface DuplicatePair {
  ids: [string, string];
  score: number;
  decision: DuplicateDecision;
  reasons: FieldReason[];
}

/** A field the members of a group agree on, averaged over the pairs of members. */
export interface GroupReason {
  field: string;
  similarity: number;
  weight: number;
}

export interface DuplicateGroup {
  /** Record ids, in input order. */
  ids: string[];
  /** Average score over every pair of members. */
  score: number;
  weakestLink: number;
  /** `auto_merge` only when every pair of members reaches the auto-merge threshold. */
  decision: DuplicateDecision;
  /** The fields that matched, strongest evidence first. */
  reasons: GroupReason[];
}

export interface FindDuplicatesOptions extends PrepareOptions, BlockingOptions {
  fields: readonly FieldSpec[];
  blocking: readonly BlockingRule[];
  /** Learned earlier (a workspace's stored model). Default: fitted here by EM, or the weighted fallback when there are too few pairs. */
  model?: PairModel;
  thresholds?: Partial<DedupeThresholds>;
  /** Average score a group of three or more needs to stay together. Default: the review threshold. */
  linkThreshold?: number;
  /** Default 50. */
  maxGroupSize?: number;
  /** Fewer candidate pairs than this use the weighted fallback instead of EM. Default 1,000. */
  minPairsToLearn?: number;
  /** Told about skipped oversize blocks and truncated candidate lists (they are in `stats` too). */
  log?: Pick<Logger, 'warn'>;
}

export interface DedupeStats {
  records: number;
  candidatePairs: number;
  /** Pairs at or above the review threshold. */
  matchedPairs: number;
  oversizeBlocks: OversizeBlock[];
  skippedBlocks: number;
  truncated: boolean;
  perRule: { rule: string; pairs: number }[];
  model: { kind: PairModel['kind']; source: 'given' | 'fitted' | 'fallback'; fit?: FellegiSunterFit };
}

export interface DedupeRun {
  groups: DuplicateGroup[];
  /** Every candidate pair at or above the review threshold. */
  pairs: DuplicatePair[];
  model: PairModel;
  stats: DedupeStats;
}

function checkThresholds(thresholds: Partial<DedupeThresholds> | undefined): DedupeThresholds {
  const t = { ...defaultThresholds, ...thresholds };
  if (!(t.review >= 0 && t.review <= 1 && t.autoMerge >= t.review && t.autoMerge <= 1)) {
    throw new AppError('validation_failed', 'thresholds need 0 ≤ review ≤ autoMerge ≤ 1', { details: t });
  }
  return t;
}

const decide = (score: number, t: DedupeThresholds): DuplicateDecision => (score >= t.autoMerge ? 'auto_merge' : 'review');

/** Scores of candidate pairs under a model. */
export function scorePairs(prepared: PreparedRecords, left: ArrayLike<number>, right: ArrayLike<number>, model: PairModel): Float64Array {
  const matrix = comparePairs(prepared, left, right);
  assertSameFeatures(model, matrix.features);
  const scores = new Float64Array(matrix.rows);
  const width = matrix.features.length;
  for (let p = 0; p < matrix.rows; p++) scores[p] = model.score(matrix.values, p * width);
  return scores;
}

/**
 * Finds the duplicates in a set of records: normalise, block, compare,
 * score (a given model, else Fellegi–Sunter fitted by EM on these records,
 * else the weighted fallback), then group without chaining. Pure and
 * synchronous: no database, no clock.
 *
 * @example
 * const run = findDuplicates(contacts, { fields: contactFields, blocking: contactBlocking });
 * run.groups[0]; // { ids: ['c1', 'c7'], score: 0.98, decision: 'auto_merge', reasons: [{ field: 'emails', … }] }
 */
export function findDuplicates(records: readonly DedupeRecord[], options: FindDuplicatesOptions): DedupeRun {
  const thresholds = checkThresholds(options.thresholds);
  const prepared = prepareRecords(records, options.fields, options);
  const candidates = generateCandidates(prepared, options.blocking, options);
  if (candidates.skippedBlocks > 0) {
    options.log?.warn({ skippedBlocks: candidates.skippedBlocks, largest: candidates.oversizeBlocks.slice(0, 5) }, 'dedupe: blocks above maxBlockSize skipped; their records were only compared through other rules');
  }
  if (candidates.truncated) options.log?.warn({ maxPairs: options.maxPairs }, 'dedupe: candidate pairs truncated at maxPairs');
  const matrix = comparePairs(prepared, candidates.left, candidates.right);
  const width = matrix.features.length;

  let model: PairModel;
  let source: DedupeStats['model']['source'];
  let fit: FellegiSunterFit | undefined;
  if (options.model) {
    assertSameFeatures(options.model, matrix.features);
    model = options.model;
    source = 'given';
  } else if (matrix.rows >= (options.minPairsToLearn ?? 1_000)) {
    const fitted = fitFellegiSunter(matrix, prepared.fields);
    model = fitted;
    fit = fitted.fit;
    source = 'fitted';
  } else {
    model = createWeightedModel(prepared.fields, matrix.features);
    source = 'fallback';
  }

  const scores = new Float64Array(matrix.rows);
  for (let p = 0; p < matrix.rows; p++) scores[p] = model.score(matrix.values, p * width);

  const ids = prepared.ids;
  const pairs: DuplicatePair[] = [];
  for (let p = 0; p < matrix.rows; p++) {
    const score = scores[p]!;
    if (score < thresholds.review) continue;
    pairs.push({
      ids: [ids[candidates.left[p]!]!, ids[candidates.right[p]!]!],
      score,
      decision: decide(score, thresholds),
      reasons: model.explain(matrix.values, p * width).filter((r) => r.matched && r.weight > 0),
    });
  }
  pairs.sort((a, b) => b.score - a.score);

  const compare = createPairComparer(prepared);
  const row = new Float64Array(width);
  const scoreOf = (a: number, b: number) => {
    compare(a, b, row);
    return model.score(row);
  };
  const clusters = clusterPairs({
    recordCount: ids.length,
    left: candidates.left,
    right: candidates.right,
    scores,
    threshold: thresholds.review,
    linkThreshold: options.linkThreshold,
    maxGroupSize: options.maxGroupSize,
    scoreOf,
  });
  const groups = clusters.map((cluster): DuplicateGroup => {
    const byField = new Map<string, { similarity: number; weight: number; pairs: number }>();
    let explained = 0;
    for (let i = 0; i < cluster.members.length && explained < 200; i++) {
      for (let j = i + 1; j < cluster.members.length && explained < 200; j++, explained++) {
        compare(cluster.members[i]!, cluster.members[j]!, row);
        for (const reason of model.explain(row)) {
          const sum = byField.get(reason.field) ?? { similarity: 0, weight: 0, pairs: 0 };
          sum.similarity += reason.similarity;
          sum.weight += reason.matched ? reason.weight : 0;
          sum.pairs += reason.matched ? 1 : 0;
          byField.set(reason.field, sum);
        }
      }
    }
    const reasons = [...byField]
      .filter(([, sum]) => sum.pairs * 2 > explained && sum.weight > 0)
      .map(([field, sum]) => ({ field, similarity: sum.similarity / explained, weight: sum.weight / explained }))
      .sort((a, b) => b.weight - a.weight);
    return {
      ids: cluster.members.map((m) => ids[m]!),
      score: cluster.score,
      weakestLink: cluster.weakestLink,
      decision: cluster.weakestLink >= thresholds.autoMerge ? 'auto_merge' : 'review',
      reasons,
    };
  });

  return {
    groups,
    pairs,
    model,
    stats: {
      records: ids.length,
      candidatePairs: matrix.rows,
      matchedPairs: pairs.length,
      oversizeBlocks: candidates.oversizeBlocks,
      skippedBlocks: candidates.skippedBlocks,
      truncated: candidates.truncated,
      perRule: candidates.perRule,
      model: { kind: model.kind, source, ...(fit ? { fit } : {}) },
    },
  };
}

/**
 * The blocking keys of one record, rule by rule: what a database stores
 * beside the record to find its candidates when it is created or updated
 * (records sharing a key with it). Sorted-neighbourhood rules give their
 * sort key, used here as an exact key.
 *
 * @example
 * recordBlockingKeys(contact, contactFields, contactBlocking); // [{ rule: 'email', key: 'jsmith@acme.com' }, …]
 */
export function recordBlockingKeys(record: DedupeRecord, fields: readonly FieldSpec[], rules: readonly BlockingRule[], options: PrepareOptions = {}): { rule: string; key: string }[] {
  const prepared = prepareRecords([record], fields, options);
  const fieldIndex = new Map(prepared.fields.map((spec, i) => [spec.field, i]));
  return rules.flatMap((rule) => {
    const indices = rule.parts.map((part) => {
      const index = fieldIndex.get(part.field);
      if (index === undefined) throw new AppError('validation_failed', `blocking rule ${rule.name} names field ${part.field}, which no field spec describes`);
      return index;
    });
    return keysOf(prepared, rule, indices, 0).map((key) => ({ rule: rule.name, key }));
  });
}

export interface MatchRecordOptions extends PrepareOptions {
  fields: readonly FieldSpec[];
  /** Default: the weighted fallback over `fields`. */
  model?: PairModel;
  thresholds?: Partial<DedupeThresholds>;
}

/**
 * Scores one record against candidates already found for it (by its
 * blocking keys): the check run on create, update and each imported row.
 * Returns the candidates at or above the review threshold, best first.
 *
 * @example
 * matchRecord(newContact, candidatesFromDb, { fields: contactFields, model });
 * // [{ ids: ['new', 'c42'], score: 0.97, decision: 'auto_merge', reasons: […] }]
 */
export function matchRecord(record: DedupeRecord, candidates: readonly DedupeRecord[], options: MatchRecordOptions): DuplicatePair[] {
  const thresholds = checkThresholds(options.thresholds);
  const prepared = prepareRecords([record, ...candidates], options.fields, options);
  const model = options.model ?? createWeightedModel(prepared.fields, featuresOf(prepared.fields));
  assertSameFeatures(model, featuresOf(prepared.fields));
  const compare = createPairComparer(prepared);
  const row = new Float64Array(model.features.length);
  const out: DuplicatePair[] = [];
  for (let c = 1; c < prepared.ids.length; c++) {
    compare(0, c, row);
    const score = model.score(row);
    if (score < thresholds.review) continue;
    out.push({ ids: [prepared.ids[0]!, prepared.ids[c]!], score, decision: decide(score, thresholds), reasons: model.explain(row).filter((r) => r.matched && r.weight > 0) });
  }
  return out.sort((a, b) => b.score - a.score);
}
