import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { EVENT_TYPES, type EventType } from '../../catalog/events/event-types.ts';
import { MeshError } from '../../core/errors.ts';
import type { WebhookRegistration } from '../../product/webhooks/mesh-webhooks.ts';
import type { RouteDeps, ServerEnv } from '../server-env.ts';
import { ERROR_RESPONSES, jsonContent } from './common-schemas.ts';

/** One event of the outbox, as the API returns it (docs/events.md). */
const EventSchema = z
  .object({
    cursor: z
      .number()
      .int()
      .openapi({ description: 'position in the outbox; pass it as `after` to read on' }),
    id: z.string().openapi({ description: 'UUID; also the webhook-id of its deliveries' }),
    type: z.enum(EVENT_TYPES),
    time: z.string(),
    productId: z.string().nullable(),
    domain: z.string().nullable(),
    principal: z.string(),
    actor: z.string(),
    payloadKind: z.enum(['meshwork', 'openlineage']),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('Event');

const EventFilters = {
  type: z
    .string()
    .optional()
    .openapi({ description: `comma-separated event types (${EVENT_TYPES.slice(0, 3).join(', ')}, …)` }),
  product: z.string().optional(),
  domain: z.string().optional(),
};

const EventsQuery = z.strictObject({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'cursor to read after (default 0)' }),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  ...EventFilters,
});

const StreamQuery = z.strictObject({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'cursor to start after (default: Last-Event-ID, else the newest event now)' }),
  ...EventFilters,
});

const WebhookBody = z
  .strictObject({
    url: z.string().url(),
    product: z.string().optional(),
    domain: z.string().optional(),
    types: z.array(z.enum(EVENT_TYPES)).optional(),
    after: z.number().int().min(0).optional(),
    description: z.string().optional(),
  })
  .openapi('WebhookRegistration');

const WebhookParams = z.strictObject({
  webhookId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'webhookId', in: 'path' } }),
});
const RedeliverBody = z.strictObject({ eventId: z.string().min(1) });
const Untyped = z.record(z.string(), z.unknown());

const tags = ['events'];
const routes = {
  events: createRoute({
    method: 'get',
    path: '/events',
    tags,
    summary: 'Read the events outbox after a cursor (replayable), oldest first',
    request: { query: EventsQuery },
    responses: {
      200: jsonContent(
        z.object({ events: z.array(EventSchema), next: z.number().int() }),
        '{ events, next }: pass next as after for the following page',
      ),
      ...ERROR_RESPONSES,
    },
  }),
  stream: createRoute({
    method: 'get',
    path: '/events/stream',
    tags,
    summary:
      'Follow the outbox live as server-sent events (id: cursor, event: type, data: the event as JSON)',
    request: { query: StreamQuery },
    responses: {
      200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...ERROR_RESPONSES,
    },
  }),
  listWebhooks: createRoute({
    method: 'get',
    path: '/webhooks',
    tags,
    summary: 'The webhooks this principal registered (all of them for an admin)',
    responses: {
      200: jsonContent(z.object({ webhooks: z.array(Untyped) }), '{ webhooks }'),
      ...ERROR_RESPONSES,
    },
  }),
  addWebhook: createRoute({
    method: 'post',
    path: '/webhooks',
    tags,
    summary: 'Register a webhook; the response carries its signing secret, shown this once',
    request: { body: { required: true, content: { 'application/json': { schema: WebhookBody } } } },
    responses: { 201: jsonContent(Untyped, 'The webhook and its secret'), ...ERROR_RESPONSES },
  }),
  removeWebhook: createRoute({
    method: 'delete',
    path: '/webhooks/{webhookId}',
    tags,
    summary: 'Remove a webhook',
    request: { params: WebhookParams },
    responses: { 204: { description: 'Removed' }, ...ERROR_RESPONSES },
  }),
  deliveries: createRoute({
    method: 'get',
    path: '/webhooks/{webhookId}/deliveries',
    tags,
    summary: "A webhook's delivery log, newest first",
    request: {
      params: WebhookParams,
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).optional() }),
    },
    responses: {
      200: jsonContent(z.object({ deliveries: z.array(Untyped) }), '{ deliveries }'),
      ...ERROR_RESPONSES,
    },
  }),
  dispatch: createRoute({
    method: 'post',
    path: '/webhooks/dispatch',
    tags,
    summary:
      'Deliver the due events to every webhook once now, with the server’s dispatcher (platform admins only)',
    responses: {
      200: jsonContent(
        z.object({ delivered: z.number().int(), failed: z.number().int() }).openapi('DispatchPass'),
        'What the pass delivered and how many deliveries failed',
      ),
      ...ERROR_RESPONSES,
    },
  }),
  redeliver: createRoute({
    method: 'post',
    path: '/webhooks/{webhookId}/redeliver',
    tags,
    summary: 'Send one event to the webhook again now (same webhook-id)',
    request: {
      params: WebhookParams,
      body: { required: true, content: { 'application/json': { schema: RedeliverBody } } },
    },
    responses: { 200: jsonContent(Untyped, 'The delivery attempt'), ...ERROR_RESPONSES },
  }),
};

/** Splits `type=a,b` into event types, refusing an unknown one with its name. */
function parseTypes(text: string | undefined): EventType[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const types = text.split(',').map((t) => t.trim());
  for (const t of types) {
    if (!(EVENT_TYPES as readonly string[]).includes(t))
      throw new MeshError(
        'invalid_input',
        `type: unknown event type ${t}; the types are ${EVENT_TYPES.join(', ')}`,
        {
          details: { field: 'type', value: t },
        },
      );
  }
  return types as EventType[];
}

/** How often the SSE stream polls the outbox when nothing new came. */
const STREAM_POLL_MS = 500;

/** Adds GET /events, GET /events/stream (SSE) and the /webhooks routes. */
export function registerEventRoutes(app: OpenAPIHono<ServerEnv>, deps: RouteDeps): void {
  app.openapi(routes.events, async (c) => {
    const { after, limit, type, product, domain } = c.req.valid('query');
    const events = await c.get('mesh').events({
      after: after ?? 0,
      ...(limit === undefined ? {} : { limit }),
      ...(type === undefined ? {} : { types: parseTypes(type) ?? [] }),
      ...(product === undefined ? {} : { product }),
      ...(domain === undefined ? {} : { domain }),
    });
    const next = events.length > 0 ? (events[events.length - 1]?.cursor ?? 0) : (after ?? 0);
    return c.json({ events, next } as never, 200);
  });

  app.openapi(routes.stream, async (c) => {
    const { after, type, product, domain } = c.req.valid('query');
    const types = parseTypes(type);
    const mesh = c.get('mesh');
    const lastEventId = Number(c.req.header('last-event-id'));
    // Without a starting point the stream begins at the newest event now: a live tail, not a replay.
    let start = after ?? (Number.isSafeInteger(lastEventId) && lastEventId >= 0 ? lastEventId : undefined);
    if (start === undefined) {
      let newest = 0;
      for (;;) {
        const page = await mesh.events({ after: newest, limit: 1000 });
        if (page.length === 0) break;
        newest = page[page.length - 1]?.cursor ?? newest;
      }
      start = newest;
    }
    const query = {
      after: start,
      ...(types === undefined ? {} : { types }),
      ...(product === undefined ? {} : { product }),
      ...(domain === undefined ? {} : { domain }),
    };
    return streamSSE(c, async (stream) => {
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      c.req.raw.signal.addEventListener('abort', () => stop.abort());
      for await (const event of mesh.tailEvents(query, { intervalMs: STREAM_POLL_MS, signal: stop.signal })) {
        await stream.writeSSE({ id: String(event.cursor), event: event.type, data: JSON.stringify(event) });
      }
    }) as never;
  });

  app.openapi(routes.listWebhooks, async (c) =>
    c.json({ webhooks: await c.get('mesh').webhooks.list() } as never, 200),
  );
  app.openapi(routes.addWebhook, async (c) => {
    const body = c.req.valid('json');
    // Only the fields given: the SDK's options take no explicit undefined.
    const registration = Object.fromEntries(
      Object.entries(body).filter(([, v]) => v !== undefined),
    ) as unknown as WebhookRegistration;
    return c.json((await c.get('mesh').webhooks.register(registration)) as never, 201);
  });
  app.openapi(routes.removeWebhook, async (c) => {
    await c.get('mesh').webhooks.remove(c.req.valid('param').webhookId);
    return c.body(null, 204) as never;
  });
  app.openapi(routes.deliveries, async (c) => {
    const { limit } = c.req.valid('query');
    const deliveries = await c.get('mesh').webhooks.deliveries(c.req.valid('param').webhookId, limit ?? 50);
    return c.json({ deliveries } as never, 200);
  });
  app.openapi(routes.dispatch, async (c) => {
    // The caller's own check: only a platform admin may run the dispatcher (the pass runs the server's one).
    c.get('mesh').webhooks.dispatcher();
    return c.json(await deps.webhookDispatcher().runOnce(), 200);
  });
  app.openapi(routes.redeliver, async (c) => {
    const { eventId } = c.req.valid('json');
    return c.json(
      (await c.get('mesh').webhooks.redeliver(c.req.valid('param').webhookId, eventId)) as never,
      200,
    );
  });
}
