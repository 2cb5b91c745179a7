import { afterEach, describe, expect, it } from 'vitest';
import { createRecordMerger, matchableRecords } from '@nexus/crm-core';
import { loadMigrations, migrate } from '@nexus/db';
import { createLogger, newId } from '@nexus/platform';
import { createEmptyTestDb, type EmptyTestDb } from '@nexus/testing';
import { createDuplicateService, keysOf } from '@nexus/dedupe';
import { backfillDuplicateKeys } from './duplicate-backfill';

describe('blocking keys for records stored before they were kept', () => {
  let empty: EmptyTestDb | undefined;
  afterEach(async () => {
    await empty?.close();
    empty = undefined;
  });

  it('keys every record of every workspace that existed, a page at a time, and keeps keys written meanwhile', async () => {
    empty = await createEmptyTestDb();
    const { db } = empty;
    const all = await loadMigrations();
    await migrate(db, all.filter((m) => m.version < '0009'));

    const [a, b] = [newId(), newId()];
    await db.systemQuery(`insert into workspaces (id, name) values ($1, 'A'), ($2, 'B')`, [a, b]);
    const people = [
      [a, 'Ada', 'Lovelace', 'ada@example.com'],
      [a, 'Alan', 'Turing', 'alan@example.com'],
      [a, 'Grace', 'Hopper', 'grace@example.com'],
      [b, 'Edsger', 'Dijkstra', 'edsger@example.nl'],
    ] as const;
    const ids: string[] = [];
    for (const [ws, first, last, email] of people) {
      const id = newId();
      ids.push(id);
      await db.systemQuery(`insert into contacts (id, workspace_id, first_name, last_name, emails) values ($1, $2, $3, $4, $5)`, [id, ws, first, last, [email]]);
    }
    await db.systemQuery(`insert into companies (id, workspace_id, name, domain) values ($1, $2, 'Acme', 'acme.com')`, [newId(), b]);

    await migrate(db, all);
    // Detection keyed Grace from a newer address before the backfill reached her.
    await db.systemQuery(`insert into duplicate_keys (workspace_id, object, key, record_id) values ($1, 'contacts', 'e:grace@navy.mil', $2)`, [a, ids[2]]);

    const duplicates = createDuplicateService({ merger: createRecordMerger({}), log: createLogger({ level: 'silent' }) });
    expect(await backfillDuplicateKeys({ db, duplicates }, { pageSize: 2 })).toEqual({ records: 5 });

    const { rows } = await db.systemQuery<{ record_id: string; key: string }>('select record_id, key from duplicate_keys order by record_id, key');
    const expected = await Promise.all(
      [a, b].flatMap((ws) =>
        (['contacts', 'companies'] as const).map((object) =>
          db.withWorkspace(ws, async (tx) => (await matchableRecords(tx, object, { afterId: undefined, limit: 100 })).map((r) => ({ id: r.id, keys: keysOf(object, r).stored }))),
        ),
      ),
    );
    const want = expected
      .flat()
      .flatMap((r) => (r.id === ids[2] ? [{ record_id: r.id, key: 'e:grace@navy.mil' }] : r.keys.map((key) => ({ record_id: r.id, key }))))
      .sort((x, y) => (x.record_id + x.key < y.record_id + y.key ? -1 : 1));
    expect(rows).toEqual(want);
    expect(rows.length).toBeGreaterThan(10);
    expect((await db.systemQuery('select 1 from duplicate_key_backfills')).rows).toEqual([]);
    // Done once: a second run finds nothing to do.
    expect(await backfillDuplicateKeys({ db, duplicates })).toEqual({ records: 0 });
  });
});
