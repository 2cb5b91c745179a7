import { PGlite, type Transaction } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { vector } from '@electric-sql/pglite-pgvector';
import { mkdir } from 'node:fs/promises';
import type { Database, QueryResult, SqlClient } from '../types';
import { bindWorkspace, makeSystemTx, makeWorkspaceTx, runCallbacks, type TxParts } from './tx-runner';
import { identity, oids } from './type-parsers';
import { lockFolder } from './folder-lock';

export interface PgliteOptions {
  /** A folder for the data, or undefined for a throw-away in-memory database. */
  dataDir?: string;
  /** A dump of a data folder to start from (test templates). */
  loadDataDir?: Blob;
  /** PostgreSQL's page cache, in MB (shared_buffers); PostgreSQL's own default, 128, when unset. */
  sharedBuffersMb?: number;
}

const parsers = {
  [oids.int8]: identity,
  [oids.numeric]: identity,
  [oids.date]: identity,
};

function wrap(client: PGlite | Transaction): SqlClient {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const result = await client.query<T>(sql, params as unknown[] | undefined);
      // PGlite reports affectedRows 0 for a SELECT; node-postgres counts the rows returned. Code checks
      // `rowCount > 0` after a select (an existing member, deals still in a pipeline), so match node-postgres.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
  };
}

/**
 * PGlite: PostgreSQL in WASM, in this process. One connection, so work is
 * serialised; a lock file keeps a second process away from the same folder,
 * which PGlite cannot share.
 */
export async function createPgliteDatabase(options: PgliteOptions): Promise<Database & { dump(): Promise<Blob> }> {
  let release: (() => Promise<void>) | undefined;
  if (options.dataDir !== undefined) {
    await mkdir(options.dataDir, { recursive: true });
    release = await lockFolder(options.dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
      parsers,
      // PGlite's own start parameters, plus the page cache when asked (not postgresqlconf: that replaces the whole file).
      ...(options.sharedBuffersMb === undefined ? {} : { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${Math.floor(options.sharedBuffersMb)}MB`] }),
      // The extensions the migrations create: search needs all of them.
      extensions: { vector, pg_trgm, btree_gin, unaccent },
    });
  } catch (error) {
    await release?.();
    throw error;
  }
  const root = wrap(pg);
  const locks = new Map<string, Promise<unknown>>();

  return {
    kind: 'pglite',
    async withWorkspace(workspaceId, fn, options) {
      const parts: TxParts = { client: root, callbacks: [] };
      const result = await pg.transaction(async (tx) => {
        parts.client = wrap(tx);
        await bindWorkspace(parts.client, workspaceId);
        return fn(makeWorkspaceTx(parts, workspaceId, { readOnly: options?.readOnly === true }));
      });
      runCallbacks(parts.callbacks);
      return result;
    },
    async withSystem(fn) {
      const parts: TxParts = { client: root, callbacks: [] };
      const result = await pg.transaction(async (tx) => {
        parts.client = wrap(tx);
        return fn(makeSystemTx(parts));
      });
      runCallbacks(parts.callbacks);
      return result;
    },
    systemQuery: (sql, params) => root.query(sql, params),
    async exec(sql) {
      await pg.exec(sql);
    },
    async withLock(key, fn) {
      // One process owns the folder (lock file above), so an in-process queue is a cluster-wide lock.
      const previous = locks.get(key) ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(() => fn({ ...root, exec: async (sql) => void (await pg.exec(sql)) }));
      locks.set(key, run);
      return run;
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    dump: () => pg.dumpDataDir('none'),
    async close() {
      await pg.close();
      if (release) await release();
    },
  };
}
