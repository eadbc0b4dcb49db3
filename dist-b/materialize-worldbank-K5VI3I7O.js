import { WORLDBANK_CONNECTOR, worldBankProductSpec, worldBankPullScope } from './chunk-IW44DZUN.js';
import { MeshError } from './chunk-Z2USMJAC.js';

// dist/connectors/worldbank/worldbank-envelope.js
var BODY_SNIPPET_LENGTH = 200;
function bodySnippet(body) {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_SNIPPET_LENGTH ? `${flat.slice(0, BODY_SNIPPET_LENGTH)}\u2026` : flat;
}
function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function unexpectedResponse(ctx, problem) {
  return new MeshError(
    'upstream_failed',
    `World Bank API sent an unexpected response for ${ctx.what} (GET ${ctx.url}): ${problem}`,
    { details: { url: ctx.url, problem } },
  );
}
function readApiErrors(value) {
  if (!Array.isArray(value) || value.length !== 1 || !isRecord(value[0])) return void 0;
  const messages = value[0].message;
  if (!Array.isArray(messages)) return void 0;
  return messages.map((m) => {
    const entry = isRecord(m) ? m : {};
    return { id: String(entry.id ?? ''), key: String(entry.key ?? ''), value: String(entry.value ?? '') };
  });
}
function apiErrorMessage(ctx, errors) {
  const distinct = [...new Set(errors.map((e) => `${e.key}: ${e.value} (id ${e.id})`))];
  return `World Bank API rejected the request for ${ctx.what}: ${distinct.join('; ')} (GET ${ctx.url}); check that every code and filter value exists in the World Bank catalogue`;
}
function readCount(header, key, ctx) {
  const raw = header[key];
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return Number.parseInt(raw, 10);
  throw unexpectedResponse(
    ctx,
    `pagination field "${key}" should be a whole number, got ${JSON.stringify(raw)}`,
  );
}
function parseWorldBankEnvelope(body, ctx) {
  let json;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new MeshError(
      'upstream_failed',
      `World Bank API sent a body that is not valid JSON for ${ctx.what} (GET ${ctx.url}): ${error.message}; body starts with ${JSON.stringify(bodySnippet(body).slice(0, 60))}`,
      { details: { url: ctx.url, body: bodySnippet(body) }, cause: error },
    );
  }
  const apiErrors = readApiErrors(json);
  if (apiErrors !== void 0) {
    throw new MeshError('upstream_failed', apiErrorMessage(ctx, apiErrors), {
      details: { url: ctx.url, apiErrors },
    });
  }
  if (!Array.isArray(json) || json.length !== 2 || !isRecord(json[0])) {
    throw unexpectedResponse(
      ctx,
      `expected a JSON array [pagination, rows], got ${bodySnippet(body).slice(0, 80)}`,
    );
  }
  const [header, rows] = json;
  if (rows !== null && !Array.isArray(rows)) {
    throw unexpectedResponse(ctx, `expected the second element to be a list of rows, got ${typeof rows}`);
  }
  const lastUpdated = typeof header.lastupdated === 'string' ? header.lastupdated : null;
  return {
    page: readCount(header, 'page', ctx),
    pages: readCount(header, 'pages', ctx),
    perPage: readCount(header, 'per_page', ctx),
    total: readCount(header, 'total', ctx),
    lastUpdated,
    rows: rows ?? [],
  };
}

// dist/connectors/worldbank/worldbank-response-cache.js
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
function isCacheEntry(value) {
  if (typeof value !== 'object' || value === null) return false;
  const v = value;
  return typeof v.url === 'string' && typeof v.fetchedAt === 'string' && typeof v.body === 'string';
}
function createWorldBankResponseCache(options, clock, logger) {
  const fileFor = (url) => join(options.dir, `${createHash('sha256').update(url).digest('hex')}.json`);
  return {
    async read(url) {
      const file = fileFor(url);
      let entry;
      try {
        entry = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        if (error.code !== 'ENOENT') {
          logger.warn('worldbank cache entry unreadable; refetching', { url, file, error: String(error) });
        }
        return void 0;
      }
      if (!isCacheEntry(entry) || entry.url !== url) return void 0;
      const age = clock().getTime() - Date.parse(entry.fetchedAt);
      if (!(age < options.ttlMs)) {
        logger.debug('worldbank cache entry expired', {
          url,
          fetchedAt: entry.fetchedAt,
          ttlMs: options.ttlMs,
        });
        return void 0;
      }
      logger.debug('worldbank cache hit', { url, fetchedAt: entry.fetchedAt });
      return entry.body;
    },
    async write(url, body) {
      const file = fileFor(url);
      const entry = { url, fetchedAt: clock().toISOString(), body };
      const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
      try {
        await mkdir(options.dir, { recursive: true });
        await writeFile(temp, JSON.stringify(entry), 'utf8');
        await rename(temp, file);
      } catch (error) {
        logger.warn('worldbank cache write failed; continuing without caching', {
          url,
          file,
          error: String(error),
        });
        await rm(temp, { force: true }).catch(() => void 0);
      }
    },
  };
}

// dist/connectors/worldbank/worldbank-rows.js
var RowReader = class {
  #ctx;
  #where;
  constructor(ctx, index) {
    this.#ctx = ctx;
    this.#where = `row ${index}`;
  }
  fail(problem) {
    throw unexpectedResponse(this.#ctx, `${this.#where}: ${problem}`);
  }
  object(value, field) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    return this.fail(`"${field}" should be an object, got ${JSON.stringify(value)}`);
  }
  /** A string field; labels are trimmed because the API pads some (`"Latin America & Caribbean "`). */
  string(obj, key, field = key) {
    const value = obj[key];
    if (typeof value === 'string') return value.trim();
    return this.fail(`"${field}" should be a string, got ${JSON.stringify(value)}`);
  }
  /** A string field that some vintages leave out; absent or null reads as empty. */
  optionalString(obj, key) {
    const value = obj[key];
    return value === void 0 || value === null ? '' : this.string(obj, key);
  }
  /** A number the API may send as a number or a numeric string; null, absent or empty reads as null. */
  nullableNumber(obj, key) {
    const value = obj[key];
    if (value === null || value === void 0 || value === '') return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    return this.fail(`"${key}" should be a number or null, got ${JSON.stringify(value)}`);
  }
  codeValue(obj, key) {
    const nested = obj[key] === void 0 ? { id: '', iso2code: '', value: '' } : this.object(obj[key], key);
    return {
      id: this.string(nested, 'id', `${key}.id`),
      iso2Code: this.optionalString(nested, 'iso2code'),
      value: this.string(nested, 'value', `${key}.value`),
    };
  }
  idValue(value, field) {
    const obj = this.object(value, field);
    return { id: this.string(obj, 'id', `${field}.id`), value: this.string(obj, 'value', `${field}.value`) };
  }
};
function toWorldBankCountry(row, index, ctx) {
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
function toWorldBankIndicator(row, index, ctx) {
  const r = new RowReader(ctx, index);
  const obj = r.object(row, 'indicator');
  const topics = obj.topics ?? [];
  if (!Array.isArray(topics)) r.fail(`"topics" should be a list, got ${JSON.stringify(topics)}`);
  return {
    id: r.string(obj, 'id'),
    name: r.string(obj, 'name'),
    unit: r.optionalString(obj, 'unit'),
    source: obj.source === void 0 ? { id: '', value: '' } : r.idValue(obj.source, 'source'),
    sourceNote: r.optionalString(obj, 'sourceNote'),
    sourceOrganization: r.optionalString(obj, 'sourceOrganization'),
    topics: topics.map((t, i) => r.idValue(t, `topics[${i}]`)),
  };
}
function toWorldBankObservation(row, index, lastUpdated, ctx) {
  const r = new RowReader(ctx, index);
  const obj = r.object(row, 'observation');
  const indicator = r.idValue(obj.indicator, 'indicator');
  const country = r.idValue(obj.country, 'country');
  const iso3 = r.optionalString(obj, 'countryiso3code');
  const date = r.string(obj, 'date');
  const year2 = /^\d{4}/.test(date)
    ? Number.parseInt(date.slice(0, 4), 10)
    : r.fail(`"date" ${JSON.stringify(date)} has no year`);
  const observation = {
    countryCode: iso3 === '' ? country.id : iso3,
    countryId: country.id,
    countryName: country.value,
    indicatorCode: indicator.id,
    indicatorName: indicator.value,
    year: year2,
    value: r.nullableNumber(obj, 'value'),
    unit: r.optionalString(obj, 'unit'),
    obsStatus: r.optionalString(obj, 'obs_status'),
    decimal: r.nullableNumber(obj, 'decimal'),
  };
  return lastUpdated === null ? observation : { ...observation, lastUpdated };
}

// dist/connectors/worldbank/worldbank-logger.js
var SILENT_LOGGER = { debug() {}, warn() {} };

// dist/connectors/worldbank/worldbank-transport.js
import { setTimeout as sleep } from 'node:timers/promises';
function createConcurrencyLimit(max) {
  let active = 0;
  const waiting = [];
  return async (task) => {
    if (active < max) active += 1;
    else await new Promise((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
async function attemptOnce(options, url) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await options.fetch(url, {
      signal: controller.signal,
      headers: { accept: 'application/json' },
    });
    const body = await response.text();
    if (response.ok) return { ok: true, body };
    const reason = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const retryable = response.status >= 500 || response.status === 429;
    return { ok: false, retryable, reason, status: response.status, body };
  } catch (error) {
    const reason = timedOut
      ? `timed out after ${options.timeoutMs} ms`
      : `network error: ${describeNetworkError(error)}`;
    return { ok: false, retryable: true, reason };
  } finally {
    clearTimeout(timer);
  }
}
function describeNetworkError(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
function backoffMs(options, retry) {
  const capped = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** (retry - 1));
  return Math.round(capped / 2 + (options.random() * capped) / 2);
}
function createWorldBankTransport(options) {
  const limit = createConcurrencyLimit(options.concurrency);
  const { logger, cache } = options;
  async function fetchBody(ctx) {
    const maxAttempts = options.retries + 1;
    for (let attempt = 1; ; attempt += 1) {
      logger.debug('worldbank request', { url: ctx.url, attempt });
      const outcome = await limit(() => attemptOnce(options, ctx.url));
      if (outcome.ok) return outcome.body;
      const details = {
        url: ctx.url,
        attempts: attempt,
        reason: outcome.reason,
        ...(outcome.status === void 0 ? {} : { status: outcome.status }),
        ...(outcome.body === void 0 ? {} : { body: bodySnippet(outcome.body) }),
      };
      if (!outcome.retryable) {
        throw new MeshError(
          'upstream_failed',
          `World Bank API answered ${outcome.reason} for ${ctx.what} (GET ${ctx.url}); not retried because the request itself was refused${outcome.body ? `: ${bodySnippet(outcome.body).slice(0, 120)}` : ''}`,
          { details },
        );
      }
      if (attempt >= maxAttempts) {
        throw new MeshError(
          'upstream_failed',
          `World Bank request for ${ctx.what} failed after ${attempt} attempt${attempt === 1 ? '' : 's'} (GET ${ctx.url}); last error: ${outcome.reason}. The API may be down; try again later`,
          { details },
        );
      }
      const delayMs = backoffMs(options, attempt);
      logger.warn('worldbank request failed; retrying', {
        url: ctx.url,
        attempt,
        reason: outcome.reason,
        delayMs,
      });
      await sleep(delayMs);
    }
  }
  return {
    async get(ctx, parse) {
      const cached = cache === void 0 ? void 0 : await cache.read(ctx.url);
      if (cached !== void 0) {
        try {
          return parse(cached);
        } catch {
          logger.warn('worldbank cache entry no longer parses; refetching', { url: ctx.url });
        }
      }
      const body = await fetchBody(ctx);
      const parsed = parse(body);
      if (cache !== void 0) await cache.write(ctx.url, body);
      return parsed;
    },
  };
}

// dist/connectors/worldbank/worldbank-client.js
var WORLDBANK_DEFAULT_BASE_URL = 'https://api.worldbank.org/v2';
var CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
function invalid(field, value, fix) {
  return new MeshError('invalid_input', `World Bank ${field} ${JSON.stringify(value)} is invalid: ${fix}`, {
    details: { field, value },
  });
}
function positiveInt(field, value, fallback, min = 1) {
  if (value === void 0) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw invalid(field, value, `use a whole number of at least ${min}`);
  return value;
}
function code(field, value) {
  if (typeof value !== 'string' || !CODE_PATTERN.test(value)) {
    throw invalid(
      field,
      value,
      'use a World Bank code such as BRA, EAS or NY.GDP.MKTP.CD (letters, digits, . _ -)',
    );
  }
  return value;
}
function codeList(field, values) {
  if (!Array.isArray(values) || values.length === 0) throw invalid(field, values, 'give at least one code');
  return values.map((v) => code(field, v)).join(';');
}
function year(field, value) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1e3 || value > 9999) {
    throw invalid(field, value, 'use a four-digit year such as 2020');
  }
  return value;
}
function dateParam(years) {
  if (years === void 0) return void 0;
  if (typeof years === 'number') return String(year('years', years));
  const from = year('years.from', years.from);
  const to = year('years.to', years.to);
  if (from > to) throw invalid('years', years, `from (${from}) must not be after to (${to})`);
  return `${from}:${to}`;
}
function createWorldBankClient(options = {}) {
  const baseUrl = (options.baseUrl ?? WORLDBANK_DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw invalid('baseUrl', options.baseUrl, 'use an http(s) URL');
  const perPage = positiveInt('perPage', options.perPage, 1e3);
  const logger = options.logger ?? SILENT_LOGGER;
  const clock = options.clock ?? (() => /* @__PURE__ */ new Date());
  if (options.cache !== void 0 && !(options.cache.ttlMs >= 0 && options.cache.dir !== '')) {
    throw invalid('cache', options.cache, 'give a non-empty dir and a ttlMs of 0 or more');
  }
  const transport = createWorldBankTransport({
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    timeoutMs: positiveInt('timeoutMs', options.timeoutMs, 15e3),
    retries: positiveInt('retries', options.retries, 3, 0),
    retryBaseMs: positiveInt('retryBaseMs', options.retryBaseMs, 500, 0),
    retryMaxMs: positiveInt('retryMaxMs', options.retryMaxMs, 1e4, 0),
    random: options.random ?? Math.random,
    concurrency: positiveInt('concurrency', options.concurrency, 4),
    cache: options.cache === void 0 ? void 0 : createWorldBankResponseCache(options.cache, clock, logger),
    logger,
  });
  function urlFor(path, query, page) {
    const params = new URLSearchParams({ format: 'json' });
    for (const [key, value] of Object.entries(query)) params.set(key, String(value));
    params.set('per_page', String(perPage));
    params.set('page', String(page));
    const encoded = path.map((segment) => segment.split(';').map(encodeURIComponent).join(';'));
    return `${baseUrl}/${encoded.join('/')}?${params.toString()}`;
  }
  async function fetchAllPages(path, query, what) {
    const load = async (page) => {
      const ctx = { what: page === 1 ? what : `${what} (page ${page})`, url: urlFor(path, query, page) };
      const envelope = await transport.get(ctx, (body) => parseWorldBankEnvelope(body, ctx));
      return { envelope, ctx };
    };
    const first = await load(1);
    const rest = [];
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
  async function fetchMapped(path, query, what, map) {
    const pages = await fetchAllPages(path, query, what);
    const lastUpdated = pages[0]?.envelope.lastUpdated ?? null;
    return pages.flatMap(({ envelope, ctx }) => envelope.rows.map((row, i) => map(row, i, lastUpdated, ctx)));
  }
  return {
    async countries(filter = {}) {
      const query = {};
      if (filter.region !== void 0) query.region = code('region', filter.region);
      if (filter.incomeLevel !== void 0) query.incomelevel = code('incomeLevel', filter.incomeLevel);
      if (filter.lendingType !== void 0) query.lendingtype = code('lendingType', filter.lendingType);
      const described = Object.entries(query).map(([k, v]) => `${k} ${v}`);
      const what =
        described.length === 0 ? 'the country list' : `the country list filtered by ${described.join(', ')}`;
      return fetchMapped(['country'], query, what, (row, i, _updated, ctx) =>
        toWorldBankCountry(row, i, ctx),
      );
    },
    async indicators(query = {}) {
      const topic = query.topic === void 0 ? void 0 : code('topic', String(query.topic));
      const path = topic === void 0 ? ['indicator'] : ['topic', topic, 'indicator'];
      const what = topic === void 0 ? 'the indicator list' : `the indicators of topic ${topic}`;
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
      if (found === void 0) {
        throw new MeshError('upstream_failed', `World Bank API returned no metadata for ${what}`, {
          details: { indicator: id },
        });
      }
      return found;
    },
    async indicatorValues(q) {
      const countries = codeList('countries', q.countries);
      const indicators = codeList('indicators', q.indicators);
      if (q.indicators.length > 1 && q.source === void 0) {
        throw invalid(
          'source',
          q.source,
          'several indicators in one request need a source id (2 is World Development Indicators)',
        );
      }
      const query = {};
      const date = dateParam(q.years);
      if (date !== void 0) query.date = date;
      if (q.mrv !== void 0) query.mrv = positiveInt('mrv', q.mrv, 1);
      if (q.mrnev !== void 0) query.mrnev = positiveInt('mrnev', q.mrnev, 1);
      if (q.source !== void 0) query.source = positiveInt('source', q.source, 1);
      const what = `indicator${q.indicators.length > 1 ? 's' : ''} ${indicators} for ${q.countries.length > 1 ? 'countries' : 'country'} ${countries}${date === void 0 ? '' : ` in ${date}`}`;
      return fetchMapped(
        ['country', countries, 'indicator', indicators],
        query,
        what,
        toWorldBankObservation,
      );
    },
    async listRaw(path, query = {}) {
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

// dist/connectors/worldbank/worldbank-product.js
var WORLDBANK_INDICATORS_PRODUCT_ID = 'external.worldbank_indicators';
function worldBankUnit(unit, indicatorName) {
  if (unit.trim() !== '') return unit.trim();
  return indicatorName.match(/\(([^()]+)\)\s*$/)?.[1]?.trim() ?? '';
}
function toWorldBankIndicatorRow(observation) {
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
async function worldBankIndicatorRows(client, query) {
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
  const seen = /* @__PURE__ */ new Set();
  const rows = [];
  perIndicator.forEach((observations, order) => {
    for (const observation of observations) {
      const row = toWorldBankIndicatorRow(observation);
      const key = `${row.country_code}\0${row.indicator_code}\0${row.year}`;
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

// dist/product/materialize-worldbank.js
async function materializeWorldBank(mesh, pull, clientOptions = {}) {
  const client = createWorldBankClient({
    ...clientOptions,
    ...(pull.baseUrl ? { baseUrl: pull.baseUrl } : {}),
  });
  try {
    const rows = await worldBankIndicatorRows(client, pull);
    const created = !(await mesh.hasProduct(WORLDBANK_INDICATORS_PRODUCT_ID));
    const product = await mesh.createProduct(await worldBankProductSpec(), { ifExists: 'reuse' });
    if (created) await product.publish();
    const countries = [
      .../* @__PURE__ */ new Set([
        ...pull.countries.map((c) => c.toUpperCase()),
        ...rows.map((r) => r.country_code),
      ]),
    ];
    const { removed, inserted } = await product.replace(worldBankPullScope(pull, countries), rows);
    await mesh.setSource(product.id, WORLDBANK_CONNECTOR, {
      indicators: pull.indicators,
      countries: pull.countries,
      years: pull.years,
      ...(pull.baseUrl ? { baseUrl: pull.baseUrl } : {}),
    });
    await mesh.markSourceRun(product.id, 'ok', `${inserted} record(s)`);
    return {
      productId: product.id,
      created,
      removed,
      inserted,
      nullValues: rows.filter((r) => r.value === null).length,
    };
  } catch (error) {
    if (await mesh.source(WORLDBANK_INDICATORS_PRODUCT_ID)) {
      await mesh.markSourceRun(
        WORLDBANK_INDICATORS_PRODUCT_ID,
        'failed',
        error instanceof Error ? error.message : String(error),
      );
    }
    throw error;
  }
}
async function refreshWorldBank(mesh, productId, clientOptions = {}) {
  const source = await mesh.source(productId);
  if (!source || source.connector !== WORLDBANK_CONNECTOR) {
    throw new MeshError('not_found', `product ${productId} is not fed by the World Bank connector`);
  }
  const c = source.config;
  return materializeWorldBank(
    mesh,
    {
      indicators: c.indicators,
      countries: c.countries,
      years: c.years,
      ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
    },
    clientOptions,
  );
}
export { materializeWorldBank, refreshWorldBank };
