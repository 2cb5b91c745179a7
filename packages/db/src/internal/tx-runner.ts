import type { SqlClient, SystemTx, WorkspaceTx } from '../types';

/** The role tenant transactions switch to; row-level security binds it. */
export const tenantRole = 'nexus_app';

export interface TxParts {
  client: SqlClient;
  callbacks: (() => void)[];
}

export function makeWorkspaceTx(parts: TxParts, workspaceId: string): WorkspaceTx {
  return {
    workspaceId,
    query: (sql, params) => parts.client.query(sql, params),
    afterCommit: (fn) => {
      parts.callbacks.push(fn);
    },
  };
}

export function makeSystemTx(parts: TxParts): SystemTx {
  return {
    query: (sql, params) => parts.client.query(sql, params),
    afterCommit: (fn) => {
      parts.callbacks.push(fn);
    },
    bindWorkspace: async (workspaceId) => {
      await bindWorkspace(parts.client, workspaceId);
      return makeWorkspaceTx(parts, workspaceId);
    },
  };
}

/** The statement that binds a transaction to a workspace, for drivers that send it with BEGIN in one round trip. */
export function bindWorkspaceSql(workspaceId: string): string {
  // The id is interpolated only after this check: it is a UUID and nothing else.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(workspaceId)) throw new TypeError('workspace id must be a UUID');
  return `select set_config('role', '${tenantRole}', true), set_config('app.workspace_id', '${workspaceId}', true)`;
}

export async function bindWorkspace(client: SqlClient, workspaceId: string): Promise<void> {
  await client.query(`select set_config('role', $1, true), set_config('app.workspace_id', $2, true)`, [tenantRole, workspaceId]);
}

export function runCallbacks(callbacks: (() => void)[]): void {
  for (const fn of callbacks) fn();
}
