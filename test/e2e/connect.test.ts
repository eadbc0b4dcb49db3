import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import {
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../support/worldbank-replay-server.ts';

let dir: string;
let store: string;
let server: WorldBankReplayServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-connect-'));
  store = join(dir, 'mesh.duckdb');
  server = await startWorldBankReplayServer();
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('meshwork connect worldbank', () => {
  const args = () => [
    'connect',
    'worldbank',
    '--indicators',
    'NY.GDP.MKTP.CD,SP.POP.TOTL',
    '--countries',
    'BRA,USA,CHN,IND,DEU',
    '--years',
    '2015:2023',
    '--base-url',
    server.url,
    '--store',
    store,
  ];

  it('materializes the product, then updates it without duplicating on a second run', async () => {
    const first = await runCli(args());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/external\.worldbank_indicators: (\d+) record\(s\) stored \(0 replaced/);
    const stored = Number(/(\d+) record/.exec(first.stdout)?.[1]);
    expect(stored).toBeGreaterThan(80);
    const second = await runCli([...args(), '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ created: false, removed: stored, inserted: stored });
    const gdp = await runCli([
      'query',
      'external.worldbank_indicators',
      '-w',
      "country_code = 'BRA' and indicator_code = 'SP.POP.TOTL' and year = 2020",
      '-c',
      'country_name,value',
      '--json',
      '--store',
      store,
    ]);
    expect(JSON.parse(gdp.stdout).rows).toEqual([{ country_name: 'Brazil', value: 213196304 }]);
  });

  it('pulls the product again with meshwork refresh', async () => {
    const before = server.requests.length;
    const run = await runCli(['refresh', 'external.worldbank_indicators', '--json', '--store', store]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ connector: 'worldbank', created: false });
    expect(server.requests.length).toBeGreaterThan(before);
  });

  it('tells the user which request failed and exits 7, keeping the stored data', async () => {
    const bad = await runCli([...args().slice(0, 3), 'XX.NOT.REAL', ...args().slice(4)]);
    expect(bad.code).toBe(7);
    expect(bad.stderr).toContain('World Bank API rejected the request for indicator XX.NOT.REAL');
    const count = await runCli(['metrics', 'external.worldbank_indicators', '--json', '--store', store]);
    expect(JSON.parse(count.stdout).totalRecords).toBeGreaterThan(80);
  });

  it('refuses a malformed year range as a usage error', async () => {
    const run = await runCli([
      'connect',
      'worldbank',
      '--indicators',
      'SP.POP.TOTL',
      '--countries',
      'BRA',
      '--years',
      'recent',
      '--store',
      store,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('years must look like 2015:2023');
  });
});
