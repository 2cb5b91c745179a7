import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface View {
  id: string;
  object: string;
  name: string;
  ownerId: string;
  ownerName: string | null;
  shared: boolean;
  filter: Record<string, unknown> | null;
  sort: string | null;
  columns: string[];
  position: number;
  canEdit: boolean;
  version: number;
}

interface Member {
  headers: { authorization: string };
  userId: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe('saved views', () => {
  let t: TestApp;
  let owner: SignedUp;
  let member: Member;
  let colleague: Member;
  let reader: Member;
  let stranger: SignedUp;
  let seq = 0;

  const call = (who: { headers: { authorization: string } }, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  async function invite(role: 'admin' | 'member' | 'read_only'): Promise<Member> {
    seq += 1;
    const invited = await call(owner, 'POST', '/api/v1/invitations', { email: `views-${role}-${seq}-${Date.now()}@example.com`, role });
    expect(invited.statusCode).toBe(201);
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: invited.json<{ token: string }>().token, name: `Views ${role} ${seq}`, password: 'a long enough password' },
    });
    expect(accepted.statusCode).toBe(200);
    const body = accepted.json<{ token: string; user: { id: string } }>();
    return { headers: { authorization: `Bearer ${body.token}` }, userId: body.user.id };
  }

  async function create(who: { headers: { authorization: string } }, body: Record<string, unknown>): Promise<View> {
    const res = await call(who, 'POST', '/api/v1/views', { object: 'contacts', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<View>();
  }

  async function listNames(who: { headers: { authorization: string } }, object = 'contacts'): Promise<string[]> {
    const res = await call(who, 'GET', `/api/v1/views?object=${object}`);
    expect(res.statusCode).toBe(200);
    return res.json<{ data: View[] }>().data.map((v) => v.name);
  }

  const codeOf = (res: { json: <T>() => T }) => res.json<{ error: { code: string } }>().error.code;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup({ name: 'Olivia Owner' });
    member = await invite('member');
    colleague = await invite('member');
    reader = await invite('read_only');
    stranger = await t.signup();
  });
  afterAll(() => t.close());

  it('saves a view, lists it, renames it, overwrites its state and deletes it', async () => {
    const saved = await create(owner, {
      name: 'Customers',
      filter: { lifecycleStage: 'customer', emails: { isEmpty: false } },
      sort: '-createdAt',
      columns: ['firstName', 'lastName', 'emails'],
    });
    expect(saved).toMatchObject({
      object: 'contacts',
      name: 'Customers',
      ownerId: owner.userId,
      ownerName: 'Olivia Owner',
      shared: false,
      filter: { lifecycleStage: 'customer', emails: { isEmpty: false } },
      sort: '-createdAt',
      columns: ['firstName', 'lastName', 'emails'],
      canEdit: true,
      version: 1,
    });

    const fetched = await call(owner, 'GET', `/api/v1/views/${saved.id}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.headers.etag).toBe('"1"');
    expect(await listNames(owner)).toContain('Customers');
    expect(await listNames(owner, 'deals')).not.toContain('Customers');

    // The saved state opens in the list API as it is.
    const opened = await call(owner, 'GET', `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify(saved.filter))}&sort=${saved.sort}`);
    expect(opened.statusCode).toBe(200);

    const renamed = await call(owner, 'PATCH', `/api/v1/views/${saved.id}`, { name: '  Paying customers ' }, { 'if-match': '"1"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json<View>()).toMatchObject({ name: 'Paying customers', version: 2, filter: saved.filter, columns: saved.columns });

    const overwritten = await call(owner, 'PATCH', `/api/v1/views/${saved.id}`, { filter: null, sort: null, columns: ['lastName'], version: 2 });
    expect(overwritten.statusCode, overwritten.body).toBe(200);
    expect(overwritten.json<View>()).toMatchObject({ name: 'Paying customers', filter: null, sort: null, columns: ['lastName'], version: 3 });

    const deleted = await call(owner, 'DELETE', `/api/v1/views/${saved.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await call(owner, 'GET', `/api/v1/views/${saved.id}`)).statusCode).toBe(404);
    expect(await listNames(owner)).not.toContain('Paying customers');
  });

  it('writes every change to the audit log', async () => {
    const view = await create(owner, { name: 'Audited', shared: true });
    await call(owner, 'PATCH', `/api/v1/views/${view.id}`, { name: 'Audited again' });
    await call(owner, 'DELETE', `/api/v1/views/${view.id}`);
    const res = await call(owner, 'GET', `/api/v1/audit-log?object=saved_views&recordId=${view.id}`);
    expect(res.statusCode).toBe(200);
    const entries = res.json<{ data: { action: string; changes: Record<string, { before: unknown; after: unknown }> }[] }>().data;
    expect(entries.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(entries[1]?.changes).toEqual({ name: { before: 'Audited', after: 'Audited again' } });
  });

  it("keeps a private view to its owner: another member neither lists it nor reaches it by id", async () => {
    const mine = await create(member, { name: 'My pipeline', filter: { leadSource: 'web' } });
    expect(await listNames(member)).toContain('My pipeline');
    for (const other of [colleague, owner, reader]) {
      expect(await listNames(other)).not.toContain('My pipeline');
      expect((await call(other, 'GET', `/api/v1/views/${mine.id}`)).statusCode).toBe(404);
    }
    // Not even an admin can change or delete it: to them it does not exist.
    expect((await call(owner, 'PATCH', `/api/v1/views/${mine.id}`, { name: 'Taken over' })).statusCode).toBe(404);
    expect((await call(colleague, 'DELETE', `/api/v1/views/${mine.id}`)).statusCode).toBe(404);
    expect((await call(member, 'GET', `/api/v1/views/${mine.id}`)).json<View>().name).toBe('My pipeline');
  });

  it('shows a shared view to the whole workspace, but only its owner or an admin may change it', async () => {
    const shared = await create(member, { name: 'Team leads', shared: true, columns: ['firstName'] });
    for (const other of [colleague, owner, reader]) expect(await listNames(other)).toContain('Team leads');

    const seen = (await call(colleague, 'GET', `/api/v1/views/${shared.id}`)).json<View>();
    expect(seen).toMatchObject({ shared: true, canEdit: false, ownerId: member.userId });
    expect((await call(owner, 'GET', `/api/v1/views/${shared.id}`)).json<View>().canEdit).toBe(true);

    const byColleague = await call(colleague, 'PATCH', `/api/v1/views/${shared.id}`, { name: 'Hijacked' });
    expect(byColleague.statusCode).toBe(403);
    expect(codeOf(byColleague)).toBe('forbidden');
    expect((await call(colleague, 'DELETE', `/api/v1/views/${shared.id}`)).statusCode).toBe(403);
    expect((await call(reader, 'PATCH', `/api/v1/views/${shared.id}`, { name: 'Read only' })).statusCode).toBe(403);

    const byAdmin = await call(owner, 'PATCH', `/api/v1/views/${shared.id}`, { columns: ['firstName', 'lastName'] });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json<View>()).toMatchObject({ ownerId: member.userId, columns: ['firstName', 'lastName'], version: 2 });

    // Un-sharing makes it the owner's private view again: gone for everyone else.
    const unshared = await call(member, 'PATCH', `/api/v1/views/${shared.id}`, { shared: false });
    expect(unshared.json<View>()).toMatchObject({ shared: false, canEdit: true });
    expect(await listNames(colleague)).not.toContain('Team leads');
    expect((await call(owner, 'GET', `/api/v1/views/${shared.id}`)).statusCode).toBe(404);

    await call(member, 'PATCH', `/api/v1/views/${shared.id}`, { shared: true });
    expect((await call(owner, 'DELETE', `/api/v1/views/${shared.id}`)).statusCode).toBe(204);
    expect(await listNames(member)).not.toContain('Team leads');
  });

  it('lets a read_only member read the shared views but not save one', async () => {
    const res = await call(reader, 'POST', '/api/v1/views', { object: 'contacts', name: 'Mine' });
    expect(res.statusCode).toBe(403);
    expect((await call(reader, 'GET', '/api/v1/views?object=contacts')).statusCode).toBe(200);
  });

  it('refuses a duplicate name in the same scope with 409, ignoring case', async () => {
    await create(member, { name: 'Hot leads' });
    const again = await call(member, 'POST', '/api/v1/views', { object: 'contacts', name: 'HOT LEADS' });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({ code: 'already_exists', details: [{ path: 'name' }] });
    // Another member's private view, another table, or the shared scope may use the name.
    await create(colleague, { name: 'Hot leads' });
    await create(member, { name: 'Hot leads', object: 'deals' });
    const sharedOne = await create(member, { name: 'Hot leads', shared: true });
    const clash = await call(colleague, 'POST', '/api/v1/views', { object: 'contacts', name: 'hot leads', shared: true });
    expect(clash.statusCode).toBe(409);
    // Sharing a private view whose name a shared one already has is the same clash.
    const colleagues = (await call(colleague, 'GET', '/api/v1/views?object=contacts')).json<{ data: View[] }>().data;
    const privateOne = colleagues.find((v) => v.name === 'Hot leads' && !v.shared);
    expect((await call(colleague, 'PATCH', `/api/v1/views/${privateOne?.id ?? ''}`, { shared: true })).statusCode).toBe(409);
    await call(member, 'DELETE', `/api/v1/views/${sharedOne.id}`);
  });

  it('refuses a filter or sort the list API would refuse, when the view is saved', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ filter: { nope: 'x' } }, 'invalid_filter'],
      [{ filter: { firstName: { like: 'A%' } } }, 'invalid_filter'],
      [{ filter: { 'customFields.tier': 'gold' } }, 'invalid_filter'],
      [{ filter: { createdAt: { gte: 'yesterday' } } }, 'invalid_filter'],
      [{ filter: { constructor: 'x' } }, 'invalid_filter'],
      [{ object: 'deals', filter: { closeDate: '2024-02-30' } }, 'invalid_filter'],
      [{ sort: 'favouriteColour' }, 'invalid_sort'],
      [{ sort: '-emails' }, 'invalid_sort'],
    ];
    for (const [body, code] of cases) {
      const res = await call(member, 'POST', '/api/v1/views', { object: 'contacts', name: `Bad ${JSON.stringify(body)}`, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(codeOf(res), JSON.stringify(body)).toBe(code);
    }
    // An impossible date passes the pattern check; PostgreSQL refuses it when the view is saved, not when it is opened.
    const impossible = await call(member, 'POST', '/api/v1/views', { object: 'deals', name: 'Leap', filter: { closeDate: { gte: '2023-02-29' } } });
    expect(impossible.json<{ error: { message: string } }>().error.message).toBe('A filter value is not valid for its field');
    // The same check guards an update, and a custom field the workspace defines is accepted.
    const view = await create(member, { name: 'Tiered' });
    expect((await call(member, 'PATCH', `/api/v1/views/${view.id}`, { filter: { 'customFields.tier': 'gold' } })).statusCode).toBe(400);
    const defined = await call(owner, 'POST', '/api/v1/custom-fields', { object: 'contacts', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
    expect(defined.statusCode).toBe(201);
    const ok = await call(member, 'PATCH', `/api/v1/views/${view.id}`, { filter: { 'customFields.tier': { in: ['gold', 'silver'] } }, sort: 'customFields.tier' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<View>()).toMatchObject({ filter: { 'customFields.tier': { in: ['gold', 'silver'] } }, sort: 'customFields.tier' });
  });

  it('refuses a stale write: 412 for a stale If-Match, 409 for a stale body version', async () => {
    const view = await create(member, { name: 'Versioned' });
    expect((await call(member, 'PATCH', `/api/v1/views/${view.id}`, { name: 'Versioned 2' }, { 'if-match': '"1"' })).statusCode).toBe(200);
    const stale = await call(member, 'PATCH', `/api/v1/views/${view.id}`, { name: 'Versioned 3' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(codeOf(stale)).toBe('precondition_failed');
    const staleBody = await call(member, 'PATCH', `/api/v1/views/${view.id}`, { name: 'Versioned 3', version: 1 });
    expect(staleBody.statusCode).toBe(409);
    expect(codeOf(staleBody)).toBe('version_conflict');
    expect((await call(member, 'DELETE', `/api/v1/views/${view.id}`, undefined, { 'if-match': '"1"' })).statusCode).toBe(412);
    expect((await call(member, 'GET', `/api/v1/views/${view.id}`)).json<View>().name).toBe('Versioned 2');
  });

  it('answers 400 to hostile input and stores nothing', async () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 2000; i += 1) {
      const next: Record<string, unknown> = {};
      cursor.x = next;
      cursor = next;
    }
    const bodies: Record<string, unknown>[] = [
      { name: 'x'.repeat(201) },
      { name: 'y'.repeat(100_000) },
      { name: '   ' },
      { name: 'Bell\u0007' },
      { name: 'Wrong object', object: 'users' },
      { name: 'No object', object: undefined },
      { name: '10k columns', columns: Array.from({ length: 10_000 }, (_, i) => `c${i}`) },
      { name: '101 columns', columns: Array.from({ length: 101 }, (_, i) => `c${i}`) },
      { name: 'Long column', columns: ['a'.repeat(101)] },
      { name: 'Odd column', columns: ['first name'] },
      { name: 'Script column', columns: ['<script>'] },
      { name: 'Repeated column', columns: ['firstName', 'firstName'] },
      { name: 'Column object', columns: [{ key: 'firstName' }] },
      { name: 'Array filter', filter: ['firstName'] },
      { name: 'String filter', filter: '{"firstName":"A"}' },
      { name: 'Deep filter', filter: deep },
      { name: 'Huge filter', filter: { firstName: { in: Array.from({ length: 5000 }, (_, i) => `name-${i}`) } } },
      { name: 'Long sort', sort: '-'.padEnd(101, 'a') },
      { name: 'Owner forged', ownerId: stranger.userId },
      { name: 'Shared string', shared: 'yes' },
      { name: 'Negative position', position: -1 },
    ];
    for (const body of bodies) {
      const res = await call(member, 'POST', '/api/v1/views', { object: 'contacts', ...body });
      expect(res.statusCode, String(body.name).slice(0, 40)).toBe(400);
      expect(res.body).not.toMatch(/stack|at \w+ \(/);
    }
    const names = await listNames(member);
    expect(names.some((n) => n.startsWith('x') || n.startsWith('y') || n.includes('column') || n.includes('filter'))).toBe(false);
    const bad = await call(member, 'GET', '/api/v1/views?object=users');
    expect(bad.statusCode).toBe(400);
    expect((await call(member, 'GET', '/api/v1/views/not-a-uuid')).statusCode).toBe(404);
  });

  it("never shows or changes another workspace's views", async () => {
    const shared = await create(owner, { name: 'Company-wide', shared: true });
    expect(await listNames(stranger)).not.toContain('Company-wide');
    expect((await call(stranger, 'GET', `/api/v1/views/${shared.id}`)).statusCode).toBe(404);
    expect((await call(stranger, 'PATCH', `/api/v1/views/${shared.id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await call(stranger, 'DELETE', `/api/v1/views/${shared.id}`)).statusCode).toBe(404);
    expect((await call(owner, 'GET', `/api/v1/views/${shared.id}`)).json<View>().name).toBe('Company-wide');
  });

  it('lists views in menu order: new views last, position moves them', async () => {
    const a = await create(colleague, { name: 'Order A', object: 'companies' });
    const b = await create(colleague, { name: 'Order B', object: 'companies' });
    expect(b.position).toBeGreaterThan(a.position);
    expect(await listNames(colleague, 'companies')).toEqual(['Order A', 'Order B']);
    await call(colleague, 'PATCH', `/api/v1/views/${b.id}`, { position: 0 });
    await call(colleague, 'PATCH', `/api/v1/views/${a.id}`, { position: 1 });
    expect(await listNames(colleague, 'companies')).toEqual(['Order B', 'Order A']);
  });
});
