// Lint: typescript-eslint recommended, no warnings allowed; the pure core may not import IO.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ioModules = ['dexie', 'solid-js', 'solid-js/*', 'comlink', 'workbox-*', 'node:*', 'pg', '@electric-sql/pglite', 'hono', 'hono/*', 'pino'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bridge/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/protocol/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ioModules.map((group) => ({ group: [group], message: 'src/domain and src/protocol are pure: pass IO in.' })) }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'pure code: no network' }, { name: 'setTimeout', message: 'pure code: no timers' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'pure code: pass the clock in' }, { object: 'Math', property: 'random', message: 'pure code: pass randomness in' }],
    },
  },
);
