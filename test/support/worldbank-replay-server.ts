/**
 * A loopback HTTP server that answers World Bank API v2 requests from the recorded responses in
 * `test/fixtures/worldbank` (a copy of the team's `../shared/fixtures/worldbank`; SOURCES.md there says where each
 * response comes from), with fault injection for tests.
 *
 * What it serves (paths under `/v2`; plural aliases such as `/countries` work too; `format=json` is required):
 * - `/country` — the complete 2024 list (`countries_all_per_page400.json`), filtered by `region` (region or
 *   admin region), `incomelevel` and `lendingtype`. The 2021 `per_page=2` recordings are a different vintage
 *   (AFE did not exist, ASM was not yet high income), so they are not served; tests compare against them.
 * - `/country/{codes}` — those economies (ISO3 or ISO2, `;`-separated).
 * - `/country/{codes|all}/indicator/{codes}` — observations. Every recorded row is filed under its
 *   (economy, indicator); where recordings overlap the newest `lastupdated` wins, so each series has one
 *   vintage. `date` (`2019` or `2018:2019`), `mrv` and `mrnev` are applied per series. Rows come indicator by
 *   indicator (request order), aggregates first, then economies by name, newest year first, as the API does.
 * - `/indicator`, `/indicator/{id}`, `/topic`, `/topic/1/indicator`, `/region`, `/incomelevel`, `/lendingtype`,
 *   `/source` — the recorded lists; `/indicator` is the union of all recorded indicator metadata, by id.
 * Every list is re-paginated by the server for the requested `per_page` (default 50) and `page`, rewriting
 * the header and keeping each header field's recorded type (string or number). An empty result is the
 * `[{"page":0,...},null]` body that SOURCES.md reports as quoted in other projects (unverified).
 *
 * Errors: codes that no recording knows get the API's own HTTP 200 error payloads (the recorded bytes); an
 * unknown `source` gets HTTP 400 text/html like the real API. Anything that is valid but was never recorded
 * (e.g. `/indicator/NY.GDP.MKTP.CD` metadata, FRA population) and unknown routes get HTTP 404 with a JSON
 * body `{"replay": "..."}` saying what is missing — never invented data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The recorded World Bank responses, kept in the repository so that a clone anywhere can run the tests. */
export const WORLDBANK_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/worldbank/', import.meta.url));

/** A fault the test wants instead of (or before) the normal answer. */
export type ReplayFault =
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body?: string;
      readonly contentType?: string;
    }
  | { readonly kind: 'hang' }
  | { readonly kind: 'body'; readonly body: string }
  | { readonly kind: 'fixture'; readonly file: string }
  | { readonly kind: 'delay'; readonly ms: number };

/** The request a fault function is asked about; `index` counts requests from 1. */
export interface ReplayRequest {
  readonly index: number;
  readonly url: URL;
}

/** Decides, per request, whether to inject a fault. */
export type ReplayFaultFn = (request: ReplayRequest) => ReplayFault | undefined;

/** Settings of {@link startWorldBankReplayServer}. */
export interface WorldBankReplayServerOptions {
  readonly fixturesDir?: string;
  readonly fault?: ReplayFaultFn;
}

/** A running replay server. */
export interface WorldBankReplayServer {
  /** Base URL to give the client, ending in `/v2`. */
  readonly url: string;
  /** Path and query of every request received, in arrival order. */
  readonly requests: string[];
  /** The most requests that were being answered at the same moment. */
  readonly peakInFlight: number;
  setFault(fault: ReplayFaultFn | undefined): void;
  close(): Promise<void>;
}

/** A fault function that answers the first `times` requests with `status`, then lets requests through. */
export function failTimes(times: number, status = 503): ReplayFaultFn {
  return ({ index }) =>
    index <= times ? { kind: 'status', status, body: 'Service Unavailable' } : undefined;
}

type Json = Record<string, unknown>;
type Reply =
  | { readonly kind: 'list'; readonly header: Json; readonly rows: readonly Json[] }
  | { readonly kind: 'raw'; readonly status: number; readonly type: string; readonly body: string };

interface Series {
  readonly vintage: string;
  readonly sourceid: unknown;
  readonly rows: Map<string, Json>;
}

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

class Fixtures {
  readonly #dir: string;
  readonly raw = new Map<string, string>();
  readonly countries: Json[];
  readonly countryByCode = new Map<string, Json>();
  readonly series = new Map<string, Series>();
  readonly metadata: Json[];
  readonly indicatorIds = new Map<string, string>();
  /** Source ids seen anywhere: the recorded `/source` page lacks id 2 (WDI), which is on the unrecorded page 2. */
  readonly sourceIds = new Set<string>();

  constructor(dir: string) {
    this.#dir = dir;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      this.raw.set(file, readFileSync(`${dir}/${file}`, 'utf8'));
    }
    this.countries = this.rows('countries_all_per_page400.json');
    for (const c of this.countries) {
      this.countryByCode.set(str(c.id).toUpperCase(), c);
      this.countryByCode.set(str(c.iso2Code).toUpperCase(), c);
    }
    for (const file of [...this.raw.keys()].filter((f) => /^country_.+_indicator_/.test(f))) this.#file(file);
    const byId = new Map<string, Json>();
    for (const f of [
      'indicators_page1_per_page2.json',
      'indicator_1.0.HCount.1.90usd.json',
      'topic_1_indicators_page1_per_page2.json',
    ]) {
      for (const row of this.rows(f)) byId.set(str(row.id), row);
    }
    this.metadata = [...byId.values()].sort((a, b) => str(a.id).localeCompare(str(b.id)));
    for (const s of this.rows('sources_page1.json')) this.sourceIds.add(str(s.id));
    for (const m of this.metadata) this.sourceIds.add(str(obj(m.source).id));
    for (const series of this.series.values())
      if (str(series.sourceid)) this.sourceIds.add(str(series.sourceid));
    for (const id of [...byId.keys(), ...[...this.series.keys()].map((k) => k.split('|')[1] ?? '')]) {
      this.indicatorIds.set(id.toLowerCase(), id);
    }
  }

  json(file: string): unknown[] {
    const text = this.raw.get(file);
    if (text === undefined) throw new Error(`fixture ${file} not found in ${this.#dir}`);
    return JSON.parse(text) as unknown[];
  }
  header(file: string): Json {
    return obj(this.json(file)[0]);
  }
  rows(file: string): Json[] {
    const rows = this.json(file)[1];
    return Array.isArray(rows) ? rows.map(obj) : [];
  }

  /** Files every row under its (economy, indicator); a newer vintage replaces an older one. */
  #file(file: string): void {
    const header = this.header(file);
    const vintage = str(header.lastupdated);
    for (const row of this.rows(file)) {
      const key = `${str(row.countryiso3code) || str(obj(row.country).id)}|${str(obj(row.indicator).id)}`;
      let series = this.series.get(key);
      if (series === undefined || vintage > series.vintage) {
        series = { vintage, sourceid: header.sourceid, rows: new Map() };
        this.series.set(key, series);
      }
      if (vintage === series.vintage) series.rows.set(str(row.date), row);
    }
  }
}

const like = (recorded: unknown, n: number): string | number =>
  typeof recorded === 'string' ? String(n) : n;

function paginate(reply: Extract<Reply, { kind: 'list' }>, q: URLSearchParams): string {
  const total = reply.rows.length;
  if (total === 0)
    return '[{"page":0,"pages":0,"per_page":0,"total":0,"sourceid":null,"lastupdated":null},null]';
  const perPage = Number(q.get('per_page') ?? '50') || 50;
  const page = Number(q.get('page') ?? '1') || 1;
  const h = reply.header;
  const header = {
    ...h,
    page: like(h.page, page),
    pages: like(h.pages, Math.ceil(total / perPage)),
    per_page: like(h.per_page, perPage),
    total: like(h.total, total),
  };
  return JSON.stringify([header, reply.rows.slice((page - 1) * perPage, page * perPage)]);
}

/** Plural path aliases the API accepts, e.g. `/countries` for `/country`. */
const ALIASES: Readonly<Record<string, string>> = {
  countries: 'country',
  indicators: 'indicator',
  topics: 'topic',
  regions: 'region',
  incomelevels: 'incomelevel',
  lendingtypes: 'lendingtype',
  sources: 'source',
  languages: 'language',
};
const resource = (segment: string): string => ALIASES[segment.toLowerCase()] ?? segment.toLowerCase();

/** Lists served as recorded (re-paginated); `incomeLevels` and `/source` hold only their recorded first page. */
const LIST_FILES: Readonly<Record<string, string>> = {
  topic: 'topics.json',
  region: 'regions.json',
  incomelevel: 'incomeLevels_page1_per_page2.json',
  lendingtype: 'lendingTypes.json',
  source: 'sources_page1.json',
};

function missing(what: string): Reply {
  return {
    kind: 'raw',
    status: 404,
    type: 'application/json',
    body: JSON.stringify({ replay: `not recorded: ${what}` }),
  };
}

class Router {
  constructor(readonly fx: Fixtures) {}

  error(file: string): Reply {
    return {
      kind: 'raw',
      status: 200,
      type: 'application/json;charset=utf-8',
      body: this.fx.raw.get(file) ?? '',
    };
  }
  list(file: string, rows?: readonly Json[]): Reply {
    return { kind: 'list', header: this.fx.header(file), rows: rows ?? this.fx.rows(file) };
  }

  route(segments: readonly string[], q: URLSearchParams): Reply {
    const [head = '', ...rest] = segments.map((s, i) => (i % 2 === 0 ? resource(s) : s));
    const codes = (rest[0] ?? '').split(';');
    if (head === 'country' && rest.length === 0) return this.countries(q);
    if (head === 'country' && rest.length === 1) {
      const found = codes.map((c) => this.fx.countryByCode.get(c.toUpperCase()));
      return found.every((c) => c !== undefined)
        ? this.list('country_JPN.json', found)
        : this.error('error_invalid_country.json');
    }
    if (head === 'country' && rest[1] === 'indicator' && rest.length === 3)
      return this.values(codes, (rest[2] ?? '').split(';'), q);
    if (head === 'indicator' && rest.length === 0)
      return this.list('indicators_page1_per_page2.json', this.fx.metadata);
    if (head === 'indicator' && rest.length === 1) {
      const id = this.fx.indicatorIds.get((rest[0] ?? '').toLowerCase());
      const row = this.fx.metadata.find((m) => m.id === id);
      if (row) return this.list('indicator_1.0.HCount.1.90usd.json', [row]);
      return id === undefined
        ? this.error('error_invalid_indicator.json')
        : missing(`metadata of indicator ${id}`);
    }
    if (head === 'topic' && rest[1] === 'indicator' && rest.length === 2) {
      if (rest[0] === '1') return this.list('topic_1_indicators_page1_per_page2.json');
      const known = this.fx.rows('topics.json').some((t) => t.id === rest[0]);
      return known ? missing(`indicators of topic ${rest[0]}`) : this.error('error_invalid_indicator.json');
    }
    const listFile = LIST_FILES[head];
    if (listFile !== undefined && rest.length === 0) return this.list(listFile);
    if (head === 'language' && rest.length === 1) {
      return rest[0] === 'en' ? missing('language en') : this.error('error_unsupported_language.json');
    }
    return missing(`route /${segments.join('/')}`);
  }

  countries(q: URLSearchParams): Reply {
    const params = new Map([...q.entries()].map(([k, v]) => [k.toLowerCase(), v.toUpperCase()]));
    const checks: [string, (c: Json) => string[]][] = [
      ['region', (c) => [str(obj(c.region).id), str(obj(c.adminregion).id)]],
      ['incomelevel', (c) => [str(obj(c.incomeLevel).id)]],
      ['lendingtype', (c) => [str(obj(c.lendingType).id)]],
    ];
    let rows = this.fx.countries;
    for (const [param, ids] of checks) {
      const wanted = params.get(param);
      if (wanted === undefined) continue;
      const known = this.fx.countries.some((c) => ids(c).includes(wanted));
      if (!known && !this.fx.rows('regions.json').some((r) => r.code === wanted)) {
        return this.error('error_invalid_region_filter.json');
      }
      rows = rows.filter((c) => ids(c).includes(wanted));
    }
    return this.list('countries_all_per_page400.json', rows);
  }

  values(countryCodes: readonly string[], indicatorCodes: readonly string[], q: URLSearchParams): Reply {
    const indicators = indicatorCodes.map((c) => this.fx.indicatorIds.get(c.toLowerCase()));
    if (!indicators.every((i) => i !== undefined)) {
      return this.error(
        indicators.length > 1 ? 'error_invalid_indicator_multi.json' : 'error_invalid_indicator.json',
      );
    }
    const date = q.get('date');
    // The generic "Invalid value" payload; the replay's guess for a malformed date, which was never recorded.
    if (date !== null && !/^\d{4}(:\d{4})?$/.test(date)) return this.error('error_invalid_indicator.json');
    const source = q.get('source');
    if (source !== null && !this.fx.sourceIds.has(source)) {
      const html =
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Request Error</title></head><body>' +
        '<p>The server encountered an error processing the request. See server logs for more details.</p></body></html>';
      return { kind: 'raw', status: 400, type: 'text/html', body: html };
    }
    const all = countryCodes.length === 1 && countryCodes[0]?.toLowerCase() === 'all';
    const economies = all
      ? this.fx.countries
      : countryCodes.map((c) => this.fx.countryByCode.get(c.toUpperCase()));
    if (!economies.every((c) => c !== undefined))
      return this.error('error_invalid_country_list_in_indicator_query.json');
    const ordered = [...economies].sort((a, b) => {
      const agg = (c: Json) => (obj(c.region).value === 'Aggregates' ? 0 : 1);
      return agg(a) - agg(b) || str(a.name).localeCompare(str(b.name));
    });
    const chosen: Series[] = [];
    const absent: string[] = [];
    for (const indicator of indicators) {
      for (const economy of ordered) {
        const series = this.fx.series.get(`${str(economy.id)}|${indicator}`);
        if (series) chosen.push(series);
        else if (!all) absent.push(`${str(economy.id)} ${indicator}`);
      }
    }
    if (absent.length > 0) return missing(`observations for ${absent.join(', ')}`);
    const rows = chosen.flatMap((s) => this.#filterYears([...s.rows.values()], q));
    const vintages = chosen.map((s) => s.vintage).sort();
    const header = {
      page: 1,
      pages: 1,
      per_page: 50,
      total: rows.length,
      sourceid: indicators.length > 1 ? null : (chosen[0]?.sourceid ?? null),
      lastupdated: vintages[vintages.length - 1] ?? null,
    };
    return { kind: 'list', header, rows };
  }

  /** Applies `date`, then `mrnev` / `mrv`, to one series, newest year first. */
  #filterYears(series: readonly Json[], q: URLSearchParams): Json[] {
    const [from = Number.NEGATIVE_INFINITY, to = from] = (q.get('date') ?? '')
      .split(':')
      .filter(Boolean)
      .map(Number);
    const year = (r: Json): number => Number(str(r.date).slice(0, 4));
    let rows = series.filter((r) => !q.has('date') || (year(r) >= from && year(r) <= to));
    rows.sort((a, b) => year(b) - year(a));
    const mrnev = Number(q.get('mrnev') ?? 0);
    if (mrnev > 0) rows = rows.filter((r) => r.value !== null).slice(0, mrnev);
    const mrv = Number(q.get('mrv') ?? 0);
    if (mrv > 0) rows = rows.slice(0, mrv);
    return rows;
  }
}

let shared: Fixtures | undefined;

/** Parses the recordings once per test file, however many servers it starts. */
function sharedFixtures(): Fixtures {
  if (shared === undefined) shared = new Fixtures(WORLDBANK_FIXTURES_DIR);
  return shared;
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}
const JSON_TYPE = 'application/json;charset=utf-8';

/** Answers a request from the recordings, without faults. */
function answer(router: Router, url: URL): Answer {
  if (url.searchParams.get('format') !== 'json') {
    return { status: 400, type: 'text/plain', body: 'replay serves format=json only' };
  }
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] !== 'v2')
    return { status: 404, type: JSON_TYPE, body: JSON.stringify({ replay: 'paths start with /v2' }) };
  const reply = router.route(segments.slice(1), url.searchParams);
  return reply.kind === 'raw'
    ? reply
    : { status: 200, type: JSON_TYPE, body: paginate(reply, url.searchParams) };
}

/** Answers a request as the fault says; undefined means "never answer". */
function answerWithFault(
  router: Router,
  fixtures: Fixtures,
  url: URL,
  fault: ReplayFault,
): Answer | undefined {
  switch (fault.kind) {
    case 'hang':
      return undefined;
    case 'status':
      return { status: fault.status, type: fault.contentType ?? 'text/plain', body: fault.body ?? '' };
    case 'body':
      return { status: 200, type: JSON_TYPE, body: fault.body };
    case 'fixture':
      return { status: 200, type: JSON_TYPE, body: fixtures.raw.get(fault.file) ?? '' };
    case 'delay':
      return answer(router, url);
  }
}

/**
 * Starts the replay server on 127.0.0.1 with a free port.
 * @example const server = await startWorldBankReplayServer(); createWorldBankClient({ baseUrl: server.url });
 */
export async function startWorldBankReplayServer(
  options: WorldBankReplayServerOptions = {},
): Promise<WorldBankReplayServer> {
  const fixtures = options.fixturesDir === undefined ? sharedFixtures() : new Fixtures(options.fixturesDir);
  const router = new Router(fixtures);
  const requests: string[] = [];
  let fault = options.fault;
  let inFlight = 0;
  let peakInFlight = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    const injected = fault?.({ index: requests.length, url });
    const reply =
      injected === undefined ? answer(router, url) : answerWithFault(router, fixtures, url, injected);
    // A hung request is never answered; close() destroys its socket.
    if (reply === undefined) return;
    const send = (): void => {
      res.writeHead(reply.status, { 'content-type': reply.type });
      res.end(reply.body);
    };
    if (injected?.kind === 'delay') setTimeout(send, injected.ms);
    else send();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2`,
    requests,
    get peakInFlight() {
      return peakInFlight;
    },
    setFault(next) {
      fault = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
