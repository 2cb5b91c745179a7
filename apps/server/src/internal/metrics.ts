import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database, OutboxLag, OutboxRelay } from '@nexus/db';
import type { Search } from '@nexus/search';

/** One registry per app instance: no global state shared between tests or processes. */
export function createMetrics(deps: { db: Database; relay?: OutboxRelay | undefined; search?: Search | undefined }) {
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
  return { registry, requests, duration, events };
}

export type Metrics = ReturnType<typeof createMetrics>;
