import type { Database } from '@nexus/db';
import { classifyDbError } from '@nexus/db';
import { AppError, newId, scopesForRole, type AuthContext, type Clock, type Role, type Scope } from '@nexus/platform';
import type { IdentityService } from './identity-service';
import { hashPassword, hashToken, newApiKey, newInvitationToken, newSessionToken, verifyPassword } from './internal/secrets';
import { userView, workspaceView, type UserRow, type WorkspaceRow } from './internal/views';
import { auditAccess } from './internal/audit';

export interface MembersDeps {
  db: Database;
  clock: Clock;
  identity: IdentityService;
  invitationTtlMs: number;
  sessionTtlMs: number;
}

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
}

interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string;
  role: Exclude<Role, 'owner'>;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
}

const memberView = (row: MemberRow) => ({ userId: row.user_id, email: row.email, name: row.name, role: row.role, joinedAt: row.created_at.toISOString() });
const invitationView = (row: InvitationRow) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  acceptedAt: row.accepted_at?.toISOString() ?? null,
});
const apiKeyView = (row: ApiKeyRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
});

/**
 * Members, invitations and API keys of a workspace.
 *
 * @example
 * const members = createMembersService({ db, clock, identity, invitationTtlMs, sessionTtlMs });
 * const { token } = await members.invite(auth, { email: 'sam@example.com', role: 'member' });
 */
export function createMembersService(deps: MembersDeps) {
  const { db, clock, identity } = deps;

  return {
    async listMembers(auth: AuthContext) {
      const { rows } = await db.systemQuery<MemberRow>(
        `select m.user_id, u.email, u.name, m.role, m.created_at from memberships m join users u on u.id = m.user_id
          where m.workspace_id = $1 order by m.created_at, m.user_id`,
        [auth.workspaceId],
      );
      return rows.map(memberView);
    },

    async updateMember(auth: AuthContext, userId: string, role: Role) {
      if (role === 'owner' && auth.role !== 'owner') throw new AppError('forbidden', 'Only an owner can make another member an owner');
      const row = await db.withSystem(async (tx) => {
        // Membership changes of one workspace take turns, so two owners cannot demote each other at once.
        await tx.query('select 1 from workspaces where id = $1 for update', [auth.workspaceId]);
        const current = await tx.query<MemberRow>(
          `select m.user_id, u.email, u.name, m.role, m.created_at from memberships m join users u on u.id = m.user_id
            where m.workspace_id = $1 and m.user_id = $2 for update of m`,
          [auth.workspaceId, userId],
        );
        const member = current.rows[0];
        if (!member) throw new AppError('not_found', 'Member not found');
        if (member.role === 'owner' && auth.role !== 'owner') throw new AppError('forbidden', 'Only an owner can change an owner');
        if (member.role === 'owner' && role !== 'owner') await ensureAnotherOwner(tx, auth.workspaceId, userId);
        await tx.query('update memberships set role = $3 where workspace_id = $1 and user_id = $2', [auth.workspaceId, userId, role]);
        if (member.role !== role) {
          await auditAccess(tx, { workspaceId: auth.workspaceId, actor: auth.actor, action: 'update', object: 'members', recordId: userId, changes: { role: { before: member.role, after: role } } });
        }
        return { ...member, role };
      });
      await identity.forgetWorkspaceTokens(auth.workspaceId, userId);
      return memberView(row);
    },

    async removeMember(auth: AuthContext, userId: string) {
      const revoked = await db.withSystem(async (tx) => {
        await tx.query('select 1 from workspaces where id = $1 for update', [auth.workspaceId]);
        const current = await tx.query<{ role: Role }>('select role from memberships where workspace_id = $1 and user_id = $2 for update', [auth.workspaceId, userId]);
        const member = current.rows[0];
        if (!member) throw new AppError('not_found', 'Member not found');
        if (member.role === 'owner' && auth.role !== 'owner') throw new AppError('forbidden', 'Only an owner can remove an owner');
        if (member.role === 'owner') await ensureAnotherOwner(tx, auth.workspaceId, userId);
        await tx.query('delete from memberships where workspace_id = $1 and user_id = $2', [auth.workspaceId, userId]);
        await auditAccess(tx, { workspaceId: auth.workspaceId, actor: auth.actor, action: 'delete', object: 'members', recordId: userId, changes: { role: { before: member.role, after: null } } });
        const sessions = await tx.query<{ token_hash: string }>(
          'update sessions set revoked_at = now() where workspace_id = $1 and user_id = $2 and revoked_at is null returning token_hash',
          [auth.workspaceId, userId],
        );
        return sessions.rows.map((row) => row.token_hash);
      });
      // The sessions are revoked now, so forgetWorkspaceTokens (which skips revoked tokens) would leave them remembered.
      await identity.forgetTokens(revoked);
      await identity.forgetWorkspaceTokens(auth.workspaceId, userId);
    },

    async invite(auth: AuthContext, input: { email: string; role: Exclude<Role, 'owner'> }) {
      if (input.role === 'admin' && auth.role !== 'owner' && auth.role !== 'admin') throw new AppError('forbidden', 'Only admins can invite admins');
      const token = newInvitationToken();
      const { rows } = await db.withSystem(async (tx) => {
        // Two invitations of one person sent at once: the second waits here and then sees the first.
        await tx.query("select pg_advisory_xact_lock(hashtextextended('invitation:' || $1 || ':' || $2, 0))", [auth.workspaceId, input.email]);
        const existing = await tx.query(
          'select 1 from memberships m join users u on u.id = m.user_id where m.workspace_id = $1 and lower(u.email) = $2',
          [auth.workspaceId, input.email],
        );
        if (existing.rowCount > 0) throw new AppError('already_exists', 'That person is already a member', { details: { field: 'email' } });
        // A second live link for the same person would leave one of them pending forever; the lost-link path is revoke, then invite.
        const pending = await tx.query(
          'select 1 from invitations where workspace_id = $1 and lower(email) = $2 and accepted_at is null and revoked_at is null and expires_at > $3',
          [auth.workspaceId, input.email, clock.now()],
        );
        if (pending.rowCount > 0) {
          throw new AppError('already_exists', 'That email already has a pending invitation: revoke it to send a new link', { details: { field: 'email' } });
        }
        const inserted = await tx.query<InvitationRow>(
          `insert into invitations (id, workspace_id, email, role, token_hash, invited_by, expires_at)
           values ($1, $2, $3, $4, $5, $6, $7) returning *`,
          [newId(), auth.workspaceId, input.email, input.role, hashToken(token), auth.userId, new Date(clock.now().getTime() + deps.invitationTtlMs)],
        );
        const id = inserted.rows[0]?.id;
        if (id) {
          await auditAccess(tx, {
            workspaceId: auth.workspaceId,
            actor: auth.actor,
            action: 'create',
            object: 'invitations',
            recordId: id,
            changes: { email: { before: null, after: input.email }, role: { before: null, after: input.role } },
          });
        }
        return inserted;
      });
      const row = rows[0];
      if (!row) throw new AppError('internal_error', 'Invitation insert returned nothing', { kind: 'unexpected' });
      return { ...invitationView(row), token };
    },

    async listInvitations(auth: AuthContext) {
      const { rows } = await db.systemQuery<InvitationRow>(
        'select * from invitations where workspace_id = $1 and revoked_at is null order by created_at desc',
        [auth.workspaceId],
      );
      return rows.map(invitationView);
    },

    async revokeInvitation(auth: AuthContext, id: string) {
      await db.withSystem(async (tx) => {
        const { rowCount } = await tx.query(
          'update invitations set revoked_at = now() where id = $1 and workspace_id = $2 and revoked_at is null and accepted_at is null',
          [id, auth.workspaceId],
        );
        if (rowCount === 0) throw new AppError('not_found', 'Invitation not found');
        await auditAccess(tx, { workspaceId: auth.workspaceId, actor: auth.actor, action: 'delete', object: 'invitations', recordId: id, changes: { revoked: { before: false, after: true } } });
      });
    },

    /**
     * Accepts an invitation: an existing account proves itself with its
     * password; a new one is created with the given name and password.
     */
    async acceptInvitation(input: { token: string; name?: string | undefined; password?: string | undefined }) {
      const tokenHash = hashToken(input.token);
      const newPasswordHash = input.password && input.name ? await hashPassword(input.password) : undefined;
      return db.withSystem(async (tx) => {
        const found = await tx.query<InvitationRow>('select * from invitations where token_hash = $1 for update', [tokenHash]);
        const invitation = found.rows[0];
        if (!invitation || invitation.revoked_at !== null || invitation.accepted_at !== null || invitation.expires_at <= clock.now()) {
          throw new AppError('invitation_invalid', 'This invitation is invalid, used or expired');
        }
        const users = await tx.query<UserRow>('select id, email, name, password_hash, created_at from users where lower(email) = $1', [invitation.email]);
        let user = users.rows[0];
        if (user) {
          if (!input.password || !(await verifyPassword(user.password_hash, input.password))) {
            throw new AppError('invalid_credentials', 'An account with this email exists: give its password to accept');
          }
        } else {
          if (!input.name || !input.password || !newPasswordHash) {
            throw new AppError('validation_failed', 'Give a name and a password (at least 10 characters) to create your account', {
              details: [{ path: 'name' }, { path: 'password' }],
            });
          }
          if (input.password.length < 10) throw new AppError('validation_failed', 'The password must be at least 10 characters', { details: [{ path: 'password' }] });
          const created = await tx.query<UserRow>(
            'insert into users (id, email, name, password_hash) values ($1, $2, $3, $4) returning id, email, name, password_hash, created_at',
            [newId(), invitation.email, input.name, newPasswordHash],
          );
          user = created.rows[0];
        }
        if (!user) throw new AppError('internal_error', 'User insert returned nothing', { kind: 'unexpected' });
        await tx.query('insert into memberships (workspace_id, user_id, role) values ($1, $2, $3) on conflict do nothing', [
          invitation.workspace_id,
          user.id,
          invitation.role,
        ]);
        await tx.query('update invitations set accepted_at = now() where id = $1', [invitation.id]);
        await auditAccess(tx, {
          workspaceId: invitation.workspace_id,
          actor: { type: 'user', id: user.id },
          action: 'create',
          object: 'members',
          recordId: user.id,
          changes: { role: { before: null, after: invitation.role }, invitationId: { before: null, after: invitation.id } },
        });
        const workspace = await tx.query<WorkspaceRow & { role: Role }>(
          `select w.id, w.name, w.settings, w.created_at, m.role from workspaces w join memberships m on m.workspace_id = w.id and m.user_id = $2 where w.id = $1`,
          [invitation.workspace_id, user.id],
        );
        const ws = workspace.rows[0];
        if (!ws) throw new AppError('internal_error', 'Membership missing after insert', { kind: 'unexpected' });
        const token = newSessionToken();
        const expiresAt = new Date(clock.now().getTime() + deps.sessionTtlMs);
        await tx.query('insert into sessions (id, token_hash, user_id, workspace_id, expires_at) values ($1, $2, $3, $4, $5)', [
          newId(),
          hashToken(token),
          user.id,
          ws.id,
          expiresAt,
        ]);
        return { token, expiresAt: expiresAt.toISOString(), user: userView(user), workspace: workspaceView(ws, ws.role) };
      });
    },

    async createApiKey(auth: AuthContext, input: { name: string; scopes: Scope[] }) {
      const allowed = new Set(scopesForRole(auth.role));
      const beyond = input.scopes.filter((scope) => !allowed.has(scope));
      if (beyond.length > 0) {
        throw new AppError('forbidden', `Your role (${auth.role}) cannot grant ${beyond.join(', ')}`, { details: { scopes: beyond } });
      }
      const { key, prefix } = newApiKey();
      try {
        const row = await db.withSystem(async (tx) => {
          const { rows } = await tx.query<ApiKeyRow>(
            `insert into api_keys (id, workspace_id, created_by, name, prefix, key_hash, scopes) values ($1, $2, $3, $4, $5, $6, $7)
             returning id, name, prefix, scopes, created_by, created_at, last_used_at`,
            [newId(), auth.workspaceId, auth.userId, input.name, prefix, hashToken(key), [...new Set(input.scopes)]],
          );
          const created = rows[0];
          if (!created) throw new AppError('internal_error', 'API key insert returned nothing', { kind: 'unexpected' });
          await auditAccess(tx, {
            workspaceId: auth.workspaceId,
            actor: auth.actor,
            action: 'create',
            object: 'api_keys',
            recordId: created.id,
            changes: { name: { before: null, after: created.name }, scopes: { before: null, after: created.scopes } },
          });
          return created;
        });
        return { ...apiKeyView(row), key };
      } catch (error) {
        if (classifyDbError(error).type === 'unique_violation') throw new AppError('service_unavailable', 'Key collision, try again', { kind: 'operational' });
        throw error;
      }
    },

    /** Admins see every key of the workspace; others their own. */
    async listApiKeys(auth: AuthContext) {
      const everyone = auth.scopes.has('admin');
      const { rows } = await db.systemQuery<ApiKeyRow>(
        `select id, name, prefix, scopes, created_by, created_at, last_used_at from api_keys
          where workspace_id = $1 and revoked_at is null and ($2 or created_by = $3) order by created_at desc`,
        [auth.workspaceId, everyone, auth.userId],
      );
      return rows.map(apiKeyView);
    },

    async revokeApiKey(auth: AuthContext, id: string) {
      const everyone = auth.scopes.has('admin');
      const rows = await db.withSystem(async (tx) => {
        const revoked = await tx.query<{ key_hash: string }>(
          `update api_keys set revoked_at = now() where id = $1 and workspace_id = $2 and revoked_at is null and ($3 or created_by = $4) returning key_hash`,
          [id, auth.workspaceId, everyone, auth.userId],
        );
        if (revoked.rows.length === 0) throw new AppError('not_found', 'API key not found');
        await auditAccess(tx, { workspaceId: auth.workspaceId, actor: auth.actor, action: 'delete', object: 'api_keys', recordId: id, changes: { revoked: { before: false, after: true } } });
        return revoked.rows;
      });
      await identity.forgetTokens(rows.map((row) => row.key_hash));
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;

async function ensureAnotherOwner(tx: { query: Database['systemQuery'] }, workspaceId: string, userId: string): Promise<void> {
  const { rows } = await tx.query<{ count: string }>(
    `select count(*) as count from memberships where workspace_id = $1 and role = 'owner' and user_id <> $2`,
    [workspaceId, userId],
  );
  if (Number(rows[0]?.count ?? 0) === 0) throw new AppError('last_owner', 'A workspace needs at least one owner');
}
