/** `npm run migrate`: applies pending migrations to the configured database and exits. */
import { ConfigError, createLogger } from '@nexus/platform';
import { createDb, migrate } from '@nexus/db';
import { resolve } from 'node:path';
import { loadConfig } from '../config';

try {
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.LOG_LEVEL });
  const db = config.DATABASE_URL
    ? await createDb({ kind: 'postgres', url: config.DATABASE_URL, poolSize: 2, statementTimeoutMs: 10 * 60_000 })
    : await createDb({ kind: 'pglite', dataDir: resolve(config.NEXUS_DATA_DIR) });
  try {
    const result = await migrate(db);
    log.info(result, result.applied.length > 0 ? 'migrations applied' : 'database already up to date');
  } finally {
    await db.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
