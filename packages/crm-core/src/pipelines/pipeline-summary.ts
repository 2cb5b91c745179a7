import { z } from 'zod';
import { AppError } from '@nexus/platform';
import { currencyDigits } from '../objects/money';
import { objectSpecs } from '../objects/object-specs';
import { Params } from '../records/list-query';
import { visibilityCondition } from '../records/record-repo';
import type { RecordContext } from '../records/record-service';

export const pipelineSummaryView = z.object({
  stages: z.array(
    z.object({
      stageId: z.uuid(),
      count: z.number().int().describe('Deals in the stage the caller may see, whatever their currency'),
      totals: z
        .array(
          z.object({
            currency: z.string(),
            amount: z.string().describe('Sum of the amounts, as a decimal string; deals without an amount add nothing'),
            weighted: z.string().describe("Sum of amount × the stage's probability / 100, exact, as a decimal string"),
          }),
        )
        .describe('One line per currency that has at least one deal with an amount'),
    }),
  ),
});

export type PipelineSummary = z.infer<typeof pipelineSummaryView>;

interface SummaryRow {
  stage_id: string;
  currency: string | null;
  count: string;
  priced: string;
  amount: string | null;
  weighted: string | null;
}

/**
 * "1234.5" stays "1234.5" but "250" in USD becomes "250.00": at least the
 * currency's own precision, never fewer digits than the exact value needs
 * (a weighted sum can have more, 12.345 at 10 %).
 */
function withCurrencyScale(value: string, currency: string): string {
  const digits = currencyDigits(currency);
  const [whole = '0', fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const scale = Math.max(digits, trimmed.length);
  return scale === 0 ? whole : `${whole}.${trimmed.padEnd(scale, '0')}`;
}

/**
 * Deal count and money per stage of a pipeline, over every deal the caller may
 * see (not only a loaded page): one grouped query summing in `numeric`, so
 * the totals are exact. Stages come in position order, empty ones included.
 *
 * @example
 * const { stages } = await pipelineSummary(ctx, pipelineId);
 * // [{ stageId, count: 3, totals: [{ currency: 'USD', amount: '4500.00', weighted: '1125.00' }] }, ...]
 */
export async function pipelineSummary(ctx: RecordContext, pipelineId: string): Promise<PipelineSummary> {
  const { tx } = ctx;
  const found = await tx.query('select 1 from pipelines where workspace_id = $1 and id = $2 and deleted_at is null', [tx.workspaceId, pipelineId]);
  if (found.rows.length === 0) throw new AppError('not_found', 'Pipeline not found');

  const params = new Params();
  const workspace = params.add(tx.workspaceId);
  const pipeline = params.add(pipelineId);
  // The same "only records I own" rule as the list API, applied inside the join so empty stages still show.
  const visible = visibilityCondition(objectSpecs.deals, ctx.auth, params, 'd');
  // probability × 0.01 rather than / 100: numeric multiplication is exact and keeps a finite scale.
  const { rows } = await tx.query<SummaryRow>(
    `select s.id as stage_id, d.currency, count(d.id) as count, count(d.amount) as priced,
            coalesce(sum(d.amount), 0)::text as amount,
            coalesce(sum(d.amount * s.probability * 0.01), 0)::text as weighted
       from pipeline_stages s
       left join deals d on d.workspace_id = s.workspace_id and d.stage_id = s.id and d.pipeline_id = s.pipeline_id
                        and d.deleted_at is null${visible ? ` and ${visible}` : ''}
      where s.workspace_id = ${workspace} and s.pipeline_id = ${pipeline}
      group by s.id, s.position, d.currency
      order by s.position, d.currency`,
    params.values,
  );

  const stages: PipelineSummary['stages'] = [];
  for (const row of rows) {
    let stage = stages[stages.length - 1];
    if (!stage || stage.stageId !== row.stage_id) {
      stage = { stageId: row.stage_id, count: 0, totals: [] };
      stages.push(stage);
    }
    // A stage without deals comes back as one row with no currency.
    if (row.currency === null) continue;
    stage.count += Number(row.count);
    // Deals of a currency none of which has an amount add to the count, not to the money: "$0.00" would claim a value.
    if (Number(row.priced) === 0) continue;
    stage.totals.push({
      currency: row.currency,
      amount: withCurrencyScale(row.amount ?? '0', row.currency),
      weighted: withCurrencyScale(row.weighted ?? '0', row.currency),
    });
  }
  return { stages };
}
