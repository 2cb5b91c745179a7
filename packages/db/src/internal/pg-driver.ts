import pg from 'pg';
import { AppError } from '@nexus/platform';
import type { Database, QueryResult, SqlClient } from '../types';
import { bindSessionSql, makeSystemTx, makeWorkspaceTx, runCallbacks, type TxParts } from './tx-runner';
import { identity, oids } from './type-parsers';

export interface PostgresOptions {
  url: string;
  /** Connections in the pool. */
  poolSize: number;
  /** Longest a statement may run before the server cancels it. */
  statementTimeoutMs: number;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    if (oid === oids.int8 || oid === oids.numeric || oid === oids.date) return identity;
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
};

function wrap(client: pg.Pool | pg.PoolClient): SqlClient {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
  };
}

function hashKey(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i += 1) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return hash;
}

/** PostgreSQL over a connection pool. */
export function createPostgresDatabase(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    connectionTimeoutMillis: 10_000,
    types,
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);

  // Tenant work has a pool of its own whose sessions run as the tenant role and are bound to
  // one workspace at a time (a session setting, set in its own committed statement). A read
  // then costs one round trip, and a connection moves to another workspace only when needed.
  const tenantPool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    connectionTimeoutMillis: 10_000,
    types,
  });
  tenantPool.on('error', () => undefined);
  const boundTo = new WeakMap<pg.PoolClient, string>();

  async function connectTenant(workspaceId: string): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await tenantPool.connect();
    } catch (cause) {
      throw new AppError('service_unavailable', 'The database is unreachable', { cause, kind: 'operational', retryAfterSeconds: 5 });
    }
    if (boundTo.get(client) === workspaceId) return client;
    try {
      boundTo.delete(client);
      await client.query(bindSessionSql(workspaceId));
      boundTo.set(client, workspaceId);
      return client;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  async function inTenant<T>(workspaceId: string, readOnly: boolean, fn: (parts: TxParts) => Promise<T>): Promise<T> {
    const client = await connectTenant(workspaceId);
    const raw = wrap(client);
    // A write unit begins its transaction with its first statement, so that a unit whose only
    // statement is its final write can run that statement alone: one round trip instead of three.
    let begun = false;
    const parts: TxParts = {
      client: readOnly
        ? raw
        : {
            query: async (sql, params) => {
              if (!begun) {
                await client.query('begin');
                begun = true;
              }
              return raw.query(sql, params);
            },
          },
      callbacks: [],
    };
    if (!readOnly) parts.finalWrite = (sql, params) => (begun ? parts.client.query(sql, params) : raw.query(sql, params));
    let broken = false;
    let result: T;
    try {
      result = await fn(parts);
      if (begun) await client.query('commit');
    } catch (error) {
      if (begun) broken = await rollbackQuietly(client);
      throw error;
    } finally {
      client.release(broken);
    }
    // After the commit and outside the try: a failing callback must not pretend the change was undone.
    runCallbacks(parts.callbacks);
    return result;
  }

  async function connect(): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (cause) {
      throw new AppError('service_unavailable', 'The database is unreachable', { cause, kind: 'operational', retryAfterSeconds: 5 });
    }
  }

  async function inTransaction<T>(fn: (parts: TxParts) => Promise<T>): Promise<T> {
    const client = await connect();
    const parts: TxParts = { client: wrap(client), callbacks: [] };
    let broken = false;
    let result: T;
    try {
      await client.query('begin');
      result = await fn(parts);
      await client.query('commit');
    } catch (error) {
      broken = await rollbackQuietly(client);
      throw error;
    } finally {
      client.release(broken);
    }
    runCallbacks(parts.callbacks);
    return result;
  }

  return {
    kind: 'postgres',
    withWorkspace: (workspaceId, fn, txOptions) => {
      const readOnly = txOptions?.readOnly === true;
      return inTenant(workspaceId, readOnly, (parts) => fn(makeWorkspaceTx(parts, workspaceId, { readOnly })));
    },
    withSystem: (fn) => inTransaction((parts) => fn(makeSystemTx(parts))),
    systemQuery: async (sql, params) => {
      try {
        return await wrap(pool).query(sql, params);
      } catch (cause) {
        if (isConnectionError(cause)) throw new AppError('service_unavailable', 'The database is unreachable', { cause, kind: 'operational' });
        throw cause;
      }
    },
    async exec(sql) {
      const client = await connect();
      try {
        await client.query(sql);
      } finally {
        client.release();
      }
    },
    async withLock(key, fn) {
      const client = await connect();
      const id = hashKey(key);
      let broken = false;
      try {
        await client.query('select pg_advisory_lock($1)', [id]);
        try {
          return await fn({ ...wrap(client), exec: async (sql) => void (await client.query(sql)) });
        } finally {
          // A connection that cannot give the lock back must not return to the pool holding it.
          await client.query('select pg_advisory_unlock($1)', [id]).catch(() => {
            broken = true;
          });
        }
      } finally {
        client.release(broken);
      }
    },
    poolStats: () => ({
      total: pool.totalCount + tenantPool.totalCount,
      idle: pool.idleCount + tenantPool.idleCount,
      waiting: pool.waitingCount + tenantPool.waitingCount,
    }),
    close: async () => {
      await Promise.all([pool.end(), tenantPool.end()]);
    },
  };
}

/** Rolls back; true when even that failed and the connection must be retired rather than reused. */
async function rollbackQuietly(client: pg.PoolClient): Promise<boolean> {
  try {
    await client.query('rollback');
    return false;
  } catch {
    return true;
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(code);
}
