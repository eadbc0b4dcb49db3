import { defineConfig } from 'vitest/config';

/**
 * The SDK suites that run a second time on PostgreSQL (the `postgres` project): every test in them opens its stores
 * through test/support (test-store.ts, example-mesh.ts, governed-mesh.ts), which put them on the project's engine.
 */
const POSTGRES_SUITES = [
  'src/product/data-product.test.ts',
  'src/product/query.test.ts',
  'src/product/analytics/compute-analytics.test.ts',
  'src/product/segments/product-segments.test.ts',
  'src/governance/access.test.ts',
  'src/product/lifecycle.test.ts',
  'src/product/read-governance.test.ts',
  'src/governance/policies.test.ts',
  'src/product/export.test.ts',
  'src/governance/read-paths.test.ts',
  'src/product/publish-spec.test.ts',
  'src/product/product-metrics.test.ts',
  'src/governance/roles.test.ts',
  'src/product/events/events.test.ts',
  'src/product/webhooks/webhook-dispatcher.test.ts',
  'src/product/carry-over.test.ts',
  'src/product/quality/mask-quality-report.test.ts',
  'src/governance/governance-authenticate.test.ts',
  'src/product/ingest.test.ts',
  'src/product/mesh.test.ts',
  'src/governance/audit-log.test.ts',
  'src/product/store-setup.test.ts',
  'src/product/write-trail.test.ts',
  'src/product/ingest-close.test.ts',
  'src/governance/audit-trail.test.ts',
  'src/governance/lifecycle-guards.test.ts',
  'src/governance/masking-secret.test.ts',
  'src/governance/tokens.test.ts',
  'src/product/catalog-queries.test.ts',
  'src/product/quality/run-quality-report.test.ts',
  'src/product/derived/derived-governance.test.ts',
  'src/product/derived/refresh-derived-product.test.ts',
  'src/product/derived/runaway-sql.test.ts',
  'src/product/derived/sql-attacks.test.ts',
  'src/catalog/product-document-store.test.ts',
  'src/governance/audit-rewrites.test.ts',
  'src/domains/seed-behaviours.test.ts',
  'src/cli/remote/remote-product.test.ts',
  'src/cli/commands/events.test.ts',
  'src/product/quality/measure-contract-checks.test.ts',
  'src/product/contract-export.test.ts',
  'src/catalog/product-registry.test.ts',
  'src/catalog/access-log.test.ts',
  'src/catalog/catalog-cache.test.ts',
  'src/catalog/catalog-tables.test.ts',
  'src/governance/read-trail.test.ts',
  'src/connectors/worldbank/region-gdp-enrichment.test.ts',
  'src/product/quality/contract-sql-check.test.ts',
  'src/product/materialize-worldbank.test.ts',
  'test/e2e/concurrency.test.ts',
  'test/e2e/authorization-matrix.test.ts',
  'test/e2e/server-api.test.ts',
  'test/e2e/server-rows.test.ts',
  'test/e2e/server-governance.test.ts',
  'test/e2e/server-events.test.ts',
  'test/e2e/hostile-input.test.ts',
  'test/e2e/secrets-and-pii.test.ts',
  'test/e2e/server-errors.test.ts',
  'test/e2e/client.test.ts',
  'test/e2e/backup-cli.test.ts',
];

export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: 'duckdb', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'postgres', include: POSTGRES_SUITES, env: { MESHWORK_TEST_ENGINE: 'postgres' } },
      },
    ],
  },
});
