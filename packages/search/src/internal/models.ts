import { LRUCache } from 'lru-cache';
import type { Database } from '@nexus/db';
import { AppError, newId, type Clock, type Logger } from '@nexus/platform';
import { createLsaEmbedder, deserializeLsa, isInsufficientTextError, serializeLsa } from '../embeddings';
import { trainLsaOffThread } from './train-off-thread';
import type { Embedder } from '../ports';

/** Where embeddings come from: LSA trained per workspace (the default), or one configured model for all. */
export type EmbeddingSetup =
  | {
      kind: 'lsa';
      dimensions: number;
      /** Documents a workspace needs before its first model is trained. */
      minDocuments: number;
      /** Documents sampled for training. */
      maxTrainingDocuments: number;
      /** Retrain once the workspace holds this many times the documents of its model. */
      retrainGrowth: number;
    }
  | {
      kind: 'fixed';
      provider: string;
      /** Connects to the provider (a first call may learn the dimensions); retried later when it fails. */
      connect: () => Promise<Embedder>;
    };

export interface ModelView {
  model: string;
  provider: string;
  state: 'building' | 'active' | 'retired';
  dimensions: number;
  documentCount: number;
  createdAt: string;
  activatedAt: string | null;
}

interface ModelRow {
  model: string;
  provider: string;
  state: ModelView['state'];
  dimensions: number;
  document_count: number;
  created_at: Date;
  activated_at: Date | null;
}

export interface ModelRegistry {
  /** The model queries are embedded with; undefined until the workspace has one. */
  active(workspaceId: string): Promise<Embedder | undefined>;
  /**
   * The model new vectors are made with: a model being built replaces the
   * active one once every document has its vector. Trains the workspace's
   * first model, or a fresh one when its text has grown enough.
   */
  target(workspaceId: string): Promise<Embedder | undefined>;
  /** Makes a finished building model active; returns the model it replaced. */
  promote(workspaceId: string): Promise<string | undefined>;
  list(workspaceId: string): Promise<ModelView[]>;
}

/**
 * Embedding models per workspace, stored in `search_models`. With LSA each
 * workspace trains its own model from its own documents; a fixed provider
 * (OpenAI-compatible, ONNX) is recorded per workspace so that switching
 * providers re-embeds in the background before queries change space.
 */
export function createModelRegistry(deps: { db: Database; log: Logger; clock: Clock; setup: EmbeddingSetup; activeTtlMs?: number }): ModelRegistry {
  const { db, log, setup } = deps;
  // Models are weighed by their matrices: a large workspace's LSA model is tens of megabytes.
  const embedders = new LRUCache<string, { embedder: Embedder; bytes: number }>({ maxSize: 512 * 1024 * 1024, sizeCalculation: (entry) => Math.max(1, entry.bytes) });
  const loading = new Map<string, Promise<Embedder | undefined>>();
  let fixed: Embedder | undefined;
  let fixedFailedAt = 0;

  /** The configured provider's embedder, connecting on first use and at most once a minute after a failure. */
  async function fixedEmbedder(): Promise<Embedder | undefined> {
    if (setup.kind !== 'fixed') return undefined;
    if (fixed) return fixed;
    if (Date.now() - fixedFailedAt < 60_000) return undefined;
    try {
      fixed = await setup.connect();
      return fixed;
    } catch (error) {
      fixedFailedAt = Date.now();
      log.error({ err: error, provider: setup.provider }, 'embedding provider unreachable; semantic search waits for it');
      return undefined;
    }
  }
  const activeIds = new LRUCache<string, { id: string | null }>({ max: 10_000, ttl: deps.activeTtlMs ?? 5_000 });
  const lastGrowthCheck = new Map<string, number>();
  const training = new Map<string, Promise<Embedder | undefined>>();

  async function load(workspaceId: string, model: string): Promise<Embedder | undefined> {
    if (setup.kind === 'fixed') {
      const embedder = await fixedEmbedder();
      return embedder?.id === model ? embedder : undefined;
    }
    const cached = embedders.get(model);
    if (cached) return cached.embedder;
    const running = loading.get(model);
    if (running) return running;
    const run = (async () => {
      const { rows } = await db.systemQuery<{ data: Uint8Array | null }>('select data from search_models where workspace_id = $1 and model = $2', [workspaceId, model]);
      const data = rows[0]?.data;
      if (!data) return undefined;
      const embedder = createLsaEmbedder(deserializeLsa(Buffer.from(data)), model);
      embedders.set(model, { embedder, bytes: data.byteLength });
      return embedder;
    })().finally(() => loading.delete(model));
    loading.set(model, run);
    return run;
  }

  async function modelIn(workspaceId: string, state: 'active' | 'building'): Promise<ModelRow | undefined> {
    const { rows } = await db.systemQuery<ModelRow>('select * from search_models where workspace_id = $1 and state = $2', [workspaceId, state]);
    return rows[0];
  }

  async function documentCount(workspaceId: string): Promise<number> {
    const { rows } = await db.systemQuery<{ n: string }>('select count(*) as n from search_documents where workspace_id = $1', [workspaceId]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Registers a new model: active when the workspace has none, else building (and every document is re-embedded). */
  async function register(workspaceId: string, model: string, provider: string, dimensions: number, count: number, data: Buffer | null): Promise<void> {
    await db.withSystem(async (tx) => {
      const { rows } = await tx.query<{ n: string }>("select count(*) as n from search_models where workspace_id = $1 and state = 'active'", [workspaceId]);
      const state = Number(rows[0]?.n ?? 0) === 0 ? 'active' : 'building';
      await tx.query("update search_models set state = 'retired', data = null where workspace_id = $1 and state = 'building'", [workspaceId]);
      await tx.query(
        `insert into search_models (workspace_id, model, provider, state, dimensions, document_count, data, activated_at)
         values ($1, $2, $3, $4, $5, $6, $7, case when $4 = 'active' then now() end)`,
        [workspaceId, model, provider, state, dimensions, count, data],
      );
      await tx.query('update search_documents set vector_pending = true where workspace_id = $1 and not vector_pending', [workspaceId]);
    });
    activeIds.delete(workspaceId);
    log.info({ workspaceId, model, provider, documents: count }, 'embedding model registered');
  }

  async function trainLsaModel(workspaceId: string): Promise<Embedder | undefined> {
    if (setup.kind !== 'lsa') return undefined;
    const total = await documentCount(workspaceId);
    // A random sample, each document cut to its first 2,000 characters: bounded memory whatever the workspace holds.
    const share = Math.min(100, (100 * setup.maxTrainingDocuments) / Math.max(1, total));
    const { rows } = await db.systemQuery<{ text: string }>(
      `select left(title || ' ' || keys || ' ' || body, 2000) as text
         from search_documents tablesample bernoulli ($2) repeatable (42)
        where workspace_id = $1 limit $3`,
      [workspaceId, share, setup.maxTrainingDocuments],
    );
    let model;
    try {
      // A small workspace keeps every word; a large one only words seen in two documents or more.
      model = await trainLsaOffThread(
        rows.map((r) => r.text),
        { dimensions: setup.dimensions, minDocumentFrequency: rows.length < 1_000 ? 1 : 2 },
      );
    } catch (error) {
      if (!isInsufficientTextError(error)) throw error;
      log.debug({ workspaceId, reason: error instanceof Error ? error.message : String(error) }, 'not enough text to train an embedding model yet');
      return undefined;
    }
    const id = `lsa-${workspaceId}-${newId().slice(-12)}`;
    await register(workspaceId, id, 'lsa', setup.dimensions, total, serializeLsa(model));
    const embedder = createLsaEmbedder(model, id);
    embedders.set(id, { embedder, bytes: model.projection.byteLength + model.idf.byteLength });
    return embedder;
  }

  async function ensureModel(workspaceId: string): Promise<Embedder | undefined> {
    const building = await modelIn(workspaceId, 'building');
    if (building) return load(workspaceId, building.model);
    const active = await modelIn(workspaceId, 'active');
    if (setup.kind === 'fixed') {
      const embedder = await fixedEmbedder();
      // Pending documents stay pending until the provider answers again.
      if (!embedder) throw new AppError('service_unavailable', `The ${setup.provider} embedding provider is unreachable`, { kind: 'operational' });
      if (active?.model === embedder.id) return embedder;
      await register(workspaceId, embedder.id, setup.provider, embedder.dimensions, await documentCount(workspaceId), null);
      return embedder;
    }
    if (!active) {
      if ((await documentCount(workspaceId)) < setup.minDocuments) return undefined;
      return trainLsaModel(workspaceId);
    }
    // Text has grown: a fresh model learns the new vocabulary (checked at most once a minute).
    const now = deps.clock.now().getTime();
    if (now - (lastGrowthCheck.get(workspaceId) ?? 0) > 60_000) {
      lastGrowthCheck.set(workspaceId, now);
      if ((await documentCount(workspaceId)) >= Math.max(setup.minDocuments, active.document_count * setup.retrainGrowth)) {
        const fresh = await trainLsaModel(workspaceId);
        if (fresh) return fresh;
      }
    }
    return load(workspaceId, active.model);
  }

  return {
    async active(workspaceId) {
      let entry = activeIds.get(workspaceId);
      if (!entry) {
        const row = await db.withWorkspace(
          workspaceId,
          (tx) => tx.query<{ model: string }>("select model from search_models where workspace_id = $1 and state = 'active'", [workspaceId]),
          { readOnly: true },
        );
        entry = { id: row.rows[0]?.model ?? null };
        activeIds.set(workspaceId, entry);
      }
      return entry.id ? load(workspaceId, entry.id) : undefined;
    },
    target(workspaceId) {
      const running = training.get(workspaceId);
      if (running) return running;
      const run = ensureModel(workspaceId).finally(() => training.delete(workspaceId));
      training.set(workspaceId, run);
      return run;
    },
    async promote(workspaceId) {
      const replaced = await db.withSystem(async (tx) => {
        const { rows } = await tx.query<{ model: string }>("select model from search_models where workspace_id = $1 and state = 'building' for update", [workspaceId]);
        if (!rows[0]) return undefined;
        const pending = await tx.query<{ n: string }>('select count(*) as n from search_documents where workspace_id = $1 and vector_pending', [workspaceId]);
        if (Number(pending.rows[0]?.n ?? 0) > 0) return undefined;
        const old = await tx.query<{ model: string }>(
          "update search_models set state = 'retired', data = null where workspace_id = $1 and state = 'active' returning model",
          [workspaceId],
        );
        await tx.query("update search_models set state = 'active', activated_at = now() where workspace_id = $1 and model = $2", [workspaceId, rows[0].model]);
        return old.rows[0]?.model ?? '';
      });
      if (replaced !== undefined) {
        activeIds.delete(workspaceId);
        log.info({ workspaceId, replaced }, 'embedding model promoted');
      }
      return replaced || undefined;
    },
    async list(workspaceId) {
      const { rows } = await db.withWorkspace(
        workspaceId,
        (tx) =>
          tx.query<ModelRow>(
            'select model, provider, state, dimensions, document_count, created_at, activated_at from search_models where workspace_id = $1 order by created_at desc',
            [workspaceId],
          ),
        { readOnly: true },
      );
      return rows.map((r) => ({
        model: r.model,
        provider: r.provider,
        state: r.state,
        dimensions: r.dimensions,
        documentCount: r.document_count,
        createdAt: new Date(r.created_at).toISOString(),
        activatedAt: r.activated_at ? new Date(r.activated_at).toISOString() : null,
      }));
    },
  };
}
