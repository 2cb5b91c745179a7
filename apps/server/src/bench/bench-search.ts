/**
 * `npm run bench:search`: the search service (full text, typo tolerance,
 * type-ahead, hybrid, vectors) on generated CRM data, against the naive
 * approach (global GIN indexes over the record tables) on the same data in
 * the same process. A measurement script, not a test: it prints a table and
 * writes `.bench/search-<db>.json`. See search-options.ts for the options.
 */
import { fileURLToPath } from 'node:url';
import { createLogger, systemClock, type AuthContext } from '@nexus/platform';
import { createSearch, type Search } from '@nexus/search';
import { recordSource } from '../search-setup';
import { codeVersion, machineLoad } from './bench-env';
import { runBenchCommand } from './bench-main';
import { writeJsonReport } from './bench-report';
import { createBaselineIndexes } from './search-baseline';
import { openSearchBenchDatabase } from './search-db';
import { peakRssMb, seconds } from './search-measure';
import { parseSearchBenchOptions, searchUsage, type SearchBenchOptions } from './search-options';
import { formatQueryTable, formatTargets, ms, searchTargets, table, type Target } from './search-report';
import { benchBaseline, benchFuzzy, benchHybrid, benchKeyword, benchTypeAhead, describeOutcome, namedOutcomes, type ScenarioDeps } from './search-scenarios';
import { typeAheadNames } from './search-queries';
import { companyShare, seedSearchData, type SearchSeed } from './search-seed';
import { benchVectors, lsaDimensions, type VectorBenchResult } from './search-vectors';

const say = (line = '') => void process.stdout.write(`${line}\n`);
const count = (n: number) => Math.round(n).toLocaleString('en');
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Vectors per model above which the store builds an HNSW index: low, so both the hybrid workspace and the vector measurement get one. */
const hnswThreshold = 1_000;

function describeCode(code: Awaited<ReturnType<typeof codeVersion>>): string {
  if (!code) return 'code version unknown';
  return `code ${code.commit}${code.modifiedFiles > 0 ? ` + ${code.modifiedFiles} modified files` : ''}`;
}

interface IndexBuild {
  workspaces: { workspaceId: string; documents: number; seconds: number }[];
  documents: number;
  seconds: number;
  documentsPerSecond: number;
  vacuumSeconds: number;
}

interface Embedding {
  drainSeconds: number;
  model: string | undefined;
  vectors: number;
  store: string;
}

/**
 * Rebuilds every workspace's documents. The target workspace goes first and
 * its vectors are made at once (the hybrid measurement needs its model); the
 * other workspaces' documents stay pending, as no worker runs here: embedding
 * a million documents is not what this measures.
 */
async function buildIndex(search: Search, seed: SearchSeed, db: ScenarioDeps['db']): Promise<{ build: IndexBuild; embedding: Embedding }> {
  const workspaces: IndexBuild['workspaces'] = [];
  let embedding: Embedding | undefined;
  for (const workspace of seed.workspaces) {
    const started = performance.now();
    const result = await search.reindex(workspace.workspaceId);
    const documents = Object.values(result.documents).reduce((a, b) => a + b, 0);
    workspaces.push({ workspaceId: workspace.workspaceId, documents, seconds: seconds(started) });
    const done = workspaces.reduce((a, w) => a + w.documents, 0);
    const spent = workspaces.reduce((a, w) => a + w.seconds, 0);
    say(`  reindexed ${workspace.name}: ${count(documents)} documents in ${seconds(started).toFixed(1)} s (${count(done)} in ${spent.toFixed(1)} s so far)`);
    if (workspace === seed.target) {
      const drainStarted = performance.now();
      await search.worker.drain();
      const drainSeconds = seconds(drainStarted);
      const active = await search.models.active(workspace.workspaceId);
      const vectors = active ? await search.vectorStore.count(workspace.workspaceId, active.id) : 0;
      embedding = { drainSeconds, model: active?.id, vectors, store: search.vectorStore.name };
      say(`  embedded the target workspace: LSA model trained, ${count(vectors)} vectors stored in ${search.vectorStore.name} in ${drainSeconds.toFixed(1)} s (worker.drain())`);
    }
  }
  const vacuumStarted = performance.now();
  await db.systemQuery('vacuum analyze search_documents');
  await db.systemQuery('vacuum analyze search_vectors');
  const vacuumSeconds = seconds(vacuumStarted);
  const documents = workspaces.reduce((a, w) => a + w.documents, 0);
  const total = workspaces.reduce((a, w) => a + w.seconds, 0);
  if (!embedding) throw new Error('the target workspace was not reindexed');
  return { build: { workspaces, documents, seconds: total, documentsPerSecond: documents / total, vacuumSeconds }, embedding };
}

function ownerAuth(seed: SearchSeed): AuthContext {
  return {
    workspaceId: seed.target.workspaceId,
    userId: seed.userId,
    role: 'owner',
    actor: { type: 'user', id: seed.userId },
    scopes: new Set(['read', 'write', 'admin']),
    visibility: 'all',
    sessionId: null,
  };
}

function vectorLines(v: VectorBenchResult, db: SearchBenchOptions['db']): string[] {
  const lines = [
    `Vectors (${v.store}, ${count(v.stored)} × ${v.dimensions} dims, LSA on ${count(v.trainingTexts)} texts in ${v.trainSeconds.toFixed(1)} s, ${count(v.vocabulary)} terms):`,
    `  embedded in ${v.embedSeconds.toFixed(1)} s; stored through upsert in ${v.upsertSeconds.toFixed(1)} s (${count(v.upsertPerSecond)}/s)`,
  ];
  if (v.approximate) {
    lines.push(
      `  HNSW index built by ensureIndex at ${count(v.indexedAt ?? 0)} vectors in ${v.indexSeconds?.toFixed(1) ?? '-'} s; the other vectors went into the live index at ${count(v.upsertIntoIndexPerSecond ?? Number.NaN)}/s`,
    );
    lines.push(
      `  ${v.queries} held-out queries, k=10: HNSW p50 ${ms(v.query.p50)} / p95 ${ms(v.query.p95)} ms; exact p50 ${ms(v.exact?.p50 ?? Number.NaN)} / p95 ${ms(v.exact?.p95 ?? Number.NaN)} ms`,
    );
    lines.push(
      `  recall@10 ${v.recallAt10?.toFixed(3) ?? '-'} by id (${v.queriesBelow90 ?? 0} queries below 0.9, worst ${v.minRecallAt10?.toFixed(1) ?? '-'}); ${v.distanceRecallAt10?.toFixed(3) ?? '-'} counting equally close neighbours`,
    );
  } else {
    lines.push(`  no pgvector on this server: vectors are real[] and every query is an exact scan; ${v.queries} held-out queries, k=10: p50 ${ms(v.query.p50)} / p95 ${ms(v.query.p95)} ms`);
    if (db === 'postgres') lines.push('  HNSW recall and latency are measured on PGlite (npm run bench:search -- --db pglite), which bundles pgvector');
  }
  return lines;
}

async function run(options: SearchBenchOptions, cleanups: (() => Promise<void>)[]): Promise<void> {
  const wallStart = performance.now();
  const code = await codeVersion(repoRoot);
  const loadBefore = machineLoad();
  say(
    `bench:search on ${options.db}: ${count(options.rows)} rows (about ${Math.round((1 - companyShare) * 100)}% contacts, ${Math.round(companyShare * 100)}% companies) ` +
      `in ${options.workspaces} workspaces; queries in the first; ${options.queries} timed runs per query kind after a warm-up; ${options.vectors > 0 ? `${count(options.vectors)} vectors` : 'no vector measurement'}`,
  );
  say(`  node ${process.version}, ${loadBefore.cores} cores shared by Node and the database; load average ${loadBefore.loadAverage1m}; ${describeCode(code)}`);

  const bench = await openSearchBenchDatabase(options);
  cleanups.push(() => bench.dispose(options.keep));
  const { db } = bench;
  say(`Database: ${bench.serverVersion}, ${bench.location} (fresh, migrated)`);
  const search = await createSearch({
    db,
    log: createLogger({ level: 'error' }),
    clock: systemClock,
    source: recordSource(db),
    embeddings: { kind: 'lsa', dimensions: lsaDimensions, minDocuments: 10, maxTrainingDocuments: 50_000, retrainGrowth: 2 },
    hnswThreshold,
  });

  say('Seeding...');
  const seed = await seedSearchData(db, options, say);
  const target = seed.target;
  say(`Seeded ${count(options.rows)} rows in ${seed.loadSeconds.toFixed(1)} s (${count(seed.rowsPerSecond)} rows/s), analyze ${seed.analyzeSeconds.toFixed(1)} s`);
  say(`  target workspace: ${count(target.contacts)} contacts, ${count(target.companies)} companies, John Smith <john.smith@acme.com> at Acme Corp among them`);

  say('Building the search index (search.reindex per workspace)...');
  const { build, embedding } = await buildIndex(search, seed, db);
  say(`Index built: ${count(build.documents)} documents in ${build.seconds.toFixed(1)} s (${count(build.documentsPerSecond)} documents/s); vacuum analyze ${build.vacuumSeconds.toFixed(1)} s`);

  const deps: ScenarioDeps = { search, db, workspaceId: target.workspaceId, auth: ownerAuth(seed), queries: options.queries, seed: options.seed };
  say('Measuring keyword full text...');
  const keyword = await benchKeyword(deps);
  say('Measuring fuzzy...');
  const fuzzy = await benchFuzzy(deps);
  say('Measuring type-ahead...');
  const typeAhead = await benchTypeAhead(deps);
  say('Measuring hybrid...');
  const hybrid = await benchHybrid(deps);

  say('Baseline: creating the naive global GIN indexes...');
  const baselineIndexes = await createBaselineIndexes(db);
  say(`  built in ${baselineIndexes.seconds.toFixed(1)} s (analyze ${baselineIndexes.analyzeSeconds.toFixed(1)} s); measuring with owner rights, then as the tenant role under RLS...`);
  const baseline = await benchBaseline(deps, 'owner');
  const baselineRls = await benchBaseline(deps, 'tenant');

  let vectors: VectorBenchResult | undefined;
  if (options.vectors > 0) {
    say(`Vectors: ${count(options.vectors)} note-like texts in a workspace of their own...`);
    vectors = await benchVectors(search, { workspaceId: seed.vectorWorkspaceId, vectors: options.vectors, seed: options.seed }, say);
  }

  const loadAfter = machineLoad();
  const rss = peakRssMb();
  say();
  say(
    formatQueryTable([
      { name: 'keyword: fullText, top 20', ours: keyword.latency, baseline: baseline.fullText },
      { name: '  vs naive full text run under RLS', ours: keyword.latency, baseline: baselineRls.fullText },
      { name: 'fuzzy: typo queries, top 10', ours: fuzzy.latency, baseline: baseline.trigram },
      { name: '  vs naive trigram run under RLS', ours: fuzzy.latency, baseline: baselineRls.trigram },
      { name: `type-ahead: fullText per keystroke, top 10`, ours: typeAhead.latency },
      { name: '  keystrokes of 1-2 characters', ours: typeAhead.short },
      { name: '  keystrokes of 3+ characters', ours: typeAhead.long },
      { name: 'hybrid: service.search, top 20', ours: hybrid.latency },
      ...(vectors ? [{ name: `vector ${vectors.approximate ? 'HNSW' : 'exact scan'}: query, k=10`, ours: vectors.query }] : []),
      ...(vectors?.exact ? [{ name: 'vector exact: exact, k=10', ours: vectors.exact }] : []),
    ]),
  );
  say('  baseline: the naive SQL (global GIN indexes, tsvector computed at query time, trigram at threshold 0.3) with owner rights, so its indexes');
  say('  serve @@ and %; "under RLS": the same SQL as the tenant role in a workspace-bound read, which is how the product runs its own queries');
  say();
  say(
    `Keyword by kind of query (p50 / p95 ms): ${Object.entries(keyword.byCategory)
      .map(([name, l]) => `${name} ${ms(l.p50)} / ${ms(l.p95)}`)
      .join('; ')}; ${keyword.meanHits.toFixed(1)} hits on average (baseline ${baseline.fullTextMeanHits.toFixed(1)}, names only)`,
  );
  if (keyword.zeroHits.length > 0) say(`  queries with NO full-text hit: ${keyword.zeroHits.map((q) => `'${q}'`).join(', ')}`);
  say(`Type-ahead: ${typeAhead.keystrokes} keystrokes over ${typeAheadNames.length} names; slowest keystroke '${typeAhead.slowest.prefix}' p50 ${ms(typeAhead.slowest.p50)} / p95 ${ms(typeAhead.slowest.p95)} ms`);
  say(`Typo queries whose intended record is in the top 10: ours (fuzzy) ${(fuzzy.foundShare * 100).toFixed(0)}%, hybrid ${(hybrid.typoFoundShare * 100).toFixed(0)}%, baseline trigram (threshold 0.3) ${(baseline.trigramFoundShare * 100).toFixed(0)}%`);
  for (const outcome of namedOutcomes(fuzzy.outcomes)) say(describeOutcome('ours', outcome));
  for (const outcome of namedOutcomes(baseline.trigramOutcomes)) say(describeOutcome('baseline', outcome));
  const missed = fuzzy.outcomes.filter((o) => !o.found);
  if (missed.length > 0) say(`  missed by ours: ${missed.map((o) => `'${o.q}' (${o.expect})`).join(', ')}`);
  say();
  say(
    table(
      ['build step', 'seconds', 'rate'],
      [
        ['seed (SQL generate_series)', seed.loadSeconds.toFixed(1), `${count(seed.rowsPerSecond)} rows/s`],
        [`search.reindex × ${build.workspaces.length} workspaces`, build.seconds.toFixed(1), `${count(build.documentsPerSecond)} documents/s`],
        ['vacuum analyze search tables', build.vacuumSeconds.toFixed(1), ''],
        [`worker.drain() of the target workspace`, embedding.drainSeconds.toFixed(1), `${count(embedding.vectors / embedding.drainSeconds)} vectors/s (${embedding.store})`],
        ['naive baseline indexes (4 GIN)', baselineIndexes.seconds.toFixed(1), ''],
        ...(vectors
          ? [
              ['vector LSA training', vectors.trainSeconds.toFixed(1), `${count(vectors.trainingTexts)} texts`],
              ['vector upsert', vectors.upsertSeconds.toFixed(1), `${count(vectors.upsertPerSecond)} vectors/s`],
              ...(vectors.indexSeconds !== undefined
                ? [
                    [`HNSW build by ensureIndex at ${count(vectors.indexedAt ?? 0)} vectors`, vectors.indexSeconds.toFixed(1), ''],
                    ['  later upserts into the live index', '', `${count(vectors.upsertIntoIndexPerSecond ?? Number.NaN)} vectors/s`],
                  ]
                : []),
            ]
          : []),
      ],
    ),
  );
  if (vectors) {
    say();
    for (const line of vectorLines(vectors, options.db)) say(line);
  }

  const targetList: Target[] = [
    { description: `keyword p95 <= ${searchTargets.keywordP95Ms} ms`, actual: `${ms(keyword.latency.p95)} ms`, met: keyword.latency.p95 <= searchTargets.keywordP95Ms },
    { description: `fuzzy p95 <= ${searchTargets.fuzzyP95Ms} ms`, actual: `${ms(fuzzy.latency.p95)} ms`, met: fuzzy.latency.p95 <= searchTargets.fuzzyP95Ms },
    ...(vectors?.approximate
      ? [
          { description: `vector p95 <= ${searchTargets.vectorP95Ms} ms (HNSW)`, actual: `${ms(vectors.query.p95)} ms`, met: vectors.query.p95 <= searchTargets.vectorP95Ms },
          { description: `recall@10 >= ${searchTargets.minRecall}`, actual: vectors.recallAt10?.toFixed(3) ?? '-', met: (vectors.recallAt10 ?? 0) >= searchTargets.minRecall },
        ]
      : []),
  ];
  const scale = `${count(options.rows)} rows`;
  say();
  say(formatTargets(targetList, options.db === 'postgres' && options.rows >= 1_000_000 ? `issue, PostgreSQL at ${scale}` : `stated for PostgreSQL at 1M rows; here ${options.db} at ${scale}, for information`));
  say();
  say(`Peak RSS of this process: ${rss} MB${options.db === 'pglite' ? ' (PGlite runs inside it)' : ' (the PostgreSQL server is not counted)'}`);
  say(`Load average before / after: ${loadBefore.loadAverage1m} / ${loadAfter.loadAverage1m} on ${loadAfter.cores} cores (a start well above 1 means other work was competing)`);

  const jsonPath = `${repoRoot}.bench/search-${options.db}.json`;
  await writeJsonReport(jsonPath, {
    benchmark: 'bench-search',
    finishedAt: new Date().toISOString(),
    database: { kind: options.db, version: bench.serverVersion, location: bench.location },
    code,
    machine: { node: process.version, cores: loadAfter.cores, loadAverageBefore: loadBefore.loadAverage1m, loadAverageAfter: loadAfter.loadAverage1m, peakRssMb: rss },
    options: { ...options, adminUrl: undefined },
    seeding: seed,
    indexBuild: build,
    embedding,
    queries: { keyword, fuzzy, typeAhead, hybrid },
    baseline: { indexes: baselineIndexes, owner: baseline, tenant: baselineRls },
    vectors,
    targets: targetList,
    wallSeconds: seconds(wallStart),
  });
  say(`Wrote ${jsonPath}`);
}

runBenchCommand({ name: 'bench:search', usage: searchUsage, parse: parseSearchBenchOptions, run });
