import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, createTestApp, type SignedUp, type TestApp } from './test-support';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface SendOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  remoteAddress?: string;
}

function send(t: TestApp, method: Method, url: string, options: SendOptions = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: { ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }), ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
    ...(options.remoteAddress === undefined ? {} : { remoteAddress: options.remoteAddress }),
  });
}

/** Asserts the status and the documented error shape, `{ error: { code, message, details?, requestId } }`. */
function expectError(res: LightMyRequestResponse, status: number, code: string): { code: string; message: string; details?: unknown; requestId: string } {
  expect({ status: res.statusCode, code: res.json<{ error?: { code?: string } }>().error?.code }).toEqual({ status, code });
  const { error } = res.json<{ error: { code: string; message: string; details?: unknown; requestId: string } }>();
  expect(Object.keys(error).every((key) => ['code', 'message', 'details', 'requestId'].includes(key))).toBe(true);
  expect(error.message).toEqual(expect.any(String));
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.requestId).toBe(res.headers['x-request-id']);
  return error;
}

/** The error a client sees, without the per-request id: two answers must be indistinguishable. */
function errorWithoutRequestId(res: LightMyRequestResponse) {
  const { error } = res.json<{ error: { requestId: string } & Record<string, unknown> }>();
  const { requestId: _requestId, ...rest } = error;
  return { status: res.statusCode, error: rest };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const unknownId = '00000000-0000-4000-8000-000000000000';
const forgedSessionToken = `nxs_${'A'.repeat(43)}`;

let emailCounter = 0;
const uniqueEmail = (label: string) => `${label}-${(emailCounter += 1)}-${Date.now()}@example.com`;

async function createContact(t: TestApp, token: string, firstName: string): Promise<{ id: string; firstName: string; ownerId: string; version: number }> {
  const res = await send(t, 'POST', '/api/v1/contacts', { token, body: { firstName, emails: [`${firstName.toLowerCase()}-${Date.now()}@example.com`] } });
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function listContactIds(t: TestApp, token: string): Promise<string[]> {
  const res = await send(t, 'GET', '/api/v1/contacts?limit=100', { token });
  expect(res.statusCode).toBe(200);
  return res
    .json<{ data: { id: string }[] }>()
    .data.map((c) => c.id)
    .sort();
}

/** The owner invites someone and they accept as a new account; returns their session. */
async function addMember(t: TestApp, owner: SignedUp, role: 'admin' | 'member' | 'read_only'): Promise<{ token: string; userId: string; email: string }> {
  const email = uniqueEmail(role);
  const invited = await send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email, role } });
  expect(invited.statusCode).toBe(201);
  const accepted = await send(t, 'POST', '/api/v1/invitations/accept', {
    body: { token: invited.json<{ token: string }>().token, name: `New ${role}`, password: 'a long enough password' },
  });
  expect(accepted.statusCode).toBe(200);
  const body = accepted.json<{ token: string; user: { id: string }; workspace: { id: string; role: string } }>();
  expect(body.workspace).toMatchObject({ id: owner.workspaceId, role });
  return { token: body.token, userId: body.user.id, email };
}

describe('identity over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('signup', () => {
    it('creates an account, its workspace with the caller as owner, and signs them in', async () => {
      const email = uniqueEmail('signup');
      const res = await send(t, 'POST', '/api/v1/auth/signup', {
        body: { email, password: 'correct horse battery staple', name: 'Ada Lovelace', workspaceName: 'Analytical Engines' },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<{ token: string; user: { id: string }; workspace: { id: string } }>();
      expect(body).toEqual({
        token: expect.stringMatching(/^nxs_[A-Za-z0-9_-]+$/),
        expiresAt: expect.any(String),
        user: { id: expect.stringMatching(uuidPattern), email, name: 'Ada Lovelace', createdAt: expect.any(String) },
        workspace: {
          id: expect.stringMatching(uuidPattern),
          name: 'Analytical Engines',
          role: 'owner',
          visibility: { member: 'all', read_only: 'all' },
          createdAt: expect.any(String),
        },
      });

      const me = await send(t, 'GET', '/api/v1/auth/me', { token: body.token });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ user: { id: body.user.id, email }, workspace: { id: body.workspace.id, role: 'owner' } });
    });

    it('gives the new workspace a default pipeline with its stages in order', async () => {
      const user = await t.signup();
      const res = await send(t, 'GET', '/api/v1/pipelines', { token: user.token });
      expect(res.statusCode).toBe(200);
      const { data } = res.json<{ data: { name: string; isDefault: boolean; stages: { id: string; name: string; probability: number; type: string; position: number }[] }[] }>();
      expect(data).toHaveLength(1);
      const pipeline = data[0];
      expect(pipeline?.isDefault).toBe(true);
      const stages = pipeline?.stages ?? [];
      expect(stages.map(({ id, name, probability, type }) => ({ id, name, probability, type }))).toEqual([
        { id: expect.stringMatching(uuidPattern), name: 'Lead', probability: 10, type: 'open' },
        { id: expect.stringMatching(uuidPattern), name: 'Qualified', probability: 25, type: 'open' },
        { id: expect.stringMatching(uuidPattern), name: 'Proposal', probability: 50, type: 'open' },
        { id: expect.stringMatching(uuidPattern), name: 'Negotiation', probability: 75, type: 'open' },
        { id: expect.stringMatching(uuidPattern), name: 'Won', probability: 100, type: 'won' },
        { id: expect.stringMatching(uuidPattern), name: 'Lost', probability: 0, type: 'lost' },
      ]);
      const positions = stages.map((s) => s.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(stages.map((s) => s.id)).size).toBe(stages.length);
    });

    it('refuses a second account for the same email, whatever its letter case, with 409 already_exists', async () => {
      const email = uniqueEmail('dup');
      await t.signup({ email });
      for (const variant of [email, email.toUpperCase(), `  ${email.replace(/^d/, 'D')}  `]) {
        const res = await send(t, 'POST', '/api/v1/auth/signup', {
          body: { email: variant, password: 'another long password', name: 'Copy', workspaceName: 'Copy' },
        });
        const error = expectError(res, 409, 'already_exists');
        expect(error.details).toEqual({ field: 'email' });
      }
    });

    it('answers 400 validation_failed naming the field for an invalid email, a short password or an unknown field', async () => {
      const valid = { email: uniqueEmail('valid'), password: 'long enough password', name: 'Val', workspaceName: 'Val' };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...valid, email: 'not-an-email' }, 'email'],
        [{ ...valid, password: 'short' }, 'password'],
        [{ ...valid, isAdmin: true }, ''],
      ];
      for (const [body, path] of cases) {
        const res = await send(t, 'POST', '/api/v1/auth/signup', { body });
        const error = expectError(res, 400, 'validation_failed');
        expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      }
      // None of the refused attempts created the account.
      const login = await send(t, 'POST', '/api/v1/auth/login', { body: { email: valid.email, password: valid.password } });
      expectError(login, 401, 'invalid_credentials');
    });

    it('answers 400 invalid_json for a malformed body', async () => {
      const res = await send(t, 'POST', '/api/v1/auth/signup', { body: '{"email": "a@example.com", ', headers: { 'content-type': 'application/json' } });
      expectError(res, 400, 'invalid_json');
    });

    it('answers 413 body_too_large for a body over the limit', async () => {
      const huge = JSON.stringify({ email: uniqueEmail('huge'), password: 'long enough password', name: 'x'.repeat(t.config.BODY_LIMIT_BYTES), workspaceName: 'Huge' });
      const res = await send(t, 'POST', '/api/v1/auth/signup', { body: huge, headers: { 'content-type': 'application/json' } });
      expectError(res, 413, 'body_too_large');
    });

    it('stores the password only as an argon2id hash', async () => {
      const user = await t.signup({ password: 'my secret passphrase' });
      const { rows } = await t.db.systemQuery<{ password_hash: string }>('select password_hash from users where id = $1', [user.userId]);
      expect(rows).toHaveLength(1);
      const stored = rows[0]?.password_hash ?? '';
      expect(stored).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
      expect(stored).not.toContain('my secret passphrase');
    });
  });

  describe('login', () => {
    it('signs in with the right password and returns a working session token', async () => {
      const user = await t.signup();
      const res = await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email.toUpperCase(), password: user.password } });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ token: string; user: { id: string }; workspace: { id: string; role: string } }>();
      expect(body.token).toMatch(/^nxs_/);
      expect(body.token).not.toBe(user.token);
      expect(body.user.id).toBe(user.userId);
      expect(body.workspace).toMatchObject({ id: user.workspaceId, role: 'owner' });
      const me = await send(t, 'GET', '/api/v1/auth/me', { token: body.token });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ user: { id: user.userId } });
    });

    it('answers a wrong password and an unknown email with the same 401 invalid_credentials', async () => {
      const user = await t.signup();
      const wrong = await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: 'not the password' } });
      expectError(wrong, 401, 'invalid_credentials');
      const unknown = await send(t, 'POST', '/api/v1/auth/login', { body: { email: uniqueEmail('nobody'), password: 'not the password' } });
      expectError(unknown, 401, 'invalid_credentials');
      expect(errorWithoutRequestId(unknown)).toEqual(errorWithoutRequestId(wrong));
      expect(wrong.json()).not.toHaveProperty('token');
    });
  });

  describe('tokens', () => {
    it('answers 401 unauthenticated without a token', async () => {
      expectError(await send(t, 'GET', '/api/v1/auth/me'), 401, 'unauthenticated');
      expectError(await send(t, 'GET', '/api/v1/contacts'), 401, 'unauthenticated');
      expectError(await send(t, 'GET', '/api/v1/contacts', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthenticated');
    });

    it('answers 401 invalid_token for garbage and for forged tokens', async () => {
      expectError(await send(t, 'GET', '/api/v1/contacts', { token: 'garbage!!' }), 401, 'invalid_token');
      expectError(await send(t, 'GET', '/api/v1/contacts', { token: 'x'.repeat(500) }), 401, 'invalid_token');
      expectError(await send(t, 'GET', '/api/v1/contacts', { token: forgedSessionToken }), 401, 'invalid_token');
      expectError(await send(t, 'GET', '/api/v1/contacts', { token: `nx_abcdefgh_${'B'.repeat(43)}` }), 401, 'invalid_token');
    });

    it('ends the session on logout: 204, then the same token answers 401', async () => {
      const user = await t.signup();
      expect((await send(t, 'GET', '/api/v1/auth/me', { token: user.token })).statusCode).toBe(200);
      const res = await send(t, 'POST', '/api/v1/auth/logout', { token: user.token });
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectError(await send(t, 'GET', '/api/v1/auth/me', { token: user.token }), 401, 'invalid_token');
      expectError(await send(t, 'GET', '/api/v1/contacts', { token: user.token }), 401, 'invalid_token');
    });

    it('keeps other sessions of the same user alive after one logs out', async () => {
      const user = await t.signup();
      const second = await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
      const secondToken = second.json<{ token: string }>().token;
      expect((await send(t, 'POST', '/api/v1/auth/logout', { token: user.token })).statusCode).toBe(204);
      expect((await send(t, 'GET', '/api/v1/auth/me', { token: secondToken })).statusCode).toBe(200);
    });
  });

  describe('API keys', () => {
    let owner: SignedUp;
    beforeAll(async () => {
      owner = await t.signup();
    });

    async function createKey(token: string, scopes: string[], name = 'integration') {
      return send(t, 'POST', '/api/v1/api-keys', { token, body: { name, scopes } });
    }

    it('shows the key once on creation and never in the list', async () => {
      const res = await createKey(owner.token, ['read'], 'shown once');
      expect(res.statusCode).toBe(201);
      const created = res.json<{ id: string; key: string; prefix: string }>();
      expect(created).toMatchObject({ id: expect.stringMatching(uuidPattern), name: 'shown once', scopes: ['read'], createdBy: owner.userId, lastUsedAt: null });
      expect(created.key).toMatch(/^nx_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/);
      expect(created.key.startsWith(created.prefix)).toBe(true);

      const list = await send(t, 'GET', '/api/v1/api-keys', { token: owner.token });
      expect(list.statusCode).toBe(200);
      const listed = list.json<{ data: Record<string, unknown>[] }>().data.find((k) => k.id === created.id);
      expect(listed).toMatchObject({ id: created.id, prefix: created.prefix, scopes: ['read'] });
      expect(listed).not.toHaveProperty('key');
      expect(list.body).not.toContain(created.key);
    });

    it('authenticates requests made with the key as a bearer token', async () => {
      const { key } = (await createKey(owner.token, ['read', 'write'])).json<{ key: string }>();
      const contact = await createContact(t, key, 'Keyed');
      expect(contact.ownerId).toBe(owner.userId);
      expect(await listContactIds(t, key)).toContain(contact.id);
      expect(await listContactIds(t, owner.token)).toContain(contact.id);
    });

    it('lets a read-only key read but answers 403 insufficient_scope when it writes', async () => {
      const { key } = (await createKey(owner.token, ['read'])).json<{ key: string }>();
      expect((await send(t, 'GET', '/api/v1/contacts', { token: key })).statusCode).toBe(200);
      const before = await listContactIds(t, owner.token);
      const res = await send(t, 'POST', '/api/v1/contacts', { token: key, body: { firstName: 'Nope' } });
      expectError(res, 403, 'insufficient_scope');
      expect(await listContactIds(t, owner.token)).toEqual(before);
    });

    it('refuses a revoked key with 401, even one that was just in use', async () => {
      const created = (await createKey(owner.token, ['read'])).json<{ id: string; key: string }>();
      expect((await send(t, 'GET', '/api/v1/contacts', { token: created.key })).statusCode).toBe(200);
      expect((await send(t, 'DELETE', `/api/v1/api-keys/${created.id}`, { token: owner.token })).statusCode).toBe(204);
      expectError(await send(t, 'GET', '/api/v1/contacts', { token: created.key }), 401, 'invalid_token');
      const list = await send(t, 'GET', '/api/v1/api-keys', { token: owner.token });
      expect(list.json<{ data: { id: string }[] }>().data.map((k) => k.id)).not.toContain(created.id);
    });

    it('does not let a member create a key with the admin scope', async () => {
      const member = await addMember(t, owner, 'member');
      const res = await createKey(member.token, ['read', 'admin']);
      expectError(res, 403, 'forbidden');
      const list = await send(t, 'GET', '/api/v1/api-keys', { token: member.token });
      expect(list.json<{ data: unknown[] }>().data).toEqual([]);
      expect((await createKey(member.token, ['read', 'write'])).statusCode).toBe(201);
    });

    it('takes write power from a key when its creator is demoted to read_only', async () => {
      const member = await addMember(t, owner, 'member');
      const { key } = (await createKey(member.token, ['read', 'write'])).json<{ key: string }>();
      await createContact(t, key, 'BeforeDemotion');

      const demoted = await send(t, 'PATCH', `/api/v1/members/${member.userId}`, { token: owner.token, body: { role: 'read_only' } });
      expect(demoted.statusCode).toBe(200);
      expect(demoted.json()).toMatchObject({ userId: member.userId, role: 'read_only' });

      expectError(await send(t, 'POST', '/api/v1/contacts', { token: key, body: { firstName: 'AfterDemotion' } }), 403, 'insufficient_scope');
      expect((await send(t, 'GET', '/api/v1/contacts', { token: key })).statusCode).toBe(200);
      expectError(await send(t, 'POST', '/api/v1/contacts', { token: member.token, body: { firstName: 'AfterDemotion' } }), 403, 'forbidden');
    });

    it('cannot use a key for account actions that need a signed-in user', async () => {
      const { key } = (await createKey(owner.token, ['read', 'write', 'admin'])).json<{ key: string }>();
      expectError(await createKey(key, ['read']), 403, 'forbidden');
    });
  });

  describe('invitations and roles', () => {
    let owner: SignedUp;
    beforeAll(async () => {
      owner = await t.signup();
    });

    it('lets an invited person join as a new account and signs them into that workspace', async () => {
      const email = uniqueEmail('invitee');
      const invited = await send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email: email.toUpperCase(), role: 'member' } });
      expect(invited.statusCode).toBe(201);
      const invitation = invited.json<{ id: string; token: string }>();
      expect(invitation).toMatchObject({ email, role: 'member', acceptedAt: null, token: expect.stringMatching(/^nxi_/) });

      const accepted = await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: invitation.token, name: 'Ivy', password: 'ivy has a long password' } });
      expect(accepted.statusCode).toBe(200);
      const session = accepted.json<{ token: string; user: { id: string } }>();
      expect(session).toMatchObject({ user: { email, name: 'Ivy' }, workspace: { id: owner.workspaceId, role: 'member' } });

      const me = await send(t, 'GET', '/api/v1/auth/me', { token: session.token });
      expect(me.json()).toMatchObject({ workspace: { id: owner.workspaceId, role: 'member' } });
      const members = await send(t, 'GET', '/api/v1/members', { token: owner.token });
      expect(members.json<{ data: unknown[] }>().data).toEqual(expect.arrayContaining([expect.objectContaining({ userId: session.user.id, role: 'member' })]));
      const login = await send(t, 'POST', '/api/v1/auth/login', { body: { email, password: 'ivy has a long password' } });
      expect(login.statusCode).toBe(200);

      const reused = await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: invitation.token, name: 'Mallory', password: 'mallory long password' } });
      expectError(reused, 400, 'invitation_invalid');
    });

    it('answers 400 invitation_invalid for an unknown or revoked invitation', async () => {
      expectError(await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: 'nxi_doesnotexist', name: 'X', password: 'long password here' } }), 400, 'invitation_invalid');
      const invited = (await send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email: uniqueEmail('revoked'), role: 'member' } })).json<{ id: string; token: string }>();
      expect((await send(t, 'DELETE', `/api/v1/invitations/${invited.id}`, { token: owner.token })).statusCode).toBe(204);
      expectError(await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: invited.token, name: 'X', password: 'long password here' } }), 400, 'invitation_invalid');
    });

    it('refuses a second pending invitation for the same email, and invites again once the first is revoked', async () => {
      const email = uniqueEmail('twice');
      const first = await send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email, role: 'member' } });
      expect(first.statusCode).toBe(201);
      const again = expectError(await send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email: email.toUpperCase(), role: 'admin' } }), 409, 'already_exists');
      expect(again.details).toEqual({ field: 'email' });
      expect(again.message).toMatch(/pending invitation/);

      expect((await send(t, 'DELETE', `/api/v1/invitations/${first.json<{ id: string }>().id}`, { token: owner.token })).statusCode).toBe(204);
      expect((await send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email, role: 'admin' } })).statusCode).toBe(201);
    });

    it('sends one invitation when the same person is invited several times at once', async () => {
      const email = uniqueEmail('race');
      const answers = await Promise.all(Array.from({ length: 20 }, () => send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email, role: 'member' } })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...Array.from({ length: 19 }, () => 409)]);
      const listed = (await send(t, 'GET', '/api/v1/invitations', { token: owner.token })).json<{ data: { email: string }[] }>().data;
      expect(listed.filter((i) => i.email === email)).toHaveLength(1);
    });

    it('makes an existing account prove its password, then it belongs to both workspaces and can switch', async () => {
      const other = await t.signup();
      const otherContact = await createContact(t, other.token, 'InOwnWorkspace');
      const ownerContact = await createContact(t, owner.token, 'InInvitingWorkspace');
      const invited = (await send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email: other.email, role: 'member' } })).json<{ token: string }>();

      expectError(await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: invited.token } }), 401, 'invalid_credentials');
      expectError(await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: invited.token, password: 'not their password' } }), 401, 'invalid_credentials');
      // A name alongside a wrong password must not create or take over anything either.
      expectError(await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: invited.token, name: 'Imposter', password: 'imposter long password' } }), 401, 'invalid_credentials');
      const before = await send(t, 'GET', '/api/v1/workspaces', { token: other.token });
      expect(before.json<{ data: { id: string }[] }>().data.map((w) => w.id)).toEqual([other.workspaceId]);

      const accepted = await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: invited.token, password: other.password } });
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toMatchObject({ user: { id: other.userId }, workspace: { id: owner.workspaceId, role: 'member' } });

      const workspaces = await send(t, 'GET', '/api/v1/workspaces', { token: other.token });
      expect(workspaces.statusCode).toBe(200);
      const roles = Object.fromEntries(workspaces.json<{ data: { id: string; role: string }[] }>().data.map((w) => [w.id, w.role]));
      expect(roles).toEqual({ [other.workspaceId]: 'owner', [owner.workspaceId]: 'member' });

      // The original token still sees its own workspace until it switches.
      expect(await listContactIds(t, other.token)).toEqual([otherContact.id]);
      const switched = await send(t, 'POST', '/api/v1/auth/switch-workspace', { token: other.token, body: { workspaceId: owner.workspaceId } });
      expect(switched.statusCode).toBe(200);
      expect(switched.json()).toMatchObject({ id: owner.workspaceId, role: 'member' });
      const me = await send(t, 'GET', '/api/v1/auth/me', { token: other.token });
      expect(me.json()).toMatchObject({ workspace: { id: owner.workspaceId, role: 'member' } });
      const seen = await listContactIds(t, other.token);
      expect(seen).toContain(ownerContact.id);
      expect(seen).not.toContain(otherContact.id);

      const back = await send(t, 'POST', '/api/v1/auth/switch-workspace', { token: other.token, body: { workspaceId: other.workspaceId } });
      expect(back.json()).toMatchObject({ id: other.workspaceId, role: 'owner' });
      expect(await listContactIds(t, other.token)).toEqual([otherContact.id]);
    });

    it('does not switch a session into a workspace the user does not belong to', async () => {
      const stranger = await t.signup();
      expectError(await send(t, 'POST', '/api/v1/auth/switch-workspace', { token: stranger.token, body: { workspaceId: owner.workspaceId } }), 404, 'not_found');
      expect((await send(t, 'GET', '/api/v1/auth/me', { token: stranger.token })).json()).toMatchObject({ workspace: { id: stranger.workspaceId } });
    });

    it('lets a read_only member read but answers 403 when they create a contact', async () => {
      const reader = await addMember(t, owner, 'read_only');
      expect((await send(t, 'GET', '/api/v1/contacts', { token: reader.token })).statusCode).toBe(200);
      expectError(await send(t, 'POST', '/api/v1/contacts', { token: reader.token, body: { firstName: 'Nope' } }), 403, 'forbidden');
    });

    it('does not let a member invite anyone', async () => {
      const member = await addMember(t, owner, 'member');
      expectError(await send(t, 'POST', '/api/v1/invitations', { token: member.token, body: { email: uniqueEmail('by-member'), role: 'member' } }), 403, 'forbidden');
      expectError(await send(t, 'POST', '/api/v1/invitations', { token: member.token, body: { email: uniqueEmail('by-member'), role: 'admin' } }), 403, 'forbidden');
    });

    it('does not let an admin make themselves owner', async () => {
      const admin = await addMember(t, owner, 'admin');
      expectError(await send(t, 'PATCH', `/api/v1/members/${admin.userId}`, { token: admin.token, body: { role: 'owner' } }), 403, 'forbidden');
      expectError(await send(t, 'PATCH', `/api/v1/members/${owner.userId}`, { token: admin.token, body: { role: 'member' } }), 403, 'forbidden');
    });

    it('refuses to demote or remove the last owner with 409 last_owner', async () => {
      const solo = await t.signup();
      expectError(await send(t, 'PATCH', `/api/v1/members/${solo.userId}`, { token: solo.token, body: { role: 'admin' } }), 409, 'last_owner');
      expectError(await send(t, 'DELETE', `/api/v1/members/${solo.userId}`, { token: solo.token }), 409, 'last_owner');
      const members = await send(t, 'GET', '/api/v1/members', { token: solo.token });
      expect(members.json<{ data: unknown[] }>().data).toEqual([expect.objectContaining({ userId: solo.userId, role: 'owner' })]);

      // With a second owner, the first may step down.
      const second = await addMember(t, solo, 'admin');
      expect((await send(t, 'PATCH', `/api/v1/members/${second.userId}`, { token: solo.token, body: { role: 'owner' } })).statusCode).toBe(200);
      const stepped = await send(t, 'PATCH', `/api/v1/members/${solo.userId}`, { token: solo.token, body: { role: 'admin' } });
      expect(stepped.statusCode).toBe(200);
      expect(stepped.json()).toMatchObject({ role: 'admin' });
    });

    it("ends a removed member's sessions: their token answers 401 at once", async () => {
      const member = await addMember(t, owner, 'member');
      expect((await send(t, 'GET', '/api/v1/contacts', { token: member.token })).statusCode).toBe(200);
      expect((await send(t, 'DELETE', `/api/v1/members/${member.userId}`, { token: owner.token })).statusCode).toBe(204);
      expectError(await send(t, 'GET', '/api/v1/contacts', { token: member.token }), 401, 'invalid_token');
      expectError(await send(t, 'GET', '/api/v1/auth/me', { token: member.token }), 401, 'invalid_token');
      const members = await send(t, 'GET', '/api/v1/members', { token: owner.token });
      expect(members.json<{ data: { userId: string }[] }>().data.map((m) => m.userId)).not.toContain(member.userId);
    });

    it("stops a removed member's API keys at once", async () => {
      const member = await addMember(t, owner, 'member');
      const { key } = (await send(t, 'POST', '/api/v1/api-keys', { token: member.token, body: { name: 'mine', scopes: ['read'] } })).json<{ key: string }>();
      expect((await send(t, 'GET', '/api/v1/contacts', { token: key })).statusCode).toBe(200);
      expect((await send(t, 'DELETE', `/api/v1/members/${member.userId}`, { token: owner.token })).statusCode).toBe(204);
      expectError(await send(t, 'GET', '/api/v1/contacts', { token: key }), 401, 'invalid_token');
    });
  });

  describe('"only records I own" visibility', () => {
    it('shows members only their own contacts once the owner turns it on; the owner still sees all', async () => {
      const owner = await t.signup();
      const alice = await addMember(t, owner, 'member');
      const bob = await addMember(t, owner, 'member');
      const ownerContact = await createContact(t, owner.token, 'OwnersOwn');
      const aliceContact = await createContact(t, alice.token, 'AlicesOwn');
      const bobContact = await createContact(t, bob.token, 'BobsOwn');
      const all = [ownerContact.id, aliceContact.id, bobContact.id].sort();

      // Before the switch, everyone sees everything.
      expect(await listContactIds(t, alice.token)).toEqual(all);
      expect((await send(t, 'GET', `/api/v1/contacts/${bobContact.id}`, { token: alice.token })).statusCode).toBe(200);

      const res = await send(t, 'PATCH', '/api/v1/workspace', { token: owner.token, body: { visibility: { member: 'own' } } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: owner.workspaceId, visibility: { member: 'own', read_only: 'all' } });

      expect(await listContactIds(t, alice.token)).toEqual([aliceContact.id]);
      expect(await listContactIds(t, bob.token)).toEqual([bobContact.id]);
      const foreign = await send(t, 'GET', `/api/v1/contacts/${bobContact.id}`, { token: alice.token });
      const missing = await send(t, 'GET', `/api/v1/contacts/${unknownId}`, { token: alice.token });
      expectError(foreign, 404, 'not_found');
      expect(errorWithoutRequestId(foreign)).toEqual(errorWithoutRequestId(missing));
      expectError(await send(t, 'PATCH', `/api/v1/contacts/${bobContact.id}`, { token: alice.token, body: { firstName: 'Taken' } }), 404, 'not_found');
      expect((await send(t, 'GET', `/api/v1/contacts/${aliceContact.id}`, { token: alice.token })).statusCode).toBe(200);

      expect(await listContactIds(t, owner.token)).toEqual(all);
      expect((await send(t, 'GET', `/api/v1/contacts/${bobContact.id}`, { token: owner.token })).json()).toMatchObject({ firstName: 'BobsOwn' });
    });

    it('does not let a member change the visibility setting', async () => {
      const owner = await t.signup();
      const member = await addMember(t, owner, 'member');
      expectError(await send(t, 'PATCH', '/api/v1/workspace', { token: member.token, body: { visibility: { member: 'all' } } }), 403, 'forbidden');
    });
  });

  describe('tenant isolation', () => {
    let a: SignedUp;
    let b: SignedUp;
    let contact: { id: string; firstName: string; version: number };
    beforeAll(async () => {
      a = await t.signup();
      b = await t.signup();
      contact = await createContact(t, a.token, 'TenantA');
    });

    it("answers 404 to another workspace's contact exactly as to a contact that does not exist", async () => {
      const pairs: [Method, SendOptions['body']][] = [
        ['GET', undefined],
        ['PATCH', { firstName: 'Hijacked' }],
        ['DELETE', undefined],
      ];
      for (const [method, body] of pairs) {
        const foreign = await send(t, method, `/api/v1/contacts/${contact.id}`, { token: b.token, body });
        const missing = await send(t, method, `/api/v1/contacts/${unknownId}`, { token: b.token, body });
        expectError(foreign, 404, 'not_found');
        expect(errorWithoutRequestId(foreign)).toEqual(errorWithoutRequestId(missing));
      }
      expectError(await send(t, 'POST', `/api/v1/contacts/${contact.id}/restore`, { token: b.token }), 404, 'not_found');

      const after = await send(t, 'GET', `/api/v1/contacts/${contact.id}`, { token: a.token });
      expect(after.statusCode).toBe(200);
      expect(after.json()).toMatchObject({ id: contact.id, firstName: 'TenantA', version: contact.version });
    });

    it("never lists another workspace's records", async () => {
      const ownB = await createContact(t, b.token, 'TenantB');
      expect(await listContactIds(t, b.token)).toEqual([ownB.id]);
      const filtered = await send(t, 'GET', `/api/v1/contacts?filter[firstName]=TenantA`, { token: b.token });
      expect(filtered.statusCode).toBe(200);
      expect(filtered.json<{ data: unknown[] }>().data).toEqual([]);
      expect(await listContactIds(t, a.token)).toEqual([contact.id]);
    });

    it("does not let an API key of one workspace reach another's records", async () => {
      const { key } = (await send(t, 'POST', '/api/v1/api-keys', { token: b.token, body: { name: 'b', scopes: ['read', 'write'] } })).json<{ key: string }>();
      expectError(await send(t, 'GET', `/api/v1/contacts/${contact.id}`, { token: key }), 404, 'not_found');
      expect(await listContactIds(t, key)).not.toContain(contact.id);
    });
  });
});

describe('login throttling per account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 login_throttled with Retry-After after too many failures, even with the right password', async () => {
    const user = await t.signup();
    const bystander = await t.signup();
    // Letter case does not open a fresh allowance.
    for (const email of [user.email, user.email.toUpperCase(), user.email]) {
      expectError(await send(t, 'POST', '/api/v1/auth/login', { body: { email, password: 'wrong password' } }), 401, 'invalid_credentials');
    }
    const res = await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    expectError(res, 429, 'login_throttled');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(t.config.LOGIN_THROTTLE_WINDOW_MS / 1000));
    expect(res.json()).not.toHaveProperty('token');

    // Only that account is held back; the existing session still works.
    expect((await send(t, 'POST', '/api/v1/auth/login', { body: { email: bystander.email, password: bystander.password } })).statusCode).toBe(200);
    expect((await send(t, 'GET', '/api/v1/auth/me', { token: user.token })).statusCode).toBe(200);
  });

  it('throttles guesses at an email that has no account the same way', async () => {
    const email = uniqueEmail('ghost');
    for (let i = 0; i < 3; i += 1) expectError(await send(t, 'POST', '/api/v1/auth/login', { body: { email, password: 'guess' } }), 401, 'invalid_credentials');
    expectError(await send(t, 'POST', '/api/v1/auth/login', { body: { email, password: 'guess' } }), 429, 'login_throttled');
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const user = await t.signup();
    for (let i = 0; i < 2; i += 1) expectError(await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong' } }), 401, 'invalid_credentials');
    expect((await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).statusCode).toBe(200);
    for (let i = 0; i < 2; i += 1) expectError(await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong' } }), 401, 'invalid_credentials');
    expect((await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).statusCode).toBe(200);
  });
});

describe('login throttling per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' } });
  });
  afterAll(() => t.close());

  it('answers 429 to every sign-in from an address after too many failures there, and not to other addresses', async () => {
    const user = await t.signup();
    const attacker = '203.0.113.7';
    for (let i = 0; i < 3; i += 1) {
      const res = await send(t, 'POST', '/api/v1/auth/login', { body: { email: uniqueEmail('spray'), password: 'guess' }, remoteAddress: attacker });
      expectError(res, 401, 'invalid_credentials');
    }
    const blocked = await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password }, remoteAddress: attacker });
    expectError(blocked, 429, 'login_throttled');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

    const elsewhere = await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password }, remoteAddress: '198.51.100.9' });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('session expiry', () => {
  const clock = createManualClock(new Date());
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('accepts a session until SESSION_TTL_HOURS have passed, then answers 401', async () => {
    const user = await t.signup();
    const ttlMs = t.config.SESSION_TTL_HOURS * 3_600_000;
    const login = await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    expect(new Date(login.json<{ expiresAt: string }>().expiresAt).getTime()).toBe(clock.now().getTime() + ttlMs);

    clock.advance(ttlMs - 60_000);
    expect((await send(t, 'GET', '/api/v1/auth/me', { token: user.token })).statusCode).toBe(200);
    clock.advance(120_000);
    expectError(await send(t, 'GET', '/api/v1/auth/me', { token: user.token }), 401, 'invalid_token');
    expectError(await send(t, 'GET', '/api/v1/contacts', { token: user.token }), 401, 'invalid_token');

    // Signing in again gives a fresh session.
    const again = await send(t, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    expect(again.statusCode).toBe(200);
    expect((await send(t, 'GET', '/api/v1/auth/me', { token: again.json<{ token: string }>().token })).statusCode).toBe(200);
  });

  it('refuses an invitation once it has expired', async () => {
    const owner = await t.signup();
    const invited = (await send(t, 'POST', '/api/v1/invitations', { token: owner.token, body: { email: uniqueEmail('late'), role: 'member' } })).json<{ token: string }>();
    clock.advance(t.config.INVITATION_TTL_HOURS * 3_600_000 + 1);
    expectError(await send(t, 'POST', '/api/v1/invitations/accept', { body: { token: invited.token, name: 'Late', password: 'late long password' } }), 400, 'invitation_invalid');
  });
});
