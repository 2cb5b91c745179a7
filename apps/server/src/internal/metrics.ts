import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database, OutboxRelay } from '@nexus/db';

/** One registry per app instance: no global state shared between tests or processes. */
export function createMetrics(deps: { db: Database; relay?: OutboxRelay | undefined }) {
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
    const lagGauge = new Gauge({
      name: 'nexus_outbox_pending_events',
      help: 'Committed domain events not yet delivered to every consumer',
      registers: [registry],
      async collect() {
        const lag = await relay.lag();
        this.set(lag.pending);
        ageGauge.set(lag.oldestPendingAgeSeconds);
        deadGauge.set(lag.deadLetters);
      },
    });
    const ageGauge = new Gauge({ name: 'nexus_outbox_lag_seconds', help: 'Age of the oldest undelivered domain event', registers: [registry] });
    const deadGauge = new Gauge({ name: 'nexus_outbox_dead_letters', help: 'Events set aside after repeated consumer failures', registers: [registry] });
    void lagGauge;
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
