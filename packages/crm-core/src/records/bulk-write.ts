import type { z } from 'zod';
import type { OutboxSignal } from '@nexus/db';
import { AppError, isAppError, newId } from '@nexus/platform';
import { issuesToDetails } from '@nexus/http';
import { listDefinitions, validateCustomValues, type CustomFieldDefinition } from '../custom-fields/custom-fields';
import { objectSpecs, type ObjectName, type ObjectSpec } from '../objects/object-specs';
import { createSchemas } from '../objects/record.schemas';
import { Params } from './list-query';
import { existingIds, selectList, toApi, visibilityCondition, type ApiRecord, type Row } from './record-repo';
import type { RecordContext } from './record-service';

/** The objects whose rows a bulk write inserts set-wise; deals and activities go through the record service row by row. */
export type BulkObject = 'contacts' | 'companies';
export const bulkObjects = ['contacts', 'companies'] as const satisfies readonly BulkObject[];

export interface BulkIssue {
  field?: string;
  message: string;
}

export type BulkValidation = { ok: true; input: Record<string, unknown> } | { ok: false; issues: BulkIssue[] };

export interface RecordKeys {
  externalIds?: readonly string[];
  /** Lower-cased e-mail addresses (contacts). */
  emails?: readonly string[];
  /** Lower-cased domains (companies). */
  domains?: readonly string[];
}

const columnDefaults: Record<string, unknown> = { emails: [], phones: [], tags: [], custom_fields: {}, social_links: {} };

export interface LookupTables {
  members: { id: string; email: string; name: string }[];
  stages: { id: string; name: string; pipelineId: string; pipelineName: string; isDefault: boolean }[];
}

export interface BulkCreateResult {
  /** The new records' ids, in the order of the inputs that were written. */
  ids: string[];
  /** Inputs refused by the checks that need the database (an owner who is not a member, a company that does not exist), by index. */
  rejected: Map<number, BulkIssue[]>;
}

/**
 * Set-wise writes for imports: a batch of contacts or companies is checked
 * with a handful of queries and inserted in one statement, with one audit
 * entry and one `<object>.imported` event naming the records, so that a
 * million-row file does not pay a round trip, an audit row and an event per
 * row. Validation is the API's own: the same create schema, custom field
 * rules and reference checks.
 *
 * @example
 * const bulk = createBulkWriter({ signal });
 * const checked = bulk.validate('contacts', input, definitions);
 * const { ids } = await bulk.createMany(ctx, 'contacts', [checked.input], { importId });
 */
export function createBulkWriter(deps: { signal?: OutboxSignal | undefined }) {
  function validate(object: BulkObject, input: Record<string, unknown>, definitions: readonly CustomFieldDefinition[]): BulkValidation {
    const parsed = (createSchemas[object] as unknown as z.ZodType<Record<string, unknown>>).safeParse(input);
    if (!parsed.success) return { ok: false, issues: issuesToDetails(parsed.error.issues).map((d) => ({ field: d.path, message: d.message })) };
    const value = parsed.data;
    if (value.customFields !== undefined) {
      try {
        value.customFields = validateCustomValues([...definitions], value.customFields as Record<string, unknown>);
      } catch (error) {
        if (isAppError(error) && Array.isArray(error.details)) {
          return { ok: false, issues: (error.details as { path: string; message: string }[]).map((d) => ({ field: d.path, message: d.message })) };
        }
        throw error;
      }
    }
    return { ok: true, input: value };
  }

  /**
   * Records that hold any of the keys and that the caller may update, as the
   * API shows them; and the external ids that belong to records the caller
   * cannot update (in the trash, or someone else's under "only my records"),
   * which a new record cannot take either.
   */
  async function findByKeys(ctx: RecordContext, object: ObjectName, keys: RecordKeys): Promise<{ records: ApiRecord[]; blockedExternalIds: Set<string> }> {
    const spec = objectSpecs[object];
    const ids = new Set<string>();
    const externalIds = [...new Set(keys.externalIds ?? [])];
    const blockedExternalIds = new Set<string>();
    if (externalIds.length > 0) {
      const { rows } = await ctx.tx.query<{ id: string; external_id: string }>(`select id, external_id from ${spec.table} where workspace_id = $1 and external_id = any($2::text[])`, [
        ctx.tx.workspaceId,
        externalIds,
      ]);
      for (const row of rows) {
        ids.add(row.id);
        blockedExternalIds.add(row.external_id);
      }
    }
    const emails = [...new Set(keys.emails ?? [])];
    if (object === 'contacts' && emails.length > 0) {
      const { rows } = await ctx.tx.query<{ id: string }>('select id from contacts_by_emails($1::text[])', [emails]);
      for (const row of rows) ids.add(row.id);
    }
    const domains = [...new Set(keys.domains ?? [])];
    if (object === 'companies' && domains.length > 0) {
      const { rows } = await ctx.tx.query<{ id: string }>('select id from companies_by_domains($1::text[])', [domains]);
      for (const row of rows) ids.add(row.id);
    }
    if (ids.size === 0) return { records: [], blockedExternalIds };
    const params = new Params();
    const where = [`t.workspace_id = ${params.add(ctx.tx.workspaceId)}`, `t.id = any(${params.add([...ids])}::uuid[])`, 't.deleted_at is null'];
    const visible = visibilityCondition(spec, ctx.auth, params);
    if (visible) where.push(visible);
    const { rows } = await ctx.tx.query<Row>(`select ${selectList(spec)} from ${spec.table} t where ${where.join(' and ')}`, params.values);
    const records = rows.map((row) => toApi(spec, row));
    for (const record of records) if (typeof record.externalId === 'string') blockedExternalIds.delete(record.externalId);
    return { records, blockedExternalIds };
  }

  /** Inputs must have passed `validate`. Ones whose references fail are left out and reported. */
  async function createMany(ctx: RecordContext, object: BulkObject, inputs: readonly Record<string, unknown>[], options: { importId?: string } = {}): Promise<BulkCreateResult> {
    const spec = objectSpecs[object];
    const rejected = new Map<number, BulkIssue[]>();
    await checkReferences(ctx, spec, inputs, rejected);
    const now = new Date().toISOString();
    const rows: Record<string, unknown>[] = [];
    const links: { contact_id: string; company_id: string }[] = [];
    for (const [index, input] of inputs.entries()) {
      if (rejected.has(index)) continue;
      const row: Record<string, unknown> = { id: newId(), workspace_id: ctx.tx.workspaceId, created_by: ctx.auth.userId, created_at: now, updated_at: now, owner_id: ctx.auth.userId };
      for (const [name, value] of Object.entries(input)) {
        if (value === undefined || name === 'companyIds') continue;
        const field = spec.fields[name];
        if (field) row[field.column] = value;
      }
      if (object === 'contacts') {
        const companies = new Set([...((input.companyIds as string[] | undefined) ?? []), ...(typeof input.companyId === 'string' ? [input.companyId] : [])]);
        for (const companyId of companies) links.push({ contact_id: row.id as string, company_id: companyId });
      }
      rows.push(row);
    }
    if (rows.length === 0) return { ids: [], rejected };
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    // A column some rows leave out takes the schema's default there, not null.
    for (const row of rows) for (const column of columns) if (!(column in row)) row[column] = columnDefaults[column] ?? null;
    await ctx.tx.query(`insert into ${spec.table} (${columns.join(', ')}) select ${columns.join(', ')} from jsonb_populate_recordset(null::${spec.table}, $1::jsonb)`, [JSON.stringify(rows)]);
    if (links.length > 0) {
      await ctx.tx.query(
        `insert into contact_companies (workspace_id, contact_id, company_id)
         select $1, l.contact_id, l.company_id from jsonb_to_recordset($2::jsonb) as l(contact_id uuid, company_id uuid) on conflict do nothing`,
        [ctx.tx.workspaceId, JSON.stringify(links)],
      );
    }
    const ids = rows.map((row) => row.id as string);
    // The event names the records; its consumers read them as stored (a batch's records would make a large event to write and read again).
    await journal(ctx, spec, 'import', { importId: options.importId ?? null, created: ids.length }, {
      type: `${spec.singular}.imported`,
      payload: { importId: options.importId ?? null, ids, actor: ctx.auth.actor },
    });
    return { ids, rejected };
  }

  /**
   * Moves records to the trash set-wise (an import's revert): one `<object>.deleted`
   * event per record, as a single delete would write, and one audit entry.
   */
  async function softDeleteMany(ctx: RecordContext, object: BulkObject, ids: readonly string[], options: { importId?: string } = {}): Promise<number> {
    const spec = objectSpecs[object];
    if (ids.length === 0) return 0;
    const { rows } = await ctx.tx.query<{ n: string }>(
      `with gone as (
         update ${spec.table} set deleted_at = now(), version = version + 1, updated_at = now()
         where workspace_id = $1 and id = any($2::uuid[]) and deleted_at is null returning id, version, deleted_at
       ), events as (
         insert into outbox (workspace_id, type, object, record_id, payload)
         select $1, $3, $4, g.id, jsonb_build_object('record', jsonb_build_object('id', g.id, 'version', g.version, 'deletedAt', g.deleted_at), 'actor', $5::jsonb) from gone g
       )
       select count(*)::text as n from gone`,
      [ctx.tx.workspaceId, [...ids], `${spec.singular}.deleted`, spec.name, JSON.stringify(ctx.auth.actor)],
    );
    const count = Number(rows[0]?.n ?? 0);
    if (count > 0) {
      await journal(ctx, spec, 'import_revert', { importId: options.importId ?? null, deleted: count });
      if (deps.signal) {
        const signal = deps.signal;
        ctx.tx.afterCommit(() => signal.notify());
      }
    }
    return count;
  }

  /** One audit entry for a set-wise change, and its event when there is one. */
  async function journal(ctx: RecordContext, spec: ObjectSpec, action: string, summary: Record<string, unknown>, event?: { type: string; payload: Record<string, unknown> }): Promise<void> {
    await ctx.tx.query(
      `insert into audit_log (id, workspace_id, actor_type, actor_id, action, object, record_id, changes, request_id) values ($1, $2, $3, $4, $5, $6, null, $7, $8)`,
      [newId(), ctx.tx.workspaceId, ctx.auth.actor.type, ctx.auth.actor.id, action, spec.name, JSON.stringify({ summary: { before: null, after: summary } }), ctx.requestId],
    );
    if (!event) return;
    await ctx.tx.query('insert into outbox (workspace_id, type, object, record_id, payload) values ($1, $2, $3, null, $4)', [
      ctx.tx.workspaceId,
      event.type,
      spec.name,
      JSON.stringify(event.payload),
    ]);
    if (deps.signal) {
      const signal = deps.signal;
      ctx.tx.afterCommit(() => signal.notify());
    }
  }

  async function checkReferences(ctx: RecordContext, spec: ObjectSpec, inputs: readonly Record<string, unknown>[], rejected: Map<number, BulkIssue[]>): Promise<void> {
    const reject = (index: number, issue: BulkIssue) => rejected.set(index, [...(rejected.get(index) ?? []), issue]);
    const owners = [...new Set(inputs.map((i) => i.ownerId).filter((v): v is string => typeof v === 'string'))];
    if (owners.length > 0) {
      const { rows } = await ctx.tx.query<{ user_id: string }>('select user_id from memberships where workspace_id = $1 and user_id = any($2::uuid[])', [ctx.tx.workspaceId, owners]);
      const members = new Set(rows.map((r) => r.user_id));
      for (const [index, input] of inputs.entries()) {
        if (typeof input.ownerId === 'string' && !members.has(input.ownerId)) reject(index, { field: 'ownerId', message: 'is not a member of this workspace' });
      }
    }
    if (spec.name !== 'contacts') return;
    const companyIdsOf = (input: Record<string, unknown>) => [...((input.companyIds as string[] | undefined) ?? []), ...(typeof input.companyId === 'string' ? [input.companyId] : [])];
    const wanted = [...new Set(inputs.flatMap(companyIdsOf))];
    if (wanted.length === 0) return;
    const found = await existingIds(ctx.tx, objectSpecs.companies, ctx.auth, wanted);
    for (const [index, input] of inputs.entries()) {
      const missing = companyIdsOf(input).filter((id) => !found.has(id));
      if (missing.length > 0) reject(index, { field: 'companyId', message: `names companies that do not exist: ${missing.join(', ')}` });
    }
  }

  /** What an import resolves names against: the workspace's members and its pipelines' stages. */
  async function lookupTables(ctx: RecordContext): Promise<LookupTables> {
    const { rows: members } = await ctx.tx.query<{ id: string; email: string; name: string }>(
      'select u.id, lower(u.email) as email, u.name from memberships m join users u on u.id = m.user_id where m.workspace_id = $1',
      [ctx.tx.workspaceId],
    );
    const { rows: stages } = await ctx.tx.query<{ id: string; name: string; pipeline_id: string; pipeline_name: string; is_default: boolean }>(
      `select s.id, s.name, s.pipeline_id, p.name as pipeline_name, p.is_default from pipeline_stages s join pipelines p on p.id = s.pipeline_id
       where s.workspace_id = $1 and p.deleted_at is null order by p.is_default desc, s.position`,
      [ctx.tx.workspaceId],
    );
    return {
      members,
      stages: stages.map((s) => ({ id: s.id, name: s.name, pipelineId: s.pipeline_id, pipelineName: s.pipeline_name, isDefault: s.is_default })),
    };
  }

  /** Live companies by exact name (the name index serves it), visible to the caller. */
  async function companiesByName(ctx: RecordContext, names: readonly string[]): Promise<{ id: string; name: string }[]> {
    if (names.length === 0) return [];
    const params = new Params();
    const where = [`t.workspace_id = ${params.add(ctx.tx.workspaceId)}`, `t.name = any(${params.add([...new Set(names)])}::text[])`, 't.deleted_at is null'];
    const visible = visibilityCondition(objectSpecs.companies, ctx.auth, params);
    if (visible) where.push(visible);
    const { rows } = await ctx.tx.query<{ id: string; name: string }>(`select t.id, t.name from companies t where ${where.join(' and ')} order by t.created_at`, params.values);
    return rows;
  }

  return { validate, findByKeys, createMany, softDeleteMany, lookupTables, companiesByName, definitions: (ctx: RecordContext, object: ObjectName) => listDefinitions(ctx.tx, object) };
}

export type BulkWriter = ReturnType<typeof createBulkWriter>;

/** Thrown by callers that need a bulk object and got another. */
export function assertBulkObject(object: string): asserts object is BulkObject {
  if (!(bulkObjects as readonly string[]).includes(object)) throw new AppError('validation_failed', `Set-wise writes take contacts or companies, not ${object}`);
}
