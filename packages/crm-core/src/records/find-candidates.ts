import type { WorkspaceTx } from '@nexus/db';
import { AppError, type AuthContext } from '@nexus/platform';
import { objectSpecs, type ObjectName } from '../objects/object-specs';
import { existingIds, toApi, type ApiRecord, type Row } from './record-repo';

/** A live contact or company as duplicate detection reads it: the API view, and for contacts the name of their company. */
export type MatchableRecord = ApiRecord & { companyName: string | null };

export type MatchableObject = 'contacts' | 'companies';

const companyNameColumn = `(select c.name from companies c where c.workspace_id = t.workspace_id and c.id = t.company_id) as company_name`;

function selectMatchable(object: MatchableObject): string {
  return object === 'contacts' ? `t.*, ${companyNameColumn}` : 't.*, null as company_name';
}

function toMatchable(object: MatchableObject, row: Row): MatchableRecord {
  return { ...toApi(objectSpecs[object], row), companyName: (row.company_name as string | null | undefined) ?? null };
}

function checkObject(object: string): asserts object is MatchableObject {
  if (object !== 'contacts' && object !== 'companies') throw new AppError('validation_failed', 'Only contacts and companies are matched', { details: [{ path: 'object', message: 'must be contacts or companies' }] });
}

/**
 * Live contacts or companies to match: the records with these ids, or a page
 * of all of them in id order (a full rescan).
 */
export async function matchableRecords(
  tx: WorkspaceTx,
  object: MatchableObject,
  query: { ids: readonly string[] } | { afterId?: string | undefined; limit: number },
): Promise<MatchableRecord[]> {
  checkObject(object);
  const spec = objectSpecs[object];
  const select = `select ${selectMatchable(object)} from ${spec.table} t where t.workspace_id = $1 and t.deleted_at is null`;
  const { rows } =
    'ids' in query
      ? await tx.query<Row>(`${select} and t.id = any($2::uuid[]) order by t.id`, [tx.workspaceId, [...query.ids]])
      : await tx.query<Row>(`${select} and t.id > $2::uuid order by t.id limit $3`, [tx.workspaceId, query.afterId ?? '00000000-0000-0000-0000-000000000000', query.limit]);
  return rows.map((row) => toMatchable(object, row));
}

/**
 * The ids among `ids` of live records this caller may see (under "only
 * records I own", their own); the rest are missing, deleted, foreign or
 * someone else's, and the caller cannot tell which.
 */
export async function visibleRecordIds(tx: WorkspaceTx, auth: AuthContext, object: ObjectName, ids: readonly string[]): Promise<Set<string>> {
  return existingIds(tx, objectSpecs[object], auth, ids);
}
