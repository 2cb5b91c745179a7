import { AppError, assertNever, isAppError, type ErrorCode, type ErrorKind } from '@nexus/platform';
import { classifyDbError } from '@nexus/db';

export const statusByCode = {
  validation_failed: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  not_found: 404,
  route_not_found: 404,
  unauthenticated: 401,
  invalid_token: 401,
  invalid_credentials: 401,
  // A signed-in user's re-entered password is wrong: not 401, which would end the session it was sent with.
  incorrect_password: 403,
  forbidden: 403,
  insufficient_scope: 403,
  version_conflict: 409,
  // The web app's session was pointed at another workspace (from another tab) since the page loaded.
  workspace_changed: 409,
  precondition_failed: 412,
  precondition_required: 428,
  already_exists: 409,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  rate_limited: 429,
  login_throttled: 429,
  invalid_cursor: 400,
  invalid_filter: 400,
  invalid_sort: 400,
  invalid_reference: 422,
  invalid_custom_field: 422,
  stage_in_use: 409,
  batch_too_large: 413,
  batch_failed: 422,
  invitation_invalid: 400,
  last_owner: 409,
  // A merge (or another reversible change) that was already reversed.
  already_undone: 409,
  // The resource is not in a state that allows the action (an import still running cannot be reverted).
  invalid_state: 409,
  // A model provider failed; the AI client normally answers from the next provider, so this surfaces only without one.
  ai_provider_failed: 502,
  service_unavailable: 503,
  internal_error: 500,
} satisfies Record<ErrorCode, number>;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId: string };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  kind: ErrorKind;
  headers: Record<string, string>;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Fastify's own request errors (body parsing, limits) become AppErrors. */
function fromFastify(error: FastifyLikeError): AppError | undefined {
  if (typeof error.code !== 'string' || !error.code.startsWith('FST_')) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('body_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('invalid_json', 'The request body is not valid JSON');
    default:
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return new AppError('validation_failed', error.message ?? 'The request is invalid');
      }
      return undefined;
  }
}

function kindStatus(error: AppError): number {
  switch (error.kind) {
    case 'user':
      return statusByCode[error.code];
    case 'operational':
      return statusByCode[error.code] >= 500 || statusByCode[error.code] === 429 ? statusByCode[error.code] : 503;
    case 'unexpected':
      return 500;
    default:
      return assertNever(error.kind);
  }
}

/**
 * Maps any thrown value to the response a client sees. Unexpected faults
 * answer 500 with the request id and nothing of their internals.
 */
export function mapError(error: unknown, requestId: string): MappedError {
  let appError: AppError | undefined;
  if (isAppError(error)) appError = error;
  else if (error instanceof SyntaxError && 'statusCode' in error) appError = new AppError('invalid_json', 'The request body is not valid JSON');
  else appError = fromFastify(error as FastifyLikeError);
  if (!appError) {
    const db = classifyDbError(error);
    if (db.type === 'unavailable') appError = new AppError('service_unavailable', 'A dependency is unavailable, try again shortly', { kind: 'operational', retryAfterSeconds: 5 });
    // A value the database cannot hold (a safety net behind validation) is the client's input, not our fault.
    else if (db.type === 'invalid_input') appError = new AppError('validation_failed', 'A value is not valid for its field', { cause: error });
    else if (db.type === 'retryable') appError = new AppError('service_unavailable', 'The request conflicted with another, try again', { kind: 'operational', retryAfterSeconds: 1 });
  }
  if (!appError || appError.kind === 'unexpected') {
    return {
      status: 500,
      kind: 'unexpected',
      headers: {},
      body: { error: { code: 'internal_error', message: 'An unexpected error occurred; quote the request id when reporting it', requestId } },
    };
  }
  const headers: Record<string, string> = {};
  if (appError.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(appError.retryAfterSeconds)));
  const body: ErrorBody = { error: { code: appError.code, message: appError.message, requestId } };
  if (appError.details !== undefined) body.error.details = appError.details;
  return { status: kindStatus(appError), kind: appError.kind, headers, body };
}
