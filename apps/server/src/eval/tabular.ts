import {
  checkDataFloor,
  selectModel,
  trainScorer,
  type BinaryModelKind,
  type DataFloorCheck,
  type FeatureRow,
  type FeatureSpec,
  type LabelledRows,
  type ModelSelection,
  type OutcomeCounts,
  type Scorer,
} from '@nexus/ai';

const missingTokens = new Set(['', 'select']);
const yesNo = new Set(['yes', 'no', 'true', 'false']);

/**
 * Guesses how each field should be encoded from the training rows alone:
 * numbers (log-scaled when never negative), yes/no flags, or categories.
 */
export function inferSpecs(rows: readonly FeatureRow[], fields: readonly string[]): FeatureSpec[] {
  return fields.map((field): FeatureSpec => {
    const values = rows.map((row) => String(row[field] ?? '').trim()).filter((value) => !missingTokens.has(value.toLowerCase()));
    if (values.length > 0 && values.every((value) => yesNo.has(value.toLowerCase()))) return { kind: 'boolean', field };
    const numbers = values.map(Number);
    if (values.length > 0 && numbers.every(Number.isFinite)) return { kind: 'numeric', field, log: numbers.every((n) => n >= 0) };
    return { kind: 'categorical', field };
  });
}

/** What scores the test rows: the fallback (the training base rate, i.e. the stage win rate) or a trained model. */
export type Choice = 'fallback' | BinaryModelKind;

export interface ChosenScorer {
  chosen: Choice;
  /** Probability of the positive outcome from the chosen scorer. */
  predict(row: FeatureRow): number;
  /** Whether the training rows reach the product's floor for a model of their own. */
  floor: DataFloorCheck;
  /** The self-improvement round; absent below the data floor. */
  selection: ModelSelection | undefined;
  /** The candidate with the best inner AUC (logistic regression below the floor), refit on all training rows, served or not. */
  bestTrained: Scorer;
}

export interface ChooseOptions {
  /** The stage probability of a row, what serves without a model. Default: the base rate of the training outcomes. */
  fallback?: (row: FeatureRow) => number;
  /** Outcomes behind the training rows, for the data floor, when a record can give several rows (one per snapshot). Default: one per row. */
  outcomes?: OutcomeCounts;
}

/**
 * What the product does on retraining, with the evaluation's training rows
 * as its whole history: below the data floor the fallback serves; above it
 * `selectModel` runs on an inner split (`inner`, built by the caller from
 * training rows only) and the winner is refit on all training rows. The
 * test rows play no part.
 */
export function trainChosenScorer(train: LabelledRows, specs: readonly FeatureSpec[], inner: { train: LabelledRows; holdout: LabelledRows }, options: ChooseOptions = {}): ChosenScorer {
  const won = train.labels.filter((label) => label === 1).length;
  const floor = checkDataFloor(options.outcomes ?? { won, lost: train.labels.length - won });
  const selection = floor.status === 'ready' ? selectModel({ train: inner.train, holdout: inner.holdout, specs, fallback: options.fallback }) : undefined;
  const chosen: Choice = selection === undefined || selection.serving === 'current' ? 'fallback' : selection.serving;
  const kinds: BinaryModelKind[] = ['logistic-regression', 'gradient-boosting'];
  const auc = (kind: BinaryModelKind) => selection?.holdout[kind]?.auc ?? 0;
  const bestKind = kinds.reduce((a, b) => (auc(b) > auc(a) ? b : a));
  const bestTrained = trainScorer(train.rows, train.labels, specs, { model: bestKind });
  let predict: (row: FeatureRow) => number;
  if (chosen === 'fallback') {
    const rate = won / train.labels.length;
    predict = options.fallback ?? (() => rate);
  } else {
    const served = chosen === bestKind ? bestTrained : trainScorer(train.rows, train.labels, specs, { model: chosen });
    predict = (row) => served.predict(row);
  }
  return { chosen, predict, floor, selection, bestTrained };
}

/** "logistic-regression vs fallback: replace (better_on_holdout); …", or why no model was tried. */
export function describeDecisions(chosen: ChosenScorer): string {
  if (chosen.floor.status === 'insufficient_data') {
    const { have, need } = chosen.floor;
    return `below the data floor (${have.won} positive and ${have.lost} negative outcomes; a model needs ${need.won} and ${need.lost}): fallback`;
  }
  return (chosen.selection?.decisions ?? []).map((d) => `${d.candidate} vs ${d.against}: ${d.decision.decision} (${d.decision.reason})`).join('; ');
}
