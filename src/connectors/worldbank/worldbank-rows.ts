import { unexpectedResponse, type WorldBankRequestContext } from './worldbank-envelope.ts';
import type {
  WorldBankCodeValue,
  WorldBankCountry,
  WorldBankIdValue,
  WorldBankIndicator,
  WorldBankObservation,
} from './worldbank-types.ts';

type Json = Record<string, unknown>;

/** Reads the fields of one response row, naming the row and field when one is missing or mistyped. */
class RowReader {
  readonly #ctx: WorldBankRequestContext;
  readonly #where: string;

  constructor(ctx: WorldBankRequestContext, index: number) {
    this.#ctx = ctx;
    this.#where = `row ${index}`;
  }

  fail(problem: string): never {
    throw unexpectedResponse(this.#ctx, `${this.#where}: ${problem}`);
  }

  object(value: unknown, field: string): Json {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    return this.fail(`"${field}" should be an object, got ${JSON.stringify(value)}`);
  }

  /** A string field; labels are trimmed because the API pads some (`"Latin America & Caribbean "`). */
  string(obj: Json, key: string, field = key): string {
    const value = obj[key];
    if (typeof value === 'string') return value.trim();
    return this.fail(`"${field}" should be a string, got ${JSON.stringify(value)}`);
  }

  /** A string field that some vintages leave out; absent or null reads as empty. */
  optionalString(obj: Json, key: string): string {
    const value = obj[key];
    return value === undefined || value === null ? '' : this.string(obj, key);
  }

  /** A number the API may send as a number or a numeric string; null, absent or empty reads as null. */
  nullableNumber(obj: Json, key: string): number | null {
    const value = obj[key];
    if (value === null || value === undefined || value === '') return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    return this.fail(`"${key}" should be a number or null, got ${JSON.stringify(value)}`);
  }

  codeValue(obj: Json, key: string): WorldBankCodeValue {
    const nested = obj[key] === undefined ? { id: '', iso2code: '', value: '' } : this.object(obj[key], key);
    return {
      id: this.string(nested, 'id', `${key}.id`),
      iso2Code: this.optionalString(nested, 'iso2code'),
      value: this.string(nested, 'value', `${key}.value`),
    };
  }

  idValue(value: unknown, field: string): WorldBankIdValue {
    const obj = this.object(value, field);
    return { id: this.string(obj, 'id', `${field}.id`), value: this.string(obj, 'value', `${field}.value`) };
  }
}

/**
 * Maps one `/country` row to a {@link WorldBankCountry}.
 * @throws MeshError `upstream_failed` naming the row and field when the row is malformed.
 */
export function toWorldBankCountry(
  row: unknown,
  index: number,
  ctx: WorldBankRequestContext,
): WorldBankCountry {
  const r = new RowReader(ctx, index);
  const obj = r.object(row, 'country');
  const region = r.codeValue(obj, 'region');
  return {
    id: r.string(obj, 'id'),
    iso2Code: r.string(obj, 'iso2Code'),
    name: r.string(obj, 'name'),
    region,
    adminRegion: r.codeValue(obj, 'adminregion'),
    incomeLevel: r.codeValue(obj, 'incomeLevel'),
    lendingType: r.codeValue(obj, 'lendingType'),
    capitalCity: r.optionalString(obj, 'capitalCity'),
    longitude: r.nullableNumber(obj, 'longitude'),
    latitude: r.nullableNumber(obj, 'latitude'),
    isAggregate: region.value === 'Aggregates',
  };
}

/**
 * Maps one `/indicator` row to a {@link WorldBankIndicator}.
 * @throws MeshError `upstream_failed` naming the row and field when the row is malformed.
 */
export function toWorldBankIndicator(
  row: unknown,
  index: number,
  ctx: WorldBankRequestContext,
): WorldBankIndicator {
  const r = new RowReader(ctx, index);
  const obj = r.object(row, 'indicator');
  const topics = obj.topics ?? [];
  if (!Array.isArray(topics)) r.fail(`"topics" should be a list, got ${JSON.stringify(topics)}`);
  return {
    id: r.string(obj, 'id'),
    name: r.string(obj, 'name'),
    unit: r.optionalString(obj, 'unit'),
    source: obj.source === undefined ? { id: '', value: '' } : r.idValue(obj.source, 'source'),
    sourceNote: r.optionalString(obj, 'sourceNote'),
    sourceOrganization: r.optionalString(obj, 'sourceOrganization'),
    topics: (topics as unknown[]).map((t, i) => r.idValue(t, `topics[${i}]`)),
  };
}

/**
 * Maps one observation row of `/country/{codes}/indicator/{codes}` to a {@link WorldBankObservation}.
 * @throws MeshError `upstream_failed` naming the row and field when the row is malformed.
 */
export function toWorldBankObservation(
  row: unknown,
  index: number,
  lastUpdated: string | null,
  ctx: WorldBankRequestContext,
): WorldBankObservation {
  const r = new RowReader(ctx, index);
  const obj = r.object(row, 'observation');
  const indicator = r.idValue(obj.indicator, 'indicator');
  const country = r.idValue(obj.country, 'country');
  const iso3 = r.optionalString(obj, 'countryiso3code');
  const date = r.string(obj, 'date');
  // Yearly data has dates like "2019"; other frequencies ("2019Q1", "2019M01") still start with the year.
  const year = /^\d{4}/.test(date)
    ? Number.parseInt(date.slice(0, 4), 10)
    : r.fail(`"date" ${JSON.stringify(date)} has no year`);
  const observation: WorldBankObservation = {
    countryCode: iso3 === '' ? country.id : iso3,
    countryId: country.id,
    countryName: country.value,
    indicatorCode: indicator.id,
    indicatorName: indicator.value,
    year,
    value: r.nullableNumber(obj, 'value'),
    unit: r.optionalString(obj, 'unit'),
    obsStatus: r.optionalString(obj, 'obs_status'),
    decimal: r.nullableNumber(obj, 'decimal'),
  };
  return lastUpdated === null ? observation : { ...observation, lastUpdated };
}
