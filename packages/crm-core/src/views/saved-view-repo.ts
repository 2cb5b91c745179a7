import type { WorkspaceTx } from '@nexus/db';
import { newId, type AuthContext } from '@nexus/platform';
import type { ObjectName } from '../objects/object-specs';
import type { SavedView } from './saved-view.schemas';

interface SavedViewRow {
  id: string;
  object: ObjectName;
  name: string;
  owner_id: string;
  owner_name: string | null;
  shared: boolean;
  filter: Record<string, unknown> | null;
  sort: string | null;
  columns: string[];
  position: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/**
 * Who may change or delete a view: its owner, or an admin when the view is
 * shared (a private view is invisible to everyone else, admins included).
 * Scopes rather than roles, so an API key gets no more than it was given.
 */
export function mayEdit(view: { ownerId: string; shared: boolean }, auth: AuthContext): boolean {
  if (!auth.scopes.has('write')) return false;
  return view.ownerId === auth.userId || (view.shared && auth.scopes.has('admin'));
}

const toView = (row: SavedViewRow, auth: AuthContext): SavedView => {
  const view = {
    id: row.id,
    object: row.object,
    name: row.name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    shared: row.shared,
    filter: row.filter,
    sort: row.sort,
    columns: row.columns,
    position: row.position,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    version: row.version,
  };
  return { ...view, canEdit: mayEdit(view, auth) };
};

const selectViews = `
  select v.id, v.object, v.name, v.owner_id, u.name as owner_name, v.shared, v.filter, v.sort, v.columns, v.position, v.created_at, v.updated_at, v.version
    from saved_views v left join users u on u.id = v.owner_id`;

/** The caller's private views and the workspace's shared ones, in menu order. */
export async function listSavedViews(tx: WorkspaceTx, auth: AuthContext, object: ObjectName | undefined): Promise<SavedView[]> {
  const { rows } = await tx.query<SavedViewRow>(
    `${selectViews} where v.workspace_id = $1 and (v.shared or v.owner_id = $2) and ($3::text is null or v.object = $3::text)
      order by v.object, v.position, lower(v.name), v.id`,
    [tx.workspaceId, auth.userId, object ?? null],
  );
  return rows.map((row) => toView(row, auth));
}

/** One view the caller may see; another member's private view reads as missing. */
export async function findSavedView(tx: WorkspaceTx, auth: AuthContext, id: string, options: { forUpdate?: boolean } = {}): Promise<SavedView | undefined> {
  const { rows } = await tx.query<SavedViewRow>(
    `${selectViews} where v.workspace_id = $1 and v.id = $2 and (v.shared or v.owner_id = $3) ${options.forUpdate ? 'for update of v' : ''}`,
    [tx.workspaceId, id, auth.userId],
  );
  const row = rows[0];
  return row ? toView(row, auth) : undefined;
}

export async function countOwnedViews(tx: WorkspaceTx, ownerId: string, object: ObjectName): Promise<number> {
  const { rows } = await tx.query<{ count: string }>('select count(*) as count from saved_views where workspace_id = $1 and owner_id = $2 and object = $3', [
    tx.workspaceId,
    ownerId,
    object,
  ]);
  return Number(rows[0]?.count ?? 0);
}

export interface SavedViewValues {
  object: ObjectName;
  name: string;
  ownerId: string;
  shared: boolean;
  filter: Record<string, unknown> | null;
  sort: string | null;
  columns: string[];
  position?: number | undefined;
}

export async function insertSavedView(tx: WorkspaceTx, values: SavedViewValues): Promise<string> {
  const id = newId();
  await tx.query(
    `insert into saved_views (id, workspace_id, object, name, owner_id, shared, filter, sort, columns, position)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::jsonb,
             coalesce($10::int, (select coalesce(max(position) + 1, 0) from saved_views where workspace_id = $2 and object = $3)))`,
    [
      id,
      tx.workspaceId,
      values.object,
      values.name,
      values.ownerId,
      values.shared,
      values.filter === null ? null : JSON.stringify(values.filter),
      values.sort,
      JSON.stringify(values.columns),
      values.position ?? null,
    ],
  );
  return id;
}

export async function updateSavedView(tx: WorkspaceTx, id: string, values: Omit<SavedViewValues, 'object' | 'ownerId' | 'position'> & { position: number }): Promise<void> {
  await tx.query(
    `update saved_views set name = $3, shared = $4, filter = $5::jsonb, sort = $6, columns = $7::jsonb, position = $8,
            version = version + 1, updated_at = now()
      where workspace_id = $1 and id = $2`,
    [tx.workspaceId, id, values.name, values.shared, values.filter === null ? null : JSON.stringify(values.filter), values.sort, JSON.stringify(values.columns), values.position],
  );
}

export async function deleteSavedView(tx: WorkspaceTx, id: string): Promise<void> {
  await tx.query('delete from saved_views where workspace_id = $1 and id = $2', [tx.workspaceId, id]);
}
