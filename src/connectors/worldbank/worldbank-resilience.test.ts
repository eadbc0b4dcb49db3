import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  failTimes,
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../../../test/support/worldbank-replay-server.ts';
import { createWorldBankClient } from './worldbank-client.ts';
import type { WorldBankLogger } from './worldbank-logger.ts';

let server: WorldBankReplayServer;
beforeAll(async () => {
  server = await startWorldBankReplayServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setFault(undefined);
});

interface LogEntry {
  readonly level: 'debug' | 'warn';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

function recordingLogger(): WorldBankLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    debug: (message, fields) => entries.push({ level: 'debug', message, fields }),
    warn: (message, fields) => entries.push({ level: 'warn', message, fields }),
  };
}

const BRA_POP = { countries: ['BRA'], indicators: ['SP.POP.TOTL'] } as const;

describe('retries', () => {
  it('retries HTTP 503 twice and then returns the data, logging each retry', async () => {
    server.setFault(failTimes(2, 503));
    const logger = recordingLogger();
    const rows = await createWorldBankClient({ baseUrl: server.url, retryBaseMs: 1, logger }).indicatorValues(
      BRA_POP,
    );
    expect(rows.find((r) => r.year === 2022)?.value).toBe(215313498);
    expect(server.requests).toHaveLength(3);
    expect(new Set(server.requests).size).toBe(1);
    const retries = logger.entries.filter((e) => e.level === 'warn');
    expect(retries.map((e) => [e.message, e.fields.attempt, e.fields.reason])).toEqual([
      ['worldbank request failed; retrying', 1, 'HTTP 503 Service Unavailable'],
      ['worldbank request failed; retrying', 2, 'HTTP 503 Service Unavailable'],
    ]);
  });

  it('gives up after the last retry and says how many attempts were made', async () => {
    server.setFault(failTimes(100, 500));
    const call = createWorldBankClient({ baseUrl: server.url, retries: 2, retryBaseMs: 1 }).indicatorValues(
      BRA_POP,
    );
    await expect(call).rejects.toMatchObject({
      code: 'upstream_failed',
      message: expect.stringContaining('failed after 3 attempts') as unknown,
      details: { attempts: 3, status: 500, reason: 'HTTP 500 Internal Server Error' },
    });
    expect(server.requests).toHaveLength(3);
  });

  it('backs off exponentially with jitter, capped at retryMaxMs', async () => {
    const delays = async (random: number): Promise<unknown[]> => {
      server.setFault(failTimes(3, 502));
      server.requests.length = 0;
      const logger = recordingLogger();
      const options = { baseUrl: server.url, retryBaseMs: 8, retryMaxMs: 20, random: () => random, logger };
      await createWorldBankClient(options).indicatorValues(BRA_POP);
      return logger.entries.filter((e) => e.level === 'warn').map((e) => e.fields.delayMs);
    };
    expect(await delays(0)).toEqual([4, 8, 10]);
    expect(await delays(0.999)).toEqual([8, 16, 20]);
  });

  it('times out a server that never answers and reports the time limit', async () => {
    server.setFault(() => ({ kind: 'hang' }));
    const started = Date.now();
    const call = createWorldBankClient({
      baseUrl: server.url,
      timeoutMs: 50,
      retries: 1,
      retryBaseMs: 1,
    }).countries();
    await expect(call).rejects.toMatchObject({
      code: 'upstream_failed',
      message: expect.stringMatching(
        /failed after 2 attempts .*last error: timed out after 50 ms/,
      ) as unknown,
      details: { attempts: 2, reason: 'timed out after 50 ms' },
    });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-worldbank-cache-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  function cachedClient(clock: () => Date, logger = recordingLogger()) {
    return createWorldBankClient({ baseUrl: server.url, cache: { dir, ttlMs: 60_000 }, clock, logger });
  }

  it('serves a repeated request from disk without a request, then refetches once the entry expires', async () => {
    let now = new Date('2024-05-01T12:00:00.000Z');
    const clock = () => now;
    const first = await cachedClient(clock).indicatorValues(BRA_POP);
    expect(server.requests).toHaveLength(1);
    // A new client on the same folder: the cache is on disk, not in memory.
    now = new Date('2024-05-01T12:00:59.999Z');
    expect(await cachedClient(clock).indicatorValues(BRA_POP)).toEqual(first);
    expect(server.requests).toHaveLength(1);
    now = new Date('2024-05-01T12:01:00.000Z');
    expect(await cachedClient(clock).indicatorValues(BRA_POP)).toEqual(first);
    expect(server.requests).toHaveLength(2);
  });

  it('stores the URL, the fetch time and the body in one file per URL, leaving no temporary files', async () => {
    const clock = () => new Date('2024-05-01T12:00:00.000Z');
    await cachedClient(clock).countries({ region: 'SAS' });
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    const entry = JSON.parse(await readFile(join(dir, files[0] ?? ''), 'utf8')) as Record<string, unknown>;
    expect(entry.url).toBe(`${server.url}/country?format=json&region=SAS&per_page=1000&page=1`);
    expect(entry.fetchedAt).toBe('2024-05-01T12:00:00.000Z');
    expect(JSON.parse(String(entry.body))).toHaveLength(2);
  });

  it('never caches an error payload', async () => {
    const clock = () => new Date('2024-05-01T12:00:00.000Z');
    const bad = { countries: ['ABCDEFG'], indicators: ['SP.POP.TOTL'] };
    await expect(cachedClient(clock).indicatorValues(bad)).rejects.toMatchObject({ code: 'upstream_failed' });
    await expect(cachedClient(clock).indicatorValues(bad)).rejects.toMatchObject({ code: 'upstream_failed' });
    expect(server.requests).toHaveLength(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('treats a damaged cache file as a miss and replaces it', async () => {
    const clock = () => new Date('2024-05-01T12:00:00.000Z');
    await cachedClient(clock).indicatorValues(BRA_POP);
    const [file = ''] = await readdir(dir);
    await writeFile(join(dir, file), '{"url": "trunc');
    const logger = recordingLogger();
    const rows = await cachedClient(clock, logger).indicatorValues(BRA_POP);
    expect(rows).toHaveLength(64);
    expect(server.requests).toHaveLength(2);
    expect(logger.entries.some((e) => e.message === 'worldbank cache entry unreadable; refetching')).toBe(
      true,
    );
    await cachedClient(clock).indicatorValues(BRA_POP);
    expect(server.requests).toHaveLength(2);
  });
});

describe('concurrency', () => {
  async function peak(concurrency: number | undefined): Promise<{ peak: number; requests: number }> {
    const slow = await startWorldBankReplayServer({ fault: () => ({ kind: 'delay', ms: 25 }) });
    try {
      const options = {
        baseUrl: slow.url,
        perPage: 5,
        ...(concurrency === undefined ? {} : { concurrency }),
      };
      const rows = await createWorldBankClient(options).indicatorValues({
        countries: ['IND'],
        indicators: ['NY.GDP.MKTP.CD'],
      });
      expect(rows).toHaveLength(64);
      return { peak: slow.peakInFlight, requests: slow.requests.length };
    } finally {
      await slow.close();
    }
  }

  it('never has more requests in flight than the limit while fetching 13 pages', async () => {
    expect(await peak(2)).toEqual({ peak: 2, requests: 13 });
  });

  it('allows four requests at once by default', async () => {
    expect(await peak(undefined)).toEqual({ peak: 4, requests: 13 });
  });

  it('shares one limit between calls made at the same time', async () => {
    const slow = await startWorldBankReplayServer({ fault: () => ({ kind: 'delay', ms: 20 }) });
    try {
      const c = createWorldBankClient({ baseUrl: slow.url, concurrency: 1 });
      const indicators = ['NY.GDP.MKTP.CD', 'NY.GDP.PCAP.CD', 'SP.POP.TOTL'];
      await Promise.all(indicators.map((i) => c.indicatorValues({ countries: ['DEU'], indicators: [i] })));
      expect(slow.requests).toHaveLength(3);
      expect(slow.peakInFlight).toBe(1);
    } finally {
      await slow.close();
    }
  });
});
