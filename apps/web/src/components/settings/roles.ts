import type { Role } from '@/lib/types';

/** The roles as people read them, with what each may do (the server's rules, in words). */
export const roleInfo: Record<Role, { label: string; description: string }> = {
  owner: { label: 'Owner', description: 'Everything, including changing or removing other owners.' },
  admin: { label: 'Admin', description: 'Manages members, invitations, API keys, fields and pipelines; sees every record.' },
  member: { label: 'Member', description: 'Creates and edits records.' },
  read_only: { label: 'Read-only', description: 'Sees records but changes nothing.' },
};

export const allRoles: Role[] = ['owner', 'admin', 'member', 'read_only'];

export function canManageWorkspace(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
