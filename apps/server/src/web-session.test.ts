import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-support';

function sessionCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return all.find((c) => c.startsWith('nexus_session='));
}

describe('web app sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const web = { 'x-nexus-client': 'web' };

  it('signs the web app in with an HttpOnly, SameSite=Strict cookie and keeps the token out of the page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: web,
      payload: { email: 'cookie@example.com', password: 'correct horse battery staple', name: 'Cookie', workspaceName: 'Crumbs' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<Record<string, unknown>>();
    expect(body.token).toBeUndefined();
    expect(body.user).toMatchObject({ email: 'cookie@example.com' });
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('authenticates reads by the cookie, and writes only with the web app header', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: web, payload: { email: 'cookie@example.com', password: 'correct horse battery staple' } });
    expect(login.statusCode).toBe(200);
    const token = /nexus_session=([^;]+)/.exec(sessionCookieOf(login.headers['set-cookie']) ?? '')?.[1];
    expect(token).toBeTruthy();
    const cookies = { nexus_session: token ?? '' };

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { email: string } }>().user.email).toBe('cookie@example.com');

    // A forged cross-site form post carries the cookie but cannot add the header.
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies, payload: { firstName: 'Forged' } });
    expect(forged.statusCode).toBe(401);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies, headers: web, payload: { firstName: 'Real' } });
    expect(created.statusCode).toBe(201);

    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies, headers: web });
    expect(logout.statusCode).toBe(204);
    expect(sessionCookieOf(logout.headers['set-cookie'])).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies });
    expect(after.statusCode).toBe(401);
    // The dead cookie is cleared so the browser stops sending it.
    expect(sessionCookieOf(after.headers['set-cookie'])).toBeTruthy();
  });

  it('keeps the session when a form is refused for a wrong password, not for a dead session', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: web, payload: { email: 'cookie@example.com', password: 'correct horse battery staple' } });
    const token = /nexus_session=([^;]+)/.exec(sessionCookieOf(login.headers['set-cookie']) ?? '')?.[1] ?? '';
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: web,
      cookies: { nexus_session: token },
      payload: { email: 'cookie@example.com', password: 'not the password at all' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(sessionCookieOf(wrong.headers['set-cookie'])).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { nexus_session: token } })).statusCode).toBe(200);
  });

  it('leaves API clients as they were: the token in the body, no cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'cookie@example.com', password: 'correct horse battery staple' } });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ token: string }>().token).toMatch(/^nxs_/);
    expect(sessionCookieOf(res.headers['set-cookie'])).toBeUndefined();
  });

  it('marks the cookie Secure when told to, for a server behind a TLS-terminating proxy', async () => {
    const secured = await createTestApp({ env: { NEXUS_COOKIE_SECURE: 'true' } });
    try {
      const res = await secured.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        headers: web,
        payload: { email: 'secure@example.com', password: 'correct horse battery staple', name: 'Secure', workspaceName: 'Vault' },
      });
      expect(sessionCookieOf(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await secured.close();
    }
    expect(sessionCookieOf((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: web, payload: { email: 'cookie@example.com', password: 'correct horse battery staple' } })).headers['set-cookie'])).not.toMatch(/; Secure/);
  });

  it('refuses a call from a tab still showing the workspace another tab switched away from', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: web, payload: { email: 'cookie@example.com', password: 'correct horse battery staple' } });
    const first = login.json<{ workspace: { id: string } }>().workspace.id;
    const cookies = { nexus_session: /nexus_session=([^;]+)/.exec(sessionCookieOf(login.headers['set-cookie']) ?? '')?.[1] ?? '' };
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/workspaces', cookies, headers: web, payload: { name: 'Second' } });
    expect(second.statusCode).toBe(201);
    const switched = await t.app.inject({ method: 'POST', url: '/api/v1/auth/switch-workspace', cookies, headers: web, payload: { workspaceId: second.json<{ id: string }>().id } });
    expect(switched.statusCode).toBe(200);

    // The other tab still shows the first workspace: its write is refused, not filed in the second.
    const stale = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies, headers: { ...web, 'x-nexus-workspace': first }, payload: { firstName: 'Misfiled' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('workspace_changed');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/contacts?filter[firstName][eq]=Misfiled', cookies });
    expect(list.json<{ data: unknown[] }>().data).toEqual([]);
    const current = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies, headers: { ...web, 'x-nexus-workspace': second.json<{ id: string }>().id }, payload: { firstName: 'Filed' } });
    expect(current.statusCode).toBe(201);
  });
});
