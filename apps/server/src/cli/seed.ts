/**
 * `npm run seed -- --contacts 100000 [--workspace <id>] [--email owner@example.com]`
 * fills a workspace with generated contacts for benchmarks and trials. Without
 * --workspace it uses the demo workspace (created if missing).
 */
import { parseArgs } from 'node:util';
import { createLogger, systemClock, ConfigError } from '@nexus/platform';
import { seedContacts } from '@nexus/crm-core';
import { buildApp } from '../build-app';
import { loadConfig } from '../config';
import { exitOnError } from '../internal/exit-on-error';
import { ensureDemoWorkspace } from '../demo';
import { createRuntime } from '../runtime';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    workspace: { type: 'string' },
  },
});

try {
  const count = Number(values.contacts);
  if (!Number.isSafeInteger(count) || count < 1 || count > 50_000_000) throw new ConfigError('--contacts must be a whole number between 1 and 50,000,000');
  const config = loadConfig({ ...process.env, NEXUS_ROLES: 'api' });
  const log = createLogger({ level: config.LOG_LEVEL });
  const runtime = await createRuntime(config, log);
  try {
    const { identity, core, search } = await buildApp({ ...runtime, config, log, clock: systemClock });
    await ensureDemoWorkspace({ db: runtime.db, identity, core, email: config.NEXUS_DEMO_EMAIL, password: config.NEXUS_DEMO_PASSWORD });
    const login = await identity.login({ email: config.NEXUS_DEMO_EMAIL, password: config.NEXUS_DEMO_PASSWORD, workspaceId: values.workspace }, { ip: '127.0.0.1' });
    const started = Date.now();
    await runtime.db.withWorkspace(login.workspace.id, (tx) =>
      seedContacts(tx, {
        count,
        ownerId: login.user.id,
        onProgress: (done) => process.stdout.write(`\r${done.toLocaleString('en')} / ${count.toLocaleString('en')} contacts`),
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`\nSeeded ${count.toLocaleString('en')} contacts into "${login.workspace.name}" in ${seconds.toFixed(1)} s (${Math.round(count / seconds).toLocaleString('en')} rows/s)\n`);
    // Seeded rows bypass the event stream, so the search documents are rebuilt here; the server's worker embeds them.
    const indexed = await search.reindex(login.workspace.id);
    process.stdout.write(`Search documents rebuilt in ${(indexed.ms / 1000).toFixed(1)} s\n`);
    // Nor have they duplicate blocking keys: the server's worker writes them when it next starts.
    await runtime.db.systemQuery(`insert into duplicate_key_backfills (workspace_id, object) values ($1, 'contacts') on conflict do nothing`, [login.workspace.id]);
  } finally {
    await runtime.close();
  }
} catch (error) {
  exitOnError(error);
}
