import type { SqlClient } from '@nexus/db';
import type { DocRef } from '../ports';
import type { BuiltDocument } from './documents';

/**
 * The stored documents: the PostgreSQL keyword index itself and the source
 * the embedding worker and external engines read. Written with the caller's
 * client so that the outbox relay's position and the index move together.
 * A document is replaced only by a newer version of its record, and never
 * brought back once a newer version deleted it (tombstones), whatever order
 * events and rebuilds arrive in.
 */

const upsertSql = `
  insert into search_documents as s
    (workspace_id, type, record_id, title, keys, body, owner_ids, updated_at, version, checksum, tsv, fuzzy, phonetic, vector_pending, indexed_at)
  select d.workspace_id, d.type, d.id, d.title, d.keys, d.body,
         array(select jsonb_array_elements_text(d.owner_ids))::uuid[],
         d.updated_at, d.version, d.checksum,
         setweight(to_tsvector('english', d.title), w.title)
           || setweight(to_tsvector('simple', d.title), w.title)
           || setweight(to_tsvector('simple', d.keys || ' ' || d.terms), 'B')
           || setweight(to_tsvector('english', d.body), w.body),
         d.fuzzy,
         to_tsvector('simple', d.phonetic),
         true, now()
    from jsonb_to_recordset($1::jsonb) as d(
           workspace_id uuid, type text, id uuid, title text, keys text, body text, owner_ids jsonb,
           updated_at timestamptz, version integer, checksum text, terms text, fuzzy text, phonetic text)
   cross join lateral (
           select case when d.type = 'activities' then 'B' else 'A' end::"char" as title,
                  case when d.type = 'activities' then 'D' else 'C' end::"char" as body) w
   where not exists (
           select 1 from search_tombstones t
            where t.workspace_id = d.workspace_id and t.type = d.type and t.record_id = d.id and t.version >= d.version)
  on conflict (workspace_id, type, record_id) do update set
    title = excluded.title, keys = excluded.keys, body = excluded.body, owner_ids = excluded.owner_ids,
    updated_at = excluded.updated_at, version = excluded.version, checksum = excluded.checksum, tsv = excluded.tsv,
    fuzzy = excluded.fuzzy, phonetic = excluded.phonetic, indexed_at = now(),
    vector_pending = s.vector_pending or s.checksum <> excluded.checksum`;

/** Events replace a document with a newer version, or the same version when its content differs (links, owners). */
const eventGuard = ' where s.version < excluded.version or (s.version = excluded.version and s.checksum <> excluded.checksum)';
/** A rebuild rewrites every document not newer than what it read, so whatever it did not touch is known to be stale. */
const touchGuard = ' where s.version <= excluded.version';

/**
 * Inserts or refreshes documents; returns the refs actually written (an
 * older version, or one deleted since, is skipped).
 */
export async function upsertDocuments(client: SqlClient, docs: readonly BuiltDocument[], options: { touch?: boolean } = {}): Promise<DocRef[]> {
  if (docs.length === 0) return [];
  const payload = docs.map((d) => ({
    workspace_id: d.workspaceId,
    type: d.type,
    id: d.id,
    title: d.title,
    keys: d.keys,
    body: d.body,
    owner_ids: d.ownerIds,
    updated_at: d.updatedAt,
    version: d.version,
    checksum: d.checksum,
    terms: d.terms,
    fuzzy: d.fuzzy,
    phonetic: d.phonetic,
  }));
  const { rows } = await client.query<DocRef>(`${upsertSql}${options.touch ? touchGuard : eventGuard} returning s.type, s.record_id as id`, [JSON.stringify(payload)]);
  return rows;
}

/**
 * Removes documents deleted at `version` (or below), leaves a tombstone so
 * nothing older comes back, and queues their vectors for removal.
 */
export async function deleteDocuments(client: SqlClient, workspaceId: string, refs: ReadonlyArray<DocRef & { version: number }>): Promise<void> {
  if (refs.length === 0) return;
  await client.query(
    `with r as (
       select * from unnest($2::text[], $3::uuid[], $4::integer[]) as r(type, id, version)
     ), tomb as (
       insert into search_tombstones as t (workspace_id, type, record_id, version)
       select $1, r.type, r.id, r.version from r
       on conflict (workspace_id, type, record_id) do update set version = greatest(t.version, excluded.version), deleted_at = now()
     ), gone as (
       delete from search_documents s using r
        where s.workspace_id = $1 and s.type = r.type and s.record_id = r.id and s.version <= r.version
     )
     insert into search_vector_removals (workspace_id, type, record_id)
     select $1, r.type, r.id from r
     on conflict do nothing`,
    [workspaceId, refs.map((r) => r.type), refs.map((r) => r.id), refs.map((r) => r.version)],
  );
}

/** Queues documents for the external keyword engine; the background worker sends them. */
export async function queueExternal(client: SqlClient, workspaceId: string, refs: readonly DocRef[]): Promise<void> {
  if (refs.length === 0) return;
  await client.query(
    `insert into search_external_queue (workspace_id, type, record_id)
     select $1, r.type, r.id from unnest($2::text[], $3::uuid[]) as r(type, id)
     on conflict (workspace_id, type, record_id) do update set enqueued_at = clock_timestamp()`,
    [workspaceId, refs.map((r) => r.type), refs.map((r) => r.id)],
  );
}
