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

/** One connection to the server's administrative database, for creating and dropping benchmark databases. */
export async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops a benchmark database; FORCE ends sessions left behind by an interrupted run, which would otherwise block the drop. */
export function dropDatabaseStatement(name: string): string {
  return `drop database if exists ${name} with (force)`;
}

/** Replaces any earlier database of this name by an empty one; returns its connection string. */
export async function recreateDatabase(adminUrl: string, name: string): Promise<URL> {
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(dropDatabaseStatement(name));
    await admin.query(`create database ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url;
}

export async function serverVersion(db: Database): Promise<string> {
  const { rows } = await db.systemQuery<{ version: string }>("select current_setting('server_version') as version");
  return rows[0]?.version ?? '?';
}

async function openPostgres(options: BenchOptions, config: Config): Promise<BenchDatabase> {
  const url = await recreateDatabase(options.adminUrl, benchDatabaseName);
  const db = await createDb({ kind: 'postgres', url: url.href, poolSize: config.DATABASE_POOL_SIZE, statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS });
  return {
    db,
    url: url.href,
    location: `${url.host}/${benchDatabaseName}`,
    serverVersion: `PostgreSQL ${await serverVersion(db)}`,
    async dispose(keep) {
      await db.close();
      if (!keep) await withAdmin(options.adminUrl, (admin) => admin.query(dropDatabaseStatement(benchDatabaseName)));
    },
  };
}

async function openPglite(config: Config): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'nexus-bench-'));
  const db = await createDb({ kind: 'pglite', dataDir, sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB });
  return {
    db,
    url: undefined,
    location: dataDir,
    serverVersion: `PGlite (PostgreSQL ${await serverVersion(db)})`,
    async dispose(keep) {
      await db.close();
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated benchmark database: `nexus_bench` on the PostgreSQL server, or PGlite in a new temporary folder. */
export async function openBenchDatabase(options: BenchOptions, config: Config): Promise<BenchDatabase> {
  const bench = options.db === 'postgres' ? await openPostgres(options, config) : await openPglite(config);
  try {
    await migrate(bench.db);
  } catch (error) {
    await bench.dispose(options.keep);
    throw error;
  }
  return bench;
}
