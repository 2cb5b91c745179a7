import type { Database } from '@nexus/db';
import type { Logger } from '@nexus/platform';
import { isZeroVector } from '../embeddings';
import type { DocRef, SearchType, VectorItem, VectorStore } from '../ports';
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
  /** Documents waiting for a vector, removals waiting, and the oldest wait in seconds. */
  lag(): Promise<{ pendingVectors: number; pendingRemovals: number; oldestSeconds: number }>;
}

/**
 * Turns changed documents into vectors in the background: embeddings may
 * come from a remote provider, so no transaction is held while they are made,
 * and a document changed meanwhile stays pending (its checksum no longer
 * matches). Also empties the vector store of deleted records.
 */
export function createEmbeddingWorker(deps: {
  db: Database;
  log: Logger;
  models: ModelRegistry;
  store: VectorStore & { ensureIndex?(model: string, dimensions: number): Promise<boolean> };
  batchSize?: number;
  pollIntervalMs?: number;
}): EmbeddingWorker {
  const { db, log, models, store } = deps;
  const batchSize = deps.batchSize ?? 256;
  const pollIntervalMs = deps.pollIntervalMs ?? 1_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

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

  async function embedWorkspace(workspaceId: string): Promise<number> {
    const embedder = await models.target(workspaceId);
    const { rows } = await db.systemQuery<PendingRow>(
      `select type, record_id, title, keys, body, owner_ids, checksum from search_documents
        where workspace_id = $1 and vector_pending order by type, record_id limit $2`,
      [workspaceId, batchSize],
    );
    if (rows.length === 0) return 0;
    if (embedder) {
      const vectors = await embedder.embed(
        // The start of long notes and e-mails carries their meaning and stays within providers' input limits.
        rows.map((r) => `${r.title}\n${r.keys}\n${r.body}`.slice(0, maxEmbeddedChars)),
        'document',
      );
      const items: VectorItem[] = [];
      const empty: DocRef[] = [];
      rows.forEach((row, index) => {
        const values = vectors[index];
        if (values && !isZeroVector(values)) items.push({ type: row.type, id: row.record_id, values, ownerIds: row.owner_ids });
        else empty.push({ type: row.type, id: row.record_id });
      });
      await store.upsert(workspaceId, embedder.id, items);
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
      const active = await models.active(workspaceId);
      if (active && store.ensureIndex) await store.ensureIndex(active.id, active.dimensions);
    }
    return rows.length;
  }

  async function pass(maxBatches: number): Promise<number> {
    let handled = await removals();
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const { rows } = await db.systemQuery<{ workspace_id: string }>(
        'select distinct workspace_id from search_documents where vector_pending limit 20',
      );
      if (rows.length === 0) break;
      let progress = 0;
      for (const row of rows) progress += await embedWorkspace(row.workspace_id);
      handled += progress;
      if (progress === 0) break;
    }
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
    if (stopped) return;
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
      if (!stopped) return;
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
      const { rows } = await db.systemQuery<{ vectors: string; removals: string; oldest: number | null }>(
        `select (select count(*) from search_documents where vector_pending) as vectors,
                (select count(*) from search_vector_removals) as removals,
                (select extract(epoch from now() - least(
                   (select min(indexed_at) from search_documents where vector_pending),
                   (select min(enqueued_at) from search_vector_removals)))) as oldest`,
      );
      const row = rows[0];
      return { pendingVectors: Number(row?.vectors ?? 0), pendingRemovals: Number(row?.removals ?? 0), oldestSeconds: Number(row?.oldest ?? 0) };
    },
  };
}
