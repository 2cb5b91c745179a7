import { ProviderError, type FailureReason } from './provider';

type ErrorClass = abstract new (...args: never[]) => Error;

/** The error classes both official SDKs share (they come from the same generator). */
export interface SdkErrorClasses {
  APIError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIUserAbortError: ErrorClass;
}

/**
 * Turns whatever an official SDK threw into a classified `ProviderError`.
 * The server's own message is kept out: a provider may echo the request,
 * and provider errors are logged.
 */
export function classifySdkError(provider: string, error: unknown, sdk: SdkErrorClasses): ProviderError {
  if (error instanceof ProviderError) return error;
  // Order matters: the timeout and abort classes extend the connection and API classes.
  if (error instanceof sdk.APIUserAbortError) return new ProviderError({ provider, reason: 'aborted' }, 'the request was cancelled', { cause: error });
  if (error instanceof sdk.APIConnectionTimeoutError) return new ProviderError({ provider, reason: 'timeout' }, 'no answer in time', { cause: error });
  if (error instanceof sdk.APIConnectionError) return new ProviderError({ provider, reason: 'connection' }, 'the server could not be reached', { cause: error });
  if (error instanceof sdk.APIError) {
    const { status, headers } = error as Error & { status?: unknown; headers?: unknown };
    if (typeof status === 'number') {
      const retryAfterMs = readRetryAfter(headers);
      return new ProviderError(
        { provider, reason: reasonForStatus(status), status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
        `HTTP ${status}`,
        { cause: error },
      );
    }
    // A stream that ends in an error event carries no status.
    return new ProviderError({ provider, reason: 'server' }, 'the server reported an error', { cause: error });
  }
  // The SDKs parse bodies themselves and throw a SyntaxError on one that is not JSON.
  if (error instanceof SyntaxError) return new ProviderError({ provider, reason: 'bad_response' }, 'the response is not valid JSON', { cause: error });
  return new ProviderError({ provider, reason: 'bad_response' }, 'the call failed', { cause: error });
}

export function reasonForStatus(status: number): FailureReason {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  // 408 (request timeout), 409 (lock conflict) and 425 pass on their own; so do 5xx (529 is Anthropic's "overloaded").
  if (status === 408 || status === 409 || status === 425 || status >= 500) return 'server';
  return 'bad_request';
}

/** Reads `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
function readRetryAfter(headers: unknown): number | undefined {
  if (!(headers instanceof Headers)) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
