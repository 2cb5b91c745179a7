import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@nexus/platform';
import { createTestDb, type TestDb } from '@nexus/testing';
import { buildDocument } from './documents';
import { deleteDocuments, upsertDocuments } from './document-store';

describe('stored search documents', () => {
  let t: TestDb;
  const workspace = newId();

  beforeAll(async () => {
    t = await createTestDb();
    await t.db.systemQuery(`insert into workspaces (id, name) values ($1, 'W')`, [workspace]);
  });
  afterAll(() => t.close());

  const doc = (id: string, version: number, firstName: string) => {
    const built = buildDocument(workspace, 'contacts', { id, version, firstName, updatedAt: new Date().toISOString() });
    if (!built) throw new Error('no document');
    return built;
  };
  const stored = async (id: string) =>
    (await t.db.systemQuery<{ title: string; version: number }>('select title, version from search_documents where record_id = $1', [id])).rows[0];

  it('never lets an older version replace a newer one, from an event or a rebuild', async () => {
    const id = newId();
    await t.db.withSystem((tx) => upsertDocuments(tx, [doc(id, 2, 'Newer')]));
    expect(await t.db.withSystem((tx) => upsertDocuments(tx, [doc(id, 1, 'Older')]))).toEqual([]);
    await t.db.withSystem((tx) => upsertDocuments(tx, [doc(id, 1, 'Older')], { touch: true }));
    expect(await stored(id)).toEqual({ title: 'Newer', version: 2 });
    // The same version with other content (links, owners) is taken.
    await t.db.withSystem((tx) => upsertDocuments(tx, [doc(id, 2, 'Same version')]));
    expect(await stored(id)).toEqual({ title: 'Same version', version: 2 });
  });

  it('does not bring back a deleted record from a rebuild that read it before the deletion', async () => {
    const id = newId();
    await t.db.withSystem((tx) => upsertDocuments(tx, [doc(id, 1, 'Alive')]));
    await t.db.withSystem((tx) => deleteDocuments(tx, workspace, [{ type: 'contacts', id, version: 2 }]));
    expect(await stored(id)).toBeUndefined();
    expect(await t.db.withSystem((tx) => upsertDocuments(tx, [doc(id, 1, 'Alive')], { touch: true }))).toEqual([]);
    expect(await stored(id)).toBeUndefined();
    // Restoring makes a newer version, which comes back.
    await t.db.withSystem((tx) => upsertDocuments(tx, [doc(id, 3, 'Restored')]));
    expect(await stored(id)).toEqual({ title: 'Restored', version: 3 });
    const { rows } = await t.db.systemQuery('select 1 from search_vector_removals where record_id = $1', [id]);
    expect(rows).toHaveLength(1);
  });

  it('keeps a newer document when a deletion of an older version arrives late', async () => {
    const id = newId();
    await t.db.withSystem((tx) => upsertDocuments(tx, [doc(id, 5, 'Current')]));
    await t.db.withSystem((tx) => deleteDocuments(tx, workspace, [{ type: 'contacts', id, version: 4 }]));
    expect(await stored(id)).toEqual({ title: 'Current', version: 5 });
  });
});
