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

  it('refreshes the planner statistics of a table filled in bulk on the embedded database (PostgreSQL autovacuums by itself)', async () => {
    const user = await t.signup();
    const payload = { records: Array.from({ length: 120 }, (_v, i) => ({ name: `Bulk ${i}` })) };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/companies/batch/create', headers: user.headers, payload });
    expect(created.statusCode).toBeLessThan(300);
    // Table statistics are flushed from the backend at most once a second: wait until they show the inserts.
    for (let i = 0; i < 50; i += 1) {
      const { rows } = await t.db.systemQuery<{ changed: string }>(
        "select pg_stat_force_next_flush(), coalesce((select n_mod_since_analyze from pg_stat_user_tables where relname = 'companies'), 0)::text as changed",
      );
      if (Number(rows[0]?.changed) >= 120) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const result = await createMaintenance({ db: t.db, log: createLogger({ level: 'silent' }) }).runOnce();
    if (t.db.kind === 'pglite') {
      expect(result.analyzed).toContain('companies');
      const { rows } = await t.db.systemQuery<{ analyzed: boolean }>("select last_analyze is not null as analyzed from pg_stat_user_tables where relname = 'companies'");
      expect(rows[0]?.analyzed).toBe(true);
    } else {
      expect(result.analyzed).toEqual([]);
    }
  });
});
