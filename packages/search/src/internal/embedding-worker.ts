import type { Database } from '@nexus/db';
import { isAppError, type Logger } from '@nexus/platform';
import { isZeroVector } from '../embeddings';
import type { DocRef, Embedder, KeywordEngine, SearchDocument, SearchType, VectorItem, VectorStore } from '../ports';
import type { ModelRegistry } from './models';

interface PendingRow {
  type: SearchType;
  record_id: string;
  title: string;
  keys: string;
  body: string;
  owner_ids: string[];
  checksum: string;
}

const maxEmbeddedChars = 6_000;

export interface EmbeddingWorker {
  start(): void;
  stop(): Promise<void>;
  /** One pass: removals, then up to `maxBatches` batches of pending documents. Returns the documents handled. */
  runOnce(maxBatches?: number): Promise<number>;
  /** Works until nothing is pending (tests, reindex). */
  drain(): Promise<void>;
  /** Documents waiting for a vector, removals waiting, documents waiting for the external engine, and the oldest wait in seconds. */
  lag(): Promise<SearchLag>;
}

export interface SearchLag {
  pendingVectors: number;
  pendingRemovals: number;
  pendingExternal: number;
  oldestSeconds: number;
}

/** An embedding failure that retrying will not fix (a document the provider refuses), as opposed to an outage. */
function isPermanent(error: unknown): boolean {
  return isAppError(error) && error.kind !== 'operational';
}

/**
 * The search service's background work, none of it inside a transaction:
 * turns changed documents into vectors (embeddings may come from a remote
 * provider; a document changed meanwhile stays pending, as its checksum no
 * longer matches), empties the vector store of deleted records, and copies
 * queued documents to the external keyword engine. A failing workspace or
 * engine is logged and retried later; it never holds up the others.
 */
export function createEmbeddingWorker(deps: {
  db: Database;
  log: Logger;
  models: ModelRegistry;
  store: VectorStore & { ensureIndex?(model: string, dimensions: number): Promise<boolean> };
  external?: (KeywordEngine & { ensureIndex?(): Promise<void> }) | undefined;
  batchSize?: number;
  pollIntervalMs?: number;
}): EmbeddingWorker {
  const { db, log, models, store, external } = deps;
  let externalReady = false;
  const batchSize = deps.batchSize ?? 256;
  const pollIntervalMs = deps.pollIntervalMs ?? 1_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;
  let started = false;

  async function removals(): Promise<number> {
    const { rows } = await db.systemQuery<{ workspace_id: string; type: SearchType; record_id: string; gone: boolean }>(
      `select r.workspace_id, r.type, r.record_id,
              not exists (select 1 from search_documents d where d.workspace_id = r.workspace_id and d.type = r.type and d.record_id = r.record_id) as gone
         from search_vector_removals r order by r.enqueued_at limit 500`,
    );
    if (rows.length === 0) return 0;
    const byWorkspace = new Map<string, DocRef[]>();
    for (const row of rows) {
      if (!row.gone) continue;
      const refs = byWorkspace.get(row.workspace_id) ?? [];
      refs.push({ type: row.type, id: row.record_id });
      byWorkspace.set(row.workspace_id, refs);
    }
    for (const [workspaceId, refs] of byWorkspace) await store.remove(workspaceId, refs);
    await db.systemQuery(
      `delete from search_vector_removals r using unnest($1::uuid[], $2::text[], $3::uuid[]) as x(ws, type, id)
        where r.workspace_id = x.ws and r.type = x.type and r.record_id = x.id`,
      [rows.map((r) => r.workspace_id), rows.map((r) => r.type), rows.map((r) => r.record_id)],
    );
    return rows.length;
  }

  /** Vectors for documents, one at a time once a batch fails, so one refused document cannot block the rest. */
  async function embedRows(embedder: Embedder, rows: PendingRow[]): Promise<Array<Float32Array | undefined>> {
    const texts = rows.map((r) => `${r.title}\n${r.keys}\n${r.body}`.slice(0, maxEmbeddedChars));
    try {
      return await embedder.embed(texts, 'document');
    } catch (error) {
      if (!isPermanent(error) || rows.length === 1) throw error;
    }
    const vectors: Array<Float32Array | undefined> = [];
    for (const text of texts) {
      try {
        const [vector] = await embedder.embed([text], 'document');
        vectors.push(vector);
      } catch (error) {
        if (!isPermanent(error)) throw error;
        log.warn({ err: error, model: embedder.id }, 'a document was refused by the embedding provider; it stays without a vector until it changes');
        vectors.push(undefined);
      }
    }
    return vectors;
  }

  async function embedWorkspace(workspaceId: string): Promise<number> {
    // One worker per workspace at a time, across processes: a model trained meanwhile must not lose vectors.
    return db.withLock(`search-embed:${workspaceId}`, async () => {
      const embedder = await models.target(workspaceId);
      const { rows } = await db.systemQuery<PendingRow>(
        `select type, record_id, title, keys, body, owner_ids, checksum from search_documents
          where workspace_id = $1 and vector_pending order by type, record_id limit $2`,
        [workspaceId, batchSize],
      );
      if (rows.length === 0) return 0;
      if (embedder) {
        const vectors = await embedRows(embedder, rows);
        const items: VectorItem[] = [];
        const empty: DocRef[] = [];
        rows.forEach((row, index) => {
          const values = vectors[index];
          if (values && !isZeroVector(values)) items.push({ type: row.type, id: row.record_id, values, ownerIds: row.owner_ids });
          else empty.push({ type: row.type, id: row.record_id });
        });
        await store.upsert(workspaceId, embedder.id, items);
        // The HNSW index is made as soon as the model has enough vectors and then grows with them:
        // one build over a whole large workspace would hold the embedded database for minutes.
        if (store.ensureIndex) await store.ensureIndex(embedder.id, embedder.dimensions);
        // A document whose words the model does not know has no vector in this model.
        if (empty.length > 0) await store.remove(workspaceId, empty);
      }
      // Without a model (too little text yet) documents wait for the first training, which marks them again.
      await db.systemQuery(
        `update search_documents d set vector_pending = false
           from unnest($2::text[], $3::uuid[], $4::text[]) as x(type, id, checksum)
          where d.workspace_id = $1 and d.type = x.type and d.record_id = x.id and d.checksum = x.checksum`,
        [workspaceId, rows.map((r) => r.type), rows.map((r) => r.record_id), rows.map((r) => r.checksum)],
      );
      if (rows.length < batchSize) {
        // A model built in the background takes over once every document has its vector; the old space goes.
        const replaced = await models.promote(workspaceId);
        if (replaced) await store.removeModel(workspaceId, replaced);
      }
      return rows.length;
    });
  }

  /** Copies queued documents to the external keyword engine (or removes them there when they are gone). */
  async function sendExternal(): Promise<number> {
    if (!external) return 0;
    // The queue time travels as text: a JavaScript Date would drop its microseconds and never match again.
    const { rows } = await db.systemQuery<{ workspace_id: string; type: SearchType; record_id: string; enqueued_at: string }>(
      'select workspace_id, type, record_id, enqueued_at::text as enqueued_at from search_external_queue order by enqueued_at limit 500',
    );
    if (rows.length === 0) return 0;
    if (!externalReady && external.ensureIndex) await external.ensureIndex();
    externalReady = true;
    const { rows: docs } = await db.systemQuery<{
      workspace_id: string;
      type: SearchType;
      record_id: string;
      title: string;
      keys: string;
      body: string;
      owner_ids: string[];
      updated_at: Date;
      checksum: string;
    }>(
      `select d.workspace_id, d.type, d.record_id, d.title, d.keys, d.body, d.owner_ids, d.updated_at, d.checksum
         from search_documents d join unnest($1::uuid[], $2::text[], $3::uuid[]) as q(ws, type, id)
           on d.workspace_id = q.ws and d.type = q.type and d.record_id = q.id`,
      [rows.map((r) => r.workspace_id), rows.map((r) => r.type), rows.map((r) => r.record_id)],
    );
    const present = new Set(docs.map((d) => `${d.workspace_id}:${d.type}:${d.record_id}`));
    await external.index(
      docs.map(
        (d): SearchDocument => ({
          workspaceId: d.workspace_id,
          type: d.type,
          id: d.record_id,
          title: d.title,
          keys: d.keys,
          body: d.body,
          ownerIds: d.owner_ids,
          updatedAt: new Date(d.updated_at).toISOString(),
          checksum: d.checksum,
        }),
      ),
    );
    const gone = new Map<string, DocRef[]>();
    for (const row of rows) {
      if (present.has(`${row.workspace_id}:${row.type}:${row.record_id}`)) continue;
      gone.set(row.workspace_id, [...(gone.get(row.workspace_id) ?? []), { type: row.type, id: row.record_id }]);
    }
    for (const [workspaceId, refs] of gone) await external.remove(workspaceId, refs);
    // Only entries not queued again meanwhile are done: a later change is sent on the next pass.
    await db.systemQuery(
      `delete from search_external_queue q using unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) as x(ws, type, id, at)
        where q.workspace_id = x.ws and q.type = x.type and q.record_id = x.id and q.enqueued_at = x.at::timestamptz`,
      [rows.map((r) => r.workspace_id), rows.map((r) => r.type), rows.map((r) => r.record_id), rows.map((r) => r.enqueued_at)],
    );
    return rows.length;
  }

  async function pass(maxBatches: number): Promise<number> {
    let handled = 0;
    try {
      handled += await removals();
    } catch (error) {
      log.warn({ err: error, store: store.name }, 'removing vectors of deleted records failed; retrying on the next pass');
    }
    try {
      handled += await sendExternal();
    } catch (error) {
      log.warn({ err: error, engine: external?.name }, 'external keyword engine update failed; retrying on the next pass');
    }
    const failed = new Set<string>();
    for (let batch = 0; batch < maxBatches && !stopped; batch += 1) {
      const { rows } = await db.systemQuery<{ workspace_id: string }>(
        'select distinct workspace_id from search_documents where vector_pending limit 20',
      );
      let progress = 0;
      for (const row of rows) {
        if (stopped) break;
        if (failed.has(row.workspace_id)) continue;
        try {
          progress += await embedWorkspace(row.workspace_id);
        } catch (error) {
          failed.add(row.workspace_id);
          log.warn({ err: error, workspaceId: row.workspace_id }, 'embedding failed for a workspace; retrying on the next pass');
        }
      }
      handled += progress;
      if (progress === 0) break;
    }
    // Tombstones only need to outlive the rebuilds and late events that could race a deletion.
    await db.systemQuery("delete from search_tombstones where deleted_at < now() - interval '7 days'");
    return handled;
  }

  function runOnce(maxBatches = 20): Promise<number> {
    if (running) return running;
    running = pass(maxBatches).finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(delay: number): void {
    if (stopped || !started) return;
    timer = setTimeout(() => {
      runOnce()
        .then((handled) => schedule(handled > 0 ? 0 : pollIntervalMs))
        .catch((error: unknown) => {
          log.warn({ err: error }, 'embedding pass failed; retrying on the next poll');
          schedule(pollIntervalMs * 5);
        });
    }, delay);
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
    runOnce,
    async drain() {
      await running?.catch(() => undefined);
      for (let i = 0; i < 10_000; i += 1) if ((await runOnce(50)) === 0) return;
    },
    async lag() {
      const { rows } = await db.systemQuery<{ vectors: string; removals: string; external: string; oldest: number | null }>(
        `select (select count(*) from search_documents where vector_pending) as vectors,
                (select count(*) from search_vector_removals) as removals,
                (select count(*) from search_external_queue) as external,
                (select extract(epoch from now() - least(
                   (select min(indexed_at) from search_documents where vector_pending),
                   (select min(enqueued_at) from search_vector_removals),
                   (select min(enqueued_at) from search_external_queue)))) as oldest`,
      );
      const row = rows[0];
      return {
        pendingVectors: Number(row?.vectors ?? 0),
        pendingRemovals: Number(row?.removals ?? 0),
        pendingExternal: Number(row?.external ?? 0),
        oldestSeconds: Number(row?.oldest ?? 0),
      };
    },
  };
}
