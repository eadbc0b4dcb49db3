import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestStore } from '../../test/support/test-store.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { openEngine } from '../engine/open-engine.ts';
import { ensureCatalogTables } from './catalog-tables.ts';
import { ProductRegistry, parseGeneration, productTableName } from './product-registry.ts';

const descriptor = (overrides: Partial<ProductDescriptor> = {}): ProductDescriptor => ({
  id: 'sales.transactions',
  name: 'Sales transactions',
  domain: 'sales',
  owner: 'sales-team',
  description: '',
  tags: [],
  version: '1.0.0',
  qualityLevel: 'silver',
  schema: {
    fields: [{ name: 'id', type: 'string', required: true }],
    primaryKey: ['id'],
    indexes: [],
    rules: [],
  },
  sla: {},
  upstream: [],
  status: 'draft',
  createdAt: '2025-10-08T12:00:00.000Z',
  updatedAt: '2025-10-08T12:00:00.000Z',
  ...overrides,
});

describe('productTableName', () => {
  it('builds the table name from the id and the major version', () => {
    expect(productTableName('sales.transactions', '1.4.2')).toBe('data_sales__transactions__v1');
    expect(productTableName('sales.transactions', '2.0.0')).toBe('data_sales__transactions__v2');
    // Below 1.0.0 each minor version is its own storage generation, as a 0.x minor step may break.
    expect(productTableName('sales.transactions', '0.2.1')).toBe('data_sales__transactions__v0_2');
    expect(parseGeneration('0.2')).toBe('0_2');
    expect(parseGeneration('2')).toBe('2');
    expect(parseGeneration('2.3.1')).toBe('2');
  });
});

describe('ProductRegistry', () => {
  let engine: Engine;
  const registry = new ProductRegistry();
  beforeEach(async () => {
    engine = await openEngine(await newTestStore(':memory:'));
    await ensureCatalogTables(engine);
  });
  afterEach(async () => {
    await engine.close();
  });

  it('stores a product and finds it again with its table and no write yet', async () => {
    await registry.insert(engine, descriptor(), 'data_sales__transactions__v1');
    expect(await registry.find(engine, 'sales.transactions')).toEqual({
      descriptor: descriptor(),
      tableName: 'data_sales__transactions__v1',
      lastWriteAt: null,
    });
    expect(await registry.find(engine, 'sales.other')).toBeUndefined();
  });

  it('saves a changed descriptor, keeps every version and records the last write', async () => {
    await registry.insert(engine, descriptor(), 't1');
    const v2 = descriptor({ version: '2.0.0', status: 'published', updatedAt: '2025-10-09T00:00:00.000Z' });
    await registry.update(engine, v2, 't2');
    await registry.touchWrite(engine, 'sales.transactions', '2025-10-09T01:00:00.000Z');
    expect(await registry.find(engine, 'sales.transactions')).toEqual({
      descriptor: v2,
      tableName: 't2',
      lastWriteAt: '2025-10-09T01:00:00.000Z',
    });
    expect((await registry.versions(engine, 'sales.transactions')).map((d) => d.version)).toEqual([
      '1.0.0',
      '2.0.0',
    ]);
    expect(await registry.versionEntries(engine, 'sales.transactions')).toEqual([
      {
        version: '1.0.0',
        status: 'draft',
        recordedAt: '2025-10-08T12:00:00.000Z',
        tableName: 'data_sales__transactions__v1',
      },
      {
        version: '2.0.0',
        status: 'published',
        recordedAt: '2025-10-09T00:00:00.000Z',
        tableName: 'data_sales__transactions__v2',
      },
    ]);
  });

  it('refuses to update a product that is not stored with not_found', async () => {
    const error = await registry.update(engine, descriptor()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('not_found');
  });

  it('lists products by id, filtered by domain and status', async () => {
    await registry.insert(engine, descriptor({ id: 'sales.b' }), 't_b');
    await registry.insert(engine, descriptor({ id: 'sales.a', status: 'published' }), 't_a');
    await registry.insert(engine, descriptor({ id: 'customer.c', domain: 'customer' }), 't_c');
    const ids = async (filter?: Parameters<ProductRegistry['list']>[1]) =>
      (await registry.list(engine, filter)).map((r) => r.descriptor.id);
    expect(await ids()).toEqual(['customer.c', 'sales.a', 'sales.b']);
    expect(await ids({ domain: 'sales' })).toEqual(['sales.a', 'sales.b']);
    expect(await ids({ domain: 'sales', status: 'draft' })).toEqual(['sales.b']);
  });

  it('refuses an unknown status or an empty domain filter with invalid_input instead of listing nothing', async () => {
    for (const filter of [{ status: 'live' }, { domain: ' ' }]) {
      const error = await registry.list(engine, filter).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MeshError);
      expect((error as MeshError).code).toBe('invalid_input');
    }
    const error = (await registry.list(engine, { status: 'live' }).catch((e: unknown) => e)) as MeshError;
    expect(error.message).toBe(
      'status filter must be one of draft, published, deprecated, archived; got live',
    );
  });
});
