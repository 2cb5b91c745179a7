import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

const nasty = [
  '',
  ' ',
  "'; drop table contacts; --",
  '" OR 1=1 --',
  '\\',
  '%',
  '_',
  '.*+?^${}()|[]',
  '\u0000',
  'a\u0000b',
  '\u202Ename',
  '😀🔥',
  'ñandú Ünïcødé 漢字 עברית',
  '<script>alert(1)</script>',
  'x'.repeat(5000),
  '-1',
  '1e309',
  'NaN',
  'null',
  '[]',
  '{}',
  '__proto__',
  'constructor',
];

describe('hostile input never causes a server error', () => {
  let t: TestApp;
  let user: SignedUp;
  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signup();
    await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: user.headers, payload: { object: 'contacts', key: 'score', label: 'Score', type: 'number' } });
    await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: user.headers, payload: { firstName: 'Victim' } });
  });
  afterAll(() => t.close());

  it('answers every nasty list parameter with 2xx or a 4xx error body', async () => {
    const fields = ['firstName', 'emails', 'createdAt', 'companyId', 'customFields.score', 'version', 'companyIds', 'nope'];
    const ops = ['eq', 'ne', 'in', 'gt', 'contains', 'startsWith', 'isEmpty', 'bogus'];
    const urls: string[] = [];
    for (const value of nasty) {
      const v = encodeURIComponent(value);
      urls.push(`/api/v1/contacts?sort=${v}`, `/api/v1/contacts?cursor=${v}`, `/api/v1/contacts?limit=${v}`, `/api/v1/contacts?filter=${v}`);
      for (const field of fields) for (const op of ops) urls.push(`/api/v1/contacts?filter[${encodeURIComponent(field)}][${op}]=${v}`);
    }
    urls.push('/api/v1/contacts?filter[a][b][c][d][e]=1', '/api/v1/contacts?filter[firstName][eq][x]=1', `/api/v1/contacts?${'a=1&'.repeat(2000)}`);
    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url, headers: user.headers });
      expect({ url: url.slice(0, 120), status: res.statusCode < 500 }).toEqual({ url: url.slice(0, 120), status: true });
      if (res.statusCode >= 400) expect(res.json<{ error: { code: string } }>().error.code).toEqual(expect.any(String));
    }
  });

  it('answers every nasty body value with 201 or a 4xx, and stores accepted text exactly', async () => {
    for (const value of nasty) {
      for (const payload of [{ firstName: value }, { lastName: 'x', emails: [value] }, { lastName: 'x', customFields: { score: value } }, { lastName: 'x', companyId: value }, { lastName: 'x', tags: [value] }]) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: user.headers, payload });
        expect(res.statusCode).toBeLessThan(500);
        const firstName = 'firstName' in payload ? payload.firstName : undefined;
        // A name typed all in lower case is capitalised on write ("constructor" → "Constructor"); nothing else changes.
        const stored = firstName?.trim();
        const expected = stored && /^\p{Ll}+$/u.test(stored) ? `${stored.charAt(0).toUpperCase()}${stored.slice(1)}` : stored;
        if (res.statusCode === 201 && firstName !== undefined) expect(res.json<{ firstName: string }>().firstName).toBe(expected);
      }
    }
  });

  it('answers nasty ids, headers and tokens with 4xx', async () => {
    for (const value of nasty) {
      const v = encodeURIComponent(value);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${v}`, headers: user.headers })).statusCode).toBeLessThan(500);
      expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/contacts/${v}`, headers: user.headers, payload: { firstName: 'x' } })).statusCode).toBeLessThan(500);
      const safeHeader = value.replace(/[^\x20-\x7e]/g, '?');
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { authorization: `Bearer ${safeHeader}` } })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...user.headers, 'idempotency-key': safeHeader }, payload: { firstName: 'Idem' } })).statusCode).toBeLessThan(500);
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/contacts/00000000-0000-7000-8000-000000000000', headers: { ...user.headers, 'if-match': safeHeader }, payload: { firstName: 'x' } })).statusCode).toBeLessThan(500);
    }
  });
});
