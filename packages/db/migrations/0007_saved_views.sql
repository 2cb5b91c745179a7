-- Saved views: a named filter, sort and set of columns for one record table.
-- A view is private to the member who made it (owner_id) or shared with the
-- whole workspace. Row-level security binds views to their workspace like
-- every tenant table; who may see a private view is decided by the service
-- (owner_id = the caller), since the policy knows the workspace, not the user.

create table saved_views (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  object text not null check (object in ('companies', 'contacts', 'deals', 'activities')),
  name text not null check (char_length(name) between 1 and 200),
  owner_id uuid not null references users (id),
  shared boolean not null default false,
  -- The list API's filter JSON object, as validated at save time.
  filter jsonb check (filter is null or jsonb_typeof(filter) = 'object'),
  -- The list API's sort string: "-createdAt", "customFields.tier".
  sort text check (sort is null or char_length(sort) between 1 and 100),
  -- Column keys in display order: ["firstName", "customFields.tier"].
  columns jsonb not null default '[]' check (case when jsonb_typeof(columns) = 'array' then jsonb_array_length(columns) <= 100 else false end),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);

-- A name is unique where people would confuse two views: among a table's
-- shared views, and among one member's private views of a table. A private
-- view may carry a shared view's name; the menu marks which is which.
create unique index saved_views_shared_name_key on saved_views (workspace_id, object, lower(name)) where shared;
create unique index saved_views_private_name_key on saved_views (workspace_id, object, owner_id, lower(name)) where not shared;
create index saved_views_list_idx on saved_views (workspace_id, object, position, id);

alter table saved_views enable row level security;
create policy workspace_isolation on saved_views
  using (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
  with check (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
grant select, insert, update, delete on saved_views to nexus_app;
