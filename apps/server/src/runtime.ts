import { resolve } from 'node:path';
import { createCache, type Cache } from '@nexus/cache';
import { createDb, createOutboxSignal, migrate, type Database, type OutboxSignal } from '@nexus/db';
import type { Logger } from '@nexus/platform';
import type { Config } from './config';
import { createMaintenance } from './internal/maintenance';

export interface Runtime {
  db: Database;
  cache: Cache;
  signal: OutboxSignal;
  /** Starts the housekeeping of the worker role (the event relay and search workers start with the app). */
  startWorkers(): void;
  close(): Promise<void>;
}

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in the data folder. */
export function openDatabase(config: Config, overrides: { poolSize?: number; statementTimeoutMs?: number } = {}): Promise<Database> {
  return config.DATABASE_URL
    ? createDb({
        kind: 'postgres',
        url: config.DATABASE_URL,
        poolSize: overrides.poolSize ?? config.DATABASE_POOL_SIZE,
        statementTimeoutMs: overrides.statementTimeoutMs ?? config.DATABASE_STATEMENT_TIMEOUT_MS,
      })
    : createDb({ kind: 'pglite', dataDir: resolve(config.NEXUS_DATA_DIR), sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB });
}

/**
 * Opens the infrastructure the configuration names: the embedded database or
 * PostgreSQL, the in-memory cache or Redis, and housekeeping for the worker
 * role. Migrations run before anything else touches the database.
 */
export async function createRuntime(config: Config, log: Logger): Promise<Runtime> {
  const db = await openDatabase(config);
  try {
    const { applied } = await migrate(db);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } catch (error) {
    await db.close();
    throw error;
  }
  const cache = config.REDIS_URL ? createCache({ kind: 'redis', url: config.REDIS_URL }) : createCache({ kind: 'memory' });
  const signal = createOutboxSignal();
  const worker = config.NEXUS_ROLES.includes('worker');
  const maintenance = worker ? createMaintenance({ db, log }) : undefined;
  return {
    db,
    cache,
    signal,
    startWorkers() {
      maintenance?.start();
    },
    async close() {
      maintenance?.stop();
      await cache.close();
      await db.close();
    },
  };
}
