import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@nexus/testing';
import { newId } from '@nexus/platform';

describe('rowCount', () => {
  let t: TestDb;
  const name = `row-count-${newId()}`;

  beforeAll(async () => {
    t = await createTestDb();
    await t.db.systemQuery(`insert into workspaces (id, name) values ($1, $3), ($2, $3)`, [newId(), newId(), name]);
  });
  afterAll(() => t.close());

  it('counts the rows a select returns, as node-postgres does, so `rowCount > 0` means "found"', async () => {
    expect((await t.db.systemQuery('select id from workspaces where name = $1', [name])).rowCount).toBe(2);
    expect((await t.db.systemQuery('select 1 from workspaces where name = $1 limit 1', [name])).rowCount).toBe(1);
    expect((await t.db.systemQuery('select id from workspaces where name = $1', ['no such workspace'])).rowCount).toBe(0);
  });

  it('counts the rows an update or delete touched, with or without returning', async () => {
    expect((await t.db.systemQuery('update workspaces set updated_at = now() where name = $1', [name])).rowCount).toBe(2);
    expect((await t.db.systemQuery('update workspaces set updated_at = now() where name = $1 returning id', [name])).rowCount).toBe(2);
    expect((await t.db.systemQuery('update workspaces set updated_at = now() where name = $1', ['no such workspace'])).rowCount).toBe(0);
    expect((await t.db.systemQuery('delete from workspaces where name = $1', [name])).rowCount).toBe(2);
  });
});
