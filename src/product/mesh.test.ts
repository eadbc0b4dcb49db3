import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTempDir,
  createTestClock,
  type ExampleMesh,
  exampleRecords,
  exampleSpec,
  openExampleMesh,
  type TempDir,
} from '../../test/support/example-mesh.ts';
import { dropFreshPostgresDatabases, freshPostgresDatabase } from '../../test/support/postgres-cluster.ts';
import { readProductFolder } from '../contract/product-folder.ts';
import { ContractViolationError, MeshError } from '../core/errors.ts';
import { openDuckDbEngine } from '../engine/duckdb/duckdb-engine.ts';
import { Mesh } from './mesh.ts';

const errorOf = async (promise: Promise<unknown>): Promise<MeshError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
};

afterAll(dropFreshPostgresDatabases);

describe('Mesh.open', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = createTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('creates the store file, and its folder, on first open', async () => {
    const store = dir.file('nested/mesh.duckdb');
    const mesh = await Mesh.open({ store });
    try {
      expect(mesh.store).toBe(store);
      expect(existsSync(store)).toBe(true);
      expect(await mesh.listProducts()).toEqual([]);
    } finally {
      await mesh.close();
    }
  });

  it('reads the store location from MESHWORK_STORE when no store is given', async () => {
    const store = dir.file('from-env.duckdb');
    const mesh = await Mesh.open({ env: { MESHWORK_STORE: store } });
    await mesh.close();
    expect(mesh.store).toBe(store);
    expect(existsSync(store)).toBe(true);
  });

  it('prefers an explicit store over MESHWORK_STORE', async () => {
    const store = dir.file('explicit.duckdb');
    const mesh = await Mesh.open({ store, env: { MESHWORK_STORE: dir.file('ignored.duckdb') } });
    await mesh.close();
    expect(mesh.store).toBe(store);
    expect(existsSync(dir.file('ignored.duckdb'))).toBe(false);
  });

  it('opens a PostgreSQL store by URL: creates, ingests, reads and reopens, showing the URL without its password', async () => {
    const url = new URL(await freshPostgresDatabase());
    url.password = 'hunter2';
    const mesh = await Mesh.open({ store: url.toString() });
    try {
      expect(mesh.store).not.toContain('hunter2');
      const sales = await mesh.createProduct(exampleSpec('sales'));
      const ingested = await sales.ingest(exampleRecords('sales'));
      expect(ingested.rejectedCount).toBe(0);
      expect(await sales.count()).toBe(ingested.accepted);
    } finally {
      await mesh.close();
    }
    const again = await Mesh.open({ store: url.toString(), readOnly: true });
    try {
      expect(await again.hasProduct('sales.transactions')).toBe(true);
    } finally {
      await again.close();
    }
  });

  it('refuses an unreachable PostgreSQL server with storage_unavailable', async () => {
    const error = await errorOf(Mesh.open({ store: 'postgres://user:hunter2@127.0.0.1:1/mesh' }));
    expect(error.code).toBe('storage_unavailable');
    expect(error.message).not.toContain('hunter2');
  });

  it('leaves an engine it was given open when it closes', async () => {
    const engine = await openDuckDbEngine({ path: ':memory:' });
    try {
      const mesh = await Mesh.open({ engine });
      await mesh.createProduct(exampleSpec('sales'));
      await mesh.close();
      const again = await Mesh.open({ engine });
      expect(await again.hasProduct('sales.transactions')).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('lets two meshes on one store write to the same product at once', async () => {
    const store = dir.file('shared.duckdb');
    const a = await Mesh.open({ store });
    const b = await Mesh.open({ store });
    try {
      await (await a.createProduct(exampleSpec('sales'))).ingest(exampleRecords('sales'));
      const [sample] = exampleRecords('sales');
      const batch = (prefix: string) =>
        Array.from({ length: 50 }, (_, i) => ({ ...sample, transaction_id: `${prefix}${i}` }));
      const salesA = await a.product('sales.transactions');
      const salesB = await b.product('sales.transactions');
      const results = await Promise.all([
        salesA.ingest(batch('A'), { batchSize: 10 }),
        salesB.ingest(batch('B'), { batchSize: 10 }),
        salesA.update({ transaction_id: 'TXN001' }, { amount: 1 }),
        salesB.remove({ transaction_id: 'TXN002' }),
      ]);
      expect(results.slice(0, 2).map((r) => (r as { accepted: number }).accepted)).toEqual([50, 50]);
      expect(results.slice(2)).toEqual([1, 1]);
      expect(await salesA.count()).toBe(105);
      expect((await salesA.metrics()).accessesByOperation).toMatchObject({ ingest: 3, update: 1, remove: 1 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps separate :memory: stores apart', async () => {
    const a = await Mesh.open({ store: ':memory:' });
    const b = await Mesh.open({ store: ':memory:' });
    try {
      await a.createProduct(exampleSpec('sales'));
      expect(await b.hasProduct('sales.transactions')).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('createProduct and product', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh({ ingest: false });
  });
  afterEach(async () => {
    await em.cleanup();
  });

  it('registers a draft product with the descriptor from its YAML file and the clock time', async () => {
    const d = await em.sales.descriptor();
    expect(d).toMatchObject({
      id: 'sales.transactions',
      name: 'Sales transactions',
      domain: 'sales',
      owner: 'sales-team',
      version: '1.0.0',
      status: 'draft',
      qualityLevel: 'silver',
      tags: ['sales', 'transactions', 'revenue'],
      createdAt: em.clock.iso(),
      updatedAt: em.clock.iso(),
    });
    expect(d.schema.primaryKey).toEqual(['transaction_id']);
    expect(d.schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['transaction_id', 'string'],
      ['product_id', 'string'],
      ['customer_id', 'string'],
      ['amount', 'number'],
      ['date', 'date'],
      ['product_category', 'string'],
      ['region', 'string'],
    ]);
  });

  it('refuses a second product with the same id with already_exists', async () => {
    const error = await errorOf(em.mesh.createProduct(exampleSpec('sales')));
    expect(error.code).toBe('already_exists');
    expect(error.message).toContain('sales.transactions');
  });

  it('reuses an existing product when asked, keeping its data', async () => {
    await em.sales.ingest(exampleRecords('sales'));
    const again = await em.mesh.createProduct(exampleSpec('sales'), { ifExists: 'reuse' });
    expect(await again.count()).toBe(6);
  });

  it('refuses a malformed spec with a ContractViolationError listing every problem, and stores nothing', async () => {
    const error = await errorOf(
      em.mesh.createProduct({
        id: 'Sales Things',
        version: 'one',
        schema: { fields: [{ name: 'amount', type: 'money' }] },
      }),
    );
    expect(error).toBeInstanceOf(ContractViolationError);
    const paths = (error as ContractViolationError).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'version']));
    expect(paths.some((p) => p.startsWith('schema.fields.0'))).toBe(true);
    expect((await em.mesh.listProducts()).map((d) => d.id)).toEqual([
      'customer.profiles',
      'sales.transactions',
    ]);
  });

  it('refuses a spec without fields with a ContractViolationError instead of an engine failure', async () => {
    const error = await errorOf(em.mesh.createProduct({ id: 'sales.empty', owner: 'sales-team' }));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).issues[0]?.path).toEqual(['schema', 'fields']);
    expect(await em.mesh.hasProduct('sales.empty')).toBe(false);
  });

  it('names the ODCS path of the missing fields when the spec was read from a contract', async () => {
    const text = `apiVersion: v3.1.0\nkind: DataContract\nid: sales.empty\nversion: 1.0.0\nstatus: draft\ndomain: sales\nteam:\n  name: sales-team\nschema:\n  - name: empty\n`;
    const folder = readProductFolder([{ path: 'empty/contract.odcs.yaml', text }], { root: 'empty' });
    const error = await errorOf(em.mesh.createProduct(folder.spec, { documents: folder.documents }));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.message).toBe(
      'product sales.empty has no fields; list at least one under schema[0].properties of contract.odcs.yaml so it can store records',
    );
    expect((error as ContractViolationError).issues[0]?.path).toEqual(['schema', 0, 'properties']);
    expect(await em.mesh.hasProduct('sales.empty')).toBe(false);
  });

  it('refuses a spec whose rule does not parse, before storing anything', async () => {
    const spec = exampleSpec('sales');
    const error = await errorOf(
      em.mesh.createProduct({
        ...spec,
        id: 'sales.ruled',
        schema: { ...(spec.schema as object), rules: [{ name: 'broken', check: 'amount >>> 0' }] },
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(await em.mesh.hasProduct('sales.ruled')).toBe(false);
  });

  it('refuses an upstream product that is not in the catalog with not_found, and stores nothing', async () => {
    const error = await errorOf(
      em.mesh.createProduct({ ...exampleSpec('sales'), id: 'sales.derived', upstream: ['finance.ledger'] }),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('finance.ledger');
    expect(await em.mesh.hasProduct('sales.derived')).toBe(false);
  });

  it('refuses an upstream entry that is neither a product id nor an external scheme:location', async () => {
    const error = await errorOf(
      em.mesh.createProduct({
        ...exampleSpec('sales'),
        id: 'sales.derived',
        upstream: ['Sales.Transactions'],
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('"Sales.Transactions"');
    expect(await em.mesh.hasProduct('sales.derived')).toBe(false);
  });

  it('refuses an id whose table another product already uses, and that product keeps its own table', async () => {
    const first = await em.mesh.createProduct({
      id: 'a__b.c',
      schema: { primaryKey: ['id'], fields: [{ name: 'id', type: 'string' }] },
    });
    const error = await errorOf(
      em.mesh.createProduct({
        id: 'a.b__c',
        schema: { primaryKey: ['k'], fields: [{ name: 'k', type: 'integer' }] },
      }),
    );
    expect(error.code).toBe('already_exists');
    expect(await em.mesh.hasProduct('a.b__c')).toBe(false);
    expect((await first.ingest({ id: 'x' })).accepted).toBe(1);
  });

  it('opens an existing product by id', async () => {
    const product = await em.mesh.product('customer.profiles');
    expect(product.id).toBe('customer.profiles');
    expect((await product.descriptor()).owner).toBe('customer-team');
  });

  it('refuses an unknown product id with not_found listing the known ones', async () => {
    const error = await errorOf(em.mesh.product('sales.orders'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('known products: customer.profiles, sales.transactions');
  });

  it('suggests the closest id instead of listing a big catalog, or points at search', async () => {
    for (const name of ['orders', 'refunds', 'invoices', 'returns']) {
      await em.mesh.createProduct({ ...exampleSpec('sales'), id: `sales.${name}` });
    }
    const typo = await errorOf(em.mesh.product('sales.ordres'));
    expect(typo.message).toBe('product sales.ordres is not in the catalog; did you mean sales.orders?');
    const far = await errorOf(em.mesh.product('hr.people'));
    expect(far.message).toBe(
      'product hr.people is not in the catalog; find it with `meshwork search <words>` or `meshwork list` (6 products)',
    );
  });

  it('lists products by id, optionally by domain', async () => {
    expect((await em.mesh.listProducts()).map((d) => d.id)).toEqual([
      'customer.profiles',
      'sales.transactions',
    ]);
    expect((await em.mesh.listProducts({ domain: 'sales' })).map((d) => d.id)).toEqual([
      'sales.transactions',
    ]);
    expect(await em.mesh.listProducts({ domain: 'finance' })).toEqual([]);
  });

  it('records the creation in the access log', async () => {
    const [entry] = await em.mesh.accessLog({ productId: 'sales.transactions' });
    expect(entry).toMatchObject({
      operation: 'create',
      actor: 'anonymous',
      productVersion: '1.0.0',
      rowsAffected: 0,
    });
  });
});

describe('a store reopened after close', () => {
  it('gives back every product, row, log entry and lineage edge', async () => {
    const em = await openExampleMesh();
    try {
      const clock = createTestClock('2025-10-09T08:00:00.000Z');
      await em.customers.update({ customer_id: 'CUST001' }, { email: 'joao@example.org' });
      await em.sales.remove({ transaction_id: 'TXN006' });
      await em.sales.publish();
      await em.sales.addUpstream('customer.profiles');
      await em.customers.addUpstream('worldbank:api.worldbank.org/v2');
      await em.mesh
        .withActor('alice')
        .product('sales.transactions')
        .then((p) => p.query({ region: 'Europe' }));
      const before = {
        products: await em.mesh.listProducts(),
        sales: (await em.sales.query(undefined, { orderBy: 'transaction_id' })).rows,
        customers: (await em.customers.query(undefined, { orderBy: 'customer_id' })).rows,
        log: await em.mesh.accessLog({ limit: 1000 }),
        salesLineage: await em.sales.lineage(),
        customerLineage: await em.customers.lineage(),
        metrics: await em.sales.metrics(),
      };
      await em.mesh.close();

      const mesh = await Mesh.open({ store: em.store, now: clock.now });
      try {
        const sales = await mesh.product('sales.transactions');
        const customers = await mesh.product('customer.profiles');
        expect(await mesh.listProducts()).toEqual(before.products);
        expect((await sales.query(undefined, { orderBy: 'transaction_id' })).rows).toEqual(before.sales);
        expect((await customers.query(undefined, { orderBy: 'customer_id' })).rows).toEqual(before.customers);
        expect(before.sales).toHaveLength(5);
        expect(before.customers.find((c) => c.customer_id === 'CUST001')?.email).toBe('joao@example.org');
        // The two queries above were logged on top of what was there.
        expect((await mesh.accessLog({ limit: 1000 })).slice(2)).toEqual(before.log);
        expect(await sales.lineage()).toEqual(before.salesLineage);
        expect(await customers.lineage()).toEqual(before.customerLineage);
        expect(before.customerLineage.upstream.map((n) => n.id)).toEqual(['worldbank:api.worldbank.org/v2']);
        expect((await sales.descriptor()).status).toBe('published');
        const metrics = await sales.metrics();
        expect(metrics.totalRecords).toBe(5);
        expect(metrics.freshness.lastWriteAt).toBe(before.metrics.freshness.lastWriteAt);
        // Keys and sequence numbers carry on where they stopped.
        expect((await sales.ingest(exampleRecords('sales')[0])).rejected[0]?.issues[0]?.code).toBe(
          'duplicate_key',
        );
        const [newest] = await mesh.accessLog({ limit: 1 });
        expect(newest?.seq).toBeGreaterThan(before.log[0]?.seq ?? Number.POSITIVE_INFINITY);
      } finally {
        await mesh.close();
      }
    } finally {
      await em.cleanup();
    }
  });
});
