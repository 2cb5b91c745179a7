import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type SignedUp } from './test-support';

describe('review', () => {
  let t: TestApp;
  let owner: SignedUp;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup();
  });
  afterAll(() => t.close());
  const call = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}, who = owner) =>
    t.app.inject({ method: method as 'GET', url, headers: { ...who.headers, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('paginates by updatedAt without duplicates', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await call('POST', '/api/v1/companies', { name: `Co ${i}` });
      const id = c.json().id as string;
      ids.push(id);
      await call('PATCH', `/api/v1/companies/${id}`, { name: `Co ${i}b` });
    }
    for (const sort of ['updatedAt', '-updatedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await call('GET', `/api/v1/companies?limit=1&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        const body = res.json();
        seen.push(...body.data.map((d: { id: string }) => d.id));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 12);
      console.log(sort, 'pages', pages, 'seen', seen.length, 'unique', new Set(seen).size);
      expect(seen.length).toBe(4);
    }
  });

  it('hunts 500s', async () => {
    const tries: [string, string, unknown][] = [
      ['POST', '/api/v1/companies', { name: 'x'.repeat(500_000) }],
      ['POST', '/api/v1/contacts', { firstName: 'a', customFields: null }],
      ['POST', '/api/v1/contacts', { firstName: 'a', emails: ['x'.repeat(300_000) + '@a.com'] }],
      ['POST', '/api/v1/deals', { name: 'd', amount: '1e5' }],
      ['POST', '/api/v1/deals', { name: 'd', amount: '99999999999999999999999999999' }],
      ['POST', '/api/v1/contacts', { firstName: null }],
      ['POST', '/api/v1/companies', { name: 'n', externalId: 'x'.repeat(300_000) }],
      ['GET', '/api/v1/companies?filter=' + encodeURIComponent(JSON.stringify({ createdAt: { gt: '2024-02-30' } })), undefined],
      ['GET', '/api/v1/companies?filter=' + encodeURIComponent(JSON.stringify({ name: { in: [] } })), undefined],
      ['GET', '/api/v1/companies?filter=' + encodeURIComponent(JSON.stringify({ name: [1, 2] })), undefined],
      ['GET', '/api/v1/companies?filter=' + encodeURIComponent(JSON.stringify({ name: { eq: null, gt: null } })), undefined],
      ['GET', '/api/v1/companies?filter=' + encodeURIComponent(JSON.stringify({ 'customFields.nope': 1 })), undefined],
      ['GET', '/api/v1/companies?filter=' + encodeURIComponent(JSON.stringify({ ['__proto__']: 1 })), undefined],
      ['GET', '/api/v1/companies?filter=' + encodeURIComponent(JSON.stringify({ toString: 1 })), undefined],
      ['GET', '/api/v1/companies?sort=constructor', undefined],
      ['GET', '/api/v1/companies?sort=toString', undefined],
      ['GET', '/api/v1/companies?filter=' + encodeURIComponent(JSON.stringify({ name: { constructor: 1 } })), undefined],
      ['GET', '/api/v1/companies?cursor=' + Buffer.from(JSON.stringify({ s: 'name', v: { a: 1 }, id: '00000000-0000-4000-8000-000000000000' })).toString('base64url'), undefined],
      ['GET', '/api/v1/companies?cursor=' + Buffer.from('null').toString('base64url'), undefined],
      ['GET', '/api/v1/companies?cursor=' + Buffer.from(JSON.stringify({ s: '-createdAt', v: '2024-01-01', id: '00000000-0000-4000-8000-000000000000' })).toString('base64url'), undefined],
      ['GET', '/api/v1/companies?cursor=' + Buffer.from(JSON.stringify({ s: '-createdAt', v: '99999-01-01', id: '00000000-0000-4000-8000-000000000000' })).toString('base64url'), undefined],
    ];
    for (const [m, u, p] of tries) {
      const res = await call(m, u, p);
      console.log(res.statusCode, m, u.slice(0, 120), res.body.slice(0, 160));
    }
  });
});
