import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../../../test/support/worldbank-replay-server.ts';
import { parseProductSpec } from '../../core/parse-product-spec.ts';
import type { Field } from '../../core/schema.ts';
import { createWorldBankClient } from './worldbank-client.ts';
import {
  toWorldBankIndicatorRow,
  WORLDBANK_INDICATORS_PRODUCT_ID,
  WORLDBANK_UPSTREAM,
  type WorldBankIndicatorRow,
  worldBankIndicatorRows,
} from './worldbank-product.ts';

let server: WorldBankReplayServer;
beforeAll(async () => {
  server = await startWorldBankReplayServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const client = () => createWorldBankClient({ baseUrl: server.url, retries: 0 });
const spec = parseProductSpec(
  YAML.parse(readFileSync(new URL('../../../examples/worldbank/product.yaml', import.meta.url), 'utf8')),
);

/** Lists how a row breaks the spec's field rules (types, required, pattern, bounds); empty when it conforms. */
function problems(row: WorldBankIndicatorRow, fields: readonly Field[]): string[] {
  const out: string[] = [];
  for (const field of fields) {
    const value: unknown = row[field.name as keyof WorldBankIndicatorRow];
    if (value === null) {
      if (field.required) out.push(`${field.name} is required`);
      continue;
    }
    const typeOk = {
      string: typeof value === 'string',
      integer: Number.isInteger(value),
      number: typeof value === 'number' && Number.isFinite(value),
      boolean: typeof value === 'boolean',
      date: typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value),
      timestamp: typeof value === 'string',
    }[field.type];
    if (!typeOk) out.push(`${field.name} is not a ${field.type}`);
    if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(String(value))) {
      out.push(`${field.name} does not match ${field.pattern}`);
    }
    if (field.minimum !== undefined && Number(value) < field.minimum) out.push(`${field.name} below minimum`);
    if (field.maximum !== undefined && Number(value) > field.maximum) out.push(`${field.name} above maximum`);
    if (field.minLength !== undefined && String(value).length < field.minLength)
      out.push(`${field.name} too short`);
  }
  return out;
}

describe('examples/worldbank/product.yaml', () => {
  it('parses as a product spec for external.worldbank_indicators with the World Bank as upstream', () => {
    expect(spec.id).toBe(WORLDBANK_INDICATORS_PRODUCT_ID);
    expect(spec.domain).toBe('external');
    expect(spec.upstream).toEqual([WORLDBANK_UPSTREAM]);
    expect(spec.schema.primaryKey).toEqual(['country_code', 'indicator_code', 'year']);
    expect(spec.schema.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['country_code', 'string', true],
      ['country_name', 'string', true],
      ['indicator_code', 'string', true],
      ['indicator_name', 'string', true],
      ['year', 'integer', true],
      ['value', 'number', false],
      ['unit', 'string', true],
      ['source_updated', 'date', false],
    ]);
  });
});

describe('worldBankIndicatorRows', () => {
  it('reads two indicators for two countries, one request per indicator, sorted by indicator, country and year', async () => {
    const rows = await worldBankIndicatorRows(client(), {
      indicators: ['SP.POP.TOTL', 'NY.GDP.MKTP.CD'],
      countries: ['IND', 'BRA'],
      years: { from: 2021, to: 2022 },
    });
    expect(server.requests).toHaveLength(2);
    expect(rows.map((r) => [r.indicator_code, r.country_code, r.year, r.value])).toEqual([
      ['SP.POP.TOTL', 'BRA', 2021, 214326223],
      ['SP.POP.TOTL', 'BRA', 2022, 215313498],
      ['SP.POP.TOTL', 'IND', 2021, 1407563842],
      ['SP.POP.TOTL', 'IND', 2022, 1417173173],
      ['NY.GDP.MKTP.CD', 'BRA', 2021, 1649622821885.14],
      ['NY.GDP.MKTP.CD', 'BRA', 2022, 1920095779022.73],
      ['NY.GDP.MKTP.CD', 'IND', 2021, 3150306839142.13],
      ['NY.GDP.MKTP.CD', 'IND', 2022, 3416645826052.87],
    ]);
    expect(rows[0]).toEqual({
      country_code: 'BRA',
      country_name: 'Brazil',
      indicator_code: 'SP.POP.TOTL',
      indicator_name: 'Population, total',
      year: 2021,
      value: 214326223,
      unit: '',
      source_updated: '2024-03-28',
    });
  });

  it('produces rows that carry exactly the spec fields and satisfy their rules, null values included', async () => {
    const rows = await worldBankIndicatorRows(client(), {
      indicators: ['NY.GDP.MKTP.CD'],
      countries: ['BRA', 'USA', 'ARB'],
      years: { from: 2019, to: 2023 },
    });
    expect(rows.some((r) => r.value === null)).toBe(true);
    expect(rows.find((r) => r.country_code === 'ARB')).toMatchObject({
      country_name: 'Arab World',
      year: 2019,
    });
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(spec.schema.fields.map((f) => f.name));
      expect(problems(row, spec.schema.fields)).toEqual([]);
    }
  });

  it('drops a second row for the same key when a country is asked for twice', async () => {
    const rows = await worldBankIndicatorRows(client(), {
      indicators: ['SP.POP.TOTL'],
      countries: ['DEU', 'DE'],
      years: 2022,
    });
    expect(rows).toEqual([expect.objectContaining({ country_code: 'DEU', year: 2022, value: 83797985 })]);
  });

  it('refuses an empty indicator list and passes on invalid input from the client', async () => {
    const noIndicators = worldBankIndicatorRows(client(), {
      indicators: [],
      countries: ['BRA'],
      years: 2020,
    });
    await expect(noIndicators).rejects.toMatchObject({ code: 'invalid_input' });
    const noCountries = worldBankIndicatorRows(client(), {
      indicators: ['SP.POP.TOTL'],
      countries: [],
      years: 2020,
    });
    await expect(noCountries).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('fails with upstream_failed when the API rejects an indicator', async () => {
    const call = worldBankIndicatorRows(client(), {
      indicators: ['INVALID.INDICATOR.ID'],
      countries: ['BRA'],
      years: 2020,
    });
    await expect(call).rejects.toMatchObject({ code: 'upstream_failed' });
  });
});

describe('toWorldBankIndicatorRow', () => {
  it('sets source_updated to null when the response had no lastupdated', () => {
    const row = toWorldBankIndicatorRow({
      countryCode: 'XD',
      countryId: 'XD',
      countryName: 'High income',
      indicatorCode: 'SP.POP.TOTL',
      indicatorName: 'Population, total',
      year: 2020,
      value: null,
      unit: '',
      obsStatus: '',
      decimal: 0,
    });
    expect(row).toMatchObject({ country_code: 'XD', value: null, source_updated: null });
  });
});
