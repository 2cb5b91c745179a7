import type { WorkspaceTx } from '@nexus/db';
import { AppError, newId } from '@nexus/platform';

export type StageType = 'open' | 'won' | 'lost';

export interface StageInput {
  id?: string | undefined;
  name: string;
  probability: number;
  type: StageType;
}

export interface StageView {
  id: string;
  name: string;
  probability: number;
  type: StageType;
  position: number;
}

export interface PipelineView {
  id: string;
  externalId: string | null;
  name: string;
  isDefault: boolean;
  stages: StageView[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

interface PipelineRow {
  id: string;
  external_id: string | null;
  name: string;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
  stages: { id: string; name: string; probability: number; type: StageType; position: number }[] | null;
}

/** The stages every new workspace starts with, in the shape of a typical B2B sales process. */
export const defaultStages: StageInput[] = [
  { name: 'Lead', probability: 10, type: 'open' },
  { name: 'Qualified', probability: 25, type: 'open' },
  { name: 'Proposal', probability: 50, type: 'open' },
  { name: 'Negotiation', probability: 75, type: 'open' },
  { name: 'Won', probability: 100, type: 'won' },
  { name: 'Lost', probability: 0, type: 'lost' },
];

const selectPipelines = `
  select p.id, p.external_id, p.name, p.is_default, p.created_at, p.updated_at, p.version,
         (select json_agg(json_build_object('id', s.id, 'name', s.name, 'probability', s.probability, 'type', s.type, 'position', s.position) order by s.position)
            from pipeline_stages s where s.pipeline_id = p.id) as stages
    from pipelines p`;

const toView = (row: PipelineRow): PipelineView => ({
  id: row.id,
  externalId: row.external_id,
  name: row.name,
  isDefault: row.is_default,
  stages: (row.stages ?? []).map((s) => ({ id: s.id, name: s.name, probability: s.probability, type: s.type, position: s.position })),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  version: row.version,
});

export async function listPipelines(tx: WorkspaceTx, options: { deleted?: boolean } = {}): Promise<PipelineView[]> {
  const { rows } = await tx.query<PipelineRow>(
    `${selectPipelines} where p.workspace_id = $1 and (p.deleted_at is not null) = $2 order by p.position, p.created_at, p.id`,
    [tx.workspaceId, options.deleted === true],
  );
  return rows.map(toView);
}

export async function findPipeline(tx: WorkspaceTx, id: string, options: { includeDeleted?: boolean; forUpdate?: boolean } = {}): Promise<PipelineView | undefined> {
  if (options.forUpdate) await tx.query('select 1 from pipelines where workspace_id = $1 and id = $2 for update', [tx.workspaceId, id]);
  const { rows } = await tx.query<PipelineRow>(
    `${selectPipelines} where p.workspace_id = $1 and p.id = $2 ${options.includeDeleted ? '' : 'and p.deleted_at is null'}`,
    [tx.workspaceId, id],
  );
  const row = rows[0];
  return row ? toView(row) : undefined;
}

export async function insertPipeline(
  tx: WorkspaceTx,
  input: { name: string; stages: StageInput[]; isDefault: boolean; externalId?: string | null | undefined; createdBy: string | null },
): Promise<string> {
  const id = newId();
  await tx.query(
    `insert into pipelines (id, workspace_id, external_id, name, is_default, position, created_by)
     values ($1, $2, $3, $4, $5, (select coalesce(max(position) + 1, 0) from pipelines where workspace_id = $2), $6)`,
    [id, tx.workspaceId, input.externalId ?? null, input.name, input.isDefault, input.createdBy],
  );
  await writeStages(tx, id, input.stages);
  return id;
}

/**
 * Replaces a pipeline's stages in the given order: stages with an id are
 * kept and updated, new ones inserted, missing ones removed unless deals
 * still sit in them.
 */
export async function writeStages(tx: WorkspaceTx, pipelineId: string, stages: StageInput[]): Promise<void> {
  const existing = await tx.query<{ id: string }>('select id from pipeline_stages where workspace_id = $1 and pipeline_id = $2', [tx.workspaceId, pipelineId]);
  const existingIds = new Set(existing.rows.map((r) => r.id));
  const unknown = stages.filter((s) => s.id !== undefined && !existingIds.has(s.id));
  if (unknown.length > 0) throw new AppError('invalid_reference', 'Some stage ids are not stages of this pipeline', { details: { ids: unknown.map((s) => s.id) } });
  const keep = new Set(stages.map((s) => s.id).filter((id): id is string => id !== undefined));
  const removed = [...existingIds].filter((id) => !keep.has(id));
  if (removed.length > 0) {
    const used = await tx.query<{ stage_id: string; count: string }>(
      'select stage_id, count(*) as count from deals where workspace_id = $1 and stage_id = any($2::uuid[]) group by stage_id',
      [tx.workspaceId, removed],
    );
    if (used.rows.length > 0) {
      throw new AppError('stage_in_use', 'Move the deals out of a stage before removing it', {
        details: { stages: used.rows.map((r) => ({ id: r.stage_id, deals: Number(r.count) })) },
      });
    }
    await tx.query('delete from pipeline_stages where workspace_id = $1 and id = any($2::uuid[])', [tx.workspaceId, removed]);
  }
  // Park positions out of the way first so reordering never collides.
  await tx.query('update pipeline_stages set position = position + 100000 where workspace_id = $1 and pipeline_id = $2', [tx.workspaceId, pipelineId]);
  for (const [position, stage] of stages.entries()) {
    if (stage.id !== undefined) {
      await tx.query('update pipeline_stages set name = $3, probability = $4, type = $5, position = $6 where workspace_id = $1 and id = $2', [
        tx.workspaceId,
        stage.id,
        stage.name,
        stage.probability,
        stage.type,
        position,
      ]);
    } else {
      await tx.query(
        'insert into pipeline_stages (id, workspace_id, pipeline_id, name, position, probability, type) values ($1, $2, $3, $4, $5, $6, $7)',
        [newId(), tx.workspaceId, pipelineId, stage.name, position, stage.probability, stage.type],
      );
    }
  }
}

/**
 * Works out a deal's pipeline and stage from what the client sent: a stage
 * implies its pipeline; a pipeline alone means its first stage; nothing at
 * all means the first stage of the default pipeline.
 */
export async function resolveDealStage(
  tx: WorkspaceTx,
  input: { pipelineId: string | undefined; stageId: string | undefined; currentPipelineId: string | undefined; currentStageId: string | undefined },
): Promise<{ pipelineId: string; stageId: string }> {
  if (input.stageId !== undefined) {
    const { rows } = await tx.query<{ pipeline_id: string }>(
      `select s.pipeline_id from pipeline_stages s join pipelines p on p.id = s.pipeline_id and p.deleted_at is null where s.workspace_id = $1 and s.id = $2`,
      [tx.workspaceId, input.stageId],
    );
    const stage = rows[0];
    if (!stage) throw new AppError('invalid_reference', 'stageId names a stage that does not exist', { details: { field: 'stageId' } });
    if (input.pipelineId !== undefined && input.pipelineId !== stage.pipeline_id) {
      throw new AppError('invalid_reference', 'The stage does not belong to that pipeline', { details: { field: 'stageId' } });
    }
    return { pipelineId: stage.pipeline_id, stageId: input.stageId };
  }
  if (input.pipelineId !== undefined && input.pipelineId === input.currentPipelineId && input.currentStageId !== undefined) {
    return { pipelineId: input.pipelineId, stageId: input.currentStageId };
  }
  if (input.pipelineId === undefined && input.currentPipelineId !== undefined && input.currentStageId !== undefined) {
    return { pipelineId: input.currentPipelineId, stageId: input.currentStageId };
  }
  const { rows } = await tx.query<{ pipeline_id: string; stage_id: string }>(
    `select p.id as pipeline_id, s.id as stage_id from pipelines p join pipeline_stages s on s.pipeline_id = p.id
      where p.workspace_id = $1 and p.deleted_at is null and (case when $2::uuid is null then p.is_default else p.id = $2::uuid end)
      order by s.position limit 1`,
    [tx.workspaceId, input.pipelineId ?? null],
  );
  const first = rows[0];
  if (!first) {
    throw new AppError('invalid_reference', input.pipelineId ? 'pipelineId names a pipeline that does not exist' : 'The workspace has no default pipeline', {
      details: { field: 'pipelineId' },
    });
  }
  return { pipelineId: first.pipeline_id, stageId: first.stage_id };
}
