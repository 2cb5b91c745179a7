/**
 * `npm run search:reindex [-- --workspace <id>] [--check] [--no-vectors]`:
 * rebuilds the search documents of every workspace (or one) from the records,
 * then embeds whatever changed. With `--check`, compares the index with the
 * records first and rebuilds only what drifted.
 */
import { parseArgs } from 'node:util';
import { ConfigError, createLogger, isUuid, systemClock } from '@nexus/platform';
import { migrate } from '@nexus/db';
import { loadConfig } from '../config';
import { exitOnError } from '../internal/exit-on-error';
import { openDatabase } from '../runtime';
import { setupSearch } from '../search-setup';

try {
  const { values } = parseArgs({
    options: { workspace: { type: 'string' }, check: { type: 'boolean', default: false }, 'no-vectors': { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  if (values.workspace !== undefined && !isUuid(values.workspace)) throw new ConfigError(`--workspace must be a workspace id, got ${JSON.stringify(values.workspace)}`);
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.LOG_LEVEL });
  const db = await openDatabase(config, { poolSize: 4, statementTimeoutMs: 10 * 60_000 });
  try {
    await migrate(db);
    const search = await setupSearch(config, { db, log, clock: systemClock });
    const { rows } = values.workspace
      ? { rows: [{ id: values.workspace }] }
      : await db.systemQuery<{ id: string }>('select id from workspaces order by created_at');
    for (const { id } of rows) {
      if (values.check) {
        const report = await search.checkConsistency(id, { sampleSize: 400 });
        process.stdout.write(`${id}: ${report.consistent ? 'consistent' : report.repaired ? 'drift found and rebuilt' : 'drift found'}\n`);
      } else {
        const result = await search.reindex(id);
        const total = Object.values(result.documents).reduce((a, b) => a + b, 0);
        process.stdout.write(`${id}: ${total} documents in ${(result.ms / 1000).toFixed(1)} s, ${result.removed} stale removed\n`);
      }
    }
    if (!values['no-vectors']) {
      const started = Date.now();
      await search.worker.drain();
      process.stdout.write(`vectors up to date in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await db.close();
  }
} catch (error) {
  exitOnError(error);
}
