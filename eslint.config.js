// ESLint (flat config): TypeScript-aware rules, the import boundaries of docs/architecture.md, a line limit.
// test/unit/import-boundaries.test.ts checks the same boundaries by reading every import.
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** src/server folders below the features (keep in step with the import-boundaries test). */
const INFRASTRUCTURE_DIRS = ['http', 'db', 'config', 'metrics', 'core', 'mail'];
const INFRASTRUCTURE_FILES = ['src/server/app-context.ts', 'src/server/app.ts'];
const COMPOSITION_FILES = ['main', 'start-server', 'routes', 'request-guards'];
const FEATURE_DIRS = fs
  .readdirSync('src/server', { withFileTypes: true })
  .filter((e) => e.isDirectory() && !INFRASTRUCTURE_DIRS.includes(e.name))
  .map((e) => e.name);

const restricted = (message, group) => ['error', { patterns: [{ group, message }] }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.build/**', 'tools/**', 'certs/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreComments: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Sanitisers (file names, log redaction, line samples) match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Test and bench clients read arbitrary JSON answers.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|zod/mini$)',
              message: 'src/domain holds pure rules: it imports only other src/domain modules and zod/mini (the error catalogue\'s shapes; no I/O).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**'],
    rules: {
      'no-restricted-imports': restricted('The console may import src/domain, src/contract and itself, never the server, the CLI or backup.', [
        '**/server/**',
        '**/cli/**',
        '**/backup/**',
      ]),
    },
  },
  {
    files: ['src/contract/**'],
    rules: {
      'no-restricted-imports': restricted('The API contract (response schemas) is read by server and console: it imports only src/domain and itself.', [
        '**/server/**',
        '**/web/**',
        '**/cli/**',
        '**/backup/**',
      ]),
    },
  },
  {
    files: ['src/backup/**'],
    rules: {
      'no-restricted-imports': restricted('src/backup stands alone (used by the CLI and benches).', ['../*']),
    },
  },
  {
    files: INFRASTRUCTURE_DIRS.map((d) => `src/server/${d}/**`),
    rules: {
      'no-restricted-imports': restricted(
        'Infrastructure never imports features or the composition root: take what you need as a parameter (see http/guards.ts).',
        [...FEATURE_DIRS.map((f) => `../${f}/*`), ...COMPOSITION_FILES.map((f) => `../${f}.js`)],
      ),
    },
  },
  {
    files: INFRASTRUCTURE_FILES,
    rules: {
      'no-restricted-imports': restricted(
        'Infrastructure never imports features or the composition root: take what you need as a parameter (see http/guards.ts).',
        [...FEATURE_DIRS.map((f) => `./${f}/*`), ...COMPOSITION_FILES.map((f) => `./${f}.js`)],
      ),
    },
  },
);
