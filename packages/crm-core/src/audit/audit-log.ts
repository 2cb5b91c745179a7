import { z } from 'zod';
import type { NewDomainEvent, OutboxSignal, WorkspaceTx } from '@nexus/db';
import { AppError, isUuid, newId, type Actor } from '@nexus/platform';
import { Params } from '../records/list-query';

export type Changes = Record<string, { before: unknown; after: unknown }>;

export interface AuditEntry {
  actor: Actor;
  /** `merge` and `unmerge` are written on a merge's survivor (see records/merge-records.ts). */
  action: 'create' | 'update' | 'delete' | 'restore' | 'merge' | 'unmerge';
  object: string;
  recordId: string | null;
  changes: Changes;
  requestId: string | null;
}

/**
 * The audit entry and the domain event of one change as two common table
 * expressions, so they can ride in the same statement as the change itself.
 * The outbox insert is the one `appendEvent` (in @nexus/db) makes; it is
 * folded in here because every record write pays for it.
 */
export function changeCtes(params: Params, workspaceId: string, entry: AuditEntry, event: NewDomainEvent): string {
  const ws = params.add(workspaceId);
  return `audit as (
       insert into audit_log (id, workspace_id, actor_type, actor_id, action, object, record_id, changes, request_id)
       values (${params.add(newId())}, ${ws}, ${params.add(entry.actor.type)}, ${params.add(entry.actor.id)}, ${params.add(entry.action)},
               ${params.add(entry.object)}, ${params.add(entry.recordId)}, ${params.add(JSON.stringify(entry.changes))}, ${params.add(entry.requestId)})
     ), event as (
       insert into outbox (workspace_id, type, object, record_id, payload)
       values (${ws}, ${params.add(event.type)}, ${params.add(event.object)}, ${params.add(event.recordId)}, ${params.add(JSON.stringify(event.payload))})
     )`;
}

/** The audit entry and the domain event of one change, in one round trip. */
export async function recordChange(tx: WorkspaceTx, signal: OutboxSignal | undefined, entry: AuditEntry, event: NewDomainEvent): Promise<void> {
  const params = new Params();
  await tx.query(`with ${changeCtes(params, tx.workspaceId, entry, event)} select 1`, params.values);
  if (signal) tx.afterCommit(() => signal.notify());
}

const ignored = new Set(['version', 'updatedAt']);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Field-by-field before/after of two API views of a record. */
export function diff(before: object | null, after: object | null): Changes {
  const changes: Changes = {};
  const b0 = (before ?? {}) as Record<string, unknown>;
  const a0 = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b0), ...Object.keys(a0)]);
  for (const key of keys) {
    if (ignored.has(key)) continue;
    const b = b0[key] ?? null;
    const a = a0[key] ?? null;
    if (key === 'customFields' && typeof a === 'object' && typeof b === 'object') {
      const inner = diff(b, a);
      for (const [k, v] of Object.entries(inner)) changes[`customFields.${k}`] = v;
      continue;
    }
    if (!same(a, b)) changes[key] = { before: b, after: a };
  }
  return changes;
}

export const auditQuery = z.strictObject({
  object: z.enum(['companies', 'contacts', 'deals', 'activities', 'pipelines', 'custom_fields', 'members', 'invitations', 'api_keys', 'workspaces', 'saved_views']).optional(),
  recordId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const auditEntryView = z.object({
  id: z.uuid(),
  actorType: z.enum(['user', 'api_key', 'system']),
  actorId: z.uuid().nullable(),
  action: z.string(),
  object: z.string(),
  recordId: z.uuid().nullable(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  requestId: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

interface AuditRow {
  id: string;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  action: string;
  object: string;
  record_id: string | null;
  changes: Changes;
  request_id: string | null;
  created_at: Date;
}

/** Newest first; ids are UUIDv7, so id order is time order. */
export async function listAudit(tx: WorkspaceTx, query: z.infer<typeof auditQuery>) {
  const params = new Params();
  const where = [`workspace_id = ${params.add(tx.workspaceId)}`];
  if (query.object) where.push(`object = ${params.add(query.object)}`);
  if (query.recordId) where.push(`record_id = ${params.add(query.recordId)}`);
  if (query.actorId) where.push(`actor_id = ${params.add(query.actorId)}`);
  if (query.cursor !== undefined) {
    const id = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!isUuid(id)) throw new AppError('invalid_cursor', 'The cursor is not one this API gave out');
    where.push(`id < ${params.add(id)}::uuid`);
  }
  const { rows } = await tx.query<AuditRow>(
    `select * from audit_log where ${where.join(' and ')} order by id desc limit ${params.add(query.limit + 1)}`,
    params.values,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => ({
      id: row.id,
      actorType: row.actor_type,
      actorId: row.actor_id,
      action: row.action,
      object: row.object,
      recordId: row.record_id,
      changes: row.changes,
      requestId: row.request_id,
      createdAt: row.created_at.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}

/**
 * Many audit entries and domain events in one statement, events in the
 * order given: for changes that touch many records at once (a merge moves
 * every link of the merged records). Either side of an item may be absent.
 */
export async function recordChanges(tx: WorkspaceTx, signal: OutboxSignal | undefined, items: readonly { entry?: AuditEntry; event?: NewDomainEvent }[]): Promise<void> {
  if (items.length === 0) return;
  const audits = items.flatMap(({ entry }) =>
    entry
      ? [
          {
            id: newId(),
            actor_type: entry.actor.type,
            actor_id: entry.actor.id,
            action: entry.action,
            object: entry.object,
            record_id: entry.recordId,
            changes: entry.changes,
            request_id: entry.requestId,
          },
        ]
      : [],
  );
  const events = items.flatMap(({ event }, n) => (event ? [{ n, type: event.type, object: event.object, record_id: event.recordId, payload: event.payload }] : []));
  await tx.query(
    `with audit as (
       insert into audit_log (id, workspace_id, actor_type, actor_id, action, object, record_id, changes, request_id)
       select x.id, $1, x.actor_type, x.actor_id, x.action, x.object, x.record_id, x.changes, x.request_id
         from jsonb_to_recordset($2::jsonb) as x(id uuid, actor_type text, actor_id uuid, action text, object text, record_id uuid, changes jsonb, request_id text)
     )
     insert into outbox (workspace_id, type, object, record_id, payload)
     select $1, x.type, x.object, x.record_id, x.payload
       from jsonb_to_recordset($3::jsonb) as x(n integer, type text, object text, record_id uuid, payload jsonb)
      order by x.n`,
    [tx.workspaceId, JSON.stringify(audits), JSON.stringify(events)],
  );
  if (signal && events.length > 0) tx.afterCommit(() => signal.notify());
}
