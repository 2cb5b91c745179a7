import type { Database } from '@nexus/db';
import type { AuthContext, Logger } from '@nexus/platform';
import type { PostgresKeywordEngine } from './engines/postgres-engine';
import { fuseRanks, placesAhead, type RankedList } from './internal/fusion';
import type { ModelRegistry } from './internal/models';
import { parseQuery } from './internal/query';
import { escapeHtml, markSimilar } from './internal/text';
import type { DocRef, KeywordEngine, KeywordHit, SearchFilter, SearchType, VectorStore } from './ports';
import { isZeroVector } from './embeddings';

export const searchModes = ['keyword', 'semantic', 'hybrid'] as const;
export type SearchMode = (typeof searchModes)[number];

export interface SearchInput {
  q: string;
  types: readonly SearchType[];
  mode: SearchMode;
  limit: number;
}

export interface SearchResult {
  type: SearchType;
  id: string;
  title: string;
  /** HTML-safe; matches are wrapped in <mark>. */
  snippet: string;
  score: number;
}

interface Hit extends DocRef {
  title?: string;
  snippet?: string;
}

/** Longest an exact vector scan may take inside a hybrid search. */
const hybridVectorBudgetMs = 250;

/** Relative say of each list in the fused ranking: exact words first, then meaning, then typos. */
const weights = { fullText: 1, semantic: 0.8, fuzzy: 0.6, external: 1 } as const;

/**
 * Search over every record and activity: keyword (full text plus typo
 * tolerance), semantic (nearest vectors of the workspace's embedding model)
 * or hybrid, fusing both by reciprocal rank. Every engine is asked only for
 * the caller's workspace and, under "only records I own", their records.
 */
export function createSearchService(deps: {
  db: Database;
  log: Logger;
  postgres: PostgresKeywordEngine;
  external?: KeywordEngine | undefined;
  vectors: VectorStore;
  models: ModelRegistry;
}) {
  const { db, log, postgres, external, vectors, models } = deps;

  /**
   * Full text and typo-tolerant lists from PostgreSQL, which always holds every document.
   * With `shown` (keyword mode: the only lists are these two), a typo-tolerant hit that full
   * text missed cannot reach the first `shown` places once full text has found that many, so
   * the typo-tolerant list then only re-scores the full-text hits: a common name's prefix
   * otherwise has thousands of sound-alikes to compare (a second per keystroke at 100,000 contacts).
   */
  async function postgresLists(text: string, filter: SearchFilter, shown?: number): Promise<Array<RankedList<Hit>>> {
    let exact: KeywordHit[];
    let close: KeywordHit[];
    if (shown === undefined) [exact, close] = await Promise.all([postgres.fullText(text, filter), postgres.fuzzy(text, filter)]);
    else {
      exact = await postgres.fullText(text, filter);
      const settled = Math.min(exact.length, placesAhead(weights.fullText, weights.fuzzy)) >= shown;
      close = await postgres.fuzzy(text, filter, settled ? { among: exact } : {});
    }
    return [
      { hits: exact, weight: weights.fullText },
      { hits: close, weight: weights.fuzzy },
    ];
  }

  /** The stored documents of these refs that the caller may see, keyed `${type}:${id}`. */
  async function visibleDocuments(refs: readonly DocRef[], filter: SearchFilter): Promise<Map<string, { title: string; keys: string; body: string }>> {
    if (refs.length === 0) return new Map();
    const params: unknown[] = [filter.workspaceId, refs.map((h) => h.type), refs.map((h) => h.id)];
    const visible = filter.visibleTo ? `and $${params.push(filter.visibleTo)}::uuid = any(d.owner_ids)` : '';
    const { rows } = await db.withWorkspace(
      filter.workspaceId,
      (tx) =>
        tx.query<{ type: string; record_id: string; title: string; keys: string; body: string }>(
          `select d.type, d.record_id, d.title, d.keys, left(d.body, 400) as body
             from search_documents d join unnest($2::text[], $3::uuid[]) as r(type, id) on d.type = r.type and d.record_id = r.id
            where d.workspace_id = $1 ${visible}`,
          params,
        ),
      { readOnly: true },
    );
    return new Map(rows.map((r) => [`${r.type}:${r.record_id}`, r]));
  }

  /**
   * Hits of an engine outside the database, kept only where the stored
   * document still exists and the caller may see it: the external index
   * may lag behind a deletion or an owner change.
   */
  async function stillVisible(hits: readonly KeywordHit[], filter: SearchFilter): Promise<KeywordHit[]> {
    const keep = await visibleDocuments(hits, filter);
    return hits.filter((h) => keep.has(`${h.type}:${h.id}`));
  }

  /** The external engine's hits, or PostgreSQL's when it fails: an outage lowers nothing but freshness of ranking. */
  async function keywordLists(text: string, filter: SearchFilter, shown?: number): Promise<Array<RankedList<Hit>>> {
    if (!external) return postgresLists(text, filter, shown);
    try {
      return [{ hits: await stillVisible(await external.search(text, filter), filter), weight: weights.external }];
    } catch (error) {
      log.warn({ err: error, engine: external.name }, 'external keyword engine failed; answering from PostgreSQL');
      return postgresLists(text, filter, shown);
    }
  }

  /** Nearest documents by meaning; an embedding provider or vector store outage leaves this list empty, not the search. */
  async function semantic(q: string, filter: SearchFilter, timeoutMs?: number): Promise<Hit[]> {
    const embedder = await models.active(filter.workspaceId);
    if (!embedder) return [];
    try {
      const [vector] = await embedder.embed([q], 'query');
      if (!vector || isZeroVector(vector)) return [];
      return await vectors.query(embedder.id, vector, filter, timeoutMs === undefined ? undefined : { timeoutMs });
    } catch (error) {
      // A scan stopped at its time limit (SQLSTATE 57014) is expected on large workspaces without pgvector.
      const cancelled = typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '57014';
      if (cancelled) log.debug({ store: vectors.name, model: embedder.id }, 'exact vector scan over its time limit; answering without it');
      else log.warn({ err: error, store: vectors.name, model: embedder.id }, 'semantic search failed; answering without it');
      return [];
    }
  }

  /** Titles and snippets for hits that came without them (vectors), from documents the caller may see. */
  async function describe(hits: Hit[], filter: SearchFilter, words: readonly string[]): Promise<Map<string, { title: string; snippet: string }>> {
    const documents = await visibleDocuments(
      hits.filter((h) => h.title === undefined),
      filter,
    );
    const out = new Map<string, { title: string; snippet: string }>();
    for (const [key, doc] of documents) {
      const text = doc.body !== '' ? doc.body.slice(0, 200) : doc.keys;
      out.set(key, { title: doc.title, snippet: text === '' ? escapeHtml(doc.title) : markSimilar(text, words) });
    }
    return out;
  }

  return {
    async search(auth: AuthContext, input: SearchInput): Promise<SearchResult[]> {
      const q = parseQuery(input.q);
      const filter: SearchFilter = {
        workspaceId: auth.workspaceId,
        types: input.types,
        visibleTo: auth.visibility === 'own' ? auth.userId : undefined,
        limit: Math.min(Math.max(input.limit * 2, 20), 100),
      };
      const lists: Array<RankedList<Hit>> = [];
      // In keyword mode nothing else can lift a hit, so the keyword lists may stop at what can be shown.
      if (input.mode !== 'semantic') lists.push(...(await keywordLists(q.text, filter, input.mode === 'keyword' ? input.limit : undefined)));
      // In hybrid mode meaning only adds to words: where vectors are searched exactly (no pgvector)
      // a large workspace's scan is cut short instead of holding up the answer.
      if (input.mode !== 'keyword') lists.push({ hits: await semantic(q.text, filter, input.mode === 'hybrid' ? hybridVectorBudgetMs : undefined), weight: weights.semantic });
      const fused = fuseRanks(lists, input.limit * 2);
      const described = await describe(
        fused.map((f) => f.hit),
        filter,
        q.words,
      );
      const results: SearchResult[] = [];
      for (const { hit, score } of fused) {
        const info = hit.title !== undefined ? { title: hit.title, snippet: hit.snippet ?? escapeHtml(hit.title) } : described.get(`${hit.type}:${hit.id}`);
        // A vector whose document is gone (or not the caller's) is not shown.
        if (!info) continue;
        results.push({ type: hit.type, id: hit.id, title: info.title, snippet: info.snippet, score: Number(score.toFixed(6)) });
        if (results.length === input.limit) break;
      }
      return results;
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
