/**
 * The one way the web app talks to the API: same origin, the session in an
 * HttpOnly cookie, JSON in and out. Every failure becomes an `ApiError` with
 * the server's code, its user-safe message and, for a refused form, the
 * message of each field; nothing raw reaches the screen.
 */

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The server's messages per form field (`email`, `customFields.tier`), when it named any. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const item of this.details as unknown[]) {
      if (item && typeof item === 'object' && 'path' in item && 'message' in item) {
        const { path, message } = item as FieldIssue;
        if (typeof path === 'string' && typeof message === 'string' && !(path in out)) out[path] = message;
      }
    }
    return out;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Called when the session ends under the user's feet (expired, revoked): the app sends them to sign in. */
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

/**
 * The workspace this page shows, sent with every call: the session is shared
 * by all tabs, and the server refuses (409 `workspace_changed`) a call from a
 * tab still showing the workspace another tab switched away from.
 */
let shownWorkspaceId: string | undefined;
let onWorkspaceChanged: (() => void) | undefined;
export function setShownWorkspace(workspaceId: string | undefined, changed: (() => void) | undefined): void {
  shownWorkspaceId = workspaceId;
  onWorkspaceChanged = changed;
}

const friendly: Record<number, string> = {
  0: 'The server cannot be reached. Check your connection and try again.',
  429: 'Too many requests: wait a moment and try again.',
  500: 'Something went wrong on our side. Try again in a moment.',
};

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, headers = {} } = options;
  let response: Response;
  try {
    response = await fetch(`${path}${queryString(query)}`, {
      method,
      signal,
      credentials: 'same-origin',
      headers: {
        'x-nexus-client': 'web',
        accept: 'application/json',
        ...(shownWorkspaceId && !path.startsWith('/api/v1/auth/') ? { 'x-nexus-workspace': shownWorkspaceId } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', friendly[0] ?? 'Network error');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return json as T;
  const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const status = response.status;
  const message = status >= 500 ? (friendly[500] ?? 'Server error') : (error?.message ?? friendly[status] ?? `The request failed (${status})`);
  const apiError = new ApiError(status, error?.code ?? 'http_error', message, error?.details);
  // Only a dead session signs the app out; a wrong password typed into a form is that form's error.
  if (apiError.code === 'workspace_changed') onWorkspaceChanged?.();
  if (status === 401 && (apiError.code === 'invalid_token' || apiError.code === 'unauthenticated') && !path.startsWith('/api/v1/auth/')) onUnauthenticated?.();
  throw apiError;
}

/** The server refused a write because the record moved on since it was read. */
export function isStaleWrite(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'version_conflict' || error.code === 'precondition_failed' || error.status === 412);
}

/** The header that makes a write apply only to the version that was read. */
export function ifMatch(version: number): Record<string, string> {
  return { 'if-match': `"${version}"` };
}

/** A message fit for the screen, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again.';
}
