export { createEmptyTestDb, createTestDb } from './create-test-db';
export type { EmptyTestDb, TestDb } from './create-test-db';
export { isRealPostgres, testDatabaseUrl, testRedisUrl } from './test-env';
