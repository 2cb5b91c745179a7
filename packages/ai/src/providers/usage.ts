import type { FailureReason } from './provider';

/**
 * What became of one step of a call:
 * - `ok`: a valid answer;
 * - `retry`: a failed request that is tried again on the same provider;
 * - `invalid_output`: an answer that failed parsing or validation (its tokens still cost);
 * - `error`: a failed request after which the client moves on;
 * - `circuit_open`, `over_budget`, `forbidden`: the provider was skipped, nothing was sent;
 * - `cancelled`: the caller gave up.
 */
export type UsageOutcome = 'ok' | 'retry' | 'invalid_output' | 'error' | 'circuit_open' | 'over_budget' | 'forbidden' | 'cancelled';

/** One record per request sent or provider skipped; the caller stores them (billing, budgets, dashboards). */
export interface UsageRecord {
  at: Date;
  workspaceId: string;
  userId: string | undefined;
  feature: string;
  promptVersion: number;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** From the pricing table; 0 for skipped steps, the local provider and unpriced models. */
  costUsd: number;
  latencyMs: number;
  outcome: UsageOutcome;
  /** Why a request failed, for `retry` and `error`. */
  reason?: FailureReason;
  streamed: boolean;
}

export interface ModelPrice {
  /** USD per million input tokens. */
  inputPerMillionUsd: number;
  /** USD per million output tokens. */
  outputPerMillionUsd: number;
}

/**
 * Prices by `provider/model` or by model alone; the provider-qualified entry
 * wins, since a gateway may charge differently for the same model.
 */
export type PricingTable = Readonly<Record<string, ModelPrice>>;

export function findPrice(pricing: PricingTable, provider: string, model: string): ModelPrice | undefined {
  return pricing[`${provider}/${model}`] ?? pricing[model];
}

export function costUsd(price: ModelPrice | undefined, inputTokens: number, outputTokens: number): number {
  if (!price) return 0;
  return (inputTokens * price.inputPerMillionUsd + outputTokens * price.outputPerMillionUsd) / 1_000_000;
}
