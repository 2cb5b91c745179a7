export { createDb, createPgliteTemplate } from './create-db';
export type { DatabaseConfig } from './create-db';
export { classifyDbError } from './db-errors';
export type { DbErrorClass } from './db-errors';
export { loadMigrations, migrate, pendingMigrations } from './migrate';
export type { MigrateResult, Migration } from './migrate';
export { appendEvent, createOutboxRelay, createOutboxSignal, importedRecordIds } from './outbox';
export type { DomainEvent, NewDomainEvent, OutboxConsumer, OutboxLag, OutboxRelay, OutboxRelayOptions, OutboxSignal } from './outbox';
export type { Database, DatabaseKind, PoolStats, QueryResult, SqlClient, SystemTx, WorkspaceTx, WorkspaceTxOptions } from './types';
