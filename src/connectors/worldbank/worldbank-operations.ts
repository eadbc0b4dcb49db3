import { MeshError } from '../../core/errors.ts';
import type { WorldBankClient, WorldBankObservation, WorldBankYearRange } from './worldbank-types.ts';

/** One economy's value of one indicator, with the year it belongs to (null when there is no value at all). */
export interface WorldBankIndicatorValue {
  readonly countryCode: string;
  readonly countryName: string;
  readonly indicatorCode: string;
  readonly indicatorName: string;
  readonly year: number | null;
  readonly value: number | null;
  readonly unit: string;
}

/** Several indicators' latest values for one economy. */
export interface WorldBankCountryProfile {
  readonly countryCode: string;
  readonly countryName: string;
  /** One entry per requested indicator, in request order. */
  readonly indicators: readonly WorldBankIndicatorValue[];
}

/** Options of {@link indicatorForCountries} and {@link comparativeDataset}. */
export interface WorldBankYearOption {
  /** Take this year's value (possibly null) instead of each economy's latest non-null value. */
  readonly year?: number;
}

function toValue(
  row: WorldBankObservation,
  year: number | null,
  value: number | null,
): WorldBankIndicatorValue {
  return {
    countryCode: row.countryCode,
    countryName: row.countryName,
    indicatorCode: row.indicatorCode,
    indicatorName: row.indicatorName,
    year,
    value,
    unit: row.unit,
  };
}

/** Picks the newest observation that has a value, or undefined when every value is null. */
function latestNonNull(rows: readonly WorldBankObservation[]): WorldBankObservation | undefined {
  let best: WorldBankObservation | undefined;
  for (const row of rows) if (row.value !== null && (best === undefined || row.year > best.year)) best = row;
  return best;
}

/** Reduces one economy's observations to a single value: the given year's, or the latest non-null one. */
function pick(
  rows: readonly WorldBankObservation[],
  year: number | undefined,
): WorldBankIndicatorValue | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  if (year !== undefined) {
    const row = rows.find((r) => r.year === year);
    return toValue(row ?? first, year, row?.value ?? null);
  }
  const latest = latestNonNull(rows);
  return latest === undefined ? toValue(first, null, null) : toValue(latest, latest.year, latest.value);
}

/**
 * Reads one economy's values of one indicator for a range of years, oldest year first.
 * @throws MeshError `invalid_input` for bad codes or years, `upstream_failed` when the API fails.
 * @example await countryIndicatorSeries(wb, 'BRA', 'NY.GDP.MKTP.CD', { from: 2015, to: 2022 })
 */
export async function countryIndicatorSeries(
  client: WorldBankClient,
  country: string,
  indicator: string,
  years: WorldBankYearRange,
): Promise<readonly WorldBankObservation[]> {
  const rows = await client.indicatorValues({ countries: [country], indicators: [indicator], years });
  return [...rows].sort((a, b) => a.year - b.year);
}

/**
 * Reads one indicator for several economies in one request: each economy's latest non-null value, or the value
 * of `options.year`; results follow the order of `countries`.
 * @throws MeshError `invalid_input` for bad codes or year, `upstream_failed` when the API fails.
 */
export async function indicatorForCountries(
  client: WorldBankClient,
  indicator: string,
  countries: readonly string[],
  options: WorldBankYearOption = {},
): Promise<readonly WorldBankIndicatorValue[]> {
  const rows = await client.indicatorValues({
    countries,
    indicators: [indicator],
    ...(options.year === undefined ? {} : { years: options.year }),
  });
  const byEconomy = new Map<string, WorldBankObservation[]>();
  for (const row of rows) byEconomy.set(row.countryCode, [...(byEconomy.get(row.countryCode) ?? []), row]);
  // Callers may use ISO2 or ISO3 codes; rank each economy by the position of whichever code they used.
  const wanted = countries.map((c) => c.toUpperCase());
  const rank = (r: WorldBankObservation): number => {
    const i = wanted.findIndex((c) => c === r.countryCode || c === r.countryId);
    return i === -1 ? wanted.length : i;
  };
  const values: { rank: number; value: WorldBankIndicatorValue }[] = [];
  for (const group of byEconomy.values()) {
    const value = pick(group, options.year);
    if (value !== undefined && group[0] !== undefined) values.push({ rank: rank(group[0]), value });
  }
  return values.sort((a, b) => a.rank - b.rank).map((v) => v.value);
}

/**
 * Enriches one economy with several indicators: for each, its latest non-null value, that value's year and the
 * indicator's name (one request per indicator, run in parallel within the client's concurrency limit).
 * @throws MeshError `invalid_input` when no indicator is given or a code is bad, `upstream_failed` when the API fails.
 */
export async function enrichCountry(
  client: WorldBankClient,
  country: string,
  indicators: readonly string[],
): Promise<WorldBankCountryProfile> {
  if (indicators.length === 0) {
    throw new MeshError(
      'invalid_input',
      `enriching ${country} needs at least one indicator code, e.g. SP.POP.TOTL`,
      {
        details: { field: 'indicators' },
      },
    );
  }
  const series = await Promise.all(
    indicators.map((indicator) => client.indicatorValues({ countries: [country], indicators: [indicator] })),
  );
  const values = series.map((rows, i): WorldBankIndicatorValue => {
    // The API answers every valid pair with rows (nulls included); an empty answer keeps the slot, unnamed.
    const picked = pick(rows, undefined);
    const indicatorCode = indicators[i] ?? '';
    return (
      picked ?? {
        countryCode: country,
        countryName: '',
        indicatorCode,
        indicatorName: '',
        year: null,
        value: null,
        unit: '',
      }
    );
  });
  const named = values.find((v) => v.countryName !== '');
  return {
    countryCode: named?.countryCode ?? country,
    countryName: named?.countryName ?? '',
    indicators: values,
  };
}

/**
 * Builds a comparison of one indicator across economies: each economy's latest non-null value (or the given
 * year's), sorted by value from highest to lowest, economies without a value last.
 * @throws MeshError `invalid_input` for bad codes or year, `upstream_failed` when the API fails.
 */
export async function comparativeDataset(
  client: WorldBankClient,
  indicator: string,
  countries: readonly string[],
  options: WorldBankYearOption = {},
): Promise<readonly WorldBankIndicatorValue[]> {
  const values = await indicatorForCountries(client, indicator, countries, options);
  return [...values].sort((a, b) => {
    if (a.value === b.value) return a.countryCode.localeCompare(b.countryCode);
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    return b.value - a.value;
  });
}
