import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    allowOnly: false,
    // CLI end-to-end tests spawn several processes each; on a busy 2-core machine one can take over a minute.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Populated stores (example products, governed mesh) are built once per run and copied (test/support/template-stores.ts).
    globalSetup: ['test/support/template-setup.ts'],
  },
});
