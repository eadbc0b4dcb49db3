import { MeshError } from '../../core/errors.ts';
import type { WorldBankClient, WorldBankObservation, WorldBankYearRange } from './worldbank-types.ts';

/** The id of the data product the World Bank rows are stored in (spec: `examples/worldbank/product.yaml`). */
export const WORLDBANK_INDICATORS_PRODUCT_ID = 'external.worldbank_indicators';

/** The lineage id of the external source those rows come from. */
export const WORLDBANK_UPSTREAM = 'worldbank:api.worldbank.org/v2';

/** One record of `external.worldbank_indicators`; the key is (country_code, indicator_code, year). */
export interface WorldBankIndicatorRow {
  /** ISO3 code (or the API's own code for an aggregate without one). */
  readonly country_code: string;
  readonly country_name: string;
  readonly indicator_code: string;
  readonly indicator_name: string;
  readonly year: number;
  /** Null where the World Bank has no value for that year. */
  readonly value: number | null;
  /**
   * The API's `unit` when it gives one, else the unit the indicator's name ends with in parentheses (WDI's own
   * convention: "GDP (current US$)" → `current US$`); empty when neither says (e.g. "Population, total").
   */
  readonly unit: string;
  /** The source's last update (`YYYY-MM-DD`), or null when the API did not say. */
  readonly source_updated: string | null;
}

/** What {@link worldBankIndicatorRows} reads. */
export interface WorldBankIndicatorRowsQuery {
  readonly indicators: readonly string[];
  /** ISO3 or ISO2 codes. */
  readonly countries: readonly string[];
  readonly years: WorldBankYearRange | number;
}

/**
 * The unit of an observation: the API's `unit` field when not empty (it is empty in every recorded response), else
 * the parenthesised tail of the indicator name, which is where the World Bank writes it.
 */
export function worldBankUnit(unit: string, indicatorName: string): string {
  if (unit.trim() !== '') return unit.trim();
  return indicatorName.match(/\(([^()]+)\)\s*$/)?.[1]?.trim() ?? '';
}

/** Converts one observation to a product record, keeping only a `YYYY-MM-DD` update date. */
export function toWorldBankIndicatorRow(observation: WorldBankObservation): WorldBankIndicatorRow {
  const updated = observation.lastUpdated?.match(/^\d{4}-\d{2}-\d{2}/)?.[0] ?? null;
  return {
    country_code: observation.countryCode,
    country_name: observation.countryName,
    indicator_code: observation.indicatorCode,
    indicator_name: observation.indicatorName,
    year: observation.year,
    value: observation.value,
    unit: worldBankUnit(observation.unit, observation.indicatorName),
    source_updated: updated,
  };
}

/**
 * Reads the records of `external.worldbank_indicators` for some indicators, economies and years: one request per
 * indicator (so no `source` is needed), duplicates of the key dropped, sorted by indicator (as given), country
 * and year.
 * @throws MeshError `invalid_input` for empty lists, bad codes or years; `upstream_failed` when the API fails.
 * @example await worldBankIndicatorRows(wb, { indicators: ['SP.POP.TOTL'], countries: ['BRA', 'IND'], years: { from: 2015, to: 2022 } })
 */
export async function worldBankIndicatorRows(
  client: WorldBankClient,
  query: WorldBankIndicatorRowsQuery,
): Promise<readonly WorldBankIndicatorRow[]> {
  if (query.indicators.length === 0) {
    throw new MeshError(
      'invalid_input',
      'World Bank rows need at least one indicator code, e.g. NY.GDP.MKTP.CD',
      {
        details: { field: 'indicators' },
      },
    );
  }
  const perIndicator = await Promise.all(
    query.indicators.map((indicator) =>
      client.indicatorValues({ countries: query.countries, indicators: [indicator], years: query.years }),
    ),
  );
  const seen = new Set<string>();
  const rows: { order: number; row: WorldBankIndicatorRow }[] = [];
  perIndicator.forEach((observations, order) => {
    for (const observation of observations) {
      const row = toWorldBankIndicatorRow(observation);
      const key = `${row.country_code}\u0000${row.indicator_code}\u0000${row.year}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ order, row });
    }
  });
  rows.sort(
    (a, b) =>
      a.order - b.order || a.row.country_code.localeCompare(b.row.country_code) || a.row.year - b.row.year,
  );
  return rows.map((r) => r.row);
}
