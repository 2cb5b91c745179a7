/** The database the suite runs on: PGlite by default, PostgreSQL when TEST_DATABASE_URL is set (`npm run test:pg`). */
export const testDatabaseUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined;
export const isRealPostgres = testDatabaseUrl !== undefined;

/** Where the migrated template lives, shared from the global setup with every test file. */
export const templateEnv = 'NEXUS_TEST_TEMPLATE';

export function adminUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Redis for the cache contract and the app's cache under `npm run test:pg`. */
export const testRedisUrl: string | undefined = process.env.TEST_REDIS_URL || undefined;
