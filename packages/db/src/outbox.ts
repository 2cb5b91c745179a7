import { EventEmitter } from 'node:events';
import type { Logger } from '@nexus/platform';
import type { Database, SqlClient, WorkspaceTx } from './types';

export interface NewDomainEvent {
  /** e.g. `contact.created`, `deal.stage_changed` */
  type: string;
  /** The object the event is about: `contacts`, `deals`, ... */
  object: string;
  recordId: string | null;
  payload: Record<string, unknown>;
}

export interface DomainEvent extends NewDomainEvent {
  /** Ordered: a later commit of the same record never has a smaller id. */
  id: string;
  workspaceId: string;
  createdAt: Date;
}

/**
 * The records an import batch's event (`<object>.imported`) created: its
 * payload names them by `ids`; events written by earlier versions carried
 * the records themselves.
 */
export function importedRecordIds(event: DomainEvent): string[] {
  const payload = event.payload as { ids?: unknown; records?: unknown };
  const items: unknown[] = Array.isArray(payload.ids) ? payload.ids : Array.isArray(payload.records) ? payload.records.map((r: unknown) => (typeof r === 'object' && r !== null ? (r as { id?: unknown }).id : undefined)) : [];
  return items.filter((id): id is string => typeof id === 'string');
}

/** Tells the relay that events were committed, so it need not wait for its next poll. */
export interface OutboxSignal {
  notify(): void;
  onNotify(fn: () => void): () => void;
}

export function createOutboxSignal(): OutboxSignal {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    notify: () => emitter.emit('committed'),
    onNotify: (fn) => {
      emitter.on('committed', fn);
      return () => emitter.off('committed', fn);
    },
  };
}

/**
 * Writes a domain event in the caller's transaction: the event exists if and
 * only if the change it describes was committed.
 *
 * @example
 * await appendEvent(tx, signal, { type: 'contact.created', object: 'contacts', recordId: id, payload: { record } });
 */
export async function appendEvent(tx: WorkspaceTx, signal: OutboxSignal | undefined, event: NewDomainEvent): Promise<void> {
  await tx.query('insert into outbox (workspace_id, type, object, record_id, payload) values ($1, $2, $3, $4, $5)', [
    tx.workspaceId,
    event.type,
    event.object,
    event.recordId,
    JSON.stringify(event.payload),
  ]);
  if (signal) tx.afterCommit(() => signal.notify());
}

export interface OutboxConsumer {
  /** Stable name: the consumer's position in the outbox is stored under it. */
  name: string;
  /**
   * Must be idempotent: an event may be delivered more than once after a crash.
   * `tx` is the relay's own transaction (owner rights), which commits with the
   * consumer's position: work written through it happens exactly once. On
   * PGlite it is the only connection, so a consumer must not open another
   * transaction while it runs.
   */
  handle(event: DomainEvent, tx: SqlClient): Promise<void>;
  /**
   * Set when `handle` writes through `tx`: each delivery then runs under a
   * savepoint, so a failed attempt leaves nothing behind. Consumers that only
   * read the event skip the two extra statements per event.
   */
  writes?: boolean;
}

export interface OutboxRelayOptions {
  db: Database;
  log: Logger;
  signal: OutboxSignal;
  consumers: OutboxConsumer[];
  pollIntervalMs?: number;
  batchSize?: number;
  /**
   * A consumer's batch commits once its deliveries have taken this long,
   * even short of `batchSize`. Default 2,000. A relay's transaction holds back
   * every relay's view of newer events (see `runConsumer`), so a slow
   * consumer (duplicate checks of an import) must not keep one open for minutes.
   */
  maxBatchMs?: number;
  /** Attempts per event before it is set aside in the dead-letter list. */
  maxAttempts?: number;
  retryBaseMs?: number;
}

export interface OutboxLag {
  pending: number;
  oldestPendingAgeSeconds: number;
  deadLetters: number;
}

export interface OutboxRelay {
  start(): void;
  stop(): Promise<void>;
  /** Delivers everything committed so far; resolves when caught up (tests, shutdown). */
  drain(): Promise<void>;
  lag(): Promise<OutboxLag>;
}

interface EventRow {
  id: string;
  workspace_id: string;
  type: string;
  object: string;
  record_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  tx_id: string;
}

/**
 * Delivers outbox events to in-process consumers, at least once and in id
 * order. Each consumer's position is stored in the database and moved under a
 * row lock, so a crash between commit and delivery only delays delivery, and
 * two processes never deliver the same batch at the same time.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, log, consumers } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 200;
  const maxBatchMs = options.maxBatchMs ?? 2_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 50;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  let unsubscribe: (() => void) | undefined;

  async function deliver(tx: SqlClient, consumer: OutboxConsumer, event: DomainEvent): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      // A savepoint keeps a failed attempt's writes (and PostgreSQL's aborted
      // state) out of the relay's transaction.
      const guarded = consumer.writes === true;
      if (guarded) await tx.query('savepoint outbox_delivery');
      try {
        await consumer.handle(event, tx);
        if (guarded) await tx.query('release savepoint outbox_delivery');
        return;
      } catch (error) {
        if (guarded) await tx.query('rollback to savepoint outbox_delivery');
        if (attempt >= maxAttempts) {
          log.error({ err: error, consumer: consumer.name, eventId: event.id, type: event.type }, 'outbox event set aside after repeated failures');
          // Inside the relay's transaction: on PGlite a second transaction would wait on this one forever.
          await tx.query(
            'insert into outbox_dead_letters (consumer, event_id, error, attempts) values ($1, $2, $3, $4) on conflict do nothing',
            [consumer.name, event.id, error instanceof Error ? error.message : String(error), attempt],
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, retryBaseMs * 2 ** (attempt - 1)));
      }
    }
  }

  /** One batch for one consumer; returns true when there may be more. */
  async function runConsumer(consumer: OutboxConsumer): Promise<boolean> {
    return db.withSystem(async (tx) => {
      await tx.query('insert into outbox_consumers (name) values ($1) on conflict (name) do nothing', [consumer.name]);
      const cursor = await tx.query<{ last_id: string; last_tx_id: string }>(
        'select last_id, last_tx_id::text as last_tx_id from outbox_consumers where name = $1 for update',
        [consumer.name],
      );
      let last = { txId: cursor.rows[0]?.last_tx_id ?? '0', id: cursor.rows[0]?.last_id ?? '0' };
      // Only events of transactions older than every transaction still running: no
      // event can appear before them any more, so the cursor never passes one by.
      const { rows } = await tx.query<EventRow>(
        `select id, workspace_id, type, object, record_id, payload, created_at, tx_id::text as tx_id
           from outbox
          where (tx_id, id) > ($1::xid8, $2::bigint) and tx_id < pg_snapshot_xmin(pg_current_snapshot())
          order by tx_id, id limit $3`,
        [last.txId, last.id, batchSize],
      );
      let delivered = 0;
      const started = performance.now();
      for (const row of rows) {
        if (delivered > 0 && performance.now() - started >= maxBatchMs) break;
        await deliver(tx, consumer, {
          id: row.id,
          workspaceId: row.workspace_id,
          type: row.type,
          object: row.object,
          recordId: row.record_id,
          payload: row.payload,
          createdAt: row.created_at,
        });
        last = { txId: row.tx_id, id: row.id };
        delivered += 1;
      }
      if (delivered > 0) {
        await tx.query('update outbox_consumers set last_id = $2, last_tx_id = $3::xid8, updated_at = now() where name = $1', [consumer.name, last.id, last.txId]);
      }
      return delivered === batchSize || delivered < rows.length;
    });
  }

  async function tick(): Promise<void> {
    for (const consumer of consumers) {
      while (await runConsumer(consumer)) {
        // keep going while full batches arrive
      }
    }
  }

  function schedule(): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void pump(), pollIntervalMs);
  }

  function pump(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await tick();
        } catch (error) {
          log.warn({ err: error }, 'outbox relay pass failed; retrying on the next poll');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
      schedule();
    });
    return running;
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      unsubscribe = options.signal.onNotify(() => void pump());
      void pump();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      clearTimeout(timer);
      await running;
    },
    async drain() {
      await running;
      await tick();
    },
    async lag() {
      const { rows } = await db.systemQuery<{ pending: string; oldest: number | null; dead: string }>(
        `with cursor as (
           select last_tx_id, last_id from outbox_consumers where name = any($1)
           order by last_tx_id, last_id limit 1
         ), behind as (
           select o.created_at from outbox o
            where not exists (select 1 from cursor) or (o.tx_id, o.id) > (select last_tx_id, last_id from cursor)
         )
         select (select count(*) from behind) as pending,
                (select extract(epoch from now() - min(created_at)) from behind) as oldest,
                (select count(*) from outbox_dead_letters) as dead`,
        [consumers.map((c) => c.name)],
      );
      const row = rows[0];
      return {
        pending: Number(row?.pending ?? 0),
        oldestPendingAgeSeconds: Number(row?.oldest ?? 0),
        deadLetters: Number(row?.dead ?? 0),
      };
    },
  };
}
