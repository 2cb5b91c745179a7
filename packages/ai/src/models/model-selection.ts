import { auc, brierScore, calibration, logLoss } from './metrics';

/** Counts of known outcomes: won and lost deals, or converted and unconverted leads. */
export interface OutcomeCounts {
  won: number;
  lost: number;
}

/** The product's floor for training a workspace's own model: below it, scores come from stage probabilities and rules. */
export const defaultDataFloor: OutcomeCounts = { won: 200, lost: 200 };

export type DataFloorCheck = { status: 'ready'; have: OutcomeCounts } | { status: 'insufficient_data'; have: OutcomeCounts; need: OutcomeCounts };

/**
 * Whether there is enough history to train a model: at least `need.won`
 * positive and `need.lost` negative outcomes.
 *
 * @example
 * const floor = checkDataFloor({ won: 120, lost: 340 });
 * if (floor.status === 'insufficient_data') say(`need ${floor.need.won - floor.have.won} more won deals`);
 */
export function checkDataFloor(have: OutcomeCounts, need: OutcomeCounts = defaultDataFloor): DataFloorCheck {
  return have.won >= need.won && have.lost >= need.lost ? { status: 'ready', have } : { status: 'insufficient_data', have, need };
}

/** A model's quality on a hold-out set. */
export interface HoldoutMetrics {
  auc: number;
  brier: number;
  logLoss: number;
  /** Expected calibration error over ten equal-width bins. */
  expectedCalibrationError: number;
  rows: number;
  positives: number;
}

/**
 * Measures predicted probabilities against the outcomes of a hold-out set.
 *
 * @example
 * const metrics = evaluateHoldout(test.map((row) => model.predict(row.x)), test.map((row) => row.label));
 */
export function evaluateHoldout(probabilities: ArrayLike<number>, labels: ArrayLike<number>): HoldoutMetrics {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  return {
    auc: auc(probabilities, labels),
    brier: brierScore(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
    expectedCalibrationError: calibration(probabilities, labels).expectedCalibrationError,
    rows: labels.length,
    positives,
  };
}

/** When a candidate model may replace the current one. */
export interface ReplacementPolicy {
  /** The candidate's AUC must exceed the current model's by more than this. Default 0.001. */
  minAucGain: number;
  /** The candidate's Brier score may be worse by at most this. Default 0.002. */
  brierTolerance: number;
  /** Fewest rows of each outcome in the hold-out for a comparison to count. Default 20. */
  minRowsPerClass: number;
}

export const defaultReplacementPolicy: ReplacementPolicy = { minAucGain: 0.001, brierTolerance: 0.002, minRowsPerClass: 20 };

export type ModelDecision =
  | { decision: 'replace'; reason: 'no_current_model' | 'better_on_holdout' }
  | { decision: 'keep'; reason: 'candidate_unmeasurable' | 'holdout_too_small' | 'auc_not_higher' | 'brier_worse' };

/**
 * Decides whether a retrained model replaces the one in service. Both must
 * be measured on the same time-based hold-out (rows newer than any the
 * candidate was trained on). The candidate wins only with a higher AUC (it
 * ranks better) and a Brier score no worse than the tolerance (its
 * probabilities stay as trustworthy); ties keep the current model, so a
 * score never changes without a measured reason. Before a workspace has a
 * model, pass the fallback's metrics (stage probabilities) as `current`: a
 * model must beat the rules it replaces (`selectModel` does this).
 *
 * @example
 * const decision = compareModels(currentMetrics, candidateMetrics);
 * if (decision.decision === 'replace') await activate(candidate);
 */
export function compareModels(current: HoldoutMetrics | undefined, candidate: HoldoutMetrics, policy: ReplacementPolicy = defaultReplacementPolicy): ModelDecision {
  if (!Number.isFinite(candidate.auc) || !Number.isFinite(candidate.brier)) return { decision: 'keep', reason: 'candidate_unmeasurable' };
  if (current === undefined || !Number.isFinite(current.auc) || !Number.isFinite(current.brier)) return { decision: 'replace', reason: 'no_current_model' };
  const negatives = candidate.rows - candidate.positives;
  if (candidate.positives < policy.minRowsPerClass || negatives < policy.minRowsPerClass) return { decision: 'keep', reason: 'holdout_too_small' };
  if (!(candidate.auc > current.auc + policy.minAucGain)) return { decision: 'keep', reason: 'auc_not_higher' };
  if (candidate.brier > current.brier + policy.brierTolerance) return { decision: 'keep', reason: 'brier_worse' };
  return { decision: 'replace', reason: 'better_on_holdout' };
}
