import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleSpec } from '../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';

let gm: GovernedMesh;
beforeEach(async () => {
  gm = await openGovernedMesh();
});
afterEach(async () => {
  await gm.cleanup();
});

type FieldLike = Record<string, unknown> & { name: string };
type SpecLike = Record<string, unknown> & {
  schema: { fields: FieldLike[]; primaryKey?: string[]; indexes?: string[][] };
};
const SALES = 'sales.transactions';
// Without the analytics, whose breakdowns name fields these tests drop.
const sales = (version = '2.0.0'): SpecLike => {
  const { analytics: _analytics, ...spec } = exampleSpec('sales') as SpecLike;
  return { ...spec, version } as SpecLike;
};
const withFields = (spec: SpecLike, fields: FieldLike[]): SpecLike => ({
  ...spec,
  schema: { ...spec.schema, fields },
});
const byId = { orderBy: 'transaction_id' } as const;

describe('publishing a new major version carries the stored rows over', () => {
  it('moves the rows that fit (dropped column dropped, new optional column empty) and reports the others with reasons', async () => {
    const before = sales('1.0.0').schema.fields;
    const next = withFields(sales(), [
      ...before
        .filter((f) => f.name !== 'product_category')
        .map((f) => (f.name === 'amount' ? { ...f, minimum: 150 } : f)),
      { name: 'channel', type: 'string', required: false, description: 'Where the sale happened.' },
    ]);
    const outcome = await gm.mesh.publishSpec(next);
    expect(outcome.storage).toMatchObject({
      mode: 'carried',
      table: 'data_sales__transactions__v2',
      previousTable: 'data_sales__transactions__v1',
      carried: 3,
      rejected: 3,
    });
    expect(outcome.storage?.rejects).toEqual([
      { key: { transaction_id: 'TXN004' }, reasons: ['amount is below the minimum 150'] },
      { key: { transaction_id: 'TXN005' }, reasons: ['amount is below the minimum 150'] },
      { key: { transaction_id: 'TXN006' }, reasons: ['amount is below the minimum 150'] },
    ]);
    const current = await gm.sales.query(undefined, byId);
    expect(current.rows.map((r) => r.transaction_id)).toEqual(['TXN001', 'TXN002', 'TXN003']);
    expect(current.rows[0]).toEqual({
      transaction_id: 'TXN001',
      product_id: 'PROD123',
      customer_id: 'CUST456',
      amount: 150,
      date: '2025-10-01',
      region: 'North America',
      channel: null,
    });
    // Major 1 keeps its table and contract: every row, with the column major 2 dropped.
    const old = await gm.sales.query(undefined, { ...byId, version: '1' });
    expect(old.rows).toHaveLength(6);
    expect(old.rows[0]).toMatchObject({ transaction_id: 'TXN001', product_category: 'Electronics' });
    expect(await gm.sales.count(undefined, { version: '1' })).toBe(6);
    const file = join(mkdtempSync(join(tmpdir(), 'meshwork-carry-')), 'v1.ndjson');
    const exported = await gm.sales.exportFile(file, { version: '1' });
    expect(exported).toMatchObject({ version: '1.0.0', rows: 6 });
    expect(readFileSync(file, 'utf8')).toContain('"product_category":"Electronics"');
    rmSync(dirname(file), { recursive: true, force: true });
    const [publish] = await gm.sales.accessLog({ operation: 'publish' });
    expect(publish).toMatchObject({
      productVersion: '2.0.0',
      rowsAffected: 3,
      parameters: { rows: 'carried', carried: 3, rejected: 3, table: 'data_sales__transactions__v2' },
    });
  });

  it('rejects every row when a new required column has no source, and starts empty when asked', async () => {
    const required = withFields(sales(), [
      ...sales().schema.fields,
      { name: 'channel', type: 'string', required: true, description: 'Where the sale happened.' },
    ]);
    const outcome = await gm.mesh.publishSpec(required);
    expect(outcome.storage).toMatchObject({ mode: 'carried', carried: 0, rejected: 6 });
    expect(outcome.storage?.rejects[0]?.reasons).toEqual([
      'channel is required and the previous version has no such column',
    ]);
    const empty = await gm.mesh.publishSpec({ ...sales('3.0.0'), schema: sales().schema }, { empty: true });
    expect(empty.storage).toMatchObject({ mode: 'empty', carried: 0, rejected: 0, rejects: [] });
    expect(await gm.sales.count()).toBe(0);
    expect(await gm.sales.count(undefined, { version: '1' })).toBe(6);
  });

  it('reports the stored values that do not convert to a changed type, and carries none of those rows', async () => {
    const next = withFields(
      sales(),
      sales().schema.fields.map((f) =>
        f.name === 'amount'
          ? { ...f, type: 'integer' }
          : f.name === 'product_id'
            ? { ...f, type: 'integer', minLength: undefined }
            : f,
      ),
    );
    const outcome = await gm.mesh.publishSpec(next);
    expect(outcome.storage).toMatchObject({ carried: 0, rejected: 6 });
    expect(outcome.storage?.rejects[0]?.reasons).toEqual([
      'product_id: the stored string does not convert to integer',
    ]);
    // Rounding would change an amount such as 300.5: that row is named for amount too.
    expect(outcome.storage?.rejects.find((r) => r.key.transaction_id === 'TXN003')?.reasons).toEqual([
      'product_id: the stored string does not convert to integer',
      'amount: the stored number does not convert to integer',
    ]);
  });

  it('lists rows that break a tightened rule and keeps carry-over and version in one transaction', async () => {
    const ruled = {
      ...sales(),
      schema: { ...sales().schema, rules: [{ name: 'europe_only', check: "region = 'Europe'" }] },
    };
    const outcome = await gm.mesh.publishSpec(ruled);
    expect(outcome.storage?.carried).toBe(2);
    expect(outcome.storage?.rejects.map((r) => r.reasons)).toContainEqual(['breaks rule europe_only']);
    // A new key that the stored rows repeat: the carry-over fails, so nothing of 3.0.0 is stored.
    const rekeyed = {
      ...sales('3.0.0'),
      schema: { ...sales().schema, primaryKey: ['customer_id'] },
    };
    const error = await failureOf(gm.mesh.publishSpec(rekeyed));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/could not carry the rows of 2\.0\.0 over .*--empty/);
    expect((await gm.sales.descriptor()).version).toBe('2.0.0');
    expect((await failureOf(gm.sales.count(undefined, { version: '3' }))).code).toBe('not_found');
  });
});

describe('older majors stay readable through their own output port', () => {
  const grantBob = async () => {
    const request = await gm.bob.governance.requestAccess({ product: SALES, purpose: 'forecast' });
    return gm.alice.governance.approve(request.id);
  };

  it('serves a consumer pinned to major 1 its major, audits each read with the version read, and closes with the window', async () => {
    expect((await grantBob()).majorVersion).toBe(1);
    const next = withFields(
      sales(),
      sales().schema.fields.filter((f) => f.name !== 'product_category'),
    );
    await gm.alice.publishSpec(next);
    const bobSales = await gm.bob.product(SALES);
    // Pinned to 1: reads major 1 by default (its rows and fields), and may ask for either major in the window.
    const pinned = await bobSales.query(undefined, byId);
    expect(pinned.rows[0]).toMatchObject({ transaction_id: 'TXN001', product_category: 'Electronics' });
    expect((await bobSales.query(undefined, { ...byId, version: '2' })).rows[0]).not.toHaveProperty(
      'product_category',
    );
    expect((await bobSales.query(undefined, { ...byId, version: '1.0.0' })).rows).toHaveLength(6);
    const log = await gm.sales.accessLog({ operation: 'query', actor: 'bob' });
    expect(log.map((e) => e.productVersion)).toEqual(['1.0.0', '2.0.0', '1.0.0']);
    gm.clock.advance(31 * 24 * 60);
    const closed = await failureOf(bobSales.query(undefined, { version: '1' }));
    expect(closed.code).toBe('unauthorized');
    expect(closed.message).toMatch(/major version 1 of sales\.transactions was superseded by 2/);
    const [denied] = await gm.sales.accessLog({ operation: 'query', actor: 'bob' });
    expect(denied).toMatchObject({ outcome: 'denied', productVersion: '1.0.0' });
    // Owners keep reading an older major until the product is archived.
    expect(await gm.sales.count(undefined, { version: '1' })).toBe(6);
  });

  it('refuses a version that was never published, naming the ones there are', async () => {
    const error = await failureOf(gm.sales.query(undefined, { version: '7' }));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('has no published version 7 to read; its versions are 1');
    expect((await failureOf(gm.sales.query(undefined, { version: 'latest' }))).code).toBe('invalid_input');
  });
});

describe('0.x versions', () => {
  it('gives a breaking 0.x minor step its own table, so a removed required field does not block ingest', async () => {
    const spec = { ...sales('0.1.0'), id: 'sales.drafts' };
    const product = await gm.mesh.createProduct(spec);
    await product.publish();
    const records = [
      {
        transaction_id: 'T1',
        product_id: 'P1',
        customer_id: 'C1',
        amount: 5,
        date: '2025-10-01',
        product_category: 'Books',
        region: 'Europe',
      },
    ];
    expect((await product.ingest(records)).accepted).toBe(1);
    const next = withFields(
      { ...spec, version: '0.2.0' },
      spec.schema.fields.filter((f) => f.name !== 'product_category'),
    );
    const outcome = await gm.mesh.publishSpec(next);
    expect(outcome.storage).toMatchObject({ table: 'data_sales__drafts__v0_2', carried: 1, rejected: 0 });
    const { product_category: _dropped, ...rest } = records[0] as Record<string, unknown>;
    expect((await product.ingest([{ ...rest, transaction_id: 'T2' }])).accepted).toBe(1);
    expect(await product.count()).toBe(2);
    expect(await product.count(undefined, { version: '0.1' })).toBe(1);
  });
});
