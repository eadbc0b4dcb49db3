import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, createTestClock, type TempDir } from '../../../test/support/example-mesh.ts';
import { BAD_ORDERS, GOOD_ORDERS, ordersFiles } from '../../../test/support/orders-contract.ts';
import { readProductFolder } from '../../contract/product-folder.ts';
import { MeshError } from '../../core/errors.ts';
import type { DataProduct } from '../data-product.ts';
import { Mesh } from '../mesh.ts';
import type { ContractCheckItem } from './quality-report.ts';

let dir: TempDir;
let mesh: Mesh;

beforeEach(async () => {
  dir = createTempDir();
  mesh = await Mesh.open({ store: dir.file('mesh.duckdb'), now: createTestClock().now });
});

afterEach(async () => {
  await mesh.close();
  dir.remove();
});

/** Publishes sales.orders from its documents (optionally edited) and loads records. */
async function publishOrders(
  records: readonly Record<string, unknown>[],
  edit?: (contract: string) => string,
): Promise<DataProduct> {
  const { spec, documents } = readProductFolder(ordersFiles(edit), { root: 'orders' });
  await mesh.publishSpec(spec, { documents });
  const orders = await mesh.product('sales.orders');
  await orders.ingest(records);
  return orders;
}

function item(items: readonly ContractCheckItem[], id: string): ContractCheckItem {
  const found = items.find((i) => i.id === id);
  if (found === undefined)
    throw new Error(`no contract check ${id} among ${items.map((i) => i.id).join(', ')}`);
  return found;
}

describe('contract-level checks in a quality run', () => {
  it("runs the published contract's own checks on the stored records, leaving out those the spec holds", async () => {
    const report = await (await publishOrders(GOOD_ORDERS)).checkQuality();
    const checks = report.contractChecks;
    expect(checks.contract).toBe('contract.odcs.yaml');
    expect(checks.items.map((i) => [i.id, i.kind, i.passed])).toEqual([
      ['few_missing_emails', 'not_null', true],
      ['no_negative_totals', 'sql', true],
      ['order_volume', 'row_count', true],
      ['europe_orders', 'sql', true],
      ['soda_checks', 'custom', null],
    ]);
    expect(item(checks.items, 'few_missing_emails')).toMatchObject({
      location: 'contract.odcs.yaml:34',
      expected: 'failing rows < 2',
      measured: 1,
      failing: 1,
      failingKeys: [],
    });
    expect(item(checks.items, 'order_volume')).toMatchObject({
      measured: 3,
      failing: null,
      expected: 'row count between 1 and 5',
      description: 'Between one and five orders a day.',
    });
    expect(item(checks.items, 'soda_checks').note).toContain('soda engine');
    expect(checks.passed).toBe(true);
    expect(report.verdict).toBe('pass');
  });

  it('fails the run with measured values, failing counts and sample keys when the data breaks them', async () => {
    const orders = await publishOrders([...GOOD_ORDERS, ...BAD_ORDERS]);
    const report = await orders.checkQuality();
    const items = report.contractChecks.items;
    expect(item(items, 'few_missing_emails')).toMatchObject({
      passed: false,
      measured: 3,
      failing: 3,
      failingKeys: [{ order_id: 'O2' }, { order_id: 'O4' }, { order_id: 'O5' }],
    });
    expect(item(items, 'no_negative_totals')).toMatchObject({ passed: false, measured: 2, failing: null });
    expect(item(items, 'order_volume')).toMatchObject({ passed: false, measured: 6 });
    expect(report.contractChecks.passed).toBe(false);
    expect(report.verdict).toBe('fail');
    expect(report.failures).toContain(
      'contract check order_volume (row count) measured 6, expected row count between 1 and 5',
    );
    // The stored run keeps the contract checks.
    expect((await orders.qualityRun(report.runId)).contractChecks.items).toHaveLength(5);
  });

  it('reports a failed check of severity warning without failing the run', async () => {
    const report = await (
      await publishOrders(GOOD_ORDERS, (c) =>
        c.replace('mustBeGreaterOrEqualTo: 1', 'mustBeGreaterOrEqualTo: 3'),
      )
    ).checkQuality();
    expect(item(report.contractChecks.items, 'europe_orders')).toMatchObject({
      severity: 'warning',
      passed: false,
      measured: 1,
    });
    expect(report.contractChecks.passed).toBe(true);
    expect(report.verdict).toBe('pass');
  });

  it('refuses to publish a contract whose SQL check reads another table, audits it and stores nothing', async () => {
    const error = await publishOrders(GOOD_ORDERS, (c) =>
      c.replace('SELECT COUNT(*) FROM orders WHERE', 'SELECT COUNT(*) FROM mw_principals WHERE'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('policy_denied');
    expect((error as MeshError).message).toMatch(
      /quality check europe_orders of sales\.orders refused: relation mw_principals at position \d+/,
    );
    expect((error as MeshError).details?.node).toMatchObject({ kind: 'relation', name: 'mw_principals' });
    expect(await mesh.listProducts()).toEqual([]);
    const denied = (await mesh.accessLog()).filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => [e.productId, e.operation])).toEqual([['sales.orders', 'publish']]);
  });

  it('reports a query failing at run time on its own check and still runs the rest', async () => {
    const report = await (
      await publishOrders(GOOD_ORDERS, (c) =>
        c.replace(
          // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
          'SELECT COUNT(*) FROM ${table} WHERE ${column} < 0',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
          'SELECT SUM(CAST(region AS INTEGER)) FROM ${table}',
        ),
      )
    ).checkQuality();
    const items = report.contractChecks.items;
    expect(item(items, 'no_negative_totals')).toMatchObject({ passed: false, measured: null });
    expect(item(items, 'no_negative_totals').note).toContain("the check's query failed");
    expect(item(items, 'order_volume')).toMatchObject({ passed: true, measured: 3 });
    expect(report.uniqueness?.passed).toBe(true);
    expect(report.failures.filter((f) => f.startsWith('contract check'))).toEqual([
      expect.stringContaining('no_negative_totals'),
    ]);
  });

  it('stops a check running past the time limit for user SQL, reports it on that check and runs the rest', async () => {
    await mesh.close();
    mesh = await Mesh.open({
      store: dir.file('mesh.duckdb'),
      now: createTestClock().now,
      userSqlTimeoutMs: 300,
    });
    // The orders joined with themselves 15 times (3^15 = 14M rows) through a regular expression: minutes of work.
    const tables = Array.from({ length: 15 }, (_, i) => `\${table} AS t${i}`).join(', ');
    const regions = Array.from({ length: 15 }, (_, i) => `t${i}.region`).join(' || ');
    const started = Date.now();
    const report = await (
      await publishOrders(GOOD_ORDERS, (c) =>
        c.replace(
          // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
          'SELECT COUNT(*) FROM ${table} WHERE ${column} < 0',
          `SELECT SUM(length(regexp_replace(${regions}, 'e', 'x', 'g'))) FROM ${tables}`,
        ),
      )
    ).checkQuality();
    expect(Date.now() - started).toBeLessThan(60_000);
    const items = report.contractChecks.items;
    expect(item(items, 'no_negative_totals')).toMatchObject({ passed: false, measured: null });
    expect(item(items, 'no_negative_totals').note).toContain(
      "the check's query was stopped: the statement was stopped at its deadline (the time limit for user-written SQL, 300 ms)",
    );
    expect(item(items, 'order_volume')).toMatchObject({ passed: true, measured: 3 });
  });

  it('lists no sample keys when the key is personal data', async () => {
    const report = await (
      await publishOrders([...GOOD_ORDERS, ...BAD_ORDERS], (c) =>
        c.replace(
          '        primaryKey: true\n',
          '        primaryKey: true\n        classification: restricted\n',
        ),
      )
    ).checkQuality({ store: false });
    expect(item(report.contractChecks.items, 'few_missing_emails')).toMatchObject({
      passed: false,
      failing: 3,
      failingKeys: [],
    });
  });

  it('runs none for a version published without its documents', async () => {
    const { spec } = readProductFolder(ordersFiles());
    await mesh.publishSpec(spec);
    const report = await (await mesh.product('sales.orders')).checkQuality();
    expect(report.contractChecks).toEqual({ contract: null, items: [], passed: null });
  });
});
