import type { Cache } from '@nexus/cache';
import { classifyDbError, type Database, type SystemTx, type WorkspaceTx } from '@nexus/db';
import { AppError, newId, scopesForRole, type AuthContext, type Clock, type Logger, type Role, type Scope } from '@nexus/platform';
import { dummyPasswordHash, hashPassword, hashToken, newSessionToken, verifyPassword } from './internal/secrets';
import { createLoginThrottle, type ThrottleLimits } from './internal/throttle';
import { userView, visibilityFor, visibilityOf, workspaceView, type UserRow, type WorkspaceRow } from './internal/views';
import { auditAccess } from './internal/audit';

export interface IdentityDeps {
  db: Database;
  cache: Cache;
  clock: Clock;
  log: Logger;
  sessionTtlMs: number;
  throttle: ThrottleLimits;
  /** Creates a new workspace's first tenant rows (the default pipeline) in the same transaction. */
  onWorkspaceCreated(tx: WorkspaceTx, ownerId: string): Promise<void>;
}

export interface ClientMeta {
  ip: string;
}

interface AuthRow {
  user_id: string;
  workspace_id: string;
  role: Role | null;
  settings: WorkspaceRow['settings'];
  expires_at: Date | null;
  revoked_at: Date | null;
  session_id: string | null;
  key_id: string | null;
  key_scopes: Scope[] | null;
}

/** How long a resolved token is remembered; logout and revocation clear it at once. */
const authCacheMs = 30_000;
const authCacheKey = (tokenHash: string) => `auth:${tokenHash}`;

/**
 * Accounts, sessions and workspaces: sign-up, sign-in, token resolution and
 * workspace switching. Members, invitations and API keys build on it.
 *
 * @example
 * const identity = createIdentityService({ db, cache, clock, log, sessionTtlMs, throttle, onWorkspaceCreated });
 * const { token } = await identity.signup({ email, password, name, workspaceName }, { ip });
 */
export function createIdentityService(deps: IdentityDeps) {
  const { db, cache, clock } = deps;
  const throttle = createLoginThrottle(cache, deps.throttle);

  async function insertWorkspace(tx: SystemTx, name: string, ownerId: string): Promise<WorkspaceRow> {
    const id = newId();
    const { rows } = await tx.query<WorkspaceRow>('insert into workspaces (id, name) values ($1, $2) returning id, name, settings, created_at', [id, name]);
    await tx.query(`insert into memberships (workspace_id, user_id, role) values ($1, $2, 'owner')`, [id, ownerId]);
    const workspace = rows[0];
    if (!workspace) throw new AppError('internal_error', 'Workspace insert returned nothing', { kind: 'unexpected' });
    return workspace;
  }

  async function startSession(tx: SystemTx, userId: string, workspaceId: string) {
    const token = newSessionToken();
    const expiresAt = new Date(clock.now().getTime() + deps.sessionTtlMs);
    await tx.query('insert into sessions (id, token_hash, user_id, workspace_id, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)', [
      newId(),
      hashToken(token),
      userId,
      workspaceId,
      clock.now(),
      expiresAt,
    ]);
    return { token, expiresAt: expiresAt.toISOString() };
  }

  async function loadWorkspace(tx: SystemTx, userId: string, workspaceId: string) {
    const { rows } = await tx.query<WorkspaceRow & { role: Role }>(
      `select w.id, w.name, w.settings, w.created_at, m.role from workspaces w
         join memberships m on m.workspace_id = w.id and m.user_id = $1 where w.id = $2`,
      [userId, workspaceId],
    );
    const row = rows[0];
    if (!row) throw new AppError('not_found', 'Workspace not found');
    return workspaceView(row, row.role);
  }

  return {
    async signup(input: { email: string; password: string; name: string; workspaceName: string }, _meta: ClientMeta) {
      const passwordHash = await hashPassword(input.password);
      try {
        return await db.withSystem(async (tx) => {
          const userId = newId();
          const users = await tx.query<UserRow>(
            'insert into users (id, email, name, password_hash) values ($1, $2, $3, $4) returning id, email, name, password_hash, created_at',
            [userId, input.email, input.name, passwordHash],
          );
          const workspace = await insertWorkspace(tx, input.workspaceName, userId);
          const session = await startSession(tx, userId, workspace.id);
          const user = users.rows[0];
          if (!user) throw new AppError('internal_error', 'User insert returned nothing', { kind: 'unexpected' });
          await deps.onWorkspaceCreated(await tx.bindWorkspace(workspace.id), userId);
          return { ...session, user: userView(user), workspace: workspaceView(workspace, 'owner') };
        });
      } catch (error) {
        if (classifyDbError(error).type === 'unique_violation') {
          throw new AppError('already_exists', 'An account with this email already exists', { details: { field: 'email' } });
        }
        throw error;
      }
    },

    async login(input: { email: string; password: string; workspaceId?: string | undefined }, meta: ClientMeta) {
      await throttle.check(input.email, meta.ip);
      const { rows } = await db.systemQuery<UserRow>('select id, email, name, password_hash, created_at from users where lower(email) = $1', [input.email]);
      const user = rows[0];
      const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
      if (!user || !ok) {
        await throttle.recordFailure(input.email, meta.ip);
        throw new AppError('invalid_credentials', 'The email or password is incorrect');
      }
      await throttle.recordSuccess(input.email);
      return db.withSystem(async (tx) => {
        // The password may have changed while it was being verified: a change ends every session, so a session
        // started with the old password must not slip in after it. The shared lock orders this against the change.
        const current = await tx.query<{ password_hash: string }>('select password_hash from users where id = $1 for share', [user.id]);
        if (current.rows[0]?.password_hash !== user.password_hash) throw new AppError('invalid_credentials', 'The email or password is incorrect');
        const memberships = await tx.query<{ workspace_id: string }>(
          'select workspace_id from memberships where user_id = $1 order by created_at',
          [user.id],
        );
        const chosen = input.workspaceId ?? memberships.rows[0]?.workspace_id;
        if (chosen === undefined || !memberships.rows.some((m) => m.workspace_id === chosen)) {
          throw new AppError('forbidden', 'You are not a member of that workspace');
        }
        const session = await startSession(tx, user.id, chosen);
        return { ...session, user: userView(user), workspace: await loadWorkspace(tx, user.id, chosen) };
      });
    },

    async logout(auth: AuthContext, authorization: string | undefined): Promise<void> {
      if (auth.sessionId === null) return;
      await db.systemQuery('update sessions set revoked_at = $2 where id = $1', [auth.sessionId, clock.now()]);
      const token = bearerToken(authorization);
      if (token) await cache.delete(authCacheKey(hashToken(token)));
    },

    /**
     * Resolves `Authorization: Bearer <token>` (a session token or an API
     * key) to the caller, re-reading the member's role so that a demoted or
     * removed member's keys lose their power with them.
     */
    async authenticate(authorization: string | undefined): Promise<AuthContext> {
      const token = bearerToken(authorization);
      if (!token) throw new AppError('unauthenticated', 'Send a session token or API key as "Authorization: Bearer <token>"');
      if (token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) throw new AppError('invalid_token', 'The token is malformed');
      const tokenHash = hashToken(token);
      const cached = await cache.get(authCacheKey(tokenHash));
      const row: AuthRow | undefined = cached ? reviveAuthRow(cached) : await lookup(tokenHash, token.startsWith('nx_'));
      if (!row) throw new AppError('invalid_token', 'The token is invalid or has been revoked');
      if (row.revoked_at !== null) throw new AppError('invalid_token', 'The token is invalid or has been revoked');
      if (row.expires_at !== null && row.expires_at.getTime() <= clock.now().getTime()) throw new AppError('invalid_token', 'The session has expired; sign in again');
      if (row.role === null) throw new AppError('invalid_token', 'You are no longer a member of this workspace');
      if (!cached) await cache.set(authCacheKey(tokenHash), JSON.stringify(row), authCacheMs);
      const allowed = new Set(scopesForRole(row.role));
      const effective = row.key_scopes ? row.key_scopes.filter((s) => allowed.has(s)) : [...allowed];
      return {
        workspaceId: row.workspace_id,
        userId: row.user_id,
        role: row.role,
        actor: row.key_id ? { type: 'api_key', id: row.key_id } : { type: 'user', id: row.user_id },
        scopes: new Set(effective),
        visibility: visibilityFor(row.role, row.settings),
        sessionId: row.session_id,
      };
    },

    async me(auth: AuthContext) {
      return db.withSystem(async (tx) => {
        const users = await tx.query<UserRow>('select id, email, name, password_hash, created_at from users where id = $1', [auth.userId]);
        const user = users.rows[0];
        if (!user) throw new AppError('invalid_token', 'The account no longer exists');
        const workspaces = await tx.query<WorkspaceRow & { role: Role }>(
          `select w.id, w.name, w.settings, w.created_at, m.role from memberships m join workspaces w on w.id = m.workspace_id
            where m.user_id = $1 order by m.created_at`,
          [auth.userId],
        );
        return {
          user: userView(user),
          workspace: await loadWorkspace(tx, auth.userId, auth.workspaceId),
          workspaces: workspaces.rows.map((w) => workspaceView(w, w.role)),
          actor: auth.actor,
          scopes: [...auth.scopes],
        };
      });
    },

    async updateProfile(auth: AuthContext, input: { name: string }) {
      const { rows } = await db.systemQuery<UserRow>(
        'update users set name = $2, updated_at = $3 where id = $1 returning id, email, name, password_hash, created_at',
        [auth.userId, input.name, clock.now()],
      );
      const user = rows[0];
      if (!user) throw new AppError('invalid_token', 'The account no longer exists');
      return userView(user);
    },

    /**
     * Changes the caller's password after checking the current one, then ends
     * every other session of the account (in every workspace) so that whoever
     * learnt the old password is signed out; the calling session stays.
     * Wrong guesses count towards the login throttle of the account, so this
     * is no side door around it. API keys are left alone: they are not
     * derived from the password and are revoked on their own page.
     */
    async changePassword(auth: AuthContext, input: { currentPassword: string; newPassword: string }, meta: ClientMeta): Promise<void> {
      if (auth.sessionId === null) throw new AppError('forbidden', 'Sign in to change your password; an API key cannot');
      const { rows } = await db.systemQuery<UserRow>('select id, email, name, password_hash, created_at from users where id = $1', [auth.userId]);
      const user = rows[0];
      if (!user) throw new AppError('invalid_token', 'The account no longer exists');
      const throttleKey = user.email.toLowerCase();
      await throttle.check(throttleKey, meta.ip);
      if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
        await throttle.recordFailure(throttleKey, meta.ip);
        throw new AppError('incorrect_password', 'The current password is incorrect', {
          details: [{ path: 'currentPassword', message: 'The current password is incorrect' }],
        });
      }
      await throttle.recordSuccess(throttleKey);
      const passwordHash = await hashPassword(input.newPassword);
      const revoked = await db.withSystem(async (tx) => {
        // Compare-and-set on the hash just verified: of two changes racing with the same old password, one wins.
        const updated = await tx.query('update users set password_hash = $2, updated_at = $4 where id = $1 and password_hash = $3', [
          user.id,
          passwordHash,
          user.password_hash,
          clock.now(),
        ]);
        if (updated.rowCount === 0) {
          throw new AppError('incorrect_password', 'The current password is incorrect', {
            details: [{ path: 'currentPassword', message: 'The password was just changed elsewhere; enter the new one' }],
          });
        }
        const sessions = await tx.query<{ token_hash: string }>(
          'update sessions set revoked_at = $3 where user_id = $1 and id <> $2 and revoked_at is null returning token_hash',
          [user.id, auth.sessionId, clock.now()],
        );
        return sessions.rows.map((row) => row.token_hash);
      });
      // Revoked sessions may still be remembered for a few seconds; forget them now.
      await forget(revoked);
    },

    async createWorkspace(auth: AuthContext, name: string) {
      return db.withSystem(async (tx) => {
        const workspace = await insertWorkspace(tx, name, auth.userId);
        await deps.onWorkspaceCreated(await tx.bindWorkspace(workspace.id), auth.userId);
        return workspaceView(workspace, 'owner');
      });
    },

    async switchWorkspace(auth: AuthContext, workspaceId: string, authorization: string | undefined) {
      if (auth.sessionId === null) throw new AppError('forbidden', 'API keys belong to one workspace');
      const workspace = await db.withSystem(async (tx) => {
        const view = await loadWorkspace(tx, auth.userId, workspaceId);
        await tx.query('update sessions set workspace_id = $2 where id = $1', [auth.sessionId, workspaceId]);
        return view;
      });
      const token = bearerToken(authorization);
      if (token) await cache.delete(authCacheKey(hashToken(token)));
      return workspace;
    },

    async updateWorkspace(auth: AuthContext, input: { name?: string | undefined; visibility?: { member?: 'all' | 'own' | undefined; read_only?: 'all' | 'own' | undefined } | undefined }) {
      const workspace = await db.withSystem(async (tx) => {
        const current = await tx.query<WorkspaceRow>('select id, name, settings, created_at from workspaces where id = $1 for update', [auth.workspaceId]);
        const row = current.rows[0];
        if (!row) throw new AppError('not_found', 'Workspace not found');
        const visibility = { ...row.settings.visibility, ...stripUndefined(input.visibility ?? {}) };
        const settings = { ...row.settings, visibility };
        const { rows } = await tx.query<WorkspaceRow>(
          'update workspaces set name = $2, settings = $3, updated_at = now() where id = $1 returning id, name, settings, created_at',
          [auth.workspaceId, input.name ?? row.name, JSON.stringify(settings)],
        );
        const updated = rows[0] ?? row;
        const changes: Record<string, { before: unknown; after: unknown }> = {};
        if (updated.name !== row.name) changes.name = { before: row.name, after: updated.name };
        if (JSON.stringify(visibilityOf(updated.settings)) !== JSON.stringify(visibilityOf(row.settings))) {
          changes.visibility = { before: visibilityOf(row.settings), after: visibilityOf(updated.settings) };
        }
        if (Object.keys(changes).length > 0) {
          await auditAccess(tx, { workspaceId: auth.workspaceId, actor: auth.actor, action: 'update', object: 'workspaces', recordId: auth.workspaceId, changes });
        }
        return updated;
      });
      await forgetWorkspaceTokens(auth.workspaceId);
      return workspaceView(workspace, auth.role);
    },

    /** Clears remembered tokens of a workspace (or one member of it) after a role or visibility change. */
    forgetWorkspaceTokens,

    /** Clears remembered tokens by their stored hashes, once they are revoked (forgetWorkspaceTokens skips revoked ones). */
    async forgetTokens(tokenHashes: readonly string[]): Promise<void> {
      await forget(tokenHashes);
    },
  };

  /**
   * Clears remembered tokens now, and once more a moment later: a lookup that
   * read the old role just before the change committed may still write it
   * back to the cache, and the second pass removes it.
   */
  async function forget(tokenHashes: readonly string[]): Promise<void> {
    const clear = () => Promise.all(tokenHashes.map((tokenHash) => cache.delete(authCacheKey(tokenHash))));
    await clear();
    setTimeout(() => void clear().catch(() => undefined), 2_000).unref();
  }

  async function forgetWorkspaceTokens(workspaceId: string, userId?: string): Promise<void> {
    const { rows } = await db.systemQuery<{ token_hash: string }>(
      `select token_hash from sessions where workspace_id = $1 and ($2::uuid is null or user_id = $2) and revoked_at is null and expires_at > $3
       union all
       select key_hash from api_keys where workspace_id = $1 and ($2::uuid is null or created_by = $2) and revoked_at is null`,
      [workspaceId, userId ?? null, clock.now()],
    );
    await forget(rows.map((row) => row.token_hash));
  }

  async function lookup(tokenHash: string, isApiKey: boolean): Promise<AuthRow | undefined> {
    const sql = isApiKey
      ? `select k.created_by as user_id, k.workspace_id, m.role, w.settings, null::timestamptz as expires_at, k.revoked_at,
                null::uuid as session_id, k.id as key_id, k.scopes as key_scopes
           from api_keys k join workspaces w on w.id = k.workspace_id
           left join memberships m on m.workspace_id = k.workspace_id and m.user_id = k.created_by
          where k.key_hash = $1`
      : `select s.user_id, s.workspace_id, m.role, w.settings, s.expires_at, s.revoked_at,
                s.id as session_id, null::uuid as key_id, null::text[] as key_scopes
           from sessions s join workspaces w on w.id = s.workspace_id
           left join memberships m on m.workspace_id = s.workspace_id and m.user_id = s.user_id
          where s.token_hash = $1`;
    const { rows } = await db.systemQuery<AuthRow>(sql, [tokenHash]);
    const row = rows[0];
    if (row && isApiKey) {
      // Last use is for humans auditing keys; a minute's precision is plenty and spares a write per request.
      void db
        .systemQuery(`update api_keys set last_used_at = now() where key_hash = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [tokenHash])
        .catch(() => undefined);
    }
    return row;
  }
}

export type IdentityService = ReturnType<typeof createIdentityService>;

function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

function reviveAuthRow(json: string): AuthRow {
  const parsed = JSON.parse(json) as Omit<AuthRow, 'expires_at' | 'revoked_at'> & { expires_at: string | null; revoked_at: string | null };
  return {
    ...parsed,
    expires_at: parsed.expires_at === null ? null : new Date(parsed.expires_at),
    revoked_at: parsed.revoked_at === null ? null : new Date(parsed.revoked_at),
  };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
