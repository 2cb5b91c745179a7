import { randomUUID } from 'node:crypto';
import { createCache } from '@nexus/cache';
import { createOutboxSignal, type Database } from '@nexus/db';
import { createLogger, createManualClock, systemClock, type Clock } from '@nexus/platform';
import { createTestDb, testRedisUrl } from '@nexus/testing';
import { buildApp, type App } from './build-app';
import { loadConfig, type Config } from './config';

export interface TestApp extends App {
  config: Config;
  /** The test database itself, for asserting what was stored (e.g. how a password is hashed). */
  db: Database;
  close(): Promise<void>;
  /** Signs up a new user with their own workspace and returns a bearer header for them. */
  signup(overrides?: Partial<{ email: string; password: string; name: string; workspaceName: string }>): Promise<SignedUp>;
}

export interface SignedUp {
  token: string;
  headers: { authorization: string };
  userId: string;
  workspaceId: string;
  email: string;
  password: string;
}

let counter = 0;

/**
 * The real application on a fresh test database, driven in-process with
 * `app.inject()`. Only third-party services are ever replaced; nothing of ours is.
 */
export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Where JSON log lines go (with env LOG_LEVEL set); silent otherwise. */
  logDestination?: NodeJS.WritableStream;
  /** Build the worker role too: the outbox relay with its consumers and the embedding worker (not started; tests drain them). */
  relay?: boolean;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const config = loadConfig({ LOG_LEVEL: 'silent', NEXUS_DEMO: 'false', ...options.env });
  const log = createLogger({ level: config.LOG_LEVEL, ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const signal = createOutboxSignal();
  // Under `npm run test:pg` the cache (auth cache, login throttling, rate limits) lives in Redis too.
  const redisUrl = testRedisUrl;
  const cache = redisUrl
    ? createCache({ kind: 'redis', url: redisUrl, keyPrefix: `nexus-test:${randomUUID()}:` })
    : createCache({ kind: 'memory' });
  const built = await buildApp({ config, db: testDb.db, cache, log, clock: options.clock ?? systemClock, signal, worker: options.relay === true });
  await built.app.ready();
  return {
    ...built,
    config,
    db: testDb.db,
    async close() {
      await built.app.close();
      await cache.close();
      await testDb.close();
    },
    async signup(overrides = {}) {
      counter += 1;
      const email = overrides.email ?? `user${counter}-${Date.now()}@example.com`;
      const password = overrides.password ?? 'correct horse battery staple';
      const res = await built.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { email, password, name: overrides.name ?? `User ${counter}`, workspaceName: overrides.workspaceName ?? `Workspace ${counter}` },
      });
      if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
      const body = res.json<{ token: string; user: { id: string }; workspace: { id: string } }>();
      return {
        token: body.token,
        headers: { authorization: `Bearer ${body.token}` },
        userId: body.user.id,
        workspaceId: body.workspace.id,
        email,
        password,
      };
    },
  };
}

export { createManualClock };
