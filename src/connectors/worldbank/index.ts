export {
  parseYears,
  WORLDBANK_CONNECTOR,
  type WorldBankPull,
  worldBankProductSpec,
  worldBankPullScope,
} from './worldbank-pull.ts';
export {
  createWorldBankClient,
  WORLDBANK_DEFAULT_BASE_URL,
  type WorldBankClientOptions,
} from './worldbank-client.ts';
export type { WorldBankApiError } from './worldbank-envelope.ts';
export {
  comparativeDataset,
  countryIndicatorSeries,
  enrichCountry,
  indicatorForCountries,
  type WorldBankCountryProfile,
  type WorldBankIndicatorValue,
  type WorldBankYearOption,
} from './worldbank-operations.ts';
export {
  toWorldBankIndicatorRow,
  WORLDBANK_INDICATORS_PRODUCT_ID,
  WORLDBANK_UPSTREAM,
  type WorldBankIndicatorRow,
  type WorldBankIndicatorRowsQuery,
  worldBankIndicatorRows,
} from './worldbank-product.ts';
export type { WorldBankCacheOptions } from './worldbank-response-cache.ts';
export type { WorldBankLogger } from './worldbank-logger.ts';
export type { WorldBankFetch } from './worldbank-transport.ts';
export type {
  WorldBankClient,
  WorldBankCodeValue,
  WorldBankCountry,
  WorldBankCountryFilter,
  WorldBankIdValue,
  WorldBankIndicator,
  WorldBankIndicatorQuery,
  WorldBankObservation,
  WorldBankRawList,
  WorldBankValuesQuery,
  WorldBankYearRange,
} from './worldbank-types.ts';
