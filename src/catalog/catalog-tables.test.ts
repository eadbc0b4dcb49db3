import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestStore } from '../../test/support/test-store.ts';
import type { Engine } from '../engine/engine.ts';
import { openEngine } from '../engine/open-engine.ts';
import { CATALOG_VERSION, ensureCatalogTables } from './catalog-tables.ts';

describe('ensureCatalogTables', () => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await openEngine(await newTestStore(':memory:'));
  });
  afterEach(async () => {
    await engine.close();
  });

  it('creates every platform table and records the catalog version', async () => {
    await ensureCatalogTables(engine);
    for (const table of [
      'mw_meta',
      'mw_products',
      'mw_product_versions',
      'mw_access_log',
      'mw_lineage',
      'mw_metrics',
      'mw_product_documents',
    ]) {
      expect(await engine.tableExists(table), table).toBe(true);
    }
    expect(await engine.query("SELECT value FROM mw_meta WHERE key = 'catalog_version'")).toEqual([
      { value: String(CATALOG_VERSION) },
    ]);
  });

  it('can run again on an existing catalog without changing it', async () => {
    await ensureCatalogTables(engine);
    await engine.execute("INSERT INTO mw_lineage (from_id, to_id, created_at) VALUES ('a.b', 'c.d', 'now')");
    await ensureCatalogTables(engine);
    expect(await engine.query('SELECT from_id, to_id FROM mw_lineage')).toEqual([
      { from_id: 'a.b', to_id: 'c.d' },
    ]);
    expect(await engine.query('SELECT COUNT(*) AS n FROM mw_meta')).toEqual([{ n: 1 }]);
  });
});
