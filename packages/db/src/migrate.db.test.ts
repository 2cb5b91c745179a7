import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyTestDb, isRealPostgres, type EmptyTestDb } from '@nexus/testing';
import { loadMigrations, migrate, pendingMigrations } from './migrate';

describe('migrations', () => {
  let empty: EmptyTestDb | undefined;
  afterEach(async () => {
    await empty?.close();
    empty = undefined;
  });

  it('applies every migration once and nothing on a second run', async () => {
    empty = await createEmptyTestDb();
    const all = await loadMigrations();
    expect(await pendingMigrations(empty.db)).toHaveLength(all.length);
    const first = await migrate(empty.db);
    expect(first.applied).toHaveLength(all.length);
    const second = await migrate(empty.db);
    expect(second).toEqual({ applied: [], alreadyApplied: all.length });
    expect(await pendingMigrations(empty.db)).toEqual([]);
  });

  it('applies each migration exactly once when two runs start at the same moment', async () => {
    empty = await createEmptyTestDb();
    // On PostgreSQL the two runs use separate connection pools, as two processes would.
    const other = isRealPostgres ? await empty.openAnother() : empty.db;
    const results = await Promise.all([migrate(empty.db), migrate(other)]);
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual((await loadMigrations()).map((m) => `${m.version}_${m.name}`).sort());
    const { rows } = await empty.db.systemQuery<{ count: string }>('select count(*) as count from schema_migrations');
    expect(Number(rows[0]?.count)).toBe((await loadMigrations()).length);
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    empty = await createEmptyTestDb();
    const all = await loadMigrations();
    await migrate(empty.db, all);
    const edited = all.map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(empty.db, edited)).rejects.toThrow(/changed after it was applied/);
  });

  it('leaves nothing behind when a migration fails half-way', async () => {
    empty = await createEmptyTestDb();
    const broken = [{ version: '0001', name: 'broken', checksum: 'x', sql: 'create table half_done (id int); select no_such_function();' }];
    await expect(migrate(empty.db, broken)).rejects.toThrow();
    const { rows } = await empty.db.systemQuery<{ ok: boolean }>(`select to_regclass('half_done') is null as ok`);
    expect(rows[0]?.ok).toBe(true);
    expect(await pendingMigrations(empty.db, broken)).toEqual(['0001_broken']);
  });
});
