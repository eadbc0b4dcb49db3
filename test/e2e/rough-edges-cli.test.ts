import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mesh } from '../../src/product/mesh.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
let store: string;

const customers = join(ROOT, 'examples/customers/product.yaml');
const sales = join(ROOT, 'examples/sales/product.yaml');
const on = (...args: string[]) => runCli([...args, '--store', store]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-rough-edges-'));
  store = join(dir, 'mesh.duckdb');
  expect((await on('create', customers)).code).toBe(0);
  expect((await on('create', sales)).code).toBe(0);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest of files that cannot give records (issue 15 item 15)', () => {
  it('says an empty CSV or NDJSON file holds no records instead of reporting zero counts', async () => {
    for (const name of ['empty.csv', 'empty.ndjson', 'header-only.csv']) {
      const file = join(dir, name);
      writeFileSync(
        file,
        name === 'header-only.csv' ? 'customer_id,name,email,registration_date,lifetime_value,tier\n' : '',
      );
      const run = await on('ingest', 'customer.profiles', file);
      expect(run.code, name).toBe(0);
      expect(run.stdout).toBe(`customer.profiles: the file ${file} holds no records; nothing was written\n`);
    }
  });

  it('refuses a CSV without a column for a required field once, naming the columns, and writes nothing', async () => {
    const file = join(dir, 'no-tier.csv');
    writeFileSync(
      file,
      'customer_id,name,email,registration_date,lifetime_value\nC900,Ann,ann@example.com,2024-01-02,10\nC901,Bo,bo@example.com,2024-01-03,20\n',
    );
    const run = await on('ingest', 'customer.profiles', file);
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`the CSV file ${file} has no column for the required field(s) tier`);
    const rows = await on('query', 'customer.profiles', '--json');
    expect((JSON.parse(rows.stdout) as { rows: unknown[] }).rows).toEqual([]);
  });
});

describe('deprecation notice (issue 15 item 15)', () => {
  it('shows the sunset date and reason given to deprecate on the product card', async () => {
    expect((await on('publish', 'sales.transactions')).code).toBe(0);
    const deprecated = await on(
      'deprecate',
      'sales.transactions',
      '--sunset',
      '2027-01-31',
      '--reason',
      'replaced by sales.orders',
    );
    expect(deprecated.code, deprecated.stderr).toBe(0);
    const card = await on('show', 'sales.transactions');
    expect(card.stdout).toMatch(
      /\ndeprecated {5}since \d{4}-\d{2}-\d{2}; sunset 2027-01-31; reason: replaced by sales\.orders\n/,
    );
    const json = JSON.parse((await on('show', 'sales.transactions', '--json')).stdout) as {
      deprecation: { sunset: string; reason: string };
    };
    expect(json.deprecation).toMatchObject({ sunset: '2027-01-31', reason: 'replaced by sales.orders' });
    const other = JSON.parse((await on('show', 'customer.profiles', '--json')).stdout) as {
      deprecation: unknown;
    };
    expect(other.deprecation).toBeNull();
  });
});

describe('whole-graph lineage (issue 15 item 15)', () => {
  it('includes every catalog product, also those without any lineage edge', async () => {
    const tree = await on('lineage');
    expect(tree.code, tree.stderr).toBe(0);
    expect(tree.stdout).toMatch(/^customer\.profiles \(draft, customer-team\)$/m);
    const json = JSON.parse((await on('lineage', '--json')).stdout) as { nodes: { id: string }[] };
    expect(json.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['customer.profiles', 'sales.transactions']),
    );
    const mermaid = await on('lineage', '--format', 'mermaid');
    expect(mermaid.stdout).toContain('customer.profiles<br/>draft, customer-team');
  });
});

describe('quality run numbers (issue 15 item 15)', () => {
  it('count each product’s runs 1, 2, 3… on their own, and --run reads a product’s run by that number', async () => {
    const history = async (id: string) =>
      (JSON.parse((await on('quality', id, '--history', '--json')).stdout) as { runId: number }[]).map(
        (r) => r.runId,
      );
    const salesBefore = (await history('sales.transactions')).length;
    expect((await on('quality', 'customer.profiles')).code).toBeLessThan(6);
    expect((await on('quality', 'customer.profiles')).code).toBeLessThan(6);
    expect((await on('quality', 'sales.transactions')).code).toBeLessThan(6);
    expect(await history('customer.profiles')).toEqual([2, 1]);
    const sales = await history('sales.transactions');
    expect(sales).toEqual(Array.from({ length: salesBefore + 1 }, (_, i) => salesBefore + 1 - i));
    const second = await on('quality', 'customer.profiles', '--run', '2', '--json');
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ runId: 2 });
    const missing = await on('quality', 'customer.profiles', '--run', '3');
    expect(missing.code).toBe(3);
  }, 60_000);
});

describe('search facets (issue 15 item 15)', () => {
  it('counts what the search found per domain, status, tag, quality level, owner and PII, in text and JSON', async () => {
    const text = await on('search', '', '--limit', '1');
    expect(text.code, text.stderr).toBe(0);
    // One hit shown, but the facets count both products found.
    expect(text.stdout).toContain('\nfound 2 product(s); by\n');
    expect(text.stdout).toContain('  domain: customer 1, sales 1\n');
    expect(text.stdout).toMatch(/ {2}owner: customer-team 1, sales-team 1\n/);
    expect(text.stdout).toContain('  PII: yes 1, no 1\n');
    const json = JSON.parse((await on('search', '', '--pii', '--json')).stdout) as {
      hits: { productId: string }[];
      facets: Record<string, Record<string, number>>;
    };
    expect(json.hits.map((h) => h.productId)).toEqual(['customer.profiles']);
    expect(json.facets.domain).toEqual({ customer: 1 });
    expect(json.facets.pii).toEqual({ yes: 1, no: 0 });
    expect(json.facets.qualityLevel).toEqual({ silver: 1 });
    expect(Object.keys(json.facets)).toEqual(['domain', 'status', 'tag', 'qualityLevel', 'owner', 'pii']);
  });

  it('gives the SDK’s search result the same facets', async () => {
    const mesh = await Mesh.open({ store, readOnly: true });
    try {
      const hits = await mesh.search('', { domain: 'sales' });
      expect(hits.map((h) => h.productId)).toEqual(['sales.transactions']);
      expect(hits.facets.domain).toEqual({ sales: 1 });
      expect(hits.facets.owner).toEqual({ 'sales-team': 1 });
      expect(hits.facets.pii).toEqual({ yes: 0, no: 1 });
    } finally {
      await mesh.close();
    }
  });
});

describe('output piped to a reader that stops early', () => {
  it('ends quietly with exit code 0 when the reader closes the pipe (meshwork … | head)', async () => {
    const { spawn } = await import('node:child_process');
    const bin = join(ROOT, 'test/support/meshwork-from-source.js');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      // `search ""` prints the catalog; the reader closes its end before anything is written.
      const child = spawn(process.execPath, [bin, 'search', '', '--store', store], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|at .*:\d+:\d+/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
