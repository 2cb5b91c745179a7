import type { Role } from '@nexus/platform';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: Date;
}

export interface WorkspaceRow {
  id: string;
  name: string;
  settings: { visibility?: { member?: 'all' | 'own'; read_only?: 'all' | 'own' } };
  created_at: Date;
}

export function userView(row: Pick<UserRow, 'id' | 'email' | 'name' | 'created_at'>) {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.created_at.toISOString() };
}

export function visibilityOf(settings: WorkspaceRow['settings']) {
  return { member: settings.visibility?.member ?? 'all', read_only: settings.visibility?.read_only ?? 'all' } as const;
}

export function workspaceView(row: WorkspaceRow, role: Role) {
  return { id: row.id, name: row.name, role, visibility: visibilityOf(row.settings), createdAt: row.created_at.toISOString() };
}

/** Owners and admins always see everything; other roles follow the workspace setting. */
export function visibilityFor(role: Role, settings: WorkspaceRow['settings']): 'all' | 'own' {
  const v = visibilityOf(settings);
  if (role === 'member') return v.member;
  if (role === 'read_only') return v.read_only;
  return 'all';
}
