import type { Database, SqlClient } from '@nexus/db';
import { newId, type Logger } from '@nexus/platform';
import { z } from 'zod';
import type { WorkspaceAiSettings } from '../providers/client-core';
import type { ProviderKind } from '../providers/provider';
import type { UsageRecord } from '../providers/usage';

/** What a workspace stores: every field optional, unset keeps the server's default. */
export const workspaceSettingsSchema = z.strictObject({
  chain: z.array(z.string().min(1).max(40)).min(1).max(10).optional().describe('Provider names in order of preference; local always ends the chain'),
  models: z
    .record(z.string().min(1).max(40), z.record(z.string().min(1).max(40), z.string().min(1).max(200)))
    .optional()
    .describe('Model per provider, then per feature name or `default`: {"openai": {"default": "gpt-5-mini", "brief": "gpt-5"}}'),
  monthlyBudgetUsd: z.number().min(0).max(1_000_000).nullable().optional().describe('Spending limit on cloud providers per calendar month; null removes it'),
  allowCloud: z.boolean().optional().describe('False keeps every request away from cloud providers'),
  redact: z.boolean().optional().describe('Hide e-mail addresses, phone numbers and known names from providers outside this process'),
});

export type StoredSettings = z.infer<typeof workspaceSettingsSchema>;

/** Settings as the AI client reads them: a stored null budget means "no limit", overriding the default. */
export function toClientSettings(stored: StoredSettings): WorkspaceAiSettings {
  const { monthlyBudgetUsd, ...rest } = stored;
  const settings: WorkspaceAiSettings = { ...rest };
  if (monthlyBudgetUsd === null) settings.monthlyBudgetUsd = Number.POSITIVE_INFINITY;
  else if (monthlyBudgetUsd !== undefined) settings.monthlyBudgetUsd = monthlyBudgetUsd;
  return settings;
}

export interface UsageQuery {
  from: Date;
  to: Date;
  feature?: string | undefined;
  provider?: string | undefined;
  limit: number;
}

export interface UsageTotals {
  key: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface StoredUsage extends Omit<UsageRecord, 'at' | 'userId'> {
  id: string;
  at: string;
  userId: string | null;
  providerKind: ProviderKind;
}

interface UsageRow {
  id: string;
  at: Date | string;
  user_id: string | null;
  feature: string;
  prompt_version: number;
  provider: string;
  provider_kind: ProviderKind;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string | number;
  latency_ms: number;
  outcome: UsageRecord['outcome'];
  reason: UsageRecord['reason'] | null;
  streamed: boolean;
}

interface TotalsRow {
  key: string;
  calls: string | number;
  input_tokens: string | number | null;
  output_tokens: string | number | null;
  cost_usd: string | number | null;
}

const usageColumns = 'id, at, user_id, feature, prompt_version, provider, provider_kind, model, input_tokens, output_tokens, cost_usd, latency_ms, outcome, reason, streamed';

function toUsage(row: UsageRow): StoredUsage {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    workspaceId: '',
    userId: row.user_id,
    feature: row.feature,
    promptVersion: row.prompt_version,
    provider: row.provider,
    providerKind: row.provider_kind,
    model: row.model,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: Number(row.cost_usd),
    latencyMs: row.latency_ms,
    outcome: row.outcome,
    ...(row.reason === null ? {} : { reason: row.reason }),
    streamed: row.streamed,
  };
}

function toTotals(row: TotalsRow): UsageTotals {
  return {
    key: row.key,
    calls: Number(row.calls),
    inputTokens: Number(row.input_tokens ?? 0),
    outputTokens: Number(row.output_tokens ?? 0),
    costUsd: Math.round(Number(row.cost_usd ?? 0) * 1e6) / 1e6,
  };
}

const maxInteger = 2_147_483_647;
/** numeric(14, 6) holds less than 10^8. */
const maxCostUsd = 99_999_999;

/** A count a provider reported (or a latency) as the integer column holds it: garbage (fractions, negatives, overflow) must not lose the record. */
function storedInteger(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.round(value), 0), maxInteger) : 0;
}

/** The first instant of the calendar month (UTC) that holds `at`. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/**
 * Where the AI Engine keeps its per-workspace state: settings, the usage
 * record of every provider call, and the monthly cloud spend budgets are
 * checked against. Usage is written in the background (a call never waits
 * on its own bookkeeping); `flush()` waits for what is in flight.
 *
 * @example
 * const store = createAiStore({ db, log, providerKind: (name) => kinds.get(name) ?? 'cloud' });
 * const ai = createAiClient({ ..., onUsage: store.record, monthlySpendUsd: (ws) => store.spentThisMonth(ws, clock.now()) });
 */
export function createAiStore(deps: { db: Database; log: Logger; providerKind: (provider: string) => ProviderKind }) {
  const { db } = deps;
  const pending = new Set<Promise<void>>();

  async function getSettings(workspaceId: string, client?: SqlClient): Promise<{ settings: StoredSettings; version: number; updatedAt: string | null }> {
    const read = async (sql: SqlClient) => sql.query<{ settings: unknown; version: number; updated_at: Date | string }>('select settings, version, updated_at from ai_settings where workspace_id = $1', [workspaceId]);
    const { rows } = client ? await read(client) : await db.withWorkspace(workspaceId, read, { readOnly: true });
    const row = rows[0];
    if (!row) return { settings: {}, version: 0, updatedAt: null };
    const parsed = workspaceSettingsSchema.safeParse(row.settings);
    if (!parsed.success) {
      // Stored by an older release with fields this one does not know: keep the fields it does.
      deps.log.warn({ workspaceId }, 'Stored AI settings do not match the current schema; unknown fields are ignored');
      return { settings: workspaceSettingsSchema.partial().strip().catch({}).parse(row.settings), version: row.version, updatedAt: new Date(row.updated_at).toISOString() };
    }
    return { settings: parsed.data, version: row.version, updatedAt: new Date(row.updated_at).toISOString() };
  }

  async function putSettings(tx: SqlClient & { workspaceId: string }, settings: StoredSettings, userId: string): Promise<number> {
    const { rows } = await tx.query<{ version: number }>(
      `insert into ai_settings (workspace_id, settings, updated_by) values ($1, $2, $3)
       on conflict (workspace_id) do update set settings = excluded.settings, updated_by = excluded.updated_by, version = ai_settings.version + 1, updated_at = now()
       returning version`,
      [tx.workspaceId, JSON.stringify(settings), userId],
    );
    return rows[0]?.version ?? 1;
  }

  function record(usage: UsageRecord): void {
    const write = db
      .withWorkspace(usage.workspaceId, async (tx) => {
        await tx.query(
          `insert into ai_usage (id, workspace_id, at, user_id, feature, prompt_version, provider, provider_kind, model, input_tokens, output_tokens, cost_usd, latency_ms, outcome, reason, streamed)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [
            newId(),
            usage.workspaceId,
            usage.at,
            usage.userId ?? null,
            usage.feature,
            usage.promptVersion,
            usage.provider,
            deps.providerKind(usage.provider),
            usage.model.slice(0, 200),
            storedInteger(usage.inputTokens),
            storedInteger(usage.outputTokens),
            // NaN would be stored (numeric accepts it) and turn the month's spend, and every budget check, into NaN.
            (Number.isFinite(usage.costUsd) ? Math.min(Math.max(usage.costUsd, 0), maxCostUsd) : 0).toFixed(6),
            storedInteger(usage.latencyMs),
            usage.outcome,
            usage.reason ?? null,
            usage.streamed,
          ],
        );
      })
      .catch((error: unknown) => deps.log.error({ err: error, feature: usage.feature }, 'Recording AI usage failed'))
      .finally(() => pending.delete(write));
    pending.add(write);
  }

  /** Waits until every usage record is written, those that arrive meanwhile included (tests, shutdown). */
  async function flush(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
  }

  /** Waits for the usage records being written now, for a read that must see them; under steady traffic `flush()` might never end. */
  async function written(): Promise<void> {
    await Promise.all([...pending]);
  }

  /** Spent on cloud providers since the start of `now`'s calendar month (UTC), in USD. */
  async function spentThisMonth(workspaceId: string, now: Date): Promise<number> {
    await written();
    const { rows } = await db.withWorkspace(
      workspaceId,
      (tx) =>
        tx.query<{ spent: string | number | null }>(`select coalesce(sum(cost_usd), 0) as spent from ai_usage where workspace_id = $1 and provider_kind = 'cloud' and at >= $2`, [
          workspaceId,
          monthStart(now),
        ]),
      { readOnly: true },
    );
    return Number(rows[0]?.spent ?? 0);
  }

  /** Recent calls (newest first) and totals by provider and by feature over the period. */
  async function usage(workspaceId: string, query: UsageQuery) {
    await written();
    return db.withWorkspace(
      workspaceId,
      async (tx) => {
        const params: unknown[] = [workspaceId, query.from, query.to];
        let where = 'workspace_id = $1 and at >= $2 and at < $3';
        if (query.feature !== undefined) {
          params.push(query.feature);
          where += ` and feature = $${params.length}`;
        }
        if (query.provider !== undefined) {
          params.push(query.provider);
          where += ` and provider = $${params.length}`;
        }
        const totals = (key: string) =>
          tx.query<TotalsRow>(
            `select ${key} as key, count(*) as calls, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens, sum(cost_usd) as cost_usd
             from ai_usage where ${where} group by ${key} order by ${key}`,
            params,
          );
        const all = await tx.query<TotalsRow>(
          `select 'all' as key, count(*) as calls, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens, sum(cost_usd) as cost_usd from ai_usage where ${where}`,
          params,
        );
        const byProvider = await totals('provider');
        const byFeature = await totals('feature');
        const byOutcome = await totals('outcome');
        const recent = await tx.query<UsageRow>(`select ${usageColumns} from ai_usage where ${where} order by at desc, id desc limit ${Math.floor(query.limit)}`, params);
        const total = all.rows[0] ? toTotals(all.rows[0]) : { key: 'all', calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
        const { key: _key, ...totalWithoutKey } = total;
        return {
          totals: totalWithoutKey,
          byProvider: byProvider.rows.map(toTotals),
          byFeature: byFeature.rows.map(toTotals),
          byOutcome: byOutcome.rows.map(toTotals),
          data: recent.rows.map((row) => ({ ...toUsage(row), workspaceId })),
        };
      },
      { readOnly: true },
    );
  }

  return { getSettings, putSettings, record, flush, spentThisMonth, usage };
}

export type AiStore = ReturnType<typeof createAiStore>;
