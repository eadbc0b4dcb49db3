import { setTimeout as sleep } from 'node:timers/promises';
import { MeshError } from '../../core/errors.ts';
import { bodySnippet, type WorldBankRequestContext } from './worldbank-envelope.ts';
import type { WorldBankLogger } from './worldbank-logger.ts';
import type { WorldBankResponseCache } from './worldbank-response-cache.ts';

/** The `fetch` signature the transport needs (the global `fetch` fits). */
export type WorldBankFetch = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

/** Settings of {@link createWorldBankTransport}; the client fills in the defaults. */
export interface WorldBankTransportOptions {
  readonly fetch: WorldBankFetch;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly random: () => number;
  readonly concurrency: number;
  readonly cache: WorldBankResponseCache | undefined;
  readonly logger: WorldBankLogger;
}

/** Sends GET requests politely and reliably; `get` returns the parsed body, from the cache when fresh. */
export interface WorldBankTransport {
  get<T>(ctx: WorldBankRequestContext, parse: (body: string) => T): Promise<T>;
}

type Attempt =
  | { readonly ok: true; readonly body: string }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      readonly reason: string;
      readonly status?: number;
      readonly body?: string;
    };

/** Runs at most `max` tasks at once; the rest wait in arrival order. */
function createConcurrencyLimit(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < max) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter so `active` never overshoots.
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

async function attemptOnce(options: WorldBankTransportOptions, url: string): Promise<Attempt> {
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
    // The body is read under the same timeout: a server may send headers and then stall.
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

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Exponential backoff with "equal jitter": half the capped delay is fixed, half random. */
function backoffMs(options: WorldBankTransportOptions, retry: number): number {
  const capped = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** (retry - 1));
  return Math.round(capped / 2 + (options.random() * capped) / 2);
}

/** Creates the HTTP layer of the World Bank client: concurrency limit, timeouts, retries and the optional cache. */
export function createWorldBankTransport(options: WorldBankTransportOptions): WorldBankTransport {
  const limit = createConcurrencyLimit(options.concurrency);
  const { logger, cache } = options;

  async function fetchBody(ctx: WorldBankRequestContext): Promise<string> {
    const maxAttempts = options.retries + 1;
    for (let attempt = 1; ; attempt += 1) {
      logger.debug('worldbank request', { url: ctx.url, attempt });
      const outcome = await limit(() => attemptOnce(options, ctx.url));
      if (outcome.ok) return outcome.body;
      const details = {
        url: ctx.url,
        attempts: attempt,
        reason: outcome.reason,
        ...(outcome.status === undefined ? {} : { status: outcome.status }),
        ...(outcome.body === undefined ? {} : { body: bodySnippet(outcome.body) }),
      };
      if (!outcome.retryable) {
        throw new MeshError(
          'upstream_failed',
          `World Bank API answered ${outcome.reason} for ${ctx.what} (GET ${ctx.url}); not retried because the ` +
            `request itself was refused${outcome.body ? `: ${bodySnippet(outcome.body).slice(0, 120)}` : ''}`,
          { details },
        );
      }
      if (attempt >= maxAttempts) {
        throw new MeshError(
          'upstream_failed',
          `World Bank request for ${ctx.what} failed after ${attempt} attempt${attempt === 1 ? '' : 's'} ` +
            `(GET ${ctx.url}); last error: ${outcome.reason}. The API may be down; try again later`,
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
      const cached = cache === undefined ? undefined : await cache.read(ctx.url);
      if (cached !== undefined) {
        try {
          return parse(cached);
        } catch {
          logger.warn('worldbank cache entry no longer parses; refetching', { url: ctx.url });
        }
      }
      const body = await fetchBody(ctx);
      // Parse before caching so that error payloads and malformed bodies are never stored.
      const parsed = parse(body);
      if (cache !== undefined) await cache.write(ctx.url, body);
      return parsed;
    },
  };
}
