import type { WorkspaceTx } from '@nexus/db';
import type { MatchableObject } from '@nexus/crm-core';

/** One field that matched in a stored pair, with its similarity (0..1) and how far it moved the score. */
export interface PairReason {
  field: string;
  similarity: number;
  weight: number;
}

export interface ScoredPair {
  /** a < b, as stored. */
  a: string;
  b: string;
  score: number;
  reasons: PairReason[];
}

/** A pair's ids in stored order. */
export function orderedPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

/**
 * Writes pairs; a pair already stored takes the new score and reasons and
 * keeps its status, so a dismissed pair stays dismissed.
 */
export async function upsertPairs(tx: WorkspaceTx, object: MatchableObject, pairs: readonly ScoredPair[]): Promise<void> {
  for (let start = 0; start < pairs.length; start += 2_000) {
    const chunk = pairs.slice(start, start + 2_000).map((p) => ({ a: p.a, b: p.b, score: p.score, reasons: p.reasons }));
    await tx.query(
      `insert into duplicate_pairs (workspace_id, object, a_id, b_id, score, reasons)
       select $1, $2, x.a, x.b, x.score, x.reasons from jsonb_to_recordset($3::jsonb) as x(a uuid, b uuid, score double precision, reasons jsonb)
       on conflict (workspace_id, object, a_id, b_id) do update set score = excluded.score, reasons = excluded.reasons`,
      [tx.workspaceId, object, JSON.stringify(chunk)],
    );
  }
}

/** Sets one record's open pairs to exactly these (its matches as just scored). */
export async function replaceRecordPairs(tx: WorkspaceTx, object: MatchableObject, recordId: string, pairs: readonly ScoredPair[]): Promise<void> {
  await upsertPairs(tx, object, pairs);
  const keep = pairs.map((p) => (p.a === recordId ? p.b : p.a));
  await tx.query(
    `delete from duplicate_pairs
      where workspace_id = $1 and object = $2 and status = 'open' and (a_id = $3 or b_id = $3)
        and not (case when a_id = $3 then b_id else a_id end = any($4::uuid[]))`,
    [tx.workspaceId, object, recordId, keep],
  );
}

/** Forgets the open pairs of records that are gone (deleted, merged); dismissals are kept for when they come back. */
export async function removeRecordPairs(tx: WorkspaceTx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(`delete from duplicate_pairs where workspace_id = $1 and status = 'open' and (a_id = any($2::uuid[]) or b_id = any($2::uuid[]))`, [tx.workspaceId, [...ids]]);
}

/** Replaces every open pair of one object (a full rescan). */
export async function replaceOpenPairs(tx: WorkspaceTx, object: MatchableObject, pairs: readonly ScoredPair[]): Promise<void> {
  await tx.query(`delete from duplicate_pairs where workspace_id = $1 and object = $2 and status = 'open'`, [tx.workspaceId, object]);
  await upsertPairs(tx, object, pairs);
}

/** Open pairs, strongest first, at most `limit`. */
export async function openPairs(tx: WorkspaceTx, object: MatchableObject, limit: number): Promise<ScoredPair[]> {
  const { rows } = await tx.query<{ a_id: string; b_id: string; score: number; reasons: PairReason[] }>(
    `select a_id, b_id, score, reasons from duplicate_pairs where workspace_id = $1 and object = $2 and status = 'open' order by score desc, a_id, b_id limit $3`,
    [tx.workspaceId, object, limit],
  );
  return rows.map((row) => ({ a: row.a_id, b: row.b_id, score: Number(row.score), reasons: row.reasons }));
}

/** Pairs among these records that were dismissed (never proposed or auto-merged again). */
export async function dismissedAmong(tx: WorkspaceTx, object: MatchableObject, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ a_id: string; b_id: string }>(
    `select a_id, b_id from duplicate_pairs where workspace_id = $1 and object = $2 and status = 'dismissed' and a_id = any($3::uuid[]) and b_id = any($3::uuid[])`,
    [tx.workspaceId, object, [...ids]],
  );
  return new Set(rows.map((row) => `${row.a_id}:${row.b_id}`));
}

/** Marks every open pair among these records dismissed; returns how many. */
export async function dismissPairs(tx: WorkspaceTx, object: MatchableObject, ids: readonly string[]): Promise<number> {
  const { rowCount } = await tx.query(
    `update duplicate_pairs set status = 'dismissed' where workspace_id = $1 and object = $2 and status = 'open' and a_id = any($3::uuid[]) and b_id = any($3::uuid[])`,
    [tx.workspaceId, object, [...ids]],
  );
  return rowCount;
}

/**
 * Ids of the records in an open duplicate pair: what the data-quality score
 * counts as "has a likely duplicate".
 *
 * @example
 * const dupes = await duplicateRecordIds(tx, 'contacts'); // Set { 'c1', 'c7' }
 */
export async function duplicateRecordIds(tx: WorkspaceTx, object: MatchableObject): Promise<Set<string>> {
  const { rows } = await tx.query<{ id: string }>(
    `select a_id as id from duplicate_pairs where workspace_id = $1 and object = $2 and status = 'open'
     union select b_id from duplicate_pairs where workspace_id = $1 and object = $2 and status = 'open'`,
    [tx.workspaceId, object],
  );
  return new Set(rows.map((row) => row.id));
}
