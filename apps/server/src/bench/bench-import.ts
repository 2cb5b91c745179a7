/**
 * `npm run bench:import`: imports a generated contacts CSV (1,048,576 rows,
 * HubSpot's per-file limit, by default) through the real API — multipart
 * upload, mapping, validation, upserts by e-mail, company lookups, checkpoints
 * — on PGlite and on PostgreSQL, and beside it a raw `COPY` of the same file
 * into an indexed table on the same database: rows per second, the ratio, and
 * peak memory of this process.
 *
 * With `--duplicates`, duplicate detection then catches up with the
 * imported rows (the `duplicates` outbox consumer alone, as the background
 * worker runs it), timed on its own: it is not part of the import's figure.
 *
 *   npm run bench:import -- [--rows N] [--db postgres|pglite|both] [--batch N] [--duplicates] [--keep-file] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createCache } from '@nexus/cache';
import { createOutboxRelay, createOutboxSignal, type Database } from '@nexus/db';
import { createLogger, systemClock } from '@nexus/platform';
import { buildApp } from '../build-app';
import { loadConfig } from '../config';
import { openBenchDatabase } from './bench-db';
import { parseCommandLine, wholeNumber, type BenchDbKind, type BenchOptions } from './bench-options';

const say = (line = '') => void process.stdout.write(`${line}\n`);
const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/test';

const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'John', 'Radia', 'Tim', 'Hedy', 'Linus', 'Karen', 'Dennis'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen', 'McCarthy', 'Perlman', 'Berners-Lee', 'Lamarr', 'Torvalds', 'Jones', 'Ritchie'];
const titles = ['Engineer', 'Account Executive', 'VP Sales', 'CTO', 'Head of Operations', 'Product Manager', 'Founder', ''];
const stages = ['lead', 'subscriber', 'opportunity', 'customer'];
const cities = ['London', 'Berlin', 'Paris', 'Austin', 'Toronto', 'Sydney', 'Lisbon', 'Nairobi'];

/** Writes the CSV: unique e-mails, 5,000 companies, a few malformed rows (bad e-mail) to quarantine. */
async function writeCsv(path: string, rows: number): Promise<void> {
  async function* lines(): AsyncGenerator<string> {
    yield 'First Name,Last Name,Email,Phone Number,Company Name,Job Title,Lifecycle Stage,City\n';
    let chunk = '';
    for (let i = 0; i < rows; i += 1) {
      const first = firstNames[i % firstNames.length] ?? '';
      const last = lastNames[Math.floor(i / firstNames.length) % lastNames.length] ?? '';
      const email = i % 10_000 === 9_999 ? `broken-${i}@` : `${first.toLowerCase()}.${last.toLowerCase()}.${i}@example${i % 97}.com`;
      const phone = `+1 415 ${String(2_000_000 + (i % 7_000_000)).padStart(7, '0')}`;
      chunk += `${first},${last},${email},${phone},Company ${i % 5000},${titles[i % titles.length] ?? ''},${stages[i % stages.length] ?? ''},${cities[i % cities.length] ?? ''}\n`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

/** Samples this process's resident memory; PGlite's database lives inside it, PostgreSQL's in its own processes. */
function watchMemory() {
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const before = process.memoryUsage().rss;
  const samples: number[] = [];
  let peak = process.memoryUsage();
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    samples.push(now.rss);
    if (now.rss > peak.rss) peak = now;
  }, 50);
  return {
    /** Peak over the run, and the peaks of its first and second halves: equal halves mean memory does not grow with the rows. */
    stop: () => {
      clearInterval(timer);
      samples.push(process.memoryUsage().rss);
      const half = Math.floor(samples.length / 2);
      return {
        beforeMb: mb(before),
        peakMb: mb(Math.max(before, ...samples)),
        firstHalfMb: mb(Math.max(before, ...samples.slice(0, half))),
        secondHalfMb: mb(Math.max(...samples.slice(half))),
        /** Where the peak was: V8's heap (used of total), and memory outside it (buffers). */
        atPeak: `V8 heap ${mb(peak.heapUsed)} of ${mb(peak.heapTotal)} MB, buffers ${mb(peak.arrayBuffers)} MB, other external ${mb(peak.external - peak.arrayBuffers)} MB`,
      };
    },
  };
}

const rawTable = `create table bench_raw_copy (first_name text, last_name text, email text, phone text, company text, title text, stage text, city text);
  create index on bench_raw_copy (last_name, first_name); create index on bench_raw_copy (email); create index on bench_raw_copy (company);`;

/** The baseline: the same file by COPY into a table with three indexes, no checks at all. */
async function rawCopy(kind: BenchDbKind, db: Database, url: string | undefined, file: string): Promise<number> {
  const started = performance.now();
  if (kind === 'postgres' && url) {
    await db.exec(rawTable);
    const result = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_raw_copy from '${file}' with (format csv, header true)`], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`psql \\copy failed: ${result.stderr}`);
  } else {
    // PGlite takes COPY input from a blob; a fresh in-process instance, as the import's own is.
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create();
    try {
      await pglite.exec(rawTable);
      const blob = new Blob([await readFile(file)]);
      const copyStarted = performance.now();
      await pglite.query(`copy bench_raw_copy from '/dev/blob' with (format csv, header true)`, [], { blob });
      return (performance.now() - copyStarted) / 1000;
    } finally {
      await pglite.close();
    }
  }
  return (performance.now() - started) / 1000;
}

/** Runs the duplicates consumer over every event so far, as the worker would: seconds taken and the pairs it stored. */
async function catchUpDuplicates(db: Database, built: Awaited<ReturnType<typeof buildApp>>): Promise<{ seconds: number; pairs: number }> {
  const relay = createOutboxRelay({ db, log: createLogger({ level: 'warn' }), signal: createOutboxSignal(), consumers: [built.duplicates.consumer] });
  const started = performance.now();
  await relay.drain();
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await db.systemQuery<{ n: string }>('select count(*) as n from duplicate_pairs');
  return { seconds, pairs: Number(rows[0]?.n ?? 0) };
}

async function runOne(kind: BenchDbKind, file: string, rows: number, batch: number, adminUrl: string, keep: boolean, duplicates: boolean) {
  const options: BenchOptions = { db: kind, contacts: rows, workspaces: 1, durationSeconds: 1, sequentialRequests: 1, rounds: 1, keep, adminUrl };
  const spool = await mkdtemp(join(tmpdir(), 'nexus-bench-import-spool-'));
  const config = loadConfig({ LOG_LEVEL: 'warn', NEXUS_DEMO: 'false', IMPORT_SPOOL_DIR: spool, IMPORT_BATCH_ROWS: String(batch), RATE_LIMIT_PER_MINUTE: '100000' });
  const bench = await openBenchDatabase(options, config);
  const log = createLogger({ level: 'warn' });
  const cache = createCache({ kind: 'memory' });
  const timings = new Map<string, { n: number; ms: number }>();
  const traced: Database = process.env.BENCH_TRACE
    ? {
        ...bench.db,
        withWorkspace: (ws, fn, opts) =>
          bench.db.withWorkspace(
            ws,
            (tx) =>
              fn({
                workspaceId: tx.workspaceId,
                afterCommit: (f) => tx.afterCommit(f),
                finalWrite: (sql, params) => tx.finalWrite(sql, params),
                async query<T>(sql: string, params?: readonly unknown[]) {
                  const t0 = performance.now();
                  try {
                    return await tx.query<T>(sql, params);
                  } finally {
                    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
                    const entry = timings.get(key) ?? { n: 0, ms: 0 };
                    entry.n += 1;
                    entry.ms += performance.now() - t0;
                    timings.set(key, entry);
                  }
                },
              }),
            opts,
          ),
      }
    : bench.db;
  const built = await buildApp({ config, db: traced, cache, log, clock: systemClock, signal: createOutboxSignal() });
  try {
    await built.app.ready();
    const signup = await built.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'bench@example.com', password: 'correct horse battery staple', name: 'Bench', workspaceName: 'Bench' } });
    const token = signup.json<{ token: string }>().token;
    const boundary = '----nexusbench';
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="object"\r\n\r\ncontacts\r\n`);
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contacts.csv"\r\nContent-Type: text/csv\r\n\r\n`);
      for await (const chunk of createReadStream(file)) yield chunk as Buffer;
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    const memory = watchMemory();
    const started = performance.now();
    const res = await built.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Readable.from(body()),
    });
    if (res.statusCode !== 202) throw new Error(`upload refused: ${res.statusCode} ${res.body}`);
    const uploaded = (performance.now() - started) / 1000;
    await built.imports.runner.drain();
    const seconds = (performance.now() - started) / 1000;
    const { beforeMb, peakMb, firstHalfMb, secondHalfMb, atPeak } = memory.stop();
    const view = (await built.app.inject({ method: 'GET', url: `/api/v1/imports/${res.json<{ id: string }>().id}`, headers: { authorization: `Bearer ${token}` } })).json<Record<string, unknown>>();
    if (view.status !== 'completed') throw new Error(`import ended ${String(view.status)}: ${JSON.stringify(view.error)}`);
    if (process.env.BENCH_TRACE) for (const [sql, t] of [...timings.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) say(`  ${t.ms.toFixed(0).padStart(7)} ms ${String(t.n).padStart(6)}x ${sql}`);
    const copySeconds = await rawCopy(kind, bench.db, bench.url, file);
    const importRate = rows / seconds;
    const copyRate = rows / copySeconds;
    say(`${bench.serverVersion}:`);
    say(`  import  ${seconds.toFixed(1).padStart(7)} s  ${Math.round(importRate).toLocaleString('en').padStart(8)} rows/s  (upload ${uploaded.toFixed(1)} s; created ${String(view.created)}, quarantined ${String(view.quarantined)}), peak RSS ${peakMb} MB`);
    say(`  memory: ${beforeMb} MB before the upload (the whole server), peak ${firstHalfMb} MB in the first half of the run and ${secondHalfMb} MB in the second; at the peak: ${atPeak}`);
    say(`  raw COPY ${copySeconds.toFixed(1).padStart(6)} s  ${Math.round(copyRate).toLocaleString('en').padStart(8)} rows/s  (three indexes, no checks)`);
    say(`  ratio import / COPY: ${(importRate / copyRate).toFixed(2)}`);
    if (duplicates) {
      const caught = await catchUpDuplicates(bench.db, built);
      say(`  duplicate detection after the import: ${caught.seconds.toFixed(1)} s, ${Math.round(rows / caught.seconds).toLocaleString('en')} rows/s, ${caught.pairs.toLocaleString('en')} pairs stored`);
    }
    return { kind, importRate, copyRate, peakMb };
  } finally {
    await built.app.close();
    await cache.close();
    await bench.dispose(keep);
    await rm(spool, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const values = parseCommandLine(process.argv.slice(2), { rows: { type: 'string' }, db: { type: 'string' }, batch: { type: 'string' }, 'keep-file': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, duplicates: { type: 'boolean', default: false } });
  const rows = wholeNumber('rows', values.rows, 1_048_576, 20_000_000);
  const batch = wholeNumber('batch', values.batch, 2000, 20_000);
  const which = values.db ?? 'both';
  if (!['both', 'postgres', 'pglite'].includes(which)) throw new Error('--db must be postgres, pglite or both');
  const kinds: BenchDbKind[] = which === 'both' ? ['pglite', 'postgres'] : [which as BenchDbKind];
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || defaultAdminUrl;
  const dir = await mkdtemp(join(tmpdir(), 'nexus-bench-import-'));
  const file = join(dir, 'contacts.csv');
  try {
    const generating = performance.now();
    await writeCsv(file, rows);
    say(`bench:import: ${rows.toLocaleString('en')} contacts, ${Math.round((await stat(file)).size / 1024 / 1024)} MB CSV (generated in ${((performance.now() - generating) / 1000).toFixed(1)} s), batches of ${batch}`);
    say(`  load average ${loadavg()[0]?.toFixed(1) ?? '?'} on ${availableParallelism()} cores`);
    for (const kind of kinds) await runOne(kind, file, rows, batch, adminUrl, values.keep === true, values.duplicates === true);
  } finally {
    if (values['keep-file']) say(`  file kept: ${file}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:import failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
