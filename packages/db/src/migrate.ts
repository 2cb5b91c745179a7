import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AppError } from '@nexus/platform';
import type { Database } from './types';

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

/** The ordered migrations shipped with this build. */
export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(`${dir}${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies pending migrations, each in its own transaction, under a lock so
 * that two processes starting at once apply each migration exactly once.
 * A migration edited after it was applied stops the process: its checksum
 * no longer matches what the database ran.
 *
 * @example
 * const { applied } = await migrate(db);
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<MigrateResult> {
  const all = migrations ?? (await loadMigrations());
  return db.withLock('nexuscrm:migrations', async (client) => {
    await client.exec(`create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await client.query<{ version: string; checksum: string }>('select version, checksum from schema_migrations');
    const done = new Map(rows.map((row) => [row.version, row.checksum]));
    const applied: string[] = [];
    for (const migration of all) {
      const checksum = done.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new AppError('internal_error', `Migration ${migration.version}_${migration.name} was changed after it was applied`, {
            kind: 'unexpected',
          });
        }
        continue;
      }
      try {
        await client.exec(
          `begin;\n${migration.sql}\n;insert into schema_migrations (version, name, checksum) values ('${migration.version}', '${migration.name}', '${migration.checksum}');\ncommit;`,
        );
      } catch (error) {
        await client.exec('rollback').catch(() => undefined);
        throw error;
      }
      applied.push(`${migration.version}_${migration.name}`);
    }
    return { applied, alreadyApplied: all.length - applied.length };
  });
}

/** Pending migrations, for readiness checks. */
export async function pendingMigrations(db: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  const exists = await db.systemQuery<{ ok: boolean }>(`select to_regclass('schema_migrations') is not null as ok`);
  if (!exists.rows[0]?.ok) return all.map((m) => `${m.version}_${m.name}`);
  const { rows } = await db.systemQuery<{ version: string }>('select version from schema_migrations');
  const done = new Set(rows.map((row) => row.version));
  return all.filter((m) => !done.has(m.version)).map((m) => `${m.version}_${m.name}`);
}
