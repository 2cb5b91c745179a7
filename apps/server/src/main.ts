import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, systemClock, type Logger } from '@nexus/platform';
import { buildApp } from './build-app';
import { loadConfig, type Config } from './config';
import { exitOnError } from './internal/exit-on-error';
import { ensureDemoWorkspace } from './demo';
import { createRuntime } from './runtime';
import { ensureWebBuild } from './internal/web-build';

/** The built web app to serve, building it first when its sources changed (`NEXUS_WEB=auto`). */
async function prepareWebApp(config: Config, log: Logger): Promise<string | undefined> {
  if (config.NEXUS_WEB === 'off' || !config.NEXUS_ROLES.includes('api')) return undefined;
  const appDir = resolve(config.NEXUS_WEB_APP_DIR ?? fileURLToPath(new URL('../../web', import.meta.url)));
  const outDir = config.NEXUS_WEB === 'prebuilt' && config.NEXUS_WEB_OUT_DIR ? resolve(config.NEXUS_WEB_OUT_DIR) : join(appDir, 'out');
  if (config.NEXUS_WEB === 'auto') await ensureWebBuild({ appDir, outDir, env: process.env, log });
  else if (!existsSync(join(outDir, 'index.html'))) {
    log.warn({ outDir }, 'NEXUS_WEB=prebuilt but the web app has no build there; serving the API only');
    return undefined;
  }
  return outDir;
}

// The composition root: the only place that reads the environment and builds clients.
async function main(): Promise<void> {
  // Invalid configuration stops here; exitOnError prints the message that names the variable.
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.LOG_LEVEL });
  const webDir = await prepareWebApp(config, log);
  const runtime = await createRuntime(config, log);
  const { app, identity, core, workers, ai } = await buildApp({ ...runtime, config, log, clock: systemClock, worker: config.NEXUS_ROLES.includes('worker'), webDir });

  if (config.NEXUS_DEMO) {
    const demo = await ensureDemoWorkspace({ db: runtime.db, identity, core, email: config.NEXUS_DEMO_EMAIL, password: config.NEXUS_DEMO_PASSWORD });
    if (demo.created) {
      log.info({ email: config.NEXUS_DEMO_EMAIL, counts: demo.counts }, 'demo workspace created');
      process.stdout.write(`\nDemo workspace ready. Sign in with ${config.NEXUS_DEMO_EMAIL} / ${config.NEXUS_DEMO_PASSWORD}\n\n`);
    }
  }

  runtime.startWorkers();
  workers.start();
  if (config.NEXUS_ROLES.includes('api')) {
    await app.listen({ port: config.PORT, host: config.HOST });
    // The offline language models load and train once per process (a few seconds): do it now, not on the first request.
    setImmediate(() => void ai.warmUp());
    process.stdout.write(`NexusCRM is serving http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT} (${webDir ? 'the web app; ' : ''}API under /api/v1, OpenAPI at /api/v1/openapi.json)\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      await app.close();
      await runtime.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => exitOnError(error, 'NexusCRM failed to start: '));
