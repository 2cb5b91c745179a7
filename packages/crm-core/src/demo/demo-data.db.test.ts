import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@nexus/testing';
import { newId } from '@nexus/platform';
import { seedContacts } from './demo-data';

describe('benchmark seeding', () => {
  let t: TestDb;
  const workspace = newId();
  const owner = newId();
  beforeAll(async () => {
    t = await createTestDb();
    await t.db.systemQuery(`insert into workspaces (id, name) values ($1, 'Seeded')`, [workspace]);
    await t.db.systemQuery(`insert into users (id, email, name, password_hash) values ($1, 'seed@example.com', 'Seed', 'x')`, [owner]);
  });
  afterAll(() => t.close());

  it('loads the requested number of distinct contacts in batches, reporting progress', async () => {
    const progress: number[] = [];
    await t.db.withWorkspace(workspace, (tx) => seedContacts(tx, { count: 2_500, ownerId: owner, batchSize: 1_000, onProgress: (n) => progress.push(n) }));
    expect(progress).toEqual([1_000, 2_000, 2_500]);
    const { rows } = await t.db.withWorkspace(workspace, (tx) =>
      tx.query<{ total: string; emails: string; leads: string }>(
        `select count(*) as total, count(distinct emails[1]) as emails, count(*) filter (where lifecycle_stage = 'lead') as leads from contacts`,
      ),
    );
    expect(rows[0]).toEqual({ total: '2500', emails: '2500', leads: '500' });
  });
});
