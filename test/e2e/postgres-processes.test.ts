/**
 * Several `meshwork` processes writing one PostgreSQL store at once (DESIGN.md, "Beyond one machine"): nothing is
 * lost, and the audit chain they extend together still verifies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
