import type { Database } from '@nexus/db';
import type { Logger } from '@nexus/platform';

export interface MaintenanceOptions {
  db: Database;
  log: Logger;
  intervalMs?: number;
  /** How long an Idempotency-Key is remembered. */
  idempotencyRetentionHours?: number;
  /** How long delivered domain events are kept (for replays and debugging). */
  outboxRetentionDays?: number;
}

/**
 * Housekeeping of the worker role: forgets old idempotency keys, delivered
 * events past their retention, and sessions long expired; on the embedded
 * database, refreshes the planner statistics of tables that changed much. Each pass is a few
 * set-based deletes; running it on several workers at once is harmless.
 */
export function createMaintenance(options: MaintenanceOptions) {
  const { db, log } = options;
  let timer: NodeJS.Timeout | undefined;

  /**
   * PGlite has no autovacuum, so a table filled in bulk (a seed, an import, a
   * search rebuild) keeps the planner's empty-table guesses and is read row
   * by row. Analyze what changed much since it was last analyzed, with
   * autovacuum's own threshold; PostgreSQL does this by itself.
   */
  async function analyzeChangedTables(): Promise<string[]> {
    if (db.kind !== 'pglite') return [];
    const stale = await db.systemQuery<{ relname: string }>(
      `select relname from pg_stat_user_tables
        where schemaname = 'public' and n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0)
        order by n_mod_since_analyze desc`,
    );
    for (const { relname } of stale.rows) await db.systemQuery(`analyze "${relname.replaceAll('"', '""')}"`);
    return stale.rows.map((row) => row.relname);
  }

  async function runOnce(): Promise<{ idempotencyKeys: number; outboxEvents: number; sessions: number; analyzed: string[] }> {
    const keys = await db.systemQuery(`delete from idempotency_keys where created_at < now() - make_interval(hours => $1)`, [options.idempotencyRetentionHours ?? 24]);
    const events = await db.systemQuery(
      `delete from outbox where created_at < now() - make_interval(days => $1)
          and tx_id < coalesce((select min(last_tx_id) from outbox_consumers), '0'::xid8)`,
      [options.outboxRetentionDays ?? 7],
    );
    const sessions = await db.systemQuery(`delete from sessions where expires_at < now() - interval '30 days'`);
    const analyzed = await analyzeChangedTables();
    return { idempotencyKeys: keys.rowCount, outboxEvents: events.rowCount, sessions: sessions.rowCount, analyzed };
  }

  return {
    runOnce,
    start() {
      const tick = () => {
        runOnce()
          .then((removed) => log.debug({ removed }, 'maintenance pass done'))
          .catch((error: unknown) => log.warn({ err: error }, 'maintenance pass failed; will retry'));
      };
      timer = setInterval(tick, options.intervalMs ?? 3_600_000);
      timer.unref();
      tick();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
