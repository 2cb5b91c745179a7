import { appendEvent, classifyDbError, type OutboxSignal, type WorkspaceTx } from '@nexus/db';
import { AppError, isAppError, newId, type AuthContext } from '@nexus/platform';
import { changeCtes, diff, recordChange, type AuditEntry, type Changes } from '../audit/audit-log';
import { listDefinitions } from '../custom-fields/custom-fields';
import { objectSpecs, type ObjectName, type ObjectSpec } from '../objects/object-specs';
import { buildFilters, cursorCondition, encodeCursor, orderBy, Params, parseSort, searchCondition, type FilterInput } from './list-query';
import { prepareWrite } from './prepare-write';
import { findRecord, insertRow, predictRow, replaceLinks, selectList, toApi, updateRow, visibilityCondition, type ApiRecord, type Row } from './record-repo';
import type { HookRecords, WriteHooks, WriteOptions } from './write-hooks';

/** What every use-case gets: the request's workspace transaction and its caller. */
export interface RecordContext {
  tx: WorkspaceTx;
  auth: AuthContext;
  requestId: string | null;
}

export interface ListQuery {
  limit: number;
  cursor?: string | undefined;
  sort?: string | undefined;
  filter?: FilterInput | undefined;
  /** List the trash (soft-deleted records) instead. */
  deleted?: boolean | undefined;
  /** Free text: a case-insensitive substring of the object's display fields (names, emails, phones, domain, subject). */
  q?: string | undefined;
}

/** The version a change was based on: from `If-Match` (412 when stale) or the body (409). */
export type ExpectedVersion = { source: 'if-match' | 'body'; version: number } | undefined;

/** Refuses a change based on a stale version: 412 when it came from `If-Match`, 409 from the body. `noun` names the thing in the message ("record"). */
export function assertVersion(expected: ExpectedVersion, current: number, noun: string): void {
  if (!expected || expected.version === current) return;
  const details = { currentVersion: current, expectedVersion: expected.version };
  if (expected.source === 'if-match') throw new AppError('precondition_failed', `The ${noun} changed since you read it (If-Match is stale)`, { details });
  throw new AppError('version_conflict', `The ${noun} changed since you read it; reload and try again`, { details });
}

export interface RecordServiceDeps {
  signal?: OutboxSignal | undefined;
  /** Another service's part in every create and update (normalisation on write). */
  writeHooks?: WriteHooks | undefined;
}

export interface CreateOptions extends WriteOptions {
  /** The create is the last statement of its unit of work (a single-record POST without Idempotency-Key). */
  last?: boolean;
}

export const maxBatch = 1000;

/** A constraint the checks above could not see coming (a concurrent insert of the same externalId). */
function writeError(spec: ObjectSpec, error: unknown): unknown {
  const db = classifyDbError(error);
  if (db.type === 'unique_violation') return new AppError('already_exists', `Another ${spec.singular} has this externalId`, { details: { field: 'externalId' } });
  if (db.type === 'invalid_input') return new AppError('validation_failed', 'A value is out of range for its field', { cause: error });
  return error;
}

type Action = 'created' | 'updated' | 'deleted' | 'restored';
const auditActions = { created: 'create', updated: 'update', deleted: 'delete', restored: 'restore' } as const satisfies Record<Action, AuditEntry['action']>;

function auditEntry(ctx: RecordContext, spec: ObjectSpec, action: Action, recordId: string, changes: Changes): AuditEntry {
  return { actor: ctx.auth.actor, action: auditActions[action], object: spec.name, recordId, changes, requestId: ctx.requestId };
}

function notFound(spec: ObjectSpec): AppError {
  return new AppError('not_found', `${spec.singular[0]?.toUpperCase()}${spec.singular.slice(1)} not found`);
}

/**
 * Create, read, update, delete, restore and list for companies, contacts,
 * deals and activities. Every change writes its audit entry and its domain
 * event in the caller's transaction.
 *
 * @example
 * const records = createRecordService({ signal });
 * const contact = await records.create(ctx, 'contacts', { firstName: 'Ada', emails: ['ada@example.com'] });
 */
export function createRecordService(deps: RecordServiceDeps) {
  async function emit(ctx: RecordContext, spec: ObjectSpec, action: Exclude<Action, 'created'>, record: ApiRecord, changes: Changes) {
    await recordChange(ctx.tx, deps.signal, auditEntry(ctx, spec, action, record.id, changes), {
      type: `${spec.singular}.${action}`,
      object: spec.name,
      recordId: record.id,
      payload: { record, changes, actor: ctx.auth.actor },
    });
  }

  async function reload(ctx: RecordContext, spec: ObjectSpec, id: string): Promise<ApiRecord> {
    const row = await findRecord(ctx.tx, spec, { ...ctx.auth, visibility: 'all' }, id, { includeDeleted: true });
    if (!row) throw new AppError('internal_error', 'A record vanished inside its own transaction', { kind: 'unexpected' });
    return toApi(spec, row);
  }

  async function assertExternalIdFree(ctx: RecordContext, spec: ObjectSpec, externalId: unknown, exceptId?: string): Promise<void> {
    if (typeof externalId !== 'string') return;
    const { rows } = await ctx.tx.query<{ id: string }>(`select id from ${spec.table} where workspace_id = $1 and external_id = $2`, [ctx.tx.workspaceId, externalId]);
    const owner = rows[0];
    if (owner && owner.id !== exceptId) {
      throw new AppError('already_exists', `Another ${spec.singular} has this externalId`, { details: { field: 'externalId', id: owner.id } });
    }
  }

  async function prepareHook(ctx: RecordContext, object: ObjectName, action: 'create' | 'update', input: Record<string, unknown>, current: ApiRecord | undefined, options: WriteOptions) {
    const provenance = [...(options.provenance ?? [])];
    if (!deps.writeHooks?.prepare) return { input, provenance };
    return deps.writeHooks.prepare({ ctx, object, action, input, current, provenance, records: hookRecords });
  }

  async function create(ctx: RecordContext, object: ObjectName, body: Record<string, unknown>, options: CreateOptions = {}): Promise<ApiRecord> {
    const spec = objectSpecs[object];
    const hooked = await prepareHook(ctx, object, 'create', body, undefined, options);
    const input = hooked.input;
    const definitions = input.customFields === undefined ? [] : await listDefinitions(ctx.tx, object);
    await assertExternalIdFree(ctx, spec, input.externalId);
    const prepared = await prepareWrite(ctx.tx, ctx.auth, spec, input, undefined, definitions);
    const id = newId();
    const now = new Date();
    const values: Record<string, unknown> = {
      id,
      workspace_id: ctx.tx.workspaceId,
      created_by: ctx.auth.userId,
      created_at: now,
      updated_at: now,
      ...prepared.columns,
    };
    if ('occurredAt' in spec.fields && values.occurred_at === undefined) values.occurred_at = now;
    // A new record's relations are exactly the links about to be written.
    const relations: Record<string, string[]> = {};
    for (const [name, relation] of Object.entries(spec.relations)) {
      const link = prepared.links.find((l) => l.relation === relation);
      relations[name] = link ? [...new Set(link.ids)].sort() : [];
    }
    // The record is known before it is written, so its audit entry and event ride in the insert itself.
    const predicted = toApi(spec, predictRow(spec, values, relations));
    const changes = diff(null, predicted);
    // With no links or stage history to write after it, the insert is the unit's final write:
    // on PostgreSQL it can then run alone, without BEGIN and COMMIT.
    // A hook storing provenance writes after the insert.
    const afterWrite = hooked.provenance.length > 0 && deps.writeHooks?.afterWrite !== undefined;
    const final = options.last === true && prepared.links.length === 0 && !prepared.stageChange && !afterWrite;
    let row: Row;
    try {
      row = await insertRow(
        ctx.tx,
        spec.table,
        values,
        (params) =>
          changeCtes(params, ctx.tx.workspaceId, auditEntry(ctx, spec, 'created', id, changes), {
            type: `${spec.singular}.created`,
            object: spec.name,
            recordId: id,
            payload: { record: predicted, actor: ctx.auth.actor },
          }),
        { final },
      );
    } catch (error) {
      throw writeError(spec, error);
    }
    if (deps.signal) {
      const signal = deps.signal;
      ctx.tx.afterCommit(() => signal.notify());
    }
    for (const link of prepared.links) await replaceLinks(ctx.tx, link.relation, id, link.ids, link.extra);
    if (prepared.stageChange) await recordStageChange(ctx, id, prepared.stageChange);
    for (const [name, ids] of Object.entries(relations)) row[`rel_${name}`] = ids;
    const record = toApi(spec, row);
    if (afterWrite) await deps.writeHooks?.afterWrite?.({ ctx, object, action: 'create', input, before: undefined, record, provenance: hooked.provenance });
    return record;
  }

  async function recordStageChange(ctx: RecordContext, dealId: string, change: { from: string | null; to: string; at: Date }): Promise<void> {
    await ctx.tx.query('insert into deal_stage_history (id, workspace_id, deal_id, from_stage_id, to_stage_id, changed_by, changed_at) values ($1, $2, $3, $4, $5, $6, $7)', [
      newId(),
      ctx.tx.workspaceId,
      dealId,
      change.from,
      change.to,
      ctx.auth.userId,
      change.at,
    ]);
  }

  async function get(ctx: RecordContext, object: ObjectName, id: string): Promise<ApiRecord> {
    const spec = objectSpecs[object];
    const row = await findRecord(ctx.tx, spec, ctx.auth, id);
    if (!row) throw notFound(spec);
    return toApi(spec, row);
  }

  async function update(ctx: RecordContext, object: ObjectName, id: string, body: Record<string, unknown>, expected: ExpectedVersion, options: WriteOptions = {}): Promise<ApiRecord> {
    const spec = objectSpecs[object];
    const current = await findRecord(ctx.tx, spec, ctx.auth, id, { forUpdate: true });
    if (!current) throw notFound(spec);
    assertVersion(expected, current.version as number, 'record');
    const before = toApi(spec, current);
    const hooked = await prepareHook(ctx, object, 'update', body, before, options);
    const input = hooked.input;
    await assertExternalIdFree(ctx, spec, input.externalId, id);
    const definitions = input.customFields === undefined ? [] : await listDefinitions(ctx.tx, object);
    const prepared = await prepareWrite(ctx.tx, ctx.auth, spec, input, current, definitions);
    // Only what actually differs is written, so a no-op update leaves no version bump and no audit entry.
    const changedColumns = Object.fromEntries(
      Object.entries(prepared.columns).filter(([column, value]) => JSON.stringify(normalise(value)) !== JSON.stringify(normalise(current[column]))),
    );
    const changedLinks = prepared.links.filter((link) => {
      const name = Object.entries(spec.relations).find(([, r]) => r === link.relation)?.[0];
      const existing = [...((current[`rel_${name ?? ''}`] as string[] | undefined) ?? [])].sort();
      return JSON.stringify([...new Set(link.ids)].sort()) !== JSON.stringify(existing);
    });
    if (Object.keys(changedColumns).length === 0 && changedLinks.length === 0) return before;
    try {
      await updateRow(ctx.tx, spec.table, id, changedColumns);
    } catch (error) {
      throw writeError(spec, error);
    }
    for (const link of changedLinks) await replaceLinks(ctx.tx, link.relation, id, link.ids, link.extra);
    if (prepared.stageChange && 'stage_id' in changedColumns) await recordStageChange(ctx, id, prepared.stageChange);
    const after = await reload(ctx, spec, id);
    const changes = diff(before, after);
    await emit(ctx, spec, 'updated', after, changes);
    await deps.writeHooks?.afterWrite?.({ ctx, object, action: 'update', input, before, record: after, provenance: hooked.provenance });
    if (prepared.stageChange && 'stage_id' in changedColumns) {
      await appendEvent(ctx.tx, deps.signal, {
        type: 'deal.stage_changed',
        object: 'deals',
        recordId: id,
        payload: { fromStageId: prepared.stageChange.from, toStageId: prepared.stageChange.to, record: after },
      });
    }
    return after;
  }

  async function remove(ctx: RecordContext, object: ObjectName, id: string): Promise<void> {
    const spec = objectSpecs[object];
    const current = await findRecord(ctx.tx, spec, ctx.auth, id, { forUpdate: true });
    if (!current) throw notFound(spec);
    const { rows } = await ctx.tx.query<{ deleted_at: Date }>(
      `update ${spec.table} set deleted_at = now(), version = version + 1, updated_at = now() where workspace_id = $1 and id = $2 returning deleted_at`,
      [ctx.tx.workspaceId, id],
    );
    const record = await reload(ctx, spec, id);
    await emit(ctx, spec, 'deleted', record, { deletedAt: { before: null, after: rows[0]?.deleted_at.toISOString() ?? null } });
  }

  async function restore(ctx: RecordContext, object: ObjectName, id: string): Promise<ApiRecord> {
    const spec = objectSpecs[object];
    const current = await findRecord(ctx.tx, spec, ctx.auth, id, { includeDeleted: true, forUpdate: true });
    if (!current) throw notFound(spec);
    if (current.deleted_at === null) return toApi(spec, current);
    const previous = (current.deleted_at as Date).toISOString();
    await ctx.tx.query(`update ${spec.table} set deleted_at = null, version = version + 1, updated_at = now() where workspace_id = $1 and id = $2`, [
      ctx.tx.workspaceId,
      id,
    ]);
    const record = await reload(ctx, spec, id);
    await emit(ctx, spec, 'restored', record, { deletedAt: { before: previous, after: null } });
    return record;
  }

  async function list(ctx: RecordContext, object: ObjectName, query: ListQuery): Promise<{ data: ApiRecord[]; nextCursor: string | null }> {
    const spec = objectSpecs[object];
    // Definitions are read only when the query names a custom field: most lists do not.
    const mentionsCustom = JSON.stringify(query.filter ?? {}).includes('customFields.') || (query.sort ?? '').includes('customFields.');
    const definitions = mentionsCustom ? await listDefinitions(ctx.tx, object) : [];
    const params = new Params();
    const where = [`t.workspace_id = ${params.add(ctx.tx.workspaceId)}`, query.deleted ? 't.deleted_at is not null' : 't.deleted_at is null'];
    where.push(...buildFilters(spec, definitions, query.filter ?? {}, params));
    const search = searchCondition(spec, query.q, params);
    if (search) where.push(search);
    const visible = visibilityCondition(spec, ctx.auth, params);
    if (visible) where.push(visible);
    const sort = parseSort(spec, definitions, query.sort, params);
    if (query.cursor !== undefined) where.push(cursorCondition(sort, query.cursor, params));
    const { rows } = await ctx.tx.query<Row & { sort_value: string | null }>(
      `select ${selectList(spec)}, (${sort.sql})::text as sort_value from ${spec.table} t where ${where.join(' and ')}
        order by ${orderBy(sort)} limit ${params.add(query.limit + 1)}`,
      params.values,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map((row) => toApi(spec, row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(sort, last.sort_value, last.id as string) : null,
    };
  }

  /** All-or-nothing: one invalid item fails the batch with every item's problems, and nothing is written. */
  async function batch<T, R>(items: readonly T[], run: (item: T, index: number) => Promise<R>): Promise<R[]> {
    if (items.length > maxBatch) throw new AppError('batch_too_large', `At most ${maxBatch} records per batch`, { details: { max: maxBatch, got: items.length } });
    const results: R[] = [];
    for (const [index, item] of items.entries()) {
      try {
        results.push(await run(item, index));
      } catch (error) {
        if (isAppError(error) && error.kind === 'user') {
          throw new AppError('batch_failed', `Item ${index} was refused; nothing was written`, {
            details: { index, code: error.code, message: error.message, details: error.details },
          });
        }
        throw error;
      }
    }
    return results;
  }

  const hookRecords: HookRecords = { create, list };

  return {
    create,
    get,
    update,
    remove,
    restore,
    list,
    batchCreate: (ctx: RecordContext, object: ObjectName, items: readonly Record<string, unknown>[]) => batch(items, (item) => create(ctx, object, item)),
    batchUpdate: (ctx: RecordContext, object: ObjectName, items: readonly (Record<string, unknown> & { id: string })[]) =>
      batch(items, ({ id, ...patch }) => update(ctx, object, id, patch, typeof patch.version === 'number' ? { source: 'body', version: patch.version } : undefined)),
    batchDelete: (ctx: RecordContext, object: ObjectName, ids: readonly string[]) => batch(ids, (id) => remove(ctx, object, id)),
  };
}

export type RecordService = ReturnType<typeof createRecordService>;

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && (value.startsWith('{') || value.startsWith('['))) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value ?? null;
}
