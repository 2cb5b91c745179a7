import { createHash } from 'node:crypto';
import type { Database } from '@nexus/db';
import type { Logger } from '@nexus/platform';
import type { DocRef, SearchFilter, SearchType, VectorHit, VectorItem, VectorStore } from '../ports';

/** Below this many vectors a model is searched by an exact scan; above it an HNSW index is built. */
export const defaultHnswThreshold = 2_000;

/**
 * The graph's shape: pgvector's defaults. A build list of 128 raised recall
 * on a graph built at once (0.964 to 0.978 at ef_search 100, 250,000 LSA
 * vectors), but in the benchmark, where the graph grows as vectors arrive, it
 * gave no better recall (0.966) and a slower tail (p95 12.3 ms).
 */
const hnswM = 16;
const hnswEfConstruction = 64;
/** Memory for an index build, so the graph is built in memory (with pgvector's 64 MB default a 250,000-vector build spills and takes minutes more). */
const hnswBuildMemory = '512MB';

export interface PostgresVectorStore extends VectorStore {
  /** True when pgvector is installed; otherwise vectors are arrays scanned exactly. */
  readonly approximate: boolean;
  /** Builds the model's HNSW index once it holds enough vectors (no-op without pgvector). */
  ensureIndex(model: string, dimensions: number): Promise<boolean>;
  /** Exact nearest neighbours, whatever indexes exist (recall measurements). */
  exact(model: string, vector: Float32Array, filter: SearchFilter): Promise<VectorHit[]>;
}

/**
 * A model id as an SQL string literal: per-model HNSW indexes are partial
 * indexes on `model = '<id>'`, and the planner only uses them when the query
 * names the same literal. Quotes are doubled (standard_conforming_strings is on).
 */
function literal(model: string): string {
  // eslint-disable-next-line no-control-regex -- a NUL cannot be sent inside a statement
  if (model.length === 0 || model.length > 500 || /\u0000/.test(model)) throw new Error(`Invalid embedding model id: ${JSON.stringify(model.slice(0, 80))}`);
  return `'${model.replace(/'/g, "''")}'`;
}

function indexName(model: string): string {
  return `search_vectors_hnsw_${createHash('sha1').update(model).digest('hex').slice(0, 16)}`;
}

function vectorText(values: Float32Array): string {
  for (const v of values) if (!Number.isFinite(v)) throw new Error('Vectors must contain finite numbers');
  return `[${Array.from(values).join(',')}]`;
}

/**
 * Vectors in PostgreSQL: pgvector with one HNSW index per model (so each
 * workspace's model has its own graph and small workspaces are scanned
 * exactly), or, where the extension is missing, `real[]` with an exact scan.
 */
export async function createPostgresVectorStore(deps: { db: Database; log: Logger; hnswThreshold?: number; efSearch?: number }): Promise<PostgresVectorStore> {
  const { db, log } = deps;
  const threshold = deps.hnswThreshold ?? defaultHnswThreshold;
  const efSearch = deps.efSearch ?? 100;
  const { rows } = await db.systemQuery<{ version: string | null }>("select (select extversion from pg_extension where extname = 'vector') as version");
  const version = rows[0]?.version ?? null;
  const approximate = version !== null;
  // Iterative index scans (filtered queries that keep walking the graph) arrived in pgvector 0.8.
  const [major = 0, minor = 0] = (version ?? '0.0').split('.').map(Number);
  const iterative = major > 0 || minor >= 8;
  if (!approximate) log.warn('pgvector is not installed in this PostgreSQL: semantic search scans stored vectors exactly (fine for small workspaces, slow for large ones)');
  const indexed = new Set<string>();

  function ownerClause(filter: SearchFilter, params: unknown[]): string {
    return filter.visibleTo ? `and $${params.push(filter.visibleTo)}::uuid = any(v.owner_ids)` : '';
  }

  /**
   * Nearest vectors of one workspace. Owner rights with the workspace named in
   * the statement: under row-level security the distance operator (not
   * leakproof) could not use the index. An exact scan can be given a time
   * limit, after which it answers nothing rather than slowly.
   */
  async function knn(model: string, vector: Float32Array, filter: SearchFilter, mode: 'auto' | 'exact', timeoutMs?: number): Promise<VectorHit[]> {
    const dims = vector.length;
    const params: unknown[] = [filter.workspaceId, filter.types, filter.limit];
    const owner = ownerClause(filter, params);
    return db.withSystem(async (tx) => {
      if (!approximate && timeoutMs !== undefined && db.kind === 'postgres') await tx.query(`set local statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
      let sql: string;
      if (approximate) {
        const target = `$${params.push(vectorText(vector))}::vector(${dims})`;
        const distance = `(v.embedding::vector(${dims}) <=> ${target})`;
        if (mode === 'exact') await tx.query('set local enable_indexscan = off');
        else {
          // One round trip for both settings. Filtered scans (workspace, type, owner) keep walking the graph until enough rows pass.
          await tx.query(`select set_config('hnsw.ef_search', $1, true)${iterative ? ", set_config('hnsw.iterative_scan', 'relaxed_order', true)" : ''}`, [
            String(Math.max(efSearch, filter.limit)),
          ]);
        }
        sql = `select type, record_id, 1 - ${distance} as score from search_vectors v
                where v.model = ${literal(model)} and v.workspace_id = $1 and v.dims = ${dims} and v.type = any($2::text[]) ${owner}
                order by ${distance} limit $3`;
      } else {
        const target = `$${params.push(Array.from(vector))}::real[]`;
        sql = `select type, record_id, score from (
                 select v.type, v.record_id, (select sum(a * b) from unnest(v.embedding, ${target}) as x(a, b)) as score
                   from search_vectors v
                  where v.model = ${literal(model)} and v.workspace_id = $1 and v.dims = ${dims} and v.type = any($2::text[]) ${owner}
               ) s order by score desc limit $3`;
      }
      const result = await tx.query<{ type: SearchType; record_id: string; score: number }>(sql, params);
      return result.rows.map((r) => ({ type: r.type, id: r.record_id, score: Number(r.score) }));
    });
  }

  return {
    name: approximate ? 'pgvector' : 'postgres-exact',
    approximate,
    async upsert(workspaceId: string, model: string, items: readonly VectorItem[]) {
      if (items.length === 0) return;
      literal(model);
      const dims = items[0]?.values.length ?? 0;
      if (items.some((i) => i.values.length !== dims)) throw new Error('All vectors of one model must have the same dimension');
      const cast = approximate ? '::vector' : '::real[]';
      const embeddings = items.map((i) => (approximate ? vectorText(i.values) : `{${Array.from(i.values).join(',')}}`));
      await db.systemQuery(
        `insert into search_vectors (workspace_id, model, type, record_id, owner_ids, dims, embedding)
         select $1, $2, r.type, r.id, array(select jsonb_array_elements_text(r.owners))::uuid[], $3, r.embedding${cast}
           from unnest($4::text[], $5::uuid[], $6::jsonb[], $7::text[]) as r(type, id, owners, embedding)
         on conflict (workspace_id, model, type, record_id)
         do update set owner_ids = excluded.owner_ids, dims = excluded.dims, embedding = excluded.embedding`,
        [
          workspaceId,
          model,
          dims,
          items.map((i) => i.type),
          items.map((i) => i.id),
          items.map((i) => JSON.stringify(i.ownerIds)),
          embeddings,
        ],
      );
    },
    query: (model, vector, filter, options) => knn(model, vector, filter, 'auto', options?.timeoutMs),
    exact: (model, vector, filter) => knn(model, vector, filter, 'exact'),
    async remove(workspaceId: string, refs: readonly DocRef[]) {
      if (refs.length === 0) return;
      await db.systemQuery(
        `delete from search_vectors v using unnest($2::text[], $3::uuid[]) as r(type, id)
          where v.workspace_id = $1 and v.type = r.type and v.record_id = r.id`,
        [workspaceId, refs.map((r) => r.type), refs.map((r) => r.id)],
      );
    },
    async removeModel(workspaceId: string, model: string) {
      await db.systemQuery('delete from search_vectors where workspace_id = $1 and model = $2', [workspaceId, model]);
      const { rows: left } = await db.systemQuery<{ any: boolean }>('select exists (select 1 from search_vectors where model = $1) as any', [model]);
      if (approximate && left[0]?.any !== true) {
        await db.systemQuery(`drop index if exists ${indexName(model)}`);
        indexed.delete(model);
      }
    },
    async count(workspaceId: string, model: string) {
      const { rows: counted } = await db.systemQuery<{ n: string }>('select count(*) as n from search_vectors where workspace_id = $1 and model = $2', [workspaceId, model]);
      return Number(counted[0]?.n ?? 0);
    },
    async ensureIndex(model: string, dimensions: number) {
      if (!approximate || indexed.has(model)) return indexed.has(model);
      const name = indexName(model);
      const { rows: existing } = await db.systemQuery<{ valid: boolean }>(
        'select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = $1',
        [name],
      );
      if (existing[0]?.valid === true) {
        indexed.add(model);
        return true;
      }
      // Counted by the key's prefix (workspace, model) so the check stays cheap; a model shared by
      // several workspaces gets its index once any one of them is large enough.
      const { rows: counted } = await db.systemQuery<{ n: string }>(
        'select count(*) as n from (select 1 from search_vectors where model = $1 and workspace_id = (select workspace_id from search_vectors where model = $1 limit 1) limit $2) x',
        [model, threshold],
      );
      if (Number(counted[0]?.n ?? 0) < threshold) return false;
      const started = Date.now();
      await db.withLock(`search-hnsw:${model}`, async (client) => {
        // An index left invalid by an interrupted build is dropped and built again.
        if (existing[0]?.valid === false) await client.query(`drop index if exists ${name}`);
        const concurrently = db.kind === 'postgres' ? 'concurrently' : '';
        // A large build takes minutes: no statement timeout for it, on this dedicated connection only.
        if (db.kind === 'postgres') await client.query('set statement_timeout = 0');
        await client.query(`set maintenance_work_mem = '${hnswBuildMemory}'`);
        try {
          await client.query(
            `create index ${concurrently} if not exists ${name} on search_vectors using hnsw ((embedding::vector(${Number(dimensions)})) vector_cosine_ops)
              with (m = ${hnswM}, ef_construction = ${hnswEfConstruction})
              where model = ${literal(model)} and dims = ${Number(dimensions)}`,
          );
        } finally {
          await client.query('reset maintenance_work_mem');
          if (db.kind === 'postgres') await client.query('reset statement_timeout');
        }
      });
      log.info({ model, ms: Date.now() - started }, 'HNSW index built');
      indexed.add(model);
      return true;
    },
  };
}
