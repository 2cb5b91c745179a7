import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
type Rec = Record<string, unknown> & { id: string };

describe('list search (q)', () => {
  let t: TestApp;
  let owner: SignedUp;
  let stranger: SignedUp;

  const call = async (who: SignedUp, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json<Record<string, unknown>>() : {} };
  };
  const create = async (who: SignedUp, object: string, payload: unknown): Promise<Rec> => {
    const res = await call(who, 'POST', `/api/v1/${object}`, payload);
    if (res.status !== 201) throw new Error(`create ${object}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Rec;
  };
  /** The names a search finds, sorted, so the assertion reads like what a user would see. */
  const search = async (object: string, q: string, who: SignedUp = owner, extra = ''): Promise<string[]> => {
    const res = await call(who, 'GET', `/api/v1/${object}?limit=200&q=${encodeURIComponent(q)}${extra}`);
    if (res.status !== 200) throw new Error(`search ${object} ${q}: ${res.status} ${JSON.stringify(res.body)}`);
    const page = res.body as unknown as Page<Rec>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    return page.data.map((r) => text(r.name) || text(r.subject) || [text(r.firstName), text(r.lastName)].filter(Boolean).join(' ')).sort();
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup();
    stranger = await t.signup();
    await create(owner, 'contacts', { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@analytical.example', 'countess@lovelace.example'], phones: ['+44 20 7946 0958'] });
    await create(owner, 'contacts', { firstName: 'Grace', lastName: 'Hopper', emails: ['grace@navy.example'] });
    await create(owner, 'contacts', { firstName: '100%', lastName: 'Under_score', emails: ['pct@example.com'] });
    await create(owner, 'contacts', { firstName: "O'Brien", lastName: 'Back\\slash' });
    await create(owner, 'contacts', { emails: ['only-email@quiet.example'] });
    await create(owner, 'companies', { name: 'Acme Rockets', domain: 'acme.example' });
    await create(owner, 'companies', { name: 'Globex', domain: 'globex-corp.example' });
    await create(owner, 'deals', { name: 'Acme renewal' });
    await create(owner, 'deals', { name: 'Globex expansion' });
    await create(owner, 'activities', { type: 'note', subject: 'Called Ada about the engine' });
    await create(stranger, 'contacts', { firstName: 'Ada', lastName: 'Stranger', emails: ['ada@elsewhere.example'] });
    await create(stranger, 'companies', { name: 'Acme Elsewhere' });
  });
  afterAll(() => t.close());

  it("finds contacts by first name, last name, full name, any email and phone, ignoring case", async () => {
    expect(await search('contacts', 'ada')).toEqual(['Ada Lovelace']);
    expect(await search('contacts', 'HOPPER')).toEqual(['Grace Hopper']);
    expect(await search('contacts', 'ada love')).toEqual(['Ada Lovelace']);
    expect(await search('contacts', 'countess@')).toEqual(['Ada Lovelace']);
    expect(await search('contacts', 'navy.example')).toEqual(['Grace Hopper']);
    expect(await search('contacts', '7946')).toEqual(['Ada Lovelace']);
    expect(await search('contacts', 'quiet')).toEqual(['']);
  });

  it('finds companies by name or domain, deals by name and activities by subject', async () => {
    expect(await search('companies', 'acme')).toEqual(['Acme Rockets']);
    expect(await search('companies', 'globex-corp')).toEqual(['Globex']);
    expect(await search('deals', 'RENEWAL')).toEqual(['Acme renewal']);
    expect(await search('activities', 'engine')).toEqual(['Called Ada about the engine']);
  });

  it('answers an empty page when nothing matches, and treats blank text as no search', async () => {
    expect(await search('contacts', 'zzz-nobody')).toEqual([]);
    expect(await search('deals', 'Rockets')).toEqual([]);
    expect(await search('companies', '   ')).toEqual(['Acme Rockets', 'Globex']);
    expect(await search('companies', '  acme  ')).toEqual(['Acme Rockets']);
  });

  it('matches %, _, backslash and quotes literally, never as wildcards or SQL', async () => {
    expect(await search('contacts', '%')).toEqual(['100% Under_score']);
    expect(await search('contacts', '_')).toEqual(['100% Under_score']);
    expect(await search('contacts', 'r_s')).toEqual(['100% Under_score']);
    expect(await search('contacts', 'a%e')).toEqual([]);
    expect(await search('contacts', '\\')).toEqual(["O'Brien Back\\slash"]);
    expect(await search('contacts', "o'brien")).toEqual(["O'Brien Back\\slash"]);
    expect(await search('contacts', `'; drop table contacts; --`)).toEqual([]);
    expect(await search('contacts', '"')).toEqual([]);
    // The table is still there and whole.
    expect((await search('contacts', '')).length).toBe(5);
  });

  it('combines with filters, sort and cursor paging', async () => {
    const filter = encodeURIComponent(JSON.stringify({ lastName: { startsWith: 'L' } }));
    expect(await search('contacts', 'a', owner, `&filter=${filter}`)).toEqual(['Ada Lovelace']);
    const first = (await call(owner, 'GET', `/api/v1/contacts?limit=1&sort=firstName&q=a`)).body as unknown as Page<Rec>;
    expect(first.data).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = (await call(owner, 'GET', `/api/v1/contacts?limit=1&sort=firstName&q=a&cursor=${first.nextCursor ?? ''}`)).body as unknown as Page<Rec>;
    expect(second.data).toHaveLength(1);
    expect(second.data[0]?.id).not.toBe(first.data[0]?.id);
  });

  it('refuses text over 200 characters and control characters with 400', async () => {
    for (const q of ['x'.repeat(10 * 1024), 'y'.repeat(201), 'a\u0000b', 'a\u0007b']) {
      const res = await call(owner, 'GET', `/api/v1/contacts?q=${encodeURIComponent(q)}`);
      expect({ length: q.length, status: res.status, code: (res.body.error as { code?: string } | undefined)?.code }).toEqual({
        length: q.length,
        status: 400,
        code: 'validation_failed',
      });
    }
    expect(await search('contacts', 'z'.repeat(200))).toEqual([]);
  });

  it("never finds another workspace's records", async () => {
    expect(await search('contacts', 'ada')).toEqual(['Ada Lovelace']);
    expect(await search('contacts', 'ada', stranger)).toEqual(['Ada Stranger']);
    expect(await search('contacts', 'elsewhere')).toEqual([]);
    expect(await search('companies', 'acme', stranger)).toEqual(['Acme Elsewhere']);
    expect(await search('contacts', 'lovelace', stranger)).toEqual([]);
  });
});
