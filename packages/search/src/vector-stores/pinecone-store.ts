import { Pinecone, type PineconeRecord, type ScoredPineconeRecord } from '@pinecone-database/pinecone';
import { AppError, type ErrorKind } from '@nexus/platform';
import { searchTypes, type DocRef, type SearchType, type VectorHit, type VectorItem, type VectorStore } from '../ports';

export interface PineconeStoreOptions {
  /** Sent as the Api-Key header; never logged and never part of an error message. */
  apiKey: string;
  /** A dense index with metric "cosine" and the embedder's dimension; the store shares it across workspaces and models. */
  index: string;
  /** The index's data-plane host as the console shows it. Without it the client asks the control plane once (describe index). */
  indexHost?: string | undefined;
  /** The control plane; https://api.pinecone.io unless set. */
  controllerHostUrl?: string | undefined;
  /** Deadline of each HTTP attempt; a retry gets a fresh one. */
  requestTimeoutMs?: number | undefined;
  /** Further attempts after a 5xx answer, with the client's exponential backoff (200 ms, 400 ms, ...). */
  maxRetries?: number | undefined;
}

/** What each record carries besides its vector: the type for filtering, the owners for "only records I own". */
type PineconeMetadata = { type: SearchType; owner_ids: string[] };

const storeName = 'pinecone';
const defaultRequestTimeoutMs = 10_000;
const defaultMaxRetries = 3;
// Pinecone's operation limits: 1,000 records and 2 MB per upsert (100 records recommended), 1,000 ids per delete,
// top_k at most 10,000 (results stay far below the 4 MB cap: no values, two small metadata fields).
// Float32 values written as JSON take ~20 bytes each, so 100 records of 1,536 dimensions already pass 2 MB: batches are cut by size too.
const maxRecordsPerUpsert = 100;
const maxUpsertBytes = 2_000_000 - 50_000;
const maxIdsPerDelete = 1_000;
const maxTopK = 10_000;
// Pinecone namespaces are at most 512 characters.
const maxNamespaceLength = 512;
const namespaceSeparator = '__';

/**
 * A vector store on a Pinecone index. Each workspace and embedding model gets
 * its own namespace `${workspaceId}__${model}`, so a query never crosses
 * tenants or vector spaces; record ids are `${type}:${id}`.
 *
 * @example
 * const store = createPineconeStore({ apiKey: config.pineconeApiKey, index: 'nexus-search', indexHost: config.pineconeIndexHost });
 * await store.upsert(workspaceId, embedder.id, [{ type: 'contacts', id, values, ownerIds: [ownerId] }]);
 * const hits = await store.query(embedder.id, queryVector, { workspaceId, types: ['contacts'], limit: 20 });
 */
export function createPineconeStore(options: PineconeStoreOptions): VectorStore {
  if (options.apiKey === '') throw invalidInput('configure', 'the API key is empty');
  if (options.index === '') throw invalidInput('configure', 'the index name is empty');
  const { apiKey } = options;
  const timeoutMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  const maxRetries = options.maxRetries ?? defaultMaxRetries;

  const client = new Pinecone({
    apiKey,
    maxRetries,
    fetchApi: fetchWithTimeout(timeoutMs),
    ...(options.controllerHostUrl ? { controllerHostUrl: options.controllerHostUrl } : {}),
  });
  const index = client.index<PineconeMetadata>({ name: options.index, ...(options.indexHost ? { host: options.indexHost } : {}) });

  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw remoteError(operation, error, { apiKey, index: options.index, timeoutMs, maxRetries });
    }
  };

  /** Runs a write that Pinecone answers with 404 when the namespace does not exist (nothing to delete). */
  const callAllowingMissing = async (operation: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      if (errorName(error) === 'PineconeNotFoundError') return;
      throw remoteError(operation, error, { apiKey, index: options.index, timeoutMs, maxRetries });
    }
  };

  const namespacesOf = async (operation: string): Promise<Record<string, { recordCount: number }>> => {
    const stats = await call(operation, () => index.describeIndexStats());
    return stats.namespaces ?? {};
  };

  return {
    name: storeName,

    async upsert(workspaceId, model, items) {
      if (items.length === 0) return;
      const namespace = namespaceOf(workspaceId, model);
      const records = toRecords(items);
      for (const batch of upsertBatches(records)) {
        await call('upsert', () => index.upsert({ records: batch, namespace }));
      }
    },

    async query(model, vector, filter) {
      const topK = Math.min(Math.floor(filter.limit), maxTopK);
      if (filter.types.length === 0 || !(topK >= 1)) return [];
      const namespace = namespaceOf(filter.workspaceId, model);
      const values = toValues('query', vector);
      // A vector without direction is near nothing under cosine similarity.
      if (values.every((value) => value === 0)) return [];
      const metadataFilter: Record<string, unknown> = { type: { $in: [...filter.types] } };
      if (filter.visibleTo !== undefined) metadataFilter['owner_ids'] = { $in: [filter.visibleTo] };
      const response = await call('query', () =>
        index.query({ namespace, vector: values, topK, filter: metadataFilter, includeMetadata: true, includeValues: false }),
      );
      return response.matches.flatMap((match) => toHit(match));
    },

    async remove(workspaceId, refs) {
      if (refs.length === 0) return;
      const ids = [...new Set(refs.map(recordId))];
      const prefix = namespacePrefix(workspaceId);
      // The store does not know which models a workspace has used, so it asks the index: every namespace of the workspace loses the records.
      const namespaces = Object.keys(await namespacesOf('remove')).filter((name) => name.startsWith(prefix));
      for (const namespace of namespaces) {
        for (let start = 0; start < ids.length; start += maxIdsPerDelete) {
          const chunk = ids.slice(start, start + maxIdsPerDelete);
          // A namespace emptied since the stats were read answers 404; its records are gone either way.
          await callAllowingMissing('remove', () => index.deleteMany({ ids: chunk, namespace }));
        }
      }
    },

    async removeModel(workspaceId, model) {
      const namespace = namespaceOf(workspaceId, model);
      await callAllowingMissing('removeModel', () => index.deleteAll({ namespace }));
    },

    // Serverless indexes update their stats a few seconds after a write; the count lags by as much.
    async count(workspaceId, model) {
      const namespace = namespaceOf(workspaceId, model);
      const namespaces = await namespacesOf('count');
      return namespaces[namespace]?.recordCount ?? 0;
    },
  };
}

/**
 * Escapes a namespace part to letters, digits, `-`, `.` and `%XX`, so no part
 * contains the `__` separator, two different model ids never share a
 * namespace, and the name is plain ASCII.
 */
function encodeNamespacePart(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*_~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Every namespace of a workspace starts with this, and no other workspace's does. */
function namespacePrefix(workspaceId: string): string {
  if (workspaceId === '') throw invalidInput('namespace', 'the workspace id is empty');
  return `${encodeNamespacePart(workspaceId)}${namespaceSeparator}`;
}

function namespaceOf(workspaceId: string, model: string): string {
  if (model === '') throw invalidInput('namespace', 'the model id is empty');
  const namespace = `${namespacePrefix(workspaceId)}${encodeNamespacePart(model)}`;
  if (namespace.length > maxNamespaceLength) throw invalidInput('namespace', `the namespace for model "${model}" is longer than ${maxNamespaceLength} characters`);
  return namespace;
}

function recordId(ref: DocRef): string {
  return `${ref.type}:${ref.id}`;
}

function isSearchType(value: unknown): value is SearchType {
  return typeof value === 'string' && (searchTypes as readonly string[]).includes(value);
}

/** Checks the whole call before sending any of it, so a bad vector never leaves half an upsert behind. */
function toRecords(items: readonly VectorItem[]): Array<PineconeRecord<PineconeMetadata>> {
  const dimensions = items[0]?.values.length ?? 0;
  return items.map((item, position) => {
    if (!isSearchType(item.type)) throw invalidInput('upsert', `item ${position} has the unknown type "${String(item.type)}"`);
    if (item.id === '') throw invalidInput('upsert', `item ${position} has an empty id`);
    if (item.values.length !== dimensions) {
      throw invalidInput('upsert', `item ${position} (${recordId(item)}) has ${item.values.length} dimensions where the first item has ${dimensions}`);
    }
    const values = toValues('upsert', item.values);
    // Pinecone refuses dense vectors without a non-zero value, and would fail the whole request.
    if (values.every((value) => value === 0)) throw invalidInput('upsert', `item ${position} (${recordId(item)}) is all zeros`);
    return { id: recordId(item), values, metadata: { type: item.type, owner_ids: [...item.ownerIds] } };
  });
}

function toValues(operation: string, vector: Float32Array): number[] {
  if (vector.length === 0) throw invalidInput(operation, 'a vector is empty');
  const values = Array.from(vector);
  if (!values.every(Number.isFinite)) throw invalidInput(operation, 'a vector holds a value that is not a finite number');
  return values;
}

/** Cuts records into requests within Pinecone's count and size limits. */
function* upsertBatches<T>(records: readonly T[]): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = Buffer.byteLength(JSON.stringify(record)) + 1;
    if (batch.length > 0 && (batch.length === maxRecordsPerUpsert || bytes + size > maxUpsertBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(record);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** Records that do not carry this store's id shape and metadata are not ours, and are skipped. */
function toHit(match: ScoredPineconeRecord<PineconeMetadata>): VectorHit[] {
  const type = match.metadata?.type;
  if (!isSearchType(type) || !match.id.startsWith(`${type}:`)) return [];
  return [{ type, id: match.id.slice(type.length + 1), score: match.score ?? 0 }];
}

function invalidInput(operation: string, reason: string): AppError {
  return new AppError('internal_error', `Pinecone vector store: ${operation} refused: ${reason}`, { kind: 'unexpected', details: { store: storeName, operation } });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function causedByTimeout(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current.name === 'TimeoutError') return true;
  }
  return false;
}

/**
 * Turns a client failure into one AppError. Server errors, timeouts and lost
 * connections are `operational` (a retry may succeed); a refused key, a missing
 * index or a refused request need a person, so they are `unexpected`.
 */
function remoteError(operation: string, error: unknown, context: { apiKey: string; index: string; timeoutMs: number; maxRetries: number }): AppError {
  const name = errorName(error);
  const original = error instanceof Error ? error.message : String(error);
  const redacted = original.split(context.apiKey).join('[redacted]');
  let kind: ErrorKind = 'unexpected';
  let reason: string;
  switch (name) {
    case 'PineconeAuthorizationError':
      reason = 'Pinecone rejected the API key (HTTP 401); check the configured key';
      break;
    case 'PineconeMaxRetriesExceededError':
    case 'PineconeInternalServerError':
    case 'PineconeUnavailableError':
      kind = 'operational';
      reason = `Pinecone answered with a server error (HTTP 5xx) on each of ${context.maxRetries + 1} attempts`;
      break;
    case 'PineconeConnectionError':
    case 'FetchError':
      kind = 'operational';
      reason = causedByTimeout(error) ? `Pinecone did not answer within ${context.timeoutMs} ms` : 'Pinecone could not be reached';
      break;
    case 'PineconeNotFoundError':
      reason = `Pinecone answered 404; does the index "${context.index}" exist at this host? ${redacted}`;
      break;
    case 'PineconeUnmappedHttpError':
      // 429 lands here: the quota frees up by itself.
      kind = /Status: 429\b/.test(original) ? 'operational' : 'unexpected';
      reason = redacted;
      break;
    default:
      reason = redacted;
  }
  const message = `Pinecone vector store: ${operation} failed: ${reason}`.slice(0, 1_000);
  return new AppError('service_unavailable', message, {
    kind,
    details: { store: storeName, operation, index: context.index, error: name || undefined },
    // The client's own error is kept for the stack unless the server echoed the key into it.
    ...(redacted === original ? { cause: error } : {}),
  });
}

/** Gives every HTTP attempt its own deadline; the client's retry loop calls this once per attempt. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}
