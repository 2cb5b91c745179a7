-- Search documents split into 64 partitions by a hash of the workspace.
--
-- A GIN index lists, for each word, every document holding it. With one
-- index over all workspaces, a search in one workspace walks the word's
-- list for every workspace and intersects it with the workspace's own
-- (and a prefix such as 'jo':* first gathers every matching word of every
-- workspace): at a million documents in ten workspaces a common first name
-- took ~30 ms where the workspace's own index answers in ~4 ms. In a
-- partition, a search costs what the documents of the workspaces sharing
-- it hold, not what the whole installation holds. The table keeps its name,
-- columns, keys and policy; queries name the workspace, so they read one
-- partition.

alter table search_documents rename to search_documents_unpartitioned;
alter index search_documents_pkey rename to search_documents_unpartitioned_pkey;
alter index search_documents_tsv_idx rename to search_documents_unpartitioned_tsv_idx;
alter index search_documents_fuzzy_idx rename to search_documents_unpartitioned_fuzzy_idx;
alter index search_documents_phonetic_idx rename to search_documents_unpartitioned_phonetic_idx;
alter index search_documents_vector_pending_idx rename to search_documents_unpartitioned_vector_pending_idx;

-- The same columns, defaults and checks (the column notes are in 0004).
create table search_documents (
  like search_documents_unpartitioned including defaults including constraints,
  primary key (workspace_id, type, record_id),
  constraint search_documents_workspace_id_fkey foreign key (workspace_id) references workspaces (id)
) partition by hash (workspace_id);

do $$
begin
  for i in 0..63 loop
    execute format('create table search_documents_p%s partition of search_documents for values with (modulus 64, remainder %s)', lpad(i::text, 2, '0'), i);
    -- Only the owner reads a partition directly; tenants go through the parent and its policy.
    execute format('alter table search_documents_p%s enable row level security', lpad(i::text, 2, '0'));
  end loop;
end $$;

-- Copied before the indexes exist: building a GIN index once is far cheaper than growing it row by row.
insert into search_documents select * from search_documents_unpartitioned;
drop table search_documents_unpartitioned;

-- Declared on the parent, built on every partition. The workspace still leads:
-- a partition may hold several workspaces.
create index search_documents_tsv_idx on search_documents using gin (workspace_id, tsv);
create index search_documents_fuzzy_idx on search_documents using gin (workspace_id, fuzzy gin_trgm_ops);
create index search_documents_phonetic_idx on search_documents using gin (workspace_id, phonetic);
create index search_documents_vector_pending_idx on search_documents (workspace_id, type, record_id) where vector_pending;

-- Statistics for the planner at once (PGlite has no autovacuum to gather them).
analyze search_documents;

alter table search_documents enable row level security;
create policy workspace_isolation on search_documents
  using (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
  with check (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
-- Tenant requests only read the index; the indexer writes it with owner rights.
grant select on search_documents to nexus_app;
