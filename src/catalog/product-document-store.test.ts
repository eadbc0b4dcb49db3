import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../../test/support/example-mesh.ts';
import { openDuckDbEngine } from '../engine/duckdb/duckdb-engine.ts';
import type { Engine } from '../engine/engine.ts';
import { ensureCatalogTables } from './catalog-tables.ts';
import { ProductDocumentStore } from './product-document-store.ts';

const AT = '2025-10-08T12:00:00.000Z';
const CONTRACT = "# kept as written\napiVersion: v3.1.0\nkind: DataContract\nid: 'sales.orders'\n";
const PRODUCT = 'apiVersion: v1.0.0\nkind: DataProduct\nid: sales.orders\n';

describe('ProductDocumentStore', () => {
  let dir: TempDir;
  let engine: Engine;
  const store = new ProductDocumentStore();

  beforeEach(async () => {
    dir = createTempDir();
    engine = await openDuckDbEngine({ path: dir.file('mesh.duckdb') });
    await ensureCatalogTables(engine);
  });

  afterEach(async () => {
    await engine.close();
    dir.remove();
  });

  it('keeps the documents of a version byte for byte, in order, with their role and standard', async () => {
    await store.replace(
      engine,
      'sales.orders',
      '1.0.0',
      [
        { role: 'contract', file: 'contract.odcs.yaml', text: CONTRACT },
        { role: 'product', file: 'product.odps.yaml', text: PRODUCT },
      ],
      AT,
    );
    expect(await store.list(engine, 'sales.orders', '1.0.0')).toEqual([
      {
        productId: 'sales.orders',
        version: '1.0.0',
        role: 'contract',
        kind: 'odcs',
        file: 'contract.odcs.yaml',
        text: CONTRACT,
        storedAt: AT,
      },
      {
        productId: 'sales.orders',
        version: '1.0.0',
        role: 'product',
        kind: 'odps',
        file: 'product.odps.yaml',
        text: PRODUCT,
        storedAt: AT,
      },
    ]);
  });

  it('replaces the documents of one version and leaves the other versions alone', async () => {
    await store.replace(
      engine,
      'sales.orders',
      '1.0.0',
      [{ role: 'contract', file: 'a.yaml', text: CONTRACT }],
      AT,
    );
    await store.replace(
      engine,
      'sales.orders',
      '2.0.0',
      [{ role: 'contract', file: 'b.yaml', text: CONTRACT }],
      AT,
    );
    await store.replace(
      engine,
      'sales.orders',
      '2.0.0',
      [{ role: 'contract', file: 'c.yaml', text: '{}' }],
      AT,
    );
    expect((await store.list(engine, 'sales.orders', '1.0.0')).map((d) => d.file)).toEqual(['a.yaml']);
    expect((await store.list(engine, 'sales.orders', '2.0.0')).map((d) => [d.file, d.text])).toEqual([
      ['c.yaml', '{}'],
    ]);
    expect(await store.list(engine, 'sales.orders', '3.0.0')).toEqual([]);
  });

  it('lands with the transaction it is written in, or not at all', async () => {
    const failure = await engine
      .transaction(async (tx) => {
        await store.replace(
          tx,
          'sales.orders',
          '1.0.0',
          [{ role: 'contract', file: 'a.yaml', text: CONTRACT }],
          AT,
        );
        throw new Error('the version could not be stored');
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(await store.list(engine, 'sales.orders', '1.0.0')).toEqual([]);
  });

  it('refuses to read a row whose role it does not know, as the bug it is', async () => {
    await engine.execute(
      `INSERT INTO mw_product_documents (product_id, version, position, role, kind, file, text, stored_at)
       VALUES ('sales.orders', '1.0.0', 0, 'notes', 'odcs', 'x.yaml', '', $1)`,
      [AT],
    );
    await expect(store.list(engine, 'sales.orders', '1.0.0')).rejects.toThrow(/unknown role notes/);
  });
});
