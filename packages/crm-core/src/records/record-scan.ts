import type { SqlClient, WorkspaceTx } from '@nexus/db';
import { objectSpecs, type ObjectName } from '../objects/object-specs';
import { toApi, type ApiRecord } from './record-repo';

const lowestId = '00000000-0000-0000-0000-000000000000';

/**
 * Live records of one type in id order, as the API shows them but without
 * relation arrays: for consumers that rebuild their own view of the data
 * (search, exports). Visibility is not applied; callers act for the workspace.
 */
export async function scanRecords(tx: WorkspaceTx, object: ObjectName, afterId: string | undefined, limit: number): Promise<ApiRecord[]> {
  const spec = objectSpecs[object];
  const { rows } = await tx.query<Record<string, unknown>>(
    `select t.* from ${spec.table} t where t.workspace_id = $1 and t.deleted_at is null and t.id > $2::uuid order by t.id limit $3`,
    [tx.workspaceId, afterId ?? lowestId, limit],
  );
  return rows.map((row) => toApi(spec, row));
}

/** The number of live records of one type. */
export async function countRecords(tx: WorkspaceTx, object: ObjectName): Promise<number> {
  const spec = objectSpecs[object];
  const { rows } = await tx.query<{ n: string }>(`select count(*) as n from ${spec.table} where workspace_id = $1 and deleted_at is null`, [tx.workspaceId]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Live records of one type by id, shaped as `scanRecords` shapes them, read
 * through any client (the outbox relay's own transaction): ids of another
 * workspace, deleted records and unknown ids are left out.
 */
export async function readRecords(client: SqlClient, workspaceId: string, object: ObjectName, ids: readonly string[]): Promise<ApiRecord[]> {
  if (ids.length === 0) return [];
  const spec = objectSpecs[object];
  const { rows } = await client.query<Record<string, unknown>>(`select t.* from ${spec.table} t where t.workspace_id = $1 and t.id = any($2::uuid[]) and t.deleted_at is null order by t.id`, [
    workspaceId,
    [...ids],
  ]);
  return rows.map((row) => toApi(spec, row));
}
