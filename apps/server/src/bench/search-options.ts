import { dbKind, parseCommandLine, UsageError, wholeNumber, type BenchDbKind } from './bench-options';

export interface SearchBenchOptions {
  db: BenchDbKind;
  /** CRM rows in total (90% contacts, 10% companies), spread evenly over the workspaces. */
  rows: number;
  workspaces: number;
  /** Vectors stored for the vector measurement; 0 skips it. */
  vectors: number;
  /** Timed runs of each query kind, after a warm-up. */
  queries: number;
  /** Seeds the data and the query order: equal options give equal data. */
  seed: number;
  /** Keep the benchmark database (PostgreSQL) afterwards. */
  keep: boolean;
  /** Connection used to create and drop the benchmark database (PostgreSQL only). */
  adminUrl: string;
}

export const searchUsage = `npm run bench:search -- --db postgres|pglite [--rows N] [--workspaces N] [--vectors N] [--queries N] [--seed N] [--keep]

  --db          postgres or pglite (default: postgres when BENCH_DATABASE_URL or DATABASE_URL is set, else pglite)
  --rows        CRM rows, 90% contacts and 10% companies (default 1,000,000 on PostgreSQL, 100,000 on PGlite)
  --workspaces  workspaces to spread them over (default 10); queries run in the first one
  --vectors     vectors for the vector measurement, 0 to skip it (default 250,000 on PGlite; 20,000 on PostgreSQL,
                where pgvector is missing and only the exact scan can be measured)
  --queries     timed runs per query kind, after a warm-up (default 200)
  --seed        seed of the generated data and query order (default 42)
  --keep        keep the nexus_bench_search database (PostgreSQL)

  BENCH_DATABASE_URL (else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) names the PostgreSQL
  server; the benchmark creates and drops its own database nexus_bench_search there. PGlite runs in memory.
`;

const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Reads the command line; the environment only chooses the default database and names the server. */
export function parseSearchBenchOptions(argv: readonly string[], env: Record<string, string | undefined>): SearchBenchOptions {
  const values = parseCommandLine(argv, {
    db: { type: 'string' },
    rows: { type: 'string' },
    workspaces: { type: 'string' },
    vectors: { type: 'string' },
    queries: { type: 'string' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
  });
  const db = dbKind(values.db, env);
  const onPostgres = db === 'postgres';
  const rows = wholeNumber('rows', values.rows, onPostgres ? 1_000_000 : 100_000, 20_000_000, 100);
  const workspaces = wholeNumber('workspaces', values.workspaces, 10, 1000);
  if (rows / workspaces < 100) throw new UsageError('--rows must give every workspace at least 100 rows');
  return {
    db,
    rows,
    workspaces,
    vectors: wholeNumber('vectors', values.vectors, onPostgres ? 20_000 : 250_000, 5_000_000, 0),
    queries: wholeNumber('queries', values.queries, 200, 100_000),
    seed: wholeNumber('seed', values.seed, 42, 2 ** 31 - 1, 0),
    keep: values.keep,
    adminUrl: env.BENCH_DATABASE_URL || env.DATABASE_URL || defaultAdminUrl,
  };
}
