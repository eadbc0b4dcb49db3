import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine } from '../../src/engine/duckdb/duckdb-engine.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
let store: string;

const example = (path: string) => join(ROOT, 'examples', path);
const cli = (...args: string[]) => runCli([...args, '--store', store]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-domain-cli-'));
  store = join(dir, 'mesh.duckdb');
  for (const args of [
    ['create', example('sales/product.yaml')],
    ['create', example('customers/product.yaml')],
    ['ingest', 'sales.transactions', example('sales/sample_sales.json')],
    ['ingest', 'customer.profiles', example('customers/sample_customers.json')],
  ]) {
    const run = await cli(...args);
    if (run.code !== 0) throw new Error(`setup ${args.join(' ')} failed: ${run.stderr}`);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('meshwork --help', () => {
  it('lists the metrics, quality, segments and refresh commands, each with examples', async () => {
    const help = await runCli(['--help']);
    for (const cmd of ['metrics', 'quality', 'segments', 'refresh']) expect(help.stdout).toContain(cmd);
    for (const cmd of ['metrics', 'quality', 'segments', 'refresh']) {
      const run = await runCli([cmd, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Examples:');
    }
  });
});

describe('meshwork metrics', () => {
  it('prints usage, the measured SLA and the declared analytics as tables', async () => {
    const run = await cli('metrics', 'sales.transactions');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/total_revenue\s+895\.75/);
    expect(run.stdout).toMatch(/transactions\s+6\n/);
    expect(run.stdout).toMatch(/North America\s+525\.5\s+3/);
    expect(run.stdout).toMatch(/Europe\s+320\s+2/);
    expect(run.stdout).toMatch(/Asia\s+50\.25\s+1/);
    expect(run.stdout).toMatch(/2025-10\s+895\.75\s+6/);
    expect(run.stdout).toContain('SLA:');
    expect(run.stdout).toContain('measured quality level: not measured yet');
  });

  it('keeps the usage figures and adds the analytics and SLA in --json', async () => {
    const run = await cli('metrics', 'sales.transactions', '--json');
    const out = JSON.parse(run.stdout) as {
      totalRecords: number;
      analytics: { measures: { name: string; value: number }[]; breakdowns: { name: string }[] };
      slaStatus: { freshness: { targetMinutes: number } };
    };
    expect(out.totalRecords).toBe(6);
    expect(out.analytics.measures.find((m) => m.name === 'total_revenue')?.value).toBe(895.75);
    expect(out.analytics.breakdowns.map((b) => b.name)).toEqual([
      'revenue_by_category',
      'revenue_by_region',
      'top_customers',
      'revenue_by_day',
      'revenue_by_month',
    ]);
    expect(out.slaStatus.freshness.targetMinutes).toBe(60);
  });

  it('shows one breakdown with another top N, and figures over a filter or a segment', async () => {
    const top = await cli('metrics', 'sales.transactions', '--breakdown', 'top_customers', '--top', '2');
    expect(top.stdout).toContain('top 2');
    expect(top.stdout).toMatch(/CUST456\s+450\.5/);
    expect(top.stdout).toMatch(/CUST457\s+320/);
    expect(top.stdout).not.toContain('CUST459');
    expect(top.stdout).not.toContain('revenue_by_region');
    const europe = await cli('metrics', 'sales.transactions', '--where', "region = 'Europe'", '--json');
    expect(
      (JSON.parse(europe.stdout) as { analytics: { measures: { value: number }[] } }).analytics.measures[0]
        ?.value,
    ).toBe(320);
    const gold = await cli('metrics', 'customer.profiles', '--segment', 'high_value');
    expect(gold.stdout).toContain('segment high_value');
    expect(gold.stdout).toMatch(/customers\s+2\n/);
  });

  it('fails with a clear message and exit code for a bad top, breakdown, filter or product', async () => {
    const badTop = await cli('metrics', 'sales.transactions', '--top', '0');
    expect(badTop.code).toBe(2);
    expect(badTop.stderr).toContain('--top must be a whole number of 1 or more');
    const unknown = await cli('metrics', 'sales.transactions', '--breakdown', 'revenue_by_planet');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('its breakdowns: revenue_by_category');
    const filter = await cli('metrics', 'sales.transactions', '--where', 'amount >');
    expect(filter.code).toBe(2);
    const product = await cli('metrics', 'sales.nothing');
    expect(product.code).toBe(3);
  });
});

describe('meshwork metrics of an archived product', () => {
  it('still shows the usage figures but computes no analytics over its data', async () => {
    const spec = join(dir, 'old.yaml');
    writeFileSync(
      spec,
      'id: sales.old\nowner: sales-team\nschema:\n  fields: [{ name: id, type: string }]\nanalytics:\n  measures: { n: count(*) }\n',
    );
    expect((await cli('create', spec)).code).toBe(0);
    expect((await cli('archive', 'sales.old')).code).toBe(0);
    const run = await cli('metrics', 'sales.old');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('analytics: not computed, the product is archived');
    expect(
      (JSON.parse((await cli('metrics', 'sales.old', '--json')).stdout) as { analytics: unknown }).analytics,
    ).toBeNull();
  });
});

describe('meshwork segments', () => {
  it("lists the demo's segments with counts and shares by default", async () => {
    const run = await cli('segments', 'customer.profiles');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/high_value\s+2\s+50%\s+contract/);
    expect(run.stdout).toMatch(/recent_interactions\s+3\s+75%/);
    expect(run.stdout).toMatch(/new_customers\s+1\s+25%/);
  });

  it('shows a segment’s members, as a table or as JSON', async () => {
    const table = await cli('segments', 'show', 'customer.profiles', 'high_value', '-c', 'customer_id,tier');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      'segment high_value of customer.profiles (contract): 2 record(s), 50% of all',
    );
    expect(table.stdout).toMatch(/CUST001\s+gold/);
    expect(table.stdout).toMatch(/CUST004\s+gold/);
    const json = JSON.parse(
      (await cli('segments', 'show', 'customer.profiles', 'new_customers', '--json')).stdout,
    ) as {
      segment: { count: number };
      rows: { customer_id: string }[];
    };
    expect(json.segment.count).toBe(1);
    expect(json.rows.map((r) => r.customer_id)).toEqual(['CUST003']);
  });

  it('creates a segment that stays current after new data, then removes it', async () => {
    const created = await cli(
      'segments',
      'create',
      'customer.profiles',
      'silver_tier',
      '--where',
      "tier = 'silver'",
      '-d',
      'Silver',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('1 record(s) match now');
    const file = join(dir, 'silver.ndjson');
    writeFileSync(
      file,
      '{"customer_id":"CUST010","name":"Rui Alves","email":"rui@example.com","registration_date":"2025-02-02","lifetime_value":900,"tier":"silver"}\n',
    );
    expect((await cli('ingest', 'customer.profiles', file)).code).toBe(0);
    const list = JSON.parse((await cli('segments', 'list', 'customer.profiles', '--json')).stdout) as {
      segments: { name: string; count: number; source: string }[];
    };
    expect(list.segments.find((s) => s.name === 'silver_tier')).toMatchObject({
      count: 2,
      source: 'catalog',
    });
    const removed = await cli('segments', 'remove', 'customer.profiles', 'silver_tier', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({
      productId: 'customer.profiles',
      name: 'silver_tier',
      where: "tier = 'silver'",
      description: 'Silver',
      source: 'catalog',
      removed: true,
    });
    expect((await cli('segments', 'customer.profiles')).stdout).not.toContain('silver_tier');
  });

  it('refuses a bad filter, a taken name, removing a contract segment and an unknown segment', async () => {
    const filter = await cli('segments', 'create', 'customer.profiles', 'oops', '--where', "teir = 'gold'");
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain('did you mean "tier"');
    const taken = await cli(
      'segments',
      'create',
      'customer.profiles',
      'high_value',
      '--where',
      "tier = 'gold'",
    );
    expect(taken.code).toBe(4);
    const contract = await cli('segments', 'remove', 'customer.profiles', 'high_value');
    expect(contract.code).toBe(4);
    expect(contract.stderr).toContain('declared in the contract');
    const unknown = await cli('segments', 'show', 'customer.profiles', 'whales');
    expect(unknown.code).toBe(3);
    const missing = await cli('segments', 'create', 'customer.profiles', 'no_where');
    expect(missing.code).toBe(2);
  });
});

describe('meshwork quality', () => {
  it('prints the report with its verdict and keeps it in the history', async () => {
    const run = await cli('quality', 'sales.transactions');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /quality of sales\.transactions 1\.0\.0 — run \d+ at .*: PASS \(6 record\(s\)\)/,
    );
    expect(run.stdout).toMatch(/amount\.exclusiveMinimum\s+constraint\s+amount > 0\s+6\s+0\s+100%\s+ok/);
    expect(run.stdout).toContain('uniqueness of transaction_id: 100%');
    expect(run.stdout).toContain('quality level: derived');
    const json = JSON.parse((await cli('quality', 'customer.profiles', '--json')).stdout) as {
      verdict: string;
      runId: number;
    };
    expect(json.verdict).toBe('pass');
    const history = await cli('quality', 'sales.transactions', '--history');
    expect(history.stdout).toMatch(/\d+\s+\S+\s+1\.0\.0\s+pass\s+6\s+100%/);
    const shown = await cli('quality', 'customer.profiles', '--run', String(json.runId), '--json');
    expect((JSON.parse(shown.stdout) as { runId: number }).runId).toBe(json.runId);
    const metrics = await cli('metrics', 'sales.transactions');
    expect(metrics.stdout).toMatch(/measured quality level: (gold|silver) \(quality run \d+/);
  });

  it('fails an unknown run and conflicting options', async () => {
    expect((await cli('quality', 'sales.transactions', '--run', '999')).code).toBe(3);
    expect((await cli('quality', 'sales.transactions', '--run', '1', '--history')).code).toBe(2);
    expect((await cli('quality', 'sales.nothing')).code).toBe(3);
  });

  it('exits with code 5 under --strict when rows written around the contract fail it', async () => {
    const engine = await openDuckDbEngine({ path: store });
    try {
      await engine.execute(
        "INSERT INTO data_sales__transactions__v1 VALUES ('TXN900', 'P', 'C', -5, DATE '2025-10-09', 'Books', 'Europe')",
      );
    } finally {
      await engine.close();
    }
    const run = await cli('quality', 'sales.transactions', '--strict');
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('FAIL');
    expect(run.stdout).toContain('amount.exclusiveMinimum fails for TXN900');
    expect(run.stdout).toContain('holds for 85.71%, below the 99% accuracy target (1 invalid)');
    const lenient = await cli('quality', 'sales.transactions');
    expect(lenient.code).toBe(0);
    const engine2 = await openDuckDbEngine({ path: store });
    try {
      await engine2.execute("DELETE FROM data_sales__transactions__v1 WHERE transaction_id = 'TXN900'");
    } finally {
      await engine2.close();
    }
  });
});

describe('meshwork refresh', () => {
  it('refuses a product that is not derived, and an unknown one', async () => {
    const run = await cli('refresh', 'sales.transactions');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not derived');
    expect((await cli('refresh', 'sales.nothing')).code).toBe(3);
  });

  it('creates the derived product, refreshes it from both inputs and logs the refresh', async () => {
    expect((await cli('create', example('customer_revenue/product.yaml'))).code).toBe(0);
    const before = await cli('refresh', 'sales.customer_revenue', '--status');
    expect(before.stdout).toContain('never refreshed');
    const run = await cli('refresh', 'sales.customer_revenue');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4 record(s) (before: 0)');
    expect(run.stdout).toContain('from sales.transactions 1.0.0: 6 record(s)');
    expect(run.stdout).toContain('from customer.profiles 1.0.0: 5 record(s)');
    const status = JSON.parse(
      (await cli('refresh', 'sales.customer_revenue', '--status', '--json')).stdout,
    ) as { stale: boolean };
    expect(status.stale).toBe(false);
    const rows = JSON.parse(
      (await cli('query', 'sales.customer_revenue', '-o', 'revenue desc', '--json')).stdout,
    ) as {
      rows: { customer_id: string; revenue: number }[];
    };
    expect(rows.rows.map((r) => [r.customer_id, r.revenue])).toEqual([
      ['CUST456', 450.5],
      ['CUST457', 320],
      ['CUST459', 75],
      ['CUST458', 50.25],
    ]);
    const log = JSON.parse(
      (await cli('log', 'sales.customer_revenue', '--operation', 'refresh', '--json')).stdout,
    ) as unknown[];
    expect(log).toHaveLength(1);
  });
});
