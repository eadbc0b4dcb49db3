import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../../../test/support/worldbank-replay-server.ts';
import { createWorldBankClient } from './worldbank-client.ts';
import {
  comparativeDataset,
  countryIndicatorSeries,
  enrichCountry,
  indicatorForCountries,
} from './worldbank-operations.ts';

let server: WorldBankReplayServer;
beforeAll(async () => {
  server = await startWorldBankReplayServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setFault(undefined);
});

const client = () => createWorldBankClient({ baseUrl: server.url, retries: 0 });
const GDP = 'NY.GDP.MKTP.CD';
const GDP_NAME = 'GDP (current US$)';

// Values below are copied by hand from the recorded fixtures (2024-03-28 vintage unless noted).
describe('countryIndicatorSeries', () => {
  it("returns Brazil's GDP for 2015-2022, oldest year first", async () => {
    const rows = await countryIndicatorSeries(client(), 'BRA', GDP, { from: 2015, to: 2022 });
    expect(server.requests[0]).toContain('date=2015%3A2022');
    expect(rows.map((r) => [r.year, r.value])).toEqual([
      [2015, 1802212206904.68],
      [2016, 1795693482652.52],
      [2017, 2063514977334.32],
      [2018, 1916933898038.36],
      [2019, 1873288205186.45],
      [2020, 1476107231194.11],
      [2021, 1649622821885.14],
      [2022, 1920095779022.73],
    ]);
  });

  it('keeps years without data as null values', async () => {
    const rows = await countryIndicatorSeries(client(), 'BRA', GDP, { from: 1987, to: 1990 });
    expect(rows.map((r) => r.value === null)).toEqual([true, true, false, false]);
  });

  it('rejects a reversed year range', async () => {
    await expect(
      countryIndicatorSeries(client(), 'BRA', GDP, { from: 2022, to: 2015 }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('indicatorForCountries', () => {
  it("gives each economy's latest non-null value in the order asked, skipping the null 2023 rows", async () => {
    const values = await indicatorForCountries(client(), GDP, ['IND', 'BRA', 'DEU', 'CHN']);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toContain('/country/IND;BRA;DEU;CHN/indicator/NY.GDP.MKTP.CD?');
    expect(values).toEqual([
      {
        countryCode: 'IND',
        countryName: 'India',
        indicatorCode: GDP,
        indicatorName: GDP_NAME,
        year: 2022,
        value: 3416645826052.87,
        unit: '',
      },
      {
        countryCode: 'BRA',
        countryName: 'Brazil',
        indicatorCode: GDP,
        indicatorName: GDP_NAME,
        year: 2022,
        value: 1920095779022.73,
        unit: '',
      },
      {
        countryCode: 'DEU',
        countryName: 'Germany',
        indicatorCode: GDP,
        indicatorName: GDP_NAME,
        year: 2022,
        value: 4082469490797.68,
        unit: '',
      },
      {
        countryCode: 'CHN',
        countryName: 'China',
        indicatorCode: GDP,
        indicatorName: GDP_NAME,
        year: 2022,
        value: 17963171479205.3,
        unit: '',
      },
    ]);
  });

  it("gives the requested year's value, null where there is none", async () => {
    const values = await indicatorForCountries(client(), GDP, ['BRA', 'CHN', 'USA'], { year: 2023 });
    expect(values.map((v) => [v.countryCode, v.year, v.value])).toEqual([
      ['BRA', 2023, null],
      ['CHN', 2023, null],
      ['USA', 2023, 27811517000000], // 2026-07-13 vintage
    ]);
  });

  it('accepts ISO2 codes and keeps their order', async () => {
    const values = await indicatorForCountries(client(), 'SP.POP.TOTL', ['US', 'CN'], { year: 2015 });
    expect(values.map((v) => [v.countryCode, v.value])).toEqual([
      ['USA', 320738994], // 2023-06-29 vintage
      ['CHN', 1379860000],
    ]);
  });

  it('fails with upstream_failed for an unknown country', async () => {
    await expect(indicatorForCountries(client(), GDP, ['BRA', 'XXX'])).rejects.toMatchObject({
      code: 'upstream_failed',
      details: { apiErrors: [{ id: '120', key: 'Invalid value' }] },
    });
  });
});

describe('enrichCountry', () => {
  it('gives Brazil the latest value, year and name of each indicator', async () => {
    const profile = await enrichCountry(client(), 'BRA', [GDP, 'NY.GDP.PCAP.CD', 'SP.POP.TOTL']);
    expect(server.requests).toHaveLength(3);
    expect(profile).toEqual({
      countryCode: 'BRA',
      countryName: 'Brazil',
      indicators: [
        {
          countryCode: 'BRA',
          countryName: 'Brazil',
          indicatorCode: GDP,
          indicatorName: GDP_NAME,
          year: 2022,
          value: 1920095779022.73,
          unit: '',
        },
        {
          countryCode: 'BRA',
          countryName: 'Brazil',
          indicatorCode: 'NY.GDP.PCAP.CD',
          indicatorName: 'GDP per capita (current US$)',
          year: 2022,
          value: 8917.67491057495,
          unit: '',
        },
        {
          countryCode: 'BRA',
          countryName: 'Brazil',
          indicatorCode: 'SP.POP.TOTL',
          indicatorName: 'Population, total',
          year: 2022,
          value: 215313498,
          unit: '',
        },
      ],
    });
  });

  it('refuses an empty indicator list', async () => {
    await expect(enrichCountry(client(), 'BRA', [])).rejects.toMatchObject({ code: 'invalid_input' });
    expect(server.requests).toEqual([]);
  });

  it('fails with upstream_failed when one indicator is unknown', async () => {
    await expect(enrichCountry(client(), 'BRA', [GDP, 'INVALID.INDICATOR.ID'])).rejects.toMatchObject({
      code: 'upstream_failed',
      message: expect.stringContaining('indicator INVALID.INDICATOR.ID for country BRA') as unknown,
    });
  });
});

describe('comparativeDataset', () => {
  it('sorts the 2020 population of five countries from largest to smallest', async () => {
    const rows = await comparativeDataset(client(), 'SP.POP.TOTL', ['BRA', 'CHN', 'DEU', 'IND', 'USA'], {
      year: 2020,
    });
    expect(rows.map((r) => [r.countryCode, r.countryName, r.year, r.value])).toEqual([
      ['CHN', 'China', 2020, 1411100000],
      ['IND', 'India', 2020, 1396387127],
      ['USA', 'United States', 2020, 331511512],
      ['BRA', 'Brazil', 2020, 213196304],
      ['DEU', 'Germany', 2020, 83160871],
    ]);
    expect(rows.every((r) => r.indicatorName === 'Population, total' && r.unit === '')).toBe(true);
  });

  it('puts economies without a value last, by code', async () => {
    const rows = await comparativeDataset(client(), GDP, ['IND', 'USA', 'DEU', 'BRA'], { year: 2023 });
    expect(rows.map((r) => [r.countryCode, r.value])).toEqual([
      ['USA', 27811517000000],
      ['BRA', null],
      ['DEU', null],
      ['IND', null],
    ]);
  });

  it('uses each economy’s latest value when no year is given', async () => {
    const rows = await comparativeDataset(client(), GDP, ['BRA', 'FRA', 'IND']);
    expect(rows.map((r) => [r.countryCode, r.year, r.value])).toEqual([
      ['IND', 2022, 3416645826052.87],
      ['FRA', 2022, 2779092236505.85],
      ['BRA', 2022, 1920095779022.73],
    ]);
  });
});
