import { AppError, isAppError } from '@nexus/platform';
import type { ProviderFailureReason } from './provider';

export interface JsonResponse {
  status: number;
  /** Parsed body; undefined when empty or not JSON (only possible for non-2xx answers). */
  json: unknown;
  header(name: string): string | undefined;
}

const maxResponseBytes = 5 * 1024 * 1024;

export function providerFailure(provider: string, reason: ProviderFailureReason, message: string, extra: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {}): AppError {
  const details = { provider, reason, ...(extra.status === undefined ? {} : { status: extra.status }) };
  if (reason === 'rate_limited') {
    return new AppError('rate_limited', message, { kind: 'operational', details, cause: extra.cause, ...(extra.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: extra.retryAfterSeconds }) });
  }
  // A rejected key or a request we built wrong needs a person, not a retry.
  const kind = reason === 'unauthorized' || reason === 'bad_request' ? 'unexpected' : 'operational';
  return new AppError('service_unavailable', message, { kind, details, cause: extra.cause });
}

/**
 * One JSON request to a provider, with a timeout. Network failures and
 * timeouts throw provider failures; any HTTP status comes back for the
 * adapter to map. The API key travels only in headers, never in a URL or an error.
 */
export async function requestJson(input: {
  provider: string;
  fetch: typeof fetch;
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}): Promise<JsonResponse> {
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await input.fetch(input.url, {
      method: input.method,
      headers: { accept: 'application/json', ...(input.body === undefined ? {} : { 'content-type': 'application/json' }), ...input.headers },
      ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
      signal,
      redirect: 'error',
    });
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxResponseBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw providerFailure(input.provider, 'malformed_response', `${input.provider} answered with ${declared} bytes`, { status: response.status });
    }
    text = await response.text();
  } catch (error) {
    if (isAppError(error)) throw error;
    if (timeout.aborted) throw providerFailure(input.provider, 'timeout', `${input.provider} did not answer within ${input.timeoutMs} ms`, { cause: error });
    throw providerFailure(input.provider, 'network', `${input.provider} could not be reached`, { cause: error });
  }
  let json: unknown;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text) as unknown;
    } catch (error) {
      if (response.ok) throw providerFailure(input.provider, 'malformed_response', `${input.provider} sent a body that is not JSON`, { status: response.status, cause: error });
    }
  } else if (response.ok) {
    throw providerFailure(input.provider, 'malformed_response', `${input.provider} sent an empty body`, { status: response.status });
  }
  return { status: response.status, json, header: (name) => response.headers.get(name) ?? undefined };
}

function retryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(Math.ceil(seconds), 86_400);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.min(86_400, Math.ceil((date - Date.now()) / 1000)));
}

/** Maps the statuses every provider shares. */
export function failureForStatus(provider: string, response: JsonResponse, message: string): AppError {
  const { status } = response;
  if (status === 402) return providerFailure(provider, 'out_of_credits', `${provider} account is out of credits: ${message}`, { status });
  if (status === 429) {
    const seconds = retryAfter(response.header('retry-after'));
    return providerFailure(provider, 'rate_limited', `${provider} rate limit reached: ${message}`, { status, ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }) });
  }
  if (status === 401 || status === 403) return providerFailure(provider, 'unauthorized', `${provider} rejected the API key: ${message}`, { status });
  if (status >= 400 && status < 500) return providerFailure(provider, 'bad_request', `${provider} refused the request (HTTP ${status}): ${message}`, { status });
  return providerFailure(provider, 'server_error', `${provider} failed (HTTP ${status}): ${message}`, { status });
}

export function baseUrl(url: string): URL {
  return new URL(url.endsWith('/') ? url : `${url}/`);
}
