/**
 * Several `meshwork` processes on one PostgreSQL store: writing at once (DESIGN.md, "Beyond one machine"): nothing is
 * lost, and the audit chain they extend together still verifies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mesh } from '../../src/product/mesh.ts';
import { exampleSpec } from '../support/example-mesh.ts';
import { failureOf } from '../support/governed-mesh.ts';
import { dropFreshPostgresDatabases, freshPostgresDatabase } from '../support/postgres-cluster.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

const PROCESSES = 4;
const RECORDS = 300;

describe('several meshwork processes on one PostgreSQL store', () => {
  let dir: string;
  let store: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-pg-processes-'));
    store = await freshPostgresDatabase();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropFreshPostgresDatabases();
  });

  it('ingests from several processes at once, keeps every record and a chain that verifies', async () => {
    const created = await runCli(['create', join(ROOT, 'examples/sales/product.yaml'), '--store', store]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const files = Array.from({ length: PROCESSES }, (_, p) => {
      const file = join(dir, `part-${p}.json`);
      const records = Array.from({ length: RECORDS }, (_, i) => ({
        transaction_id: `P${p}-${String(i).padStart(4, '0')}`,
        product_id: 'PROD123',
        customer_id: 'CUST456',
        amount: i + 0.5,
        date: '2025-10-01',
        product_category: 'Electronics',
        region: p % 2 === 0 ? 'Europe' : 'Asia',
      }));
      writeFileSync(file, JSON.stringify(records));
      return file;
    });
    const runs = await Promise.all(
      files.map((file) =>
        runCli(['ingest', 'sales.transactions', file, '--store', store, '--batch-size', '50', '--json']),
      ),
    );
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const read = await runCli(['query', 'sales.transactions', '--all', '--json', '--store', store]);
    expect(read.code).toBe(0);
    const parsed = JSON.parse(read.stdout) as unknown[] | { rows: unknown[] };
    const rows = Array.isArray(parsed) ? parsed : parsed.rows;
    expect(rows).toHaveLength(PROCESSES * RECORDS);
    const verified = await runCli(['audit', 'verify', '--store', store]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/audit chain intact/);
  });

  it('shows a handle in this process, on its next read, a deprecation, a policy and a revocation made by other processes', async () => {
    const shared = await freshPostgresDatabase();
    const mesh = await Mesh.open({ store: shared });
    try {
      const owned = await mesh.createProduct(exampleSpec('sales'));
      await owned.ingest([
        {
          transaction_id: 'TXN1',
          product_id: 'PROD1',
          customer_id: 'CUST1',
          amount: 10.5,
          date: '2025-10-01',
          product_category: 'Books',
          region: 'Europe',
        },
      ]);
      expect((await owned.publish()).ok).toBe(true);
      await mesh.governance.addPrincipal({ id: 'bob', roles: ['consumer'] });
      const bob = await mesh.as('bob');
      const request = await bob.governance.requestAccess({
        product: 'sales.transactions',
        purpose: 'reporting',
      });
      const grant = await mesh.governance.approve(request.id);
      const sales = await bob.product('sales.transactions');
      // Read once first, so that the decisions are cached in this process.
      expect(await sales.count()).toBe(1);
      expect(await sales.deprecation()).toBeNull();

      const deprecated = await runCli([
        'deprecate',
        'sales.transactions',
        '--reason',
        'replaced',
        '--sunset',
        '2099-12-31',
        '--store',
        shared,
      ]);
      expect(deprecated.stderr).toBe('');
      expect(deprecated.code).toBe(0);
      expect(await sales.deprecation()).toMatchObject({ reason: 'replaced' });
      expect(await sales.count()).toBe(1);

      const policies = join(dir, 'no-reporting.yaml');
      writeFileSync(
        policies,
        [
          'policies:',
          '  - id: sales-closed-for-reporting',
          '    description: Sales are not read for reporting',
          '    severity: blocking',
          '    scope: domain:sales',
          '    events: [access]',
          '    expression: "request.purpose != \'reporting\'"',
          '',
        ].join('\n'),
      );
      const applied = await runCli(['policy', 'apply', policies, '--store', shared]);
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      const denied = await failureOf(sales.count());
      expect(denied.code).toBe('policy_denied');
      expect(denied.message).toMatch(/sales-closed-for-reporting/);

      const revoked = await runCli(['access', 'revoke', String(grant.id), '--store', shared]);
      expect(revoked.stderr).toBe('');
      expect(revoked.code).toBe(0);
      const refused = await failureOf(sales.query({ transaction_id: 'TXN1' }));
      expect(refused.code).toBe('unauthorized');
      expect(refused.message).toMatch(/revoked/);
    } finally {
      await mesh.close();
    }
  });
});
