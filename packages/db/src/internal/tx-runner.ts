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

export async function bindWorkspace(client: SqlClient, workspaceId: string): Promise<void> {
  await client.query(`select set_config('role', $1, true), set_config('app.workspace_id', $2, true)`, [tenantRole, workspaceId]);
}

export function runCallbacks(callbacks: (() => void)[]): void {
  for (const fn of callbacks) fn();
}
