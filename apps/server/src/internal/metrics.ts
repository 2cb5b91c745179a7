import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database, OutboxLag, OutboxRelay } from '@nexus/db';
import type { AiEngine, UsageRecord } from '@nexus/ai';
import type { Search } from '@nexus/search';

/** One registry per app instance: no global state shared between tests or processes. */
export function createMetrics(deps: { db: Database; relay?: OutboxRelay | undefined; search?: Search | undefined; ai?: AiEngine | undefined }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'nexus_' });
  const requests = new Counter({
    name: 'nexus_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'nexus_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'nexus_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = deps.db.poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  const relay = deps.relay;
  if (relay) {
    // The registry collects gauges concurrently: they share one lag query per scrape.
    let current: Promise<OutboxLag> | undefined;
    const lagOnce = () => {
      current ??= relay.lag().finally(() => setImmediate(() => (current = undefined)));
      return current;
    };
    const gauge = (name: string, help: string, pick: (lag: OutboxLag) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(pick(await lagOnce()));
        },
      });
    gauge('nexus_outbox_pending_events', 'Committed domain events not yet delivered to every consumer', (lag) => lag.pending);
    gauge('nexus_outbox_lag_seconds', 'Age of the oldest undelivered domain event', (lag) => lag.oldestPendingAgeSeconds);
    gauge('nexus_outbox_dead_letters', 'Events set aside after repeated consumer failures', (lag) => lag.deadLetters);
  }
  const search = deps.search;
  if (search) {
    let current: ReturnType<Search['lag']> | undefined;
    const lagOnce = () => {
      current ??= search.lag().finally(() => setImmediate(() => (current = undefined)));
      return current;
    };
    new Gauge({
      name: 'nexus_search_index_lag',
      help: 'Search work not yet done: documents waiting for their vector, vectors waiting for removal, documents waiting for the external engine',
      labelNames: ['kind'] as const,
      registers: [registry],
      async collect() {
        const lag = await lagOnce();
        this.set({ kind: 'vectors' }, lag.pendingVectors);
        this.set({ kind: 'removals' }, lag.pendingRemovals);
        this.set({ kind: 'external' }, lag.pendingExternal);
      },
    });
    new Gauge({
      name: 'nexus_search_index_lag_seconds',
      help: 'Age of the oldest pending search work (0 when none)',
      registers: [registry],
      async collect() {
        this.set((await lagOnce()).oldestSeconds);
      },
    });
  }
  const events = new Counter({
    name: 'nexus_domain_events_total',
    help: 'Domain events delivered to this process, by type',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const ai = deps.ai;
  if (ai) {
    const calls = new Counter({
      name: 'nexus_ai_requests_total',
      help: 'AI provider requests and skips by provider, feature and outcome (ok, retry, invalid_output, error, circuit_open, over_budget, forbidden, cancelled)',
      labelNames: ['provider', 'feature', 'outcome'] as const,
      registers: [registry],
    });
    const tokens = new Counter({
      name: 'nexus_ai_tokens_total',
      help: 'Tokens sent to and received from AI providers',
      labelNames: ['provider', 'direction'] as const,
      registers: [registry],
    });
    const cost = new Counter({ name: 'nexus_ai_cost_usd_total', help: 'Cost of AI calls in USD, from the pricing table', labelNames: ['provider'] as const, registers: [registry] });
    const latency = new Histogram({
      name: 'nexus_ai_request_duration_seconds',
      help: 'Latency of AI provider requests that were sent',
      labelNames: ['provider', 'feature'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    });
    new Gauge({
      name: 'nexus_ai_provider_circuit_open',
      help: "1 while a provider's circuit breaker refuses calls (open or half-open), else 0",
      labelNames: ['provider'] as const,
      registers: [registry],
      collect() {
        for (const state of ai.client.providerStates()) this.set({ provider: state.name }, state.state === 'healthy' ? 0 : 1);
      },
    });
    const sent = new Set<UsageRecord['outcome']>(['ok', 'retry', 'invalid_output', 'error']);
    ai.onUsage((usage) => {
      calls.inc({ provider: usage.provider, feature: usage.feature, outcome: usage.outcome });
      if (usage.inputTokens > 0) tokens.inc({ provider: usage.provider, direction: 'input' }, usage.inputTokens);
      if (usage.outputTokens > 0) tokens.inc({ provider: usage.provider, direction: 'output' }, usage.outputTokens);
      if (usage.costUsd > 0) cost.inc({ provider: usage.provider }, usage.costUsd);
      if (sent.has(usage.outcome)) latency.observe({ provider: usage.provider, feature: usage.feature }, usage.latencyMs / 1000);
    });
  }
  return { registry, requests, duration, events };
}

export type Metrics = ReturnType<typeof createMetrics>;
