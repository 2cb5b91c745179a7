-- AI Engine: per-workspace settings, a record of every provider call, the
-- workspace's own scoring models (every version with its hold-out metrics)
-- and the scores they last gave.

create table ai_settings (
  workspace_id uuid primary key references workspaces (id),
  settings jsonb not null default '{}',
  version integer not null default 1,
  updated_by uuid,
  updated_at timestamptz not null default now()
);

create table ai_usage (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  at timestamptz not null,
  user_id uuid,
  feature text not null,
  prompt_version integer not null,
  provider text not null,
  provider_kind text not null check (provider_kind in ('cloud', 'self_hosted', 'local')),
  model text not null,
  input_tokens integer not null,
  output_tokens integer not null,
  cost_usd numeric(14, 6) not null,
  latency_ms integer not null,
  outcome text not null,
  reason text,
  streamed boolean not null default false
);
create index ai_usage_workspace_at_idx on ai_usage (workspace_id, at desc, id desc);

create table ai_models (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  task text not null check (task in ('lead_score', 'win_probability')),
  version integer not null,
  kind text not null,
  state text not null check (state in ('active', 'retired', 'rejected')),
  trained_at timestamptz not null,
  activated_at timestamptz,
  training jsonb not null,
  metrics jsonb not null,
  decision jsonb not null,
  model jsonb not null,
  unique (workspace_id, task, version)
);
create unique index ai_models_active_key on ai_models (workspace_id, task) where state = 'active';

create table ai_scores (
  workspace_id uuid not null references workspaces (id),
  task text not null check (task in ('lead_score', 'win_probability')),
  record_id uuid not null,
  probability double precision not null,
  source text not null check (source in ('model', 'rules')),
  model_version integer,
  factors jsonb not null,
  computed_at timestamptz not null,
  primary key (workspace_id, task, record_id)
);

do $$
declare
  t text;
begin
  foreach t in array array['ai_settings', 'ai_usage', 'ai_models', 'ai_scores'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy workspace_isolation on %I using (workspace_id = nullif(current_setting(''app.workspace_id'', true), '''')::uuid) with check (workspace_id = nullif(current_setting(''app.workspace_id'', true), '''')::uuid)',
      t
    );
    execute format('grant select, insert, update, delete on %I to nexus_app', t);
  end loop;
end $$;
