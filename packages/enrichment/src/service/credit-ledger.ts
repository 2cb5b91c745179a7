import type { Database } from '@nexus/db';
import type { CreditLedger } from '../enricher/ports';

/**
 * Each workspace's monthly credits per provider, in the `enrichment_credits`
 * table. A reservation is one statement that adds the credits only while the
 * total stays within the budget, so concurrent enrichments (several API
 * processes) can never overspend; credits a call did not bill are released.
 *
 * @example
 * const credits = createDbCreditLedger(db, { monthlyCredits: 1000 });
 * await credits.reserve({ workspaceId, period: '2026-03', provider: 'people_data_labs', amount: 1 }); // { granted: true, used: 1, budget: 1000 }
 */
export function createDbCreditLedger(db: Database, options: { monthlyCredits: number }): CreditLedger & { used(workspaceId: string, period: string): Promise<Record<string, number>> } {
  const budget = options.monthlyCredits;
  return {
    reserve: ({ workspaceId, period, provider, amount }) =>
      db.withWorkspace(workspaceId, async (tx) => {
        const { rows } = await tx.query<{ used: number }>(
          `insert into enrichment_credits as c (workspace_id, provider, period, used)
           select $1::uuid, $2::text, $3::text, $4::int where $4::int <= $5::int
           on conflict (workspace_id, provider, period) do update set used = c.used + excluded.used where c.used + excluded.used <= $5::int
           returning used`,
          [workspaceId, provider, period, amount, budget],
        );
        const granted = rows[0];
        if (granted) return { granted: true, used: Number(granted.used), budget };
        const now = await tx.query<{ used: number }>('select used from enrichment_credits where workspace_id = $1 and provider = $2 and period = $3', [workspaceId, provider, period]);
        return { granted: false, used: Number(now.rows[0]?.used ?? 0), budget };
      }),
    release: async ({ workspaceId, period, provider, amount }) => {
      await db.withWorkspace(workspaceId, (tx) =>
        tx.query('update enrichment_credits set used = greatest(0, used - $4::int) where workspace_id = $1 and provider = $2 and period = $3', [workspaceId, provider, period, amount]),
      );
    },
    used: (workspaceId, period) =>
      db.withWorkspace(
        workspaceId,
        async (tx) => {
          const { rows } = await tx.query<{ provider: string; used: number }>('select provider, used from enrichment_credits where workspace_id = $1 and period = $2', [workspaceId, period]);
          return Object.fromEntries(rows.map((row) => [row.provider, Number(row.used)]));
        },
        { readOnly: true },
      ),
  };
}
