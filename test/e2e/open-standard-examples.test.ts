/**
 * The runtime creates the sales and customer products straight from their ODPS + ODCS files in
 * examples/open-standards/: published through the CLI, loaded with the shipped sample data, queried and tested.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
let store: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-open-standards-'));
  store = join(dir, 'mesh.duckdb');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const example = (path: string) => join(ROOT, 'examples', path);

async function queryRows(id: string, args: readonly string[]): Promise<Record<string, unknown>[]> {
  const run = await runCli(['query', id, ...args, '--json', '--store', store]);
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { rows: Record<string, unknown>[] }).rows;
}

describe('the open-standard examples', () => {
  it('leave `meshwork validate examples/` without a problem', async () => {
    const run = await runCli(['validate', example('')]);
    expect(run.stdout).toContain('0 error(s), 0 warning(s)');
    expect(run.code).toBe(0);
  });

  it('publish sales.transactions from ODPS + ODCS, take the sample sales and answer a query', async () => {
    const publish = await runCli(['publish', example('open-standards/sales'), '--store', store]);
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain('sales.transactions 1.0.0: registered and published');
    const ingest = await runCli([
      'ingest',
      'sales.transactions',
      example('sales/sample_sales.json'),
      '--store',
      store,
    ]);
    expect(ingest.stdout).toContain('6 accepted, 0 rejected');
    expect(
      await queryRows('sales.transactions', ['-w', 'amount > 200', '-c', 'transaction_id,amount']),
    ).toEqual([{ transaction_id: 'TXN003', amount: 300.5 }]);
  });

  it('publish customer.profiles from ODPS + ODCS and run its contract rules on the sample customers', async () => {
    const publish = await runCli(['publish', example('open-standards/customers'), '--store', store]);
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain('customer.profiles 1.0.0: registered and published');
    const ingest = await runCli([
      'ingest',
      'customer.profiles',
      example('customers/sample_customers.json'),
      '--store',
      store,
    ]);
    expect(ingest.stdout).toContain('4 accepted, 0 rejected');
    const gold = await queryRows('customer.profiles', [
      '-w',
      "tier = 'gold'",
      '-c',
      'customer_id',
      '-o',
      'customer_id',
    ]);
    expect(gold).toEqual([{ customer_id: 'CUST001' }, { customer_id: 'CUST004' }]);
    const test = await runCli(['test', 'customer.profiles', '--store', store]);
    expect(test.stdout).toMatch(/pass +rule: email_shape/);
    expect(test.stdout).toMatch(/pass +constraint: tier\.enum/);
    expect(test.code).toBe(0);
  });

  it('give the published documents back byte for byte', async () => {
    for (const [id, folder] of [
      ['sales.transactions', 'sales'],
      ['customer.profiles', 'customers'],
    ] as const) {
      for (const [format, file] of [
        ['odcs', 'contract.odcs.yaml'],
        ['odps', 'product.odps.yaml'],
      ] as const) {
        const run = await runCli(['contract', id, '--format', format, '--json', '--store', store]);
        const out = JSON.parse(run.stdout) as { source: string; text: string };
        expect(out.source).toBe('stored');
        expect(out.text).toBe(readFileSync(example(`open-standards/${folder}/${file}`), 'utf8'));
      }
    }
  });
});
