import type { Database } from '@nexus/db';
import type { Clock, Logger } from '@nexus/platform';
import { createPostgresKeywordEngine } from './engines/postgres-engine';
import { checkConsistency } from './internal/consistency';
import { createEmbeddingWorker } from './internal/embedding-worker';
import { createSearchIndexer } from './internal/indexer';
import { createModelRegistry, type EmbeddingSetup } from './internal/models';
import { reindexWorkspace } from './internal/reindex';
import type { KeywordEngine, RecordSource, SearchType, VectorStore } from './ports';
import { searchRoutes } from './search-routes';
import { createSearchService } from './search-service';
import { createPostgresVectorStore } from './vector-stores/postgres-store';

export interface SearchDeps {
  db: Database;
  log: Logger;
  clock: Clock;
  /** CRM Core's reads, for rebuilds and consistency checks. */
  source: RecordSource;
  embeddings: EmbeddingSetup;
  /** An external keyword engine (Elasticsearch) to query instead of PostgreSQL; `ensureIndex` runs before its first write. */
  external?: (KeywordEngine & { ensureIndex?(): Promise<void> }) | undefined;
  /** An external vector store (Pinecone) to use instead of PostgreSQL. */
  vectorStore?: VectorStore | undefined;
  /** Vectors per model above which pgvector gets an HNSW index. */
  hnswThreshold?: number;
  embeddingPollIntervalMs?: number;
}

/**
 * The search service, assembled: the outbox consumer that keeps documents
 * current, the background embedding worker, the query service and its routes,
 * and the rebuild and consistency tools.
 *
 * @example
 * const search = await createSearch({ db, log, clock, source, embeddings: { kind: 'lsa', ... } });
 * relayConsumers.push(search.indexer);
 * search.worker.start();
 */
export async function createSearch(deps: SearchDeps) {
  const { db, log } = deps;
  const postgres = createPostgresKeywordEngine({ db });
  const postgresVectors = deps.vectorStore ? undefined : await createPostgresVectorStore({ db, log, ...(deps.hnswThreshold === undefined ? {} : { hnswThreshold: deps.hnswThreshold }) });
  const vectorStore: VectorStore & { ensureIndex?(model: string, dimensions: number): Promise<boolean> } = postgresVectors ?? (deps.vectorStore as VectorStore);
  const external = deps.external ? [deps.external] : [];
  const models = createModelRegistry({ db, log, clock: deps.clock, setup: deps.embeddings });
  const worker = createEmbeddingWorker({
    db,
    log,
    models,
    store: vectorStore,
    external: deps.external,
    ...(deps.embeddingPollIntervalMs === undefined ? {} : { pollIntervalMs: deps.embeddingPollIntervalMs }),
  });
  const service = createSearchService({ db, log, postgres, external: deps.external, vectors: vectorStore, models });
  const rebuildDeps = { db, log, source: deps.source, hasExternal: external.length > 0 };
  const check = (workspaceId: string, options?: { sampleSize?: number; repair?: boolean }) =>
    checkConsistency({ ...rebuildDeps, engines: [postgres, ...external] }, workspaceId, options);
  return {
    service,
    indexer: createSearchIndexer({ hasExternal: rebuildDeps.hasExternal, source: deps.source }),
    worker,
    models,
    keyword: postgres,
    vectorStore,
    postgresVectors,
    external: deps.external,
    routes: searchRoutes({ service, models: (workspaceId) => models.list(workspaceId), checkConsistency: (workspaceId) => check(workspaceId) }),
    reindex: (workspaceId: string, options?: { types?: readonly SearchType[]; batchSize?: number }) => reindexWorkspace(rebuildDeps, workspaceId, options),
    checkConsistency: check,
    lag: () => worker.lag(),
  };
}

export type Search = Awaited<ReturnType<typeof createSearch>>;
