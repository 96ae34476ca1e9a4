import { defineConfig } from 'vitest/config';

// Three suites, run in this order by `make test`. Integration and e2e files each get
// their own database name (see test/support/db.ts), so files run in parallel.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/response-contract.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/response-contract.ts', 'test/e2e/support/failure-screenshots.ts'],
        },
      },
    ],
  },
});
