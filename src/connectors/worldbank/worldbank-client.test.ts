import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../../../test/support/worldbank-replay-server.ts';
import { createWorldBankClient } from './worldbank-client.ts';

let server: WorldBankReplayServer;
beforeAll(async () => {
  server = await startWorldBankReplayServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setFault(undefined);
});

const client = (perPage = 1000) => createWorldBankClient({ baseUrl: server.url, perPage, retryBaseMs: 1 });

describe('indicatorValues', () => {
  it('follows pagination across seven pages and keeps every row, nulls included, in API order', async () => {
    const rows = await client(10).indicatorValues({ countries: ['BRA'], indicators: ['NY.GDP.MKTP.CD'] });
    expect(rows).toHaveLength(64);
    expect(server.requests).toHaveLength(7);
    expect(server.requests.map((r) => new URL(r, 'http://x').searchParams.get('page')).sort()).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    expect(rows.map((r) => r.year)).toEqual(Array.from({ length: 64 }, (_, i) => 2023 - i));
    expect(rows[0]).toEqual({
      countryCode: 'BRA',
      countryId: 'BR',
      countryName: 'Brazil',
      indicatorCode: 'NY.GDP.MKTP.CD',
      indicatorName: 'GDP (current US$)',
      year: 2023,
      value: null,
      unit: '',
      obsStatus: '',
      decimal: 0,
      lastUpdated: '2024-03-28',
    });
    expect(rows.find((r) => r.year === 2022)?.value).toBe(1920095779022.73);
    expect(rows.filter((r) => r.value === null)).toHaveLength(30);
  });

  it('adds format=json, per_page and page to every request', async () => {
    await client(25).indicatorValues({ countries: ['CHN'], indicators: ['SP.POP.TOTL'] });
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) {
      const params = new URL(request, 'http://x').searchParams;
      expect(params.get('format')).toBe('json');
      expect(params.get('per_page')).toBe('25');
    }
  });

  it('reads several countries and a year range, with ISO3 codes from countryiso3code', async () => {
    const rows = await client().indicatorValues({
      countries: ['JPN', 'USA'],
      indicators: ['NY.GDP.MKTP.CD'],
      years: { from: 2018, to: 2019 },
    });
    expect(server.requests[0]).toContain('/v2/country/JPN;USA/indicator/NY.GDP.MKTP.CD?');
    expect(server.requests[0]).toContain('date=2018%3A2019');
    expect(rows.map((r) => [r.countryCode, r.year, r.value])).toEqual([
      ['JPN', 2019, 5081769542379.77],
      ['JPN', 2018, 4954806619995.19],
      ['USA', 2019, 21539982000000],
      ['USA', 2018, 20656516000000],
    ]);
  });

  it('accepts an ISO2 code and maps the rows to the ISO3 code', async () => {
    const rows = await client().indicatorValues({
      countries: ['US'],
      indicators: ['NY.GNP.PCAP.CD'],
      years: 1997,
    });
    expect(rows).toEqual([
      expect.objectContaining({
        countryCode: 'USA',
        countryId: 'US',
        year: 1997,
        value: 31270,
        lastUpdated: '2020-07-01',
      }),
    ]);
  });

  it('reads several indicators at once when a source is given', async () => {
    const rows = await client().indicatorValues({
      countries: ['BRA', 'IND'],
      indicators: ['SP.POP.TOTL', 'NY.GDP.MKTP.CD'],
      years: 2021,
      source: 2,
    });
    expect(server.requests[0]).toContain('source=2');
    expect(rows.map((r) => [r.indicatorCode, r.countryCode, r.value])).toEqual([
      ['SP.POP.TOTL', 'BRA', 214326223],
      ['SP.POP.TOTL', 'IND', 1407563842],
      ['NY.GDP.MKTP.CD', 'BRA', 1649622821885.14],
      ['NY.GDP.MKTP.CD', 'IND', 3150306839142.13],
    ]);
  });

  it('passes mrv and mrnev through, so the latest non-null value can be asked for', async () => {
    const latest = await client().indicatorValues({
      countries: ['BRA'],
      indicators: ['NY.GDP.MKTP.CD'],
      mrnev: 1,
    });
    expect(latest.map((r) => [r.year, r.value])).toEqual([[2022, 1920095779022.73]]);
    const newest = await client().indicatorValues({
      countries: ['BRA'],
      indicators: ['NY.GDP.MKTP.CD'],
      mrv: 1,
    });
    expect(newest.map((r) => [r.year, r.value])).toEqual([[2023, null]]);
  });

  it('returns no rows when the API answers a query that matches nothing with a null row list', async () => {
    const rows = await client().indicatorValues({
      countries: ['BRA'],
      indicators: ['SP.POP.TOTL'],
      years: 1950,
    });
    expect(rows).toEqual([]);
  });

  it.each([
    [{ countries: ['BRA'], indicators: ['SP.POP.TOTL', 'NY.GDP.MKTP.CD'] }, 'source'],
    [{ countries: [], indicators: ['SP.POP.TOTL'] }, 'countries'],
    [{ countries: ['BRA'], indicators: [] }, 'indicators'],
    [{ countries: ['BR A'], indicators: ['SP.POP.TOTL'] }, 'countries'],
    [{ countries: ['BRA'], indicators: ['SP.POP.TOTL/x'] }, 'indicators'],
    [{ countries: ['BRA'], indicators: ['SP.POP.TOTL'], years: { from: 2020, to: 2010 } }, 'years'],
    [{ countries: ['BRA'], indicators: ['SP.POP.TOTL'], years: 20 }, 'years'],
    [{ countries: ['BRA'], indicators: ['SP.POP.TOTL'], mrv: 0 }, 'mrv'],
  ])('rejects %j before sending anything (field %s)', async (query, field) => {
    await expect(client().indicatorValues(query)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { field },
    });
    expect(server.requests).toEqual([]);
  });
});

describe('countries', () => {
  it('lists every economy, reading a per_page that the API sends as a string', async () => {
    const all = await client(100).countries();
    expect(all).toHaveLength(296);
    expect(server.requests).toHaveLength(3);
    expect(all.find((c) => c.id === 'JPN')).toEqual({
      id: 'JPN',
      iso2Code: 'JP',
      name: 'Japan',
      region: { id: 'EAS', iso2Code: 'Z4', value: 'East Asia & Pacific' },
      adminRegion: { id: '', iso2Code: '', value: '' },
      incomeLevel: { id: 'HIC', iso2Code: 'XD', value: 'High income' },
      lendingType: { id: 'LNX', iso2Code: 'XX', value: 'Not classified' },
      capitalCity: 'Tokyo',
      longitude: 139.77,
      latitude: 35.67,
      isAggregate: false,
    });
  });

  it('marks aggregates, which have no capital or coordinates, and trims padded labels', async () => {
    const all = await client().countries();
    const afe = all.find((c) => c.id === 'AFE');
    expect(afe).toMatchObject({ isAggregate: true, capitalCity: '', longitude: null, latitude: null });
    expect(afe?.region.value).toBe('Aggregates');
    expect(all.filter((c) => c.isAggregate)).toHaveLength(79);
    expect(all.find((c) => c.id === 'ABW')?.region.value).toBe('Latin America & Caribbean');
  });

  it('sends region, income level and lending type filters as the API names them', async () => {
    const rows = await client().countries({ region: 'EAS', incomeLevel: 'HIC', lendingType: 'LNX' });
    expect(server.requests[0]).toContain('region=EAS&incomelevel=HIC&lendingtype=LNX');
    expect(rows).toHaveLength(13);
    expect(rows.every((c) => c.region.id === 'EAS' && c.incomeLevel.id === 'HIC')).toBe(true);
  });
});

describe('indicators', () => {
  it('filters the indicator list by a case-insensitive part of the name', async () => {
    const found = await client().indicators({ search: 'POVERTY headcount' });
    expect(found.map((i) => i.id)).toEqual(['1.0.HCount.1.90usd', '1.0.HCount.2.5usd']);
    expect(await client().indicators({ search: 'nothing like this' })).toEqual([]);
  });

  it('lists the indicators of one topic', async () => {
    const found = await client().indicators({ topic: 1 });
    expect(server.requests[0]).toContain('/v2/topic/1/indicator?');
    expect(found.map((i) => i.name)).toEqual([
      'Agricultural machinery, tractors',
      'Fertilizer consumption (% of fertilizer production)',
    ]);
    expect(found[0]?.topics).toEqual([{ id: '1', value: 'Agriculture & Rural Development' }]);
  });

  it('reads one indicator by id', async () => {
    const indicator = await client().indicator('1.0.hcount.1.90usd');
    expect(indicator).toMatchObject({
      id: '1.0.HCount.1.90usd',
      name: 'Poverty Headcount ($1.90 a day)',
      source: { id: '37', value: 'LAC Equity Lab' },
      sourceOrganization: 'LAC Equity Lab tabulations of SEDLAC (CEDLAS and the World Bank).',
    });
  });
});

describe('listRaw', () => {
  it('pages through an endpoint whose pagination fields are all strings', async () => {
    const result = await client(2).listRaw('lendingTypes');
    expect(server.requests).toHaveLength(2);
    expect(result.total).toBe(4);
    expect(result.rows).toEqual([
      { id: 'IBD', iso2code: 'XF', value: 'IBRD' },
      { id: 'IDB', iso2code: 'XH', value: 'Blend' },
      { id: 'IDX', iso2code: 'XI', value: 'IDA' },
      { id: 'LNX', iso2code: 'XX', value: 'Not classified' },
    ]);
    expect((await client(10).listRaw('regions')).rows).toHaveLength(42);
  });

  it('rejects a path that is not a plain endpoint', async () => {
    await expect(client().listRaw('../etc')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(client().listRaw('')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('createWorldBankClient', () => {
  it.each([
    [{ perPage: 0 }, 'perPage'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ retries: -1 }, 'retries'],
    [{ timeoutMs: 1.5 }, 'timeoutMs'],
    [{ baseUrl: 'ftp://example.org' }, 'baseUrl'],
    [{ cache: { dir: '', ttlMs: 10 } }, 'cache'],
  ])('refuses the option %j', (options, field) => {
    expect(() => createWorldBankClient(options)).toThrow(
      expect.objectContaining({ code: 'invalid_input', details: expect.objectContaining({ field }) }),
    );
  });

  it('refuses a location carrying credentials without repeating them', () => {
    let message = '';
    try {
      createWorldBankClient({ baseUrl: 'https://svc:s3cret-pw@proxy.example/v2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('baseUrl must not carry credentials');
    expect(message).not.toContain('s3cret-pw');
    expect(() => createWorldBankClient({ baseUrl: 'https://proxy.example/v2?next=a@b' })).not.toThrow();
  });
});
