import type { Database, SqlClient } from '@nexus/db';
import type { DocRef, KeywordEngine, KeywordHit, SearchFilter, SearchType } from '../ports';
import { searchTypes } from '../ports';
import { parseQuery, type ParsedQuery } from '../internal/query';
import { markEnd, markSimilar, markStart, markedToHtml } from '../internal/text';

/**
 * Reads of the documents name their workspace in every statement and run
 * with owner rights: row-level security would put its policy before the
 * full-text and trigram conditions, which are not leakproof, and PostgreSQL
 * would then not use their indexes (a million documents scanned per query).
 */
interface Reader extends SqlClient {
  workspaceId: string;
}

interface Row {
  type: SearchType;
  record_id: string;
  title: string;
  keys: string;
  body: string;
  score: number;
  snippet: string | null;
}

/** Weights of D, C, B and A lexemes: a name outranks an identifier, which outranks a note. */
const weights = '{0.05, 0.2, 0.5, 1.0}';
const headlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`;

/** Full-text matches: stored weighted lexemes, English stemming or exact words, prefix on the last word. */
async function fullText(tx: Reader, q: ParsedQuery, filter: SearchFilter, limit: number): Promise<Row[]> {
  const params: unknown[] = [tx.workspaceId, filter.types, q.tsquery, limit, weights, headlineOptions];
  const visible = filter.visibleTo ? `and $${params.push(filter.visibleTo)}::uuid = any(d.owner_ids)` : '';
  const { rows } = await tx.query<Row>(
    // English stems or the words as typed; one of them when both read the same ("john":* twice
    // would make the index gather every word starting with "john" twice).
    `with q as (select case when e = s then e else e || s end as query from (select to_tsquery('english', $3) as e, to_tsquery('simple', $3) as s) as t),
     hits as (
       select d.type, d.record_id, d.title, d.keys, d.body, ts_rank($5::float4[], d.tsv, q.query) as score
         from search_documents d, q
        where d.workspace_id = $1 and d.type = any($2::text[]) and d.tsv @@ q.query ${visible}
        order by score desc, d.record_id
        limit $4
     )
     select h.type, h.record_id, h.title, h.keys, h.body, h.score,
            ts_headline('simple', concat_ws(' · ', h.title, nullif(h.keys, ''), nullif(h.body, '')), q.query, $6) as snippet
       from hits h, q
      order by h.score desc, h.record_id`,
    params,
  );
  return rows;
}

/**
 * Typo-tolerant matches on names, e-mails, domains and phones: trigram word
 * similarity ("acme.co" → acme.com) or the same double-metaphone code for
 * every word ("jhon smth" → John Smith), ranked by similarity.
 */
async function fuzzy(tx: Reader, q: ParsedQuery, filter: SearchFilter, limit: number, among: readonly DocRef[] | undefined): Promise<Row[]> {
  const params: unknown[] = [tx.workspaceId, filter.types, q.folded, limit, q.phonetic];
  const visible = filter.visibleTo ? `and $${params.push(filter.visibleTo)}::uuid = any(d.owner_ids)` : '';
  // Scoring a few known documents by their keys instead of every sound-alike of a common name
  // (thousands of trigram comparisons, about 10 µs each).
  const only = among
    ? `and (d.type, d.record_id) in (select r.type, r.id from unnest($${params.push(among.map((r) => r.type))}::text[], $${params.push(among.map((r) => r.id))}::uuid[]) as r(type, id))`
    : '';
  // A name that sounds like every word of the query gets a lift over one that only shares letters.
  const { rows } = await tx.query<Row>(
    `select d.type, d.record_id, d.title, d.keys, d.body,
            greatest(word_similarity($3, d.fuzzy), similarity($3, d.fuzzy))
              + case when d.phonetic @@ $5::tsquery then 0.3 else 0 end as score,
            null as snippet
       from search_documents d
      where d.workspace_id = $1 and d.type = any($2::text[]) ${visible} ${only}
        and ($3 <% d.fuzzy or d.phonetic @@ $5::tsquery)
      order by score desc, d.record_id
      limit $4`,
    params,
  );
  return rows;
}

function toHit(row: Row, q: ParsedQuery): KeywordHit {
  const snippet = row.snippet ? markedToHtml(row.snippet) : markSimilar([row.title, row.keys].filter((t) => t !== '').join(' · '), q.words);
  return { type: row.type, id: row.record_id, title: row.title, snippet, score: Number(row.score) };
}

export interface PostgresKeywordEngine extends KeywordEngine {
  /** Full-text hits only, best first. */
  fullText(text: string, filter: SearchFilter): Promise<KeywordHit[]>;
  /**
   * Typo-tolerant hits only, best first; with `among`, only those of these
   * documents (type-ahead re-scores the full-text hits instead of looking
   * through every sound-alike in the workspace).
   */
  fuzzy(text: string, filter: SearchFilter, options?: { among?: readonly DocRef[] }): Promise<KeywordHit[]>;
}

/**
 * The default keyword engine: PostgreSQL full text and trigram/phonetic
 * matching over the stored documents. The documents table is its index, so
 * writes go through the document store in the indexer's transaction and
 * `index`/`remove` here have nothing left to do.
 */
export function createPostgresKeywordEngine(deps: { db: Database }): PostgresKeywordEngine {
  const { db } = deps;
  const read = <T>(workspaceId: string, fn: (tx: Reader) => Promise<T>) => fn({ workspaceId, query: (sql, params) => db.systemQuery(sql, params) });

  async function fullTextHits(text: string, filter: SearchFilter): Promise<KeywordHit[]> {
    const q = parseQuery(text);
    const rows = await read(filter.workspaceId, (tx) => fullText(tx, q, filter, filter.limit));
    return rows.map((row) => toHit(row, q));
  }

  async function fuzzyHits(text: string, filter: SearchFilter, options: { among?: readonly DocRef[] } = {}): Promise<KeywordHit[]> {
    const q = parseQuery(text);
    if (q.folded.length < 3 || options.among?.length === 0) return [];
    const rows = await read(filter.workspaceId, (tx) => fuzzy(tx, q, filter, filter.limit, options.among));
    return rows.map((row) => toHit(row, q));
  }

  return {
    name: 'postgres',
    fullText: fullTextHits,
    fuzzy: fuzzyHits,
    async index() {},
    async remove() {},
    async clear() {},
    async search(text, filter) {
      const [exact, close] = await Promise.all([fullTextHits(text, filter), fuzzyHits(text, filter)]);
      const seen = new Set(exact.map((h) => `${h.type}:${h.id}`));
      return [...exact, ...close.filter((h) => !seen.has(`${h.type}:${h.id}`))].slice(0, filter.limit);
    },
    async count(workspaceId) {
      const { rows } = await read(workspaceId, (tx) =>
        tx.query<{ type: SearchType; n: string }>('select type, count(*) as n from search_documents where workspace_id = $1 group by type', [workspaceId]),
      );
      const counts = Object.fromEntries(searchTypes.map((t) => [t, 0])) as Record<SearchType, number>;
      for (const row of rows) counts[row.type] = Number(row.n);
      return counts;
    },
    async checksums(workspaceId, refs: readonly DocRef[]) {
      if (refs.length === 0) return new Map<string, string>();
      const { rows } = await read(workspaceId, (tx) =>
        tx.query<{ type: string; record_id: string; checksum: string }>(
          `select d.type, d.record_id, d.checksum from search_documents d join unnest($2::text[], $3::uuid[]) as r(type, id)
             on d.type = r.type and d.record_id = r.id where d.workspace_id = $1`,
          [workspaceId, refs.map((r) => r.type), refs.map((r) => r.id)],
        ),
      );
      return new Map(rows.map((r) => [`${r.type}:${r.record_id}`, r.checksum]));
    },
  };
}
