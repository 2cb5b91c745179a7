import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface Result {
  type: string;
  id: string;
  title: string;
  snippet: string;
  score: number;
}

describe('search', () => {
  let t: TestApp;
  let owner: SignedUp;
  let other: SignedUp;
  const ids: Record<string, string> = {};

  async function create(who: SignedUp, object: string, payload: Record<string, unknown>): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/${object}`, headers: who.headers, payload });
    if (res.statusCode !== 201) throw new Error(`create ${object} failed: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>().id;
  }

  /** Lets the background work catch up: events into documents, documents into vectors. */
  async function settle(): Promise<void> {
    await t.relay?.drain();
    await t.search.worker.drain();
  }

  async function search(who: { headers: { authorization: string } }, query: Record<string, string>) {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/search', headers: who.headers, query });
    return res;
  }

  async function results(who: { headers: { authorization: string } }, query: Record<string, string>): Promise<Result[]> {
    const res = await search(who, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ data: Result[] }>().data;
  }

  beforeAll(async () => {
    t = await createTestApp({ relay: true, env: { SEARCH_LSA_MIN_DOCUMENTS: '5' } });
    owner = await t.signup();
    other = await t.signup();
    ids.acme = await create(owner, 'companies', { name: 'Acme Corp', domain: 'acme.com', industry: 'Manufacturing' });
    ids.globex = await create(owner, 'companies', { name: 'Globex', domain: 'globex.io', industry: 'Energy' });
    ids.pricingCo = await create(owner, 'companies', { name: 'Pricing Partners', domain: 'pricingpartners.com' });
    ids.john = await create(owner, 'contacts', {
      firstName: 'John',
      lastName: 'Smith',
      emails: ['john.smith@acme.com'],
      phones: ['+1 (415) 555-0123'],
      title: 'Head of Procurement',
      companyId: ids.acme,
    });
    ids.zoe = await create(owner, 'contacts', { firstName: 'Zoë', lastName: 'Müller', emails: ['zoe@globex.io'] });
    ids.jane = await create(owner, 'contacts', { firstName: 'Jane', lastName: 'Doe', emails: ['jane@example.org'], title: '<script>alert(1)</script> buyer' });
    ids.deal = await create(owner, 'deals', { name: 'Acme renewal 2027', amount: '50000', currency: 'USD' });
    ids.note = await create(owner, 'activities', {
      type: 'note',
      subject: 'Call recap',
      body: 'They asked about pricing for the enterprise plan and a discount on the renewal contract.',
      contactIds: [ids.john],
    });
    ids.note2 = await create(owner, 'activities', { type: 'note', subject: 'Budget', body: 'Budget approved for the renewal contract next quarter.' });
    ids.otherSmith = await create(other, 'contacts', { firstName: 'Anna', lastName: 'Smith', emails: ['anna@smith.example'] });
    await settle();
  });
  afterAll(() => t.close());

  it('finds a contact by name, ranked first, with the match marked in the snippet', async () => {
    const data = await results(owner, { q: 'john smith', mode: 'keyword' });
    expect(data[0]).toMatchObject({ type: 'contacts', id: ids.john, title: 'John Smith' });
    expect(data[0]?.snippet).toContain('<mark>');
  });

  it('matches word prefixes as the user types', async () => {
    for (const q of ['Smi', 'john s', 'john sm', 'procure']) {
      const data = await results(owner, { q, mode: 'keyword' });
      expect(data.map((r) => r.id), q).toContain(ids.john);
    }
  });

  it('tolerates typos in names and finds companies by a partial domain', async () => {
    expect((await results(owner, { q: 'jhon smth', mode: 'keyword' }))[0]?.id).toBe(ids.john);
    expect((await results(owner, { q: 'acme.co', mode: 'keyword' })).map((r) => r.id)).toContain(ids.acme);
    expect((await results(owner, { q: 'globx', mode: 'keyword' })).map((r) => r.id)).toContain(ids.globex);
  });

  it('finds people by e-mail, by a phone number typed any way, and by accent-free spelling', async () => {
    expect((await results(owner, { q: 'john.smith@acme.com' }))[0]?.id).toBe(ids.john);
    expect((await results(owner, { q: '415-555-0123' })).map((r) => r.id)).toContain(ids.john);
    expect((await results(owner, { q: '(415) 5550123' })).map((r) => r.id)).toContain(ids.john);
    expect((await results(owner, { q: 'zoe muller' }))[0]?.id).toBe(ids.zoe);
  });

  it('ranks a name match above a match in a note', async () => {
    const data = await results(owner, { q: 'pricing', mode: 'keyword' });
    const company = data.findIndex((r) => r.id === ids.pricingCo);
    const note = data.findIndex((r) => r.id === ids.note);
    expect(company).toBeGreaterThanOrEqual(0);
    expect(note).toBeGreaterThan(company);
  });

  it('stems words and searches activity text', async () => {
    const data = await results(owner, { q: 'discounts', mode: 'keyword', types: 'activities' });
    expect(data.map((r) => r.id)).toEqual([ids.note]);
    expect(data[0]?.snippet).toMatch(/<mark>discount<\/mark>/i);
  });

  it('escapes HTML stored in records', async () => {
    const data = await results(owner, { q: 'jane buyer', mode: 'keyword' });
    expect(data[0]?.id).toBe(ids.jane);
    // Markup never reaches the page as markup: only <mark> elements are produced.
    expect(data[0]?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('limits results to the requested types and count', async () => {
    const data = await results(owner, { q: 'acme', types: 'deals' });
    expect(data.map((r) => r.type)).toEqual(['deals']);
    expect(await results(owner, { q: 'renewal', limit: '1' })).toHaveLength(1);
  });

  it('answers semantic queries from the workspace embedding model and fuses them in hybrid mode', async () => {
    const models = await t.app.inject({ method: 'GET', url: '/api/v1/search/models', headers: owner.headers });
    expect(models.statusCode).toBe(200);
    const list = models.json<{ data: Array<{ state: string; provider: string; dimensions: number }> }>().data;
    expect(list.find((m) => m.state === 'active')).toMatchObject({ provider: 'lsa', dimensions: 128 });
    const semantic = await results(owner, { q: 'renewal contract', mode: 'semantic' });
    expect(semantic.map((r) => r.id)).toEqual(expect.arrayContaining([ids.note, ids.note2]));
    const hybrid = await results(owner, { q: 'renewal contract' });
    expect(hybrid.slice(0, 3).map((r) => r.id)).toEqual(expect.arrayContaining([ids.note, ids.note2]));
    const { rows } = await t.db.systemQuery<{ n: string }>('select count(*) as n from search_vectors where workspace_id = $1', [owner.workspaceId]);
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(8);
  });

  it('keeps the index current as records change, are deleted and restored', async () => {
    const id = await create(owner, 'contacts', { firstName: 'Quentin', lastName: 'Blake' });
    await settle();
    expect((await results(owner, { q: 'quentin' })).map((r) => r.id)).toContain(id);
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/contacts/${id}`, headers: owner.headers, payload: { firstName: 'Roald' } });
    expect(renamed.statusCode).toBe(200);
    await settle();
    expect((await results(owner, { q: 'quentin', mode: 'keyword' })).map((r) => r.id)).not.toContain(id);
    expect((await results(owner, { q: 'roald blake' }))[0]?.id).toBe(id);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${id}`, headers: owner.headers })).statusCode).toBe(204);
    await settle();
    expect((await results(owner, { q: 'roald blake' })).map((r) => r.id)).not.toContain(id);
    const { rows } = await t.db.systemQuery<{ n: string }>('select count(*) as n from search_vectors where record_id = $1', [id]);
    expect(Number(rows[0]?.n)).toBe(0);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/contacts/${id}/restore`, headers: owner.headers })).statusCode).toBe(200);
    await settle();
    expect((await results(owner, { q: 'roald blake' }))[0]?.id).toBe(id);
  });

  it('never returns another workspace’s records', async () => {
    const mine = await results(owner, { q: 'smith' });
    expect(mine.map((r) => r.id)).not.toContain(ids.otherSmith);
    const theirs = await results(other, { q: 'smith' });
    expect(theirs.map((r) => r.id)).toEqual([ids.otherSmith]);
    expect(await results(other, { q: 'jhon smth' })).not.toEqual(expect.arrayContaining([expect.objectContaining({ id: ids.john })]));
    expect((await results(other, { q: 'renewal contract', mode: 'semantic' })).map((r) => r.id)).not.toContain(ids.note);
  });

  it('shows a member who sees only their own records nothing of anyone else’s', async () => {
    const invite = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: owner.headers, payload: { email: 'own-search@example.com', role: 'member' } });
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: invite.json<{ token: string }>().token, name: 'Own', password: 'own-password-1' },
    });
    const member = { headers: { authorization: `Bearer ${accepted.json<{ token: string }>().token}` } };
    await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: owner.headers, payload: { visibility: { member: 'own' } } });
    const mine = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: member.headers, payload: { firstName: 'Mona', lastName: 'Smith' } });
    await settle();
    for (const mode of ['keyword', 'semantic', 'hybrid']) {
      const data = await results(member, { q: 'smith', mode });
      expect(data.every((r) => r.id === mine.json<{ id: string }>().id), mode).toBe(true);
    }
    expect((await results(member, { q: 'smith', mode: 'keyword' })).map((r) => r.id)).toEqual([mine.json<{ id: string }>().id]);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: owner.headers, payload: { visibility: { member: 'all' } } });
  });

  it('answers unusable queries with a 400 that says why', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /search for/i],
      [{ q: '' }, /search for/i],
      [{ q: '   ' }, /search for/i],
      [{ q: 'x'.repeat(10_000) }, /./],
      [{ q: 'a'.repeat(600) }, /at most 500/],
      [{ q: '***' }, /no letters or digits/],
      [{ q: '🎉🎉' }, /no letters or digits/],
      [{ q: '%_%' }, /no letters or digits/],
      [{ q: 'smith', types: 'contacts,bogus' }, /unknown type.*bogus/],
      [{ q: 'smith', mode: 'psychic' }, /./],
      [{ q: 'smith', limit: '0' }, /./],
      [{ q: 'smith', limit: '5000' }, /./],
    ];
    for (const [query, message] of cases) {
      const res = await search(owner, query);
      expect(res.statusCode, JSON.stringify(query).slice(0, 80)).toBe(400);
      const body = res.json<{ error: { code: string; message: string; details?: unknown } }>();
      expect(body.error.code).toBe('validation_failed');
      expect(`${body.error.message} ${JSON.stringify(body.error.details)}`).toMatch(message);
    }
  });

  it('treats operators, quotes, SQL, regex and other scripts as plain text', async () => {
    const hostile = [
      "smith' or 1=1 --",
      'smith & | ! ( ) :* <-> \\',
      '"john smith"',
      '.*smith[a-z]+$',
      "'; drop table contacts; --",
      'Иван Петров',
      '山田 太郎',
      'smith 🎉',
      '50% off_sale',
      'john\u0000smith',
    ];
    for (const q of hostile) {
      for (const mode of ['keyword', 'semantic', 'hybrid']) {
        const res = await search(owner, { q, mode });
        expect(res.statusCode, `${q} (${mode}): ${res.body}`).toBe(200);
      }
    }
    expect((await results(owner, { q: "smith' or 1=1 --", mode: 'keyword' })).map((r) => r.id)).not.toContain(ids.otherSmith);
  });

  it('needs a signed-in caller', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=smith' });
    expect(res.statusCode).toBe(401);
  });

  it('finds and repairs drift between the records and the index', async () => {
    const clean = await t.app.inject({ method: 'POST', url: '/api/v1/search/consistency', headers: owner.headers });
    expect(clean.statusCode).toBe(200);
    expect(clean.json<{ consistent: boolean }>().consistent).toBe(true);
    // The index loses a document and another one goes stale behind the service's back.
    await t.db.systemQuery("delete from search_documents where workspace_id = $1 and type = 'companies' and record_id = $2", [owner.workspaceId, ids.globex]);
    await t.db.systemQuery("update search_documents set checksum = 'stale', title = 'Wrong' where workspace_id = $1 and record_id = $2", [owner.workspaceId, ids.zoe]);
    expect((await results(owner, { q: 'globex', mode: 'keyword', types: 'companies' })).map((r) => r.id)).not.toContain(ids.globex);
    const report = await t.app.inject({ method: 'POST', url: '/api/v1/search/consistency', headers: owner.headers });
    const body = report.json<{ consistent: boolean; repaired: boolean; engines: Array<{ counts: Record<string, { records: number; documents: number }>; mismatched: number }> }>();
    expect(body).toMatchObject({ consistent: false, repaired: true });
    expect(body.engines[0]?.counts.companies).toEqual({ records: 3, documents: 2 });
    expect((await results(owner, { q: 'globex', mode: 'keyword', types: 'companies' })).map((r) => r.id)).toContain(ids.globex);
    expect((await results(owner, { q: 'zoe muller' }))[0]?.title).toBe('Zoë Müller');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/search/consistency', headers: owner.headers });
    expect(again.json<{ consistent: boolean }>().consistent).toBe(true);
    const member = await t.app.inject({ method: 'POST', url: '/api/v1/search/consistency', headers: other.headers });
    expect(member.json<{ consistent: boolean }>().consistent).toBe(true);
  });

  it('rebuilds the whole index from the records', async () => {
    await t.db.systemQuery('delete from search_documents where workspace_id = $1', [owner.workspaceId]);
    expect(await results(owner, { q: 'john smith', mode: 'keyword' })).toEqual([]);
    const rebuilt = await t.search.reindex(owner.workspaceId);
    expect(rebuilt.documents.contacts).toBeGreaterThanOrEqual(4);
    // Fresh planner statistics, or a bulk-loaded index is scanned row by row (PGlite never analyzes on its own).
    const { rows: stats } = await t.db.systemQuery<{ analyzed: boolean }>("select last_analyze is not null as analyzed from pg_stat_user_tables where relname = 'search_documents'");
    expect(stats[0]?.analyzed).toBe(true);
    await settle();
    expect((await results(owner, { q: 'jhon smth' }))[0]?.id).toBe(ids.john);
  });

  it('reports index lag in readiness and metrics', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json<{ checks: Record<string, { ok: boolean; detail?: string }> }>().checks.search).toMatchObject({ ok: true });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/nexus_search_index_lag\{kind="vectors"\} \d+/);
    expect(metrics.body).toMatch(/nexus_search_index_lag_seconds \d+/);
  });
});
