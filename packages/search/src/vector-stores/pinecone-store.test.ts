import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchType, VectorItem } from '../ports';
import { createPineconeStore, type PineconeStoreOptions } from './pinecone-store';
import { startFakePinecone, type FakePinecone, type FakePineconeOptions } from './testing/fake-pinecone';

const allTypes: SearchType[] = ['contacts', 'companies', 'deals', 'activities'];
const started: FakePinecone[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((pinecone) => pinecone.close()));
});

async function setup(options: Partial<PineconeStoreOptions> = {}, fake: FakePineconeOptions = {}) {
  // The client caches index hosts per API key and index name for the whole process, so each test has its own key.
  const apiKey = `pc-test-${randomUUID()}`;
  const pinecone = await startFakePinecone({ apiKey, ...fake });
  started.push(pinecone);
  const store = createPineconeStore({ apiKey, index: pinecone.indexName, indexHost: pinecone.host, ...options });
  return { apiKey, pinecone, store };
}

function item(type: SearchType, id: string, values: number[], ownerIds: string[] = ['u1']): VectorItem {
  return { type, id, values: Float32Array.from(values), ownerIds };
}

function vec(...values: number[]): Float32Array {
  return Float32Array.from(values);
}

function requestsTo(pinecone: FakePinecone, path: string) {
  return pinecone.requests.filter((request) => request.path === path);
}

describe('Pinecone vector store', () => {
  it('returns the nearest records first, scored by cosine similarity', async () => {
    const { store } = await setup();
    await store.upsert('ws-a', 'lsa-v1', [item('companies', 'k1', [0, 0, 1]), item('contacts', 'c2', [1, 1, 0]), item('contacts', 'c1', [2, 0, 0])]);

    const hits = await store.query('lsa-v1', vec(1, 0, 0), { workspaceId: 'ws-a', types: allTypes, limit: 10 });

    expect(hits.map((hit) => `${hit.type}:${hit.id}`)).toEqual(['contacts:c1', 'contacts:c2', 'companies:k1']);
    expect(hits[0]?.score).toBeCloseTo(1, 6);
    expect(hits[1]?.score).toBeCloseTo(Math.SQRT1_2, 6);
    expect(hits[2]?.score).toBeCloseTo(0, 6);
    const top = await store.query('lsa-v1', vec(1, 0, 0), { workspaceId: 'ws-a', types: allTypes, limit: 1 });
    expect(top.map((hit) => hit.id)).toEqual(['c1']);
  });

  it('keeps workspaces and models apart', async () => {
    const { pinecone, store } = await setup();
    await store.upsert('ws-a', 'model-1', [item('contacts', 'c1', [1, 0])]);
    await store.upsert('ws-a', 'model-2', [item('contacts', 'c2', [1, 0])]);
    await store.upsert('ws-b', 'model-1', [item('contacts', 'c3', [1, 0])]);
    const query = (workspaceId: string, model: string) => store.query(model, vec(1, 0), { workspaceId, types: allTypes, limit: 10 });

    expect((await query('ws-a', 'model-1')).map((hit) => hit.id)).toEqual(['c1']);
    expect((await query('ws-a', 'model-2')).map((hit) => hit.id)).toEqual(['c2']);
    expect((await query('ws-b', 'model-1')).map((hit) => hit.id)).toEqual(['c3']);
    expect(await query('ws-b', 'model-2')).toEqual([]);
    expect(requestsTo(pinecone, '/vectors/upsert').map((request) => (request.body as { namespace: string }).namespace)).toEqual([
      'ws-a__model-1',
      'ws-a__model-2',
      'ws-b__model-1',
    ]);
  });

  it('gives model ids that differ only in punctuation their own namespaces', async () => {
    const { pinecone, store } = await setup();
    await store.upsert('ws-a', 'org/model:v1', [item('contacts', 'c1', [1, 0])]);
    await store.upsert('ws-a', 'org_model_v1', [item('contacts', 'c2', [1, 0])]);

    expect(await store.count('ws-a', 'org/model:v1')).toBe(1);
    expect(await store.count('ws-a', 'org_model_v1')).toBe(1);
    const namespaces = requestsTo(pinecone, '/vectors/upsert').map((request) => (request.body as { namespace: string }).namespace);
    expect(namespaces).toEqual(['ws-a__org%2Fmodel%3Av1', 'ws-a__org%5Fmodel%5Fv1']);
  });

  it('returns only the requested types', async () => {
    const { store } = await setup();
    await store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0]), item('companies', 'k1', [1, 0.1]), item('deals', 'd1', [1, 0.2])]);

    const hits = await store.query('m', vec(1, 0), { workspaceId: 'ws-a', types: ['companies', 'deals'], limit: 10 });

    expect(hits.map((hit) => `${hit.type}:${hit.id}`)).toEqual(['companies:k1', 'deals:d1']);
  });

  it('returns only records the user owns when visibleTo is set', async () => {
    const { pinecone, store } = await setup();
    await store.upsert('ws-a', 'm', [
      item('contacts', 'mine', [1, 0], ['u1']),
      item('contacts', 'shared', [1, 0.1], ['u2', 'u1']),
      item('contacts', 'theirs', [1, 0.2], ['u2']),
      item('contacts', 'nobodys', [1, 0.3], []),
    ]);
    const query = (visibleTo?: string) => store.query('m', vec(1, 0), { workspaceId: 'ws-a', types: ['contacts'], visibleTo, limit: 10 });

    expect((await query('u1')).map((hit) => hit.id)).toEqual(['mine', 'shared']);
    expect((await query('u2')).map((hit) => hit.id)).toEqual(['shared', 'theirs']);
    expect((await query(undefined)).map((hit) => hit.id)).toEqual(['mine', 'shared', 'theirs', 'nobodys']);
    expect(requestsTo(pinecone, '/query')[1]?.body).toMatchObject({
      namespace: 'ws-a__m',
      topK: 10,
      includeMetadata: true,
      filter: { type: { $in: ['contacts'] }, owner_ids: { $in: ['u2'] } },
    });
  });

  it('replaces a record upserted again, owners included', async () => {
    const { store } = await setup();
    await store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0], ['u1'])]);
    await store.upsert('ws-a', 'm', [item('contacts', 'c1', [0, 1], ['u2'])]);

    expect(await store.count('ws-a', 'm')).toBe(1);
    const hits = await store.query('m', vec(0, 1), { workspaceId: 'ws-a', types: allTypes, visibleTo: 'u2', limit: 5 });
    expect(hits).toEqual([{ type: 'contacts', id: 'c1', score: expect.closeTo(1, 6) }]);
    expect(await store.query('m', vec(0, 1), { workspaceId: 'ws-a', types: allTypes, visibleTo: 'u1', limit: 5 })).toEqual([]);
  });

  it('removes records from every model of their workspace and from no other workspace', async () => {
    const { pinecone, store } = await setup();
    await store.upsert('ws-a', 'model-1', [item('contacts', 'c1', [1, 0]), item('contacts', 'c2', [0, 1])]);
    await store.upsert('ws-a', 'model-2', [item('contacts', 'c1', [1, 0])]);
    await store.upsert('ws-a-2', 'model-1', [item('contacts', 'c1', [1, 0])]);
    await store.upsert('ws-b', 'model-1', [item('contacts', 'c1', [1, 0])]);

    await store.remove('ws-a', [{ type: 'contacts', id: 'c1' }, { type: 'deals', id: 'never-stored' }]);

    expect(await store.count('ws-a', 'model-1')).toBe(1);
    expect(await store.count('ws-a', 'model-2')).toBe(0);
    expect(await store.count('ws-a-2', 'model-1')).toBe(1);
    expect(await store.count('ws-b', 'model-1')).toBe(1);
    expect((await store.query('model-1', vec(1, 0), { workspaceId: 'ws-a', types: allTypes, limit: 5 })).map((hit) => hit.id)).toEqual(['c2']);
    const deletes = requestsTo(pinecone, '/vectors/delete').map((request) => request.body);
    expect(deletes).toEqual([
      { ids: ['contacts:c1', 'deals:never-stored'], namespace: 'ws-a__model-1' },
      { ids: ['contacts:c1', 'deals:never-stored'], namespace: 'ws-a__model-2' },
    ]);
  });

  it('removes nothing and sends no delete when the workspace has no vectors', async () => {
    const { pinecone, store } = await setup();
    await store.upsert('ws-b', 'm', [item('contacts', 'c1', [1, 0])]);

    await store.remove('ws-a', [{ type: 'contacts', id: 'c1' }]);
    await store.remove('ws-b', []);

    expect(requestsTo(pinecone, '/vectors/delete')).toEqual([]);
    expect(await store.count('ws-b', 'm')).toBe(1);
  });

  it('drops one model of one workspace; dropping a model never stored is no error', async () => {
    const { store } = await setup();
    await store.upsert('ws-a', 'old', [item('contacts', 'c1', [1, 0]), item('deals', 'd1', [0, 1])]);
    await store.upsert('ws-a', 'new', [item('contacts', 'c1', [1, 0])]);
    await store.upsert('ws-b', 'old', [item('contacts', 'c1', [1, 0])]);

    await store.removeModel('ws-a', 'old');
    await store.removeModel('ws-a', 'never-used');

    expect(await store.count('ws-a', 'old')).toBe(0);
    expect(await store.count('ws-a', 'new')).toBe(1);
    expect(await store.count('ws-b', 'old')).toBe(1);
  });

  it('counts the records of one model in one workspace, 0 when it has none', async () => {
    const { store } = await setup();
    await store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0]), item('contacts', 'c2', [0, 1]), item('deals', 'd1', [1, 1])]);

    expect(await store.count('ws-a', 'm')).toBe(3);
    expect(await store.count('ws-a', 'other')).toBe(0);
    expect(await store.count('ws-z', 'm')).toBe(0);
  });

  it('sends the API key and the API version with every request', async () => {
    const { apiKey, pinecone, store } = await setup();
    const withControlPlane = createPineconeStore({ apiKey, index: pinecone.indexName, controllerHostUrl: pinecone.url });
    await withControlPlane.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0])]);
    await store.count('ws-a', 'm');

    expect(pinecone.requests.length).toBeGreaterThanOrEqual(3);
    for (const request of pinecone.requests) {
      expect(request.headers['api-key']).toBe(apiKey);
      expect(request.headers['x-pinecone-api-version']).toBe('2026-04');
    }
  });

  it('asks the control plane for the index host once when none is configured', async () => {
    const { apiKey, pinecone } = await setup();
    const store = createPineconeStore({ apiKey, index: pinecone.indexName, controllerHostUrl: pinecone.url });

    await store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0])]);
    const hits = await store.query('m', vec(1, 0), { workspaceId: 'ws-a', types: allTypes, limit: 5 });
    await store.removeModel('ws-a', 'm');

    expect(hits.map((hit) => hit.id)).toEqual(['c1']);
    expect(pinecone.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /indexes/${pinecone.indexName}`,
      'POST /vectors/upsert',
      'POST /query',
      'POST /vectors/delete',
    ]);
  });

  it('names the index when the control plane does not know it', async () => {
    const { apiKey, pinecone } = await setup();
    const store = createPineconeStore({ apiKey, index: 'no-such-index', controllerHostUrl: pinecone.url });

    await expect(store.count('ws-a', 'm')).rejects.toMatchObject({
      code: 'service_unavailable',
      kind: 'unexpected',
      message: expect.stringMatching(/^Pinecone vector store: count failed: .*"no-such-index".*404/),
    });
  });

  it('retries a request that failed with a server error', async () => {
    const { pinecone, store } = await setup();
    pinecone.failNext(500);

    await store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0])]);

    expect(requestsTo(pinecone, '/vectors/upsert')).toHaveLength(2);
    expect(await store.count('ws-a', 'm')).toBe(1);
  });

  it('fails with a clear, retryable error when the server keeps failing', async () => {
    const { pinecone, store } = await setup({ maxRetries: 1 });
    pinecone.failNext(500, 5);

    const failure = store.query('m', vec(1, 0), { workspaceId: 'ws-a', types: allTypes, limit: 5 });

    await expect(failure).rejects.toMatchObject({
      code: 'service_unavailable',
      kind: 'operational',
      message: 'Pinecone vector store: query failed: Pinecone answered with a server error (HTTP 5xx) on each of 2 attempts',
    });
    expect(requestsTo(pinecone, '/query')).toHaveLength(2);
  });

  it('reports a rejected API key without the key', async () => {
    const { pinecone } = await setup();
    const wrongKey = `wrong-key-${randomUUID()}`;
    const store = createPineconeStore({ apiKey: wrongKey, index: pinecone.indexName, indexHost: pinecone.host });

    const error: unknown = await store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0])]).catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      code: 'service_unavailable',
      kind: 'unexpected',
      message: 'Pinecone vector store: upsert failed: Pinecone rejected the API key (HTTP 401); check the configured key',
    });
    expect(inspect(error, { depth: 10 })).not.toContain(wrongKey);
    expect(JSON.stringify(error)).not.toContain(wrongKey);
    expect(pinecone.requests[0]?.headers['api-key']).toBe(wrongKey);
  });

  it('fails with a clear error when Pinecone does not answer in time', async () => {
    const { pinecone, store } = await setup({ requestTimeoutMs: 200 });
    pinecone.delayNext(2_000);

    await expect(store.count('ws-a', 'm')).rejects.toMatchObject({
      code: 'service_unavailable',
      kind: 'operational',
      message: 'Pinecone vector store: count failed: Pinecone did not answer within 200 ms',
    });
  });

  it('refuses vectors of mixed lengths, with non-finite values or all zeros before sending anything', async () => {
    const { pinecone, store } = await setup();

    await expect(store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0]), item('contacts', 'c2', [1, 0, 0])])).rejects.toThrow(
      'Pinecone vector store: upsert refused: item 1 (contacts:c2) has 3 dimensions where the first item has 2',
    );
    await expect(store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, Number.NaN])])).rejects.toThrow(/not a finite number/);
    await expect(store.query('m', vec(Number.POSITIVE_INFINITY, 0), { workspaceId: 'ws-a', types: allTypes, limit: 5 })).rejects.toThrow(
      /not a finite number/,
    );
    await expect(store.upsert('ws-a', 'm', [item('contacts', 'c1', [])])).rejects.toThrow(/vector is empty/);
    await expect(store.upsert('ws-a', 'm', [item('contacts', 'c1', [1, 0]), item('deals', 'd1', [0, 0])])).rejects.toThrow(
      'Pinecone vector store: upsert refused: item 1 (deals:d1) is all zeros',
    );
    expect(pinecone.requests).toEqual([]);
  });

  it('sends at most 100 records per upsert', async () => {
    const { pinecone, store } = await setup();
    const items = Array.from({ length: 250 }, (_, i) => item('contacts', `c${i}`, [1, i]));

    await store.upsert('ws-a', 'm', items);

    expect(requestsTo(pinecone, '/vectors/upsert').map((request) => (request.body as { vectors: unknown[] }).vectors.length)).toEqual([100, 100, 50]);
    expect(await store.count('ws-a', 'm')).toBe(250);
  });

  it('keeps each upsert of long vectors under Pinecone’s 2 MB request limit', async () => {
    const { pinecone, store } = await setup();
    const items = Array.from({ length: 100 }, (_, i) =>
      item(
        'contacts',
        `c${i}`,
        Array.from({ length: 3_072 }, () => Math.random() - 0.5),
      ),
    );

    await store.upsert('ws-a', 'm', items);

    const upserts = requestsTo(pinecone, '/vectors/upsert');
    expect(upserts.length).toBeGreaterThan(1);
    for (const request of upserts) expect(Buffer.byteLength(JSON.stringify(request.body))).toBeLessThan(2 * 1024 * 1024);
    expect(await store.count('ws-a', 'm')).toBe(100);
  });

  it('answers an empty type list, a zero limit or a vector without direction with no hits, without asking Pinecone', async () => {
    const { pinecone, store } = await setup();

    expect(await store.query('m', vec(1, 0), { workspaceId: 'ws-a', types: [], limit: 10 })).toEqual([]);
    expect(await store.query('m', vec(1, 0), { workspaceId: 'ws-a', types: allTypes, limit: 0 })).toEqual([]);
    expect(await store.query('m', vec(0, 0), { workspaceId: 'ws-a', types: allTypes, limit: 10 })).toEqual([]);
    expect(pinecone.requests).toEqual([]);
  });
});
