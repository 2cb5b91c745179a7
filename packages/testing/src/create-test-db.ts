import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Database } from '@nexus/db';
import { adminUrl, templateEnv, testDatabaseUrl } from './test-env';

export interface TestDb {
  db: Database;
  /** A connection string for this test database (PostgreSQL only), for tests that start a server process. */
  url: string | undefined;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: PGlite in memory (`npm test`)
 * or a new PostgreSQL database copied from the run's template
 * (`npm run test:pg`). Test files never name the backend.
 *
 * @example
 * const { db, close } = await createTestDb();
 * afterAll(close);
 */
export async function createTestDb(): Promise<TestDb> {
  const template = process.env[templateEnv];
  if (!template) throw new Error(`${templateEnv} is not set: run the tests through vitest (its global setup makes the template)`);
  if (testDatabaseUrl) {
    const name = `nexus_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    try {
      await createFromTemplate(admin, name, template);
    } finally {
      await admin.end();
    }
    const url = adminUrl(testDatabaseUrl, name);
    const db = await createDb({ kind: 'postgres', url, poolSize: 8, statementTimeoutMs: 30_000 });
    return {
      db,
      url,
      async close() {
        await db.close();
        const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const dump = await readFile(template);
  const db = await createDb({ kind: 'pglite', loadDataDir: new Blob([dump]) });
  return { db, url: undefined, close: () => db.close() };
}

/** Copying a template fails while another copy of it is being made; those attempts are retried. */
async function createFromTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      return;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (attempt >= 50 || !message.includes('being accessed by other users')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

export interface EmptyTestDb extends TestDb {
  /** Another independent connection pool to the same database (PostgreSQL only; PGlite has one connection). */
  openAnother(): Promise<Database>;
}

/** An empty, unmigrated database, for migration tests. */
export async function createEmptyTestDb(): Promise<EmptyTestDb> {
  if (testDatabaseUrl) {
    const name = `nexus_empty_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = adminUrl(testDatabaseUrl, name);
    const open = () => createDb({ kind: 'postgres', url, poolSize: 4, statementTimeoutMs: 30_000 });
    const db = await open();
    const others: Database[] = [];
    return {
      db,
      url,
      async openAnother() {
        const another = await open();
        others.push(another);
        return another;
      },
      async close() {
        await Promise.all([db.close(), ...others.map((o) => o.close())]);
        const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const db = await createDb({ kind: 'pglite' });
  return {
    db,
    url: undefined,
    openAnother: () => Promise.reject(new Error('PGlite has a single connection; use the same handle')),
    close: () => db.close(),
  };
}
