import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@nexus/testing';
import { newId } from '@nexus/platform';

describe('row-level security', () => {
  let t: TestDb;
  const a = newId();
  const b = newId();
  const companyOfA = newId();

  beforeAll(async () => {
    t = await createTestDb();
    await t.db.systemQuery(`insert into workspaces (id, name) values ($1, 'A'), ($2, 'B')`, [a, b]);
    await t.db.withWorkspace(a, (tx) => tx.query(`insert into companies (id, workspace_id, name) values ($1, $2, 'Acme')`, [companyOfA, a]));
  });
  afterAll(() => t.close());

  it('shows a workspace only its own rows, even to a query without a workspace condition', async () => {
    const seenByA = await t.db.withWorkspace(a, (tx) => tx.query<{ name: string }>('select name from companies'));
    const seenByB = await t.db.withWorkspace(b, (tx) => tx.query<{ name: string }>('select name from companies'));
    expect(seenByA.rows.map((r) => r.name)).toEqual(['Acme']);
    expect(seenByB.rows).toEqual([]);
  });

  it("refuses to write a row into another workspace and leaves B's view unchanged", async () => {
    await expect(
      t.db.withWorkspace(b, (tx) => tx.query(`insert into companies (id, workspace_id, name) values ($1, $2, 'Intruder')`, [newId(), a])),
    ).rejects.toThrow(/row-level security/);
    const seenByA = await t.db.withWorkspace(a, (tx) => tx.query<{ name: string }>('select name from companies'));
    expect(seenByA.rows.map((r) => r.name)).toEqual(['Acme']);
  });

  it("cannot update or delete another workspace's row", async () => {
    const updated = await t.db.withWorkspace(b, (tx) => tx.query(`update companies set name = 'Hijacked' where id = $1`, [companyOfA]));
    const deleted = await t.db.withWorkspace(b, (tx) => tx.query('delete from companies where id = $1', [companyOfA]));
    expect(updated.rowCount).toBe(0);
    expect(deleted.rowCount).toBe(0);
    const { rows } = await t.db.systemQuery<{ name: string }>('select name from companies where id = $1', [companyOfA]);
    expect(rows[0]?.name).toBe('Acme');
  });

  it('cannot read password hashes from a workspace transaction', async () => {
    await expect(t.db.withWorkspace(a, (tx) => tx.query('select password_hash from users'))).rejects.toThrow(/permission denied/);
  });

  it('rolls back every statement of a transaction that fails', async () => {
    const id = newId();
    await expect(
      t.db.withWorkspace(a, async (tx) => {
        await tx.query(`insert into companies (id, workspace_id, name) values ($1, $2, 'Half')`, [id, a]);
        await tx.query('select no_such_column from companies');
      }),
    ).rejects.toThrow();
    const { rows } = await t.db.systemQuery('select 1 from companies where id = $1', [id]);
    expect(rows).toEqual([]);
  });

  it('keeps workspaces apart when the same pooled connections serve them in turn, across failures', async () => {
    const names = async (ws: string, readOnly: boolean) =>
      (await t.db.withWorkspace(ws, (tx) => tx.query<{ name: string }>('select name from companies order by name'), { readOnly })).rows.map((r) => r.name);
    for (let round = 0; round < 20; round += 1) {
      const readOnly = round % 2 === 0;
      const [seenByA, seenByB] = await Promise.all([names(a, readOnly), names(b, readOnly)]);
      expect(seenByA).toEqual(['Acme']);
      expect(seenByB).toEqual([]);
      // A failed transaction in between must not leave a connection bound to the wrong workspace.
      await expect(t.db.withWorkspace(b, (tx) => tx.query('select no_such_column from companies'))).rejects.toThrow();
    }
  });

  it('refuses writes and row locks in a read-only unit of work, on either database', async () => {
    for (const sql of [
      `insert into companies (id, workspace_id, name) values ('${newId()}', '${a}', 'Sneaky')`,
      `with x as (delete from companies where name = 'Acme' returning id) select * from x`,
      `select * from companies for update`,
    ]) {
      await expect(t.db.withWorkspace(a, (tx) => tx.query(sql), { readOnly: true })).rejects.toThrow(/read-only unit of work/);
    }
    const { rows } = await t.db.withWorkspace(a, (tx) => tx.query<{ name: string }>('select name from companies where deleted_at is null order by name limit 1'), { readOnly: true });
    expect(rows.length).toBe(1);
  });

  it('commits a lone final write', async () => {
    const id = newId();
    await t.db.withWorkspace(a, (tx) => tx.finalWrite(`insert into companies (id, workspace_id, name) values ($1, $2, 'Final')`, [id, a]));
    const { rows } = await t.db.systemQuery<{ name: string }>('select name from companies where id = $1', [id]);
    expect(rows.map((r) => r.name)).toEqual(['Final']);
  });

  it('refuses any statement after the final write', async () => {
    await expect(
      t.db.withWorkspace(a, async (tx) => {
        await tx.finalWrite(`insert into companies (id, workspace_id, name) values ($1, $2, 'Final 2')`, [newId(), a]);
        await tx.query('select 1');
      }),
    ).rejects.toThrow(/No statement may follow/);
  });

  it('runs a final write after other statements inside their transaction, so a failure undoes both', async () => {
    const first = newId();
    await expect(
      t.db.withWorkspace(a, async (tx) => {
        await tx.query(`insert into companies (id, workspace_id, name) values ($1, $2, 'First')`, [first, a]);
        await tx.finalWrite(`insert into companies (id, workspace_id, name) values ($1, $2, 'Dup')`, [first, a]);
      }),
    ).rejects.toThrow();
    const { rows } = await t.db.systemQuery('select 1 from companies where id = $1', [first]);
    expect(rows).toEqual([]);
  });

  it('refuses a lone final write into another workspace', async () => {
    await expect(
      t.db.withWorkspace(b, (tx) => tx.finalWrite(`insert into companies (id, workspace_id, name) values ($1, $2, 'Sneaky')`, [newId(), a])),
    ).rejects.toThrow(/row-level security/);
  });
});
