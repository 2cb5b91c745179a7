-- Search: stored documents with their full-text, trigram and phonetic forms,
-- kept current from the outbox, embedding models trained
-- per workspace, and vectors (pgvector where the extension exists, otherwise
-- plain arrays scanned exactly).

create extension if not exists pg_trgm;
create extension if not exists btree_gin;
create extension if not exists unaccent;
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'vector') then
    create extension if not exists vector;
  end if;
end $$;

create table search_documents (
  workspace_id uuid not null references workspaces (id),
  type text not null check (type in ('contacts', 'companies', 'deals', 'activities')),
  record_id uuid not null,
  title text not null,
  keys text not null default '',
  body text not null default '',
  owner_ids uuid[] not null default '{}',
  updated_at timestamptz not null,
  -- The record's version: a document is only ever replaced by a newer one.
  version integer not null,
  checksum text not null,
  -- Weighted lexemes: title A (B for activities), keys B, body C (D for activities).
  tsv tsvector not null,
  -- Lower-cased, unaccented title and keys, for trigram matching.
  fuzzy text not null,
  -- Double-metaphone codes of the title's words: "jhon smth" sounds like "john smith".
  phonetic tsvector not null,
  vector_pending boolean not null default true,
  indexed_at timestamptz not null default now(),
  primary key (workspace_id, type, record_id)
);
create index search_documents_tsv_idx on search_documents using gin (workspace_id, tsv);
create index search_documents_fuzzy_idx on search_documents using gin (workspace_id, fuzzy gin_trgm_ops);
create index search_documents_phonetic_idx on search_documents using gin (workspace_id, phonetic);
create index search_documents_vector_pending_idx on search_documents (workspace_id, type, record_id) where vector_pending;

-- Deleted records, by the version that deleted them: a rebuild or a late
-- event never brings back an older version of a record that is gone.
create table search_tombstones (
  workspace_id uuid not null references workspaces (id),
  type text not null,
  record_id uuid not null,
  version integer not null,
  deleted_at timestamptz not null default now(),
  primary key (workspace_id, type, record_id)
);
create index search_tombstones_age_idx on search_tombstones (deleted_at);

-- Records whose vectors must go: the document is already gone, the vector
-- store (which may be remote) is cleaned in the background.
create table search_vector_removals (
  workspace_id uuid not null references workspaces (id),
  type text not null,
  record_id uuid not null,
  enqueued_at timestamptz not null default now(),
  primary key (workspace_id, type, record_id)
);

-- Documents to copy to an external keyword engine (Elasticsearch): written
-- with the document, sent in the background, never inside a transaction.
create table search_external_queue (
  workspace_id uuid not null references workspaces (id),
  type text not null,
  record_id uuid not null,
  enqueued_at timestamptz not null default clock_timestamp(),
  primary key (workspace_id, type, record_id)
);
create index search_external_queue_age_idx on search_external_queue (enqueued_at);

create table search_models (
  workspace_id uuid not null references workspaces (id),
  model text not null,
  provider text not null,
  state text not null check (state in ('building', 'active', 'retired')),
  dimensions integer not null,
  document_count integer not null default 0,
  data bytea,
  created_at timestamptz not null default now(),
  activated_at timestamptz,
  primary key (workspace_id, model)
);
create unique index search_models_one_active on search_models (workspace_id) where state = 'active';
create unique index search_models_one_building on search_models (workspace_id) where state = 'building';

-- One table either way; only the embedding's type depends on pgvector.
do $$
begin
  execute format(
    'create table search_vectors (
       workspace_id uuid not null references workspaces (id),
       model text not null,
       type text not null,
       record_id uuid not null,
       owner_ids uuid[] not null default ''{}'',
       dims integer not null,
       embedding %s not null,
       primary key (workspace_id, model, type, record_id)
     )',
    case when exists (select 1 from pg_extension where extname = 'vector') then 'vector' else 'real[]' end
  );
end $$;
create index search_vectors_record_idx on search_vectors (workspace_id, type, record_id);

do $$
declare
  t text;
begin
  foreach t in array array['search_documents', 'search_tombstones', 'search_vector_removals', 'search_external_queue', 'search_models', 'search_vectors'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy workspace_isolation on %I using (workspace_id = nullif(current_setting(''app.workspace_id'', true), '''')::uuid) with check (workspace_id = nullif(current_setting(''app.workspace_id'', true), '''')::uuid)',
      t
    );
  end loop;
end $$;
-- Tenant requests only read the index; the indexer writes it with owner rights.
grant select on search_documents, search_models, search_vectors to nexus_app;
