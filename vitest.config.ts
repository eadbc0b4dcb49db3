import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    allowOnly: false,
    // CLI end-to-end tests spawn several processes each; on a busy 2-core machine one can take over a minute.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files share their worker's module graph instead of importing it afresh (~1 s each) and warming it again; no test
    // changes globals, the environment or the working folder, and every test builds its own stores.
    isolate: false,
    // Populated stores (example products, governed mesh) are built once per run and copied (test/support/template-stores.ts);
    // the PostgreSQL tests share one throwaway cluster, started on first need (test/support/postgres-cluster.ts).
    globalSetup: ['test/support/template-setup.ts', 'test/support/postgres-setup.ts'],
  },
});
