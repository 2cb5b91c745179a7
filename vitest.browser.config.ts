import { defineConfig } from 'vitest/config';

// The browser suite (`npm run test:browser`): the real server serving a
// production build of the web app, driven by Debian's chromium. Kept apart
// from `npm test` (vitest.config.ts): it builds the web app first and takes
// minutes, and its files live outside the `src/` globs of the default suite.
export default defineConfig({
  test: {
    include: ['apps/web/browser/**/*.browser.test.ts'],
    globalSetup: ['apps/web/browser/harness.ts'],
    // One server and one chromium at a time: the machine has two cores.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: false },
  },
});
