import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
type Rec = Record<string, unknown> & { id: string; version: number };

describe('records API', () => {
  let t: TestApp;
  let owner: SignedUp;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup();
  });
  afterAll(() => t.close());

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method, url, headers: { ...owner.headers, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json<Record<string, unknown>>() : {}, headers: res.headers };
  };
  const create = async (object: string, payload: unknown): Promise<Rec> => {
    const res = await call('POST', `/api/v1/${object}`, payload);
    if (res.status !== 201) throw new Error(`create ${object}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Rec;
  };
  const errorCode = (body: Record<string, unknown>) => (body.error as { code: string } | undefined)?.code;

  describe('contacts', () => {
    it('creates a contact and reads it back with its primary email first', async () => {
      const res = await call('POST', '/api/v1/contacts', { firstName: 'Ada', lastName: 'Lovelace', emails: ['ADA@Example.com', 'ada@work.example'], phones: ['+44 20 7946 0958'] });
      expect(res.status).toBe(201);
      const contact = res.body as Rec;
      expect(contact).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@example.com', 'ada@work.example'], version: 1, ownerId: owner.userId });
      const read = await call('GET', `/api/v1/contacts/${contact.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(contact);
      expect(read.headers.etag).toBe('"1"');
    });

    it('refuses unknown fields, wrong types and control characters with 400 and writes nothing', async () => {
      for (const payload of [{ firstName: 'X', favouriteColour: 'red' }, { firstName: 42 }, { firstName: 'bad\u0000name' }, { emails: ['not-an-email'] }, {}]) {
        const res = await call('POST', '/api/v1/contacts', payload);
        expect(res.status).toBe(400);
        expect(errorCode(res.body)).toBe('validation_failed');
      }
      const list = await call('GET', '/api/v1/contacts?filter=' + encodeURIComponent(JSON.stringify({ firstName: 'X' })));
      expect((list.body as unknown as Page<Rec>).data).toEqual([]);
    });

    it('stores SQL and HTML in text verbatim', async () => {
      const name = `Robert'); DROP TABLE contacts;-- <script>alert(1)</script>`;
      const contact = await create('contacts', { firstName: name });
      expect((await call('GET', `/api/v1/contacts/${contact.id}`)).body.firstName).toBe(name);
    });

    it('updates only the fields sent and bumps the version', async () => {
      const contact = await create('contacts', { firstName: 'Grace', lastName: 'Hopper', title: 'Rear Admiral' });
      const res = await call('PATCH', `/api/v1/contacts/${contact.id}`, { title: 'Computer scientist' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', title: 'Computer scientist', version: 2 });
    });

    it('refuses a stale If-Match with 412 and a stale body version with 409, leaving the record as it was', async () => {
      const contact = await create('contacts', { firstName: 'Alan' });
      await call('PATCH', `/api/v1/contacts/${contact.id}`, { lastName: 'Turing' });
      const stale = await call('PATCH', `/api/v1/contacts/${contact.id}`, { lastName: 'Stale' }, { 'if-match': '"1"' });
      expect(stale.status).toBe(412);
      expect(errorCode(stale.body)).toBe('precondition_failed');
      const staleBody = await call('PATCH', `/api/v1/contacts/${contact.id}`, { lastName: 'Stale', version: 1 });
      expect(staleBody.status).toBe(409);
      expect(errorCode(staleBody.body)).toBe('version_conflict');
      const fresh = await call('PATCH', `/api/v1/contacts/${contact.id}`, { lastName: 'Turing OBE' }, { 'if-match': '"2"' });
      expect(fresh.status).toBe(200);
      expect((await call('GET', `/api/v1/contacts/${contact.id}`)).body).toMatchObject({ lastName: 'Turing OBE', version: 3 });
    });

    it('deletes softly (204, then 404) and restores the record', async () => {
      const contact = await create('contacts', { firstName: 'Temp' });
      expect((await call('DELETE', `/api/v1/contacts/${contact.id}`)).status).toBe(204);
      expect((await call('GET', `/api/v1/contacts/${contact.id}`)).status).toBe(404);
      expect((await call('DELETE', `/api/v1/contacts/${contact.id}`)).status).toBe(404);
      const trash = (await call('GET', '/api/v1/contacts?deleted=true')).body as unknown as Page<Rec>;
      expect(trash.data.map((c) => c.id)).toContain(contact.id);
      const restored = await call('POST', `/api/v1/contacts/${contact.id}/restore`);
      expect(restored.status).toBe(200);
      expect((await call('GET', `/api/v1/contacts/${contact.id}`)).body).toMatchObject({ firstName: 'Temp' });
    });

    it('answers 404 for ids that are malformed or do not exist', async () => {
      expect((await call('GET', '/api/v1/contacts/not-a-uuid')).status).toBe(404);
      expect((await call('GET', '/api/v1/contacts/00000000-0000-7000-8000-000000000000')).status).toBe(404);
      expect((await call('PATCH', '/api/v1/contacts/00000000-0000-7000-8000-000000000000', { firstName: 'x' })).status).toBe(404);
    });

    it('keeps externalId unique per workspace', async () => {
      await create('contacts', { firstName: 'Ext', externalId: 'crm-42' });
      const dup = await call('POST', '/api/v1/contacts', { firstName: 'Other', externalId: 'crm-42' });
      expect(dup.status).toBe(409);
      expect(errorCode(dup.body)).toBe('already_exists');
    });
  });

  describe('listing', () => {
    let names: string[];
    beforeAll(async () => {
      names = ['Zoe', 'Yann', 'Xia', 'Wim', 'Val', 'Uma', 'Tom'];
      for (const [i, name] of names.entries()) {
        await create('contacts', { firstName: name, lastName: 'Pager', lifecycleStage: i % 2 ? 'lead' : 'customer', tags: i < 3 ? ['vip'] : [] });
      }
    });

    it('pages through a sorted list with a cursor, each record once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/v1/contacts?limit=3&sort=firstName&filter=${encodeURIComponent(JSON.stringify({ lastName: 'Pager' }))}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await call('GET', query)).body as unknown as Page<Rec>;
        seen.push(...page.data.map((c) => c.firstName as string));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...names].sort());
    });

    it('sorts descending and filters with in, contains, isEmpty and bracket syntax', async () => {
      const desc = (await call('GET', `/api/v1/contacts?sort=-firstName&limit=2&filter[lastName]=Pager`)).body as unknown as Page<Rec>;
      expect(desc.data.map((c) => c.firstName)).toEqual(['Zoe', 'Yann']);
      const leads = (await call('GET', `/api/v1/contacts?limit=50&filter[lastName]=Pager&filter[lifecycleStage][in]=lead`)).body as unknown as Page<Rec>;
      expect(leads.data.map((c) => c.firstName).sort()).toEqual(['Uma', 'Wim', 'Yann']);
      const vip = (await call('GET', `/api/v1/contacts?limit=50&filter[tags][contains]=vip`)).body as unknown as Page<Rec>;
      expect(vip.data.map((c) => c.firstName).sort()).toEqual(['Xia', 'Yann', 'Zoe']);
      const noTags = (await call('GET', `/api/v1/contacts?limit=50&filter[lastName]=Pager&filter[tags][isEmpty]=true`)).body as unknown as Page<Rec>;
      expect(noTags.data).toHaveLength(4);
      const notZoe = (await call('GET', `/api/v1/contacts?limit=50&filter[lastName]=Pager&filter[firstName][ne]=Zoe`)).body as unknown as Page<Rec>;
      expect(notZoe.data.map((c) => c.firstName).sort()).toEqual(['Tom', 'Uma', 'Val', 'Wim', 'Xia', 'Yann']);
      const counts = (await call('GET', '/api/v1/tags?object=contacts')).body as unknown as { data: { tag: string; count: number }[] };
      expect(counts.data.find((c) => c.tag === 'vip')?.count).toBe(3);
      const partial = (await call('GET', `/api/v1/contacts?limit=50&filter[firstName][startsWith]=y`)).body as unknown as Page<Rec>;
      expect(partial.data.map((c) => c.firstName)).toEqual(['Yann']);
    });

    it('answers bad list parameters with a precise 400', async () => {
      const cases: [string, string][] = [
        ['/api/v1/contacts?limit=0', 'validation_failed'],
        ['/api/v1/contacts?limit=100000', 'validation_failed'],
        ['/api/v1/contacts?cursor=bm90LWEtY3Vyc29y', 'invalid_cursor'],
        ['/api/v1/contacts?cursor=%%%', 'invalid_cursor'],
        ['/api/v1/contacts?sort=password', 'invalid_sort'],
        ['/api/v1/contacts?filter=%7Bbroken', 'invalid_filter'],
        ['/api/v1/contacts?filter[nope]=1', 'invalid_filter'],
        ['/api/v1/contacts?filter[createdAt][gte]=yesterday', 'invalid_filter'],
        ['/api/v1/contacts?filter[firstName][regex]=.*', 'invalid_filter'],
      ];
      for (const [url, code] of cases) {
        const res = await call('GET', url);
        expect({ url, status: res.status, code: errorCode(res.body) }).toEqual({ url, status: 400, code });
      }
      const unknownCustom = await call('GET', '/api/v1/contacts?sort=-customFields.gone');
      expect(unknownCustom.status).toBe(400);
      expect(unknownCustom.body).toMatchObject({ error: { code: 'invalid_sort', message: 'Cannot sort contacts by the custom field "gone": no such field (it may have been deleted)' } });
    });

    it('pages by updatedAt in both directions without repeating or skipping rows changed in the same millisecond', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) ids.push((await create('companies', { name: `Touched ${i}`, industry: 'Paging' })).id);
      for (const id of ids) await call('PATCH', `/api/v1/companies/${id}`, { size: '11-50' });
      for (const sort of ['updatedAt', '-updatedAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let guard = 0; guard < 20; guard += 1) {
          const url: string = `/api/v1/companies?limit=2&sort=${sort}&filter[industry]=Paging${cursor ? `&cursor=${cursor}` : ''}`;
          const page = (await call('GET', url)).body as unknown as Page<Rec>;
          seen.push(...page.data.map((c) => c.id));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        expect([...seen].sort()).toEqual([...ids].sort());
      }
    });

    it('treats inherited property names and impossible dates in filters as bad requests', async () => {
      for (const url of [
        `/api/v1/companies?filter=${encodeURIComponent('{"toString":{"isEmpty":true}}')}`,
        `/api/v1/companies?filter=${encodeURIComponent('{"constructor":"00000000-0000-7000-8000-000000000000"}')}`,
        '/api/v1/companies?sort=hasOwnProperty',
        '/api/v1/deals?filter[closeDate][gte]=2024-02-30',
        '/api/v1/deals?filter[createdAt][lt]=2024-13-01T00:00:00Z',
      ]) {
        const res = await call('GET', url);
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
      }
      const body = await call('POST', '/api/v1/contacts', { firstName: 'Proto', toString: 'x' });
      expect(body.status).toBe(400);
    });

    it('refuses a cursor made for a different sort order', async () => {
      const page = (await call('GET', '/api/v1/contacts?limit=1&sort=firstName')).body as unknown as Page<Rec>;
      const res = await call('GET', `/api/v1/contacts?limit=1&sort=-createdAt&cursor=${page.nextCursor ?? ''}`);
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe('invalid_cursor');
    });
  });

  describe('custom fields', () => {
    beforeAll(async () => {
      expect((await call('POST', '/api/v1/custom-fields', { object: 'companies', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] })).status).toBe(201);
      expect((await call('POST', '/api/v1/custom-fields', { object: 'companies', key: 'seats', label: 'Seats', type: 'number' })).status).toBe(201);
      expect((await call('POST', '/api/v1/custom-fields', { object: 'companies', key: 'renewal', label: 'Renewal', type: 'date' })).status).toBe(201);
    });

    it('validates values on write: wrong option, wrong type or unknown key answer 422', async () => {
      for (const customFields of [{ tier: 'platinum' }, { seats: 'many' }, { renewal: '2026-13-40' }, { nope: 1 }]) {
        const res = await call('POST', '/api/v1/companies', { name: 'Invalid Co', customFields });
        expect(res.status).toBe(422);
        expect(errorCode(res.body)).toBe('invalid_custom_field');
      }
    });

    it('reads, filters and sorts by custom fields, and clears a value with null', async () => {
      const gold = await create('companies', { name: 'Gold Co', customFields: { tier: 'gold', seats: 120, renewal: '2027-01-31' } });
      await create('companies', { name: 'Silver Co', customFields: { tier: 'silver', seats: 15 } });
      await create('companies', { name: 'Big Silver', customFields: { tier: 'silver', seats: 900 } });
      expect(gold.customFields).toEqual({ tier: 'gold', seats: 120, renewal: '2027-01-31' });
      const silver = (await call('GET', `/api/v1/companies?filter=${encodeURIComponent(JSON.stringify({ 'customFields.tier': 'silver' }))}&sort=-customFields.seats`)).body as unknown as Page<Rec>;
      expect(silver.data.map((c) => c.name)).toEqual(['Big Silver', 'Silver Co']);
      const range = (await call('GET', `/api/v1/companies?filter[customFields.seats][gte]=100&sort=customFields.seats`)).body as unknown as Page<Rec>;
      expect(range.data.map((c) => c.name)).toEqual(['Gold Co', 'Big Silver']);
      const cleared = await call('PATCH', `/api/v1/companies/${gold.id}`, { customFields: { renewal: null } });
      expect(cleared.body.customFields).toEqual({ tier: 'gold', seats: 120 });
    });

    it('refuses a duplicate key and an invalid definition', async () => {
      expect((await call('POST', '/api/v1/custom-fields', { object: 'companies', key: 'tier', label: 'Again', type: 'text' })).status).toBe(409);
      expect((await call('POST', '/api/v1/custom-fields', { object: 'companies', key: 'Bad Key', label: 'x', type: 'text' })).status).toBe(400);
      expect((await call('POST', '/api/v1/custom-fields', { object: 'companies', key: 'pick', label: 'x', type: 'select' })).status).toBe(400);
    });
  });

  describe('deals and pipelines', () => {
    let stages: { id: string; name: string; type: string }[];
    beforeAll(async () => {
      const pipelines = (await call('GET', '/api/v1/pipelines')).body as unknown as Page<{ stages: typeof stages }>;
      stages = pipelines.data[0]?.stages ?? [];
    });

    it('puts a new deal in the first stage of the default pipeline and keeps money exact', async () => {
      const deal = await create('deals', { name: 'Big one', amount: '1234.5', currency: 'usd' });
      expect(deal).toMatchObject({ amount: '1234.50', currency: 'USD', stageId: stages[0]?.id });
      const yen = await create('deals', { name: 'Tokyo', amount: 5000, currency: 'JPY' });
      expect(yen.amount).toBe('5000');
    });

    it('refuses floats, malformed amounts and more decimals than the currency has', async () => {
      for (const payload of [{ amount: 12.5 }, { amount: '12,50' }, { amount: '1e6' }, { amount: '10.123', currency: 'USD' }, { amount: '1.5', currency: 'JPY' }, { currency: 'XXXX' }]) {
        const res = await call('POST', '/api/v1/deals', { name: 'Bad money', ...payload });
        expect({ payload, status: res.status }).toEqual({ payload, status: 400 });
      }
    });

    it('refuses to change the currency when the amount would lose digits', async () => {
      const deal = await create('deals', { name: 'Cents', amount: '10.50', currency: 'USD' });
      const res = await call('PATCH', `/api/v1/deals/${deal.id}`, { currency: 'JPY' });
      expect(res.status).toBe(400);
      expect((await call('GET', `/api/v1/deals/${deal.id}`)).body).toMatchObject({ amount: '10.50', currency: 'USD' });
      expect((await call('PATCH', `/api/v1/deals/${deal.id}`, { currency: 'EUR' })).body).toMatchObject({ amount: '10.50', currency: 'EUR' });
    });

    it('records stage changes and filters deals by amount range', async () => {
      const deal = await create('deals', { name: 'Mover', amount: '90000', currency: 'EUR' });
      const moved = await call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: stages[2]?.id });
      expect(moved.body.stageId).toBe(stages[2]?.id);
      const big = (await call('GET', `/api/v1/deals?filter[amount][gte]=50000&filter[amount][lt]=100000`)).body as unknown as Page<Rec>;
      expect(big.data.map((d) => d.name)).toContain('Mover');
      expect(big.data.map((d) => d.name)).not.toContain('Big one');
      const audit = (await call('GET', `/api/v1/audit-log?recordId=${deal.id}`)).body as unknown as Page<{ action: string; changes: Record<string, { before: unknown; after: unknown }> }>;
      expect(audit.data.map((a) => a.action)).toEqual(['update', 'create']);
      expect(audit.data[0]?.changes.stageId).toEqual({ before: stages[0]?.id, after: stages[2]?.id });
    });

    it('refuses a stage of another pipeline and a stage still holding deals', async () => {
      const other = await call('POST', '/api/v1/pipelines', { name: 'Renewals', stages: [{ name: 'Due', probability: 50, type: 'open' }, { name: 'Renewed', probability: 100, type: 'won' }] });
      expect(other.status).toBe(201);
      const otherPipeline = other.body as { id: string; stages: { id: string }[] };
      const deal = await create('deals', { name: 'Renewal', pipelineId: otherPipeline.id });
      expect(deal.stageId).toBe(otherPipeline.stages[0]?.id);
      const wrong = await call('PATCH', `/api/v1/deals/${deal.id}`, { pipelineId: otherPipeline.id, stageId: stages[1]?.id });
      expect(wrong.status).toBe(422);
      const removeStage = await call('PATCH', `/api/v1/pipelines/${otherPipeline.id}`, { stages: [{ id: otherPipeline.stages[1]?.id, name: 'Renewed', probability: 100, type: 'won' }] });
      expect(removeStage.status).toBe(409);
      expect(errorCode(removeStage.body)).toBe('stage_in_use');
    });
  });

  describe('pipeline lifecycle', () => {
    it('deletes an empty pipeline to the trash and restores it, but never the default one', async () => {
      const created = await call('POST', '/api/v1/pipelines', { name: 'Partners', stages: [{ name: 'Intro', probability: 20, type: 'open' }] });
      const id = (created.body as { id: string }).id;
      expect((await call('DELETE', `/api/v1/pipelines/${id}`)).status).toBe(204);
      expect((await call('GET', `/api/v1/pipelines/${id}`)).status).toBe(404);
      const trash = (await call('GET', '/api/v1/pipelines?deleted=true')).body as unknown as Page<{ id: string }>;
      expect(trash.data.map((p) => p.id)).toContain(id);
      expect((await call('POST', `/api/v1/pipelines/${id}/restore`)).status).toBe(200);
      expect((await call('GET', `/api/v1/pipelines/${id}`)).body).toMatchObject({ name: 'Partners', isDefault: false });
      const defaults = ((await call('GET', '/api/v1/pipelines')).body as unknown as Page<{ id: string; isDefault: boolean }>).data.find((p) => p.isDefault);
      const refused = await call('DELETE', `/api/v1/pipelines/${defaults?.id ?? ''}`);
      expect(refused.status).toBe(409);
    });
  });

  describe('relations and timeline', () => {
    it("lists a company's contacts and deals, and a record's timeline", async () => {
      const company = await create('companies', { name: 'Timeline Inc', domain: 'timeline.example' });
      const other = await create('companies', { name: 'Side Ltd' });
      const contact = await create('contacts', { firstName: 'Tim', companyId: company.id, companyIds: [other.id] });
      expect((contact.companyIds as string[]).sort()).toEqual([company.id, other.id].sort());
      const deal = await create('deals', { name: 'Timeline deal', companyId: company.id, contactIds: [contact.id] });
      await create('activities', { type: 'note', body: 'First call went well', contactIds: [contact.id], companyIds: [company.id] });
      await create('activities', { type: 'task', subject: 'Send quote', dueAt: '2030-01-01T09:00:00Z', dealIds: [deal.id], contactIds: [contact.id] });

      const contacts = (await call('GET', `/api/v1/companies/${other.id}/contacts`)).body as unknown as Page<Rec>;
      expect(contacts.data.map((c) => c.id)).toEqual([contact.id]);
      const deals = (await call('GET', `/api/v1/companies/${company.id}/deals`)).body as unknown as Page<Rec>;
      expect(deals.data.map((d) => d.id)).toEqual([deal.id]);
      const dealContacts = (await call('GET', `/api/v1/deals/${deal.id}/contacts`)).body as unknown as Page<Rec>;
      expect(dealContacts.data.map((c) => c.id)).toEqual([contact.id]);
      const timeline = (await call('GET', `/api/v1/contacts/${contact.id}/timeline`)).body as unknown as Page<Rec>;
      expect(timeline.data.map((a) => a.type).sort()).toEqual(['note', 'task']);
      const task = timeline.data.find((a) => a.type === 'task');
      expect(task).toMatchObject({ status: 'open', subject: 'Send quote' });
      const done = await call('PATCH', `/api/v1/activities/${task?.id ?? ''}`, { status: 'done' });
      expect(done.body.completedAt).toEqual(expect.any(String));
      const companyTimeline = (await call('GET', `/api/v1/companies/${company.id}/timeline`)).body as unknown as Page<Rec>;
      expect(companyTimeline.data.map((a) => a.type)).toEqual(['note']);
    });

    it('refuses links to records that do not exist with 422', async () => {
      const res = await call('POST', '/api/v1/contacts', { firstName: 'Orphan', companyId: '00000000-0000-7000-8000-000000000001' });
      expect(res.status).toBe(422);
      expect(errorCode(res.body)).toBe('invalid_reference');
    });
  });

  describe('batch and idempotency', () => {
    it('creates 1,000 contacts in one call', async () => {
      const records = Array.from({ length: 1000 }, (_, i) => ({ firstName: `Batch${i}`, lastName: 'Bulk' }));
      const res = await call('POST', '/api/v1/contacts/batch/create', { records });
      expect(res.status).toBe(201);
      expect((res.body.data as Rec[]).length).toBe(1000);
      const page = (await call('GET', '/api/v1/contacts?limit=200&filter[lastName]=Bulk')).body as unknown as Page<Rec>;
      expect(page.data).toHaveLength(200);
      expect(page.nextCursor).not.toBeNull();
    });

    it('refuses more than 1,000 records per call', async () => {
      const records = Array.from({ length: 1001 }, (_, i) => ({ firstName: `Too${i}` }));
      expect((await call('POST', '/api/v1/contacts/batch/create', { records })).status).toBe(400);
    });

    it('writes nothing when one item of a batch is invalid, and says which', async () => {
      const res = await call('POST', '/api/v1/companies/batch/create', { records: [{ name: 'Fine A' }, { name: 'Fine B', customFields: { tier: 'bronze' } }] });
      expect(res.status).toBe(422);
      expect(errorCode(res.body)).toBe('batch_failed');
      expect((res.body.error as { details: { index: number } }).details.index).toBe(1);
      const list = (await call('GET', '/api/v1/companies?filter[name]=Fine A')).body as unknown as Page<Rec>;
      expect(list.data).toEqual([]);
    });

    it('updates and deletes in batches', async () => {
      const a = await create('contacts', { firstName: 'BatchEdit' });
      const b = await create('contacts', { firstName: 'BatchEdit' });
      const updated = await call('POST', '/api/v1/contacts/batch/update', { records: [{ id: a.id, title: 'T1' }, { id: b.id, title: 'T2' }] });
      expect((updated.body.data as Rec[]).map((r) => r.title)).toEqual(['T1', 'T2']);
      const deleted = await call('POST', '/api/v1/contacts/batch/delete', { ids: [a.id, b.id] });
      expect(deleted.body).toEqual({ deleted: 2 });
      expect((await call('GET', `/api/v1/contacts/${a.id}`)).status).toBe(404);
    });

    it('replays the first answer for a repeated Idempotency-Key and refuses it for a different body', async () => {
      const headers = { 'idempotency-key': 'create-once-1' };
      const first = await call('POST', '/api/v1/companies', { name: 'Once Ltd' }, headers);
      const again = await call('POST', '/api/v1/companies', { name: 'Once Ltd' }, headers);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers.location).toBe(first.headers.location);
      expect(again.headers.etag).toBe(first.headers.etag);
      const reordered = await call('POST', '/api/v1/companies', { name: 'Twice', industry: 'X' }, { 'idempotency-key': 'order-free' });
      const sameBody = await call('POST', '/api/v1/companies', { industry: 'X', name: 'Twice' }, { 'idempotency-key': 'order-free' });
      expect(sameBody.status).toBe(201);
      expect(sameBody.body.id).toBe(reordered.body.id);
      const list = (await call('GET', '/api/v1/companies?filter[name]=Once Ltd')).body as unknown as Page<Rec>;
      expect(list.data).toHaveLength(1);
      const reused = await call('POST', '/api/v1/companies', { name: 'Different' }, headers);
      expect(reused.status).toBe(422);
      expect(errorCode(reused.body)).toBe('idempotency_key_reused');
    });
  });

  describe('audit log and events', () => {
    it('records who changed what, before and after, and writes an event for each change', async () => {
      const company = await create('companies', { name: 'Audited', industry: 'Retail' });
      await call('PATCH', `/api/v1/companies/${company.id}`, { industry: 'Wholesale' });
      await call('DELETE', `/api/v1/companies/${company.id}`);
      const audit = (await call('GET', `/api/v1/audit-log?recordId=${company.id}`)).body as unknown as Page<{ action: string; actorType: string; actorId: string; changes: Record<string, unknown> }>;
      expect(audit.data.map((a) => a.action)).toEqual(['delete', 'update', 'create']);
      expect(audit.data[1]).toMatchObject({ actorType: 'user', actorId: owner.userId, changes: { industry: { before: 'Retail', after: 'Wholesale' } } });
      const { rows } = await t.db.withWorkspace(owner.workspaceId, (tx) =>
        tx.query<{ type: string }>('select type from outbox where record_id = $1 order by id', [company.id]),
      );
      expect(rows.map((r) => r.type)).toEqual(['company.created', 'company.updated', 'company.deleted']);
    });

    it("publishes a created record exactly as the API returns it, and audits all of its fields", async () => {
      const company = await create('companies', { name: 'Event Co', socialLinks: { github: 'https://github.com/event' }, customFields: { tier: 'gold', seats: 3 } });
      const contact = await create('contacts', { firstName: 'Eve', emails: ['eve@event.example'], companyId: company.id, tags: ['a', 'b'] });
      const deal = await create('deals', { name: 'Event deal', amount: '12.5', currency: 'EUR', closeDate: '2027-03-01', contactIds: [contact.id] });
      const activity = await create('activities', { type: 'task', subject: 'Call back', dueAt: '2030-01-01T09:00:00+02:00', contactIds: [contact.id] });
      for (const record of [company, contact, deal, activity]) {
        const { rows } = await t.db.withWorkspace(owner.workspaceId, (tx) =>
          tx.query<{ type: string; payload: { record: unknown } }>(`select type, payload from outbox where record_id = $1 and type like '%.created'`, [record.id]),
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]?.payload.record).toEqual(record);
        const audit = (await call('GET', `/api/v1/audit-log?recordId=${record.id}`)).body as unknown as Page<{ action: string; changes: Record<string, { after: unknown }> }>;
        expect(audit.data[0]?.action).toBe('create');
        const after = Object.fromEntries(Object.entries(audit.data[0]?.changes ?? {}).map(([k, v]) => [k, v.after]));
        for (const [key, value] of Object.entries(record)) {
          if (key === 'version' || key === 'updatedAt' || key === 'customFields' || value === null || (Array.isArray(value) && value.length === 0)) continue;
          expect({ key, value: after[key] }).toEqual({ key, value });
        }
      }
      expect(activity.dueAt).toBe('2030-01-01T07:00:00.000Z');
      expect(deal.amount).toBe('12.50');
    });

    it('writes no audit entry and no version bump for an update that changes nothing', async () => {
      const company = await create('companies', { name: 'Still' });
      const same = await call('PATCH', `/api/v1/companies/${company.id}`, { name: 'Still' });
      expect(same.body.version).toBe(1);
      const audit = (await call('GET', `/api/v1/audit-log?recordId=${company.id}`)).body as unknown as Page<unknown>;
      expect(audit.data).toHaveLength(1);
    });
  });

  describe('malformed requests', () => {
    it('answers broken JSON, wrong content types and huge bodies with 4xx, never 500', async () => {
      const broken = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...owner.headers, 'content-type': 'application/json' }, payload: '{"firstName":' });
      expect(broken.statusCode).toBe(400);
      expect(broken.json<{ error: { code: string } }>().error.code).toBe('invalid_json');
      const text = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...owner.headers, 'content-type': 'text/plain' }, payload: 'hello' });
      expect(text.statusCode).toBe(415);
      const huge = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...owner.headers, 'content-type': 'application/json' }, payload: JSON.stringify({ firstName: 'x'.repeat(2 * 1024 * 1024) }) });
      expect(huge.statusCode).toBe(413);
      const proto = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...owner.headers, 'content-type': 'application/json' }, payload: '{"firstName":"p","__proto__":{"admin":true}}' });
      expect(proto.statusCode).toBe(400);
    });
  });
});
