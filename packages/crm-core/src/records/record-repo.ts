import type { WorkspaceTx } from '@nexus/db';
import type { AuthContext } from '@nexus/platform';
import type { ObjectSpec } from '../objects/object-specs';
import { Params } from './list-query';

export type Row = Record<string, unknown>;
export type ApiRecord = Record<string, unknown> & { id: string; version: number };

/** Relation arrays selected beside the row. */
function relationColumns(spec: ObjectSpec, alias: string): string {
  return Object.entries(spec.relations)
    .map(([name, r]) => {
      const extra = r.where ? ` and l.${r.where}` : '';
      return `, array(select l.${r.otherColumn} from ${r.table} l where l.${r.ownColumn} = ${alias}.id${extra} order by l.${r.otherColumn}) as "rel_${name}"`;
    })
    .join('');
}

export function selectList(spec: ObjectSpec, alias = 't'): string {
  return `${alias}.*${relationColumns(spec, alias)}`;
}

/** "Only records I own": the member must own the record (or, for activities, be assigned it). */
export function visibilityCondition(spec: ObjectSpec, auth: AuthContext, params: Params, alias = 't'): string | undefined {
  if (auth.visibility === 'all') return undefined;
  const user = `${params.add(auth.userId)}::uuid`;
  return `(${spec.ownerColumns.map((column) => `${alias}.${column} = ${user}`).join(' or ')})`;
}

export function toApi(spec: ObjectSpec, row: Row): ApiRecord {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    const value = row[field.column];
    out[name] = value instanceof Date ? value.toISOString() : (value ?? null);
  }
  for (const name of Object.keys(spec.relations)) out[name] = row[`rel_${name}`] ?? [];
  return out as ApiRecord;
}

/** Column defaults of the schema that a new row takes when the insert does not name them. */
const emptyDefaults: Record<string, unknown> = { emails: [], phones: [], tags: [], custom_fields: {}, social_links: {} };

/**
 * The row an insert of `values` will produce, so that the record's audit
 * entry and event can be written in the same statement. Values are shaped as
 * the driver returns them: JSON parsed, timestamps as instants.
 */
export function predictRow(spec: ObjectSpec, values: Record<string, unknown>, relations: Record<string, string[]>): Row {
  const row: Row = { version: 1, deleted_at: null };
  for (const field of Object.values(spec.fields)) {
    const value = values[field.column];
    if (value === undefined) row[field.column] ??= emptyDefaults[field.column] ?? null;
    else if (field.type === 'json' && typeof value === 'string') row[field.column] = JSON.parse(value) as unknown;
    else if (field.type === 'timestamp' && (typeof value === 'string' || value instanceof Date)) row[field.column] = new Date(value);
    else row[field.column] = value;
  }
  for (const [name, ids] of Object.entries(relations)) row[`rel_${name}`] = ids;
  return row;
}

export interface FindOptions {
  includeDeleted?: boolean;
  forUpdate?: boolean;
}

/** One record by id, as this caller may see it; undefined when absent, deleted or not theirs. */
export async function findRecord(tx: WorkspaceTx, spec: ObjectSpec, auth: AuthContext, id: string, options: FindOptions = {}): Promise<Row | undefined> {
  const params = new Params();
  const where = [`t.workspace_id = ${params.add(tx.workspaceId)}`, `t.id = ${params.add(id)}`];
  if (!options.includeDeleted) where.push('t.deleted_at is null');
  const visible = visibilityCondition(spec, auth, params);
  if (visible) where.push(visible);
  // Lock first, then read relations: FOR UPDATE cannot sit beside the array subqueries' aggregation.
  if (options.forUpdate) await tx.query(`select 1 from ${spec.table} t where ${where.join(' and ')} for update`, params.values);
  const { rows } = await tx.query<Row>(`select ${selectList(spec)} from ${spec.table} t where ${where.join(' and ')}`, params.values);
  return rows[0];
}

/**
 * Ids among `ids` that exist (not deleted) in this workspace and that the
 * caller may see; the others are missing, foreign or, under "only records I
 * own", someone else's — the caller cannot tell which.
 */
export async function existingIds(tx: WorkspaceTx, spec: ObjectSpec, auth: AuthContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const params = new Params();
  const where = [`t.workspace_id = ${params.add(tx.workspaceId)}`, `t.id = any(${params.add([...new Set(ids)])}::uuid[])`, 't.deleted_at is null'];
  const visible = visibilityCondition(spec, auth, params);
  if (visible) where.push(visible);
  const { rows } = await tx.query<{ id: string }>(`select t.id from ${spec.table} t where ${where.join(' and ')}`, params.values);
  return new Set(rows.map((r) => r.id));
}

/**
 * Inserts a row and returns it. `also` adds common table expressions (the
 * audit entry and event of the insert) that commit in the same statement.
 */
export async function insertRow(
  tx: WorkspaceTx,
  table: string,
  values: Record<string, unknown>,
  also?: (params: Params) => string,
  options: { final?: boolean } = {},
): Promise<Row> {
  const columns = Object.keys(values);
  const params = new Params();
  const placeholders = columns.map((column) => params.add(values[column]));
  const insert = `insert into ${table} (${columns.join(', ')}) values (${placeholders.join(', ')}) returning *`;
  const sql = also ? `with inserted as (${insert}), ${also(params)} select * from inserted` : insert;
  const { rows } = options.final ? await tx.finalWrite<Row>(sql, params.values) : await tx.query<Row>(sql, params.values);
  const row = rows[0];
  if (!row) throw new Error(`insert into ${table} returned no row`);
  return row;
}

export async function updateRow(tx: WorkspaceTx, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const params = new Params();
  const sets = Object.entries(values).map(([column, value]) => `${column} = ${params.add(value)}`);
  sets.push('version = version + 1', 'updated_at = now()');
  await tx.query(`update ${table} set ${sets.join(', ')} where workspace_id = ${params.add(tx.workspaceId)} and id = ${params.add(id)}`, params.values);
}

/** Replaces a record's links in one relation. */
export async function replaceLinks(
  tx: WorkspaceTx,
  relation: { table: string; ownColumn: string; otherColumn: string; where?: string | undefined },
  ownId: string,
  otherIds: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  const whereExtra = relation.where ? ` and ${relation.where}` : '';
  await tx.query(`delete from ${relation.table} where workspace_id = $1 and ${relation.ownColumn} = $2${whereExtra}`, [tx.workspaceId, ownId]);
  const unique = [...new Set(otherIds)];
  if (unique.length === 0) return;
  const extraColumns = Object.keys(extra);
  const extraValues = extraColumns.map((c) => extra[c]);
  const extraPlaceholders = extraColumns.map((_c, i) => `, $${i + 4}`).join('');
  await tx.query(
    `insert into ${relation.table} (workspace_id, ${relation.ownColumn}, ${relation.otherColumn}${extraColumns.map((c) => `, ${c}`).join('')})
     select $1, $2, other${extraPlaceholders} from unnest($3::uuid[]) as other on conflict do nothing`,
    [tx.workspaceId, ownId, unique, ...extraValues],
  );
}
