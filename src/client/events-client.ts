import type { EventQuery } from '../catalog/events/event-outbox.ts';
import type { MeshEvent } from '../catalog/events/event-types.ts';
import type {
  MeshWebhooks,
  RegisteredWebhook,
  WebhookRegistration,
} from '../product/webhooks/mesh-webhooks.ts';
import type { DispatchPass } from '../product/webhooks/webhook-dispatcher.ts';
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

/** The event in one server-sent event block (its `data:` lines as JSON); undefined for a comment or keep-alive. */
function parseServerSentEvent(block: string): MeshEvent | undefined {
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  if (data.length === 0) return undefined;
  return JSON.parse(data.join('\n')) as MeshEvent;
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

  /**
   * Follows the outbox live over server-sent events (`GET /events/stream`), yielding each event as it is written.
   * Starts after `after` (else after `lastEventId`, else at the newest event now) and runs until `signal` is aborted
   * or the server ends the stream; to resume, pass the last event's `cursor` as `after`.
   * @throws MeshClientError for an error answer (e.g. `unauthorized`, `invalid_input` for an unknown type).
   * @example
   * for await (const event of client.events.stream({ product: 'sales.transactions' }, { signal })) console.log(event.type);
   */
  async *stream(
    query: Omit<EventQuery, 'limit'> = {},
    options: { readonly signal?: AbortSignal; readonly lastEventId?: number } = {},
  ): AsyncGenerator<MeshEvent, void, undefined> {
    const { types, ...rest } = query;
    let response: Response;
    try {
      response = await this.#http.send({
        path: '/events/stream',
        query: { ...rest, type: types },
        accept: 'text/event-stream',
        ...(options.lastEventId === undefined ? {} : { lastEventId: String(options.lastEventId) }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      if (options.signal?.aborted) return;
      throw error;
    }
    if (response.body === null) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (options.signal?.aborted) return;
          throw error;
        }
        if (chunk.done) return;
        buffered += chunk.value.replace(/\r\n?/g, '\n');
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          // Aborted: nothing more is handed out, also of what was read already.
          if (options.signal?.aborted) return;
          const event = parseServerSentEvent(buffered.slice(0, end));
          buffered = buffered.slice(end + 2);
          if (event !== undefined) yield event;
          end = buffered.indexOf('\n\n');
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
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

  /**
   * Delivers the due events to every webhook once now, with the server's own dispatcher (after any pass under way).
   * @throws MeshClientError `unauthorized` for anyone but a platform admin.
   */
  dispatch(): Promise<DispatchPass> {
    return this.#http.json({ method: 'POST', path: '/webhooks/dispatch' });
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
