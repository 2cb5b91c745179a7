-- Data quality: import jobs (with their quarantine and the changes a revert
-- undoes), duplicate pairs found as records change, reversible merges, the
-- provenance of every enriched or normalised value, and the Enrichment
-- service's credit ledger.

create table imports (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  object text not null check (object in ('companies', 'contacts', 'deals', 'activities')),
  format text not null,
  file_name text not null,
  file_path text not null,
  file_bytes bigint not null,
  mapping jsonb not null,
  options jsonb not null default '{}',
  status text not null check (status in ('queued', 'running', 'completed', 'failed', 'reverting', 'reverted')),
  processed integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  quarantined integer not null default 0,
  -- The number (1, 2, … in file order) of the last row committed: a restarted job goes on after it.
  checkpoint_row integer not null default 0,
  estimated_rows integer,
  error jsonb,
  -- What a revert did: records moved to the trash, restored, and left alone because they changed since.
  revert_summary jsonb,
  created_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
create index imports_workspace_idx on imports (workspace_id, created_at desc, id);
create index imports_unfinished_idx on imports (status) where status in ('queued', 'running', 'reverting');

create table import_errors (
  workspace_id uuid not null references workspaces (id),
  import_id uuid not null references imports (id) on delete cascade,
  -- The row's number in file order, and where it starts in the file (a JSON array's records may share a line).
  row_number integer not null,
  line integer not null,
  cells jsonb not null,
  reasons jsonb not null,
  primary key (import_id, row_number)
);

-- What an import wrote, batch by batch, so that a revert undoes exactly
-- that: the records it created, and the state before of those it updated.
create table import_batches (
  workspace_id uuid not null references workspaces (id),
  import_id uuid not null references imports (id) on delete cascade,
  first_row integer not null,
  last_row integer not null,
  created_ids uuid[] not null default '{}',
  -- Companies made from a contacts or deals file's company column.
  created_company_ids uuid[] not null default '{}',
  -- Notes made from a row's note column.
  created_activity_ids uuid[] not null default '{}',
  -- [{ id, before, after }]: the fields the import changed, as they were and as it left them
  updated jsonb not null default '[]',
  primary key (import_id, first_row)
);

create table duplicate_pairs (
  workspace_id uuid not null references workspaces (id),
  object text not null check (object in ('companies', 'contacts')),
  -- a_id < b_id, so a pair is stored once.
  a_id uuid not null,
  b_id uuid not null,
  score double precision not null,
  reasons jsonb not null,
  status text not null default 'open' check (status in ('open', 'dismissed')),
  detected_at timestamptz not null default now(),
  primary key (workspace_id, object, a_id, b_id),
  check (a_id < b_id)
);
create index duplicate_pairs_score_idx on duplicate_pairs (workspace_id, object, status, score desc);
create index duplicate_pairs_b_idx on duplicate_pairs (workspace_id, b_id);

create table merges (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  object text not null check (object in ('companies', 'contacts')),
  survivor_id uuid not null,
  merged_ids uuid[] not null,
  field_choices jsonb not null default '{}',
  -- Everything the undo restores: the records as they were and every relation row moved.
  snapshot jsonb not null,
  automatic boolean not null default false,
  status text not null default 'applied' check (status in ('applied', 'undone')),
  created_by uuid,
  created_at timestamptz not null default now(),
  undone_by uuid,
  undone_at timestamptz
);
create index merges_workspace_idx on merges (workspace_id, created_at desc, id);

create table field_provenance (
  workspace_id uuid not null references workspaces (id),
  object text not null check (object in ('companies', 'contacts', 'deals', 'activities')),
  record_id uuid not null,
  field text not null,
  value jsonb,
  source text not null,
  confidence double precision not null check (confidence >= 0 and confidence <= 1),
  recorded_at timestamptz not null,
  primary key (workspace_id, record_id, field)
);

create table enrichment_credits (
  workspace_id uuid not null references workspaces (id),
  provider text not null,
  period text not null,
  used integer not null default 0 check (used >= 0),
  primary key (workspace_id, provider, period)
);

do $$
declare
  t text;
begin
  foreach t in array array['imports', 'import_errors', 'import_batches', 'duplicate_pairs', 'merges', 'field_provenance', 'enrichment_credits'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy workspace_isolation on %I using (workspace_id = nullif(current_setting(''app.workspace_id'', true), '''')::uuid) with check (workspace_id = nullif(current_setting(''app.workspace_id'', true), '''')::uuid)',
      t
    );
    execute format('grant select, insert, update, delete on %I to nexus_app', t);
  end loop;
end $$;

-- Finding records by key (an import's upserts, duplicate blocking). Under
-- row-level security the planner may not use an index for an operator that
-- is not leakproof (array overlap, lower()), and scans the workspace instead;
-- these functions run the lookup with the index and still see only the
-- caller's workspace, taken from the same setting the policies read.
create function contacts_by_emails(wanted text[]) returns table (id uuid, emails text[], version integer)
language sql stable security definer set search_path = public as $$
  select c.id, c.emails, c.version from contacts c
  where c.workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid and c.emails && wanted and c.deleted_at is null
$$;
create function companies_by_domains(wanted text[]) returns table (id uuid, domain text, version integer)
language sql stable security definer set search_path = public as $$
  select c.id, c.domain, c.version from companies c
  where c.workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid and lower(c.domain) = any(wanted) and c.deleted_at is null
$$;
revoke all on function contacts_by_emails(text[]) from public;
revoke all on function companies_by_domains(text[]) from public;
grant execute on function contacts_by_emails(text[]) to nexus_app;
grant execute on function companies_by_domains(text[]) to nexus_app;

-- New entries go straight into the e-mail index: a pending list makes every
-- lookup scan it, which turns a bulk import's upserts quadratic.
alter index contacts_emails_idx set (fastupdate = off);
