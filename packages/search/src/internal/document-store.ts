import type { SqlClient } from '@nexus/db';
import type { DocRef } from '../ports';
import type { BuiltDocument } from './documents';

/**
 * The stored documents: the PostgreSQL keyword index itself and the source
 * the embedding worker and external engines read. Written with the caller's
 * client so that the outbox relay's position and the index move together.
 */

const upsertSql = `
  insert into search_documents as s
    (workspace_id, type, record_id, title, keys, body, owner_ids, updated_at, checksum, tsv, fuzzy, phonetic, vector_pending, indexed_at)
  select d.workspace_id, d.type, d.id, d.title, d.keys, d.body,
         array(select jsonb_array_elements_text(d.owner_ids))::uuid[],
         d.updated_at, d.checksum,
         setweight(to_tsvector('english', d.title), w.title)
           || setweight(to_tsvector('simple', d.title), w.title)
           || setweight(to_tsvector('simple', d.keys || ' ' || d.terms), 'B')
           || setweight(to_tsvector('english', d.body), w.body),
         d.fuzzy,
         to_tsvector('simple', coalesce((select string_agg(dmetaphone(x), ' ') from unnest(string_to_array(d.title_words, ' ')) x where x <> ''), '')),
         true, now()
    from jsonb_to_recordset($1::jsonb) as d(
           workspace_id uuid, type text, id uuid, title text, keys text, body text, owner_ids jsonb,
           updated_at timestamptz, checksum text, terms text, fuzzy text, title_words text)
   cross join lateral (
           select case when d.type = 'activities' then 'B' else 'A' end::"char" as title,
                  case when d.type = 'activities' then 'D' else 'C' end::"char" as body) w
  on conflict (workspace_id, type, record_id) do update set
    title = excluded.title, keys = excluded.keys, body = excluded.body, owner_ids = excluded.owner_ids,
    updated_at = excluded.updated_at, checksum = excluded.checksum, tsv = excluded.tsv, fuzzy = excluded.fuzzy,
    phonetic = excluded.phonetic, indexed_at = now(),
    vector_pending = s.vector_pending or s.checksum <> excluded.checksum
  where s.updated_at <= excluded.updated_at`;

/**
 * Inserts or refreshes documents. An older version of a record (an event
 * delivered late) never replaces a newer one. With `touch` (a reindex) every
 * document not older than the stored one is rewritten, so that whatever the
 * reindex did not touch is known to be stale.
 */
export async function upsertDocuments(client: SqlClient, docs: readonly BuiltDocument[], options: { touch?: boolean } = {}): Promise<void> {
  if (docs.length === 0) return;
  const payload = docs.map((d) => ({
    workspace_id: d.workspaceId,
    type: d.type,
    id: d.id,
    title: d.title,
    keys: d.keys,
    body: d.body,
    owner_ids: d.ownerIds,
    updated_at: d.updatedAt,
    checksum: d.checksum,
    terms: d.terms,
    fuzzy: d.fuzzy,
    title_words: d.titleWords,
  }));
  const sql = options.touch ? upsertSql : `${upsertSql} and (s.checksum <> excluded.checksum or s.updated_at < excluded.updated_at)`;
  await client.query(sql, [JSON.stringify(payload)]);
}

/** Removes documents and queues their vectors for removal from the vector store. */
export async function deleteDocuments(client: SqlClient, workspaceId: string, refs: readonly DocRef[]): Promise<void> {
  if (refs.length === 0) return;
  const types = refs.map((r) => r.type);
  const ids = refs.map((r) => r.id);
  await client.query(
    `with gone as (
       delete from search_documents s using unnest($2::text[], $3::uuid[]) as r(type, id)
        where s.workspace_id = $1 and s.type = r.type and s.record_id = r.id
     )
     insert into search_vector_removals (workspace_id, type, record_id)
     select $1, r.type, r.id from unnest($2::text[], $3::uuid[]) as r(type, id)
     on conflict do nothing`,
    [workspaceId, types, ids],
  );
}
