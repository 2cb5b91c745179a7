/**
 * `npm run bench:api`: our REST API against a bare Fastify + pg server running
 * the same SQL, on a seeded database. A measurement script, not a test: it
 * prints a table and writes `.bench/bench-api-<db>.json`. See bench-options.ts
 * for the options.
 */
import { fileURLToPath } from 'node:url';
import { createCache } from '@nexus/cache';
import { createOutboxSignal } from '@nexus/db';
import { createLogger, systemClock } from '@nexus/platform';
import { buildApp } from '../build-app';
import { loadConfig, type Config } from '../config';
import { bareQueryFor, bareSql, startBareServer } from './bare-server';
import { openBenchDatabase } from './bench-db';
import { codeVersion, machineLoad } from './bench-env';
import { runBenchCommand } from './bench-main';
import { parseBenchOptions, usage, type BenchOptions } from './bench-options';
import { evaluateTargets, formatDetails, formatTable, formatTargets, writeJsonReport, type ScenarioResult } from './bench-report';
import { sampleContactIds, seedBench, type SeedReport } from './bench-seed';
import { measureScenario } from './measure';
import { buildScenarios } from './scenarios';
import { traceOurStatements } from './sql-trace';

const say = (line = '') => void process.stdout.write(`${line}\n`);
const since = (start: number) => (performance.now() - start) / 1000;

/** Ids the get-by-id scenario rotates through. */
const idPoolSize = 1000;
const sequentialWarmup = 200;
const connections = 50;

function benchConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({
    LOG_LEVEL: 'silent',
    NEXUS_DEMO: 'false',
    NEXUS_ROLES: 'api',
    // The limiter stays in the request path (it is part of ours), but must never answer 429 here.
    RATE_LIMIT_PER_MINUTE: '1000000000',
    DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE,
  });
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function describeCode(code: Awaited<ReturnType<typeof codeVersion>>): string {
  if (!code) return 'code version unknown';
  return `code ${code.commit}${code.modifiedFiles > 0 ? ` + ${code.modifiedFiles} modified files` : ''}`;
}

function sayPlan(options: BenchOptions, config: Config, code: Awaited<ReturnType<typeof codeVersion>>): void {
  const load = machineLoad();
  const connectionsToDb = options.db === 'postgres' ? `pool of ${config.DATABASE_POOL_SIZE} per server` : 'one PGlite handle shared by both servers';
  say(`bench:api on ${options.db}: ${options.contacts.toLocaleString('en')} contacts in ${options.workspaces} workspaces; ${connectionsToDb};`);
  say(
    `  one client: ${sequentialWarmup} warm-up + ${options.sequentialRequests.toLocaleString('en')} sequential requests; ` +
      `${connections} connections: ${options.durationSeconds} s after a warm-up, ${options.rounds} round${options.rounds > 1 ? 's (median)' : ''}`,
  );
  say(`  node ${process.version}, ${load.cores} cores shared by servers, database and load generator; load average ${load.loadAverage1m}; ${describeCode(code)}`);
}

function saySeed(seed: SeedReport, contacts: number): void {
  say(
    `Seeded ${contacts.toLocaleString('en')} contacts in ${seed.loadSeconds.toFixed(1)} s (${Math.round(seed.rowsPerSecond).toLocaleString('en')} rows/s); ` +
      `sign-ups ${seed.signupSeconds.toFixed(1)} s, analyze ${seed.analyzeSeconds.toFixed(1)} s`,
  );
}

async function run(options: BenchOptions, cleanups: (() => Promise<void>)[]): Promise<void> {
  const wallStart = performance.now();
  const config = benchConfig(process.env);
  const code = await codeVersion(repoRoot);
  const loadBefore = machineLoad();
  sayPlan(options, config, code);

  const bench = await openBenchDatabase(options, config);
  cleanups.push(() => bench.dispose(options.keep));
  say(`Database: ${bench.serverVersion} at ${bench.location} (fresh, migrated)`);
  const cache = createCache({ kind: 'memory' });
  cleanups.push(() => cache.close());
  const { app, identity, core } = await buildApp({ config, db: bench.db, cache, log: createLogger({ level: config.LOG_LEVEL }), clock: systemClock, signal: createOutboxSignal() });
  cleanups.push(() => app.close());

  say('Seeding...');
  const seed = await seedBench({ db: bench.db, identity, say }, options);
  saySeed(seed, options.contacts);
  const target = seed.workspaces[0];
  if (!target) throw new Error('no workspace was seeded');
  const ids = await sampleContactIds(bench.db, target.workspaceId, idPoolSize);

  const ours = await app.listen({ port: 0, host: '127.0.0.1' });
  const bareDb = bareQueryFor(bench, config.DATABASE_POOL_SIZE);
  cleanups.push(() => bareDb.close());
  const bare = await startBareServer(bareDb.query, target);
  cleanups.push(() => bare.close());
  say(`Servers: ours ${ours}, bare ${bare.url}; target workspace has ${target.contacts.toLocaleString('en')} contacts`);

  const auth = await identity.authenticate(`Bearer ${target.token}`);
  const traces = await traceOurStatements({ db: bench.db, core, auth }, ids[0] ?? '');

  say('Measuring...');
  const results: ScenarioResult[] = [];
  for (const scenario of buildScenarios(ids, target.token)) {
    const measured = await measureScenario({ ours, bare: bare.url }, scenario, { ...options, sequentialWarmup, connections, say }, ids);
    results.push({ ...measured, statements: { ours: traces[scenario.name], bare: 1 } });
  }

  const targetList = evaluateTargets(results);
  const loadAfter = machineLoad();
  say();
  say(formatTable(results));
  say();
  say(formatDetails(results));
  say();
  say(`Load average before / after: ${loadBefore.loadAverage1m} / ${loadAfter.loadAverage1m} on ${loadAfter.cores} cores (the run itself keeps it near 2-3; a start well above 1 means other work was competing)`);
  say();
  say(formatTargets(targetList, options.db));

  const jsonPath = `${repoRoot}.bench/bench-api-${options.db}.json`;
  await writeJsonReport(jsonPath, {
    benchmark: 'bench-api',
    finishedAt: new Date().toISOString(),
    database: { kind: options.db, version: bench.serverVersion, location: bench.location, poolSize: config.DATABASE_POOL_SIZE },
    code,
    machine: { node: process.version, cores: loadAfter.cores, loadAverageBefore: loadBefore.loadAverage1m, loadAverageAfter: loadAfter.loadAverage1m, rssMb: Math.round(process.memoryUsage().rss / 1e6) },
    options: { ...options, adminUrl: undefined, sequentialWarmup, connections },
    seeding: { ...seed, workspaces: seed.workspaces.map(({ workspaceId, contacts }) => ({ workspaceId, contacts })) },
    scenarios: results,
    targets: targetList,
    bareSql,
    wallSeconds: since(wallStart),
  });
  say();
  say(`Wrote ${jsonPath}`);
}

runBenchCommand({ name: 'bench:api', usage: usage, parse: parseBenchOptions, run });
