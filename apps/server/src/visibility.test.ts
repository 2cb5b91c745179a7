import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

describe('"only records I own" and links', () => {
  let t: TestApp;
  let owner: SignedUp;
  let member: { headers: { authorization: string } };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup();
    const invite = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: owner.headers, payload: { email: 'own@example.com', role: 'member' } });
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: invite.json<{ token: string }>().token, name: 'Own', password: 'own-password-1' },
    });
    member = { headers: { authorization: `Bearer ${accepted.json<{ token: string }>().token}` } };
    await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: owner.headers, payload: { visibility: { member: 'own' } } });
  });
  afterAll(() => t.close());

  it("cannot link to, and so cannot probe for, a record the member may not see", async () => {
    const hidden = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: owner.headers, payload: { firstName: 'Hidden' } });
    const hiddenId = hidden.json<{ id: string }>().id;
    const probe = await t.app.inject({ method: 'POST', url: '/api/v1/deals', headers: member.headers, payload: { name: 'Probe', contactIds: [hiddenId] } });
    expect(probe.statusCode).toBe(422);
    expect(probe.json<{ error: { code: string } }>().error.code).toBe('invalid_reference');
    const own = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: member.headers, payload: { firstName: 'Mine' } });
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/deals', headers: member.headers, payload: { name: 'Mine', contactIds: [own.json<{ id: string }>().id] } });
    expect(ok.statusCode).toBe(201);
  });
});
