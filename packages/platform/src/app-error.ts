/**
 * The one error type of NexusCRM. Its `kind` decides the HTTP status family,
 * the log level, alerting and whether a background job retries:
 * - `user`: the caller sent something we refuse (4xx, logged at info, never retried);
 * - `operational`: a dependency failed or is busy (503/429, warn, retried);
 * - `unexpected`: a bug (500, error, alerted).
 */
export type ErrorKind = 'user' | 'operational' | 'unexpected';

export const errorCodes = [
  'validation_failed',
  'invalid_json',
  'unsupported_media_type',
  'body_too_large',
  'not_found',
  'route_not_found',
  'unauthenticated',
  'invalid_token',
  'invalid_credentials',
  'incorrect_password',
  'forbidden',
  'insufficient_scope',
  'version_conflict',
  'workspace_changed',
  'precondition_failed',
  'precondition_required',
  'already_exists',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'rate_limited',
  'login_throttled',
  'invalid_cursor',
  'invalid_filter',
  'invalid_sort',
  'invalid_reference',
  'invalid_custom_field',
  'stage_in_use',
  'batch_too_large',
  'batch_failed',
  'invitation_invalid',
  'last_owner',
  'already_undone',
  'invalid_state',
  'ai_provider_failed',
  'service_unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

const brand = Symbol.for('nexuscrm.AppError');

export interface AppErrorOptions {
  kind?: ErrorKind;
  details?: unknown;
  cause?: unknown;
  /** Seconds a client should wait before retrying (429/503). */
  retryAfterSeconds?: number;
}

const defaultKind: Partial<Record<ErrorCode, ErrorKind>> = {
  ai_provider_failed: 'operational',
  service_unavailable: 'operational',
  internal_error: 'unexpected',
};

/**
 * @example
 * throw new AppError('not_found', 'Contact not found', { details: { id } });
 */
export class AppError extends Error {
  readonly [brand] = true;
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.kind = options.kind ?? defaultKind[code] ?? 'user';
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Checks by brand, so two copies of this package still recognise each other's errors. */
export function isAppError(value: unknown): value is AppError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

export function assertNever(value: never): never {
  throw new AppError('internal_error', `Unhandled case: ${String(value)}`, { kind: 'unexpected' });
}
