import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { EventOutbox } from '../../catalog/events/event-outbox.ts';
import type { MeshEvent } from '../../catalog/events/event-types.ts';
import {
  type WebhookDelivery,
  WebhookStore,
  type WebhookWithSecret,
} from '../../catalog/events/webhook-store.ts';
import { MeshError } from '../../core/errors.ts';
import type { Engine } from '../../engine/engine.ts';
import { eventScopeFor } from '../../governance/event-scope-for.ts';
import { resolvePrincipal } from '../../governance/identity-service.ts';
import { signWebhook } from './webhook-signature.ts';
import { type WebhookTargetPolicy, webhookTargetRefusal } from './webhook-target.ts';

/** A structured logger: a fixed message plus fields. */
export interface WebhookLogger {
  debug(message: string, fields: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields: Readonly<Record<string, unknown>>): void;
}

const SILENT: WebhookLogger = { debug() {}, warn() {} };

/** Options for {@link WebhookDispatcher}; every dependency can be injected. */
export interface WebhookDispatcherOptions {
  /** The HTTP client (default: the global fetch). */
  readonly fetch?: typeof fetch;
  /** The clock (default: the system clock). */
  readonly now?: () => Date;
  /** Random numbers in [0, 1) for the jitter (default Math.random). */
  readonly random?: () => number;
  readonly logger?: WebhookLogger;
  /** The delay after a first failure, before jitter (default 1 s); it doubles with every further failure. */
  readonly baseDelayMs?: number;
  /** The longest delay between attempts (default 1 h). */
  readonly maxDelayMs?: number;
  /** How long a receiver may take to answer (default 10 s). */
  readonly timeoutMs?: number;
  /** How long {@link WebhookDispatcher.start}'s loop waits between passes (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Most events one pass delivers to one webhook (default 100). */
  readonly batch?: number;
  /**
   * Automatic attempts at one event before it is abandoned (default 15: with the default delays, about 7 hours of
   * retries): the last attempt is logged as `abandoned`, the webhook's cursor moves past the event (so later events
   * flow again), and the event can still be sent by hand with a redelivery.
   */
  readonly maxAttempts?: number;
  /** Where deliveries may go (default `any`; a shared server uses `public`, see {@link WebhookTargetPolicy}). */
  readonly targets?: WebhookTargetPolicy;
  /** Resolves a host name to its addresses, for the `public` policy (default: the system resolver). */
  readonly resolveHost?: (host: string) => Promise<readonly string[]>;
  /**
   * How long a claim on delivering one webhook's events lasts unless renewed (default: the receiver timeout plus one
   * minute). It is renewed before every event, so it only runs out when its dispatcher stopped mid-delivery (a crash);
   * another dispatcher on the same store then takes over at the webhook's cursor.
   */
  readonly leaseMs?: number;
}

/** What one pass did. */
export interface DispatchPass {
  readonly delivered: number;
  readonly failed: number;
}

/** The body a receiver gets: the Standard Webhooks envelope around the event. */
export interface WebhookPayload {
  readonly type: string;
  readonly timestamp: string;
  readonly data: MeshEvent;
}

const outbox = new EventOutbox();
const store = new WebhookStore();

/**
 * Delivers outbox events to registered webhooks, in cursor order per webhook, signed per Standard Webhooks. A webhook's
 * cursor (stored) moves only after a 2xx, so after a stop or a crash a new dispatcher resumes where the last one
 * stopped: nothing is lost, and an event is sent again only if the process ended between the 2xx and the cursor update
 * (at-least-once, with the same `webhook-id`). A failure is logged and retried after an exponential backoff with
 * jitter; later events of that webhook wait for it (order is kept) until it is delivered or, after `maxAttempts`,
 * abandoned. Redirects are not followed, and under the `public` target policy a host that resolves to a non-public
 * address is not contacted. Several dispatchers may run on one store (server replicas on one PostgreSQL database):
 * each webhook is delivered by one of them at a time, the one holding its lease (`mw_webhook_leases`), which reads
 * the cursor only once it holds it, so no event goes out twice because two replicas saw it. Library code: it never
 * prints.
 */
export class WebhookDispatcher {
  readonly #engine: Engine;
  readonly #fetch: typeof fetch;
  readonly #now: () => Date;
  readonly #random: () => number;
  readonly #log: WebhookLogger;
  readonly #base: number;
  readonly #max: number;
  readonly #timeout: number;
  readonly #interval: number;
  readonly #batch: number;
  readonly #maxAttempts: number;
  readonly #targets: WebhookTargetPolicy;
  readonly #resolveHost: ((host: string) => Promise<readonly string[]>) | undefined;
  readonly #leaseMs: number;
  /** Who this dispatcher is in the lease table: unique per dispatcher, readable in an operator's query. */
  readonly #holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  #running: Promise<void> | null = null;
  #passes: Promise<unknown> = Promise.resolve();
  #stopping = false;
  #timer: NodeJS.Timeout | null = null;
  #wake: (() => void) | null = null;

  /** A dispatcher over a store's outbox and webhooks. */
  constructor(engine: Engine, options: WebhookDispatcherOptions = {}) {
    this.#engine = engine;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#log = options.logger ?? SILENT;
    this.#base = options.baseDelayMs ?? 1000;
    this.#max = options.maxDelayMs ?? 3_600_000;
    this.#timeout = options.timeoutMs ?? 10_000;
    this.#interval = options.pollIntervalMs ?? 1000;
    this.#batch = options.batch ?? 100;
    this.#maxAttempts = options.maxAttempts ?? 15;
    if (!Number.isSafeInteger(this.#maxAttempts) || this.#maxAttempts < 1)
      throw new MeshError(
        'invalid_input',
        `maxAttempts must be a whole number of at least 1, got ${options.maxAttempts}`,
      );
    this.#targets = options.targets ?? 'any';
    this.#resolveHost = options.resolveHost;
    this.#leaseMs = options.leaseMs ?? this.#timeout + 60_000;
    if (!Number.isFinite(this.#leaseMs) || this.#leaseMs <= this.#timeout)
      throw new MeshError(
        'invalid_input',
        `leaseMs must be longer than the receiver timeout (${this.#timeout} ms), got ${options.leaseMs}`,
      );
  }

  /** The wait before the next attempt after `failures` failed ones: base·2^(failures−1), capped, with half of it jittered. */
  backoffMs(failures: number): number {
    const full = Math.min(this.#max, this.#base * 2 ** Math.max(0, failures - 1));
    return Math.round(full / 2 + (full / 2) * this.#random());
  }

  /**
   * Runs one pass over every webhook: delivers the due events after each one's cursor. Passes of one dispatcher never
   * overlap (a pass asked for while one runs starts after it), so a manual pass beside the background ones sends no
   * event twice.
   */
  runOnce(): Promise<DispatchPass> {
    const pass = this.#passes.then(() => this.#pass());
    this.#passes = pass.catch(() => undefined);
    return pass;
  }

  async #pass(): Promise<DispatchPass> {
    let delivered = 0;
    let failed = 0;
    for (const listed of await store.list(this.#engine)) {
      if (this.#stopping) break;
      if (!(await this.#claim(listed.id))) {
        this.#log.debug('webhook delivered by another dispatcher now', { webhook: listed.id });
        continue;
      }
      try {
        // Read again under the lease: another dispatcher may have moved the cursor since the list was read.
        const webhook = await store.find(this.#engine, listed.id);
        if (webhook === undefined) continue;
        const r = await this.#dispatch(webhook);
        delivered += r.delivered;
        failed += r.failed;
      } finally {
        await store.release(this.#engine, listed.id, this.#holder).catch(() => undefined);
      }
    }
    return { delivered, failed };
  }

  /** Takes or renews this dispatcher's lease on a webhook; false when another dispatcher holds it. */
  async #claim(webhookId: string): Promise<boolean> {
    const now = this.#now();
    const until = new Date(now.getTime() + this.#leaseMs).toISOString();
    try {
      return await store.claim(this.#engine, webhookId, this.#holder, now.toISOString(), until);
    } catch (error) {
      // Two claims on one engine may collide (DuckDB refuses the later write of a row); the other one has it.
      if (error instanceof MeshError && error.code === 'conflict') return false;
      throw error;
    }
  }

  /** Starts passes in the background, one every poll interval, until {@link WebhookDispatcher.stop}. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = (async () => {
      while (!this.#stopping) {
        try {
          await this.runOnce();
        } catch (error) {
          this.#log.warn('webhook pass failed', { error: (error as Error).message });
        }
        if (this.#stopping) break;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          this.#timer = setTimeout(resolve, this.#interval);
        });
      }
    })();
  }

  /** Stops the background passes after the delivery in flight (whose outcome is recorded) and waits for them. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#wake?.();
    await this.#running;
    this.#running = null;
  }

  /**
   * Sends one event to a webhook again now, whatever its cursor, with the same `webhook-id`; logged as a manual
   * attempt, not retried and leaving the cursor where it is.
   * @throws MeshError `not_found` for an unknown webhook or event.
   */
  async redeliver(webhookId: string, eventId: string): Promise<WebhookDelivery> {
    const webhook = await store.find(this.#engine, webhookId);
    if (!webhook)
      throw new MeshError('not_found', `no webhook ${webhookId}; list them with meshwork webhook list`);
    const event = await outbox.find(this.#engine, eventId);
    if (!event)
      throw new MeshError('not_found', `no event ${eventId} in the outbox; list them with meshwork events`);
    const attempt = (await store.attempts(this.#engine, webhookId, eventId)).length + 1;
    const result = await this.#send(webhook, event);
    return store.logAttempt(this.#engine, {
      webhookId,
      eventId,
      eventCursor: event.cursor,
      attempt,
      manual: true,
      attemptedAt: this.#now().toISOString(),
      status: result.ok ? 'succeeded' : 'failed',
      httpStatus: result.httpStatus,
      error: result.error,
      nextAttemptAt: null,
    });
  }

  async #dispatch(webhook: WebhookWithSecret): Promise<DispatchPass> {
    let principal: Awaited<ReturnType<typeof resolvePrincipal>>;
    try {
      principal = await resolvePrincipal(this.#engine, webhook.createdBy);
    } catch {
      this.#log.warn('webhook owner no longer exists; not delivering', { webhook: webhook.id });
      return { delivered: 0, failed: 0 };
    }
    // Delivery reads events as the webhook's creator: a revoked grant stops its product's events.
    const scope = await eventScopeFor(this.#engine, principal, this.#now().toISOString());
    const events = await outbox.read(
      this.#engine,
      {
        after: webhook.after,
        limit: this.#batch,
        ...(webhook.types.length > 0 ? { types: webhook.types } : {}),
        ...(webhook.productId === null ? {} : { product: webhook.productId }),
        ...(webhook.domain === null ? {} : { domain: webhook.domain }),
      },
      scope,
    );
    let delivered = 0;
    for (const event of events) {
      if (this.#stopping) break;
      const previous = (await store.attempts(this.#engine, webhook.id, event.id)).filter((a) => !a.manual);
      const last = previous.at(-1);
      const now = this.#now();
      if (last?.nextAttemptAt && last.nextAttemptAt > now.toISOString()) break;
      // Renewed before every send, so the lease outlasts each delivery; lost only if this dispatcher stalled.
      if (!(await this.#claim(webhook.id))) break;
      const result = await this.#send(webhook, event);
      const attempt = previous.length + 1;
      const attemptedAt = this.#now();
      if (result.ok) {
        await this.#engine.transaction(async (tx) => {
          await store.logAttempt(tx, {
            webhookId: webhook.id,
            eventId: event.id,
            eventCursor: event.cursor,
            attempt,
            manual: false,
            attemptedAt: attemptedAt.toISOString(),
            status: 'succeeded',
            httpStatus: result.httpStatus,
            error: null,
            nextAttemptAt: null,
          });
          await store.advance(tx, webhook.id, event.cursor);
        });
        delivered += 1;
        this.#log.debug('webhook delivered', { webhook: webhook.id, event: event.id, attempt });
        continue;
      }
      if (attempt >= this.#maxAttempts) {
        // Abandoned: logged as such and stepped over, so one event cannot hold back the webhook's later ones forever.
        await this.#engine.transaction(async (tx) => {
          await store.logAttempt(tx, {
            webhookId: webhook.id,
            eventId: event.id,
            eventCursor: event.cursor,
            attempt,
            manual: false,
            attemptedAt: attemptedAt.toISOString(),
            status: 'abandoned',
            httpStatus: result.httpStatus,
            error: result.error,
            nextAttemptAt: null,
          });
          await store.advance(tx, webhook.id, event.cursor);
        });
        this.#log.warn('webhook event abandoned', {
          webhook: webhook.id,
          event: event.id,
          attempts: attempt,
          status: result.httpStatus,
        });
        return { delivered, failed: 1 };
      }
      const next = new Date(attemptedAt.getTime() + this.backoffMs(attempt));
      await store.logAttempt(this.#engine, {
        webhookId: webhook.id,
        eventId: event.id,
        eventCursor: event.cursor,
        attempt,
        manual: false,
        attemptedAt: attemptedAt.toISOString(),
        status: 'failed',
        httpStatus: result.httpStatus,
        error: result.error,
        nextAttemptAt: next.toISOString(),
      });
      this.#log.warn('webhook delivery failed', {
        webhook: webhook.id,
        event: event.id,
        attempt,
        status: result.httpStatus,
        nextAttemptAt: next.toISOString(),
      });
      return { delivered, failed: 1 };
    }
    return { delivered, failed: 0 };
  }

  async #send(
    webhook: WebhookWithSecret,
    event: MeshEvent,
  ): Promise<{ ok: boolean; httpStatus: number | null; error: string | null }> {
    const refusal = await webhookTargetRefusal(new URL(webhook.url), this.#targets, this.#resolveHost);
    if (refusal !== null) return { ok: false, httpStatus: null, error: refusal };
    const payload: WebhookPayload = { type: event.type, timestamp: event.time, data: event };
    const body = JSON.stringify(payload);
    const headers = signWebhook(webhook.secret, event.id, Math.floor(this.#now().getTime() / 1000), body);
    try {
      const response = await this.#fetch(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(this.#timeout),
        // A redirect is not followed: it could lead a signed delivery anywhere, past the target policy.
        redirect: 'manual',
      });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true, httpStatus: response.status, error: null };
      if (response.status >= 300 && response.status < 400) {
        return {
          ok: false,
          httpStatus: response.status,
          error: `the receiver answered HTTP ${response.status} (a redirect): webhooks do not follow redirects; register the final URL`,
        };
      }
      return {
        ok: false,
        httpStatus: response.status,
        error: `the receiver answered HTTP ${response.status}`,
      };
    } catch (error) {
      // The message names the failure (refused, timed out), never the secret or the body.
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      return {
        ok: false,
        httpStatus: null,
        error: `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${String(cause)})` : ''}`,
      };
    }
  }
}
