import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-support';

// Runs on the in-memory store under `npm test` and on Redis under `npm run test:pg`.
describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(() => t.close());

  it('answers 429 in the error shape with Retry-After once a client passes its limit, and spares health checks', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { authorization: 'Bearer nx_limit_test' } })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { authorization: 'Bearer nx_limit_test' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client keeps its own allowance; operators' probes are never limited.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { authorization: 'Bearer nx_other_client' } })).statusCode).toBe(401);
    for (let i = 0; i < 8; i += 1) expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
