import type { EngineSession, Row } from '../../engine/engine.ts';
import { type EventType, isEventType } from './event-types.ts';

/** A registered webhook, without its secret. */
export interface Webhook {
  readonly id: string;
  readonly url: string;
  /** Only events of this product (null: any). */
  readonly productId: string | null;
  /** Only events of this domain (null: any). */
  readonly domain: string | null;
  /** Only events of these types (empty: every type). */
  readonly types: readonly EventType[];
  readonly createdBy: string;
  readonly createdAt: string;
  /** The cursor of the last event delivered with a 2xx (or skipped as not matching); delivery goes on after it. */
  readonly after: number;
  readonly description: string | null;
}

/** A webhook with its signing secret, for the dispatcher. */
export interface WebhookWithSecret extends Webhook {
  readonly secret: string;
}

/**
 * Delivery states: sent with a 2xx; failed (retried later, unless it was a manual redelivery); or abandoned (the last
 * automatic attempt failed: the webhook's cursor moved past the event, which only a redelivery sends again).
 */
export const DELIVERY_STATUSES = ['succeeded', 'failed', 'abandoned'] as const;
/** The outcome of one delivery attempt. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt to deliver an event to a webhook. */
export interface WebhookDelivery {
  readonly id: number;
  readonly webhookId: string;
  readonly eventId: string;
  readonly eventCursor: number;
  /** 1, 2, 3 … for the event at this webhook (manual redeliveries count on). */
  readonly attempt: number;
  readonly manual: boolean;
  readonly attemptedAt: string;
  readonly status: DeliveryStatus;
  /** The receiver's HTTP status, or null when no response came. */
  readonly httpStatus: number | null;
  readonly error: string | null;
  /** When the next automatic attempt is due (failed automatic attempts only). */
  readonly nextAttemptAt: string | null;
}

function toWebhook(r: Row): WebhookWithSecret {
  const types = (JSON.parse(String(r.types)) as string[]).filter(isEventType);
  return {
    id: String(r.id),
    url: String(r.url),
    productId: r.product_id === null ? null : String(r.product_id),
    domain: r.domain === null ? null : String(r.domain),
    types,
    createdBy: String(r.created_by),
    createdAt: String(r.created_at),
    after: Number(r.after_seq),
    description: r.description === null ? null : String(r.description),
    secret: String(r.secret),
  };
}

function toDelivery(r: Row): WebhookDelivery {
  return {
    id: Number(r.id),
    webhookId: String(r.webhook_id),
    eventId: String(r.event_id),
    eventCursor: Number(r.event_seq),
    attempt: Number(r.attempt),
    manual: Boolean(r.manual),
    attemptedAt: String(r.attempted_at),
    status: String(r.status) as DeliveryStatus,
    httpStatus: r.http_status === null ? null : Number(r.http_status),
    error: r.error === null ? null : String(r.error),
    nextAttemptAt: r.next_attempt_at === null ? null : String(r.next_attempt_at),
  };
}

/** Drops the secret of a stored webhook. */
export function withoutSecret(w: WebhookWithSecret): Webhook {
  const { secret: _s, ...rest } = w;
  return rest;
}

/**
 * Keeps webhooks (`mw_webhooks`), their delivery log (`mw_webhook_deliveries`) and the dispatchers' delivery leases
 * (`mw_webhook_leases`).
 */
export class WebhookStore {
  /** Stores a new webhook. */
  async insert(s: EngineSession, w: WebhookWithSecret): Promise<void> {
    await s.execute(
      `INSERT INTO mw_webhooks (id, url, product_id, domain, types, secret, created_by, created_at, after_seq, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        w.id,
        w.url,
        w.productId,
        w.domain,
        JSON.stringify(w.types),
        w.secret,
        w.createdBy,
        w.createdAt,
        w.after,
        w.description,
      ],
    );
  }

  /** Finds a webhook with its secret. */
  async find(s: EngineSession, id: string): Promise<WebhookWithSecret | undefined> {
    const [r] = await s.query('SELECT * FROM mw_webhooks WHERE id = $1', [id]);
    return r === undefined ? undefined : toWebhook(r);
  }

  /** Lists webhooks (with their secrets: strip them before showing), oldest first, optionally of one creator. */
  async list(s: EngineSession, createdBy?: string): Promise<WebhookWithSecret[]> {
    const rows =
      createdBy === undefined
        ? await s.query('SELECT * FROM mw_webhooks ORDER BY created_at, id')
        : await s.query('SELECT * FROM mw_webhooks WHERE created_by = $1 ORDER BY created_at, id', [
            createdBy,
          ]);
    return rows.map(toWebhook);
  }

  /** Removes a webhook, its delivery log and its lease; returns whether it existed. */
  async remove(s: EngineSession, id: string): Promise<boolean> {
    await s.execute('DELETE FROM mw_webhook_deliveries WHERE webhook_id = $1', [id]);
    await s.execute('DELETE FROM mw_webhook_leases WHERE webhook_id = $1', [id]);
    return (await s.execute('DELETE FROM mw_webhooks WHERE id = $1', [id])) > 0;
  }

  /** Moves a webhook's cursor forward (never back). */
  async advance(s: EngineSession, id: string, after: number): Promise<void> {
    await s.execute('UPDATE mw_webhooks SET after_seq = $2 WHERE id = $1 AND after_seq < $2', [id, after]);
  }

  /**
   * Takes, or extends, the lease on delivering a webhook's events for `holder` until `until` (ISO time), unless
   * another holder's lease still runs at `now`; returns whether `holder` holds it. The taking is one conditional
   * UPDATE, which the engine applies to the row one writer at a time: of several dispatchers (server replicas on one
   * database) claiming at once, exactly one wins, and a crashed holder's lease lapses at its end.
   */
  async claim(
    s: EngineSession,
    webhookId: string,
    holder: string,
    now: string,
    until: string,
  ): Promise<boolean> {
    await s.execute(
      `INSERT INTO mw_webhook_leases (webhook_id, holder, lease_until) VALUES ($1, '', '')
       ON CONFLICT (webhook_id) DO NOTHING`,
      [webhookId],
    );
    const taken = await s.execute(
      `UPDATE mw_webhook_leases SET holder = $2, lease_until = $3
       WHERE webhook_id = $1 AND (holder = $2 OR lease_until <= $4)`,
      [webhookId, holder, until, now],
    );
    return taken === 1;
  }

  /** Gives up `holder`'s lease on a webhook (nothing happens when another holds it). */
  async release(s: EngineSession, webhookId: string, holder: string): Promise<void> {
    await s.execute("UPDATE mw_webhook_leases SET lease_until = '' WHERE webhook_id = $1 AND holder = $2", [
      webhookId,
      holder,
    ]);
  }

  /** Logs one delivery attempt. */
  async logAttempt(s: EngineSession, d: Omit<WebhookDelivery, 'id'>): Promise<WebhookDelivery> {
    const [r] = await s.query(
      `INSERT INTO mw_webhook_deliveries (id, webhook_id, event_id, event_seq, attempt, manual, attempted_at, status,
         http_status, error, next_attempt_at)
       VALUES (nextval('mw_webhook_deliveries_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        d.webhookId,
        d.eventId,
        d.eventCursor,
        d.attempt,
        d.manual,
        d.attemptedAt,
        d.status,
        d.httpStatus,
        d.error,
        d.nextAttemptAt,
      ],
    );
    return { ...d, id: Number(r?.id) };
  }

  /** The attempts at one event of a webhook, oldest first. */
  async attempts(s: EngineSession, webhookId: string, eventId: string): Promise<WebhookDelivery[]> {
    const rows = await s.query(
      'SELECT * FROM mw_webhook_deliveries WHERE webhook_id = $1 AND event_id = $2 ORDER BY id',
      [webhookId, eventId],
    );
    return rows.map(toDelivery);
  }

  /** A webhook's delivery log, newest first. */
  async deliveries(s: EngineSession, webhookId: string, limit = 50): Promise<WebhookDelivery[]> {
    const n = Math.max(1, Math.min(1000, Math.trunc(limit)));
    const rows = await s.query(
      `SELECT * FROM mw_webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT ${n}`,
      [webhookId],
    );
    return rows.map(toDelivery);
  }
}
