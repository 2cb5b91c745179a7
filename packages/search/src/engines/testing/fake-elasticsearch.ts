import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { buildIndexAnalysis, type IndexAnalysis } from './fake-elasticsearch-analysis';
import { bulkAction, filterSource, sourceParam, validateIndexName, validateSource } from './fake-elasticsearch-documents';
import { EsError, isRecord, show, type Json } from './fake-elasticsearch-errors';
import { highlightDoc, parseHighlight } from './fake-elasticsearch-highlight';
import { checkMediaTypes, compatibleVersion, injectedFailure, noHandler, parseBody } from './fake-elasticsearch-http';
import { compileQuery, runAggregations, viewOf, type StoredDoc } from './fake-elasticsearch-query';

/**
 * A local server that speaks the Elasticsearch 8/9 REST protocol for the calls
 * a keyword engine makes, so engine tests run against the real client over
 * real HTTP. It answers with the `x-elastic-product: Elasticsearch` header the
 * client checks, accepts the `compatible-with` media types the client sends,
 * and keeps Elasticsearch's semantics where a bug would hide: near-real-time
 * search (a write is searchable after a refresh, or a second later), strict
 * mappings, required routing, per-item bulk results and error bodies.
 *
 * Endpoints: GET /, HEAD/GET/PUT/DELETE /{index}, POST /_bulk and
 * /{index}/_bulk, GET/POST /{index}/_search, GET/POST /{index}/_mget,
 * POST /{index}/_delete_by_query, POST /{index}/_refresh and /_refresh.
 * One shard per index: search ignores `routing`, while a get or delete finds a
 * document only under the routing it was written with, as on a many-shard index.
 *
 * @example
 * const es = await startFakeElasticsearch();
 * const engine = createElasticsearchEngine({ url: es.url, refresh: true });
 * es.failNext(503);
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, an array of parsed lines for NDJSON, undefined without a body. */
  body: unknown;
}

export interface FakeElasticsearch {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next `times` requests (default 1) with this status and an Elasticsearch error body. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

interface FakeIndex {
  name: string;
  settings: Json;
  mappings: Json;
  analysis: IndexAnalysis;
  /** Every write, visible to get and mget at once. */
  docs: Map<string, StoredDoc>;
  /** What search sees: the state at the last refresh. */
  searchable: Map<string, StoredDoc>;
  dirtySince: number | undefined;
  seqNo: number;
}

const refreshIntervalMs = 1000;
const maxResultWindow = 10_000;

export async function startFakeElasticsearch(): Promise<FakeElasticsearch> {
  const indices = new Map<string, FakeIndex>();
  const requests: RecordedRequest[] = [];
  let failure: { status: number; remaining: number } | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    const text = raw.toString('utf8');
    const record: RecordedRequest = { method, path: url.pathname, query, headers: { ...req.headers }, body: undefined };
    requests.push(record);
    const version = compatibleVersion(req.headers.accept) ?? compatibleVersion(req.headers['content-type']);
    const send = (status: number, body?: Json): void => {
      const payload = body === undefined || method === 'HEAD' ? '' : JSON.stringify(body);
      res.writeHead(status, {
        'x-elastic-product': 'Elasticsearch',
        'content-type': version ? `application/vnd.elasticsearch+json;compatible-with=${version}` : 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
      res.end(payload);
    };
    try {
      checkMediaTypes(req, text);
      record.body = parseBody(req.headers['content-type'], text);
      if (failure && failure.remaining > 0) {
        failure.remaining -= 1;
        throw injectedFailure(failure.status);
      }
      const [status, body] = route(method, url.pathname, query, record.body);
      send(status, body);
    } catch (error) {
      if (error instanceof EsError) send(error.status, error.toBody());
      else send(500, new EsError(500, 'exception', String(error)).toBody());
    }
  }

  function route(method: string, path: string, query: Record<string, string>, body: unknown): [number, Json | undefined] {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [first, second] = parts;
    if (parts.length === 0 && (method === 'GET' || method === 'HEAD')) {
      return [200, { name: 'fake', cluster_name: 'fake', version: { number: '9.0.0', build_flavor: 'default' }, tagline: 'You Know, for Search' }];
    }
    if (first === '_bulk' && parts.length === 1 && (method === 'POST' || method === 'PUT')) return bulk(undefined, query, body);
    if (first === '_refresh' && parts.length === 1) return refreshAll();
    if (first === undefined || first.startsWith('_')) throw noHandler(method, path);
    if (parts.length === 1) {
      if (method === 'HEAD') return [indices.has(first) ? 200 : 404, undefined];
      if (method === 'PUT') return createIndex(first, body);
      if (method === 'DELETE') return deleteIndex(first, query);
      if (method === 'GET') {
        const index = existing(first);
        return [200, { [first]: { aliases: {}, mappings: index.mappings, settings: index.settings } }];
      }
    }
    if (parts.length === 2) {
      if (second === '_bulk' && (method === 'POST' || method === 'PUT')) return bulk(first, query, body);
      if (second === '_search' && (method === 'POST' || method === 'GET')) return search(existing(first), query, body);
      if (second === '_mget' && (method === 'POST' || method === 'GET')) return mget(first, query, body);
      if (second === '_delete_by_query' && method === 'POST') return deleteByQuery(existing(first), query, body);
      if (second === '_refresh' && (method === 'POST' || method === 'GET')) {
        refresh(existing(first));
        return [200, { _shards: { total: 1, successful: 1, failed: 0 } }];
      }
    }
    throw noHandler(method, path);
  }

  function existing(name: string): FakeIndex {
    const index = indices.get(name);
    if (!index) throw new EsError(404, 'index_not_found_exception', `no such index [${name}]`);
    return index;
  }

  function createIndex(name: string, body: unknown): [number, Json] {
    validateIndexName(name);
    if (indices.has(name)) throw new EsError(400, 'resource_already_exists_exception', `index [${name}/fake-uuid] already exists`);
    const request: Record<string, Json> = isRecord(body) ? body : {};
    for (const key of Object.keys(request)) {
      if (!['settings', 'mappings', 'aliases'].includes(key)) throw new EsError(400, 'parse_exception', `unknown key [${key}] for create index`);
    }
    const settings = request.settings ?? {};
    const mappings = request.mappings ?? {};
    indices.set(name, newIndex(name, settings, mappings));
    return [200, { acknowledged: true, shards_acknowledged: true, index: name }];
  }

  function newIndex(name: string, settings: Json, mappings: Json): FakeIndex {
    return { name, settings, mappings, analysis: buildIndexAnalysis(settings, mappings), docs: new Map(), searchable: new Map(), dirtySince: undefined, seqNo: 0 };
  }

  function deleteIndex(name: string, query: Record<string, string>): [number, Json] {
    if (!indices.delete(name) && query.ignore_unavailable !== 'true') existing(name);
    return [200, { acknowledged: true }];
  }

  function refresh(index: FakeIndex): void {
    index.searchable = new Map(index.docs);
    index.dirtySince = undefined;
  }

  function refreshAll(): [number, Json] {
    for (const index of indices.values()) refresh(index);
    return [200, { _shards: { total: indices.size, successful: indices.size, failed: 0 } }];
  }

  /** Near-real-time: what was written a refresh interval ago is searchable now. */
  function settle(index: FakeIndex): void {
    if (index.dirtySince !== undefined && Date.now() - index.dirtySince >= refreshIntervalMs) refresh(index);
  }

  function written(index: FakeIndex, refreshParam: string | undefined): void {
    if (refreshParam === '' || refreshParam === 'true' || refreshParam === 'wait_for') refresh(index);
    else index.dirtySince ??= Date.now();
  }

  function bulk(pathIndex: string | undefined, query: Record<string, string>, body: unknown): [number, Json] {
    const refreshParam = query.refresh;
    if (refreshParam !== undefined && !['', 'true', 'false', 'wait_for'].includes(refreshParam)) {
      throw new EsError(400, 'illegal_argument_exception', `Unknown value for refresh: [${refreshParam}].`);
    }
    if (!Array.isArray(body)) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: no requests added;');
    const lines = body as Json[];
    const items: Json[] = [];
    const touched = new Set<FakeIndex>();
    let errors = false;
    for (let at = 0; at < lines.length; ) {
      const [action, meta] = bulkAction(lines[at], at + 1);
      at += 1;
      let source: Json | undefined;
      if (action !== 'delete') {
        source = lines[at];
        at += 1;
        if (!isRecord(source)) throw new EsError(400, 'illegal_argument_exception', `The bulk request must contain a source for [${action}] on line [${at}]`);
      }
      const indexName = typeof meta._index === 'string' ? meta._index : pathIndex;
      if (indexName === undefined) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: index is missing;');
      const id = typeof meta._id === 'string' ? meta._id : action === 'delete' ? '' : `auto-${Date.now()}-${at}`;
      const routing = typeof meta.routing === 'string' ? meta.routing : undefined;
      const item = bulkItem(action, indexName, id, routing, source);
      if ('error' in item) errors = true;
      items.push({ [action]: item });
      const index = indices.get(indexName);
      if (index) touched.add(index);
    }
    for (const index of touched) written(index, refreshParam);
    return [200, { took: 1, errors, items }];
  }

  function bulkItem(action: string, indexName: string, id: string, routing: string | undefined, source: Json | undefined): Record<string, Json> {
    const failed = (error: EsError): Record<string, Json> => ({ _index: indexName, _id: id, status: error.status, error: { ...error.toCause(), index: indexName } });
    try {
      if (action === 'update') throw new EsError(400, 'illegal_argument_exception', 'bulk [update] is not implemented by the fake');
      let index = indices.get(indexName);
      if (!index) {
        if (action === 'delete') throw new EsError(404, 'index_not_found_exception', `no such index [${indexName}]`);
        // Elasticsearch creates a missing index on first write, with dynamic mappings.
        validateIndexName(indexName);
        index = newIndex(indexName, {}, {});
        indices.set(indexName, index);
      }
      if (index.analysis.routingRequired && routing === undefined) throw new EsError(400, 'routing_missing_exception', `routing is required for [${indexName}]/[${id}]`);
      const current = index.docs.get(id);
      const found = current !== undefined && current.routing === routing;
      const shards = { total: 1, successful: 1, failed: 0 };
      if (action === 'delete') {
        if (!found) return { _index: indexName, _id: id, _version: 1, result: 'not_found', _shards: shards, _seq_no: index.seqNo, _primary_term: 1, status: 404 };
        index.docs.delete(id);
        index.seqNo += 1;
        return { _index: indexName, _id: id, _version: current.version + 1, result: 'deleted', _shards: shards, _seq_no: index.seqNo, _primary_term: 1, status: 200 };
      }
      if (action === 'create' && current) throw new EsError(409, 'version_conflict_engine_exception', `[${id}]: version conflict, document already exists (current version [${current.version}])`);
      validateSource(index.analysis, id, source);
      index.seqNo += 1;
      const version = found ? current.version + 1 : 1;
      index.docs.set(id, { id, routing, source: source as Record<string, Json>, version, seqNo: index.seqNo });
      return { _index: indexName, _id: id, _version: version, result: found ? 'updated' : 'created', _shards: shards, _seq_no: index.seqNo, _primary_term: 1, status: found ? 200 : 201 };
    } catch (error) {
      if (error instanceof EsError) return failed(error);
      throw error;
    }
  }

  function search(index: FakeIndex, query: Record<string, string>, body: unknown): [number, Json] {
    const request: Record<string, Json> = isRecord(body) ? body : {};
    const allowed = ['query', 'size', 'from', '_source', 'highlight', 'aggs', 'aggregations', 'track_total_hits', 'timeout'];
    for (const key of Object.keys(request)) {
      if (!allowed.includes(key)) throw new EsError(400, 'parsing_exception', `Unknown key for a START_OBJECT in [${key}] (or not implemented by the fake).`);
    }
    const size = Number(request.size ?? query.size ?? 10);
    const from = Number(request.from ?? query.from ?? 0);
    if (!Number.isInteger(size) || size < 0 || !Number.isInteger(from) || from < 0) throw new EsError(400, 'illegal_argument_exception', '[size] and [from] must be non-negative integers');
    if (size + from > maxResultWindow) {
      throw new EsError(400, 'illegal_argument_exception', `Result window is too large, from + size must be less than or equal to: [${maxResultWindow}] but was [${from + size}].`);
    }
    settle(index);
    const compiled = compileQuery(request.query, index.analysis);
    const highlight = parseHighlight(request.highlight);
    // Without a highlight_query, Elasticsearch highlights the terms of the whole query, filters included.
    const highlightTerms = highlight?.query === undefined ? compiled.terms : compileQuery(highlight.query, index.analysis).terms;
    const matches: Array<{ view: ReturnType<typeof viewOf>; score: number }> = [];
    for (const doc of index.searchable.values()) {
      const view = viewOf(doc);
      const score = compiled.score(view);
      if (score !== undefined) matches.push({ view, score });
    }
    matches.sort((a, b) => b.score - a.score);
    const sourceSpec = request._source ?? sourceParam(query);
    const hits = matches.slice(from, from + size).map(({ view, score }) => {
      const hit: Record<string, Json> = { _index: index.name, _id: view.doc.id, _score: score };
      if (view.doc.routing !== undefined) hit._routing = view.doc.routing;
      const source = filterSource(view.doc.source, sourceSpec);
      if (source) hit._source = source;
      const marked = highlight ? highlightDoc(view, highlight, highlightTerms, index.analysis) : undefined;
      if (marked) hit.highlight = marked;
      return hit;
    });
    const hitsBody: Record<string, Json> = { max_score: matches.length > 0 ? Math.max(...matches.map((match) => match.score)) : null, hits };
    if (request.track_total_hits !== false) hitsBody.total = { value: matches.length, relation: 'eq' };
    const response: Record<string, Json> = { took: 1, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: hitsBody };
    const aggregations = runAggregations(
      request.aggs ?? request.aggregations,
      matches.map((match) => match.view),
      index.analysis,
    );
    if (aggregations) response.aggregations = aggregations;
    return [200, response];
  }

  function mget(indexName: string, query: Record<string, string>, body: unknown): [number, Json] {
    const request: Record<string, Json> = isRecord(body) ? body : {};
    const specs: Array<Record<string, Json>> = Array.isArray(request.docs)
      ? request.docs.filter(isRecord)
      : Array.isArray(request.ids)
        ? request.ids.map((id) => ({ _id: id }))
        : [];
    if (specs.length === 0) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: no documents to get;');
    const sourceSpec = sourceParam(query);
    const docs = specs.map((spec): Json => {
      const name = typeof spec._index === 'string' ? spec._index : indexName;
      const id = show(spec._id);
      const routing = typeof spec.routing === 'string' ? spec.routing : query.routing;
      const index = indices.get(name);
      if (!index) return { _index: name, _id: id, error: new EsError(404, 'index_not_found_exception', `no such index [${name}]`).toCause() };
      if (index.analysis.routingRequired && routing === undefined) {
        return { _index: name, _id: id, error: new EsError(400, 'routing_missing_exception', `routing is required for [${name}]/[${id}]`).toCause() };
      }
      const doc = index.docs.get(id);
      if (!doc || doc.routing !== routing) return { _index: name, _id: id, found: false };
      const found: Record<string, Json> = { _index: name, _id: id, _version: doc.version, _seq_no: doc.seqNo, _primary_term: 1, found: true };
      if (doc.routing !== undefined) found._routing = doc.routing;
      const source = filterSource(doc.source, spec._source ?? sourceSpec);
      if (source) found._source = source;
      return found;
    });
    return [200, { docs }];
  }

  function deleteByQuery(index: FakeIndex, query: Record<string, string>, body: unknown): [number, Json] {
    const request: Record<string, Json> = isRecord(body) ? body : {};
    for (const key of Object.keys(request)) {
      if (key !== 'query' && key !== 'max_docs') throw new EsError(400, 'parsing_exception', `Unknown key [${key}] for delete_by_query (or not implemented by the fake).`);
    }
    if (request.query === undefined) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: query is missing;');
    settle(index);
    const compiled = compileQuery(request.query, index.analysis);
    // Like Elasticsearch, it deletes what a search sees now: writes not yet refreshed survive.
    let deleted = 0;
    for (const doc of index.searchable.values()) {
      if (compiled.score(viewOf(doc)) === undefined) continue;
      const current = index.docs.get(doc.id);
      if (current && current.seqNo === doc.seqNo) {
        index.docs.delete(doc.id);
        deleted += 1;
      }
    }
    if (deleted > 0) written(index, query.refresh);
    else if (query.refresh === 'true' || query.refresh === '') refresh(index);
    return [200, { took: 1, timed_out: false, total: deleted, deleted, batches: deleted > 0 ? 1 : 0, version_conflicts: 0, noops: 0, retries: { bulk: 0, search: 0 }, failures: [] }];
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(status, times = 1) {
      failure = { status, remaining: times };
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
