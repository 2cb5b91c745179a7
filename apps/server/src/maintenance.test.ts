import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@nexus/platform';
import { createMaintenance } from './internal/maintenance';
import { createTestApp, type TestApp } from './test-support';

describe('maintenance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('forgets idempotency keys after a day, so the key can be used again', async () => {
    const user = await t.signup();
    const headers = { ...user.headers, 'idempotency-key': 'old-key' };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers, payload: { name: 'First' } })).statusCode).toBe(201);
    await t.db.systemQuery(`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'old-key'`);
    const removed = await createMaintenance({ db: t.db, log: createLogger({ level: 'silent' }) }).runOnce();
    expect(removed.idempotencyKeys).toBe(1);
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers, payload: { name: 'Second' } });
    expect(second.statusCode).toBe(201);
    expect(second.json<{ name: string }>().name).toBe('Second');
  });
});
