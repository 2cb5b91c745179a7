export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Anything that runs parameterised SQL: a pool, a transaction. */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

/**
 * A transaction bound to one workspace. Row-level security holds inside it:
 * queries see and write only this workspace's rows, whatever their WHERE says.
 */
export interface WorkspaceTx extends SqlClient {
  readonly workspaceId: string;
  /**
   * Runs the unit's last statement, a write that is atomic on its own (one
   * INSERT with its audit and event CTEs, say). When nothing has run in the
   * unit before it, PostgreSQL runs it alone, without the BEGIN and COMMIT
   * round trips; otherwise it runs inside the transaction. Any statement
   * after it is refused, so a unit can never be half-committed.
   */
  finalWrite<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs after the transaction commits (never on rollback). */
  afterCommit(fn: () => void): void;
}

/** A transaction with owner rights, for the global tables (users, sessions, workspaces). */
export interface SystemTx extends SqlClient {
  afterCommit(fn: () => void): void;
  /**
   * Binds the rest of this transaction to one workspace (row-level security
   * applies from here on), so that creating a workspace and its first tenant
   * rows commit together.
   */
  bindWorkspace(workspaceId: string): Promise<WorkspaceTx>;
}

export interface WorkspaceTxOptions {
  /**
   * Reads only. On PostgreSQL the statements then run one by one without a
   * surrounding transaction (each sees the latest committed data).
   */
  readOnly?: boolean;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Database {
  readonly kind: DatabaseKind;
  /**
   * The only way to reach tenant tables: a transaction bound to one workspace.
   *
   * @example
   * const contacts = await db.withWorkspace(workspaceId, (tx) => tx.query('select * from contacts'));
   */
  withWorkspace<T>(workspaceId: string, fn: (tx: WorkspaceTx) => Promise<T>, options?: WorkspaceTxOptions): Promise<T>;
  /**
   * Owner access, which row-level security does not bind. Only the identity,
   * migration and outbox code may use it (a lint rule holds this).
   */
  withSystem<T>(fn: (tx: SystemTx) => Promise<T>): Promise<T>;
  /** A single statement with owner rights, outside a transaction. */
  systemQuery<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn while holding a cluster-wide lock named by key (advisory lock, or in-process for PGlite). */
  withLock<T>(key: string, fn: (client: SqlClient & { exec(sql: string): Promise<void> }) => Promise<T>): Promise<T>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}
