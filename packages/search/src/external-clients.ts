import type { OpenAiEmbedderOptions } from './embeddings/openai-embeddings';
import type { ElasticsearchEngine, ElasticsearchEngineOptions } from './engines/elasticsearch-engine';
import type { Embedder, VectorStore } from './ports';
import type { PineconeStoreOptions } from './vector-stores/pinecone-store';

/*
 * The external engines and providers, each loaded with its official client
 * when a deployment configures it: the clients are large (tens of MB of
 * memory each) and most deployments run on PostgreSQL alone.
 */

/** An Elasticsearch/OpenSearch keyword engine. */
export async function createElasticsearchEngine(options: ElasticsearchEngineOptions): Promise<ElasticsearchEngine> {
  const engine = await import('./engines/elasticsearch-engine');
  return engine.createElasticsearchEngine(options);
}

/** A Pinecone vector store. */
export async function createPineconeStore(options: PineconeStoreOptions): Promise<VectorStore> {
  const store = await import('./vector-stores/pinecone-store');
  return store.createPineconeStore(options);
}

/** Embeddings from an OpenAI-compatible server (OpenAI, Ollama, vLLM). */
export async function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Promise<Embedder> {
  const embeddings = await import('./embeddings/openai-embeddings');
  return embeddings.createOpenAiEmbedder(options);
}
