import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, migrate, type Database } from '@nexus/db';
import type { Config } from '../config';
import type { BenchOptions } from './bench-options';

export const benchDatabaseName = 'nexus_bench';

export interface BenchDatabase {
  db: Database;
  /** Connection string of the benchmark database (PostgreSQL), for the bare server's own pool. */
  url: string | undefined;
  /** Where the data lives, for the report. */
  location: string;
  serverVersion: string;
  /** Closes the handle and, unless kept, drops the database or deletes the folder. */
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

function dropStatement(): string {
  // FORCE ends sessions left behind by an interrupted run, which would otherwise block the drop.
  return `drop database if exists ${benchDatabaseName} with (force)`;
}

async function openPostgres(options: BenchOptions, config: Config): Promise<BenchDatabase> {
  await withAdmin(options.adminUrl, async (admin) => {
    await admin.query(dropStatement());
    await admin.query(`create database ${benchDatabaseName}`);
  });
  const url = new URL(options.adminUrl);
  url.pathname = `/${benchDatabaseName}`;
  const db = await createDb({ kind: 'postgres', url: url.href, poolSize: config.DATABASE_POOL_SIZE, statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS });
  const { rows } = await db.systemQuery<{ version: string }>("select current_setting('server_version') as version");
  return {
    db,
    url: url.href,
    location: `${url.host}/${benchDatabaseName}`,
    serverVersion: `PostgreSQL ${rows[0]?.version ?? '?'}`,
    async dispose(keep) {
      await db.close();
      if (!keep) await withAdmin(options.adminUrl, (admin) => admin.query(dropStatement()));
    },
  };
}

async function openPglite(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'nexus-bench-'));
  const db = await createDb({ kind: 'pglite', dataDir });
  const { rows } = await db.systemQuery<{ version: string }>("select current_setting('server_version') as version");
  return {
    db,
    url: undefined,
    location: dataDir,
    serverVersion: `PGlite (PostgreSQL ${rows[0]?.version ?? '?'})`,
    async dispose(keep) {
      await db.close();
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated benchmark database: `nexus_bench` on the PostgreSQL server, or PGlite in a new temporary folder. */
export async function openBenchDatabase(options: BenchOptions, config: Config): Promise<BenchDatabase> {
  const bench = options.db === 'postgres' ? await openPostgres(options, config) : await openPglite();
  try {
    await migrate(bench.db);
  } catch (error) {
    await bench.dispose(options.keep);
    throw error;
  }
  return bench;
}
