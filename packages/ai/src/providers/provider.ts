import { AppError, isAppError, type ErrorKind } from '@nexus/platform';

/**
 * Where a provider runs, which decides what the privacy settings do with it:
 * - `cloud`: a third party's service; forbidden when a workspace turns cloud
 *   off, gated by the workspace's monthly budget, sent redacted text;
 * - `self_hosted`: a server the operator runs (Ollama, vLLM, LM Studio); text
 *   leaves this process, so it is redacted, but cloud switches and budgets do
 *   not apply;
 * - `local`: runs in this process, offline; the last resort of every chain.
 */
export type ProviderKind = 'cloud' | 'self_hosted' | 'local';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** The offline answer of a feature, handed to the local provider only. */
export interface LocalTask {
  run(): Promise<unknown>;
}

export interface GenerateRequest {
  /** The feature asking, e.g. `analyze`; for routing and records, never sent as text. */
  feature: string;
  model: string;
  system: string;
  messages: ChatMessage[];
  maxTokens: number;
  /** Ask for one JSON object (OpenAI's JSON mode; the prompt says so for the others). */
  json?: boolean;
  local?: LocalTask;
}

export interface GenerateResult {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** The model that answered, as the provider names it. */
  model: string;
}

/** A streamed generation: text as it arrives, then the token usage once. */
export type StreamEvent = { type: 'text'; text: string } | { type: 'usage'; inputTokens: number; outputTokens: number; model: string };

/**
 * The port every model provider implements. Implementations never retry:
 * retries, timeouts per attempt, circuit breaking and failover belong to the
 * AI client, which needs every failure as a `ProviderError`.
 */
export interface AiProvider {
  readonly name: string;
  readonly kind: ProviderKind;
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult>;
  stream?(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<StreamEvent>;
}

/**
 * Why a provider call failed:
 * - `timeout`, `connection`, `rate_limited`, `server`: may pass; retried;
 * - `auth`: the key is refused; fix the configuration;
 * - `bad_request`, `not_found`: the request or model name is wrong;
 * - `refused`: the model declined to answer this content;
 * - `bad_response`: the answer does not follow the protocol;
 * - `aborted`: the caller cancelled;
 * - `local_failed`: an offline handler threw (a bug).
 */
export type FailureReason =
  | 'timeout'
  | 'connection'
  | 'rate_limited'
  | 'server'
  | 'auth'
  | 'bad_request'
  | 'not_found'
  | 'refused'
  | 'bad_response'
  | 'aborted'
  | 'local_failed';

const retryableReasons: ReadonlySet<FailureReason> = new Set(['timeout', 'connection', 'rate_limited', 'server']);

/** Failures that say the provider, not this request, is unwell: they count towards opening its circuit. */
const unhealthyReasons: ReadonlySet<FailureReason> = new Set(['timeout', 'connection', 'rate_limited', 'server', 'auth', 'bad_response']);

export interface ProviderFailure {
  provider: string;
  reason: FailureReason;
  retryable: boolean;
  /** HTTP status, when the provider answered with one. */
  status?: number;
  /** How long the provider asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;
}

const kindByReason: Record<FailureReason, ErrorKind> = {
  timeout: 'operational',
  connection: 'operational',
  rate_limited: 'operational',
  server: 'operational',
  auth: 'operational',
  bad_request: 'unexpected',
  not_found: 'operational',
  refused: 'user',
  bad_response: 'operational',
  aborted: 'operational',
  local_failed: 'unexpected',
};

/**
 * A failed provider call, classified. The message never holds prompt or
 * output text, since provider errors are logged.
 *
 * @example
 * throw new ProviderError({ provider: 'openai', reason: 'rate_limited', status: 429, retryAfterMs: 2000 }, 'HTTP 429');
 */
export class ProviderError extends AppError {
  readonly provider: string;
  readonly reason: FailureReason;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(failure: Omit<ProviderFailure, 'retryable'>, message: string, options: { cause?: unknown } = {}) {
    const retryable = retryableReasons.has(failure.reason);
    const details: ProviderFailure = { ...failure, retryable };
    super('ai_provider_failed', `${failure.provider}: ${message}`, { kind: kindByReason[failure.reason], details, cause: options.cause });
    this.name = 'ProviderError';
    this.provider = failure.provider;
    this.reason = failure.reason;
    this.retryable = retryable;
    this.status = failure.status;
    this.retryAfterMs = failure.retryAfterMs;
  }
}

/** Checks by brand and code, so a copy of this package from elsewhere is still recognised. */
export function isProviderError(value: unknown): value is ProviderError {
  return isAppError(value) && value.code === 'ai_provider_failed' && typeof (value as Partial<ProviderError>).reason === 'string';
}

/** Whether the failure counts against the provider's health (its circuit breaker). */
export function isUnhealthy(error: ProviderError): boolean {
  return unhealthyReasons.has(error.reason);
}

/** A rough token count for servers that report none: about four characters a token for English text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
