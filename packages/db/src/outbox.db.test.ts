import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, isRealPostgres, type TestDb } from '@nexus/testing';
import { createLogger, newId } from '@nexus/platform';
import { appendEvent, createOutboxRelay, createOutboxSignal, type DomainEvent } from './outbox';
import type { SqlClient } from './types';

const log = createLogger({ level: 'silent' });

describe('outbox', () => {
  let t: TestDb;
  const workspace = newId();

  beforeAll(async () => {
    t = await createTestDb();
    await t.db.systemQuery(`insert into workspaces (id, name) values ($1, 'W')`, [workspace]);
  });
  afterAll(() => t.close());

  const write = (type: string) => t.db.withWorkspace(workspace, (tx) => appendEvent(tx, undefined, { type, object: 'contacts', recordId: newId(), payload: { type } }));

  it('keeps no event of a transaction that rolled back', async () => {
    await expect(
      t.db.withWorkspace(workspace, async (tx) => {
        await appendEvent(tx, undefined, { type: 'ghost.created', object: 'contacts', recordId: null, payload: {} });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await t.db.systemQuery(`select 1 from outbox where type = 'ghost.created'`);
    expect(rows).toEqual([]);
  });

  it('delivers committed events in order, and a restarted relay resumes after the last delivered one', async () => {
    await write('a.1');
    await write('a.2');
    const seen: string[] = [];
    const consumer = { name: 'order-test', handle: async (e: DomainEvent) => void seen.push(e.type) };
    const signal = createOutboxSignal();
    const first = createOutboxRelay({ db: t.db, log, signal, consumers: [consumer] });
    await first.drain();
    expect(seen.filter((s) => s.startsWith('a.'))).toEqual(['a.1', 'a.2']);

    // Events committed while no relay runs (a crash between commit and delivery) are delivered by the next one.
    await write('a.3');
    const second = createOutboxRelay({ db: t.db, log, signal, consumers: [consumer] });
    await second.drain();
    expect(seen.filter((s) => s.startsWith('a.'))).toEqual(['a.1', 'a.2', 'a.3']);
    expect((await second.lag()).pending).toBe(0);
  });

  it('commits a slow consumer\'s batch early, so its cursor moves between deliveries', async () => {
    await write('c.1');
    await write('c.2');
    await write('c.3');
    const cursorAt: Record<string, string> = {};
    const consumer = {
      name: 'slow-test',
      handle: async (e: DomainEvent, tx: SqlClient) => {
        const { rows } = await tx.query<{ last_id: string }>('select last_id from outbox_consumers where name = $1', ['slow-test']);
        cursorAt[e.type] = rows[0]!.last_id;
      },
    };
    const { rows: ids } = await t.db.systemQuery<{ id: string; type: string }>(`select id, type from outbox where type like 'c.%' order by id`);
    // Skip what came before: this consumer starts at c.1.
    const before = (BigInt(ids[0]!.id) - 1n).toString();
    const { rows: tx } = await t.db.systemQuery<{ tx_id: string }>(`select (tx_id::text::bigint - 1)::text as tx_id from outbox where id = $1`, [ids[0]!.id]);
    await t.db.systemQuery(`insert into outbox_consumers (name, last_id, last_tx_id) values ('slow-test', $1, $2::xid8)`, [before, tx[0]!.tx_id]);
    await createOutboxRelay({ db: t.db, log, signal: createOutboxSignal(), consumers: [consumer], maxBatchMs: 0 }).drain();
    // Each event was delivered in a transaction of its own: the cursor already stood on the one before.
    expect(cursorAt).toEqual({ 'c.1': before, 'c.2': ids[0]!.id, 'c.3': ids[1]!.id });
  });

  it('retries a failing consumer, then sets the event aside and moves on', async () => {
    await write('b.poison');
    await write('b.fine');
    let attempts = 0;
    const seen: string[] = [];
    const consumer = {
      name: 'poison-test',
      handle: async (e: DomainEvent) => {
        if (e.type === 'b.poison') {
          attempts += 1;
          throw new Error('cannot handle');
        }
        seen.push(e.type);
      },
    };
    const relay = createOutboxRelay({ db: t.db, log, signal: createOutboxSignal(), consumers: [consumer], maxAttempts: 3, retryBaseMs: 1 });
    await relay.drain();
    expect(attempts).toBe(3);
    expect(seen).toContain('b.fine');
    const { rows } = await t.db.systemQuery<{ error: string }>(`select error from outbox_dead_letters where consumer = 'poison-test'`);
    expect(rows.map((r) => r.error)).toEqual(['cannot handle']);
  });

  it('wakes up on commit without waiting for its poll', async () => {
    const signal = createOutboxSignal();
    const received = new Promise<string>((resolve) => {
      const relay = createOutboxRelay({
        db: t.db,
        log,
        signal,
        pollIntervalMs: 60_000,
        consumers: [{ name: 'wake-test', handle: async (e) => void (e.type === 'c.live' && resolve(e.type)) }],
      });
      relay.start();
    });
    await t.db.withWorkspace(workspace, (tx) => appendEvent(tx, signal, { type: 'c.live', object: 'contacts', recordId: null, payload: {} }));
    await expect(received).resolves.toBe('c.live');
  });

  // Two transactions open at once need two connections: PostgreSQL only (PGlite has one).
  it.runIf(isRealPostgres)('delays, and never skips, the event of a transaction that commits after later ones', async () => {
    const seen: string[] = [];
    const relay = createOutboxRelay({ db: t.db, log, signal: createOutboxSignal(), consumers: [{ name: 'long-tx-test', handle: async (e) => void seen.push(e.type) }] });
    await relay.drain();
    seen.length = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (started = resolve));
    const slow = t.db.withWorkspace(workspace, async (tx) => {
      await appendEvent(tx, undefined, { type: 'd.slow', object: 'contacts', recordId: null, payload: {} });
      started();
      await held;
    });
    await inside;
    await write('d.fast');
    await relay.drain();
    expect(seen).toEqual([]);
    release();
    await slow;
    await relay.drain();
    expect(seen).toEqual(['d.slow', 'd.fast']);
  });
});
