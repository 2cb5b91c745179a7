import { countRecords, readRecords, scanRecords } from '@nexus/crm-core';
import type { Database } from '@nexus/db';
import type { Clock, Logger } from '@nexus/platform';
import {
  createElasticsearchEngine,
  createOpenAiEmbedder,
  createPineconeStore,
  createSearch,
  createTransformersEmbedder,
  type EmbeddingSetup,
  type RecordSource,
  type Search,
} from '@nexus/search';
import type { Config } from './config';

/** The embedding provider the configuration names. */
function embeddingSetup(config: Config): EmbeddingSetup {
  switch (config.EMBEDDING_PROVIDER) {
    case 'openai':
      return {
        kind: 'fixed',
        provider: 'openai',
        connect: () =>
          createOpenAiEmbedder({
          baseUrl: config.EMBEDDING_API_URL ?? '',
          model: config.EMBEDDING_MODEL,
          ...(config.EMBEDDING_API_KEY ? { apiKey: config.EMBEDDING_API_KEY } : {}),
          ...(config.EMBEDDING_DIMENSIONS ? { dimensions: config.EMBEDDING_DIMENSIONS } : {}),
          }),
      };
    case 'onnx':
      return {
        kind: 'fixed',
        provider: 'onnx',
        connect: () => createTransformersEmbedder({ modelDir: config.EMBEDDING_MODEL_DIR ?? '', ...(config.EMBEDDING_DIMENSIONS ? { dimensions: config.EMBEDDING_DIMENSIONS } : {}) }),
      };
    case 'lsa':
      return { kind: 'lsa', dimensions: config.SEARCH_LSA_DIMENSIONS, minDocuments: config.SEARCH_LSA_MIN_DOCUMENTS, maxTrainingDocuments: 50_000, retrainGrowth: 2 };
  }
}

/** CRM Core's records, read per workspace, for rebuilds and consistency checks. */
export function recordSource(db: Database): RecordSource {
  return {
    scan: (workspaceId, type, afterId, limit) => db.withWorkspace(workspaceId, (tx) => scanRecords(tx, type, afterId, limit), { readOnly: true }),
    count: (workspaceId, type) => db.withWorkspace(workspaceId, (tx) => countRecords(tx, type), { readOnly: true }),
    read: (client, workspaceId, type, ids) => readRecords(client, workspaceId, type, ids),
  };
}

/** Search with the engines the configuration names: PostgreSQL by default, Elasticsearch and Pinecone when configured. */
export async function setupSearch(config: Config, deps: { db: Database; log: Logger; clock: Clock }): Promise<Search> {
  const external = config.ELASTICSEARCH_URL
    ? await createElasticsearchEngine({
        url: config.ELASTICSEARCH_URL,
        index: config.ELASTICSEARCH_INDEX,
        compatibleWith: config.ELASTICSEARCH_COMPATIBLE_WITH,
        requestTimeoutMs: config.ELASTICSEARCH_TIMEOUT_MS,
        maxRetries: 1,
        ...(config.ELASTICSEARCH_USERNAME ? { username: config.ELASTICSEARCH_USERNAME } : {}),
        ...(config.ELASTICSEARCH_PASSWORD ? { password: config.ELASTICSEARCH_PASSWORD } : {}),
        ...(config.ELASTICSEARCH_API_KEY ? { apiKey: config.ELASTICSEARCH_API_KEY } : {}),
      })
    : undefined;
  // The index is created before the first write (in the background worker), so an Elasticsearch outage never stops the start.
  const vectorStore = config.PINECONE_API_KEY
    ? await createPineconeStore({
        apiKey: config.PINECONE_API_KEY,
        index: config.PINECONE_INDEX,
        ...(config.PINECONE_INDEX_HOST ? { indexHost: config.PINECONE_INDEX_HOST } : {}),
        ...(config.PINECONE_CONTROLLER_URL ? { controllerHostUrl: config.PINECONE_CONTROLLER_URL } : {}),
      })
    : undefined;
  return createSearch({
    ...deps,
    source: recordSource(deps.db),
    embeddings: embeddingSetup(config),
    external,
    vectorStore,
    hnswThreshold: config.SEARCH_HNSW_THRESHOLD,
  });
}
