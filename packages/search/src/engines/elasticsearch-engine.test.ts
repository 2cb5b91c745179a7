import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAppError } from '@nexus/platform';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchFilter } from '../ports';
import { createElasticsearchEngine, type ElasticsearchEngine } from './elasticsearch-engine';
import { startFakeElasticsearch, type FakeElasticsearch } from './testing/fake-elasticsearch';

const wsA = 'ws-a';
const wsB = 'ws-b';

function doc(overrides: Partial<SearchDocument> & { id: string }): SearchDocument {
  return {
    workspaceId: wsA,
    type: 'contacts',
    title: '',
    keys: '',
    body: '',
    ownerIds: ['user-1'],
    updatedAt: '2025-01-01T00:00:00.000Z',
    checksum: `sum-${overrides.id}`,
    ...overrides,
  };
}

const john = doc({ id: 'c1', title: 'John Smith', keys: 'john.smith@acme.com 15551234567', body: 'Head of procurement, prefers calls in the morning' });
const jane = doc({ id: 'c2', title: 'Jane Doe', keys: 'jane@globex.io', body: 'Met John at the trade fair', ownerIds: ['user-2'] });
const acme = doc({ id: 'co1', type: 'companies', title: 'Acme Corporation', keys: 'acme.com', body: 'Manufacturing, anvils and rockets' });
const renewal = doc({ id: 'd1', type: 'deals', title: 'Acme renewal 2025', body: 'Negotiating the annual renewal with procurement' });
const note = doc({ id: 'a1', type: 'activities', title: 'Call notes', body: 'Discussed <script>alert("x")</script> & pricing' });
const otherWorkspace = doc({ id: 'c9', workspaceId: wsB, title: 'John Smith', keys: 'john@other.example', body: 'A namesake in another workspace' });

function filter(overrides: Partial<SearchFilter> = {}): SearchFilter {
  return { workspaceId: wsA, types: ['contacts', 'companies', 'deals', 'activities'], limit: 10, ...overrides };
}

let es: FakeElasticsearch;
let engine: ElasticsearchEngine;

beforeEach(async () => {
  es = await startFakeElasticsearch();
  engine = createElasticsearchEngine({ url: es.url, refresh: true, requestTimeoutMs: 5_000 });
  await engine.ensureIndex();
});

afterEach(async () => {
  await engine.close();
  await es.close();
});

async function ids(text: string, overrides: Partial<SearchFilter> = {}): Promise<string[]> {
  return (await engine.search(text, filter(overrides))).map((hit) => `${hit.type}:${hit.id}`);
}

describe('ensureIndex and recreate', () => {
  it('creates the index with its analyzers and mappings when it is missing, and only then', async () => {
    const create = es.requests.find((request) => request.method === 'PUT');
    expect(create?.path).toBe('/nexus-search');
    const body = create?.body as { settings: any; mappings: any };
    expect(body.mappings.dynamic).toBe('strict');
    expect(body.mappings._routing).toEqual({ required: true });
    expect(body.mappings.properties).toMatchObject({
      workspace_id: { type: 'keyword' },
      type: { type: 'keyword' },
      owner_ids: { type: 'keyword' },
      title: { type: 'text', analyzer: 'english', fields: { prefix: { type: 'text' }, raw: { type: 'keyword' } } },
      keys: { type: 'text', analyzer: 'standard', fields: { prefix: { type: 'text' } } },
      body: { type: 'text', analyzer: 'english' },
      checksum: { type: 'keyword' },
      updated_at: { type: 'date' },
    });
    expect(body.settings.analysis.filter.nexus_edge_ngram).toMatchObject({ type: 'edge_ngram', min_gram: 1 });

    await engine.ensureIndex();
    expect(es.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
    expect(es.requests.filter((request) => request.method === 'HEAD')).toHaveLength(2);
  });

  it('uses the configured index name', async () => {
    const custom = createElasticsearchEngine({ url: es.url, index: 'crm-keywords', refresh: true });
    try {
      await custom.ensureIndex();
      await custom.index([john]);
      expect(await custom.count(wsA)).toMatchObject({ contacts: 1 });
      expect(es.requests.some((request) => request.method === 'PUT' && request.path === '/crm-keywords')).toBe(true);
    } finally {
      await custom.close();
    }
  });

  it('recreate drops every document and leaves an empty index with the mapping', async () => {
    await engine.index([john, acme, otherWorkspace]);
    await engine.recreate();
    expect(await engine.count(wsA)).toEqual({ contacts: 0, companies: 0, deals: 0, activities: 0 });
    expect(await engine.count(wsB)).toEqual({ contacts: 0, companies: 0, deals: 0, activities: 0 });
    const methods = es.requests.map((request) => `${request.method} ${request.path}`);
    expect(methods.slice(-4, -2)).toEqual(['DELETE /nexus-search', 'PUT /nexus-search']);
    await engine.index([john]);
    expect(await ids('john')).toEqual(['contacts:c1']);
  });
});

describe('index and search', () => {
  beforeEach(async () => {
    await engine.index([john, jane, acme, renewal, note, otherWorkspace]);
  });

  it('writes documents with a workspace-scoped id and the workspace as routing', () => {
    const bulk = es.requests.find((request) => request.path === '/_bulk');
    expect(bulk?.query.refresh).toBe('wait_for');
    const lines = bulk?.body as any[];
    expect(lines[0]).toEqual({ index: { _index: 'nexus-search', _id: 'ws-a:contacts:c1', routing: 'ws-a' } });
    expect(lines[1]).toEqual({
      workspace_id: 'ws-a',
      type: 'contacts',
      id: 'c1',
      owner_ids: ['user-1'],
      title: 'John Smith',
      keys: 'john.smith@acme.com 15551234567',
      body: 'Head of procurement, prefers calls in the morning',
      checksum: 'sum-c1',
      updated_at: '2025-01-01T00:00:00.000Z',
    });
  });

  it('finds a record by name', async () => {
    expect((await ids('john smith'))[0]).toBe('contacts:c1');
    expect(await ids('Jane')).toEqual(['contacts:c2']);
  });

  it('finds a record by e-mail address, by domain and by phone digits', async () => {
    expect((await ids('john.smith@acme.com'))[0]).toBe('contacts:c1');
    expect(await ids('globex.io')).toEqual(['contacts:c2']);
    expect(await ids('globex')).toEqual(['contacts:c2']);
    expect(await ids('15551234567')).toEqual(['contacts:c1']);
  });

  it('finds a record by a word of its body, stemmed', async () => {
    expect(await ids('anvil')).toEqual(['companies:co1']);
    expect((await ids('negotiated renewals')).sort()).toEqual(['deals:d1']);
  });

  it('finds a record while the last word is still being typed', async () => {
    expect(await ids('Joh', { types: ['contacts'] })).toContain('contacts:c1');
    expect(await ids('john smi')).toEqual(['contacts:c1']);
    expect(await ids('acme corp')).toEqual(['companies:co1']);
  });

  it('finds a name despite typos', async () => {
    expect(await ids('jhon smth')).toEqual(['contacts:c1']);
    expect(await ids('acne corporation')).toEqual(['companies:co1']);
  });

  it('returns nothing for words no document contains', async () => {
    expect(await ids('zebra')).toEqual([]);
    expect(await ids('   ')).toEqual([]);
  });

  it('ranks a title match above a body-only match', async () => {
    const hits = await engine.search('john', filter());
    expect(hits.map((hit) => hit.id)).toEqual(['c1', 'c2']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);

    await engine.index([
      doc({ id: 'a8', type: 'activities', title: 'Meeting', body: 'The quarterly review of the account went well' }),
      doc({ id: 'a9', type: 'activities', title: 'Quarterly review' }),
    ]);
    expect(await ids('quarterly review')).toEqual(['activities:a9', 'activities:a8']);
  });

  it('never returns a document of another workspace', async () => {
    const hits = await engine.search('john smith', filter());
    expect(hits.map((hit) => hit.id)).not.toContain('c9');
    expect(await ids('namesake')).toEqual([]);
    expect(await ids('namesake', { workspaceId: wsB })).toEqual(['contacts:c9']);
  });

  it('returns only records the user owns when visibleTo is set', async () => {
    expect(await ids('john', { visibleTo: 'user-2' })).toEqual(['contacts:c2']);
    expect(await ids('john', { visibleTo: 'user-3' })).toEqual([]);
  });

  it('returns only the requested types and at most limit hits', async () => {
    expect(await ids('acme', { types: ['deals'] })).toEqual(['deals:d1']);
    expect((await ids('acme', { types: ['companies', 'deals'] })).sort()).toEqual(['companies:co1', 'deals:d1']);
    expect(await ids('acme', { types: [] })).toEqual([]);
    expect(await ids('acme', { limit: 1 })).toHaveLength(1);
  });

  it('marks the matched words in the snippet and escapes the HTML of the document', async () => {
    const [hit] = await engine.search('pricing', filter());
    expect(hit).toMatchObject({ type: 'activities', id: 'a1', title: 'Call notes' });
    expect(hit!.snippet).toContain('<mark>pricing</mark>');
    expect(hit!.snippet).toContain('&lt;script&gt;');
    expect(hit!.snippet).not.toContain('<script>');
  });

  it('prefers a body fragment, then keys, then title', async () => {
    const [byBody] = await engine.search('procurement', filter({ types: ['contacts'] }));
    expect(byBody!.snippet).toBe('Head of <mark>procurement</mark>, prefers calls in the morning');
    const [byKeys] = await engine.search('globex', filter());
    expect(byKeys!.snippet).toBe('jane@<mark>globex.io</mark>');
    const [byTitle] = await engine.search('doe', filter());
    expect(byTitle!.snippet).toBe('Jane <mark>Doe</mark>');
    // Matched in title and body, then in title and keys.
    const [deal] = await engine.search('renewal', filter({ types: ['deals'] }));
    expect(deal!.snippet).toBe('Negotiating the annual <mark>renewal</mark> with procurement');
    const [contact] = await engine.search('jane', filter());
    expect(contact!.snippet).toBe('<mark>jane</mark>@globex.io');
  });

  it('escapes the HTML of a highlighted title and of the title used when nothing is highlighted', async () => {
    await engine.index([doc({ id: 'c5', title: 'Tom & "Jerry" <Ltd>' }), doc({ id: 'c6', title: 'Çağrı <Özgün> & Co' })]);
    const [jerry] = await engine.search('jerry', filter());
    expect(jerry!.title).toBe('Tom & "Jerry" <Ltd>');
    expect(jerry!.snippet).toContain('<mark>Jerry</mark>');
    expect(jerry!.snippet).not.toMatch(/<Ltd>|"Jerry"/);
    // Found through the accent-folded prefix field only, so no field of the document carries a highlight.
    const [cagri] = await engine.search('cagri', filter());
    expect(cagri).toMatchObject({ id: 'c6', title: 'Çağrı <Özgün> & Co', snippet: 'Çağrı &lt;Özgün&gt; &amp; Co' });
  });

  it('marks only the words of the search text, never the values it was filtered by', async () => {
    await engine.index([doc({ id: 'c8', title: 'Pat Lee', keys: 'contacts-team@example.com' })]);
    const [hit] = await engine.search('team', filter({ types: ['contacts'], visibleTo: 'user-1' }));
    expect(hit!.snippet).toBe('contacts-<mark>team</mark>@example.com');
  });

  it('routes a search to its workspace and sends the text only to match queries', async () => {
    await engine.search('john', filter());
    const search = es.requests.filter((request) => request.path === '/nexus-search/_search').at(-1);
    expect(search?.query.routing).toBe(wsA);
    expect(JSON.stringify(search?.body)).not.toMatch(/query_string|"regexp"|"wildcard"/);
  });
});

describe('remove, clear, count and checksums', () => {
  beforeEach(async () => {
    await engine.index([john, jane, acme, renewal, note, otherWorkspace]);
  });

  it('counts documents per type, with zero for types without documents', async () => {
    expect(await engine.count(wsA)).toEqual({ contacts: 2, companies: 1, deals: 1, activities: 1 });
    expect(await engine.count(wsB)).toEqual({ contacts: 1, companies: 0, deals: 0, activities: 0 });
    expect(await engine.count('ws-empty')).toEqual({ contacts: 0, companies: 0, deals: 0, activities: 0 });
  });

  it('removes documents by reference and ignores ones that are not indexed', async () => {
    await engine.remove(wsA, [
      { type: 'contacts', id: 'c1' },
      { type: 'deals', id: 'missing' },
    ]);
    expect(await ids('john smith')).toEqual([]);
    expect(await engine.count(wsA)).toMatchObject({ contacts: 1, deals: 1 });
    // A same-named record of another workspace is a different document.
    expect(await ids('john smith', { workspaceId: wsB })).toEqual(['contacts:c9']);
  });

  it('clears one workspace and leaves the others', async () => {
    await engine.clear(wsA);
    expect(await engine.count(wsA)).toEqual({ contacts: 0, companies: 0, deals: 0, activities: 0 });
    expect(await engine.count(wsB)).toMatchObject({ contacts: 1 });
    const request = es.requests.find((each) => each.path.endsWith('/_delete_by_query'));
    expect(request?.body).toEqual({ query: { term: { workspace_id: wsA } } });
  });

  it('returns the stored checksum of each indexed reference', async () => {
    const sums = await engine.checksums(wsA, [
      { type: 'contacts', id: 'c1' },
      { type: 'companies', id: 'co1' },
      { type: 'contacts', id: 'nope' },
      { type: 'contacts', id: 'c9' },
    ]);
    expect(sums).toEqual(
      new Map([
        ['contacts:c1', 'sum-c1'],
        ['companies:co1', 'sum-co1'],
      ]),
    );
    expect(await engine.checksums(wsA, [])).toEqual(new Map());
  });

  it('replaces a document on re-index, so its checksum and text follow the latest version', async () => {
    await engine.index([{ ...john, title: 'Johnny Smithers', checksum: 'sum-c1-v2' }]);
    expect(await engine.checksums(wsA, [{ type: 'contacts', id: 'c1' }])).toEqual(new Map([['contacts:c1', 'sum-c1-v2']]));
    expect(await ids('johnny')).toEqual(['contacts:c1']);
    expect(await engine.count(wsA)).toMatchObject({ contacts: 2 });
  });
});

describe('bulk writes', () => {
  it('sends large batches in chunks of 1000 documents', async () => {
    const docs = Array.from({ length: 2500 }, (_, i) => doc({ id: `bulk-${i}`, title: `Person ${i}` }));
    await engine.index(docs);
    expect(es.requests.filter((request) => request.path === '/_bulk')).toHaveLength(3);
    expect(await engine.count(wsA)).toMatchObject({ contacts: 2500 });
  });

  it('sends nothing for an empty batch', async () => {
    const before = es.requests.length;
    await engine.index([]);
    await engine.remove(wsA, []);
    expect(es.requests).toHaveLength(before);
  });

  it('throws with the first rejected document when the bulk response reports item errors', async () => {
    const error = await engine.index([john, doc({ id: 'bad', updatedAt: 'yesterday-ish' })]).catch((caught: unknown) => caught);
    expect(isAppError(error)).toBe(true);
    expect((error as Error).message).toMatch(/Elasticsearch index failed for 1 of 2 documents: document_parsing_exception: .*updated_at/);
    // The valid document of the same batch is written: the caller retries the batch, an idempotent upsert.
    expect(await engine.checksums(wsA, [{ type: 'contacts', id: 'c1' }])).toEqual(new Map([['contacts:c1', 'sum-c1']]));
  });
});

describe('failures', () => {
  beforeEach(async () => {
    await engine.index([john]);
  });

  it('lets the client retry a 503 and succeeds', async () => {
    es.failNext(503, 2);
    const before = es.requests.length;
    expect(await ids('john')).toEqual(['contacts:c1']);
    expect(es.requests.length - before).toBe(3);
  });

  it('throws an operational error naming the engine and operation on a 500', async () => {
    es.failNext(500);
    const error = await engine.search('john', filter()).catch((caught: unknown) => caught);
    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'service_unavailable', kind: 'operational', details: { engine: 'elasticsearch', operation: 'search', status: 500 } });
    expect((error as Error).message).toBe('Elasticsearch search failed: 500 exception: injected failure with status 500');
  });

  it('throws an operational error on a 429 without retrying it', async () => {
    es.failNext(429);
    const before = es.requests.length;
    const error = await engine.index([jane]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'service_unavailable', kind: 'operational' });
    expect((error as Error).message).toMatch(/^Elasticsearch index failed: 429 es_rejected_execution_exception/);
    expect(es.requests.length - before).toBe(1);
  });

  it('throws a clear error once the retries on 503 are spent', async () => {
    es.failNext(503, 10);
    await expect(engine.count(wsA)).rejects.toThrow('Elasticsearch count failed: 503 unavailable_shards_exception: primary shard is not active');
  });

  it('names the missing index when searching before ensureIndex', async () => {
    const fresh = createElasticsearchEngine({ url: es.url, index: 'not-created' });
    try {
      await expect(fresh.search('john', filter())).rejects.toThrow(/Elasticsearch search failed: 404 index_not_found_exception.*ensureIndex/);
    } finally {
      await fresh.close();
    }
  });

  it('sends the credentials and never puts them in an error', async () => {
    const secret = 'hunter2-secret';
    const withPassword = createElasticsearchEngine({ url: es.url, username: 'elastic', password: secret, refresh: true });
    const withKey = createElasticsearchEngine({ url: es.url, apiKey: 'a2V5OnNlY3JldA==' });
    try {
      es.failNext(500, 2);
      const errors = [await withPassword.count(wsA).catch((e: unknown) => e), await withKey.count(wsA).catch((e: unknown) => e)];
      const [passwordRequest, keyRequest] = es.requests.slice(-2);
      expect(passwordRequest?.headers.authorization).toBe(`Basic ${Buffer.from(`elastic:${secret}`).toString('base64')}`);
      expect(keyRequest?.headers.authorization).toBe('ApiKey a2V5OnNlY3JldA==');
      for (const error of errors) {
        expect(isAppError(error)).toBe(true);
        const dump = JSON.stringify(error, Object.getOwnPropertyNames(error));
        expect(dump).not.toContain(secret);
        expect(dump).not.toContain(Buffer.from(`elastic:${secret}`).toString('base64'));
        expect(dump).not.toContain('a2V5OnNlY3JldA==');
      }
    } finally {
      await Promise.all([withPassword.close(), withKey.close()]);
    }
  });

  it('reports an unreachable cluster by host, without the credentials of its URL', async () => {
    const closed = await startFakeElasticsearch();
    const url = closed.url.replace('http://', 'http://elastic:hunter2-secret@');
    await closed.close();
    const unreachable = createElasticsearchEngine({ url, requestTimeoutMs: 1_000, maxRetries: 0 });
    try {
      const error = await unreachable.search('john', filter()).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'service_unavailable', kind: 'operational' });
      expect((error as Error).message).toBe(`Elasticsearch search failed: cannot reach ${new URL(url).host}`);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('hunter2-secret');
    } finally {
      await unreachable.close();
    }
  });
});

describe('server compatibility', () => {
  it('speaks the 9.x REST API by default and the 8.x one when asked', async () => {
    const search = (): Record<string, unknown> => es.requests.filter((request) => request.path.endsWith('/_search')).at(-1)!.headers;
    await engine.count(wsA);
    expect(search().accept).toContain('compatible-with=9');
    const es8 = createElasticsearchEngine({ url: es.url, compatibleWith: 8, refresh: true });
    try {
      await es8.index([john]);
      expect(await es8.search('john', filter())).toHaveLength(1);
      expect(search().accept).toContain('compatible-with=8');
      expect(search()['content-type']).toContain('compatible-with=8');
      const bulk = es.requests.filter((request) => request.path === '/_bulk').at(-1)!;
      expect(bulk.headers['content-type']).toBe('application/vnd.elasticsearch+x-ndjson; compatible-with=8');
    } finally {
      await es8.close();
    }
  });

  it('refuses a server that does not identify itself as Elasticsearch', async () => {
    // What OpenSearch answers: a 2xx without the x-elastic-product header.
    const other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hits":{"hits":[]}}'));
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    const foreign = createElasticsearchEngine({ url: `http://127.0.0.1:${(other.address() as AddressInfo).port}` });
    try {
      const error = await foreign.search('john', filter()).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'service_unavailable', message: expect.stringMatching(/^Elasticsearch search failed: 127\.0\.0\.1:\d+ did not identify itself as Elasticsearch$/) });
    } finally {
      await foreign.close();
      other.close();
    }
  });
});

describe('hostile search text', () => {
  const hostile = [
    '"john',
    'john"',
    "o'brien",
    '*',
    'jo*n',
    '~john~2',
    'john~',
    '(john OR jane)',
    'title:john AND body:*',
    '/jo.*n/',
    "'; DROP TABLE contacts; --",
    "1' OR '1'='1",
    '\\',
    '{"query":{"match_all":{}}}',
    '<script>alert(1)</script>',
    '😀 john 🎉',
    '\u0000\u200b\ufeff',
    '+-=&&||><!(){}[]^"~*?:\\/',
    'x'.repeat(10_240),
    Array.from({ length: 2_000 }, (_, i) => `w${i}`).join(' '),
  ];

  beforeEach(async () => {
    await engine.index([john, jane, acme, doc({ id: 'c7', title: "Sinead O'Brien", keys: 'sinead@obrien.ie' })]);
  });

  it('answers every input with results or none, never an error', async () => {
    for (const text of hostile) {
      const hits = await engine.search(text, filter());
      expect(Array.isArray(hits), text.slice(0, 40)).toBe(true);
    }
    const bodies = es.requests.filter((request) => request.path.endsWith('/_search')).map((request) => JSON.stringify(request.body));
    for (const body of bodies) {
      expect(body).not.toMatch(/query_string|regexp|wildcard/);
    }
  });

  it('treats operators and quotes as plain words', async () => {
    expect((await ids('"john'))[0]).toBe('contacts:c1');
    expect(await ids("o'brien")).toEqual(['contacts:c7']);
    expect(await ids('(jane OR nobody)')).toEqual([]);
    expect((await ids('😀 john 🎉'))[0]).toBe('contacts:c1');
  });
});
