import { createDb, migrate, type Database } from '@nexus/db';
import { loadConfig } from '../config';
import { dropDatabaseStatement, recreateDatabase, serverVersion, withAdmin } from './bench-db';
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

async function openPostgres(adminUrl: string): Promise<SearchBenchDatabase> {
  const url = await recreateDatabase(adminUrl, searchBenchDatabaseName);
  const db = await createDb({ kind: 'postgres', url: url.href, poolSize, statementTimeoutMs });
  return {
    db,
    location: `${url.host}/${searchBenchDatabaseName}`,
    serverVersion: `PostgreSQL ${await serverVersion(db)}`,
    async dispose(keep) {
      await db.close();
      if (!keep) await withAdmin(adminUrl, (admin) => admin.query(dropDatabaseStatement(searchBenchDatabaseName)));
    },
  };
}

/** In memory (nothing touches the disk, so the figures are PGlite's own), with the page cache `npm start` would give it (PGLITE_SHARED_BUFFERS_MB). */
async function openPglite(): Promise<SearchBenchDatabase> {
  const { PGLITE_SHARED_BUFFERS_MB: sharedBuffersMb } = loadConfig({ PGLITE_SHARED_BUFFERS_MB: process.env.PGLITE_SHARED_BUFFERS_MB });
  const db = await createDb({ kind: 'pglite', sharedBuffersMb });
  return {
    db,
    location: `in memory, shared_buffers ${sharedBuffersMb} MB`,
    serverVersion: `PGlite (PostgreSQL ${await serverVersion(db)})`,
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
