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

export function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

interface StoredKey {
  request_hash: string;
  status_code: number;
  response: unknown;
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
  return { status: stored.status_code, body: stored.response, headers: { 'idempotent-replayed': 'true' } };
}

export async function storeResponse(tx: WorkspaceTx, auth: AuthContext, key: string, result: RouteResult): Promise<void> {
  await tx.query('update idempotency_keys set status_code = $4, response = $5 where workspace_id = $1 and actor_id = $2 and key = $3', [
    tx.workspaceId,
    auth.actor.id ?? auth.userId,
    key,
    result.status,
    JSON.stringify(result.body ?? null),
  ]);
}
