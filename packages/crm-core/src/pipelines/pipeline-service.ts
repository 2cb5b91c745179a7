import { z } from 'zod';
import { classifyDbError, type OutboxSignal } from '@nexus/db';
import { AppError } from '@nexus/platform';
import { text } from '@nexus/http';
import { diff, recordChange } from '../audit/audit-log';
import { assertVersion, type ExpectedVersion, type RecordContext } from '../records/record-service';
import { defaultStages, findPipeline, insertPipeline, listPipelines, writeStages, type PipelineView } from './pipeline-repo';

const stageSchema = z.strictObject({
  id: z.uuid().optional(),
  name: text(100).trim().min(1),
  probability: z.number().int().min(0).max(100),
  type: z.enum(['open', 'won', 'lost']),
});

const stagesSchema = z
  .array(stageSchema)
  .min(1)
  .max(50)
  .refine((stages) => new Set(stages.map((s) => s.name.toLowerCase())).size === stages.length, 'stage names must be unique');

export const pipelineCreate = z.strictObject({
  name: text(200).trim().min(1),
  externalId: text(255).trim().min(1).nullable().optional(),
  isDefault: z.boolean().optional(),
  stages: stagesSchema,
});

export const pipelineUpdate = z.strictObject({
  name: text(200).trim().min(1).optional(),
  externalId: text(255).trim().min(1).nullable().optional(),
  isDefault: z.literal(true).optional().describe('Make this the default pipeline (another pipeline is made the default instead of un-setting this one)'),
  stages: stagesSchema.optional(),
  version: z.number().int().optional(),
});

export const pipelineView = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  name: z.string(),
  isDefault: z.boolean(),
  stages: z.array(z.object({ id: z.uuid(), name: z.string(), probability: z.number().int(), type: z.enum(['open', 'won', 'lost']), position: z.number().int() })),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int(),
});

/**
 * Pipelines and their ordered stages.
 *
 * @example
 * const pipelines = createPipelineService({ signal });
 * await pipelines.create(ctx, { name: 'Renewals', stages: [{ name: 'Due', probability: 50, type: 'open' }] });
 */
export function createPipelineService(deps: { signal?: OutboxSignal | undefined }) {
  async function record(ctx: RecordContext, action: 'create' | 'update' | 'delete' | 'restore', before: PipelineView | null, after: PipelineView) {
    const past = { create: 'created', update: 'updated', delete: 'deleted', restore: 'restored' }[action];
    await recordChange(
      ctx.tx,
      deps.signal,
      { actor: ctx.auth.actor, action, object: 'pipelines', recordId: after.id, changes: diff(before, after), requestId: ctx.requestId },
      { type: `pipeline.${past}`, object: 'pipelines', recordId: after.id, payload: { record: after } },
    );
  }

  async function mustFind(ctx: RecordContext, id: string, options: { includeDeleted?: boolean; forUpdate?: boolean } = {}): Promise<PipelineView> {
    const pipeline = await findPipeline(ctx.tx, id, options);
    if (!pipeline) throw new AppError('not_found', 'Pipeline not found');
    return pipeline;
  }

  async function makeDefault(ctx: RecordContext, id: string): Promise<void> {
    await ctx.tx.query('update pipelines set is_default = false, updated_at = now() where workspace_id = $1 and is_default and id <> $2', [ctx.tx.workspaceId, id]);
    await ctx.tx.query('update pipelines set is_default = true where workspace_id = $1 and id = $2', [ctx.tx.workspaceId, id]);
  }

  return {
    list: (ctx: RecordContext, deleted = false) => listPipelines(ctx.tx, { deleted }),
    get: (ctx: RecordContext, id: string) => mustFind(ctx, id),

    async create(ctx: RecordContext, input: z.infer<typeof pipelineCreate>): Promise<PipelineView> {
      try {
        const id = await insertPipeline(ctx.tx, { ...input, isDefault: false, createdBy: ctx.auth.userId });
        if (input.isDefault) await makeDefault(ctx, id);
        const created = await mustFind(ctx, id);
        await record(ctx, 'create', null, created);
        return created;
      } catch (error) {
        if (classifyDbError(error).type === 'unique_violation') throw new AppError('already_exists', 'Another pipeline has this externalId', { details: { field: 'externalId' } });
        throw error;
      }
    },

    async update(ctx: RecordContext, id: string, input: z.infer<typeof pipelineUpdate>, expected: ExpectedVersion): Promise<PipelineView> {
      const before = await mustFind(ctx, id, { forUpdate: true });
      assertVersion(expected, before.version, 'pipeline');
      if (input.stages) await writeStages(ctx.tx, id, input.stages);
      if (input.isDefault) await makeDefault(ctx, id);
      try {
        await ctx.tx.query(
          `update pipelines set name = coalesce($3, name), external_id = case when $4 then $5 else external_id end, version = version + 1, updated_at = now()
            where workspace_id = $1 and id = $2`,
          [ctx.tx.workspaceId, id, input.name ?? null, input.externalId !== undefined, input.externalId ?? null],
        );
      } catch (error) {
        if (classifyDbError(error).type === 'unique_violation') throw new AppError('already_exists', 'Another pipeline has this externalId', { details: { field: 'externalId' } });
        throw error;
      }
      const after = await mustFind(ctx, id);
      await record(ctx, 'update', before, after);
      return after;
    },

    async remove(ctx: RecordContext, id: string): Promise<void> {
      const before = await mustFind(ctx, id, { forUpdate: true });
      if (before.isDefault) throw new AppError('stage_in_use', 'Make another pipeline the default before deleting this one');
      const deals = await ctx.tx.query('select 1 from deals where workspace_id = $1 and pipeline_id = $2 and deleted_at is null limit 1', [ctx.tx.workspaceId, id]);
      if (deals.rowCount > 0) throw new AppError('stage_in_use', 'Move or delete the deals in this pipeline first');
      await ctx.tx.query('update pipelines set deleted_at = now(), version = version + 1, updated_at = now() where workspace_id = $1 and id = $2', [ctx.tx.workspaceId, id]);
      await record(ctx, 'delete', before, await mustFind(ctx, id, { includeDeleted: true }));
    },

    async restore(ctx: RecordContext, id: string): Promise<PipelineView> {
      const before = await mustFind(ctx, id, { includeDeleted: true, forUpdate: true });
      await ctx.tx.query('update pipelines set deleted_at = null, version = version + 1, updated_at = now() where workspace_id = $1 and id = $2 and deleted_at is not null', [
        ctx.tx.workspaceId,
        id,
      ]);
      const after = await mustFind(ctx, id);
      if (after.version !== before.version) await record(ctx, 'restore', before, after);
      return after;
    },
  };
}

export type PipelineService = ReturnType<typeof createPipelineService>;

/** Every workspace starts with one default pipeline. */
export async function createDefaultPipeline(tx: RecordContext['tx'], ownerId: string): Promise<void> {
  await insertPipeline(tx, { name: 'Sales', stages: defaultStages, isDefault: true, createdBy: ownerId });
}
