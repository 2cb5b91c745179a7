import { defineConfig } from 'vitest/config';

// One suite, two databases: the same files run on PGlite (`npm test`) and on
// PostgreSQL when TEST_DATABASE_URL is set (`npm run test:pg`).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    typecheck: { enabled: false },
  },
});
