import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '@nexus/platform';
import { createEmptyTestDb, type EmptyTestDb } from '@nexus/testing';
import { loadMigrations, migrate } from './migrate';

const insertDocument = `insert into search_documents (workspace_id, type, record_id, title, keys, updated_at, version, checksum, tsv, fuzzy, phonetic)
  values ($1, 'contacts', $2, $3, $4, now(), 1, 'c1', setweight(to_tsvector('simple', $3), 'A'), lower($3), ''::tsvector)`;

describe('search documents partitioned by workspace (migration 0008)', () => {
  let empty: EmptyTestDb | undefined;
  afterEach(async () => {
    await empty?.close();
    empty = undefined;
  });

  it('moves the documents stored before it, and each workspace still reads only its own', async () => {
    empty = await createEmptyTestDb();
    const { db } = empty;
    const all = await loadMigrations();
    const before = all.filter((m) => m.version < '0008');
    expect(before.length).toBeLessThan(all.length);
    await migrate(db, before);

    const [a, b] = [newId(), newId()];
    const [adaId, bobId] = [newId(), newId()];
    await db.systemQuery(`insert into workspaces (id, name) values ($1, 'A'), ($2, 'B')`, [a, b]);
    await db.systemQuery(insertDocument, [a, adaId, 'Ada Lovelace', 'ada@example.com']);
    await db.systemQuery(insertDocument, [b, bobId, 'Ada Byron', 'bob@example.com']);

    await migrate(db, all);

    const { rows: parent } = await db.systemQuery<{ partitioned: boolean; partitions: string }>(
      `select c.relkind = 'p' as partitioned, (select count(*) from pg_inherits i where i.inhparent = c.oid) as partitions
         from pg_class c where c.relname = 'search_documents'`,
    );
    expect(parent).toEqual([{ partitioned: true, partitions: '64' }]);

    const found = await db.systemQuery<{ workspace_id: string; record_id: string; title: string; keys: string }>(
      `select workspace_id, record_id, title, keys from search_documents where tsv @@ 'ada'::tsquery order by title`,
    );
    expect(found.rows).toEqual([
      { workspace_id: b, record_id: bobId, title: 'Ada Byron', keys: 'bob@example.com' },
      { workspace_id: a, record_id: adaId, title: 'Ada Lovelace', keys: 'ada@example.com' },
    ]);

    // Tenants read through the parent and its policy, never a partition.
    const seenByA = await db.withWorkspace(a, (tx) => tx.query<{ title: string }>(`select title from search_documents where tsv @@ 'ada'::tsquery`));
    expect(seenByA.rows).toEqual([{ title: 'Ada Lovelace' }]);
    await expect(db.withWorkspace(a, (tx) => tx.query('select title from search_documents_p00'))).rejects.toThrow(/permission denied/);

    // The keys and checks came along: one document per record, known types, known workspaces.
    await expect(db.systemQuery(insertDocument, [a, adaId, 'Ada again', ''])).rejects.toThrow(/duplicate key/);
    await expect(db.systemQuery(insertDocument.replace("'contacts'", "'bogus'"), [a, newId(), 'Bogus', ''])).rejects.toThrow(/check constraint/);
    await expect(db.systemQuery(insertDocument, [newId(), newId(), 'Nowhere', ''])).rejects.toThrow(/foreign key/);
  });
});
