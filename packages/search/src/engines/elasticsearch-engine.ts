import { Client, Transport, type estypes, type TransportOptions } from '@elastic/elasticsearch';
import { AppError, isAppError } from '@nexus/platform';
import { searchTypes, type DocRef, type KeywordEngine, type KeywordHit, type SearchDocument, type SearchFilter, type SearchType } from '../ports';
import { indexMappings, indexSettings, type IndexedSource } from './elasticsearch-mapping';

export interface ElasticsearchEngineOptions {
  /** Base URL of the cluster, e.g. `https://search.internal:9200`. */
  url: string;
  /** Index holding every workspace's documents. */
  index?: string;
  username?: string;
  password?: string;
  /** Base64 API key; takes precedence over username and password. */
  apiKey?: string;
  requestTimeoutMs?: number;
  /** Retries of a request on a connection error, a timeout or a 502/503/504 (default 3). */
  maxRetries?: number;
  /**
   * Major version of the REST API the requests and responses follow (default 9).
   * An 8.x cluster refuses the client's default `compatible-with=9` media type;
   * 8 works with 8.x clusters and, through REST compatibility, 9.x clusters.
   */
  compatibleWith?: 8 | 9;
  /** Wait for writes to become searchable before returning (tests; costly under load). */
  refresh?: boolean;
}

export interface ElasticsearchEngine extends KeywordEngine {
  /** Creates the index with its settings and mappings when it does not exist. */
  ensureIndex(): Promise<void>;
  /** Drops and recreates the index, for a full reindex. */
  recreate(): Promise<void>;
  close(): Promise<void>;
}

const engineName = 'elasticsearch';
const bulkChunkSize = 1000;
const mgetChunkSize = 1000;
// Search text is already length-checked upstream; these bound what one query
// can cost the cluster whatever arrives.
const maxQueryChars = 512;
const maxQueryWords = 32;
// Typo tolerance on a long query multiplies term expansions for little gain.
const maxFuzzyWords = 5;

/**
 * The keyword engine on Elasticsearch 9, or 8 with `compatibleWith: 8`. The
 * official client refuses a server that does not identify itself as
 * Elasticsearch, so OpenSearch is out of its reach. User text only ever reaches
 * `match` and `multi_match` queries, never `query_string`, so no character in
 * it is syntax.
 *
 * @example
 * const engine = createElasticsearchEngine({ url: config.elasticsearchUrl, apiKey: config.elasticsearchApiKey });
 * await engine.ensureIndex();
 * const hits = await engine.search('jhon smth', { workspaceId, types: ['contacts'], limit: 10 });
 */
export function createElasticsearchEngine(options: ElasticsearchEngineOptions): ElasticsearchEngine {
  const index = options.index ?? 'nexus-search';
  const host = hostOf(options.url);
  const client = new Client({
    node: options.url,
    ...authOf(options),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeout: options.requestTimeoutMs }),
    maxRetries: options.maxRetries ?? 3,
    ...(options.compatibleWith === 8 ? { Transport: RestCompatible8Transport } : {}),
  });
  const writeRefresh = options.refresh === true ? ('wait_for' as const) : undefined;

  async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toEngineError(operation, host, error);
    }
  }

  async function createIndex(): Promise<void> {
    try {
      await client.indices.create({ index, settings: indexSettings, mappings: indexMappings });
    } catch (error) {
      // Another process created it between our check and our create.
      if (esErrorType(error) === 'resource_already_exists_exception') return;
      throw error;
    }
  }

  async function bulk(operation: string, operations: Array<estypes.BulkOperationContainer | IndexedSource>): Promise<void> {
    const response = await call(operation, () => client.bulk({ operations, ...(writeRefresh ? { refresh: writeRefresh } : {}) }));
    if (!response.errors) return;
    for (const item of response.items) {
      const result = item.index ?? item.delete ?? item.create ?? item.update;
      // A delete of a document that is not there answers 404 with no error: already done.
      if (result?.error) {
        const failed = response.items.filter((each) => (each.index ?? each.delete ?? each.create ?? each.update)?.error).length;
        const busy = result.status === 429 || result.status >= 500;
        throw new AppError(busy ? 'service_unavailable' : 'internal_error', `Elasticsearch ${operation} failed for ${failed} of ${response.items.length} documents: ${describeCause(result.error)}`, {
          kind: busy ? 'operational' : 'unexpected',
          details: { engine: engineName, operation, status: result.status, id: result._id, type: result.error.type },
        });
      }
    }
  }

  return {
    name: engineName,

    async ensureIndex() {
      await call('ensureIndex', async () => {
        if (await client.indices.exists({ index })) return;
        await createIndex();
      });
    },

    async recreate() {
      await call('recreate', async () => {
        await client.indices.delete({ index, ignore_unavailable: true });
        await createIndex();
      });
    },

    async close() {
      await client.close();
    },

    async index(docs) {
      for (let start = 0; start < docs.length; start += bulkChunkSize) {
        const operations = docs.slice(start, start + bulkChunkSize).flatMap((doc) => [
          { index: { _index: index, _id: documentId(doc.workspaceId, doc), routing: doc.workspaceId } },
          toSource(doc),
        ]);
        await bulk('index', operations);
      }
    },

    async remove(workspaceId, refs) {
      for (let start = 0; start < refs.length; start += bulkChunkSize) {
        const operations = refs
          .slice(start, start + bulkChunkSize)
          .map((ref) => ({ delete: { _index: index, _id: documentId(workspaceId, ref), routing: workspaceId } }));
        await bulk('remove', operations);
      }
    },

    async clear(workspaceId) {
      const response = await call('clear', () =>
        client.deleteByQuery({
          index,
          routing: workspaceId,
          query: { term: { workspace_id: workspaceId } },
          // A document changed while the delete runs is deleted on the next clear; do not abort the rest.
          conflicts: 'proceed',
          ...(options.refresh === true ? { refresh: true } : {}),
        }),
      );
      const failure = response.failures?.[0];
      if (failure) {
        throw new AppError('service_unavailable', `Elasticsearch clear failed: ${describeCause(failure.cause)}`, {
          kind: 'operational',
          details: { engine: engineName, operation: 'clear', failures: response.failures?.length },
        });
      }
    },

    async search(text, filter) {
      const query = normaliseQuery(text);
      if (query === '' || filter.types.length === 0 || filter.limit <= 0) return [];
      const textQuery = textQueryOf(query);
      const response = await call('search', () =>
        client.search<Pick<IndexedSource, 'type' | 'id' | 'title'>>({
          index,
          routing: filter.workspaceId,
          size: filter.limit,
          track_total_hits: false,
          _source: ['type', 'id', 'title'],
          query: { bool: { filter: filtersOf(filter), must: [textQuery] } },
          highlight: {
            // Only the user's words are marked, never the filter values (a type name, an owner id).
            highlight_query: textQuery,
            // Marks a prefix or a typo found through title.prefix or the fuzzy clause in the title itself.
            require_field_match: false,
            encoder: 'html',
            pre_tags: ['<mark>'],
            post_tags: ['</mark>'],
            fragment_size: 160,
            number_of_fragments: 1,
            fields: { title: {}, keys: {}, body: {} },
          },
        }),
      );
      const hits: KeywordHit[] = [];
      for (const hit of response.hits.hits) {
        const source = hit._source;
        if (!source || !isSearchType(source.type) || typeof source.id !== 'string') continue;
        const title = typeof source.title === 'string' ? source.title : '';
        const fragment = hit.highlight?.body?.[0] ?? hit.highlight?.keys?.[0] ?? hit.highlight?.title?.[0];
        hits.push({ type: source.type, id: source.id, title, snippet: fragment ?? escapeHtml(title), score: hit._score ?? 0 });
      }
      return hits;
    },

    async count(workspaceId) {
      const response = await call('count', () =>
        client.search<unknown, { types: estypes.AggregationsStringTermsAggregate }>({
          index,
          routing: workspaceId,
          size: 0,
          track_total_hits: false,
          query: { bool: { filter: [{ term: { workspace_id: workspaceId } }] } },
          aggs: { types: { terms: { field: 'type', size: searchTypes.length } } },
        }),
      );
      const counts = Object.fromEntries(searchTypes.map((type) => [type, 0])) as Record<SearchType, number>;
      const buckets = response.aggregations?.types.buckets ?? [];
      for (const bucket of Array.isArray(buckets) ? buckets : Object.values(buckets)) {
        const key = String(bucket.key);
        if (isSearchType(key)) counts[key] = bucket.doc_count;
      }
      return counts;
    },

    async checksums(workspaceId, refs) {
      const found = new Map<string, string>();
      for (let start = 0; start < refs.length; start += mgetChunkSize) {
        const byId = new Map(refs.slice(start, start + mgetChunkSize).map((ref) => [documentId(workspaceId, ref), ref]));
        const response = await call('checksums', () =>
          client.mget<Pick<IndexedSource, 'checksum'>>({
            index,
            docs: [...byId.keys()].map((id) => ({ _id: id, routing: workspaceId })),
            _source: ['checksum'],
          }),
        );
        for (const doc of response.docs) {
          if ('error' in doc) {
            throw new AppError('service_unavailable', `Elasticsearch checksums failed: ${describeCause(doc.error)}`, {
              kind: 'operational',
              details: { engine: engineName, operation: 'checksums', type: doc.error.type },
            });
          }
          const ref = byId.get(doc._id);
          const checksum = doc._source?.checksum;
          if (doc.found && ref && typeof checksum === 'string') found.set(`${ref.type}:${ref.id}`, checksum);
        }
      }
      return found;
    },
  };
}

/** The client's transport with the media types of the 8.x REST API. */
class RestCompatible8Transport extends Transport {
  constructor(options: TransportOptions) {
    super({
      ...options,
      vendoredHeaders: {
        jsonContentType: 'application/vnd.elasticsearch+json; compatible-with=8',
        ndjsonContentType: 'application/vnd.elasticsearch+x-ndjson; compatible-with=8',
        accept: 'application/vnd.elasticsearch+json; compatible-with=8,text/plain',
      },
    });
  }
}

function documentId(workspaceId: string, ref: DocRef): string {
  return `${workspaceId}:${ref.type}:${ref.id}`;
}

function toSource(doc: SearchDocument): IndexedSource {
  return {
    workspace_id: doc.workspaceId,
    type: doc.type,
    id: doc.id,
    owner_ids: doc.ownerIds,
    title: doc.title,
    keys: doc.keys,
    body: doc.body,
    checksum: doc.checksum,
    updated_at: doc.updatedAt,
  };
}

function normaliseQuery(text: string): string {
  return text.slice(0, maxQueryChars).split(/\s+/u).filter(Boolean).slice(0, maxQueryWords).join(' ');
}

function filtersOf(filter: SearchFilter): estypes.QueryDslQueryContainer[] {
  return [
    { term: { workspace_id: filter.workspaceId } },
    { terms: { type: [...filter.types] } },
    ...(filter.visibleTo === undefined ? [] : [{ term: { owner_ids: filter.visibleTo } }]),
  ];
}

/** Any one of: all words in one field, all words with the last one a prefix, or all words within a typo or two. */
function textQueryOf(query: string): estypes.QueryDslQueryContainer {
  const should: estypes.QueryDslQueryContainer[] = [
    { multi_match: { query, type: 'best_fields', fields: ['title^3', 'keys^2', 'body'], operator: 'and' } },
    { multi_match: { query, type: 'bool_prefix', fields: ['title.prefix^2', 'keys.prefix'], operator: 'and' } },
  ];
  if (query.split(' ').length <= maxFuzzyWords) {
    should.push({ multi_match: { query, type: 'best_fields', fields: ['title^1.5', 'keys'], operator: 'and', fuzziness: 'AUTO' } });
  }
  return { bool: { should, minimum_should_match: 1 } };
}

function isSearchType(value: unknown): value is SearchType {
  return typeof value === 'string' && (searchTypes as readonly string[]).includes(value);
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (char) => htmlEntities[char] ?? char);
}

function authOf(options: ElasticsearchEngineOptions): { auth?: { apiKey: string } | { username: string; password: string } } {
  if (options.apiKey !== undefined) return { auth: { apiKey: options.apiKey } };
  if (options.username !== undefined) return { auth: { username: options.username, password: options.password ?? '' } };
  return {};
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

// ---- errors -----------------------------------------------------------------

interface ClientErrorShape {
  name?: unknown;
  meta?: { statusCode?: unknown; body?: unknown };
}

function esErrorType(error: unknown): string | undefined {
  const body = (error as ClientErrorShape | null)?.meta?.body;
  const cause = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  return typeof cause?.type === 'string' ? cause.type : undefined;
}

/**
 * Turns a client error into an AppError whose message names the engine, the
 * operation and what the cluster said. The client's own message can carry the
 * node URL (with any credentials in it) and its metadata the request headers,
 * so neither is kept: the message is built from the status and the cluster's
 * error type and reason only.
 */
function toEngineError(operation: string, host: string, error: unknown): AppError {
  if (isAppError(error)) return error;
  const shape = (error ?? {}) as ClientErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const prefix = `Elasticsearch ${operation} failed`;
  const details = { engine: engineName, operation };
  switch (name) {
    case 'ResponseError': {
      const status = typeof shape.meta?.statusCode === 'number' ? shape.meta.statusCode : 0;
      const body = shape.meta?.body;
      const said = isRecord(body) && isRecord(body.error) ? describeCause(body.error) : `HTTP ${status}`;
      const message = `${prefix}: ${status} ${said}`;
      if (status === 429 || status >= 500) return new AppError('service_unavailable', message, { kind: 'operational', retryAfterSeconds: 5, details: { ...details, status } });
      if (status === 401 || status === 403) return new AppError('service_unavailable', `${prefix}: ${status}, the cluster refused the configured credentials`, { kind: 'operational', details: { ...details, status } });
      if (esErrorType(error) === 'index_not_found_exception') return new AppError('service_unavailable', `${message} (the index is created by ensureIndex)`, { kind: 'operational', details: { ...details, status } });
      return new AppError('internal_error', message, { kind: 'unexpected', details: { ...details, status } });
    }
    case 'ConnectionError':
    case 'NoLivingConnectionsError':
      return new AppError('service_unavailable', `${prefix}: cannot reach ${host}`, { kind: 'operational', retryAfterSeconds: 5, details });
    case 'TimeoutError':
      return new AppError('service_unavailable', `${prefix}: ${host} did not answer in time`, { kind: 'operational', retryAfterSeconds: 5, details });
    case 'ProductNotSupportedError':
      // OpenSearch, among others: the official client talks to Elasticsearch only.
      return new AppError('service_unavailable', `${prefix}: ${host} did not identify itself as Elasticsearch`, { kind: 'operational', details });
    default:
      return new AppError('internal_error', `${prefix}: ${name}`, { kind: 'unexpected', details });
  }
}

function describeCause(cause: unknown): string {
  if (!isRecord(cause)) return 'unknown error';
  const type = typeof cause.type === 'string' ? cause.type : 'error';
  const reason = typeof cause.reason === 'string' ? `: ${redactUrls(cause.reason)}` : '';
  return `${type}${reason}`;
}

/** A reason can quote a URL; any `user:password@` in it goes. */
function redactUrls(text: string): string {
  return text.replace(/(\w+:\/\/)[^/\s@]+@/gu, '$1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
