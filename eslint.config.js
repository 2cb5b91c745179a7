// @ts-check
// Architecture that matters is a lint rule, not a wiki page (STYLE.md, "Tooling").
// Every rule here is an error: `npm run lint` runs with `--max-warnings 0`.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx'];
const WEB_FILES = ['apps/web/**/*.ts', 'apps/web/**/*.tsx'];
const TEST_FILES = ['**/*.test.ts', '**/test-support.ts'];

/** Configuration files and composition roots: the only places that read the environment. */
const ENV_READERS = [
  'apps/server/src/config.ts',
  'apps/server/src/main.ts',
  'apps/server/src/cli/**',
  'apps/server/src/bench/**',
  'packages/testing/src/**',
  'scripts/**',
  '**/*.test.ts',
  'vitest.config.ts',
  'apps/web/next.config.ts',
  'apps/web/browser/**',
];

/** May use the owner-rights (RLS-bypassing) database methods. */
// The search indexer and embedding worker serve every workspace, like the outbox relay.
const SYSTEM_DB_USERS = ['packages/identity/**', 'packages/db/**', 'packages/search/**', 'apps/**', '**/*.test.ts'];

const boundaryPatterns = [
  {
    group: ['@nexus/*/src', '@nexus/*/src/**', '@nexus/*/internal', '@nexus/*/internal/**'],
    message: "Import another package only through its public index ('@nexus/<name>'); private code lives in src/ and internal/.",
  },
  {
    // `../../db/src/x`, `../../../packages/db/...`: a relative path that climbs
    // out of its package into a sibling's sources. In-package imports never
    // name `src/` after climbing, so this does not fire on `../internal/x`.
    regex: String.raw`^(\.\./)+(([^./][^/]*/src)|packages|apps)(/|$)`,
    message: "Do not reach into another package with a relative path; import '@nexus/<name>' instead.",
  },
];

const tenancySelectors = ['withSystem', 'systemQuery'].flatMap((name) => {
  const message = `\`${name}\` runs with owner rights and bypasses row-level security. Outside packages/identity, packages/db, packages/search and apps, reach tenant tables only through \`db.withWorkspace(...)\` and its WorkspaceTx.`;
  return [
    { selector: `MemberExpression[property.name='${name}']`, message },
    // `const { withSystem } = db` would otherwise slip past the member check.
    { selector: `ObjectPattern > Property[key.name='${name}']`, message },
  ];
});

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/data/', '**/dist/', '**/coverage/', '**/.data-*/', '**/.bench/', 'apps/web/.next*/', 'apps/web/out/', 'apps/web/next-env.d.ts']),

  {
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },

  {
    files: TS_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    plugins: { 'import-x': importX },
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    settings: {
      // Workspace packages resolve through node_modules/@nexus symlinks and
      // their `exports` to src/index.ts, so the plain node resolver sees the
      // real files and cycles across packages are detected too.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] })],
      'import-x/extensions': ['.ts', '.js'],
      // Never parse third-party code while walking the import graph (pglite's
      // bundles overflow the parser and cost seconds per run).
      'import-x/ignore': ['node_modules'],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // `_meta`-style names mark parameters a signature must accept but this implementation ignores.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Noise here: adapters implement Promise-returning ports (Cache, outbox
      // handlers, fastify hooks) with bodies that happen to be synchronous;
      // `async` keeps a throw a rejection, which is what callers expect.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],

      'import-x/no-cycle': 'error',
      // Guards no-cycle: an import the resolver cannot follow would silently hide a cycle.
      'import-x/no-unresolved': 'error',
      'import-x/no-relative-packages': 'error',
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './packages', from: './apps', message: 'Packages must never depend on apps.' }] },
      ],

      'no-restricted-imports': ['error', { patterns: boundaryPatterns }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read the environment only in config and the composition roots (apps/server/src/config.ts, main.ts, cli/, bench/); pass values down.',
        },
      ],
    },
  },

  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundaryPatterns,
            { group: ['@nexus/server', '@nexus/server/**'], message: 'Packages must never depend on apps.' },
          ],
        },
      ],
    },
  },

  {
    files: TS_FILES,
    ignores: SYSTEM_DB_USERS,
    rules: { 'no-restricted-syntax': ['error', ...tenancySelectors] },
  },

  {
    files: ENV_READERS,
    rules: { 'no-restricted-properties': 'off' },
  },

  {
    // The web app runs in the browser; TypeScript (its own tsconfig, `@/` paths) is the authority on its imports.
    files: WEB_FILES,
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'import-x/no-unresolved': 'off',
      'import-x/no-cycle': 'off',
    },
  },

  {
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // Tests read untyped JSON (`res.json()`) and use asymmetric matchers
      // (`expect.any(String)`), both typed `any` by their libraries.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
