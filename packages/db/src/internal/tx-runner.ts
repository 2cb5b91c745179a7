import type { SqlClient, SystemTx, WorkspaceTx } from '../types';

/** The role tenant transactions switch to; row-level security binds it. */
export const tenantRole = 'nexus_app';

export interface TxParts {
  client: SqlClient;
  callbacks: (() => void)[];
  /** A driver that can run a lone statement outside a transaction provides this. */
  finalWrite?: SqlClient['query'];
}

/**
 * Whether a statement only reads: a SELECT, or a WITH that modifies nothing,
 * and no row locks. Our SQL never names these words in identifiers or text.
 */
export function isReadStatement(sql: string): boolean {
  return /^\s*(select|with)\b/i.test(sql) && !/\b(insert|update|delete|merge|truncate)\b/i.test(sql);
}

export function makeWorkspaceTx(parts: TxParts, workspaceId: string, options: { readOnly?: boolean } = {}): WorkspaceTx {
  let sealed = false;
  const guard = (sql: string) => {
    if (sealed) throw new Error('No statement may follow the final write of a unit of work');
    // A read-only unit runs without a transaction on PostgreSQL: a write there would commit
    // statement by statement, so it is refused outright, on both databases alike.
    if (options.readOnly && !isReadStatement(sql)) throw new Error('A read-only unit of work may not write');
  };
  return {
    workspaceId,
    query: (sql, params) => {
      guard(sql);
      return parts.client.query(sql, params);
    },
    finalWrite: (sql, params) => {
      guard(sql);
      sealed = true;
      return (parts.finalWrite ?? parts.client.query)(sql, params);
    },
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

/**
 * Binds a pooled session (not a transaction) to a workspace: the tenant role
 * and the workspace setting. Sent on its own, outside any transaction, so a
 * later rollback can never undo it.
 */
export function bindSessionSql(workspaceId: string): string {
  // The id is interpolated only after this check: it is a UUID and nothing else.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(workspaceId)) throw new TypeError('workspace id must be a UUID');
  return `set role ${tenantRole}; select set_config('app.workspace_id', '${workspaceId}', false)`;
}

export async function bindWorkspace(client: SqlClient, workspaceId: string): Promise<void> {
  await client.query(`select set_config('role', $1, true), set_config('app.workspace_id', $2, true)`, [tenantRole, workspaceId]);
}

export function runCallbacks(callbacks: (() => void)[]): void {
  for (const fn of callbacks) fn();
}
