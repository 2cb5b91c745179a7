import { parseArgs, type ParseArgsConfig } from 'node:util';

export type BenchDbKind = 'postgres' | 'pglite';

export interface BenchOptions {
  db: BenchDbKind;
  /** Contacts seeded in total, spread evenly over the workspaces. */
  contacts: number;
  workspaces: number;
  /** Length of each 50-connection run, after its warm-up. */
  durationSeconds: number;
  /** Sequential requests timed with one client, after the warm-up. */
  sequentialRequests: number;
  /** 50-connection runs per server and scenario; the median is reported. */
  rounds: number;
  /** Keep the benchmark database (PostgreSQL) or data folder (PGlite) afterwards. */
  keep: boolean;
  /** Connection used to create and drop the benchmark database (PostgreSQL only). */
  adminUrl: string;
}

export const usage = `npm run bench:api -- [--db postgres|pglite] [--contacts N] [--workspaces N] [--duration S] [--requests N] [--rounds N] [--keep]

  --db          postgres (default when BENCH_DATABASE_URL or DATABASE_URL is set) or pglite
  --contacts    contacts to seed (default 1,000,000 on PostgreSQL, 100,000 on PGlite)
  --workspaces  workspaces to spread them over (default 10 on PostgreSQL, 4 on PGlite)
  --duration    seconds of each 50-connection run (default 10)
  --requests    sequential requests timed with one client (default 2,000)
  --rounds      50-connection runs per server, ours and bare alternating; the median is reported (default 1)
  --keep        keep the nexus_bench database (or the PGlite folder)

  BENCH_DATABASE_URL (else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test) names the
  PostgreSQL server; the benchmark creates and drops its own database nexus_bench there.
  DATABASE_POOL_SIZE sets the pool of both servers (default 10).
`;

const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/test';

export class UsageError extends Error {}

/** A whole-number option (`1_000_000` and `1,000,000` are accepted), or its default when absent. */
export function wholeNumber(name: string, raw: string | undefined, fallback: number, max: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en')}`);
  return value;
}

/** The command line by `parseArgs`, its complaints turned into usage errors. */
export function parseCommandLine<T extends ParseArgsConfig['options']>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The database to measure: as named, else PostgreSQL when a server URL is configured, else PGlite. */
export function dbKind(raw: string | undefined, env: Record<string, string | undefined>): BenchDbKind {
  if (raw === undefined) return env.BENCH_DATABASE_URL || env.DATABASE_URL ? 'postgres' : 'pglite';
  if (raw === 'postgres' || raw === 'pglite') return raw;
  throw new UsageError('--db must be postgres or pglite');
}

/** Reads the command line; the environment only chooses the default database and names the server. */
export function parseBenchOptions(argv: readonly string[], env: Record<string, string | undefined>): BenchOptions {
  const values = parseCommandLine(argv, {
    db: { type: 'string' },
    contacts: { type: 'string' },
    workspaces: { type: 'string' },
    duration: { type: 'string' },
    requests: { type: 'string' },
    rounds: { type: 'string' },
    keep: { type: 'boolean', default: false },
  });
  const db = dbKind(values.db, env);
  const onPostgres = db === 'postgres';
  const contacts = wholeNumber('contacts', values.contacts, onPostgres ? 1_000_000 : 100_000, 50_000_000);
  const workspaces = wholeNumber('workspaces', values.workspaces, onPostgres ? 10 : 4, 1000);
  if (workspaces > contacts) throw new UsageError('--workspaces cannot exceed --contacts');
  return {
    db,
    contacts,
    workspaces,
    durationSeconds: wholeNumber('duration', values.duration, 10, 3600),
    sequentialRequests: wholeNumber('requests', values.requests, 2000, 1_000_000),
    rounds: wholeNumber('rounds', values.rounds, 1, 20),
    keep: values.keep,
    adminUrl: env.BENCH_DATABASE_URL || env.DATABASE_URL || defaultAdminUrl,
  };
}
