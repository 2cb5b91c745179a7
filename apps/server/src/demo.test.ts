import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoWorkspace } from './demo';
import { createTestApp, type TestApp } from './test-support';

describe('demo workspace', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is created once, with records across every stage, even when two starts race', async () => {
    const deps = { db: t.db, identity: t.identity, core: t.core, email: 'demo@example.com', password: 'demo-password-1' };
    const results = await Promise.all([ensureDemoWorkspace(deps), ensureDemoWorkspace(deps)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await ensureDemoWorkspace(deps)).created).toBe(false);

    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'demo@example.com', password: 'demo-password-1' } });
    const headers = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
    const deals = (await t.app.inject({ method: 'GET', url: '/api/v1/deals?limit=200', headers })).json<{ data: { stageId: string }[] }>().data;
    const pipelines = (await t.app.inject({ method: 'GET', url: '/api/v1/pipelines', headers })).json<{ data: { stages: { id: string }[] }[] }>().data;
    const stages = pipelines[0]?.stages.map((s) => s.id) ?? [];
    expect(new Set(deals.map((d) => d.stageId))).toEqual(new Set(stages));
    const contacts = (await t.app.inject({ method: 'GET', url: '/api/v1/contacts?limit=200', headers })).json<{ data: unknown[] }>().data;
    expect(contacts.length).toBeGreaterThan(10);
  });
});
