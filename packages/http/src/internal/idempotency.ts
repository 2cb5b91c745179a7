import { createHash } from 'node:crypto';
import { AppError, type AuthContext } from '@nexus/platform';
import type { WorkspaceTx } from '@nexus/db';
import type { RouteResult } from '../define-route';

const keyPattern = /^[\x21-\x7e]{1,255}$/;

export function checkIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) || !keyPattern.test(value)) {
    throw new AppError('validation_failed', 'Idempotency-Key must be 1 to 255 printable ASCII characters');
  }
  return value;
}

/** JSON with object keys sorted, so the same body with its keys in another order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${canonical(body)}`).digest('hex');
}

interface StoredKey {
  request_hash: string;
  status_code: number;
  response: { body: unknown; headers: Record<string, string> } | null;
}

/**
 * Claims the key inside the request's transaction. A concurrent request with
 * the same key waits on the row until this one commits, then replays its
 * answer; a rolled-back request leaves no key behind.
 */
export async function claimOrReplay(tx: WorkspaceTx, auth: AuthContext, key: string, hash: string): Promise<RouteResult | undefined> {
  const actorId = auth.actor.id ?? auth.userId;
  const inserted = await tx.query(
    `insert into idempotency_keys (workspace_id, actor_id, key, request_hash, status_code)
     values ($1, $2, $3, $4, 0) on conflict do nothing returning key`,
    [tx.workspaceId, actorId, key, hash],
  );
  if (inserted.rowCount > 0) return undefined;
  const { rows } = await tx.query<StoredKey>(
    'select request_hash, status_code, response from idempotency_keys where workspace_id = $1 and actor_id = $2 and key = $3',
    [tx.workspaceId, actorId, key],
  );
  const stored = rows[0];
  if (!stored) throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed', { retryAfterSeconds: 1 });
  if (stored.request_hash !== hash) {
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
  }
  if (stored.status_code === 0) {
    throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed', { retryAfterSeconds: 1 });
  }
  return { status: stored.status_code, body: stored.response?.body, headers: { ...stored.response?.headers, 'idempotent-replayed': 'true' } };
}

export async function storeResponse(tx: WorkspaceTx, auth: AuthContext, key: string, result: RouteResult): Promise<void> {
  await tx.query('update idempotency_keys set status_code = $4, response = $5 where workspace_id = $1 and actor_id = $2 and key = $3', [
    tx.workspaceId,
    auth.actor.id ?? auth.userId,
    key,
    result.status,
    JSON.stringify({ body: result.body ?? null, headers: result.headers ?? {} }),
  ]);
}
