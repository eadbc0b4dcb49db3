import { MeshError } from '../../core/errors.ts';
import {
  parseWorldBankEnvelope,
  type WorldBankEnvelope,
  type WorldBankRequestContext,
} from './worldbank-envelope.ts';
import { createWorldBankResponseCache, type WorldBankCacheOptions } from './worldbank-response-cache.ts';
import { toWorldBankCountry, toWorldBankIndicator, toWorldBankObservation } from './worldbank-rows.ts';
import { SILENT_LOGGER, type WorldBankLogger } from './worldbank-logger.ts';
import {
  createWorldBankTransport,
  type WorldBankFetch,
  type WorldBankTransport,
} from './worldbank-transport.ts';
import type { WorldBankClient, WorldBankRawList, WorldBankValuesQuery } from './worldbank-types.ts';

/** Settings of {@link createWorldBankClient}; every one has a production default. */
export interface WorldBankClientOptions {
  /** API root; default `https://api.worldbank.org/v2`. */
  readonly baseUrl?: string;
  /** HTTP fetch; default the global `fetch`. */
  readonly fetch?: WorldBankFetch;
  /** Per-attempt time limit covering headers and body; default 15000. */
  readonly timeoutMs?: number;
  /** Extra attempts after HTTP 5xx/429, network errors and timeouts; default 3. */
  readonly retries?: number;
  /** First backoff delay in ms, doubled per retry, with jitter; default 500. */
  readonly retryBaseMs?: number;
  /** Largest backoff delay in ms; default 10000. */
  readonly retryMaxMs?: number;
  /** Source of jitter in [0, 1); default `Math.random`. */
  readonly random?: () => number;
  /** Most requests in flight at once; default 4. */
  readonly concurrency?: number;
  /** Rows asked for per page; default 1000. */
  readonly perPage?: number;
  /** Keep successful responses on disk for `ttlMs`; default off. */
  readonly cache?: WorldBankCacheOptions;
  /** The current time (used by the cache); default `() => new Date()`. */
  readonly clock?: () => Date;
  /** Structured logger; default silent. */
  readonly logger?: WorldBankLogger;
}

/** The public World Bank Indicators API root. */
export const WORLDBANK_DEFAULT_BASE_URL = 'https://api.worldbank.org/v2';

type Query = Readonly<Record<string, string | number>>;

/** One fetched page and the request it answered (row errors name that page's URL). */
interface FetchedPage {
  readonly envelope: WorldBankEnvelope;
  readonly ctx: WorldBankRequestContext;
}

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function invalid(field: string, value: unknown, fix: string): MeshError {
  return new MeshError('invalid_input', `World Bank ${field} ${JSON.stringify(value)} is invalid: ${fix}`, {
    details: { field, value },
  });
}

function positiveInt(field: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw invalid(field, value, `use a whole number of at least ${min}`);
  return value;
}

function code(field: string, value: unknown): string {
  if (typeof value !== 'string' || !CODE_PATTERN.test(value)) {
    throw invalid(
      field,
      value,
      'use a World Bank code such as BRA, EAS or NY.GDP.MKTP.CD (letters, digits, . _ -)',
    );
  }
  return value;
}

function codeList(field: string, values: readonly unknown[]): string {
  if (!Array.isArray(values) || values.length === 0) throw invalid(field, values, 'give at least one code');
  return values.map((v) => code(field, v)).join(';');
}

function year(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1000 || value > 9999) {
    throw invalid(field, value, 'use a four-digit year such as 2020');
  }
  return value;
}

/** Turns a one-year or year-range filter into the API's `date` parameter. */
function dateParam(years: WorldBankValuesQuery['years']): string | undefined {
  if (years === undefined) return undefined;
  if (typeof years === 'number') return String(year('years', years));
  const from = year('years.from', years.from);
  const to = year('years.to', years.to);
  if (from > to) throw invalid('years', years, `from (${from}) must not be after to (${to})`);
  return `${from}:${to}`;
}

/**
 * Creates a client for the World Bank Indicators API v2 that follows pagination, retries transient failures,
 * limits parallel requests and can cache responses on disk.
 * @throws MeshError `invalid_input` when an option is out of range.
 * @example
 * const wb = createWorldBankClient({ cache: { dir: '.cache/worldbank', ttlMs: 86_400_000 } });
 * const rows = await wb.indicatorValues({ countries: ['BRA'], indicators: ['NY.GDP.MKTP.CD'], years: { from: 2015, to: 2022 } });
 */
export function createWorldBankClient(options: WorldBankClientOptions = {}): WorldBankClient {
  const baseUrl = (options.baseUrl ?? WORLDBANK_DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw invalid('baseUrl', options.baseUrl, 'use an http(s) URL');
  // The location is stored with the product's pull settings and shown by its source status: no credentials in it.
  if (/^https?:\/\/[^/?#]*@/.test(baseUrl)) {
    throw new MeshError(
      'invalid_input',
      'baseUrl must not carry credentials (user:password@): the location is stored and shown with the source status; put a proxy that needs credentials in front of the API instead',
    );
  }
  const perPage = positiveInt('perPage', options.perPage, 1000);
  const logger = options.logger ?? SILENT_LOGGER;
  const clock = options.clock ?? (() => new Date());
  if (options.cache !== undefined && !(options.cache.ttlMs >= 0 && options.cache.dir !== '')) {
    throw invalid('cache', options.cache, 'give a non-empty dir and a ttlMs of 0 or more');
  }
  const transport: WorldBankTransport = createWorldBankTransport({
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    timeoutMs: positiveInt('timeoutMs', options.timeoutMs, 15_000),
    retries: positiveInt('retries', options.retries, 3, 0),
    retryBaseMs: positiveInt('retryBaseMs', options.retryBaseMs, 500, 0),
    retryMaxMs: positiveInt('retryMaxMs', options.retryMaxMs, 10_000, 0),
    random: options.random ?? Math.random,
    concurrency: positiveInt('concurrency', options.concurrency, 4),
    cache:
      options.cache === undefined ? undefined : createWorldBankResponseCache(options.cache, clock, logger),
    logger,
  });

  function urlFor(path: readonly string[], query: Query, page: number): string {
    const params = new URLSearchParams({ format: 'json' });
    for (const [key, value] of Object.entries(query)) params.set(key, String(value));
    params.set('per_page', String(perPage));
    params.set('page', String(page));
    // Semicolons separate codes in a path segment (`BRA;USA`), so each code is encoded on its own.
    const encoded = path.map((segment) => segment.split(';').map(encodeURIComponent).join(';'));
    return `${baseUrl}/${encoded.join('/')}?${params.toString()}`;
  }

  /** Fetches page 1, then every other page in parallel (bounded by the concurrency limit). */
  async function fetchAllPages(path: readonly string[], query: Query, what: string): Promise<FetchedPage[]> {
    const load = async (page: number): Promise<FetchedPage> => {
      const ctx = { what: page === 1 ? what : `${what} (page ${page})`, url: urlFor(path, query, page) };
      const envelope = await transport.get(ctx, (body) => parseWorldBankEnvelope(body, ctx));
      return { envelope, ctx };
    };
    const first = await load(1);
    const rest: number[] = [];
    for (let page = 2; page <= first.envelope.pages; page += 1) rest.push(page);
    const others = await Promise.all(rest.map(load));
    const pages = [first, ...others];
    const received = pages.reduce((sum, p) => sum + p.envelope.rows.length, 0);
    if (received !== first.envelope.total) {
      logger.warn('worldbank row count differs from the pagination total', {
        what,
        total: first.envelope.total,
        received,
      });
    }
    return pages;
  }

  async function fetchMapped<T>(
    path: readonly string[],
    query: Query,
    what: string,
    map: (row: unknown, index: number, lastUpdated: string | null, ctx: WorldBankRequestContext) => T,
  ): Promise<T[]> {
    const pages = await fetchAllPages(path, query, what);
    const lastUpdated = pages[0]?.envelope.lastUpdated ?? null;
    return pages.flatMap(({ envelope, ctx }) => envelope.rows.map((row, i) => map(row, i, lastUpdated, ctx)));
  }

  return {
    async countries(filter = {}) {
      const query: Record<string, string> = {};
      if (filter.region !== undefined) query.region = code('region', filter.region);
      if (filter.incomeLevel !== undefined) query.incomelevel = code('incomeLevel', filter.incomeLevel);
      if (filter.lendingType !== undefined) query.lendingtype = code('lendingType', filter.lendingType);
      const described = Object.entries(query).map(([k, v]) => `${k} ${v}`);
      const what =
        described.length === 0 ? 'the country list' : `the country list filtered by ${described.join(', ')}`;
      return fetchMapped(['country'], query, what, (row, i, _updated, ctx) =>
        toWorldBankCountry(row, i, ctx),
      );
    },

    async indicators(query = {}) {
      const topic = query.topic === undefined ? undefined : code('topic', String(query.topic));
      const path = topic === undefined ? ['indicator'] : ['topic', topic, 'indicator'];
      const what = topic === undefined ? 'the indicator list' : `the indicators of topic ${topic}`;
      const all = await fetchMapped(path, {}, what, (row, i, _updated, ctx) =>
        toWorldBankIndicator(row, i, ctx),
      );
      const needle = query.search?.trim().toLowerCase() ?? '';
      return needle === '' ? all : all.filter((ind) => ind.name.toLowerCase().includes(needle));
    },

    async indicator(id) {
      const what = `indicator ${code('indicator', id)}`;
      const rows = await fetchMapped(['indicator', id], {}, what, (row, i, _u, ctx) =>
        toWorldBankIndicator(row, i, ctx),
      );
      const found = rows[0];
      if (found === undefined) {
        throw new MeshError('upstream_failed', `World Bank API returned no metadata for ${what}`, {
          details: { indicator: id },
        });
      }
      return found;
    },

    async indicatorValues(q) {
      const countries = codeList('countries', q.countries);
      const indicators = codeList('indicators', q.indicators);
      if (q.indicators.length > 1 && q.source === undefined) {
        throw invalid(
          'source',
          q.source,
          'several indicators in one request need a source id (2 is World Development Indicators)',
        );
      }
      const query: Record<string, string | number> = {};
      const date = dateParam(q.years);
      if (date !== undefined) query.date = date;
      if (q.mrv !== undefined) query.mrv = positiveInt('mrv', q.mrv, 1);
      if (q.mrnev !== undefined) query.mrnev = positiveInt('mrnev', q.mrnev, 1);
      if (q.source !== undefined) query.source = positiveInt('source', q.source, 1);
      const what =
        `indicator${q.indicators.length > 1 ? 's' : ''} ${indicators} for ` +
        `${q.countries.length > 1 ? 'countries' : 'country'} ${countries}${date === undefined ? '' : ` in ${date}`}`;
      return fetchMapped(
        ['country', countries, 'indicator', indicators],
        query,
        what,
        toWorldBankObservation,
      );
    },

    async listRaw(path, query = {}): Promise<WorldBankRawList> {
      const segments = path.split('/').filter((s) => s !== '');
      if (segments.length === 0)
        throw invalid('path', path, 'name an endpoint such as lendingType or topic/1/indicator');
      for (const segment of segments) for (const part of segment.split(';')) code('path segment', part);
      const pages = await fetchAllPages(segments, query, `/${segments.join('/')}`);
      const first = pages[0]?.envelope;
      return {
        rows: pages.flatMap((p) => p.envelope.rows),
        lastUpdated: first?.lastUpdated ?? null,
        total: first?.total ?? 0,
      };
    },
  };
}
