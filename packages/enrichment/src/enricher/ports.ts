/**
 * The cache the enricher keeps provider answers in. @nexus/cache's `Cache`
 * (memory or Redis) satisfies it as it is.
 */
export interface EnrichmentCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

export interface CreditRequest {
  workspaceId: string;
  /** Billing month, "YYYY-MM" in UTC. */
  period: string;
  provider: string;
  amount: number;
}

/**
 * Each workspace's monthly budget of paid lookups. Credits are reserved
 * before a call and released when it did not bill (a miss, a failure), so
 * concurrent enrichments cannot overspend: implement `reserve` atomically
 * (e.g. `update … set used = used + $n where used + $n <= budget returning used`).
 */
export interface CreditLedger {
  reserve(request: CreditRequest): Promise<{ granted: boolean; used: number; budget: number }>;
  release(request: CreditRequest): Promise<void>;
}

/**
 * An in-memory ledger (the embedded mode, tests).
 *
 * @example
 * const credits = createMemoryCreditLedger({ budget: (workspaceId) => (workspaceId === vip ? 10_000 : 500) });
 */
export function createMemoryCreditLedger(options: { budget: number | ((workspaceId: string) => number) }): CreditLedger & { used(workspaceId: string, period: string): number } {
  const used = new Map<string, number>();
  const budgetOf = (workspaceId: string): number => (typeof options.budget === 'number' ? options.budget : options.budget(workspaceId));
  const key = (workspaceId: string, period: string): string => `${workspaceId}\u0000${period}`;
  return {
    reserve: async ({ workspaceId, period, amount }) => {
      const budget = budgetOf(workspaceId);
      const now = used.get(key(workspaceId, period)) ?? 0;
      if (now + amount > budget) return { granted: false, used: now, budget };
      used.set(key(workspaceId, period), now + amount);
      return { granted: true, used: now + amount, budget };
    },
    release: async ({ workspaceId, period, amount }) => {
      const k = key(workspaceId, period);
      used.set(k, Math.max(0, (used.get(k) ?? 0) - amount));
    },
    used: (workspaceId, period) => used.get(key(workspaceId, period)) ?? 0,
  };
}
