import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface Entry {
  action: string;
  object: string;
  recordId: string;
  actorType: string;
  actorId: string;
  changes: Record<string, { before: unknown; after: unknown }>;
}

describe('audit log of access changes', () => {
  let t: TestApp;
  let owner: SignedUp;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup();
  });
  afterAll(() => t.close());

  const audit = async (object: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit-log?object=${object}`, headers: owner.headers });
    expect(res.statusCode).toBe(200);
    return res.json<{ data: Entry[] }>().data;
  };

  it('records invitations, role changes, API keys and visibility changes with their actor, and never a secret', async () => {
    const invite = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: owner.headers, payload: { email: 'newbie@example.com', role: 'member' } });
    const { token } = invite.json<{ token: string }>();
    const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, name: 'Newbie', password: 'newbie-password' } });
    const newbieId = accepted.json<{ user: { id: string } }>().user.id;
    await t.app.inject({ method: 'PATCH', url: `/api/v1/members/${newbieId}`, headers: owner.headers, payload: { role: 'read_only' } });
    const key = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.headers, payload: { name: 'CI', scopes: ['read'] } });
    const keyBody = key.json<{ id: string; key: string }>();
    await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${keyBody.id}`, headers: owner.headers });
    await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: owner.headers, payload: { visibility: { member: 'own' } } });

    const members = await audit('members');
    expect(members.map((e) => [e.action, e.actorId, e.changes.role])).toEqual([
      ['update', owner.userId, { before: 'member', after: 'read_only' }],
      ['create', newbieId, { before: null, after: 'member' }],
    ]);
    expect((await audit('invitations')).map((e) => e.action)).toEqual(['create']);
    const keys = await audit('api_keys');
    expect(keys.map((e) => e.action)).toEqual(['delete', 'create']);
    expect(JSON.stringify(keys)).not.toContain(keyBody.key);
    expect(JSON.stringify(await audit('invitations'))).not.toContain(token);
    const workspace = await audit('workspaces');
    expect(workspace[0]?.changes.visibility).toEqual({ before: { member: 'all', read_only: 'all' }, after: { member: 'own', read_only: 'all' } });
  });

  it('is for admins: a member gets 403', async () => {
    const invite = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: owner.headers, payload: { email: 'reader@example.com', role: 'member' } });
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: invite.json<{ token: string }>().token, name: 'Reader', password: 'reader-password' },
    });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: { authorization: `Bearer ${accepted.json<{ token: string }>().token}` } });
    expect(res.statusCode).toBe(403);
  });
});
