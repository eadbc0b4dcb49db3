/**
 * The search index snapshot a DuckDB store keeps in a file beside it (`<store>.search`), so a new process answers its
 * first search without rebuilding the index. A feature of file stores only: PostgreSQL stores keep no file.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, exampleSpec, openExampleMesh } from '../../test/support/example-mesh.ts';
import { Mesh } from './mesh.ts';

describe('the search index snapshot kept beside a DuckDB store file', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh();
    await em.mesh.createProduct(exampleSpec('customer_revenue'));
  });
  afterEach(async () => {
    await em.cleanup();
  });
  const snapshotOf = (store: string) => `${store}.search`;
  const searchIds = async (mesh: Mesh, text: string) => (await mesh.search(text)).map((h) => h.productId);
  const rawEngine = async (store: string) =>
    (await import('../engine/duckdb/duckdb-engine.ts')).openDuckDbEngine({ path: store });

  it('writes the snapshot on a first search, and the next process answers from it', async () => {
    expect(existsSync(snapshotOf(em.store))).toBe(false);
    const before = [...(await em.mesh.search('profiles'))];
    expect(before.map((h) => h.productId)).toEqual(['customer.profiles', 'sales.customer_revenue']);
    expect(existsSync(snapshotOf(em.store))).toBe(true);
    await em.mesh.close();
    // Emptying the stored entries behind the catalog's back (the generation does not move) shows where the
    // next process's answer comes from: the snapshot written for this generation still finds both products.
    const engine = await rawEngine(em.store);
    await engine.execute('DELETE FROM mw_search_docs');
    await engine.close();
    const reopened = await Mesh.open({ store: em.store });
    try {
      expect([...(await reopened.search('profiles'))]).toEqual(before);
    } finally {
      await reopened.close();
    }
  });

  it('ignores a snapshot once the catalog changed: a product created later is found', async () => {
    await em.mesh.search('profiles');
    await em.mesh.createProduct({ ...exampleSpec('sales'), id: 'sales.orders', name: 'Orders' });
    await em.mesh.close();
    const reopened = await Mesh.open({ store: em.store });
    try {
      expect(await searchIds(reopened, 'orders')).toEqual(['sales.orders']);
    } finally {
      await reopened.close();
    }
  });

  it("never uses another store's snapshot, even one copied from the same store before both changed", async () => {
    await em.mesh.close();
    const copy = `${em.store}-copy.duckdb`;
    copyFileSync(em.store, copy);
    const a = await Mesh.open({ store: em.store });
    const b = await Mesh.open({ store: copy });
    try {
      await a.createProduct({ ...exampleSpec('sales'), id: 'sales.orders', name: 'Orders' });
      await b.createProduct({ ...exampleSpec('sales'), id: 'sales.refunds', name: 'Refunds' });
      expect(await searchIds(a, 'orders')).toEqual(['sales.orders']);
      await b.close();
      copyFileSync(snapshotOf(em.store), snapshotOf(copy));
      const b2 = await Mesh.open({ store: copy });
      try {
        expect(await searchIds(b2, 'orders')).toEqual([]);
        expect(await searchIds(b2, 'refunds')).toEqual(['sales.refunds']);
      } finally {
        await b2.close();
      }
    } finally {
      await a.close();
      await b.close();
      rmSync(copy, { force: true });
      rmSync(snapshotOf(copy), { force: true });
    }
  });

  it('builds the index again over a damaged snapshot and replaces it', async () => {
    await em.mesh.search('profiles');
    await em.mesh.close();
    writeFileSync(snapshotOf(em.store), 'MWSI damaged');
    const reopened = await Mesh.open({ store: em.store });
    try {
      expect(await searchIds(reopened, 'profiles')).toEqual(['customer.profiles', 'sales.customer_revenue']);
    } finally {
      await reopened.close();
    }
    expect(readFileSync(snapshotOf(em.store)).length).toBeGreaterThan(100);
  });

  it('reads but never writes the snapshot through a read-only handle', async () => {
    await em.mesh.close();
    const reader = await Mesh.open({ store: em.store, readOnly: true });
    try {
      expect(await searchIds(reader, 'profiles')).toEqual(['customer.profiles', 'sales.customer_revenue']);
    } finally {
      await reader.close();
    }
    expect(existsSync(snapshotOf(em.store))).toBe(false);
  });
});
