import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, newId } from '@nexus/platform';
import { createTestDb, isRealPostgres, type TestDb } from '@nexus/testing';
import { createAiStore } from './ai-store';

describe('AI usage store', () => {
  let t: TestDb;
  const workspace = newId();

  beforeAll(async () => {
    t = await createTestDb();
    await t.db.systemQuery(`insert into workspaces (id, name) values ($1, 'W')`, [workspace]);
  });
  afterAll(() => t.close());

  // Only PostgreSQL writes usage records side by side, so that one is always in flight; PGlite runs them one at a time.
  it.runIf(isRealPostgres)("answers the month's spend while usage keeps arriving", async () => {
    const store = createAiStore({ db: t.db, log: createLogger({ level: 'silent' }), providerKind: () => 'cloud' });
    const call = { workspaceId: workspace, userId: undefined, feature: 'analyze', promptVersion: 1, provider: 'openai', model: 'gpt-5-mini', inputTokens: 10, outputTokens: 10, costUsd: 0.01, latencyMs: 5, outcome: 'ok' as const, streamed: false };
    let busy = true;
    const traffic = (async () => {
      // A new call is recorded every round trip, while each record takes several: one is always being written.
      while (busy) {
        store.record({ ...call, at: new Date() });
        await t.db.systemQuery('select 1');
      }
    })();
    const spent = await Promise.race([store.spentThisMonth(workspace, new Date()), new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 3_000))]);
    busy = false;
    await traffic;
    await store.flush();
    expect(spent).not.toBe('waiting');
    expect(spent).toBeGreaterThan(0);
  });
});
