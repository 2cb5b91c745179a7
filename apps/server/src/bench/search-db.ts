import pg from 'pg';
import { createDb, migrate, type Database } from '@nexus/db';
import type { SearchBenchOptions } from './search-options';

export const searchBenchDatabaseName = 'nexus_bench_search';

/** Index builds and the naive baseline's index creation run long at 1M rows; nothing measured comes near this. */
const statementTimeoutMs = 30 * 60_000;
const poolSize = 10;

export interface SearchBenchDatabase {
  db: Database;
  /** Where the data lives, for the report. */
  location: string;
  serverVersion: string;
  /** Closes the handle and, unless kept, drops the database. */
  dispose(keep: boolean): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// FORCE ends sessions left behind by an interrupted run, which would otherwise block the drop.
const dropStatement = `drop database if exists ${searchBenchDatabaseName} with (force)`;

async function versionOf(db: Database): Promise<string> {
  const { rows } = await db.systemQuery<{ version: string }>("select current_setting('server_version') as version");
  return rows[0]?.version ?? '?';
}

async function openPostgres(adminUrl: string): Promise<SearchBenchDatabase> {
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(dropStatement);
    await admin.query(`create database ${searchBenchDatabaseName}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${searchBenchDatabaseName}`;
  const db = await createDb({ kind: 'postgres', url: url.href, poolSize, statementTimeoutMs });
  return {
    db,
    location: `${url.host}/${searchBenchDatabaseName}`,
    serverVersion: `PostgreSQL ${await versionOf(db)}`,
    async dispose(keep) {
      await db.close();
      if (!keep) await withAdmin(adminUrl, (admin) => admin.query(dropStatement));
    },
  };
}

/** In memory, as the brief asks: nothing touches the disk, so the figures are PGlite's own. */
async function openPglite(): Promise<SearchBenchDatabase> {
  const db = await createDb({ kind: 'pglite' });
  return {
    db,
    location: 'in memory',
    serverVersion: `PGlite (PostgreSQL ${await versionOf(db)})`,
    async dispose() {
      await db.close();
    },
  };
}

/** A fresh, migrated database: `nexus_bench_search` on the PostgreSQL server, or an in-memory PGlite. */
export async function openSearchBenchDatabase(options: SearchBenchOptions): Promise<SearchBenchDatabase> {
  const bench = options.db === 'postgres' ? await openPostgres(options.adminUrl) : await openPglite();
  try {
    await migrate(bench.db);
  } catch (error) {
    await bench.dispose(options.keep);
    throw error;
  }
  return bench;
}
