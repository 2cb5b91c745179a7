import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportService, readVcard, type SourceRow } from '@nexus/imports';
import { createLogger } from '@nexus/platform';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

/** JSON log lines, as the server writes them. */
function logSink() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('streamed exports', () => {
  let t: TestApp;
  let base: string;
  let owner: SignedUp;
  let other: SignedUp;
  let member: { authorization: string };
  const log = logSink();
  const ids: Record<string, string> = {};
  const formula = '=HYPERLINK("http://evil.example","Click")';

  async function call<T = Record<string, unknown>>(method: string, url: string, headers: { authorization: string }, payload?: unknown): Promise<T> {
    const res = await t.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  }

  /** A download over a real socket, as a browser or curl gets it. */
  async function download(path: string, headers: { authorization: string }) {
    const res = await fetch(`${base}${path}`, { headers });
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logDestination: log.destination });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    owner = await t.signup();
    other = await t.signup();

    const invite = await call<{ token: string }>('POST', '/api/v1/invitations', owner.headers, { email: 'export-member@example.com', role: 'member' });
    const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token: invite.token, name: 'Mia', password: 'member-password-1' } });
    member = { authorization: `Bearer ${accepted.json<{ token: string }>().token}` };
    await call('PATCH', '/api/v1/workspace', owner.headers, { visibility: { member: 'own' } });

    await call('POST', '/api/v1/custom-fields', owner.headers, { object: 'contacts', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
    await call('POST', '/api/v1/custom-fields', owner.headers, { object: 'contacts', key: 'score', label: 'Score', type: 'number' });
    ids.acme = (await call<{ id: string }>('POST', '/api/v1/companies', owner.headers, { name: 'Acme, Inc.', tags: ['customer'] })).id;
    ids.ada = (
      await call<{ id: string }>('POST', '/api/v1/contacts', owner.headers, {
        firstName: 'Ada',
        lastName: 'Lovelace',
        emails: ['ada@example.com'],
        phones: ['+44 20 7946 0958'],
        tags: ['vip'],
        companyId: ids.acme,
        customFields: { tier: 'gold', score: 9 },
      })
    ).id;
    ids.evil = (await call<{ id: string }>('POST', '/api/v1/contacts', owner.headers, { firstName: formula, lastName: 'Mallory', tags: ['vip'], customFields: { tier: 'silver' } })).id;
    ids.grace = (await call<{ id: string }>('POST', '/api/v1/contacts', owner.headers, { firstName: 'Grace', lastName: 'Hopper', tags: ['prospect'] })).id;
    ids.mine = (await call<{ id: string }>('POST', '/api/v1/contacts', member, { firstName: 'Mine', tags: ['vip'] })).id;
    ids.deal = (await call<{ id: string }>('POST', '/api/v1/deals', owner.headers, { name: 'Analytical engine', amount: '50000', companyId: ids.acme, contactIds: [ids.ada] })).id;
    ids.call = (await call<{ id: string }>('POST', '/api/v1/activities', owner.headers, { type: 'call', subject: 'Intro call', contactIds: [ids.ada], dealIds: [ids.deal] })).id;
    await call('POST', '/api/v1/contacts', other.headers, { firstName: 'Foreign', tags: ['vip'] });
  });
  afterAll(() => t.close());

  it('exports a filtered list as CSV with custom field columns, company names and neutralised formulas', async () => {
    const res = await download('/api/v1/exports/contacts?format=csv&filter[tags][contains]=vip&sort=lastName', owner.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse<Record<string, string>>(res.body, { columns: true });
    // Sorted by last name, nulls last: Lovelace, Mallory, then the member's contact without one.
    expect(rows.map((r) => r.id)).toEqual([ids.ada, ids.evil, ids.mine]);
    const [ada, evil] = rows;
    expect(Object.keys(ada ?? {})).toEqual(expect.arrayContaining(['customFields.tier', 'customFields.score', 'companyName', 'companyIds', 'dealIds', 'address.city']));
    expect(ada).toMatchObject({ firstName: 'Ada', emails: 'ada@example.com', companyId: ids.acme, companyName: 'Acme, Inc.', dealIds: ids.deal, 'customFields.tier': 'gold', 'customFields.score': '9' });
    // A phone number starts with "+": quoted too, so a spreadsheet shows it as text.
    expect(ada?.phones).toMatch(/^'\+44/);
    expect(evil?.firstName).toBe(`'${formula}`);
    expect(evil?.['customFields.tier']).toBe('silver');
  });

  it('exports JSON with only the fields asked for, nested as on the record', async () => {
    const res = await download('/api/v1/exports/contacts?format=json&sort=firstName&filter[tags][contains]=vip&fields=firstName,emails,customFields.tier,companyName', owner.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual([
      { firstName: formula, emails: [], customFields: { tier: 'silver' }, companyName: null },
      { firstName: 'Ada', emails: ['ada@example.com'], customFields: { tier: 'gold' }, companyName: 'Acme, Inc.' },
      { firstName: 'Mine', emails: [], customFields: { tier: null }, companyName: null },
    ]);
  });

  it('exports every field of deals and activities, relations as id lists', async () => {
    const deals = JSON.parse((await download('/api/v1/exports/deals?format=json', owner.headers)).body) as Record<string, unknown>[];
    expect(deals).toEqual([expect.objectContaining({ id: ids.deal, amount: '50000.00', companyId: ids.acme, contactIds: [ids.ada] })]);
    const csv = parse<Record<string, string>>((await download('/api/v1/exports/activities?format=csv', owner.headers)).body, { columns: true });
    expect(csv).toEqual([expect.objectContaining({ id: ids.call, subject: 'Intro call', contactIds: ids.ada, dealIds: ids.deal, companyIds: '' })]);
  });

  it('exports contacts as vCards that read back', async () => {
    const res = await download('/api/v1/exports/contacts?format=vcard&filter[tags][contains]=vip&sort=lastName', owner.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/vcard; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="contacts-[\d-]+\.vcf"/);
    const source = await readVcard(Readable.from([Buffer.from(res.body, 'utf8')]));
    const rows: SourceRow[] = [];
    for await (const row of source.rows) rows.push(row);
    expect(rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    const cells = rows.map((r) => r.cells);
    expect(cells[0]).toMatchObject({ 'First Name': 'Ada', 'Last Name': 'Lovelace', Emails: 'ada@example.com', Organization: 'Acme, Inc.', Categories: 'vip' });
    // A card is not a spreadsheet: the value comes back exactly.
    expect(cells[1]).toMatchObject({ 'First Name': formula, 'Last Name': 'Mallory' });
    expect(cells[2]).toMatchObject({ 'First Name': 'Mine' });
  });

  it('shows a member with "only my records" only their own', async () => {
    const res = await download('/api/v1/exports/contacts?format=json', member);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { id: string }[]).map((c) => c.id)).toEqual([ids.mine]);
    expect(JSON.parse((await download('/api/v1/exports/deals?format=json', member)).body)).toEqual([]);
  });

  it("never shows another workspace's records", async () => {
    const mine = JSON.parse((await download('/api/v1/exports/contacts?format=json', owner.headers)).body) as { firstName: string }[];
    expect(mine.map((c) => c.firstName)).not.toContain('Foreign');
    const theirs = JSON.parse((await download('/api/v1/exports/contacts?format=json', other.headers)).body) as { firstName: string }[];
    expect(theirs.map((c) => c.firstName)).toEqual(['Foreign']);
    const workspace = await download('/api/v1/exports/workspace', other.headers);
    expect(workspace.body).not.toContain('Lovelace');
    expect(workspace.body).not.toContain('Acme');
  });

  it.each([
    ['an unknown format', '/api/v1/exports/contacts?format=xml', 'validation_failed'],
    ['vCard for anything but contacts', '/api/v1/exports/companies?format=vcard', 'validation_failed'],
    ['an unknown field', '/api/v1/exports/contacts?fields=firstName,password', 'validation_failed'],
    ['an unknown custom field', '/api/v1/exports/contacts?fields=customFields.nope', 'validation_failed'],
    ['an unknown filter field', '/api/v1/exports/contacts?filter[nope]=1', 'invalid_filter'],
    ['an unknown filter operator', '/api/v1/exports/deals?filter[amount][about]=5', 'invalid_filter'],
    ['a filter that is not JSON', '/api/v1/exports/deals?filter={oops', 'invalid_filter'],
    ['an unsortable field', '/api/v1/exports/contacts?sort=emails', 'invalid_sort'],
    ['CSV of the whole workspace', '/api/v1/exports/workspace?format=csv', 'validation_failed'],
  ])('refuses %s with 400 before sending any file', async (_name, path, code) => {
    const res = await download(path, owner.headers);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect((JSON.parse(res.body) as { error: { code: string; message: string } }).error.code).toBe(code);
  });

  it('answers 404 for a record type that does not exist', async () => {
    expect((await download('/api/v1/exports/users', owner.headers)).status).toBe(404);
  });

  it('says why vCard is refused', async () => {
    const res = await download('/api/v1/exports/deals?format=vcard', owner.headers);
    expect((JSON.parse(res.body) as { error: { message: string } }).error.message).toMatch(/contacts only/);
  });

  it('lets only admins export the whole workspace', async () => {
    expect((await download('/api/v1/exports/workspace', member)).status).toBe(403);
    expect((await download('/api/v1/exports/workspace', { authorization: '' })).status).toBe(401);
  });

  it('exports the whole workspace as one JSON document with every kind of object', async () => {
    const res = await download('/api/v1/exports/workspace?format=json', owner.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="workspace-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = JSON.parse(res.body) as Record<string, unknown> & Record<'companies' | 'contacts' | 'deals' | 'activities', Record<string, unknown>[]>;
    expect(Object.keys(doc)).toEqual(['format', 'version', 'exportedAt', 'workspaceId', 'customFields', 'pipelines', 'companies', 'contacts', 'deals', 'activities', 'tags']);
    expect(doc).toMatchObject({ format: 'nexuscrm.workspace-export', version: 1, workspaceId: owner.workspaceId });
    expect(doc.customFields).toHaveLength(2);
    expect(doc.customFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ object: 'contacts', key: 'score', type: 'number' }),
        expect.objectContaining({ object: 'contacts', key: 'tier', type: 'select', options: ['gold', 'silver'] }),
      ]),
    );
    const pipelines = doc.pipelines as { isDefault: boolean; stages: { name: string }[] }[];
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0]?.stages.length).toBeGreaterThan(1);
    expect(doc.companies.map((c) => c.id)).toEqual([ids.acme]);
    // The admin sees every contact, the member's too; ids in order.
    expect(doc.contacts.map((c) => c.id)).toEqual([ids.ada, ids.evil, ids.grace, ids.mine].sort());
    expect(doc.contacts.find((c) => c.id === ids.ada)).toMatchObject({ customFields: { tier: 'gold', score: 9 }, companyIds: [ids.acme], dealIds: [ids.deal] });
    expect(doc.deals).toEqual([expect.objectContaining({ id: ids.deal, contactIds: [ids.ada] })]);
    expect(doc.activities).toEqual([expect.objectContaining({ id: ids.call, contactIds: [ids.ada], dealIds: [ids.deal] })]);
    expect(doc.tags).toEqual([
      { tag: 'vip', count: 3 },
      { tag: 'customer', count: 1 },
      { tag: 'prospect', count: 1 },
    ]);
  });

  describe('a larger export', () => {
    let big: SignedUp;
    const total = 3_000;

    beforeAll(async () => {
      big = await t.signup();
      await call('POST', '/api/v1/custom-fields', big.headers, { object: 'contacts', key: 'batch', label: 'Batch', type: 'number' });
      for (let batch = 0; batch < total / 1000; batch++) {
        const records = Array.from({ length: 1000 }, (_, i) => ({
          firstName: `Person ${batch * 1000 + i}`,
          emails: [`person${batch * 1000 + i}@example.com`],
          customFields: { batch },
        }));
        await call('POST', '/api/v1/contacts/batch/create', big.headers, { records });
      }
    }, 120_000);

    it('streams every row across pages, chunk by chunk', async () => {
      log.lines.length = 0;
      const res = await fetch(`${base}/api/v1/exports/contacts?format=csv`, { headers: big.headers });
      expect(res.status).toBe(200);
      // No Content-Length: the file is written as it is read.
      expect(res.headers.get('content-length')).toBeNull();
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      const rows = parse<Record<string, string>>(await res.text(), { columns: true });
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((r) => r.id)).size).toBe(total);
      expect(new Set(rows.map((r) => r.emails)).size).toBe(total);
      expect(rows.filter((r) => r['customFields.batch'] === '2')).toHaveLength(1000);
      // Read in pages of 1000, each its own short read.
      await expect.poll(() => log.lines.find((l) => l.msg === 'export finished')).toMatchObject({ object: 'contacts', format: 'csv', rows: total, pages: 3 });
    });

    it('stops reading pages when the client goes away', async () => {
      const sink = logSink();
      // The service the route uses, with small pages, consumed the way Fastify does: it destroys the stream when the socket closes.
      const service = createExportService({
        db: t.db,
        records: t.core.records,
        pipelines: t.core.pipelines,
        log: createLogger({ level: 'info', destination: sink.destination }),
        clock: { now: () => new Date() },
        pageSize: 100,
      });
      const auth = await t.identity.authenticate(big.headers.authorization);
      const file = await service.records(auth, { object: 'contacts', format: 'csv' });
      const iterator = file.body[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      file.body.destroy();
      await new Promise((resolve) => file.body.once('close', resolve));
      await expect.poll(() => sink.lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('export'))).toMatchObject({ msg: 'export stopped before the end: the client went away' });
      const stopped = sink.lines.find((l) => l.msg === 'export stopped before the end: the client went away');
      expect(stopped?.rows as number).toBeLessThan(total / 2);
      expect(stopped?.pages as number).toBeLessThan(total / 100 / 2);
    });

    it('keeps serving after a client hangs up mid-download', async () => {
      // A raw socket closed after the first bytes, as a browser does when the download is cancelled.
      await new Promise<void>((resolve, reject) => {
        const req = get(`${base}/api/v1/exports/contacts?format=json`, { headers: big.headers }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      });
      const again = await download('/api/v1/exports/contacts?format=json&fields=id', big.headers);
      expect((JSON.parse(again.body) as unknown[]).length).toBe(total);
    });
  });
});
