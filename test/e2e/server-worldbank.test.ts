import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORLDBANK_INDICATORS_PRODUCT_ID } from '../../src/connectors/worldbank/worldbank-product.ts';
import { materializeWorldBank } from '../../src/product/materialize-worldbank.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';
import { runCli } from '../support/run-cli.ts';
import {
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../support/worldbank-replay-server.ts';

type Json = Record<string, unknown>;

const fast = { retries: 1, retryBaseMs: 1, timeoutMs: 2000 } as const;

describe('the World Bank connector over HTTP', () => {
  let replay: WorldBankReplayServer;
  let s: ServedMesh;
  let replayRunning = true;
  const rowCount = async (): Promise<number> => {
    const res = await s.call(`/products/${WORLDBANK_INDICATORS_PRODUCT_ID}/rows?limit=1000`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { rows: unknown[] }).rows.length;
  };

  beforeAll(async () => {
    replay = await startWorldBankReplayServer();
    // The server is told where the API is; the pull stored below names no location, so without that setting a
    // refresh would go to the public API.
    s = await serveGovernedMesh({ worldBank: { ...fast, baseUrl: replay.url } });
    await materializeWorldBank(
      s.gm.mesh,
      {
        indicators: ['NY.GDP.MKTP.CD', 'SP.POP.TOTL'],
        countries: ['BRA', 'DEU'],
        years: { from: 2018, to: 2020 },
      },
      { ...fast, baseUrl: replay.url },
    );
    await s.gm.mesh.governance.addPrincipal({ id: 'olga', roles: ['owner:external'] });
  });
  afterAll(async () => {
    await s.close();
    if (replayRunning) await replay.close();
  });

  it('lets an admin refresh: the rows come back from the API and the status records the pull', async () => {
    const product = await s.gm.mesh.product(WORLDBANK_INDICATORS_PRODUCT_ID);
    await product.remove("country_code = 'BRA'");
    expect(await rowCount()).toBe(6);
    const requestsBefore = replay.requests.length;
    const res = await s.call('/connectors/worldbank/refresh', { method: 'POST' });
    const body = (await res.json()) as Json;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      connector: 'worldbank',
      productId: WORLDBANK_INDICATORS_PRODUCT_ID,
      created: false,
      inserted: 12,
      removed: 6,
    });
    expect(replay.requests.length).toBeGreaterThan(requestsBefore);
    expect(await rowCount()).toBe(12);
    const status = await s.call('/connectors/worldbank');
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ connector: 'worldbank', lastOutcome: 'ok', stale: false });
  });

  it('refreshes and tells the status with the CLI through the server, as on a store', async () => {
    const as = ['--server', s.url, '--token', s.tokens.erin];
    const pulled = await runCli(['refresh', WORLDBANK_INDICATORS_PRODUCT_ID, ...as]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toBe(
      `${WORLDBANK_INDICATORS_PRODUCT_ID}: pulled again from worldbank: 12 record(s) stored (12 replaced)\n`,
    );
    const status = await runCli(['refresh', WORLDBANK_INDICATORS_PRODUCT_ID, '--status', '--json', ...as]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ connector: 'worldbank', lastOutcome: 'ok' });
    const consumer = await runCli([
      'refresh',
      WORLDBANK_INDICATORS_PRODUCT_ID,
      '--server',
      s.url,
      '--token',
      s.tokens.bob,
    ]);
    expect(consumer.code).toBe(6);
  }, 60_000);

  it('lets an owner of the external domain refresh', async () => {
    const { token } = await s.gm.mesh.governance.createToken({ principal: 'olga', name: 'test' });
    const res = await fetch(`${s.url}/connectors/worldbank/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as Json).inserted).toBe(12);
  });

  it('refuses a consumer and an owner of another domain with 403, before asking the API anything', async () => {
    const requestsBefore = replay.requests.length;
    for (const who of ['bob', 'alice'] as const) {
      const res = await s.call('/connectors/worldbank/refresh', { as: who, method: 'POST' });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as Json).code).toBe('unauthorized');
    }
    expect(replay.requests.length).toBe(requestsBefore);
    const anonymous = await s.call('/connectors/worldbank/refresh', { as: null, method: 'POST' });
    expect(anonymous.status).toBe(401);
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = (await (await s.call('/openapi.json', { as: null })).json()) as { paths: Json };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/connectors/worldbank', '/connectors/worldbank/refresh']),
    );
  });

  it('answers 503 upstream_failed when the API is down, and keeps the stored rows', async () => {
    await replay.close();
    replayRunning = false;
    const res = await s.call('/connectors/worldbank/refresh', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Json;
    expect(problem).toMatchObject({
      status: 503,
      code: 'upstream_failed',
      instance: '/connectors/worldbank/refresh',
    });
    expect(problem.detail).toMatch(/World Bank|api|request/i);
    expect(await rowCount()).toBe(12);
    const status = (await (await s.call('/connectors/worldbank')).json()) as Json;
    expect(status.lastOutcome).toBe('failed');
  });
});
