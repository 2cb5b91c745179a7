import type { Database } from '@nexus/db';
import { seconds } from './search-measure';

/**
 * The naive approach the search service is measured against: full-text and
 * trigram GIN indexes over the record tables' name expressions, global (no
 * workspace column), the tsvector computed at query time, the workspace a
 * plain filter, and trigram matching at pg_trgm's default threshold (0.3).
 */

const contactName = `(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))`;
const companyName = '(name)';

export const baselineIndexSql = [
  `create index bench_naive_contacts_fts on contacts using gin (to_tsvector('english', ${contactName}))`,
  `create index bench_naive_companies_fts on companies using gin (to_tsvector('english', ${companyName}))`,
  `create index bench_naive_contacts_trgm on contacts using gin (${contactName} gin_trgm_ops)`,
  `create index bench_naive_companies_trgm on companies using gin (${companyName} gin_trgm_ops)`,
] as const;

const fullTextPart = (type: string, table: string, name: string) => `
  (select '${type}' as type, id, ${name} as title, ts_rank(to_tsvector('english', ${name}), plainto_tsquery('english', $2)) as score
     from ${table}
    where to_tsvector('english', ${name}) @@ plainto_tsquery('english', $2) and workspace_id = $1 and deleted_at is null
    order by score desc limit $3)`;

const trigramPart = (type: string, table: string, name: string) => `
  (select '${type}' as type, id, ${name} as title, similarity(${name}, $2) as score
     from ${table}
    where ${name} % $2 and workspace_id = $1 and deleted_at is null
    order by score desc limit $3)`;

/** Top-20 full text over contacts and companies: each table's best, merged. */
export const baselineFullTextSql = `select * from (${fullTextPart('contacts', 'contacts', contactName)} union all ${fullTextPart('companies', 'companies', companyName)}) u order by score desc limit $3`;

/** Top-10 trigram matches at the default similarity threshold. */
export const baselineTrigramSql = `select * from (${trigramPart('contacts', 'contacts', contactName)} union all ${trigramPart('companies', 'companies', companyName)}) u order by score desc limit $3`;

export interface BaselineHit {
  type: string;
  id: string;
  title: string;
  score: number;
}

/** Creates the naive indexes and refreshes statistics; returns the seconds it took. */
export async function createBaselineIndexes(db: Database): Promise<{ seconds: number; analyzeSeconds: number }> {
  const started = performance.now();
  for (const sql of baselineIndexSql) await db.systemQuery(sql);
  const built = seconds(started);
  const analyzeStarted = performance.now();
  await db.systemQuery('analyze contacts');
  await db.systemQuery('analyze companies');
  return { seconds: built, analyzeSeconds: seconds(analyzeStarted) };
}

/**
 * How a baseline query runs. `owner`: with owner rights, the workspace only
 * in the WHERE clause, so the GIN indexes serve `@@` and `%` (the naive design
 * as such). `tenant`: as the product runs its own reads, in a read-only unit
 * bound to the workspace under row-level security, where PostgreSQL may not
 * use a non-leakproof operator (`@@`, `%`, `<%`) as an index condition.
 */
export type BaselineRights = 'owner' | 'tenant';

export async function baselineQuery(db: Database, rights: BaselineRights, sql: string, workspaceId: string, q: string, limit: number): Promise<BaselineHit[]> {
  const params = [workspaceId, q, limit];
  if (rights === 'owner') return (await db.systemQuery<BaselineHit>(sql, params)).rows;
  return db.withWorkspace(workspaceId, async (tx) => (await tx.query<BaselineHit>(sql, params)).rows, { readOnly: true });
}
