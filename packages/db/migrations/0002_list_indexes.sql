-- Lists that filter on a common field and sort by recency: without these,
-- PostgreSQL walks the recency index backwards and discards every row that
-- does not match, which collapses when the newest rows are all of another kind.
create index contacts_stage_created_idx on contacts (workspace_id, lifecycle_stage, created_at, id);
create index contacts_owner_created_idx on contacts (workspace_id, owner_id, created_at, id);
create index companies_owner_created_idx on companies (workspace_id, owner_id, created_at, id);
create index deals_stage_created_idx on deals (workspace_id, stage_id, created_at, id);
create index deals_owner_created_idx on deals (workspace_id, owner_id, created_at, id);
create index activities_type_occurred_idx on activities (workspace_id, type, occurred_at, id);
