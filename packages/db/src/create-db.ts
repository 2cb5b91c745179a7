import { createPgliteDatabase } from './internal/pglite-driver';
import { migrate } from './migrate';
import { createPostgresDatabase } from './internal/pg-driver';
import type { Database } from './types';

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob; sharedBuffersMb?: number }
  | { kind: 'postgres'; url: string; poolSize: number; statementTimeoutMs: number };

/**
 * Opens the database: PGlite in a folder (the embedded default) or a
 * PostgreSQL server. Both run the same SQL and the same migrations.
 *
 * @example
 * const db = await createDb({ kind: 'pglite', dataDir: './data' });
 */
export async function createDb(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'pglite') {
    return createPgliteDatabase({
      ...(config.dataDir === undefined ? {} : { dataDir: config.dataDir }),
      ...(config.loadDataDir === undefined ? {} : { loadDataDir: config.loadDataDir }),
      ...(config.sharedBuffersMb === undefined ? {} : { sharedBuffersMb: config.sharedBuffersMb }),
    });
  }
  const db = createPostgresDatabase(config);
  await db.systemQuery('select 1');
  return db;
}

/**
 * A migrated, empty embedded database as a tarball: test files start from a
 * copy of it instead of migrating each time.
 */
export async function createPgliteTemplate(): Promise<Uint8Array> {
  const db = await createPgliteDatabase({});
  try {
    await migrate(db);
    const blob = await db.dump();
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    await db.close();
  }
}
