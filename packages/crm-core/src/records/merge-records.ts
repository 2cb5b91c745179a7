import { classifyDbError, type NewDomainEvent, type OutboxSignal, type WorkspaceTx } from '@nexus/db';
import { AppError, newId } from '@nexus/platform';
import { diff, recordChanges, type AuditEntry, type Changes } from '../audit/audit-log';
import { objectSpecs, type ObjectName, type ObjectSpec } from '../objects/object-specs';
import { Params } from './list-query';
import { checkFieldChoices, mergeColumns, mergeableFields } from './merge-values';
import { selectList, toApi, updateRow, visibilityCondition, type ApiRecord, type Row } from './record-repo';
import type { RecordContext } from './record-service';

export type MergeObject = 'contacts' | 'companies';
export const mergeObjects = ['contacts', 'companies'] as const satisfies readonly MergeObject[];
/** Most records folded into one survivor by one merge. */
export const maxMergedIds = 20;

export interface MergeInput {
  survivorId: string;
  mergedIds: readonly string[];
  /** `{ "<field>": "<id of the record whose value wins>" }`; see `mergeColumns` for the defaults. */
  fieldChoices?: Readonly<Record<string, string>> | undefined;
}

export interface MergeOptions {
  /** Id the merge is known by (its row in the merges table); named in the `*.merged` event. Default: a new id. */
  mergeId?: string;
  /** Merged without a person deciding (auto-merge above the configured confidence). */
  automatic?: boolean;
}

type LinkTable = 'contact_companies' | 'deal_contacts' | 'activity_links';

/** A link table whose rows point at the merged records. */
interface LinkSpec {
  table: LinkTable;
  /** Column holding the merged (then the survivor's) id. */
  own: string;
  other: string;
  /** activity_links names the object it links to. */
  object?: MergeObject;
  /** The record type on the other side whose API view shows this link (its version moves with it). */
  touches?: ObjectName;
}

/** A record column that references the merged records (a contact's or deal's companyId). */
interface ForeignKeySpec {
  table: 'contacts' | 'deals';
  object: ObjectName;
  column: 'company_id';
}

const linkSpecs: Record<MergeObject, LinkSpec[]> = {
  contacts: [
    { table: 'contact_companies', own: 'contact_id', other: 'company_id' },
    { table: 'deal_contacts', own: 'contact_id', other: 'deal_id', touches: 'deals' },
    { table: 'activity_links', own: 'record_id', other: 'activity_id', object: 'contacts', touches: 'activities' },
  ],
  companies: [
    { table: 'contact_companies', own: 'company_id', other: 'contact_id', touches: 'contacts' },
    { table: 'activity_links', own: 'record_id', other: 'activity_id', object: 'companies', touches: 'activities' },
  ],
};

const foreignKeySpecs: Record<MergeObject, ForeignKeySpec[]> = {
  contacts: [],
  companies: [
    { table: 'contacts', object: 'contacts', column: 'company_id' },
    { table: 'deals', object: 'deals', column: 'company_id' },
  ],
};

/**
 * Everything an undo needs, stored with the merge (JSON). Records are kept
 * as their columns were; links as the rows of the merged records before the
 * merge and the survivor's rows the merge added.
 */
export interface MergeSnapshot {
  format: 1;
  mergeId: string;
  object: MergeObject;
  survivorId: string;
  mergedIds: string[];
  fieldChoices: Record<string, string>;
  /** The survivor first, then the merged records: their columns before the merge and the version the merge left them at. */
  records: { id: string; columns: Record<string, unknown>; versionAfter: number }[];
  /** Per link table: the merged records' rows before the merge as `[ownId, otherId]`, and the other ids the merge linked to the survivor. */
  links: { table: LinkTable; original: [string, string][]; added: string[] }[];
  /** Per referencing table: the records whose companyId moved, as `[recordId, formerCompanyId]`. */
  foreignKeys: { table: ForeignKeySpec['table']; moved: [string, string][] }[];
}

export interface MergeResult {
  survivor: ApiRecord;
  merged: ApiRecord[];
  snapshot: MergeSnapshot;
}

export interface UndoResult {
  survivor: ApiRecord;
  restored: ApiRecord[];
}

function isMergeObject(value: unknown): value is MergeObject {
  return value === 'contacts' || value === 'companies';
}

function checkObject(object: unknown): MergeObject {
  if (!isMergeObject(object)) {
    throw new AppError('validation_failed', 'Only contacts and companies can be merged', { details: [{ path: 'object', message: 'must be contacts or companies' }] });
  }
  return object;
}

function checkInput(spec: ObjectSpec, input: MergeInput): void {
  const problems: { path: string; message: string }[] = [];
  if (input.mergedIds.length === 0) problems.push({ path: 'mergedIds', message: 'must name at least one record' });
  if (input.mergedIds.length > maxMergedIds) problems.push({ path: 'mergedIds', message: `must name at most ${maxMergedIds} records` });
  if (new Set(input.mergedIds).size !== input.mergedIds.length) problems.push({ path: 'mergedIds', message: 'must not name a record twice' });
  if (input.mergedIds.includes(input.survivorId)) problems.push({ path: 'mergedIds', message: 'must not include survivorId' });
  if (problems.length > 0) throw new AppError('validation_failed', 'The merge request is invalid', { details: problems });
  checkFieldChoices(spec, input.fieldChoices ?? {}, [input.survivorId, ...input.mergedIds]);
}

/** JSON-safe copy of a row's columns (relation arrays left out). */
function columnsOf(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('rel_')) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** Column value as a query parameter: JSON columns as JSON text, like every other write. */
function param(spec: ObjectSpec, column: string, value: unknown): unknown {
  const field = Object.values(spec.fields).find((f) => f.column === column);
  return field?.type === 'json' && value !== null && value !== undefined ? JSON.stringify(value) : (value ?? null);
}

async function loadRows(tx: WorkspaceTx, spec: ObjectSpec, ids: readonly string[], options: { liveOnly?: boolean } = {}): Promise<Map<string, Row>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<Row>(
    `select ${selectList(spec)} from ${spec.table} t where t.workspace_id = $1 and t.id = any($2::uuid[])${options.liveOnly ? ' and t.deleted_at is null' : ''}`,
    [tx.workspaceId, [...ids]],
  );
  return new Map(rows.map((row) => [row.id as string, row]));
}

/**
 * Locks the records of a merge in id order (two merges over the same records
 * then queue instead of deadlocking) and returns the ids this caller may see.
 */
async function lockRecords(ctx: RecordContext, spec: ObjectSpec, ids: readonly string[], deleted: 'live' | 'any'): Promise<Set<string>> {
  const params = new Params();
  const where = [`t.workspace_id = ${params.add(ctx.tx.workspaceId)}`, `t.id = any(${params.add([...ids])}::uuid[])`];
  if (deleted === 'live') where.push('t.deleted_at is null');
  const visible = visibilityCondition(spec, ctx.auth, params);
  if (visible) where.push(visible);
  const { rows } = await ctx.tx.query<{ id: string }>(`select t.id from ${spec.table} t where ${where.join(' and ')} order by t.id for update`, params.values);
  return new Set(rows.map((row) => row.id));
}

type Touched = Map<ObjectName, Set<string>>;

function touch(touched: Touched, object: ObjectName | undefined, ids: Iterable<string>): void {
  if (!object) return;
  const set = touched.get(object) ?? new Set<string>();
  for (const id of ids) set.add(id);
  touched.set(object, set);
}

/** Live records on the other side of moved links, as the API showed them before. */
async function viewsBefore(tx: WorkspaceTx, touched: Touched): Promise<Map<ObjectName, Map<string, ApiRecord>>> {
  const out = new Map<ObjectName, Map<string, ApiRecord>>();
  for (const [object, ids] of touched) {
    const spec = objectSpecs[object];
    const rows = await loadRows(tx, spec, [...ids], { liveOnly: true });
    out.set(object, new Map([...rows].map(([id, row]) => [id, toApi(spec, row)])));
  }
  return out;
}

/**
 * Gives each live record whose links moved a new version and writes its
 * audit entry and `*.updated` event, as an update from its own side would.
 * Records in the trash keep their version: they show the change when restored.
 */
async function settleTouched(ctx: RecordContext, before: Map<ObjectName, Map<string, ApiRecord>>): Promise<{ entry: AuditEntry; event: NewDomainEvent }[]> {
  const out: { entry: AuditEntry; event: NewDomainEvent }[] = [];
  for (const [object, views] of before) {
    if (views.size === 0) continue;
    const spec = objectSpecs[object];
    const after = await loadRows(ctx.tx, spec, [...views.keys()]);
    const changed = [...views].flatMap(([id, view]) => {
      const row = after.get(id);
      if (!row) return [];
      const changes = diff(view, toApi(spec, row));
      return Object.keys(changes).length > 0 ? [{ id, changes }] : [];
    });
    if (changed.length === 0) continue;
    await ctx.tx.query(`update ${spec.table} set version = version + 1, updated_at = now() where workspace_id = $1 and id = any($2::uuid[])`, [
      ctx.tx.workspaceId,
      changed.map((c) => c.id),
    ]);
    const reloaded = await loadRows(ctx.tx, spec, changed.map((c) => c.id));
    for (const { id, changes } of changed) {
      const record = toApi(spec, reloaded.get(id)!);
      out.push({
        entry: { actor: ctx.auth.actor, action: 'update', object, recordId: id, changes, requestId: ctx.requestId },
        event: { type: `${spec.singular}.updated`, object, recordId: id, payload: { record, changes, actor: ctx.auth.actor } },
      });
    }
  }
  return out;
}

function linkWhere(link: LinkSpec, params: Params): string {
  return link.object ? ` and object = ${params.add(link.object)}` : '';
}

function uniqueViolation(error: unknown, spec: ObjectSpec): unknown {
  if (classifyDbError(error).type === 'unique_violation') {
    return new AppError('already_exists', `Another ${spec.singular} has taken this externalId since; change one of them first`, { details: { field: 'externalId' } });
  }
  return error;
}

/**
 * Merges and undoes merges of contacts or companies. A merge folds records
 * into a survivor: it moves every relation and activity link of the merged
 * records to the survivor (contacts: their companies, deals and timeline;
 * companies: their contacts, deals and timeline), decides the survivor's
 * fields (`fieldChoices`, else the defaults of `mergeColumns`), moves the
 * merged records to the trash, and writes the audit entries and events of
 * every record it changed plus one `contact.merged` / `company.merged`. It
 * returns the snapshot from which `undo` puts everything back.
 *
 * @example
 * const merger = createRecordMerger({ signal });
 * const { survivor, snapshot } = await merger.merge(ctx, 'contacts', { survivorId, mergedIds: [dupId], fieldChoices: { firstName: dupId } });
 * await merger.undo(ctx, snapshot);
 */
export function createRecordMerger(deps: { signal?: OutboxSignal | undefined }) {
  async function merge(ctx: RecordContext, objectInput: MergeObject, input: MergeInput, options: MergeOptions = {}): Promise<MergeResult> {
    const object = checkObject(objectInput);
    const spec = objectSpecs[object];
    checkInput(spec, input);
    const choices = { ...(input.fieldChoices ?? {}) };
    const { survivorId } = input;
    const mergedIds = [...input.mergedIds];
    const allIds = [survivorId, ...mergedIds];
    const { tx } = ctx;

    const visible = await lockRecords(ctx, spec, allIds, 'live');
    if (!visible.has(survivorId)) throw new AppError('not_found', `The survivor ${spec.singular} was not found`, { details: { field: 'survivorId' } });
    const missing = mergedIds.filter((id) => !visible.has(id));
    if (missing.length > 0) throw new AppError('invalid_reference', `mergedIds names ${spec.name} that do not exist`, { details: { field: 'mergedIds', ids: missing } });

    const rows = await loadRows(tx, spec, allIds);
    const survivorRow = rows.get(survivorId)!;
    const mergedRows = mergedIds.map((id) => rows.get(id)!);
    const survivorBefore = toApi(spec, survivorRow);

    // What the links were, before anything moves.
    const touched: Touched = new Map();
    const linkMoves: { spec: LinkSpec; original: [string, string][] }[] = [];
    for (const link of linkSpecs[object]) {
      const params = new Params();
      const { rows: linkRows } = await tx.query<{ own: string; other: string }>(
        `select ${link.own} as own, ${link.other} as other from ${link.table}
          where workspace_id = ${params.add(tx.workspaceId)} and ${link.own} = any(${params.add(mergedIds)}::uuid[])${linkWhere(link, params)}
          order by ${link.own}, ${link.other}`,
        params.values,
      );
      linkMoves.push({ spec: link, original: linkRows.map((r) => [r.own, r.other]) });
      touch(touched, link.touches, linkRows.map((r) => r.other));
    }
    const keyMoves: { spec: ForeignKeySpec; moved: [string, string][] }[] = [];
    for (const key of foreignKeySpecs[object]) {
      const { rows: keyRows } = await tx.query<{ id: string; former: string }>(
        `select id, ${key.column} as former from ${key.table} where workspace_id = $1 and ${key.column} = any($2::uuid[]) order by id for update`,
        [tx.workspaceId, mergedIds],
      );
      keyMoves.push({ spec: key, moved: keyRows.map((r) => [r.id, r.former]) });
      touch(touched, key.object, keyRows.map((r) => r.id));
    }
    const touchedBefore = await viewsBefore(tx, touched);

    // Move the links: the survivor gains those it lacked, the merged records lose theirs.
    const links: MergeSnapshot['links'] = [];
    for (const { spec: link, original } of linkMoves) {
      let added: string[] = [];
      if (original.length > 0) {
        const insert = new Params();
        const ws = insert.add(tx.workspaceId);
        const objectColumn = link.object ? ', object' : '';
        const objectValue = link.object ? `, ${insert.add(link.object)}` : '';
        const { rows: addedRows } = await tx.query<{ other: string }>(
          `insert into ${link.table} (workspace_id, ${link.own}, ${link.other}${objectColumn})
           select ${ws}, ${insert.add(survivorId)}, other${objectValue} from unnest(${insert.add([...new Set(original.map(([, other]) => other))])}::uuid[]) as other
           on conflict do nothing returning ${link.other} as other`,
          insert.values,
        );
        added = addedRows.map((r) => r.other).sort();
        const remove = new Params();
        await tx.query(
          `delete from ${link.table} where workspace_id = ${remove.add(tx.workspaceId)} and ${link.own} = any(${remove.add(mergedIds)}::uuid[])${linkWhere(link, remove)}`,
          remove.values,
        );
      }
      links.push({ table: link.table, original, added });
    }
    for (const { spec: key, moved } of keyMoves) {
      if (moved.length === 0) continue;
      await tx.query(`update ${key.table} set ${key.column} = $3 where workspace_id = $1 and id = any($2::uuid[])`, [tx.workspaceId, moved.map(([id]) => id), survivorId]);
    }

    // The merged records go to the trash; one whose externalId the survivor takes gives it up first.
    const externalFrom = choices.externalId !== undefined && choices.externalId !== survivorId ? choices.externalId : undefined;
    await tx.query(
      `update ${spec.table} set deleted_at = now(), version = version + 1, updated_at = now(),
              external_id = case when id = $3::uuid then null else external_id end
        where workspace_id = $1 and id = any($2::uuid[])`,
      [tx.workspaceId, mergedIds, externalFrom ?? null],
    );
    const columns = mergeColumns(spec, survivorRow, mergedRows, choices);
    const changed = Object.fromEntries(
      Object.entries(columns)
        .filter(([column, value]) => JSON.stringify(value ?? null) !== JSON.stringify(survivorRow[column] ?? null))
        .map(([column, value]) => [column, param(spec, column, value)]),
    );
    try {
      await updateRow(tx, spec.table, survivorId, changed);
    } catch (error) {
      throw uniqueViolation(error, spec);
    }

    const touchedChanges = await settleTouched(ctx, touchedBefore);
    const after = await loadRows(tx, spec, allIds);
    const survivor = toApi(spec, after.get(survivorId)!);
    const merged = mergedIds.map((id) => toApi(spec, after.get(id)!));
    const mergeId = options.mergeId ?? newId();
    const automatic = options.automatic === true;
    const survivorChanges: Changes = { ...diff(survivorBefore, survivor), mergedIds: { before: null, after: mergedIds } };
    await recordChanges(tx, deps.signal, [
      {
        entry: { actor: ctx.auth.actor, action: 'merge', object, recordId: survivorId, changes: survivorChanges, requestId: ctx.requestId },
        event: { type: `${spec.singular}.updated`, object, recordId: survivorId, payload: { record: survivor, changes: survivorChanges, actor: ctx.auth.actor } },
      },
      ...merged.map((record) => {
        const deletedAt = after.get(record.id)!.deleted_at;
        const changes: Changes = { deletedAt: { before: null, after: deletedAt instanceof Date ? deletedAt.toISOString() : (deletedAt ?? null) }, mergedInto: { before: null, after: survivorId } };
        return {
          entry: { actor: ctx.auth.actor, action: 'delete' as const, object, recordId: record.id, changes, requestId: ctx.requestId },
          event: { type: `${spec.singular}.deleted`, object, recordId: record.id, payload: { record, changes, actor: ctx.auth.actor } },
        };
      }),
      ...touchedChanges,
      { event: { type: `${spec.singular}.merged`, object, recordId: survivorId, payload: { mergeId, survivorId, mergedIds, automatic, actor: ctx.auth.actor } } },
    ]);

    const snapshot: MergeSnapshot = {
      format: 1,
      mergeId,
      object,
      survivorId,
      mergedIds,
      fieldChoices: choices,
      records: allIds.map((id) => ({ id, columns: columnsOf(rows.get(id)!), versionAfter: after.get(id)!.version as number })),
      links,
      foreignKeys: keyMoves.map(({ spec: key, moved }) => ({ table: key.table, moved })),
    };
    return { survivor, merged, snapshot };
  }

  /**
   * Puts a merge back: the survivor's and the merged records' fields as they
   * were (each at a new version), the merged records out of the trash, the
   * links the merge moved back to their records and those it added to the
   * survivor removed. Links made to the survivor after the merge stay.
   *
   * Refused with 409 `version_conflict` when the survivor or a merged record
   * changed since the merge (edited, deleted, restored): putting back the
   * old values would silently discard that change.
   */
  async function undo(ctx: RecordContext, snapshot: MergeSnapshot): Promise<UndoResult> {
    if (snapshot.format !== 1) throw new AppError('internal_error', 'Unknown merge snapshot format', { kind: 'unexpected' });
    const object = checkObject(snapshot.object);
    const spec = objectSpecs[object];
    const { survivorId, mergedIds } = snapshot;
    const allIds = [survivorId, ...mergedIds];
    const { tx } = ctx;

    const visible = await lockRecords(ctx, spec, allIds, 'any');
    const gone = allIds.filter((id) => !visible.has(id));
    if (gone.length > 0) throw new AppError('not_found', `Some ${spec.name} of this merge no longer exist`, { details: { ids: gone } });
    const rows = await loadRows(tx, spec, allIds);
    const changedSince = snapshot.records.flatMap((saved) => {
      const row = rows.get(saved.id)!;
      const deleted = row.deleted_at !== null;
      const expectDeleted = saved.id !== survivorId;
      return row.version === saved.versionAfter && deleted === expectDeleted
        ? []
        : [{ id: saved.id, role: expectDeleted ? 'merged' : 'survivor', expectedVersion: saved.versionAfter, currentVersion: row.version, deleted }];
    });
    if (changedSince.length > 0) {
      throw new AppError('version_conflict', `The merged ${spec.name} changed after the merge; undoing it would discard those changes`, { details: { records: changedSince } });
    }
    const before = new Map(allIds.map((id) => [id, toApi(spec, rows.get(id)!)]));

    const byTable = new Map(linkSpecs[object].map((link) => [link.table, link]));
    const keyByTable = new Map(foreignKeySpecs[object].map((key) => [key.table, key]));
    const touched: Touched = new Map();
    for (const saved of snapshot.links) {
      const link = byTable.get(saved.table);
      if (!link) throw new AppError('internal_error', `Merge snapshot names link table ${saved.table}`, { kind: 'unexpected' });
      touch(touched, link.touches, [...saved.original.map(([, other]) => other), ...saved.added]);
    }
    for (const saved of snapshot.foreignKeys) {
      const key = keyByTable.get(saved.table);
      if (!key) throw new AppError('internal_error', `Merge snapshot names table ${saved.table}`, { kind: 'unexpected' });
      touch(touched, key.object, saved.moved.map(([id]) => id));
    }
    const touchedBefore = await viewsBefore(tx, touched);

    for (const saved of snapshot.links) {
      const link = byTable.get(saved.table)!;
      if (saved.added.length > 0) {
        const remove = new Params();
        await tx.query(
          `delete from ${link.table} where workspace_id = ${remove.add(tx.workspaceId)} and ${link.own} = ${remove.add(survivorId)}
              and ${link.other} = any(${remove.add(saved.added)}::uuid[])${linkWhere(link, remove)}`,
          remove.values,
        );
      }
      if (saved.original.length > 0) {
        const insert = new Params();
        const objectColumn = link.object ? ', object' : '';
        const objectValue = link.object ? `, ${insert.add(link.object)}` : '';
        await tx.query(
          `insert into ${link.table} (workspace_id, ${link.own}, ${link.other}${objectColumn})
           select ${insert.add(tx.workspaceId)}, r.own, r.other${objectValue}
             from unnest(${insert.add(saved.original.map(([own]) => own))}::uuid[], ${insert.add(saved.original.map(([, other]) => other))}::uuid[]) as r(own, other)
           on conflict do nothing`,
          insert.values,
        );
      }
    }
    for (const saved of snapshot.foreignKeys) {
      const key = keyByTable.get(saved.table)!;
      if (saved.moved.length === 0) continue;
      // Only records still pointing at the survivor: one re-pointed since keeps its new company.
      await tx.query(
        `update ${key.table} t set ${key.column} = r.former
           from unnest($2::uuid[], $3::uuid[]) as r(id, former)
          where t.workspace_id = $1 and t.id = r.id and t.${key.column} = $4`,
        [tx.workspaceId, saved.moved.map(([id]) => id), saved.moved.map(([, former]) => former), survivorId],
      );
    }

    // The survivor first: it may hold an externalId a merged record gets back.
    for (const saved of snapshot.records) {
      const values: Record<string, unknown> = {};
      for (const name of mergeableFields(spec)) {
        const column = spec.fields[name]!.column;
        values[column] = param(spec, column, saved.columns[column]);
      }
      if (saved.id !== survivorId) values.deleted_at = null;
      try {
        await updateRow(tx, spec.table, saved.id, values);
      } catch (error) {
        throw uniqueViolation(error, spec);
      }
    }

    const touchedChanges = await settleTouched(ctx, touchedBefore);
    const after = await loadRows(tx, spec, allIds);
    const survivor = toApi(spec, after.get(survivorId)!);
    const restored = mergedIds.map((id) => toApi(spec, after.get(id)!));
    const survivorChanges: Changes = { ...diff(before.get(survivorId)!, survivor), mergedIds: { before: mergedIds, after: null } };
    await recordChanges(tx, deps.signal, [
      {
        entry: { actor: ctx.auth.actor, action: 'unmerge', object, recordId: survivorId, changes: survivorChanges, requestId: ctx.requestId },
        event: { type: `${spec.singular}.updated`, object, recordId: survivorId, payload: { record: survivor, changes: survivorChanges, actor: ctx.auth.actor } },
      },
      ...restored.map((record) => {
        const deletedAt = rows.get(record.id)!.deleted_at;
        const changes: Changes = { ...diff(before.get(record.id)!, record), deletedAt: { before: deletedAt instanceof Date ? deletedAt.toISOString() : (deletedAt ?? null), after: null } };
        return {
          entry: { actor: ctx.auth.actor, action: 'restore' as const, object, recordId: record.id, changes, requestId: ctx.requestId },
          event: { type: `${spec.singular}.restored`, object, recordId: record.id, payload: { record, changes, actor: ctx.auth.actor } },
        };
      }),
      ...touchedChanges,
      { event: { type: `${spec.singular}.merge_undone`, object, recordId: survivorId, payload: { mergeId: snapshot.mergeId, survivorId, mergedIds, actor: ctx.auth.actor } } },
    ]);
    return { survivor, restored };
  }

  return { merge, undo };
}

export type RecordMerger = ReturnType<typeof createRecordMerger>;
