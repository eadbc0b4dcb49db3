import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.ts';
import {
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../support/worldbank-replay-server.ts';

let dir: string;
let store: string;
let server: WorldBankReplayServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-worldbank-readme-'));
  store = join(dir, 'mesh.duckdb');
  server = await startWorldBankReplayServer();
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Splits one README command line into arguments: words, and "double" or 'single' quoted strings. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** The README's World Bank commands, as written there (continuation lines joined, comments dropped). */
function worldBankCommands(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- worldbank:');
  expect(marker).toBeGreaterThan(0);
  const start = readme.indexOf('```sh\n', marker) + '```sh\n'.length;
  const block = readme.slice(start, readme.indexOf('\n```', start)).replace(/\\\n\s*/g, '');
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line.startsWith('npx meshwork '))
    .map((line) => shellWords(line).slice(2));
}

describe('the README’s World Bank commands against the offline replay (issue 15 item 14)', () => {
  it('run as written, with recorded countries and indicators, a unit, and refresh --status for the connector product', async () => {
    const commands = worldBankCommands();
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual([
      'connect worldbank',
      'query external.worldbank_indicators',
      'refresh external.worldbank_indicators',
      'refresh external.worldbank_indicators',
    ]);
    const runs = [];
    for (const args of commands) {
      const extra = args[0] === 'connect' ? ['--base-url', server.url] : [];
      const run = await runCli([...args, ...extra, '--store', store]);
      expect(run.code, `meshwork ${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stderr, args.join(' ')).toBe('');
      runs.push(run.stdout);
    }
    const [connect, query, refresh, status] = runs;
    // 4 countries × 3 indicators × 8 years, every one recorded.
    expect(connect).toMatch(/external\.worldbank_indicators: 96 record\(s\) stored/);
    expect(query).toContain('Brazil');
    expect(refresh).toContain('pulled again from worldbank: 96 record(s) stored (96 replaced)');
    expect(status).toMatch(
      /^external\.worldbank_indicators: fresh: data \d+ min old \(SLA freshness 10080 min\)\n/,
    );
    expect(status).toContain('source: worldbank (worldbank:api.worldbank.org/v2)');
    expect(status).toMatch(/last pull: \S+ \(ok: 96 record\(s\)\)/);

    const json = await runCli([
      'refresh',
      'external.worldbank_indicators',
      '--status',
      '--json',
      '--store',
      store,
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      productId: 'external.worldbank_indicators',
      connector: 'worldbank',
      lastOutcome: 'ok',
      freshnessMinutes: 10080,
      stale: false,
      settings: { countries: ['BRA', 'CHN', 'DEU', 'IND'] },
    });

    const units = await runCli([
      'query',
      'external.worldbank_indicators',
      '-w',
      "country_code = 'DEU' and year = 2020",
      '-c',
      'indicator_code,unit',
      '--order-by',
      'indicator_code',
      '--json',
      '--store',
      store,
    ]);
    expect((JSON.parse(units.stdout) as { rows: unknown[] }).rows).toEqual([
      { indicator_code: 'NY.GDP.MKTP.CD', unit: 'current US$' },
      { indicator_code: 'NY.GDP.PCAP.CD', unit: 'current US$' },
      { indicator_code: 'SP.POP.TOTL', unit: '' },
    ]);
  }, 120_000);
});
