/** `npm run migrate`: applies pending migrations to the configured database and exits. */
import { createLogger } from '@nexus/platform';
import { migrate } from '@nexus/db';
import { loadConfig } from '../config';
import { exitOnError } from '../internal/exit-on-error';
import { openDatabase } from '../runtime';

try {
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.LOG_LEVEL });
  // Two connections are plenty, and a long migration must not hit the request timeout.
  const db = await openDatabase(config, { poolSize: 2, statementTimeoutMs: 10 * 60_000 });
  try {
    const result = await migrate(db);
    log.info(result, result.applied.length > 0 ? 'migrations applied' : 'database already up to date');
  } finally {
    await db.close();
  }
} catch (error) {
  exitOnError(error);
}
