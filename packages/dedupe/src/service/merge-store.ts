import type { WorkspaceTx } from '@nexus/db';
import { AppError } from '@nexus/platform';
import type { MergeObject, MergeSnapshot } from '@nexus/crm-core';

/** A merge as the API shows it. */
export interface MergeView {
  id: string;
  object: MergeObject;
  survivorId: string;
  mergedIds: string[];
  fieldChoices: Record<string, string>;
  automatic: boolean;
  status: 'applied' | 'undone';
  createdBy: string | null;
  createdAt: string;
  undoneBy: string | null;
  undoneAt: string | null;
}

interface MergeRow {
  id: string;
  object: MergeObject;
  survivor_id: string;
  merged_ids: string[];
  field_choices: Record<string, string>;
  snapshot: MergeSnapshot;
  automatic: boolean;
  status: 'applied' | 'undone';
  created_by: string | null;
  created_at: Date | string;
  undone_by: string | null;
  undone_at: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

function toView(row: MergeRow): MergeView {
  return {
    id: row.id,
    object: row.object,
    survivorId: row.survivor_id,
    mergedIds: row.merged_ids,
    fieldChoices: row.field_choices,
    automatic: row.automatic,
    status: row.status,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    undoneBy: row.undone_by,
    undoneAt: row.undone_at === null ? null : iso(row.undone_at),
  };
}

export async function insertMerge(tx: WorkspaceTx, snapshot: MergeSnapshot, options: { automatic: boolean; createdBy: string | null }): Promise<MergeView> {
  const { rows } = await tx.query<MergeRow>(
    `insert into merges (id, workspace_id, object, survivor_id, merged_ids, field_choices, snapshot, automatic, created_by)
     values ($1, $2, $3, $4, $5::uuid[], $6, $7, $8, $9) returning *`,
    [
      snapshot.mergeId,
      tx.workspaceId,
      snapshot.object,
      snapshot.survivorId,
      snapshot.mergedIds,
      JSON.stringify(snapshot.fieldChoices),
      JSON.stringify(snapshot),
      options.automatic,
      options.createdBy,
    ],
  );
  return toView(rows[0]!);
}

/** A merge of this workspace with its snapshot; locked for an undo when asked. */
export async function findMerge(tx: WorkspaceTx, id: string, options: { forUpdate?: boolean } = {}): Promise<{ view: MergeView; snapshot: MergeSnapshot } | undefined> {
  const { rows } = await tx.query<MergeRow>(`select * from merges where workspace_id = $1 and id = $2${options.forUpdate ? ' for update' : ''}`, [tx.workspaceId, id]);
  const row = rows[0];
  return row ? { view: toView(row), snapshot: row.snapshot } : undefined;
}

export async function markUndone(tx: WorkspaceTx, id: string, undoneBy: string | null): Promise<MergeView> {
  const { rows } = await tx.query<MergeRow>(`update merges set status = 'undone', undone_by = $3, undone_at = now() where workspace_id = $1 and id = $2 returning *`, [
    tx.workspaceId,
    id,
    undoneBy,
  ]);
  return toView(rows[0]!);
}

/** Merges newest first (ids are time-ordered), after the cursor's merge. */
export async function listMerges(
  tx: WorkspaceTx,
  query: { object?: MergeObject | undefined; limit: number; cursor?: string | undefined },
): Promise<{ data: MergeView[]; nextCursor: string | null }> {
  const params: unknown[] = [tx.workspaceId];
  const where = ['workspace_id = $1'];
  if (query.object) {
    params.push(query.object);
    where.push(`object = $${params.length}`);
  }
  if (query.cursor !== undefined) {
    const id = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new AppError('invalid_cursor', 'The cursor is not one this API gave out');
    params.push(id);
    where.push(`id < $${params.length}::uuid`);
  }
  params.push(query.limit + 1);
  const { rows } = await tx.query<MergeRow>(`select * from merges where ${where.join(' and ')} order by id desc limit $${params.length}`, params);
  const page = rows.slice(0, query.limit).map(toView);
  const last = page[page.length - 1];
  return { data: page, nextCursor: rows.length > query.limit && last ? Buffer.from(last.id).toString('base64url') : null };
}

/** Whether a merge of these two records was undone before: a person decided against it, so it is never made automatically again. */
export async function mergeUndoneBefore(tx: WorkspaceTx, a: string, b: string): Promise<boolean> {
  const { rows } = await tx.query(
    `select 1 from merges where workspace_id = $1 and status = 'undone'
        and ((survivor_id = $2 and $3 = any(merged_ids)) or (survivor_id = $3 and $2 = any(merged_ids))) limit 1`,
    [tx.workspaceId, a, b],
  );
  return rows.length > 0;
}
