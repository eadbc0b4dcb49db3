import type { EventQuery } from '../catalog/events/event-outbox.ts';
import type { MeshEvent } from '../catalog/events/event-types.ts';
import type {
  MeshWebhooks,
  RegisteredWebhook,
  WebhookRegistration,
} from '../product/webhooks/mesh-webhooks.ts';
import type { HttpTransport } from './http-transport.ts';

/** A webhook as the server lists it. */
export type WebhookInfo = Awaited<ReturnType<MeshWebhooks['list']>>[number];
/** One delivery attempt of a webhook. */
export type WebhookDeliveryInfo = Awaited<ReturnType<MeshWebhooks['deliveries']>>[number];

/** One page of the events outbox: pass `next` as `after` for the following one. */
export interface EventsPage {
  readonly events: MeshEvent[];
  readonly next: number;
}

/** The events outbox and webhooks over HTTP. */
export class EventsClient {
  readonly #http: HttpTransport;

  constructor(http: HttpTransport) {
    this.#http = http;
  }

  /** Reads the outbox after a cursor, oldest first. */
  list(query: EventQuery = {}): Promise<EventsPage> {
    const { types, ...rest } = query;
    return this.#http.json({ path: '/events', query: { ...rest, type: types } });
  }

  /** Reads every event after the cursor, page after page, until the outbox has no more. */
  async *all(query: Omit<EventQuery, 'limit'> = {}): AsyncGenerator<MeshEvent, void, undefined> {
    let after = query.after ?? 0;
    for (;;) {
      const page = await this.list({ ...query, after, limit: 1000 });
      yield* page.events;
      if (page.events.length === 0) return;
      after = page.next;
    }
  }

  /** The webhooks this principal registered (every one for an admin). */
  async webhooks(): Promise<WebhookInfo[]> {
    return (await this.#http.json<{ webhooks: WebhookInfo[] }>({ path: '/webhooks' })).webhooks;
  }

  /** Registers a webhook; the answer carries its signing secret, shown this once. */
  registerWebhook(input: WebhookRegistration): Promise<RegisteredWebhook> {
    return this.#http.json({ method: 'POST', path: '/webhooks', json: input });
  }

  /** Removes a webhook. */
  async removeWebhook(id: string): Promise<void> {
    await this.#http.send({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(id)}` });
  }

  /** A webhook's delivery log, newest first. */
  async deliveries(id: string, limit?: number): Promise<WebhookDeliveryInfo[]> {
    return (
      await this.#http.json<{ deliveries: WebhookDeliveryInfo[] }>({
        path: `/webhooks/${encodeURIComponent(id)}/deliveries`,
        query: { limit },
      })
    ).deliveries;
  }

  /** Sends one event to the webhook again now. */
  redeliver(id: string, eventId: string): Promise<WebhookDeliveryInfo> {
    return this.#http.json({
      method: 'POST',
      path: `/webhooks/${encodeURIComponent(id)}/redeliver`,
      json: { eventId },
    });
  }
}
