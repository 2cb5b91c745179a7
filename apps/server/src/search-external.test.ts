import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeElasticsearch, startFakePinecone } from '@nexus/search/testing';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface Result {
  type: string;
  id: string;
  title: string;
}

/** Elasticsearch makes writes searchable at its next refresh: ask until the answer settles. */
async function eventually<T>(fn: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await fn();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('search with Elasticsearch and Pinecone configured (local servers speaking their protocols)', () => {
  let elastic: Awaited<ReturnType<typeof startFakeElasticsearch>>;
  let pinecone: Awaited<ReturnType<typeof startFakePinecone>>;
  let t: TestApp;
  let owner: SignedUp;
  let other: SignedUp;
  const ids: Record<string, string> = {};

  async function create(who: SignedUp, object: string, payload: Record<string, unknown>): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/${object}`, headers: who.headers, payload });
    if (res.statusCode !== 201) throw new Error(`create ${object} failed: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>().id;
  }

  async function results(who: SignedUp, query: Record<string, string>): Promise<Result[]> {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/search', headers: who.headers, query });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ data: Result[] }>().data;
  }

  beforeAll(async () => {
    elastic = await startFakeElasticsearch();
    pinecone = await startFakePinecone({ apiKey: 'pc-test-key' });
    t = await createTestApp({
      relay: true,
      env: {
        SEARCH_LSA_MIN_DOCUMENTS: '3',
        ELASTICSEARCH_URL: elastic.url,
        PINECONE_API_KEY: 'pc-test-key',
        PINECONE_INDEX: pinecone.indexName,
        PINECONE_INDEX_HOST: pinecone.host,
      },
    });
    owner = await t.signup();
    other = await t.signup();
    ids.acme = await create(owner, 'companies', { name: 'Acme Corp', domain: 'acme.com' });
    ids.john = await create(owner, 'contacts', { firstName: 'John', lastName: 'Smith', emails: ['john.smith@acme.com'] });
    ids.note = await create(owner, 'activities', { type: 'note', subject: 'Renewal', body: 'Renewal contract for next year, pricing agreed.' });
    ids.note2 = await create(owner, 'activities', { type: 'note', subject: 'Budget', body: 'Budget for the renewal contract approved.' });
    ids.otherSmith = await create(other, 'contacts', { firstName: 'Anna', lastName: 'Smith' });
    await t.relay?.drain();
    await t.search.worker.drain();
  });
  afterAll(async () => {
    await t.close();
    await elastic.close();
    await pinecone.close();
  });

  it('indexes every change into Elasticsearch and answers keyword searches from it', async () => {
    const data = await eventually(
      () => results(owner, { q: 'john smith', mode: 'keyword' }),
      (d) => d.length > 0,
    );
    expect(data[0]).toMatchObject({ type: 'contacts', id: ids.john, title: 'John Smith' });
    const searches = elastic.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/_search'));
    expect(searches.length).toBeGreaterThan(0);
    expect(elastic.requests.some((r) => r.path.endsWith('/_bulk'))).toBe(true);
    const theirs = await eventually(
      () => results(other, { q: 'smith', mode: 'keyword' }),
      (d) => d.length > 0,
    );
    expect(theirs.map((r) => r.id)).toEqual([ids.otherSmith]);
  });

  it('keeps vectors in Pinecone, one namespace per workspace model, and answers semantic searches from it', async () => {
    expect(pinecone.requests.some((r) => r.path === '/vectors/upsert')).toBe(true);
    const data = await results(owner, { q: 'renewal contract', mode: 'semantic' });
    expect(data.map((r) => r.id)).toEqual(expect.arrayContaining([ids.note, ids.note2]));
    const query = pinecone.requests.filter((r) => r.path === '/query').at(-1);
    expect(JSON.stringify(query?.body)).toContain(owner.workspaceId);
    expect(query?.headers['api-key']).toBe('pc-test-key');
    const { rows } = await t.db.systemQuery<{ n: string }>('select count(*) as n from search_vectors');
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('removes deleted records from both engines', async () => {
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${ids.note2}`, headers: owner.headers })).statusCode).toBe(204);
    await t.relay?.drain();
    await t.search.worker.drain();
    expect(pinecone.requests.some((r) => r.path === '/vectors/delete')).toBe(true);
    const semantic = await results(owner, { q: 'renewal contract', mode: 'semantic' });
    expect(semantic.map((r) => r.id)).not.toContain(ids.note2);
    const keyword = await eventually(
      () => results(owner, { q: 'budget', mode: 'keyword' }),
      (d) => d.length === 0,
    );
    expect(keyword.map((r) => r.id)).not.toContain(ids.note2);
  });

  it('drops a deleted record from results at once, even while Elasticsearch cannot take the deletion', async () => {
    const id = await create(owner, 'contacts', { firstName: 'Temporary', lastName: 'Person' });
    await t.relay?.drain();
    await t.search.worker.drain();
    expect((await eventually(() => results(owner, { q: 'temporary person', mode: 'keyword' }), (d) => d.length > 0)).map((r) => r.id)).toEqual([id]);
    elastic.failNext(500, 3);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${id}`, headers: owner.headers })).statusCode).toBe(204);
    // The index takes the deletion without calling Elasticsearch, which still holds the document.
    await t.relay?.drain();
    expect((await results(owner, { q: 'temporary person', mode: 'keyword' })).map((r) => r.id)).not.toContain(id);
    await t.search.worker.runOnce();
    expect((await t.search.lag()).pendingExternal).toBeGreaterThan(0);
    for (let i = 0; i < 10 && (await t.search.lag()).pendingExternal > 0; i += 1) await t.search.worker.runOnce();
    expect((await t.search.lag()).pendingExternal).toBe(0);
    const removed = elastic.requests.filter((r) => r.path.endsWith('/_bulk') && JSON.stringify(r.body).includes(id) && JSON.stringify(r.body).includes('delete'));
    expect(removed.length).toBeGreaterThan(0);
  });

  it('checks Elasticsearch against the records and repairs it', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/search/consistency', headers: owner.headers });
    const report = res.json<{ engines: Array<{ engine: string; consistent: boolean }>; consistent: boolean }>();
    expect(report.engines.map((e) => e.engine)).toEqual(['postgres', 'elasticsearch']);
    expect(report.consistent).toBe(true);
  });

  it('answers from PostgreSQL while Elasticsearch fails, and without vectors while Pinecone fails', async () => {
    elastic.failNext(500, 10);
    pinecone.failNext(500, 10);
    const data = await results(owner, { q: 'jhon smth' });
    expect(data[0]?.id).toBe(ids.john);
  });
});
