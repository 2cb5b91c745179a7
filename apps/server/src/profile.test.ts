import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function send(t: TestApp, method: Method, url: string, options: { token?: string; body?: unknown } = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

interface ErrorBody {
  code: string;
  message: string;
  details?: { path: string; message: string }[];
}

function expectError(res: LightMyRequestResponse, status: number, code: string): ErrorBody {
  const { error } = res.json<{ error: ErrorBody }>();
  expect({ status: res.statusCode, code: error.code }).toEqual({ status, code });
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

async function login(t: TestApp, email: string, password: string): Promise<LightMyRequestResponse> {
  return send(t, 'POST', '/api/v1/auth/login', { body: { email, password } });
}

async function loginToken(t: TestApp, user: SignedUp): Promise<string> {
  const res = await login(t, user.email, user.password);
  expect(res.statusCode).toBe(200);
  return res.json<{ token: string }>().token;
}

const newPassword = 'a brand new passphrase';

describe('profile: name', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('renames the caller and answers the user view; /auth/me and the member list show the new name', async () => {
    const user = await t.signup({ name: 'Old Name' });
    const res = await send(t, 'PATCH', '/api/v1/auth/me', { token: user.token, body: { name: '  Ada Lovelace  ' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: user.userId, email: user.email, name: 'Ada Lovelace', createdAt: expect.any(String) });
    const me = await send(t, 'GET', '/api/v1/auth/me', { token: user.token });
    expect(me.json<{ user: { name: string } }>().user.name).toBe('Ada Lovelace');
    const members = await send(t, 'GET', '/api/v1/members', { token: user.token });
    expect(members.json<{ data: { userId: string; name: string }[] }>().data.find((m) => m.userId === user.userId)?.name).toBe('Ada Lovelace');
  });

  it('answers 400 validation_failed naming the field for an empty or too long name, and refuses unknown fields', async () => {
    const user = await t.signup({ name: 'Keeps Name' });
    const empty = expectError(await send(t, 'PATCH', '/api/v1/auth/me', { token: user.token, body: { name: '   ' } }), 400, 'validation_failed');
    expect(empty.details?.map((d) => d.path)).toEqual(['name']);
    const long = expectError(await send(t, 'PATCH', '/api/v1/auth/me', { token: user.token, body: { name: 'x'.repeat(201) } }), 400, 'validation_failed');
    expect(long.details?.map((d) => d.path)).toEqual(['name']);
    expectError(await send(t, 'PATCH', '/api/v1/auth/me', { token: user.token, body: { name: 'Ok', email: 'new@example.com' } }), 400, 'validation_failed');
    expectError(await send(t, 'PATCH', '/api/v1/auth/me', { token: user.token, body: {} }), 400, 'validation_failed');
    const me = await send(t, 'GET', '/api/v1/auth/me', { token: user.token });
    expect(me.json<{ user: { name: string; email: string } }>().user).toMatchObject({ name: 'Keeps Name', email: user.email });
  });

  it('cannot be changed with an API key, only by the signed-in person', async () => {
    const user = await t.signup();
    const { key } = (await send(t, 'POST', '/api/v1/api-keys', { token: user.token, body: { name: 'ci', scopes: ['read', 'write', 'admin'] } })).json<{ key: string }>();
    expectError(await send(t, 'PATCH', '/api/v1/auth/me', { token: key, body: { name: 'Robot' } }), 403, 'forbidden');
    expectError(await send(t, 'POST', '/api/v1/auth/password', { token: key, body: { currentPassword: user.password, newPassword } }), 403, 'forbidden');
  });
});

describe('profile: password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
  });
  afterAll(() => t.close());

  it('changes the password: 204, then the old password is refused at sign-in and the new one accepted', async () => {
    const user = await t.signup();
    const res = await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: user.password, newPassword } });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expectError(await login(t, user.email, user.password), 401, 'invalid_credentials');
    expect((await login(t, user.email, newPassword)).statusCode).toBe(200);
    const stored = await t.db.systemQuery<{ password_hash: string }>('select password_hash from users where id = $1', [user.userId]);
    expect(stored.rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("ends the account's other sessions at once, even remembered ones and those in other workspaces, and keeps the calling one", async () => {
    const user = await t.signup();
    const other = await loginToken(t, user);
    // A second workspace and a session pointed at it.
    const second = await send(t, 'POST', '/api/v1/workspaces', { token: user.token, body: { name: 'Side project' } });
    expect(second.statusCode).toBe(201);
    const elsewhere = await loginToken(t, user);
    expect((await send(t, 'POST', '/api/v1/auth/switch-workspace', { token: elsewhere, body: { workspaceId: second.json<{ id: string }>().id } })).statusCode).toBe(200);
    // Used just now, so their resolution sits in the auth cache.
    for (const token of [other, elsewhere]) expect((await send(t, 'GET', '/api/v1/contacts', { token })).statusCode).toBe(200);

    expect((await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: user.password, newPassword } })).statusCode).toBe(204);

    for (const token of [other, elsewhere]) expectError(await send(t, 'GET', '/api/v1/contacts', { token }), 401, 'invalid_token');
    expect((await send(t, 'GET', '/api/v1/contacts', { token: user.token })).statusCode).toBe(200);
    expect((await send(t, 'GET', '/api/v1/auth/me', { token: user.token })).statusCode).toBe(200);
  });

  it('leaves API keys working: they do not come from the password', async () => {
    const user = await t.signup();
    const { key } = (await send(t, 'POST', '/api/v1/api-keys', { token: user.token, body: { name: 'ci', scopes: ['read'] } })).json<{ key: string }>();
    expect((await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: user.password, newPassword } })).statusCode).toBe(204);
    expect((await send(t, 'GET', '/api/v1/contacts', { token: key })).statusCode).toBe(200);
  });

  it('refuses a wrong current password with 403 incorrect_password on the currentPassword field, and changes nothing', async () => {
    const user = await t.signup();
    const other = await loginToken(t, user);
    const error = expectError(
      await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: 'not my password', newPassword } }),
      403,
      'incorrect_password',
    );
    expect(error.details).toEqual([{ path: 'currentPassword', message: expect.any(String) }]);
    // Neither the session that asked nor any other one ends over a typo.
    expect((await send(t, 'GET', '/api/v1/auth/me', { token: user.token })).statusCode).toBe(200);
    expect((await send(t, 'GET', '/api/v1/auth/me', { token: other })).statusCode).toBe(200);
    expectError(await login(t, user.email, newPassword), 401, 'invalid_credentials');
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('keeps a browser signed in when its current password is wrong (no 401 that would drop the cookie)', async () => {
    const user = await t.signup();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { 'x-nexus-client': 'web' },
      cookies: { nexus_session: user.token },
      payload: { currentPassword: 'not my password', newPassword },
    });
    expectError(res, 403, 'incorrect_password');
    const setCookie = res.headers['set-cookie'];
    expect(setCookie === undefined ? [] : ([] as string[]).concat(setCookie)).not.toContainEqual(expect.stringMatching(/^nexus_session=/));
  });

  it('counts wrong current passwords towards the login throttle of the account', async () => {
    const user = await t.signup();
    for (let i = 0; i < 3; i += 1) {
      expectError(await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: `guess ${i}`, newPassword } }), 403, 'incorrect_password');
    }
    expectError(await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: user.password, newPassword } }), 429, 'login_throttled');
    expectError(await login(t, user.email, user.password), 429, 'login_throttled');
  });

  it('answers 400 validation_failed naming the field for a short, missing or unchanged new password', async () => {
    const user = await t.signup();
    const short = expectError(await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: user.password, newPassword: 'short' } }), 400, 'validation_failed');
    expect(short.details?.map((d) => d.path)).toEqual(['newPassword']);
    const missing = expectError(await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { newPassword } }), 400, 'validation_failed');
    expect(missing.details?.map((d) => d.path)).toEqual(['currentPassword']);
    const same = expectError(
      await send(t, 'POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: user.password, newPassword: user.password } }),
      400,
      'validation_failed',
    );
    expect(same.details?.map((d) => d.path)).toEqual(['newPassword']);
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('answers 401 without a session', async () => {
    expectError(await send(t, 'POST', '/api/v1/auth/password', { body: { currentPassword: 'x', newPassword } }), 401, 'unauthenticated');
    expectError(await send(t, 'PATCH', '/api/v1/auth/me', { body: { name: 'Nobody' } }), 401, 'unauthenticated');
  });
});
