import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface Result {
  id: string;
}

async function create(t: TestApp, who: SignedUp, payload: Record<string, unknown>): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/activities', headers: who.headers, payload: { type: 'note', ...payload } });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>().id;
}

async function settle(t: TestApp): Promise<void> {
  await t.relay?.drain();
  await t.search.worker.drain();
}

async function semantic(t: TestApp, who: SignedUp, q: string): Promise<string[]> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/search', headers: who.headers, query: { q, mode: 'semantic' } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: Result[] }>().data.map((r) => r.id);
}

async function models(t: TestApp, who: SignedUp) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/search/models', headers: who.headers });
  return res.json<{ data: Array<{ model: string; provider: string; state: string; dimensions: number; documentCount: number }> }>().data;
}

describe('the LSA embedding model of a workspace', () => {
  let t: TestApp;
  let owner: SignedUp;
  let offsetMs = 0;

  beforeAll(async () => {
    t = await createTestApp({ relay: true, env: { SEARCH_LSA_MIN_DOCUMENTS: '3', SEARCH_HNSW_THRESHOLD: '3' }, clock: { now: () => new Date(Date.now() + offsetMs) } });
    owner = await t.signup();
  });
  afterAll(() => t.close());

  it('is trained once the workspace has enough text, and retrained in the background when its text has doubled', async () => {
    await create(t, owner, { subject: 'Pricing', body: 'Pricing discussion for the enterprise plan.' });
    await settle(t);
    expect(await models(t, owner)).toEqual([]);
    const renewal = await create(t, owner, { subject: 'Renewal', body: 'Renewal contract signed for next year.' });
    await create(t, owner, { subject: 'Kickoff', body: 'Kickoff meeting with the onboarding team.' });
    await settle(t);
    const first = await models(t, owner);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ provider: 'lsa', state: 'active', documentCount: 3 });
    expect(await semantic(t, owner, 'renewal contract')).toContain(renewal);

    for (const body of ['Shipping delays on the hardware order.', 'Security review questionnaire returned.', 'Invoice overdue, reminder sent.']) {
      await create(t, owner, { subject: 'Update', body });
    }
    offsetMs += 61_000;
    await settle(t);
    const second = await models(t, owner);
    expect(second.map((m) => m.state).sort()).toEqual(['active', 'retired']);
    const active = second.find((m) => m.state === 'active');
    expect(active?.documentCount).toBe(6);
    expect(active?.model).not.toBe(first[0]?.model);
    // Only the active model's vectors remain, one per document.
    const { rows } = await t.db.systemQuery<{ model: string; n: string }>('select model, count(*) as n from search_vectors where workspace_id = $1 group by model', [owner.workspaceId]);
    expect(rows).toEqual([{ model: active?.model, n: '6' }]);
    expect(await semantic(t, owner, 'overdue invoice')).not.toEqual([]);
  });

  it('gives a model its own HNSW index once it holds enough vectors, where pgvector is installed', async () => {
    const { rows: extension } = await t.db.systemQuery("select 1 from pg_extension where extname = 'vector'");
    const { rows: indexes } = await t.db.systemQuery<{ indexdef: string }>("select indexdef from pg_indexes where indexname like 'search_vectors_hnsw_%'");
    const active = (await models(t, owner)).find((m) => m.state === 'active');
    if (extension.length === 0) {
      // PostgreSQL without pgvector: vectors are arrays searched exactly.
      expect(indexes).toEqual([]);
      return;
    }
    const own = indexes.find((i) => i.indexdef.includes('hnsw') && i.indexdef.includes(`'${active?.model}'`));
    expect(own?.indexdef).toMatch(/m='?16'?, ef_construction='?64'?/);
  });
});

describe('embeddings from an OpenAI-compatible server', () => {
  let server: Server;
  const seen: Array<{ model: string; input: string[]; authorization: string | undefined }> = [];
  let t: TestApp;
  let owner: SignedUp;

  /** A bag-of-words embedding: texts that share words point the same way, as a real model's would. */
  function embed(text: string): number[] {
    const vector = new Array<number>(64).fill(0);
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      let hash = 0;
      for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 64;
      vector[hash] = (vector[hash] ?? 0) + 1;
    }
    return vector;
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
          res.writeHead(404).end();
          return;
        }
        const request = JSON.parse(body) as { model: string; input: string[] };
        seen.push({ model: request.model, input: request.input, authorization: req.headers.authorization });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            model: request.model,
            data: request.input.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await createTestApp({
      relay: true,
      env: { EMBEDDING_PROVIDER: 'openai', EMBEDDING_API_URL: `http://127.0.0.1:${port}/v1`, EMBEDDING_API_KEY: 'sk-local-test', EMBEDDING_MODEL: 'test-embed' },
    });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('embeds documents and queries with the configured model', async () => {
    const renewal = await create(t, owner, { subject: 'Renewal', body: 'Renewal contract signed for next year.' });
    await create(t, owner, { subject: 'Kickoff', body: 'Kickoff meeting with the onboarding team.' });
    await settle(t);
    expect(await models(t, owner)).toEqual([expect.objectContaining({ model: 'openai:test-embed:64', provider: 'openai', state: 'active', dimensions: 64 })]);
    expect((await semantic(t, owner, 'contract renewal'))[0]).toBe(renewal);
    expect(seen.every((r) => r.model === 'test-embed' && r.authorization === 'Bearer sk-local-test')).toBe(true);
    expect(seen.some((r) => r.input.includes('contract renewal'))).toBe(true);
  });
});
