import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_CONTRACT } from '../../test/support/orders-contract.ts';
import { compileContractLevelChecks, compileQualityChecks } from './compile-quality-checks.ts';
import { describeQualityCheck, measuredQuantity, type QualityCheck } from './quality-check.ts';
import {
  bindQualitySql,
  contractCheckQuery,
  evaluateQualityCheck,
  qualityCheckSql,
} from './quality-check-sql.ts';
import { formatThreshold } from './quality-threshold.ts';
import { readContractDocument } from './source-document.ts';
import { specToContract } from './spec-to-contract.ts';
import { officialExample } from './testdata/official-examples.ts';
import { salesSpec } from './testdata/sample-specs.ts';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const NOW = new Date('2030-01-01T12:00:00Z');

function byId(checks: readonly QualityCheck[], id: string): QualityCheck {
  const check = checks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no check ${id} among ${checks.map((c) => c.id).join(', ')}`);
  return check;
}

describe('compiling quality checks', () => {
  it('derives checks from every constraint of a spec', () => {
    const checks = compileQualityChecks(salesSpec(), { freshnessField: 'updated_at' });
    expect(checks.map((c) => c.id)).toEqual([
      'unique:transaction_id',
      'not_null:transaction_id',
      'length:transaction_id',
      'not_null:customer_id',
      'format:customer_email',
      'not_null:amount',
      'range:amount',
      'not_null:quantity',
      'range:quantity',
      'not_null:date',
      'allowed_values:region',
      'not_null:updated_at',
      'rule:positive_amount',
      'freshness',
    ]);
    expect(byId(checks, 'range:amount')).toMatchObject({
      kind: 'range',
      exclusiveMinimum: 0,
      maximum: 100000,
      valueType: 'number',
    });
    expect(byId(checks, 'format:customer_email')).toMatchObject({
      kind: 'pattern',
      format: 'email',
      origin: 'implied',
    });
    expect(byId(checks, 'freshness')).toMatchObject({
      kind: 'freshness',
      field: 'updated_at',
      maxAgeMinutes: 60,
    });
    expect(byId(checks, 'not_null:date')).toMatchObject({
      threshold: { op: 'eq', value: 0 },
      unit: 'rows',
      sampleKeys: ['transaction_id'],
    });
  });

  it('maps the declared checks of an ODCS contract with their thresholds', () => {
    const checks = compileQualityChecks(
      readContractDocument(officialExample('odcs/all/full-example.odcs.yaml')),
    );
    expect(byId(checks, 'not_null:rcvr_cntry_code')).toMatchObject({
      origin: 'declared',
      severity: 'error',
      dimension: 'completeness',
    });
    expect(byId(checks, 'row_count')).toMatchObject({
      kind: 'row_count',
      threshold: { op: 'gt', value: 1000000 },
    });
    // The declared not-null check covers the rule the same entry became, and the key's implied uniqueness stays.
    expect(checks.filter((c) => c.kind === 'not_null' && c.field === 'rcvr_cntry_code')).toHaveLength(1);
    expect(byId(checks, 'unique:rcvr_id').origin).toBe('implied');
    expect(byId(checks, 'freshness')).toMatchObject({ maxAgeMinutes: 5760 });
  });

  it('maps percentage thresholds, SQL and custom engine checks', () => {
    const validity = compileQualityChecks(
      readContractDocument(officialExample('odcs/quality/column-validity.odcs.yaml')),
    );
    expect(byId(validity, 'allowed_values:air_quality_status')).toMatchObject({
      values: ['', null, 'n/a'],
      unit: 'percent',
      threshold: { op: 'lte', value: 5 },
    });
    const accuracy = compileQualityChecks(
      readContractDocument(officialExample('odcs/quality/column-accuracy.odcs.yaml')),
    );
    expect(byId(accuracy, 'sql:DataValue')).toMatchObject({
      kind: 'sql',
      object: 'Air_Quality',
      threshold: { op: 'eq', value: 0 },
    });
    const custom = compileQualityChecks(
      readContractDocument(officialExample('odcs/quality/column-custom.odcs.yaml')),
    );
    expect(
      custom.filter((c) => c.kind === 'custom').map((c) => [c.id, c.kind === 'custom' && c.engine]),
    ).toEqual([
      ['custom:UniqueID', 'soda'],
      ['custom:UniqueID_2', 'soda'],
    ]);
  });

  it('keeps only the checks of a contract its spec does not hold, with where each is declared', () => {
    const checks = compileContractLevelChecks(readContractDocument(ORDERS_CONTRACT));
    expect(checks.map((c) => [c.id, c.kind, c.path])).toEqual([
      ['few_missing_emails', 'not_null', 'schema.0.properties.1.quality.0'],
      ['no_negative_totals', 'sql', 'schema.0.properties.3.quality.0'],
      ['order_volume', 'row_count', 'schema.0.quality.0'],
      ['europe_orders', 'sql', 'schema.0.quality.1'],
      ['soda_checks', 'custom', 'schema.0.quality.2'],
    ]);
    // The zero-tolerance not-null and allowed-values entries became a rule and an enum of the spec.
    const all = compileQualityChecks(readContractDocument(ORDERS_CONTRACT)).filter(
      (c) => c.origin === 'declared',
    );
    expect(all.map((c) => c.id)).toEqual(
      expect.arrayContaining(['not_null:order_id', 'allowed_values:region', ...checks.map((c) => c.id)]),
    );
    expect(byId(checks, 'few_missing_emails')).toMatchObject({
      threshold: { op: 'lt', value: 2 },
      sampleKeys: ['order_id'],
    });
  });

  it('says what a check requires and what its threshold allows, for people', () => {
    const checks = compileContractLevelChecks(readContractDocument(ORDERS_CONTRACT));
    expect(
      checks.map(
        (c) => `${describeQualityCheck(c)} | ${measuredQuantity(c)} ${formatThreshold(c.threshold)}`,
      ),
    ).toEqual([
      'customer_email is not null | failing rows < 2',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
      'SELECT COUNT(*) FROM ${table} WHERE ${column} < 0 | query result = 0',
      'row count | row count between 1 and 5',
      "SELECT COUNT(*) FROM orders WHERE orders.region = 'Europe' | query result >= 1",
      'soda check | failing rows = 0',
    ]);
    expect(describeQualityCheck(byId(compileQualityChecks(salesSpec()), 'range:amount'))).toBe(
      'amount > 0 and <= 100000',
    );
    expect(formatThreshold({ op: 'not_between', min: 1, max: 2 })).toBe('not between 1 and 2');
  });

  it('reads rules written by Meshwork back as rule checks', () => {
    const checks = compileQualityChecks(specToContract(salesSpec()));
    expect(byId(checks, 'rule:positive_amount')).toMatchObject({
      kind: 'rule',
      check: 'amount > 0',
      origin: 'declared',
    });
    expect(checks.filter((c) => c.kind === 'allowed_values')).toHaveLength(1);
  });
});

describe('running quality checks as SQL on DuckDB', () => {
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  const spec = salesSpec();

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
    // No key or NOT NULL here: the table must be able to hold the bad rows the checks look for.
    await db.run(`CREATE TABLE sales (transaction_id VARCHAR, customer_id VARCHAR, customer_email VARCHAR,
      amount DOUBLE, quantity BIGINT, date DATE, region VARCHAR, paid BOOLEAN, updated_at TIMESTAMP)`);
    await db.run(`INSERT INTO sales VALUES
      ('T1', 'C1', 'ann@example.com', 10.5, 2, DATE '2029-12-31', 'Europe', true, TIMESTAMP '2030-01-01 11:30:00'),
      ('T1', 'C2', 'not-an-email', 0, 0, DATE '2029-12-30', 'Mars', NULL, TIMESTAMP '2029-12-30 00:00:00'),
      ('', NULL, NULL, 250000, 3, DATE '2029-12-29', NULL, false, TIMESTAMP '2029-12-29 00:00:00')`);
  });

  afterAll(() => {
    db.closeSync();
    instance.closeSync();
  });

  async function run(check: QualityCheck) {
    const query = qualityCheckSql(check, 'sales', quote, { now: NOW });
    if (query === undefined) throw new Error(`no SQL for ${check.id}`);
    const reader = await db.runAndReadAll(query.sql, query.params as DuckDBValue[]);
    const counts = reader.getRowObjectsJS()[0] as { total: number; failing: number };
    const samples =
      query.samples === undefined
        ? []
        : (
            await db.runAndReadAll(query.samples.sql, query.samples.params as DuckDBValue[])
          ).getRowObjectsJS();
    return { counts, samples, outcome: evaluateQualityCheck(check, counts) };
  }

  const checks = compileQualityChecks(spec, { freshnessField: 'updated_at' });

  it.each([
    ['unique:transaction_id', 1, [{ transaction_id: 'T1' }]],
    ['not_null:customer_id', 1, [{ transaction_id: '' }]],
    ['length:transaction_id', 1, [{ transaction_id: '' }]],
    ['format:customer_email', 1, [{ transaction_id: 'T1' }]],
    ['range:amount', 2, [{ transaction_id: 'T1' }, { transaction_id: '' }]],
    ['range:quantity', 1, [{ transaction_id: 'T1' }]],
    ['allowed_values:region', 1, [{ transaction_id: 'T1' }]],
    ['not_null:date', 0, []],
  ] as const)('counts the rows failing %s and samples their keys', async (id, failing, samples) => {
    const result = await run(byId(checks, id));
    expect(result.counts).toEqual({ total: 3, failing });
    expect(result.samples).toEqual(samples);
    expect(result.outcome.passed).toBe(failing === 0);
  });

  it('measures freshness against the injected clock', async () => {
    const fresh = await run(byId(checks, 'freshness'));
    expect(fresh.outcome).toEqual({ passed: true, measured: 0 });
    const stale = qualityCheckSql(byId(checks, 'freshness'), 'sales', quote, {
      now: new Date('2030-01-02T00:00:00Z'),
    });
    const reader = await db.runAndReadAll(stale?.sql ?? '', (stale?.params ?? []) as DuckDBValue[]);
    expect(reader.getRowObjectsJS()[0]).toEqual({ total: 3, failing: 1 });
  });

  it('counts rows for a row-count check and compares the total with the threshold', async () => {
    const check: QualityCheck = {
      ...byId(checks, 'not_null:date'),
      id: 'rows',
      kind: 'row_count',
      threshold: { op: 'gte', value: 5 },
    };
    const result = await run(check);
    expect(result.outcome).toEqual({ passed: false, measured: 3 });
  });

  it('treats listed missing values like nulls and reads percentages', async () => {
    const check: QualityCheck = {
      ...(byId(checks, 'not_null:customer_id') as QualityCheck & { kind: 'not_null' }),
      id: 'missing',
      missingValues: ['C2'],
      unit: 'percent',
      threshold: { op: 'lte', value: 50 },
    };
    const result = await run(check);
    expect(result.counts.failing).toBe(2);
    expect(result.outcome.passed).toBe(false);
    expect(result.outcome.measured).toBeCloseTo(66.667, 2);
  });

  it("leaves a contract's own SQL to the user-SQL guard, and binds its placeholders only", async () => {
    const check: QualityCheck = {
      id: 'big_amounts',
      kind: 'sql',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
      query: 'select count(*) from ${table} where ${column} >= 500',
      field: 'amount',
      threshold: { op: 'eq', value: 0 },
      unit: 'rows',
      severity: 'error',
      origin: 'declared',
      sampleKeys: [],
    };
    expect(qualityCheckSql(check, 'sales', quote)).toBeUndefined();
    const bound = bindQualitySql(check.query, { table: quote('sales'), column: quote('amount') }, check.id);
    expect(bound.text).toBe('select count(*) from "sales" where "amount" >= 500');
    expect(bound.toSourcePosition(bound.text.indexOf(' where'))).toBe(check.query.indexOf(' where'));
    const query = contractCheckQuery(bound.text, quote('sales'));
    expect(query.fromContract).toBe(true);
    const reader = await db.runAndReadAll(query.sql);
    expect(reader.getRowObjectsJS()[0]).toEqual({ total: 3, failing: 1 });
    expect(() =>
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
      bindQualitySql('select count(*) from ${table} where {column} < 0', { table: '"t"' }, 'c1'),
    ).toThrow(/quality check c1 names a column \(\{column\}\)/);
  });

  it('leaves rules, custom checks and freshness without a field to other runners', () => {
    expect(qualityCheckSql(byId(checks, 'rule:positive_amount'), 'sales', quote)).toBeUndefined();
    const { field: _unused, ...noField } = byId(checks, 'freshness') as QualityCheck & { kind: 'freshness' };
    expect(qualityCheckSql(noField, 'sales', quote)).toBeUndefined();
  });

  it('quotes every identifier through quoteIdent and passes every value as a parameter', () => {
    const check: QualityCheck = {
      ...byId(checks, 'allowed_values:region'),
      kind: 'allowed_values',
      field: 'we"ird',
      values: ["O'Brien", 'x'],
    };
    const query = qualityCheckSql(check, 'my table', quote);
    expect(query?.sql).toContain('"we""ird" NOT IN ($1, $2)');
    expect(query?.sql).toContain('FROM "my table"');
    expect(query?.sql).not.toContain("O'Brien");
    expect(query?.params).toEqual(["O'Brien", 'x']);
  });
});
