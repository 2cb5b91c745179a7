import type { SqlClient } from '@nexus/db';
import { newId, type Actor } from '@nexus/platform';

export interface AccessAuditEntry {
  workspaceId: string;
  actor: Actor;
  action: string;
  /** `members`, `invitations`, `api_keys`, `workspaces` */
  object: string;
  recordId: string;
  changes: Record<string, { before: unknown; after: unknown }>;
}

/**
 * Access changes go to the workspace's audit log like record changes do,
 * in the same transaction. Secrets (keys, tokens) never appear in it.
 */
export async function auditAccess(tx: SqlClient, entry: AccessAuditEntry): Promise<void> {
  await tx.query(
    `insert into audit_log (id, workspace_id, actor_type, actor_id, action, object, record_id, changes)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [newId(), entry.workspaceId, entry.actor.type, entry.actor.id, entry.action, entry.object, entry.recordId, JSON.stringify(entry.changes)],
  );
}
