/** A code with its label as the API nests them in a country, e.g. a region or an income level. */
export interface WorldBankCodeValue {
  readonly id: string;
  readonly iso2Code: string;
  readonly value: string;
}

/** One economy (a country or an aggregate such as a region) from `/country`. */
export interface WorldBankCountry {
  /** ISO 3166-1 alpha-3 code, or the World Bank's code for an aggregate (`EAS`, `WLD`). */
  readonly id: string;
  readonly iso2Code: string;
  readonly name: string;
  /** The region; for aggregates `value` is `Aggregates`. */
  readonly region: WorldBankCodeValue;
  readonly adminRegion: WorldBankCodeValue;
  readonly incomeLevel: WorldBankCodeValue;
  readonly lendingType: WorldBankCodeValue;
  /** Empty for aggregates. */
  readonly capitalCity: string;
  /** Null when the API gives none (aggregates). */
  readonly longitude: number | null;
  readonly latitude: number | null;
  /** True for regions, income groups and other aggregates rather than countries. */
  readonly isAggregate: boolean;
}

/** A labelled id such as an indicator's source or topic. */
export interface WorldBankIdValue {
  readonly id: string;
  readonly value: string;
}

/** Metadata of one indicator from `/indicator`. */
export interface WorldBankIndicator {
  /** The indicator code, e.g. `NY.GDP.MKTP.CD`. */
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  readonly source: WorldBankIdValue;
  readonly sourceNote: string;
  readonly sourceOrganization: string;
  readonly topics: readonly WorldBankIdValue[];
}

/** One observation: an indicator's value for one economy and one year. */
export interface WorldBankObservation {
  /** ISO3 code from `countryiso3code`, or the API's `country.id` when that is empty (some aggregates). */
  readonly countryCode: string;
  /** The API's `country.id` (ISO2 for countries, a code such as `1A` for aggregates). */
  readonly countryId: string;
  readonly countryName: string;
  readonly indicatorCode: string;
  readonly indicatorName: string;
  /** The year, from the leading four digits of the API's `date`. */
  readonly year: number;
  /** The value; `null` where the API has no data for that year. */
  readonly value: number | null;
  /** Often empty. */
  readonly unit: string;
  readonly obsStatus: string;
  /** Number of decimals the World Bank suggests for display; null when absent. */
  readonly decimal: number | null;
  /** The `lastupdated` date of the source, from the response's pagination header, when present. */
  readonly lastUpdated?: string;
}

/** Filters for {@link WorldBankClient.countries}; each is a World Bank code such as `EAS`, `HIC`, `IDX`. */
export interface WorldBankCountryFilter {
  readonly region?: string;
  readonly incomeLevel?: string;
  readonly lendingType?: string;
}

/** Options for {@link WorldBankClient.indicators}. */
export interface WorldBankIndicatorQuery {
  /** Keep only indicators whose name contains this text (case-insensitive). */
  readonly search?: string;
  /** List the indicators of this topic id instead of all indicators. */
  readonly topic?: string | number;
}

/** An inclusive range of years. */
export interface WorldBankYearRange {
  readonly from: number;
  readonly to: number;
}

/** What {@link WorldBankClient.indicatorValues} fetches. */
export interface WorldBankValuesQuery {
  /** ISO3 or ISO2 codes, or `all`. */
  readonly countries: readonly string[];
  /** Indicator codes; more than one requires `source`. */
  readonly indicators: readonly string[];
  /** One year or an inclusive range (`date=` in the API). */
  readonly years?: WorldBankYearRange | number;
  /** Most recent N years per economy, nulls included. */
  readonly mrv?: number;
  /** Most recent N non-null values per economy. */
  readonly mrnev?: number;
  /** The World Bank source id, e.g. 2 for the World Development Indicators. */
  readonly source?: number;
}

/** The World Bank Indicators API v2 as typed methods; every method reads all pages. */
export interface WorldBankClient {
  /** Lists economies (countries and aggregates), optionally filtered. */
  countries(filter?: WorldBankCountryFilter): Promise<readonly WorldBankCountry[]>;
  /** Lists indicator metadata, optionally of one topic and filtered by name. */
  indicators(query?: WorldBankIndicatorQuery): Promise<readonly WorldBankIndicator[]>;
  /** Reads one indicator's metadata. */
  indicator(id: string): Promise<WorldBankIndicator>;
  /** Reads observations for some economies and indicators. */
  indicatorValues(query: WorldBankValuesQuery): Promise<readonly WorldBankObservation[]>;
  /** Reads every page of any v2 endpoint (e.g. `lendingType`) as raw rows, for endpoints without a typed method. */
  listRaw(path: string, query?: Readonly<Record<string, string | number>>): Promise<WorldBankRawList>;
}

/** The rows of every page of one listing, untyped, with the source's last update date. */
export interface WorldBankRawList {
  readonly rows: readonly unknown[];
  /** `lastupdated` from the first page's header, or null. */
  readonly lastUpdated: string | null;
  /** `total` from the first page's header. */
  readonly total: number;
}
