import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newTestStore } from '../../test/support/test-store.ts';
import {
  failTimes,
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../../test/support/worldbank-replay-server.ts';
import { WORLDBANK_INDICATORS_PRODUCT_ID } from '../connectors/worldbank/worldbank-product.ts';
import { parseYears } from '../connectors/worldbank/worldbank-pull.ts';
import { MeshError } from '../core/errors.ts';
import { materializeWorldBank, refreshWorldBank } from './materialize-worldbank.ts';
import { Mesh } from './mesh.ts';

let dir: string;
let server: WorldBankReplayServer;
let mesh: Mesh;
const fast = { retries: 1, retryBaseMs: 1, timeoutMs: 2000 } as const;
const pull = () => ({
  indicators: ['NY.GDP.MKTP.CD', 'SP.POP.TOTL'],
  countries: ['BRA', 'DEU'],
  years: { from: 2018, to: 2020 },
  baseUrl: server.url,
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-wb-'));
  server = await startWorldBankReplayServer();
  mesh = await Mesh.open({ store: await newTestStore(join(dir, 'mesh.duckdb')) });
});

afterEach(async () => {
  await mesh.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rows() {
  const product = await mesh.product(WORLDBANK_INDICATORS_PRODUCT_ID);
  return (await product.query(undefined, { orderBy: ['indicator_code', 'country_code', 'year'] })).rows;
}

describe('materializeWorldBank', () => {
  it('creates and publishes external.worldbank_indicators with the recorded values and lineage from the API', async () => {
    const result = await materializeWorldBank(mesh, pull(), fast);
    expect(result).toMatchObject({
      productId: WORLDBANK_INDICATORS_PRODUCT_ID,
      created: true,
      removed: 0,
      inserted: 12,
    });
    const product = await mesh.product(WORLDBANK_INDICATORS_PRODUCT_ID);
    expect((await product.descriptor()).status).toBe('published');
    const bra2020 = (
      await product.query("country_code = 'BRA' and year = 2020 and indicator_code = 'SP.POP.TOTL'")
    ).rows;
    expect(bra2020).toEqual([
      expect.objectContaining({
        country_name: 'Brazil',
        indicator_name: 'Population, total',
        value: 213196304,
      }),
    ]);
    const lineage = await product.lineage();
    expect(lineage.upstream).toEqual([
      expect.objectContaining({ id: 'worldbank:api.worldbank.org/v2', kind: 'external' }),
    ]);
  });

  it('updates on a second run and never duplicates', async () => {
    await materializeWorldBank(mesh, pull(), fast);
    const first = await rows();
    const again = await materializeWorldBank(mesh, pull(), fast);
    expect(again).toMatchObject({ created: false, removed: 12, inserted: 12 });
    expect(await rows()).toEqual(first);
  });

  it('keeps what other pulls stored outside the scope of a new pull', async () => {
    await materializeWorldBank(mesh, pull(), fast);
    await materializeWorldBank(mesh, { ...pull(), countries: ['IND'] }, fast);
    const countries = new Set((await rows()).map((r) => r.country_code));
    expect([...countries].sort()).toEqual(['BRA', 'DEU', 'IND']);
  });

  it('leaves the stored product intact when the API fails, and records the failure', async () => {
    await materializeWorldBank(mesh, pull(), fast);
    const before = await rows();
    server.setFault(failTimes(100, 503));
    const error = await materializeWorldBank(mesh, pull(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('upstream_failed');
    expect(await rows()).toEqual(before);
    expect(await mesh.source(WORLDBANK_INDICATORS_PRODUCT_ID)).toMatchObject({ lastOutcome: 'failed' });
  });

  it('turns the API error payload into upstream_failed and writes nothing', async () => {
    const error = await materializeWorldBank(mesh, { ...pull(), indicators: ['XX.NOT.REAL'] }, fast).catch(
      (e: unknown) => e,
    );
    expect((error as MeshError).code).toBe('upstream_failed');
    expect(await mesh.hasProduct(WORLDBANK_INDICATORS_PRODUCT_ID)).toBe(false);
  });
});

describe('refreshWorldBank', () => {
  it('pulls again with the settings stored by the last pull', async () => {
    await materializeWorldBank(mesh, pull(), fast);
    const requestsBefore = server.requests.length;
    const result = await refreshWorldBank(mesh, WORLDBANK_INDICATORS_PRODUCT_ID, fast);
    expect(result.inserted).toBe(12);
    expect(server.requests.length).toBeGreaterThan(requestsBefore);
    expect(await mesh.source(WORLDBANK_INDICATORS_PRODUCT_ID)).toMatchObject({
      connector: 'worldbank',
      lastOutcome: 'ok',
      config: expect.objectContaining({ countries: ['BRA', 'DEU'], baseUrl: server.url }),
    });
  });

  it('pulls from a base URL given in the client options for this pull only, keeping the stored one', async () => {
    await materializeWorldBank(mesh, pull(), fast);
    // As if the last pull had used another location, where nothing answers.
    await mesh.setSource(WORLDBANK_INDICATORS_PRODUCT_ID, 'worldbank', {
      ...pull(),
      baseUrl: 'http://127.0.0.1:9/v2',
    });
    const result = await refreshWorldBank(mesh, WORLDBANK_INDICATORS_PRODUCT_ID, {
      ...fast,
      baseUrl: server.url,
    });
    expect(result.inserted).toBe(12);
    expect((await mesh.source(WORLDBANK_INDICATORS_PRODUCT_ID))?.config).toMatchObject({
      baseUrl: 'http://127.0.0.1:9/v2',
    });
  });

  it('refuses a principal who does not own the product before asking the API anything', async () => {
    await materializeWorldBank(mesh, pull(), fast);
    await mesh.governance.addPrincipal({ id: 'bob', roles: ['consumer'] });
    const bob = await mesh.as('bob');
    const requestsBefore = server.requests.length;
    const error = await refreshWorldBank(bob, WORLDBANK_INDICATORS_PRODUCT_ID, fast).catch((e: unknown) => e);
    expect((error as MeshError).code).toBe('unauthorized');
    expect(server.requests.length).toBe(requestsBefore);
  });

  it('refuses a product that no connector feeds', async () => {
    const error = await refreshWorldBank(mesh, 'sales.transactions').catch((e: unknown) => e);
    expect((error as MeshError).code).toBe('not_found');
  });
});

describe('parseYears', () => {
  it('reads ranges and single years and refuses the rest', () => {
    expect(parseYears('2015:2023')).toEqual({ from: 2015, to: 2023 });
    expect(parseYears('2020')).toEqual({ from: 2020, to: 2020 });
    expect(() => parseYears('2023:2015')).toThrow(/must not be after/);
    expect(() => parseYears('last year')).toThrow(/2015:2023/);
  });
});

describe('the shipped ODCS contract of external.worldbank_indicators', () => {
  it('describes the same fields, key and SLA as the product descriptor', async () => {
    const { readFile } = await import('node:fs/promises');
    const { contractToSpec } = await import('../contract/contract-to-spec.ts');
    const { parseProductSpec } = await import('../core/parse-product-spec.ts');
    const { worldBankProductSpec } = await import('../connectors/worldbank/worldbank-pull.ts');
    const text = await readFile(
      new URL('../../examples/worldbank/contract.odcs.yaml', import.meta.url),
      'utf8',
    );
    const fromContract = contractToSpec(parse(text));
    const fromSpec = parseProductSpec(await worldBankProductSpec());
    expect(fromContract.id).toBe(fromSpec.id);
    expect(fromContract.schema.primaryKey).toEqual(fromSpec.schema.primaryKey);
    expect(fromContract.schema.fields.map((f) => [f.name, f.type, f.required])).toEqual(
      fromSpec.schema.fields.map((f) => [f.name, f.type, f.required]),
    );
    expect(fromContract.sla).toEqual(fromSpec.sla);
  });
});
