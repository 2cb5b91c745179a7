export type Role = 'owner' | 'admin' | 'member' | 'read_only';
export type Scope = 'read' | 'write' | 'admin';
export const roles = ['owner', 'admin', 'member', 'read_only'] as const satisfies readonly Role[];
export const scopes = ['read', 'write', 'admin'] as const satisfies readonly Scope[];

/** Who is acting: a signed-in user, an API key (on behalf of the member who made it), or the system. */
export type Actor = { type: 'user'; id: string } | { type: 'api_key'; id: string } | { type: 'system'; id: null };

/**
 * Everything a use-case needs to know about the caller. Built once per
 * request from a session token or API key.
 */
export interface AuthContext {
  workspaceId: string;
  /** The member on whose behalf the request runs (for an API key: the member who created it). */
  userId: string;
  role: Role;
  actor: Actor;
  /** Effective scopes: those of the key, capped by the member's role. */
  scopes: ReadonlySet<Scope>;
  /** `own`: the member sees and changes only records they own. */
  visibility: 'all' | 'own';
  /** Set for sessions; API keys have none. */
  sessionId: string | null;
}

const roleRank: Record<Role, number> = { read_only: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return roleRank[role] >= roleRank[minimum];
}

/** The scopes a role allows; a key's scopes are intersected with these. */
export function scopesForRole(role: Role): Scope[] {
  if (roleAtLeast(role, 'admin')) return ['read', 'write', 'admin'];
  if (roleAtLeast(role, 'member')) return ['read', 'write'];
  return ['read'];
}
