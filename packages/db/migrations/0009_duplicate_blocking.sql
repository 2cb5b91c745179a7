-- The keys duplicate detection finds candidates by (blocking keys), one row
-- per key and record: a contact's addresses, mailbox names, phone tails,
-- surname prefix with and without its first initial, and company with first
-- initial; a company's domains and the start of its name. Detection writes a
-- record's keys when it matches the record (in the background, after the
-- write or import that changed it: the record tables carry no extra index)
-- and finds the records sharing a key through the primary key, at most a
-- set number per key and oldest first, instead of reading the workspace.
-- Keys are made by the service (`e:ada@example.com`, `n:lov|a`, ...), so a
-- stored key and a looked-up one are always made the same way.

create table duplicate_keys (
  workspace_id uuid not null references workspaces (id),
  object text not null check (object in ('companies', 'contacts')),
  key text not null check (char_length(key) <= 400),
  record_id uuid not null,
  primary key (workspace_id, object, key, record_id)
);
-- A record's keys, to replace them when it changes and drop them when it goes.
create index duplicate_keys_record_idx on duplicate_keys (workspace_id, object, record_id);

alter table duplicate_keys enable row level security;
create policy workspace_isolation on duplicate_keys
  using (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
  with check (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
grant select, insert, update, delete on duplicate_keys to nexus_app;

-- Records stored before this table have no keys yet: every workspace that
-- exists now is keyed once in the background (pages in id order, resumable
-- from `after_id`), and the row goes when it is done.
create table duplicate_key_backfills (
  workspace_id uuid not null references workspaces (id),
  object text not null check (object in ('companies', 'contacts')),
  after_id uuid not null default '00000000-0000-0000-0000-000000000000',
  primary key (workspace_id, object)
);
alter table duplicate_key_backfills enable row level security;
create policy workspace_isolation on duplicate_key_backfills
  using (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
  with check (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
insert into duplicate_key_backfills (workspace_id, object)
  select w.id, o.object from workspaces w cross join (values ('contacts'), ('companies')) as o (object);
