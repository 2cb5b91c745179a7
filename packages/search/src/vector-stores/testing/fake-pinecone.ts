import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidFilter, matchesFilter, type Metadata } from './metadata-filter';

/**
 * A local stand-in for one Pinecone serverless index, speaking the REST
 * protocol of the official TypeScript client (API version 2026-04) for the
 * calls a vector store makes:
 *
 * - control plane: `GET /indexes/{name}` (describe index, which names the host);
 * - data plane: `POST /vectors/upsert`, `POST /query` (exact cosine kNN in one
 *   namespace), `POST /vectors/delete` (ids, deleteAll or filter) and
 *   `POST /describe_index_stats`.
 *
 * Metadata filters are evaluated as `metadata-filter.ts` describes; an
 * operator it does not implement is refused with 400, so a store cannot rely
 * on behaviour this double does not have.
 *
 * Both planes share one port. The described host carries its `http://` scheme
 * (Pinecone's has none and the client then assumes https).
 */

export interface FakePineconeRequest {
  method: string;
  /** Path and query string. */
  path: string;
  /** Lower-case header names, as Node receives them. */
  headers: Record<string, string | undefined>;
  /** The parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
}

export interface FakePineconeOptions {
  /** When set, requests without this Api-Key header are refused with 401. */
  apiKey?: string;
  /** The one index the control plane knows; other names answer 404. */
  indexName?: string;
  /** The index dimension; without it the first upsert fixes it. */
  dimension?: number;
}

export interface FakePinecone {
  /** The control plane, to pass as `controllerHostUrl`. */
  url: string;
  /** The data-plane host with its scheme, to pass as the index host. */
  host: string;
  indexName: string;
  /** Every request received, failed ones included, in order. */
  requests: FakePineconeRequest[];
  /** Answers the next `times` requests (default 1) with this status and a Pinecone-style error body. */
  failNext(status: number, times?: number): void;
  /** Holds the answer to the next `times` requests (default 1) for `ms` milliseconds. */
  delayNext(ms: number, times?: number): void;
  close(): Promise<void>;
}

interface StoredRecord {
  values: number[];
  metadata: Metadata | undefined;
}

/** A request the real service would refuse; `status` and `message` become the answer. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Pinecone's documented request limits.
const maxRequestBytes = 2 * 1024 * 1024;
const maxUpsertRecords = 1_000;
const maxDeleteIds = 1_000;
const maxTopK = 10_000;
const maxResultBytes = 4 * 1024 * 1024;
// gRPC status codes, which the data plane puts in its error bodies.
const grpcCodeByStatus: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 429: 8, 500: 13, 503: 14 };

/**
 * @example
 * const pinecone = await startFakePinecone({ apiKey: 'test-key' });
 * const store = createPineconeStore({ apiKey: 'test-key', index: pinecone.indexName, indexHost: pinecone.host });
 * await pinecone.close();
 */
export async function startFakePinecone(options: FakePineconeOptions = {}): Promise<FakePinecone> {
  const indexName = options.indexName ?? 'nexus-test';
  const namespaces = new Map<string, Map<string, StoredRecord>>();
  let dimension = options.dimension;
  const requests: FakePineconeRequest[] = [];
  const failures: number[] = [];
  const delays: number[] = [];
  let baseUrl = '';

  const dataPlane = (method: string, path: string, body: unknown): unknown => {
    if (method !== 'POST') throw new Refusal(404, `no route ${method} ${path}`);
    switch (path) {
      case '/vectors/upsert':
        return upsert(body);
      case '/query':
        return query(body);
      case '/vectors/delete':
        return remove(body);
      case '/describe_index_stats':
        return describeStats(body);
      default:
        throw new Refusal(404, `no route ${method} ${path}`);
    }
  };

  const upsert = (body: unknown): unknown => {
    const request = asObject(body, 'request body');
    const vectors = request['vectors'];
    if (!Array.isArray(vectors) || vectors.length === 0) throw new Refusal(400, 'vectors must be a non-empty list');
    if (vectors.length > maxUpsertRecords) throw new Refusal(400, `at most ${maxUpsertRecords} vectors per upsert`);
    const namespace = namespaceIn(request);
    const parsed = vectors.map((vector) => parseVector(vector));
    for (const { values } of parsed) checkDimension(values.length);
    const records = namespaces.get(namespace) ?? new Map<string, StoredRecord>();
    for (const { id, values, metadata } of parsed) records.set(id, { values, metadata });
    namespaces.set(namespace, records);
    return { upsertedCount: parsed.length };
  };

  const parseVector = (value: unknown): { id: string } & StoredRecord => {
    const vector = asObject(value, 'vector');
    const id = vector['id'];
    if (typeof id !== 'string' || id === '' || id.length > 512) throw new Refusal(400, 'every vector needs an id of 1 to 512 characters');
    if (vector['sparseValues'] !== undefined) throw new Refusal(400, 'sparse values are not supported by this dense index');
    const values = parseValues(vector['values'], `values of ${id}`);
    if (values.every((item) => item === 0)) throw new Refusal(400, 'Dense vectors must contain at least one non-zero value');
    return { id, values, metadata: parseMetadata(vector['metadata'], id) };
  };

  const checkDimension = (length: number): void => {
    dimension ??= length;
    if (length !== dimension) throw new Refusal(400, `Vector dimension ${length} does not match the dimension of the index ${dimension}`);
  };

  const query = (body: unknown): unknown => {
    const request = asObject(body, 'request body');
    const namespace = namespaceIn(request);
    const topK = request['topK'];
    const includeValues = request['includeValues'] === true;
    const includeMetadata = request['includeMetadata'] === true;
    if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1 || topK > maxTopK) throw new Refusal(400, `topK must be an integer from 1 to ${maxTopK}`);
    if (request['queries'] !== undefined || request['sparseVector'] !== undefined) throw new Refusal(400, 'only a dense vector or an id can be queried here');
    const records = namespaces.get(namespace) ?? new Map<string, StoredRecord>();
    let vector: number[];
    if (request['vector'] !== undefined && request['id'] === undefined) {
      vector = parseValues(request['vector'], 'vector');
      if (dimension !== undefined && vector.length !== dimension) {
        throw new Refusal(400, `Vector dimension ${vector.length} does not match the dimension of the index ${dimension}`);
      }
    } else if (request['id'] !== undefined && request['vector'] === undefined) {
      if (typeof request['id'] !== 'string' || request['id'] === '') throw new Refusal(400, 'id must be a non-empty string');
      const byId = records.get(request['id']);
      if (!byId) return { results: [], matches: [], namespace, usage: { readUnits: 1 } };
      vector = byId.values;
    } else {
      throw new Refusal(400, 'exactly one of vector and id must be given');
    }
    const filter = request['filter'] === undefined ? undefined : asObject(request['filter'], 'filter');
    const matches = [...records]
      .filter(([, record]) => filter === undefined || matchesFilter(filter, record.metadata ?? {}))
      .map(([id, record]) => ({ id, score: cosine(vector, record.values), record }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, topK)
      .map(({ id, score, record }) => ({
        id,
        score,
        values: includeValues ? record.values : [],
        ...(includeMetadata && record.metadata ? { metadata: record.metadata } : {}),
      }));
    const response = { results: [], matches, namespace, usage: { readUnits: 1 } };
    if (Buffer.byteLength(JSON.stringify(response)) > maxResultBytes) throw new Refusal(400, `the result exceeds ${maxResultBytes} bytes; lower topK or leave out values and metadata`);
    return response;
  };

  const remove = (body: unknown): unknown => {
    const request = asObject(body, 'request body');
    const namespace = namespaceIn(request);
    const { ids, deleteAll, filter } = request;
    const modes = [ids !== undefined, deleteAll === true, filter !== undefined].filter(Boolean).length;
    if (modes !== 1) throw new Refusal(400, 'exactly one of ids, deleteAll and filter must be given');
    const records = namespaces.get(namespace);
    if (!records) throw new Refusal(404, 'Namespace not found');
    if (ids !== undefined) {
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > maxDeleteIds || !ids.every((id) => typeof id === 'string')) {
        throw new Refusal(400, `ids must be a list of 1 to ${maxDeleteIds} strings`);
      }
      for (const id of ids) records.delete(id);
    } else if (deleteAll === true) {
      records.clear();
    } else {
      const condition = asObject(filter, 'filter');
      for (const [id, record] of records) if (matchesFilter(condition, record.metadata ?? {})) records.delete(id);
    }
    // Serverless indexes list only namespaces that hold records.
    if (records.size === 0) namespaces.delete(namespace);
    return {};
  };

  const describeStats = (body: unknown): unknown => {
    const request = body === undefined ? {} : asObject(body, 'request body');
    const filter = request['filter'] === undefined ? undefined : asObject(request['filter'], 'filter');
    const summary: Record<string, { vectorCount: number }> = {};
    let total = 0;
    for (const [namespace, records] of namespaces) {
      const vectorCount = [...records.values()].filter((record) => filter === undefined || matchesFilter(filter, record.metadata ?? {})).length;
      if (vectorCount === 0) continue;
      summary[namespace] = { vectorCount };
      total += vectorCount;
    }
    return { namespaces: summary, dimension: dimension ?? 0, indexFullness: 0, totalVectorCount: total, metric: 'cosine', vectorType: 'dense' };
  };

  const describeIndex = (name: string): unknown => {
    if (name !== indexName) throw new Refusal(404, `Resource ${name} not found`);
    return {
      name,
      dimension: dimension ?? 0,
      metric: 'cosine',
      host: baseUrl,
      deletion_protection: 'disabled',
      tags: {},
      spec: { serverless: { cloud: 'aws', region: 'us-east-1', read_capacity: { mode: 'OnDemand', status: { state: 'Ready' } } } },
      status: { ready: true, state: 'Ready' },
      vector_type: 'dense',
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = req.method ?? 'GET';
    const body = parseBody(raw);
    requests.push({ method, path: `${url.pathname}${url.search}`, headers: flattenHeaders(req.headers), body });
    const controlPlane = url.pathname.startsWith('/indexes');

    const delay = delays.shift();
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay).unref());
    const failure = failures.shift();
    if (failure !== undefined) return sendError(res, failure, `injected failure ${failure}`, controlPlane);
    if (options.apiKey !== undefined && req.headers['api-key'] !== options.apiKey) return sendError(res, 401, 'Invalid API Key', controlPlane);
    if (Buffer.byteLength(raw) > maxRequestBytes) return sendError(res, 400, `Request size ${Buffer.byteLength(raw)} exceeds the maximum of ${maxRequestBytes} bytes`, controlPlane);

    try {
      if (controlPlane) {
        const match = /^\/indexes\/([^/]+)$/.exec(url.pathname);
        if (method !== 'GET' || !match?.[1]) throw new Refusal(404, `no route ${method} ${url.pathname}`);
        return sendJson(res, 200, describeIndex(decodeURIComponent(match[1])));
      }
      if (body !== undefined && (typeof body !== 'object' || body === null)) throw new Refusal(400, 'the body is not a JSON object');
      return sendJson(res, 200, dataPlane(method, url.pathname, body));
    } catch (error) {
      if (error instanceof Refusal) return sendError(res, error.status, error.message, controlPlane);
      if (error instanceof InvalidFilter) return sendError(res, 400, error.message, controlPlane);
      return sendError(res, 500, error instanceof Error ? error.message : String(error), controlPlane);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, 500, String(error), false));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    host: baseUrl,
    indexName,
    requests,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push(status);
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i += 1) delays.push(ms);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The client keeps connections alive; without this close would wait for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function namespaceIn(request: Record<string, unknown>): string {
  const namespace = request['namespace'] ?? '';
  if (typeof namespace !== 'string' || namespace.length > 512 || namespace.includes('\0')) throw new Refusal(400, 'invalid namespace');
  return namespace;
}

function parseValues(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || value.length === 0) throw new Refusal(400, `${what} must be a non-empty list of numbers`);
  return value.map((item) => {
    if (typeof item !== 'number' || !Number.isFinite(item)) throw new Refusal(400, `${what} must hold finite numbers`);
    return item;
  });
}

function parseMetadata(value: unknown, id: string): Metadata | undefined {
  if (value === undefined) return undefined;
  const metadata = asObject(value, `metadata of ${id}`);
  for (const [key, field] of Object.entries(metadata)) {
    const scalar = typeof field === 'string' || typeof field === 'boolean' || (typeof field === 'number' && Number.isFinite(field));
    const strings = Array.isArray(field) && field.every((item) => typeof item === 'string');
    if (key.startsWith('$') || (!scalar && !strings)) throw new Refusal(400, `metadata field ${key} of ${id} must be a string, number, boolean or list of strings`);
  }
  return metadata as Metadata;
}

/** Pinecone's cosine similarity: 1 for the same direction; 0 when a vector has no length. */
function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Refusal(400, `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The control plane answers `{ error: { code, message }, status }`, the data plane a gRPC status. */
function sendError(res: ServerResponse, status: number, message: string, controlPlane: boolean): void {
  if (res.headersSent) return;
  const body = controlPlane
    ? { error: { code: status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHENTICATED' : 'UNKNOWN', message }, status }
    : { code: grpcCodeByStatus[status] ?? 2, message, details: [] };
  sendJson(res, status, body);
}
