import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, createPgliteTemplate, migrate } from '@nexus/db';
import { adminUrl, templateEnv, testDatabaseUrl } from './test-env';

/**
 * Migrates one template database with the production migrator, once per run:
 * a PGlite dump on the embedded suite, a PostgreSQL template database on the
 * real one. Each test file then starts from a copy in well under a second.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (testDatabaseUrl) {
    const name = `nexus_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const db = await createDb({ kind: 'postgres', url: adminUrl(testDatabaseUrl, name), poolSize: 2, statementTimeoutMs: 60_000 });
    await migrate(db);
    await db.close();
    process.env[templateEnv] = name;
    return async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'nexus-template-'));
  const file = join(dir, 'template.tar');
  await writeFile(file, await createPgliteTemplate());
  process.env[templateEnv] = file;
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
