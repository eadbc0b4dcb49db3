import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newTestStore } from '../../../test/support/test-store.ts';
import {
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../../../test/support/worldbank-replay-server.ts';
import { materializeWorldBank } from '../../product/materialize-worldbank.ts';
import { Mesh } from '../../product/mesh.ts';

const example = (name: string, file = 'product.yaml'): unknown =>
  parse(readFileSync(new URL(`../../../examples/${name}/${file}`, import.meta.url), 'utf8'));
const sampleSales = JSON.parse(
  readFileSync(new URL('../../../examples/sales/sample_sales.json', import.meta.url), 'utf8'),
) as unknown[];

let dir: string;
let server: WorldBankReplayServer;
let mesh: Mesh;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-enrich-'));
  server = await startWorldBankReplayServer();
  mesh = await Mesh.open({ store: await newTestStore(join(dir, 'mesh.duckdb')) });
});

afterEach(async () => {
  await mesh.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the region_gdp example', () => {
  it('puts revenue per sales region next to the recorded GDP per capita of its economy, with lineage from both', async () => {
    await materializeWorldBank(
      mesh,
      {
        indicators: ['NY.GDP.PCAP.CD'],
        countries: ['CHN', 'DEU'],
        years: { from: 2015, to: 2023 },
        baseUrl: server.url,
      },
      { retries: 0, timeoutMs: 2000 },
    );
    const sales = await mesh.createProduct(example('sales'));
    await sales.ingest(sampleSales);
    await mesh.publishSpec(example('region_gdp'));
    const product = await mesh.product('sales.region_gdp');
    await product.refresh();
    const { rows } = await product.query(undefined, { orderBy: 'region' });
    expect(rows.map((r) => [r.region, r.transactions, r.revenue, r.economy, r.gdp_year])).toEqual([
      ['Asia', 1, 50.25, 'CHN', 2022],
      ['Europe', 2, 320, 'DEU', 2022],
      ['North America', 3, 525.5, 'USA', null],
    ]);
    expect(rows[1]?.gdp_per_capita).toBeCloseTo(48717.99, 1);
    expect(rows[0]?.economy_name).toBe('China');
    const lineage = await product.lineage();
    expect(lineage.upstream.map((n) => n.id).sort()).toEqual([
      'external.worldbank_indicators',
      'sales.transactions',
    ]);
  });
});
