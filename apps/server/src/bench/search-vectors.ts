import { createHash } from 'node:crypto';
import { embedLsa, searchTypes, trainLsa, type Search, type SearchFilter, type VectorHit, type VectorItem } from '@nexus/search';
import { measure, seconds, type Latency } from './search-measure';
import { seededRandom } from './search-queries';
import { companyStems, companySuffixes, firstNames, jobTitles, lastNames, noteFillers, noteTopics } from './search-words';

/**
 * The vector measurement: note-like texts with topic structure, an LSA model
 * trained on a sample of them, every text embedded and stored in one
 * workspace through the vector store, the HNSW index built, and then
 * approximate (HNSW) against exact nearest neighbours for held-out texts.
 */

export const lsaDimensions = 128;
const maxTrainingTexts = 50_000;
const upsertBatch = 1_000;
const k = 10;
const warmupQueries = 10;
/** Held-out texts embedded as query vectors. */
const queryTexts = 200;
const model = 'bench-lsa-128';

export interface VectorBenchResult {
  store: string;
  approximate: boolean;
  model: string;
  vectors: number;
  /** Vectors stored: texts whose embedding is not all zeros. */
  stored: number;
  dimensions: number;
  trainingTexts: number;
  trainSeconds: number;
  vocabulary: number;
  embedSeconds: number;
  upsertSeconds: number;
  upsertPerSecond: number;
  /** The `ensureIndex` call that built the HNSW index; undefined where the store has no index (no pgvector). */
  indexSeconds: number | undefined;
  /** Vectors stored when the index was built (the threshold, rounded up to a batch). */
  indexedAt: number | undefined;
  /** Vectors per second stored into the live HNSW index, after it was built. */
  upsertIntoIndexPerSecond: number | undefined;
  queries: number;
  /** `query` latencies: HNSW with pgvector, the exact scan without. */
  query: Latency;
  /** `exact` latencies (pgvector only: without it `query` is already exact). */
  exact: Latency | undefined;
  /** Queries whose HNSW top 10 shares fewer than 9 ids with the exact top 10. */
  queriesBelow90: number | undefined;
  /** Mean share of the exact top 10 ids that HNSW returned. */
  recallAt10: number | undefined;
  /** The same, counting a hit as right when it is as close as the exact 10th (ties in distance are common in LSA spaces). */
  distanceRecallAt10: number | undefined;
  minRecallAt10: number | undefined;
}

function skewedPick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(Math.pow(random(), 1.5) * list.length)] as T;
}

function anyPick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** One note-like text: who it is about, then two or three sentences mostly from one topic's words. */
export function noteText(seed: number, index: number): string {
  const random = seededRandom(seed * 7_919 + index * 104_729 + 1);
  const who = `${skewedPick(firstNames, random)} ${skewedPick(lastNames, random)}, ${anyPick(jobTitles, random)} at ${anyPick(companyStems, random)} ${anyPick(companySuffixes, random)}.`;
  const main = anyPick(noteTopics, random);
  const second = random() < 0.3 ? anyPick(noteTopics, random) : main;
  const sentences: string[] = [];
  const count = 2 + Math.floor(random() * 2);
  for (let s = 0; s < count; s += 1) {
    const words: string[] = [];
    const length = 6 + Math.floor(random() * 5);
    for (let w = 0; w < length; w += 1) {
      const roll = random();
      words.push(roll < 0.5 ? anyPick(main, random) : roll < 0.65 ? anyPick(second, random) : anyPick(noteFillers, random));
    }
    const sentence = words.join(' ');
    sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  return `${who} ${sentences.join(' ')}`;
}

function uuidFor(seed: number, index: number): string {
  const hex = createHash('md5').update(`bench-vector:${seed}:${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function recallOf(approx: readonly VectorHit[], exact: readonly VectorHit[]): { ids: number; distance: number } {
  if (exact.length === 0) return { ids: 1, distance: 1 };
  const truth = new Set(exact.map((h) => h.id));
  const kth = exact[exact.length - 1]?.score ?? 1;
  const sameIds = approx.filter((h) => truth.has(h.id)).length;
  const asClose = approx.filter((h) => h.score >= kth - 1e-6).length;
  return { ids: sameIds / exact.length, distance: Math.min(1, asClose / exact.length) };
}

export async function benchVectors(
  search: Search,
  options: { workspaceId: string; vectors: number; seed: number },
  say: (line: string) => void,
): Promise<VectorBenchResult> {
  const store = search.postgresVectors;
  if (!store) throw new Error('the benchmark measures the PostgreSQL vector store, but another store is configured');
  const { workspaceId, seed } = options;

  let started = performance.now();
  const trainingTexts = Math.min(maxTrainingTexts, options.vectors);
  const lsa = trainLsa(
    Array.from({ length: trainingTexts }, (_v, i) => noteText(seed, i)),
    { dimensions: lsaDimensions, seed },
  );
  const trainSeconds = seconds(started);
  say(`  LSA trained on ${trainingTexts.toLocaleString('en')} texts in ${trainSeconds.toFixed(1)} s (${lsa.vocabulary.size.toLocaleString('en')} terms, rank ${lsa.rank})`);

  // As the embedding worker does: every stored batch is followed by ensureIndex, so the HNSW index
  // is built once the model has `hnswThreshold` vectors and every later batch goes into the live index.
  let embedSeconds = 0;
  let upsertSeconds = 0;
  let stored = 0;
  let indexSeconds: number | undefined;
  let indexedAt: number | undefined;
  let upsertAfterIndexSeconds = 0;
  for (let from = 0; from < options.vectors; from += upsertBatch) {
    started = performance.now();
    const items: VectorItem[] = [];
    for (let i = from; i < Math.min(options.vectors, from + upsertBatch); i += 1) {
      const values = embedLsa(lsa, noteText(seed, i));
      if (values.some((v) => v !== 0)) items.push({ type: 'activities', id: uuidFor(seed, i), values, ownerIds: [] });
    }
    embedSeconds += seconds(started);
    started = performance.now();
    await store.upsert(workspaceId, model, items);
    const upserted = seconds(started);
    upsertSeconds += upserted;
    if (indexedAt !== undefined) upsertAfterIndexSeconds += upserted;
    stored += items.length;
    if (store.approximate && indexedAt === undefined) {
      started = performance.now();
      const built = await store.ensureIndex(model, lsaDimensions);
      if (built) {
        indexSeconds = seconds(started);
        indexedAt = stored;
        say(`  HNSW index built by ensureIndex at ${stored.toLocaleString('en')} vectors in ${indexSeconds.toFixed(1)} s; later batches go into the live index`);
      }
    }
    if ((from / upsertBatch) % 25 === 24) say(`  ${stored.toLocaleString('en')} / ${options.vectors.toLocaleString('en')} vectors stored (${upsertSeconds.toFixed(1)} s)`);
  }
  say(`  ${stored.toLocaleString('en')} vectors embedded in ${embedSeconds.toFixed(1)} s and stored in ${upsertSeconds.toFixed(1)} s (${Math.round(stored / upsertSeconds).toLocaleString('en')}/s)`);

  const filter: SearchFilter = { workspaceId, types: searchTypes, limit: k };
  const queryVectors = Array.from({ length: queryTexts + warmupQueries }, (_v, i) => embedLsa(lsa, noteText(seed, options.vectors + i))).filter((v) => v.some((x) => x !== 0));
  const inputs = { warmup: queryVectors.slice(0, warmupQueries), measured: queryVectors.slice(warmupQueries) };

  if (!store.approximate) {
    const query = await measure(inputs, (vector) => store.query(model, vector, filter));
    return {
      store: store.name,
      approximate: false,
      model,
      vectors: options.vectors,
      stored,
      dimensions: lsaDimensions,
      trainingTexts,
      trainSeconds,
      vocabulary: lsa.vocabulary.size,
      embedSeconds,
      upsertSeconds,
      upsertPerSecond: stored / upsertSeconds,
      indexSeconds,
      indexedAt,
      upsertIntoIndexPerSecond: undefined,
      queries: inputs.measured.length,
      query: query.latency,
      exact: undefined,
      queriesBelow90: undefined,
      recallAt10: undefined,
      distanceRecallAt10: undefined,
      minRecallAt10: undefined,
    };
  }

  const truth = new Map<Float32Array, VectorHit[]>();
  const exact = await measure(
    inputs,
    (vector) => store.exact(model, vector, filter),
    (vector, hits) => truth.set(vector, hits),
  );
  const recalls: { ids: number; distance: number }[] = [];
  const query = await measure(
    inputs,
    (vector) => store.query(model, vector, filter),
    (vector, hits) => recalls.push(recallOf(hits, truth.get(vector) ?? [])),
  );
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return {
    store: store.name,
    approximate: true,
    model,
    vectors: options.vectors,
    stored,
    dimensions: lsaDimensions,
    trainingTexts,
    trainSeconds,
    vocabulary: lsa.vocabulary.size,
    embedSeconds,
    upsertSeconds,
    upsertPerSecond: stored / upsertSeconds,
    indexSeconds,
    indexedAt,
    upsertIntoIndexPerSecond: indexedAt === undefined || upsertAfterIndexSeconds === 0 ? undefined : (stored - indexedAt) / upsertAfterIndexSeconds,
    queries: inputs.measured.length,
    query: query.latency,
    exact: exact.latency,
    queriesBelow90: recalls.filter((r) => r.ids < 0.9).length,
    recallAt10: mean(recalls.map((r) => r.ids)),
    distanceRecallAt10: mean(recalls.map((r) => r.distance)),
    minRecallAt10: Math.min(...recalls.map((r) => r.ids)),
  };
}
