// Checks the test double itself: the replay server must answer like the recordings it is built from.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startWorldBankReplayServer,
  WORLDBANK_FIXTURES_DIR,
  type WorldBankReplayServer,
} from '../../../test/support/worldbank-replay-server.ts';

let server: WorldBankReplayServer;
beforeAll(async () => {
  server = await startWorldBankReplayServer();
});
afterAll(() => server.close());

const fixture = (file: string): string => readFileSync(join(WORLDBANK_FIXTURES_DIR, file), 'utf8');
const fixtureRows = (file: string): unknown => (JSON.parse(fixture(file)) as unknown[])[1];

async function get(path: string): Promise<{ status: number; body: string; json: () => unknown[] }> {
  const response = await fetch(`${server.url}${path}`);
  const body = await response.text();
  return { status: response.status, body, json: () => JSON.parse(body) as unknown[] };
}

describe('the World Bank replay server', () => {
  it('finds the recorded responses inside the repository, wherever it is cloned', () => {
    expect(WORLDBANK_FIXTURES_DIR.replaceAll('\\', '/')).toMatch(/\/test\/fixtures\/worldbank\/$/);
    expect(existsSync(join(WORLDBANK_FIXTURES_DIR, 'SOURCES.md'))).toBe(true);
  });

  it('answers /country/JPN with the recorded body, byte for byte', async () => {
    expect((await get('/country/JPN?format=json')).body).toBe(fixture('country_JPN.json'));
  });

  it('filters the country list like the API: the first HIC and LNX pages equal the 2021 recordings', async () => {
    const hic = (await get('/countries?format=json&incomelevel=HIC&page=1&per_page=2')).json();
    expect(hic[1]).toEqual(fixtureRows('countries_incomelevel_HIC_page1_per_page2.json'));
    const lnx = (await get('/countries?format=json&lendingtype=LNX&page=1&per_page=2')).json();
    expect(lnx[1]).toEqual(fixtureRows('countries_lendingtype_LNX_page1_per_page2.json'));
  });

  it('serves the same rows as the 2021 JPN;USA date-range recording', async () => {
    const page = (
      await get('/countries/JPN;USA/indicators/NY.GDP.MKTP.CD?date=2018%3A2019&format=json&page=1&per_page=2')
    ).json();
    expect(page[1]).toEqual(
      fixtureRows('country_JPN-USA_indicator_NY.GDP.MKTP.CD_date2018-2019_page1_per_page2.json'),
    );
    expect(page[0]).toMatchObject({ page: 1, pages: 2, per_page: 2, total: 4 });
  });

  it('re-paginates a cut-down file and rewrites its header to describe what it serves', async () => {
    const page = (await get('/country/BRA/indicator/NY.GDP.MKTP.CD?format=json&per_page=50&page=2')).json();
    expect(page[0]).toEqual({
      page: 2,
      pages: 2,
      per_page: 50,
      total: 64,
      sourceid: '2',
      lastupdated: '2024-03-28',
    });
    expect(page[1]).toHaveLength(14);
  });

  it('keeps each header field in the type it was recorded in', async () => {
    expect((await get('/country?format=json&per_page=100&page=3')).json()[0]).toEqual({
      page: 3,
      pages: 3,
      per_page: '100',
      total: 296,
    });
    expect((await get('/lendingTypes?format=json&per_page=3')).json()[0]).toEqual({
      page: '1',
      pages: '2',
      per_page: '3',
      total: '4',
    });
  });

  it('answers a query that matches nothing with a null row list', async () => {
    expect((await get('/country/BRA/indicator/SP.POP.TOTL?format=json&date=1900')).json()).toEqual([
      { page: 0, pages: 0, per_page: 0, total: 0, sourceid: null, lastupdated: null },
      null,
    ]);
  });

  it('answers 404 for data that is valid but was never recorded, and for unknown routes', async () => {
    const unrecorded = await get('/country/FRA/indicator/SP.POP.TOTL?format=json');
    expect(unrecorded.status).toBe(404);
    expect(unrecorded.json()).toEqual({ replay: 'not recorded: observations for FRA SP.POP.TOTL' });
    expect((await get('/indicator/NY.GDP.MKTP.CD?format=json')).status).toBe(404);
    expect((await get('/nothing/here?format=json')).status).toBe(404);
  });

  it('refuses requests without format=json', async () => {
    expect((await get('/country/JPN')).status).toBe(400);
  });
});
