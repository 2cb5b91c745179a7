import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchableRecords, type MatchableObject, type MatchableRecord } from '@nexus/crm-core';
import { newId } from '@nexus/platform';
import { createTestDb, type TestDb } from '@nexus/testing';
import { keysOf, recordsSharingKeys, removeKeys, storeKeys } from './duplicate-keys';

const record = (fields: Record<string, unknown>): MatchableRecord => ({ id: newId(), version: 1, companyName: null, ...fields });

describe('keysOf', () => {
  it('stores a contact under its bare surname prefix too, and looks up by prefix and initial when it has a first name', () => {
    const ada = keysOf('contacts', record({ firstName: 'Ada', lastName: 'Lovelace', emails: ['ada.l@example.com'], phones: ['+1 (415) 555-0123'], companyId: 'k1' }));
    expect(ada.stored.sort()).toEqual(['c:k1|a', 'e:ada.l@example.com', 'l:ada.l', 'n:lov|a', 'p:5550123', 's:lov'].sort());
    expect(ada.lookup.sort()).toEqual(['c:k1|a', 'e:ada.l@example.com', 'l:ada.l', 'n:lov|a', 'p:5550123'].sort());
    const noFirst = keysOf('contacts', record({ firstName: null, lastName: 'ÉTIENNE' }));
    expect(noFirst).toEqual({ stored: ['s:éti'], lookup: ['s:éti'] });
  });

  it('keys a company on its domain, its website host and the start of its name', () => {
    expect(keysOf('companies', record({ name: 'ACME, Inc.', domain: 'Acme.io', website: 'https://www.acme-web.com/about' })).stored.sort()).toEqual(['d:acme-web.com', 'd:acme.io', 'm:acme']);
    expect(keysOf('companies', record({ name: '—', domain: null }))).toEqual({ stored: [], lookup: [] });
  });
});

describe('blocking keys in the database', () => {
  let t: TestDb;
  const workspace = newId();
  const other = newId();

  beforeAll(async () => {
    t = await createTestDb();
    for (const ws of [workspace, other]) await t.db.systemQuery(`insert into workspaces (id, name) values ($1, 'W')`, [ws]);
  });
  afterAll(() => t.close());

  /** Stores contacts (oldest first) and their keys, in a workspace. */
  async function contacts(ws: string, ...people: Record<string, unknown>[]): Promise<string[]> {
    const ids: string[] = [];
    for (const p of people) {
      const id = newId();
      await t.db.systemQuery(`insert into contacts (id, workspace_id, first_name, last_name, emails, phones) values ($1, $2, $3, $4, $5, $6)`, [
        id,
        ws,
        p.firstName ?? null,
        p.lastName ?? null,
        p.emails ?? [],
        p.phones ?? [],
      ]);
      ids.push(id);
    }
    await t.db.withWorkspace(ws, async (tx) => {
      const stored = await matchableRecords(tx, 'contacts', { ids });
      await storeKeys(tx, 'contacts', stored.map((r) => ({ id: r.id, keys: keysOf('contacts', r).stored })));
    });
    return ids;
  }

  const sharing = (object: MatchableObject, probe: Record<string, unknown>, options: { excludeIds?: string[]; perKey?: number; limit?: number } = {}) =>
    t.db.withWorkspace(workspace, (tx) =>
      recordsSharingKeys(tx, object, keysOf(object, record(probe)).lookup, { excludeIds: options.excludeIds ?? [], perKey: options.perKey ?? 200, limit: options.limit ?? 200 }),
    );

  it('finds records by surname and initial, mailbox name and phone tail, in the caller’s workspace only', async () => {
    const [jon, jane, noFirst] = await contacts(
      workspace,
      { firstName: 'Jon', lastName: 'Smith', emails: ['jon.smith@example.com'], phones: ['+1 415 555 0100'] },
      { firstName: 'JANE', lastName: 'SMYTHE' },
      { lastName: 'Smithers' },
    );
    await contacts(other, { firstName: 'Jon', lastName: 'Smith', emails: ['jon.smith@example.com'] });
    expect(await sharing('contacts', { firstName: 'john', lastName: 'smithson' })).toEqual([jon]);
    expect(await sharing('contacts', { firstName: 'jane', lastName: 'smyth' })).toEqual([jane]);
    // Without a first name a probe finds every surname like it; with one, not the record that has none.
    expect((await sharing('contacts', { lastName: 'Smi' })).sort()).toEqual([jon, noFirst].sort());
    expect(await sharing('contacts', { firstName: 'Zed', lastName: 'Brown', emails: ['jon.smith@gmail.com'] })).toEqual([jon]);
    expect(await sharing('contacts', { firstName: 'Zed', lastName: 'Brown', phones: ['(415) 555-0100'] })).toEqual([jon]);
    expect(await sharing('contacts', { firstName: 'Jon', lastName: 'Smith' }, { excludeIds: [jon!] })).toEqual([]);
  });

  it('caps each key on its own, oldest first, so a common surname leaves room for a rare one', async () => {
    const [a, b] = await contacts(workspace, { firstName: 'Kim', lastName: 'Parker' }, { firstName: 'Kai', lastName: 'Parker' }, { firstName: 'Kit', lastName: 'Parker' });
    const [quill] = await contacts(workspace, { firstName: 'Zoe', lastName: 'Quill' });
    const batch = [record({ firstName: 'K', lastName: 'Parker' }), record({ firstName: 'Zoe', lastName: 'Quill' })];
    const keys = batch.flatMap((r) => keysOf('contacts', r).lookup);
    const found = await t.db.withWorkspace(workspace, (tx) => recordsSharingKeys(tx, 'contacts', keys, { excludeIds: [], perKey: 2, limit: 3 }));
    // Three Parkers are older than the Quill: two per key and three in all still bring the Quill.
    expect(found).toEqual([a, b, quill]);
  });

  it('replaces a record’s keys when it changes, backfills only records without keys, and forgets them when a record goes', async () => {
    const [id] = await contacts(workspace, { firstName: 'Max', lastName: 'Mustermann', emails: ['max.m@example.de'] });
    expect(await sharing('contacts', { emails: ['max.m@example.de'] })).toEqual([id]);
    await t.db.withWorkspace(workspace, (tx) => storeKeys(tx, 'contacts', [{ id: id!, keys: keysOf('contacts', record({ firstName: 'Max', lastName: 'Mustermann', emails: ['maximilian@example.at'] })).stored }]));
    expect(await sharing('contacts', { emails: ['max.m@example.de'] })).toEqual([]);
    expect(await sharing('contacts', { emails: ['maximilian@example.at'] })).toEqual([id]);
    // A rescan's backfill keys only records without keys: newer keys written meanwhile stay.
    const unkeyed = newId();
    await t.db.systemQuery(`insert into contacts (id, workspace_id, first_name, last_name, emails) values ($1, $2, 'Erika', 'Musterfrau', '{erika.m@example.de}')`, [unkeyed, workspace]);
    await t.db.withWorkspace(workspace, (tx) =>
      storeKeys(
        tx,
        'contacts',
        [
          { id: id!, keys: keysOf('contacts', record({ firstName: 'Max', lastName: 'Mustermann', emails: ['max.m@example.de'] })).stored },
          { id: unkeyed, keys: keysOf('contacts', record({ firstName: 'Erika', lastName: 'Musterfrau', emails: ['erika.m@example.de'] })).stored },
        ],
        { onlyMissing: true },
      ),
    );
    expect(await sharing('contacts', { emails: ['max.m@example.de'] })).toEqual([]);
    expect(await sharing('contacts', { emails: ['maximilian@example.at'] })).toEqual([id]);
    expect(await sharing('contacts', { emails: ['erika.m@example.de'] })).toEqual([unkeyed]);
    await t.db.withWorkspace(workspace, (tx) => removeKeys(tx, 'contacts', [id!]));
    expect(await sharing('contacts', { firstName: 'Max', lastName: 'Mustermann', emails: ['maximilian@example.at'] })).toEqual([]);
  });

  it('finds companies by domain, website host and name stem', async () => {
    const [web, inc] = [newId(), newId()];
    await t.db.systemQuery(
      `insert into companies (id, workspace_id, name, domain, website) values ($1, $3, 'Acme Web', null, 'https://www.acme-web.com/about'), ($2, $3, 'ACME, Inc.', 'acme.io', null)`,
      [web, inc, workspace],
    );
    await t.db.withWorkspace(workspace, async (tx) => {
      const stored = await matchableRecords(tx, 'companies', { ids: [web, inc] });
      await storeKeys(tx, 'companies', stored.map((r) => ({ id: r.id, keys: keysOf('companies', r).stored })));
    });
    expect(await sharing('companies', { name: 'Zeta', domain: 'acme-web.com' })).toEqual([web]);
    expect(await sharing('companies', { name: 'Zeta', website: 'http://acme.io' })).toEqual([inc]);
    expect(await sharing('companies', { name: 'acme corp' })).toEqual([web, inc].sort());
  });
});
