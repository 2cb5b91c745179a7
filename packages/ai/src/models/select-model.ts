import type { FeatureRow, FeatureSpec } from './features';
import { compareModels, defaultReplacementPolicy, evaluateHoldout, type HoldoutMetrics, type ModelDecision, type ReplacementPolicy } from './model-selection';
import { trainScorer, type BinaryModelKind, type Scorer, type ScorerOptions } from './scorer';

/** Records with their 0/1 outcomes. */
export interface LabelledRows {
  rows: readonly FeatureRow[];
  labels: readonly number[];
}

/**
 * What may score: `fallback` (the base rate of the training outcomes, the
 * stage probability), `current` (the model in service) or a newly trained model.
 */
export type Contender = 'fallback' | 'current' | BinaryModelKind;

export interface SelectModelInput {
  /** Rows the candidates learn from. */
  train: LabelledRows;
  /** Newer rows every contender is judged on: a time-based hold-out. */
  holdout: LabelledRows;
  specs: readonly FeatureSpec[];
  /** The model in service, if any; without one the fallback defends. */
  current?: Scorer;
  /**
   * The stage probability of a row: what scores without a model, e.g. the
   * win rate of past deals in the same stage for as long. Default: the base
   * rate of `train`'s outcomes, one number for every row.
   */
  fallback?: (row: FeatureRow) => number;
  /** Tried in order, each against whatever serves at that point. Default: logistic regression, then gradient boosting. */
  candidates?: readonly BinaryModelKind[];
  policy?: ReplacementPolicy;
  /** Training options of the candidates (their `model` is set per candidate). */
  scorerOptions?: Omit<ScorerOptions, 'model'>;
}

export interface ModelSelection {
  /** What should score from now on. */
  serving: Contender;
  /** The winning candidate as trained on `train`, when a new model won. Refit it on all rows before serving. */
  scorer: Scorer | undefined;
  /** Each candidate against what served before it, in order. */
  decisions: { candidate: BinaryModelKind; against: Contender; decision: ModelDecision }[];
  /** Every contender on the hold-out. */
  holdout: Partial<Record<Contender, HoldoutMetrics>>;
}

/**
 * One round of self-improvement: candidates are trained on older rows and
 * judged with the model in service (or, before there is one, the fallback)
 * on the same newer rows; a candidate takes over only when `compareModels`
 * says it is better. A model never serves unless it beat the stage
 * probabilities it replaces.
 *
 * @example
 * const round = selectModel({ train: older, holdout: newer, specs, current });
 * if (round.scorer) await activate(trainScorer(all.rows, all.labels, specs, { model: round.scorer.kind }));
 */
export function selectModel(input: SelectModelInput): ModelSelection {
  const { train, holdout, specs } = input;
  const policy = input.policy ?? defaultReplacementPolicy;
  const measure = (predict: (row: FeatureRow) => number) =>
    evaluateHoldout(
      holdout.rows.map((row) => predict(row)),
      holdout.labels,
    );

  const baseRate = train.labels.reduce((a, b) => a + b, 0) / train.labels.length;
  const metrics: Partial<Record<Contender, HoldoutMetrics>> = { fallback: measure(input.fallback ?? (() => baseRate)) };
  let serving: Contender = 'fallback';
  if (input.current) {
    const current = input.current;
    metrics.current = measure((row) => current.predict(row));
    serving = 'current';
  }

  let scorer: Scorer | undefined;
  const decisions: ModelSelection['decisions'] = [];
  for (const kind of input.candidates ?? ['logistic-regression', 'gradient-boosting']) {
    const candidate = trainScorer(train.rows, train.labels, specs, { ...input.scorerOptions, model: kind });
    const measured = measure((row) => candidate.predict(row));
    metrics[kind] = measured;
    const decision = compareModels(metrics[serving], measured, policy);
    decisions.push({ candidate: kind, against: serving, decision });
    if (decision.decision === 'replace') {
      serving = kind;
      scorer = candidate;
    }
  }
  return { serving, scorer, decisions, holdout: metrics };
}
