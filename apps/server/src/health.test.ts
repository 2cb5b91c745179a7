import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createTestApp, type TestApp } from './test-support';

describe('operability endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz while alive', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports the database, migrations and cache as ready on /readyz', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ status: string; checks: Record<string, { ok: boolean }> }>();
    expect(body.status).toBe('ready');
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.migrations?.ok).toBe(true);
    expect(body.checks.cache?.ok).toBe(true);
  });

  it('exposes request counts and latency per route on /metrics', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/nexus_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.body).toContain('nexus_http_request_duration_seconds_bucket');
    expect(res.body).toContain('nexus_db_pool_connections');
  });

  it('serves an OpenAPI 3.1 document describing the record routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/contacts', '/api/v1/contacts/{id}', '/api/v1/auth/signup', '/api/v1/pipelines']));
    const create = doc.paths['/api/v1/contacts']?.post?.requestBody as { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } };
    expect(Object.keys(create.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['firstName', 'emails', 'customFields']));
  });

  it('answers an unknown route with a 404 in the error shape and a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'x-request-id': 'abc-123' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.json()).toEqual({ error: { code: 'route_not_found', message: expect.any(String), requestId: 'abc-123' } });
  });

  it('reports outbox lag on /readyz and /metrics when the worker role runs', async () => {
    const worker = await createTestApp({ relay: true });
    try {
      const user = await worker.signup();
      await worker.app.inject({ method: 'POST', url: '/api/v1/companies', headers: user.headers, payload: { name: 'Lagging' } });
      const ready = await worker.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json<{ checks: { outbox?: { ok: boolean; detail: string } } }>().checks.outbox).toEqual({ ok: true, detail: expect.stringMatching(/^\d+ pending/) });
      const metrics = (await worker.app.inject({ method: 'GET', url: '/metrics' })).body;
      // The relay is not started here, so the company's event (at least) is still pending.
      expect(Number(/nexus_outbox_pending_events (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
      expect(metrics).toMatch(/nexus_outbox_lag_seconds [\d.e+-]+/);
      expect(metrics).toMatch(/nexus_outbox_dead_letters 0/);
    } finally {
      await worker.close();
    }
  });

  it('writes JSON log lines that carry the request id and never the bearer token', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const logged = await createTestApp({ env: { LOG_LEVEL: 'info' }, logDestination: stream });
    try {
      const user = await logged.signup();
      await logged.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { ...user.headers, 'x-request-id': 'trace-me-42' } });
      const entries = lines.map((line) => JSON.parse(line) as { reqId?: string; msg?: string });
      expect(entries.some((e) => e.reqId === 'trace-me-42' && e.msg === 'request completed')).toBe(true);
      expect(lines.join('\n')).not.toContain(user.token);
    } finally {
      await logged.close();
    }
  });
});
