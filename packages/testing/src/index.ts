export { createTestDb } from './create-test-db';
export type { TestDb } from './create-test-db';
export { isRealPostgres, testDatabaseUrl } from './test-env';
