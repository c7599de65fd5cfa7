import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two projects so the browser suite's global setup (build the client, start the app) runs only
    // when e2e tests are selected.
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/e2e/**'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'] } },
    ],
    // DuckDB work is CPU-bound and this machine has 2 cores: keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
