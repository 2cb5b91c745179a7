-- The foundation: identity, workspaces, CRM records, audit and the outbox.
-- Tenant tables carry workspace_id and are bound by row-level security to
-- the per-transaction setting app.workspace_id for the role nexus_app, which
-- every workspace transaction switches to. The owner (migrations, the outbox
-- relay) is not bound, by design.

do $$
begin
  create role nexus_app nologin;
exception when duplicate_object or unique_violation then null;
end $$;

do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant nexus_app to %I', current_user);
  end if;
end $$;

-- Global tables ------------------------------------------------------------

create table users (
  id uuid primary key,
  email text not null,
  name text not null,
  password_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table workspaces (
  id uuid primary key,
  name text not null,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table memberships (
  workspace_id uuid not null references workspaces (id),
  user_id uuid not null references users (id),
  role text not null check (role in ('owner', 'admin', 'member', 'read_only')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

create table sessions (
  id uuid primary key,
  token_hash text not null unique,
  user_id uuid not null references users (id),
  workspace_id uuid not null references workspaces (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_idx on sessions (user_id);

create table api_keys (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  created_by uuid not null references users (id),
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  scopes text[] not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_workspace_idx on api_keys (workspace_id);

create table invitations (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  email text not null,
  role text not null check (role in ('admin', 'member', 'read_only')),
  token_hash text not null unique,
  invited_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz
);
create index invitations_workspace_idx on invitations (workspace_id);

create table outbox_consumers (
  name text primary key,
  last_id bigint not null default 0,
  updated_at timestamptz not null default now()
);

-- Tenant tables --------------------------------------------------------------

create table companies (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  external_id text,
  name text not null,
  domain text,
  industry text,
  size text,
  address jsonb,
  website text,
  social_links jsonb not null default '{}',
  tags text[] not null default '{}',
  custom_fields jsonb not null default '{}',
  owner_id uuid references users (id),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  version integer not null default 1,
  unique (workspace_id, id)
);
create unique index companies_external_id_key on companies (workspace_id, external_id) where external_id is not null;
create index companies_name_idx on companies (workspace_id, name, id);
create index companies_domain_idx on companies (workspace_id, lower(domain));
create index companies_created_idx on companies (workspace_id, created_at, id);

create table contacts (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  external_id text,
  first_name text,
  last_name text,
  emails text[] not null default '{}',
  phones text[] not null default '{}',
  title text,
  address jsonb,
  lifecycle_stage text,
  lead_source text,
  tags text[] not null default '{}',
  company_id uuid,
  custom_fields jsonb not null default '{}',
  owner_id uuid references users (id),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  version integer not null default 1,
  unique (workspace_id, id),
  foreign key (workspace_id, company_id) references companies (workspace_id, id)
);
create unique index contacts_external_id_key on contacts (workspace_id, external_id) where external_id is not null;
create index contacts_name_idx on contacts (workspace_id, last_name, first_name, id);
create index contacts_created_idx on contacts (workspace_id, created_at, id);
create index contacts_company_idx on contacts (workspace_id, company_id);
create index contacts_emails_idx on contacts using gin (emails);

create table contact_companies (
  workspace_id uuid not null references workspaces (id),
  contact_id uuid not null,
  company_id uuid not null,
  primary key (contact_id, company_id),
  foreign key (workspace_id, contact_id) references contacts (workspace_id, id),
  foreign key (workspace_id, company_id) references companies (workspace_id, id)
);
create index contact_companies_company_idx on contact_companies (company_id);

create table pipelines (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  external_id text,
  name text not null,
  is_default boolean not null default false,
  position integer not null default 0,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  version integer not null default 1,
  unique (workspace_id, id)
);
create unique index pipelines_external_id_key on pipelines (workspace_id, external_id) where external_id is not null;
create unique index pipelines_default_key on pipelines (workspace_id) where is_default and deleted_at is null;

create table pipeline_stages (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  pipeline_id uuid not null,
  name text not null,
  position integer not null,
  probability integer not null check (probability between 0 and 100),
  type text not null check (type in ('open', 'won', 'lost')),
  created_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, pipeline_id) references pipelines (workspace_id, id)
);
create index pipeline_stages_pipeline_idx on pipeline_stages (pipeline_id, position);

create table deals (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  external_id text,
  name text not null,
  amount numeric,
  currency text not null,
  pipeline_id uuid not null,
  stage_id uuid not null,
  close_date date,
  company_id uuid,
  tags text[] not null default '{}',
  custom_fields jsonb not null default '{}',
  owner_id uuid references users (id),
  stage_changed_at timestamptz not null default now(),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  version integer not null default 1,
  unique (workspace_id, id),
  foreign key (workspace_id, pipeline_id) references pipelines (workspace_id, id),
  foreign key (workspace_id, stage_id) references pipeline_stages (workspace_id, id),
  foreign key (workspace_id, company_id) references companies (workspace_id, id)
);
create unique index deals_external_id_key on deals (workspace_id, external_id) where external_id is not null;
create index deals_stage_idx on deals (workspace_id, stage_id);
create index deals_company_idx on deals (workspace_id, company_id);
create index deals_created_idx on deals (workspace_id, created_at, id);
create index deals_close_date_idx on deals (workspace_id, close_date, id);

create table deal_contacts (
  workspace_id uuid not null references workspaces (id),
  deal_id uuid not null,
  contact_id uuid not null,
  primary key (deal_id, contact_id),
  foreign key (workspace_id, deal_id) references deals (workspace_id, id),
  foreign key (workspace_id, contact_id) references contacts (workspace_id, id)
);
create index deal_contacts_contact_idx on deal_contacts (contact_id);

create table deal_stage_history (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  deal_id uuid not null,
  from_stage_id uuid,
  to_stage_id uuid not null,
  changed_by uuid,
  changed_at timestamptz not null default now(),
  foreign key (workspace_id, deal_id) references deals (workspace_id, id)
);
create index deal_stage_history_deal_idx on deal_stage_history (deal_id, changed_at);

create table activities (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  external_id text,
  type text not null check (type in ('note', 'task', 'call', 'meeting', 'email')),
  subject text,
  body text,
  due_at timestamptz,
  occurred_at timestamptz not null default now(),
  status text check (status in ('open', 'done')),
  completed_at timestamptz,
  assignee_id uuid references users (id),
  custom_fields jsonb not null default '{}',
  owner_id uuid references users (id),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  version integer not null default 1,
  unique (workspace_id, id)
);
create unique index activities_external_id_key on activities (workspace_id, external_id) where external_id is not null;
create index activities_occurred_idx on activities (workspace_id, occurred_at, id);
create index activities_assignee_idx on activities (workspace_id, assignee_id, due_at);

create table activity_links (
  workspace_id uuid not null references workspaces (id),
  activity_id uuid not null,
  object text not null check (object in ('contacts', 'companies', 'deals')),
  record_id uuid not null,
  primary key (activity_id, object, record_id),
  foreign key (workspace_id, activity_id) references activities (workspace_id, id)
);
create index activity_links_record_idx on activity_links (record_id, object);

create table custom_field_definitions (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  object text not null check (object in ('companies', 'contacts', 'deals', 'activities')),
  key text not null,
  label text not null,
  type text not null,
  options jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, object, key)
);

create table audit_log (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  actor_id uuid,
  action text not null,
  object text not null,
  record_id uuid,
  changes jsonb not null default '{}',
  request_id text,
  created_at timestamptz not null default now()
);
create index audit_log_workspace_idx on audit_log (workspace_id, id);
create index audit_log_record_idx on audit_log (workspace_id, record_id, id);

create table outbox (
  id bigserial primary key,
  workspace_id uuid not null references workspaces (id),
  type text not null,
  object text not null,
  record_id uuid,
  payload jsonb not null,
  created_at timestamptz not null default now()
);

create table idempotency_keys (
  workspace_id uuid not null references workspaces (id),
  actor_id uuid not null,
  key text not null,
  request_hash text not null,
  status_code integer not null,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (workspace_id, actor_id, key)
);

-- Row-level security ---------------------------------------------------------

do $$
declare
  t text;
begin
  foreach t in array array[
    'companies', 'contacts', 'contact_companies', 'pipelines', 'pipeline_stages', 'deals',
    'deal_contacts', 'deal_stage_history', 'activities', 'activity_links',
    'custom_field_definitions', 'audit_log', 'outbox', 'idempotency_keys'
  ] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy workspace_isolation on %I using (workspace_id = nullif(current_setting(''app.workspace_id'', true), '''')::uuid) with check (workspace_id = nullif(current_setting(''app.workspace_id'', true), '''')::uuid)',
      t
    );
    execute format('grant select, insert, update, delete on %I to nexus_app', t);
  end loop;
end $$;

grant usage on schema public to nexus_app;
grant usage, select on sequence outbox_id_seq to nexus_app;
-- Tenant code reads who is who (names, roles) but never changes identity tables.
grant select (id, email, name) on users to nexus_app;
grant select on workspaces, memberships to nexus_app;

create table outbox_dead_letters (
  id bigserial primary key,
  consumer text not null,
  event_id bigint not null,
  error text not null,
  attempts integer not null,
  created_at timestamptz not null default now(),
  unique (consumer, event_id)
);
