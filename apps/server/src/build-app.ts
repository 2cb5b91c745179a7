import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import qs from 'qs';
import { createHash, randomUUID } from 'node:crypto';
import { aiRoutes, createAiEngine } from '@nexus/ai';
import { redisClientOf, type Cache } from '@nexus/cache';
import { createBulkWriter, createCrmCore, createDefaultPipeline, createRecordMerger } from '@nexus/crm-core';
import { createDuplicateService, duplicateRecordIds, duplicateRoutes } from '@nexus/dedupe';
import { createEnrichmentService, createNormaliseOnWrite, enrichmentRoutes, normaliseImportInput } from '@nexus/enrichment';
import { createOutboxRelay, pendingMigrations, type Database, type OutboxSignal } from '@nexus/db';
import { buildOpenApi, mapError, registerRoutes, type RouteDef } from '@nexus/http';
import { createIdentityService, createMembersService, identityRoutes } from '@nexus/identity';
import { createExportService, createImportRunner, exportRoutes, importRoutes, uploadReadOptions } from '@nexus/imports';
import multipart from '@fastify/multipart';
import { join } from 'node:path';
import { AppError, type Clock, type Logger } from '@nexus/platform';
import type { Config } from './config';
import { trustProxyValue } from './config';
import { registerWebApp } from './internal/web-static';
import { registerWebSession, webWorkspaceHeader } from './internal/web-session';
import { createMetrics } from './internal/metrics';
import { setupSearch } from './search-setup';
import { backfillDuplicateKeys } from './duplicate-backfill';

export interface AppDeps {
  config: Config;
  db: Database;
  cache: Cache;
  log: Logger;
  clock: Clock;
  signal: OutboxSignal;
  /** Build the worker role's background work (the outbox relay and its consumers, the embedding worker); `workers.start()` runs it. */
  worker?: boolean;
  /** Folder of the built web app to serve on this origin; none serves the API only. */
  webDir?: string;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
const operationalPaths = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Builds the HTTP application from its dependencies, without listening:
 * tests drive it with `app.inject()`, `main.ts` starts it.
 *
 * @example
 * const { app } = await buildApp({ config, db, cache, log, clock, signal });
 * const res = await app.inject({ method: 'GET', url: '/healthz' });
 */
export async function buildApp(deps: AppDeps) {
  const { config, db, cache, log, clock, signal } = deps;
  const app: FastifyInstance = Fastify({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the cast pins Fastify's logger generic; inferred as pino's Logger, `app: FastifyInstance` no longer type-checks
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxyValue(config.TRUST_PROXY),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    // Bracketed filters (filter[amount][gte]=100) with limits, so a hostile query string cannot blow up.
    routerOptions: {
      querystringParser: (str: string) => qs.parse(str, { depth: 3, arrayLimit: 500, parameterLimit: 200, allowPrototypes: false }),
      maxParamLength: 200,
    },
    return503OnClosing: true,
  });

  // The API speaks JSON only; anything else is refused with 415 rather than parsed as text.
  app.removeContentTypeParser('text/plain');

  const search = await setupSearch(config, { db, log, clock });
  // Normalisation on write: every contact and company create and update goes through the Enrichment service's hooks.
  const writeHooks = createNormaliseOnWrite({ clock, defaultCountry: config.ENRICHMENT_DEFAULT_COUNTRY, createCompanyFromEmail: config.ENRICHMENT_COMPANY_FROM_EMAIL });
  const core = createCrmCore({ signal, writeHooks });
  const duplicates = createDuplicateService({
    merger: createRecordMerger({ signal }),
    log,
    reviewScore: config.DEDUPE_REVIEW_SCORE,
    autoMergeScore: config.DEDUPE_AUTO_MERGE_SCORE,
  });
  const enrichment = createEnrichmentService({
    db,
    cache,
    clock,
    records: core.records,
    duplicateRecordIds,
    settings: {
      defaultCountry: config.ENRICHMENT_DEFAULT_COUNTRY,
      allowPrivateNetworks: config.ENRICHMENT_ALLOW_PRIVATE_NETWORKS,
      fetchTimeoutMs: config.ENRICHMENT_FETCH_TIMEOUT_MS,
      fetchMaxBytes: config.ENRICHMENT_FETCH_MAX_BYTES,
      cacheTtlHours: config.ENRICHMENT_CACHE_TTL_HOURS,
      monthlyCredits: config.ENRICHMENT_MONTHLY_CREDITS,
      providerTimeoutMs: config.ENRICHMENT_PROVIDER_TIMEOUT_MS,
      peopleDataLabs: config.PDL_API_KEY ? { apiKey: config.PDL_API_KEY, baseUrl: config.PDL_BASE_URL } : undefined,
      apollo: config.APOLLO_API_KEY ? { apiKey: config.APOLLO_API_KEY, baseUrl: config.APOLLO_BASE_URL } : undefined,
    },
  });
  const ai = createAiEngine({
    db,
    log,
    clock,
    config,
    records: core.records,
    listWorkspaces: async () => (await db.systemQuery<{ id: string }>('select id from workspaces order by id')).rows.map((row) => row.id),
  });
  let countEvent: (type: string) => void = () => undefined;
  const relay = deps.worker
    ? createOutboxRelay({
        db,
        log,
        signal,
        consumers: [search.indexer, ai.scoring.consumer, duplicates.consumer, { name: 'metrics', handle: async (event) => countEvent(event.type) }],
      })
    : undefined;
  const metrics = createMetrics({ db, relay, search: deps.worker ? search : undefined, ai });
  countEvent = (type) => metrics.events.inc({ type });

  const identity = createIdentityService({
    db,
    cache,
    clock,
    log,
    sessionTtlMs: config.SESSION_TTL_HOURS * 3_600_000,
    throttle: {
      maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: config.LOGIN_THROTTLE_WINDOW_MS,
    },
    onWorkspaceCreated: (tx, ownerId) => createDefaultPipeline(tx, ownerId),
  });
  const members = createMembersService({
    db,
    clock,
    identity,
    invitationTtlMs: config.INVITATION_TTL_HOURS * 3_600_000,
    sessionTtlMs: config.SESSION_TTL_HOURS * 3_600_000,
  });

  app.setErrorHandler((error, req, reply) => {
    const mapped = mapError(error, req.id);
    if (mapped.status >= 500) req.log.error({ err: error, reqId: req.id }, 'request failed');
    else req.log.info({ code: mapped.body.error.code, status: mapped.status, reqId: req.id }, 'request refused');
    void reply.status(mapped.status).headers(mapped.headers).send(mapped.body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'route_not_found', message: `No route ${req.method} ${req.url.split('?')[0] ?? ''}`, requestId: req.id } });
  });

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) req.log.warn({ reqId: req.id, route, status: reply.statusCode }, 'request answered with a server error');
  });

  await registerWebSession(app, { secureCookie: config.NEXUS_COOKIE_SECURE });
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    ...(cache.kind === 'redis' ? { redis: redisClientOf(cache) as never, nameSpace: 'nexus-rl:' } : {}),
    allowList: (req) => operationalPaths.has(req.url.split('?')[0] ?? ''),
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      return auth ? `t:${createHash('sha256').update(auth).digest('hex').slice(0, 32)}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, context) =>
      new AppError('rate_limited', `Too many requests; the limit is ${context.max} per minute`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });

  // Imports run in this process, one at a time; uploads stream to the spool folder, never into memory.
  await app.register(multipart);
  const importSpoolDir = config.IMPORT_SPOOL_DIR ?? join(config.NEXUS_DATA_DIR, 'imports');
  const importRunner = createImportRunner({
    db,
    log,
    records: core.records,
    bulk: createBulkWriter({ signal }),
    batchSize: config.IMPORT_BATCH_ROWS,
    // Imported rows get the Enrichment service's normalisation, as a typed record does; a row it refuses is quarantined.
    prepareInput: (object, input) => normaliseImportInput(object, input, config.ENRICHMENT_DEFAULT_COUNTRY),
    fileOptions: uploadReadOptions({ spoolDir: importSpoolDir, maxFileBytes: config.IMPORT_MAX_FILE_BYTES }),
    listUnfinished: async () =>
      (
        await db.systemQuery<{ id: string; workspace_id: string; file_path: string }>(
          `select id, workspace_id, file_path from imports where status in ('queued', 'running', 'reverting') order by created_at`,
        )
      ).rows.map((row) => ({ workspaceId: row.workspace_id, importId: row.id, filePath: row.file_path })),
    spoolDir: importSpoolDir,
  });
  const imports = {
    runner: importRunner,
    routes: importRoutes({
      db,
      bulk: createBulkWriter({ signal }),
      runner: importRunner,
      spoolDir: importSpoolDir,
      maxFileBytes: config.IMPORT_MAX_FILE_BYTES,
      prepareInput: (object, input) => normaliseImportInput(object, input, config.ENRICHMENT_DEFAULT_COUNTRY),
    }),
  };
  const exportService = createExportService({ db, records: core.records, pipelines: core.pipelines, log, clock });
  const routes: RouteDef[] = [...identityRoutes(identity, members), ...core.routes, ...search.routes, ...aiRoutes(ai), ...exportRoutes(exportService), ...imports.routes, ...enrichmentRoutes(enrichment), ...duplicateRoutes(duplicates)];
  const batchLimit = config.BODY_LIMIT_BYTES * 5;
  registerRoutes(
    app,
    routes.map((route) => (route.path.includes('/batch/') ? { ...route, bodyLimitBytes: batchLimit } : route)),
    {
      db,
      authenticate: async (req) => {
        const auth = await identity.authenticate(req.headers.authorization);
        // The web app names the workspace its page shows; one session serves every tab, and a switch in one
        // tab must not send another tab's writes (or reads) into the other workspace.
        const shown = req.headers[webWorkspaceHeader];
        if (typeof shown === 'string' && shown !== auth.workspaceId) {
          throw new AppError('workspace_changed', 'This session was switched to another workspace in another tab; reload to continue there');
        }
        return auth;
      },
    },
  );

  const openApi = buildOpenApi(routes, {
    title: 'NexusCRM API',
    version: '1.0.0',
    description:
      'The NexusCRM REST API. Authenticate with `Authorization: Bearer <token>` (a session token from /api/v1/auth/login or an API key). Errors are `{ "error": { "code", "message", "details", "requestId" } }`.',
  });
  app.get('/api/v1/openapi.json', async () => openApi);

  if (deps.webDir) await registerWebApp(app, deps.webDir);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    const run = async (name: string, fn: () => Promise<string | undefined>) => {
      try {
        const detail = await fn();
        checks[name] = detail === undefined ? { ok: true } : { ok: false, detail };
      } catch (error) {
        checks[name] = { ok: false, detail: error instanceof Error ? error.message : 'failed' };
      }
    };
    await run('database', async () => {
      await db.systemQuery('select 1');
      return undefined;
    });
    await run('migrations', async () => {
      const pending = await pendingMigrations(db);
      return pending.length === 0 ? undefined : `pending: ${pending.join(', ')}`;
    });
    await run('cache', async () => {
      await cache.ping();
      return undefined;
    });
    if (relay) {
      try {
        const lag = await relay.lag();
        checks.outbox = { ok: true, detail: `${lag.pending} pending, oldest ${Math.round(lag.oldestPendingAgeSeconds)} s, ${lag.deadLetters} set aside` };
      } catch (error) {
        checks.outbox = { ok: false, detail: error instanceof Error ? error.message : 'failed' };
      }
    }
    if (deps.worker) {
      try {
        const lag = await search.lag();
        checks.search = {
          ok: true,
          detail: `${lag.pendingVectors} documents waiting for vectors, ${lag.pendingRemovals} removals, ${lag.pendingExternal} for the external engine, oldest ${Math.round(lag.oldestSeconds)} s`,
        };
      } catch (error) {
        checks.search = { ok: false, detail: error instanceof Error ? error.message : 'failed' };
      }
    }
    const ready = Object.values(checks).every((check) => check.ok);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', async (_req, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });

  const workers = {
    start() {
      relay?.start();
      void importRunner.resume().catch((error: unknown) => log.error({ err: error }, 'unfinished imports could not be resumed'));
      if (deps.worker) {
        search.worker.start();
        ai.worker.start();
        void backfillDuplicateKeys({ db, duplicates })
          .then(({ records }) => records > 0 && log.info({ records }, 'duplicate blocking keys written for records stored before they were kept'))
          .catch((error: unknown) => log.error({ err: error }, 'duplicate blocking keys could not be backfilled; new records may miss older duplicates'));
      }
    },
    async stop() {
      await importRunner.stop();
      await relay?.stop();
      await search.worker.stop();
      await ai.worker.stop();
    },
  };
  app.addHook('onClose', async () => workers.stop());

  return { app, identity, members, core, enrichment, duplicates, imports, metrics, search, ai, relay, workers };
}

export type App = Awaited<ReturnType<typeof buildApp>>;
