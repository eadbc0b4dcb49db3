import { PolicyViolationError, toFilter } from './chunk-3SYT4QUE.js';
import { readProductFolder } from './chunk-3W3RW7QW.js';
import './chunk-CMCKDKFV.js';
import { DEFAULT_LIMITS, ON_EXISTING_MODES, isLoopbackHost } from './chunk-XW5VXV64.js';
import {
  ACCESS_REQUEST_STATUSES,
  AUDIT_OUTCOMES,
  EVENT_TYPES,
  LINEAGE_DIRECTIONS,
  PRINCIPAL_KINDS,
  isPlatformAdmin,
} from './chunk-CZYLR5LO.js';
import './chunk-RH4LIB2Q.js';
import './chunk-FXK5COB7.js';
import { exportContract } from './chunk-O4MT43ZY.js';
import './chunk-FBN763SF.js';
import './chunk-3HSDKXCL.js';
import './chunk-Y3P7SELF.js';
import './chunk-5YITE3UL.js';
import { CONTRACT_EXPORT_FORMATS } from './chunk-A2DVDANQ.js';
import './chunk-K5DZIQWA.js';
import './chunk-VAFVFMKZ.js';
import './chunk-B2BX6XU6.js';
import './chunk-XYK6DAA3.js';
import './chunk-EKUJCVLF.js';
import './chunk-47QYJMV7.js';
import { ContractViolationError, MeshError, PolicyDeniedError, isMeshError } from './chunk-Z2USMJAC.js';

// dist/server/bootstrap-admin.js
var BOOTSTRAP_ADMIN_ID = 'admin';
async function ensureAdminPrincipal(mesh) {
  const gov = mesh.governance;
  if ((await gov.listPrincipals()).some((p) => isPlatformAdmin(p))) return { created: false };
  await gov.addPrincipal({
    id: BOOTSTRAP_ADMIN_ID,
    roles: ['admin'],
    displayName: 'Server admin (first start)',
  });
  const token = await gov.createToken({ principal: BOOTSTRAP_ADMIN_ID, name: 'serve-bootstrap' });
  return { created: true, principalId: BOOTSTRAP_ADMIN_ID, token: token.token, expiresAt: token.expiresAt };
}

// dist/server/create-mesh-server.js
import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import pino from 'pino';

// dist/server/auth-middleware.js
import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';

// dist/server/http-status.js
var SERVER_PROBLEM_CODES = ['payload_too_large', 'rate_limited'];
var HTTP_STATUS = {
  invalid_input: 400,
  unauthorized: 403,
  policy_denied: 403,
  not_found: 404,
  already_exists: 409,
  conflict: 409,
  payload_too_large: 413,
  contract_violation: 422,
  rate_limited: 429,
  storage_unavailable: 503,
  upstream_failed: 503,
  internal: 500,
};
function httpStatusFor(code) {
  return HTTP_STATUS[code];
}

// dist/server/problem.js
var PROBLEM_MEDIA_TYPE = 'application/problem+json';
var PROBLEM_TYPE_BASE = 'https://meshwork.dev/problems/';
var TITLES = {
  invalid_input: 'Invalid input',
  not_found: 'Not found',
  already_exists: 'Already exists',
  conflict: 'Conflict',
  contract_violation: 'Contract violation',
  policy_denied: 'Denied by policy',
  unauthorized: 'Not authorized',
  storage_unavailable: 'Store unavailable',
  upstream_failed: 'Upstream service failed',
  internal: 'Internal error',
  payload_too_large: 'Request body too large',
  rate_limited: 'Too many requests',
};
function createProblem(code, detail, extra = {}) {
  return {
    type: `${PROBLEM_TYPE_BASE}${code.replace(/_/g, '-')}`,
    title: TITLES[code],
    status: extra.status ?? httpStatusFor(code),
    detail,
    code,
    ...(extra.issues === void 0 ? {} : { issues: extra.issues }),
    ...(extra.violations === void 0 ? {} : { violations: extra.violations }),
  };
}
function toProblem(error) {
  if (isMeshError(error)) {
    if (error instanceof PolicyViolationError) {
      return createProblem(error.code, error.message, { issues: error.issues, violations: error.violations });
    }
    if (error instanceof PolicyDeniedError) {
      return createProblem(error.code, error.message, {
        violations: [{ policyId: error.policyId, path: '', message: error.reason }],
      });
    }
    if (error instanceof ContractViolationError) {
      return createProblem(error.code, error.message, { issues: error.issues });
    }
    return createProblem(error.code, error.message);
  }
  return createProblem(
    'internal',
    'the server failed while handling the request; this is a bug, see the server log',
  );
}

// dist/server/problem-response.js
function problemResponse(c, problem2, headers = {}) {
  const requestId = c.get('requestId');
  const body = { ...problem2, instance: c.req.path, ...(requestId === void 0 ? {} : { requestId }) };
  return c.newResponse(JSON.stringify(body), problem2.status, {
    ...headers,
    'content-type': PROBLEM_MEDIA_TYPE,
  });
}

// dist/server/auth-middleware.js
var PUBLIC_PATHS = /* @__PURE__ */ new Set(['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs']);
var BEARER = /^Bearer\s+(\S+)\s*$/i;
function clientAddress(c) {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
function authMiddleware(root, limiter, dev, failures) {
  const accepted = /* @__PURE__ */ new Set();
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    const match = header === void 0 ? null : BEARER.exec(header);
    const address = `addr:${clientAddress(c)}`;
    const key =
      match?.[1] === void 0 ? address : `token:${createHash('sha256').update(match[1]).digest('base64url')}`;
    if (!dev && !accepted.has(key) && failures.isOver(address)) {
      return problemResponse(
        c,
        createProblem('rate_limited', 'too many refused tokens from this address; wait before trying again'),
        { 'retry-after': String(failures.take(address).resetSeconds) },
      );
    }
    const decision = limiter.take(dev ? 'dev' : key);
    c.header('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      return problemResponse(
        c,
        createProblem(
          'rate_limited',
          `too many requests for this token; wait ${decision.resetSeconds} s (the server's rate limit)`,
        ),
        { 'retry-after': String(decision.resetSeconds) },
      );
    }
    if (dev) {
      c.set('mesh', root);
      c.set('principalId', root.principal.id);
      return next();
    }
    const unauthenticated = (detail) =>
      problemResponse(c, createProblem('unauthorized', detail, { status: 401 }), {
        'www-authenticate': 'Bearer realm="meshwork"',
      });
    if (header === void 0) {
      return unauthenticated(
        'this request needs a token: send Authorization: Bearer mwt_\u2026 (meshwork token create)',
      );
    }
    if (match?.[1] === void 0) {
      return unauthenticated('the Authorization header must be "Bearer mwt_\u2026"');
    }
    try {
      const principal = await root.governance.authenticate(match[1]);
      c.set('mesh', await root.as(principal));
      c.set('principalId', principal.id);
      if (accepted.size >= 1e4) accepted.clear();
      accepted.add(key);
    } catch (error) {
      if (isMeshError(error) && error.code === 'unauthorized') {
        failures.take(address);
        return unauthenticated(error.message);
      }
      throw error;
    }
    return next();
  };
}

// dist/server/rate-limiter.js
var RateLimiter = class {
  #limit;
  #windowMs;
  #now;
  #windows = /* @__PURE__ */ new Map();
  constructor(limit, windowMs, now = Date.now) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }
  /** Counts one request for `key` and tells whether it may proceed. */
  take(key) {
    const now = this.#now();
    if (this.#windows.size > 1e4) this.#sweep(now);
    let w = this.#windows.get(key);
    if (w === void 0 || now - w.start >= this.#windowMs) {
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
    }
    w.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((w.start + this.#windowMs - now) / 1e3));
    return { allowed: w.count <= this.#limit, remaining: Math.max(0, this.#limit - w.count), resetSeconds };
  }
  /** Tells whether `key` is over the limit in its current window, without counting a request. */
  isOver(key) {
    const w = this.#windows.get(key);
    return w !== void 0 && this.#now() - w.start < this.#windowMs && w.count >= this.#limit;
  }
  #sweep(now) {
    for (const [key, w] of this.#windows) if (now - w.start >= this.#windowMs) this.#windows.delete(key);
  }
};

// dist/server/request-log.js
import { randomUUID } from 'node:crypto';
import { matchedRoutes } from 'hono/route';
var REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
function routeOf(c) {
  const routes6 = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return routes6.at(-1)?.path ?? 'unmatched';
}
function requestLog(logger, metrics) {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    const given = c.req.header('x-request-id');
    const requestId = given !== void 0 && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route2 = routeOf(c);
    const status = String(c.res.status);
    const labels = { method: c.req.method, route: route2, status };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, seconds);
    if (c.res.status === 403) metrics.policyDenials.inc({ route: route2 });
    logger.info(
      {
        requestId,
        principal: c.get('principalId') ?? null,
        method: c.req.method,
        route: route2,
        status: c.res.status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
      },
      'request',
    );
  };
}

// dist/server/routes/catalog-routes.js
import { createRoute, z as z3 } from '@hono/zod-openapi';

// dist/server/routes/common-schemas.js
import { z } from '@hono/zod-openapi';
var ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: "Meshwork's error code, e.g. invalid_input or policy_denied" }),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    issues: z
      .array(
        z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string() }),
      )
      .optional(),
    violations: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .openapi('Problem');
var ProductIdParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'sales.transactions' }),
});
var problem = (description) => ({
  description,
  content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
});
var ERROR_RESPONSES = {
  400: problem(
    'Invalid input: unknown field, wrong type, malformed JSON or filter (issues name the field path)',
  ),
  401: problem('No token, or the token is malformed, unknown, expired or revoked'),
  403: problem('Not allowed: a missing role or grant, or a policy denial (violations lists every one)'),
  404: problem('No such product (or resource)'),
  409: problem('Conflict, e.g. already exists or a refused lifecycle transition'),
  413: problem('Request body over the limit'),
  422: problem('Contract violation (issues lists every one)'),
  429: problem('Rate limit reached; retry after Retry-After seconds'),
  503: problem('Store or upstream unavailable'),
};
var JsonObject = z.record(z.string(), z.unknown());
function jsonContent(schema, description) {
  return { description, content: { 'application/json': { schema } } };
}

// dist/server/routes/result-schemas.js
import { z as z2 } from '@hono/zod-openapi';
var IssueSchema = z2.object({
  path: z2.array(z2.union([z2.string(), z2.number()])),
  code: z2.string(),
  message: z2.string(),
});
var IngestResultSchema = z2
  .looseObject({
    total: z2.number().int(),
    accepted: z2.number().int(),
    skipped: z2.number().int(),
    updated: z2.number().int(),
    interrupted: z2.boolean(),
    rejectedCount: z2.number().int(),
    batches: z2.number().int(),
    rejected: z2.array(
      z2.looseObject({
        index: z2.number().int(),
        line: z2.number().int().nullable().optional(),
        issues: z2.array(IssueSchema),
      }),
    ),
  })
  .openapi('IngestResult');
var ProductDescriptorSchema = z2
  .looseObject({
    id: z2.string(),
    name: z2.string(),
    domain: z2.string(),
    owner: z2.string(),
    description: z2.string(),
    version: z2.string(),
    status: z2.enum(['draft', 'published', 'deprecated', 'archived']),
    tags: z2.array(z2.string()),
    schema: z2.looseObject({ fields: z2.array(z2.looseObject({ name: z2.string(), type: z2.string() })) }),
    createdAt: z2.string(),
    updatedAt: z2.string(),
  })
  .openapi('ProductDescriptor');
var ProductListSchema = z2.object({ products: z2.array(ProductDescriptorSchema) }).openapi('ProductList');
var DomainSchema = z2
  .looseObject({
    name: z2.string(),
    description: z2.string().nullable(),
    ownerTeam: z2.string().nullable(),
    products: z2.record(z2.string(), z2.number().int()),
  })
  .openapi('Domain');
var SearchResultSchema = z2
  .object({
    hits: z2.array(
      z2.looseObject({
        productId: z2.string(),
        score: z2.number(),
        name: z2.string(),
        domain: z2.string(),
        status: z2.string(),
      }),
    ),
    facets: z2.record(z2.string(), z2.record(z2.string(), z2.number().int())),
  })
  .openapi('SearchResult');

// dist/server/routes/catalog-routes.js
var SearchQuery = z3.strictObject({
  q: z3
    .string()
    .optional()
    .openapi({ description: 'words to find; empty lists everything passing the filters' }),
  domain: z3.string().optional(),
  status: z3.enum(['draft', 'published', 'deprecated', 'archived']).optional(),
  tag: z3.string().optional(),
  qualityLevel: z3.string().optional(),
  owner: z3.string().optional(),
  pii: z3.enum(['true', 'false']).optional(),
  limit: z3.coerce.number().int().min(1).max(1e3).optional(),
});
var DomainBody = z3
  .strictObject({
    name: z3.string().min(1),
    description: z3.string().optional(),
    ownerTeam: z3.string().optional(),
  })
  .openapi('DomainDefinition');
var tags = ['catalog'];
var routes = {
  search: createRoute({
    method: 'get',
    path: '/search',
    tags,
    summary: 'Search the catalog, with facets',
    request: { query: SearchQuery },
    responses: { 200: jsonContent(SearchResultSchema, '{ hits, facets }'), ...ERROR_RESPONSES },
  }),
  domains: createRoute({
    method: 'get',
    path: '/domains',
    tags,
    summary: 'Every domain with its description, owner team and product counts',
    responses: {
      200: jsonContent(z3.object({ domains: z3.array(DomainSchema) }), '{ domains }'),
      ...ERROR_RESPONSES,
    },
  }),
  defineDomain: createRoute({
    method: 'post',
    path: '/domains',
    tags,
    summary: 'Create a domain or set its description and owner team',
    request: { body: { required: true, content: { 'application/json': { schema: DomainBody } } } },
    responses: { 200: jsonContent(DomainSchema, 'The domain'), ...ERROR_RESPONSES },
  }),
};
function registerCatalogRoutes(app, _deps) {
  app.openapi(routes.search, async (c) => {
    const { q, pii, qualityLevel, ...rest } = c.req.valid('query');
    const hits = await c.get('mesh').search(q ?? '', {
      ...rest,
      ...(pii === void 0 ? {} : { pii: pii === 'true' }),
      ...(qualityLevel === void 0 ? {} : { qualityLevel }),
    });
    return c.json({ hits: [...hits], facets: hits.facets }, 200);
  });
  app.openapi(routes.domains, async (c) => c.json({ domains: await c.get('mesh').listDomains() }, 200));
  app.openapi(routes.defineDomain, async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await c.get('mesh').defineDomain({
        name: body.name,
        ...(body.description === void 0 ? {} : { description: body.description }),
        ...(body.ownerTeam === void 0 ? {} : { ownerTeam: body.ownerTeam }),
      }),
      200,
    );
  });
}

// dist/server/routes/event-routes.js
import { createRoute as createRoute2, z as z4 } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
var EventSchema = z4
  .object({
    cursor: z4
      .number()
      .int()
      .openapi({ description: 'position in the outbox; pass it as `after` to read on' }),
    id: z4.string().openapi({ description: 'UUID; also the webhook-id of its deliveries' }),
    type: z4.enum(EVENT_TYPES),
    time: z4.string(),
    productId: z4.string().nullable(),
    domain: z4.string().nullable(),
    principal: z4.string(),
    actor: z4.string(),
    payloadKind: z4.enum(['meshwork', 'openlineage']),
    payload: z4.record(z4.string(), z4.unknown()),
  })
  .openapi('Event');
var EventFilters = {
  type: z4
    .string()
    .optional()
    .openapi({ description: `comma-separated event types (${EVENT_TYPES.slice(0, 3).join(', ')}, \u2026)` }),
  product: z4.string().optional(),
  domain: z4.string().optional(),
};
var EventsQuery = z4.strictObject({
  after: z4.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'cursor to read after (default 0)' }),
  limit: z4.coerce.number().int().min(1).max(1e3).optional(),
  ...EventFilters,
});
var StreamQuery = z4.strictObject({
  after: z4.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'cursor to start after (default: Last-Event-ID, else the newest event now)' }),
  ...EventFilters,
});
var WebhookBody = z4
  .strictObject({
    url: z4.string().url(),
    product: z4.string().optional(),
    domain: z4.string().optional(),
    types: z4.array(z4.enum(EVENT_TYPES)).optional(),
    after: z4.number().int().min(0).optional(),
    description: z4.string().optional(),
  })
  .openapi('WebhookRegistration');
var WebhookParams = z4.strictObject({
  webhookId: z4
    .string()
    .min(1)
    .openapi({ param: { name: 'webhookId', in: 'path' } }),
});
var RedeliverBody = z4.strictObject({ eventId: z4.string().min(1) });
var Untyped = z4.record(z4.string(), z4.unknown());
var tags2 = ['events'];
var routes2 = {
  events: createRoute2({
    method: 'get',
    path: '/events',
    tags: tags2,
    summary: 'Read the events outbox after a cursor (replayable), oldest first',
    request: { query: EventsQuery },
    responses: {
      200: jsonContent(
        z4.object({ events: z4.array(EventSchema), next: z4.number().int() }),
        '{ events, next }: pass next as after for the following page',
      ),
      ...ERROR_RESPONSES,
    },
  }),
  stream: createRoute2({
    method: 'get',
    path: '/events/stream',
    tags: tags2,
    summary:
      'Follow the outbox live as server-sent events (id: cursor, event: type, data: the event as JSON)',
    request: { query: StreamQuery },
    responses: {
      200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z4.string() } } },
      ...ERROR_RESPONSES,
    },
  }),
  listWebhooks: createRoute2({
    method: 'get',
    path: '/webhooks',
    tags: tags2,
    summary: 'The webhooks this principal registered (all of them for an admin)',
    responses: {
      200: jsonContent(z4.object({ webhooks: z4.array(Untyped) }), '{ webhooks }'),
      ...ERROR_RESPONSES,
    },
  }),
  addWebhook: createRoute2({
    method: 'post',
    path: '/webhooks',
    tags: tags2,
    summary: 'Register a webhook; the response carries its signing secret, shown this once',
    request: { body: { required: true, content: { 'application/json': { schema: WebhookBody } } } },
    responses: { 201: jsonContent(Untyped, 'The webhook and its secret'), ...ERROR_RESPONSES },
  }),
  removeWebhook: createRoute2({
    method: 'delete',
    path: '/webhooks/{webhookId}',
    tags: tags2,
    summary: 'Remove a webhook',
    request: { params: WebhookParams },
    responses: { 204: { description: 'Removed' }, ...ERROR_RESPONSES },
  }),
  deliveries: createRoute2({
    method: 'get',
    path: '/webhooks/{webhookId}/deliveries',
    tags: tags2,
    summary: "A webhook's delivery log, newest first",
    request: {
      params: WebhookParams,
      query: z4.strictObject({ limit: z4.coerce.number().int().min(1).max(1e3).optional() }),
    },
    responses: {
      200: jsonContent(z4.object({ deliveries: z4.array(Untyped) }), '{ deliveries }'),
      ...ERROR_RESPONSES,
    },
  }),
  redeliver: createRoute2({
    method: 'post',
    path: '/webhooks/{webhookId}/redeliver',
    tags: tags2,
    summary: 'Send one event to the webhook again now (same webhook-id)',
    request: {
      params: WebhookParams,
      body: { required: true, content: { 'application/json': { schema: RedeliverBody } } },
    },
    responses: { 200: jsonContent(Untyped, 'The delivery attempt'), ...ERROR_RESPONSES },
  }),
};
function parseTypes(text) {
  if (text === void 0 || text.trim() === '') return void 0;
  const types = text.split(',').map((t) => t.trim());
  for (const t of types) {
    if (!EVENT_TYPES.includes(t))
      throw new MeshError(
        'invalid_input',
        `type: unknown event type ${t}; the types are ${EVENT_TYPES.join(', ')}`,
        {
          details: { field: 'type', value: t },
        },
      );
  }
  return types;
}
var STREAM_POLL_MS = 500;
function registerEventRoutes(app, _deps) {
  app.openapi(routes2.events, async (c) => {
    const { after, limit, type, product, domain } = c.req.valid('query');
    const events = await c.get('mesh').events({
      after: after ?? 0,
      ...(limit === void 0 ? {} : { limit }),
      ...(type === void 0 ? {} : { types: parseTypes(type) ?? [] }),
      ...(product === void 0 ? {} : { product }),
      ...(domain === void 0 ? {} : { domain }),
    });
    const next = events.length > 0 ? (events[events.length - 1]?.cursor ?? 0) : (after ?? 0);
    return c.json({ events, next }, 200);
  });
  app.openapi(routes2.stream, async (c) => {
    const { after, type, product, domain } = c.req.valid('query');
    const types = parseTypes(type);
    const mesh = c.get('mesh');
    const lastEventId = Number(c.req.header('last-event-id'));
    let start = after ?? (Number.isSafeInteger(lastEventId) && lastEventId >= 0 ? lastEventId : void 0);
    if (start === void 0) {
      let newest = 0;
      for (;;) {
        const page = await mesh.events({ after: newest, limit: 1e3 });
        if (page.length === 0) break;
        newest = page[page.length - 1]?.cursor ?? newest;
      }
      start = newest;
    }
    const query = {
      after: start,
      ...(types === void 0 ? {} : { types }),
      ...(product === void 0 ? {} : { product }),
      ...(domain === void 0 ? {} : { domain }),
    };
    return streamSSE(c, async (stream) => {
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      c.req.raw.signal.addEventListener('abort', () => stop.abort());
      for await (const event of mesh.tailEvents(query, { intervalMs: STREAM_POLL_MS, signal: stop.signal })) {
        await stream.writeSSE({ id: String(event.cursor), event: event.type, data: JSON.stringify(event) });
      }
    });
  });
  app.openapi(routes2.listWebhooks, async (c) =>
    c.json({ webhooks: await c.get('mesh').webhooks.list() }, 200),
  );
  app.openapi(routes2.addWebhook, async (c) => {
    const body = c.req.valid('json');
    const registration = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== void 0));
    return c.json(await c.get('mesh').webhooks.register(registration), 201);
  });
  app.openapi(routes2.removeWebhook, async (c) => {
    await c.get('mesh').webhooks.remove(c.req.valid('param').webhookId);
    return c.body(null, 204);
  });
  app.openapi(routes2.deliveries, async (c) => {
    const { limit } = c.req.valid('query');
    const deliveries = await c.get('mesh').webhooks.deliveries(c.req.valid('param').webhookId, limit ?? 50);
    return c.json({ deliveries }, 200);
  });
  app.openapi(routes2.redeliver, async (c) => {
    const { eventId } = c.req.valid('json');
    return c.json(await c.get('mesh').webhooks.redeliver(c.req.valid('param').webhookId, eventId), 200);
  });
}

// dist/server/routes/governance-routes.js
import { createRoute as createRoute3, z as z5 } from '@hono/zod-openapi';
var Result = z5.any();
var tags3 = ['governance'];
var id = (name) =>
  z5
    .string()
    .min(1)
    .openapi({ param: { name, in: 'path' } });
var numericId = (name) =>
  z5.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name, in: 'path' } });
function route(method, path, summary, request, status = 200) {
  return createRoute3({
    method,
    path,
    tags: tags3,
    summary,
    request,
    // Typed as 200 for the handlers; the document says 201 where a route creates something.
    responses: { [status]: jsonContent(Result, summary), ...ERROR_RESPONSES },
  });
}
var jsonBody = (schema, required = true) => ({
  body: { required, content: { 'application/json': { schema } } },
});
var routes3 = {
  policies: route('get', '/policies', 'List policies (global ones and, with domain, that domain\u2019s)', {
    query: z5.strictObject({ domain: z5.string().optional() }),
  }),
  applyPolicies: route(
    'post',
    '/policies',
    'Apply a policy document (as the YAML file holds it): new policies or new versions',
    jsonBody(
      z5
        .record(z5.string(), z5.unknown())
        .openapi({ description: '{ policies: [ { id, description, severity, \u2026 } ] }' }),
    ),
  ),
  policy: route('get', '/policies/{policyId}', 'One policy with its version history', {
    params: z5.strictObject({ policyId: id('policyId') }),
  }),
  compliance: route('get', '/compliance', 'Policy compliance per product and domain', {
    query: z5.strictObject({ domain: z5.string().optional(), product: z5.string().optional() }),
  }),
  principals: route('get', '/principals', 'List principals (admins: all; others: themselves)', {}),
  addPrincipal: route(
    'post',
    '/principals',
    'Register a user or service account (admins only)',
    jsonBody(
      z5.strictObject({
        id: z5.string().min(1),
        kind: z5.enum(PRINCIPAL_KINDS).optional(),
        displayName: z5.string().optional(),
        roles: z5.array(z5.string().min(1)).openapi({ example: ['consumer'] }),
      }),
    ),
    201,
  ),
  setRoles: route(
    'put',
    '/principals/{principalId}/roles',
    'Replace a principal\u2019s roles (admins only)',
    {
      params: z5.strictObject({ principalId: id('principalId') }),
      ...jsonBody(z5.strictObject({ roles: z5.array(z5.string().min(1)) })),
    },
  ),
  tokens: route('get', '/tokens', 'List tokens, never their secrets', {
    query: z5.strictObject({ principal: z5.string().optional() }),
  }),
  createToken: route(
    'post',
    '/tokens',
    'Create a token; the answer is the only time its secret is shown',
    jsonBody(
      z5.strictObject({
        principal: z5.string().optional(),
        expiresInDays: z5.number().positive().optional(),
        name: z5.string().optional(),
      }),
      false,
    ),
    201,
  ),
  revokeToken: route('delete', '/tokens/{tokenId}', 'Revoke a token at once', {
    params: z5.strictObject({ tokenId: id('tokenId') }),
  }),
  requests: route('get', '/access-requests', 'List access requests', {
    query: z5.strictObject({
      product: z5.string().optional(),
      principal: z5.string().optional(),
      status: z5.enum(ACCESS_REQUEST_STATUSES).optional(),
    }),
  }),
  requestAccess: route(
    'post',
    '/access-requests',
    'Ask for access to a product\u2019s port, with a purpose',
    jsonBody(
      z5.strictObject({
        product: z5.string().min(1),
        port: z5.string().optional(),
        purpose: z5.string().min(1),
        pii: z5.boolean().optional(),
        expiresAt: z5.string().optional(),
      }),
    ),
    201,
  ),
  approve: route(
    'post',
    '/access-requests/{requestId}/approve',
    'Approve a request (the domain\u2019s owner or an admin)',
    {
      params: z5.strictObject({ requestId: numericId('requestId') }),
      ...jsonBody(
        z5.strictObject({ comment: z5.string().optional(), expiresAt: z5.string().optional() }),
        false,
      ),
    },
  ),
  reject: route('post', '/access-requests/{requestId}/reject', 'Reject a request with a comment', {
    params: z5.strictObject({ requestId: numericId('requestId') }),
    ...jsonBody(z5.strictObject({ comment: z5.string().min(1) })),
  }),
  grants: route('get', '/grants', 'List grants (active ones unless all=true)', {
    query: z5.strictObject({
      product: z5.string().optional(),
      principal: z5.string().optional(),
      all: z5.enum(['true', 'false']).optional(),
    }),
  }),
  revokeGrant: route('delete', '/grants/{grantId}', 'Revoke a grant', {
    params: z5.strictObject({ grantId: numericId('grantId') }),
    query: z5.strictObject({ comment: z5.string().optional() }),
  }),
  notifications: route('get', '/notifications', 'Notifications for the caller (admins: for anyone)', {
    query: z5.strictObject({
      for: z5.string().optional(),
      limit: z5.coerce.number().int().min(1).max(1e3).optional(),
    }),
  }),
  audit: route('get', '/audit', 'Audit log entries (admins only)', {
    query: z5.strictObject({
      action: z5.string().optional(),
      target: z5.string().optional(),
      principal: z5.string().optional(),
      outcome: z5.enum(AUDIT_OUTCOMES).optional(),
      limit: z5.coerce.number().int().min(1).max(1e4).optional(),
      order: z5.enum(['asc', 'desc']).optional(),
    }),
  }),
  verify: route(
    'get',
    '/audit/verify',
    'Verify the audit chain, optionally against an anchor kept from /audit/head',
    {
      query: z5.strictObject({
        expectSeq: z5.coerce.number().int().min(0).optional(),
        expectHash: z5.string().optional(),
      }),
    },
  ),
  head: route('get', '/audit/head', 'The chain\u2019s head, to keep outside the store as an anchor', {}),
};
function defined(values) {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== void 0));
}
function registerGovernanceRoutes(app, _deps) {
  const gov = (c) => c.get('mesh').governance;
  app.openapi(routes3.policies, async (c) =>
    c.json({ policies: await gov(c).listPolicies(defined(c.req.valid('query'))) }, 200),
  );
  app.openapi(routes3.applyPolicies, async (c) =>
    c.json(await gov(c).applyPolicies(c.req.valid('json')), 200),
  );
  app.openapi(routes3.policy, async (c) => {
    const { policyId } = c.req.valid('param');
    return c.json(
      { policy: await gov(c).policy(policyId), history: await gov(c).policyHistory(policyId) },
      200,
    );
  });
  app.openapi(routes3.compliance, async (c) =>
    c.json(await gov(c).compliance(defined(c.req.valid('query'))), 200),
  );
  app.openapi(routes3.principals, async (c) => c.json({ principals: await gov(c).listPrincipals() }, 200));
  app.openapi(routes3.addPrincipal, async (c) =>
    c.json(await gov(c).addPrincipal(defined(c.req.valid('json'))), 201),
  );
  app.openapi(routes3.setRoles, async (c) =>
    c.json(await gov(c).setRoles(c.req.valid('param').principalId, c.req.valid('json').roles), 200),
  );
  app.openapi(routes3.tokens, async (c) =>
    c.json({ tokens: await gov(c).listTokens(c.req.valid('query').principal) }, 200),
  );
  app.openapi(routes3.createToken, async (c) => {
    const body = c.req.header('content-type') === void 0 ? {} : c.req.valid('json');
    c.header('cache-control', 'no-store');
    return c.json(await gov(c).createToken(defined(body)), 201);
  });
  app.openapi(routes3.revokeToken, async (c) =>
    c.json(await gov(c).revokeToken(c.req.valid('param').tokenId), 200),
  );
  app.openapi(routes3.requests, async (c) =>
    c.json({ requests: await gov(c).listRequests(defined(c.req.valid('query'))) }, 200),
  );
  app.openapi(routes3.requestAccess, async (c) =>
    c.json(await gov(c).requestAccess(defined(c.req.valid('json'))), 201),
  );
  app.openapi(routes3.approve, async (c) => {
    const body = c.req.header('content-type') === void 0 ? {} : c.req.valid('json');
    return c.json(await gov(c).approve(c.req.valid('param').requestId, defined(body)), 200);
  });
  app.openapi(routes3.reject, async (c) =>
    c.json(await gov(c).reject(c.req.valid('param').requestId, c.req.valid('json').comment), 200),
  );
  app.openapi(routes3.grants, async (c) => {
    const { all, ...rest } = c.req.valid('query');
    return c.json(
      { grants: await gov(c).listGrants({ ...defined(rest), ...(all === 'true' ? { all: true } : {}) }) },
      200,
    );
  });
  app.openapi(routes3.revokeGrant, async (c) =>
    c.json(await gov(c).revokeGrant(c.req.valid('param').grantId, c.req.valid('query').comment), 200),
  );
  app.openapi(routes3.notifications, async (c) =>
    c.json({ notifications: await gov(c).notifications(defined(c.req.valid('query'))) }, 200),
  );
  app.openapi(routes3.audit, async (c) =>
    c.json({ entries: await gov(c).auditLog(defined(c.req.valid('query'))) }, 200),
  );
  app.openapi(routes3.verify, async (c) => {
    const { expectSeq, expectHash } = c.req.valid('query');
    const anchor =
      expectSeq !== void 0 && expectHash !== void 0
        ? { expectHead: { seq: expectSeq, hash: expectHash } }
        : {};
    return c.json(await gov(c).verifyAudit(anchor), 200);
  });
  app.openapi(routes3.head, async (c) => c.json({ head: (await gov(c).auditHead()) ?? null }, 200));
}

// dist/server/routes/ops-routes.js
import { createRoute as createRoute4, z as z6 } from '@hono/zod-openapi';
var Status = z6.object({ status: z6.string() }).openapi('Status');
var healthz = createRoute4({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'The process is up',
  security: [],
  responses: { 200: jsonContent(Status, 'Alive') },
});
var readyz = createRoute4({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'The store is reachable',
  security: [],
  responses: {
    200: jsonContent(Status, 'Ready'),
    503: {
      description: 'Store unreachable',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});
function registerOpsRoutes(app, mesh, metrics) {
  app.openapi(healthz, (c) => c.json({ status: 'ok' }, 200));
  app.openapi(readyz, async (c) => {
    try {
      await mesh.listDomains();
      return c.json({ status: 'ready' }, 200);
    } catch {
      return problemResponse(
        c,
        createProblem(
          'storage_unavailable',
          'the store cannot be read; check the server log and the store file',
        ),
      );
    }
  });
  app.get('/metrics', async (c) => {
    c.header('content-type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
}

// dist/server/routes/product-routes.js
import { createRoute as createRoute5, z as z7 } from '@hono/zod-openapi';

// dist/server/routes/query-values.js
function commaList(value) {
  if (value === void 0) return void 0;
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length === 0 ? void 0 : parts;
}

// dist/server/routes/product-routes.js
var Result2 = z7.any();
var ListQuery = z7.strictObject({
  domain: z7.string().optional().openapi({ example: 'sales' }),
  status: z7
    .string()
    .optional()
    .openapi({ example: 'published', description: 'draft, published, deprecated or archived' }),
});
var CreateBody = z7
  .strictObject({
    spec: z7
      .record(z7.string(), z7.unknown())
      .optional()
      .openapi({ description: 'A Meshwork product spec (as product.yaml holds)' }),
    documents: z7
      .array(z7.strictObject({ name: z7.string().min(1), text: z7.string().min(1) }))
      .min(1)
      .optional()
      .openapi({
        description: 'ODPS product and ODCS contract documents (YAML or JSON text), stored with the version',
      }),
    ifExists: z7.enum(['error', 'reuse']).optional(),
  })
  .openapi('CreateProduct');
var ContractQuery = z7.strictObject({ format: z7.enum(CONTRACT_EXPORT_FORMATS).optional() });
var LineageQuery = z7.strictObject({
  direction: z7.enum(LINEAGE_DIRECTIONS).optional(),
  depth: z7.coerce.number().int().min(1).optional(),
});
var QualityQuery = z7.strictObject({ limit: z7.coerce.number().int().min(1).max(1e3).optional() });
var QualityRunBody = z7.strictObject({ store: z7.boolean().optional() });
var RunParams = ProductIdParams.extend({
  runId: z7.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'runId', in: 'path' } }),
});
var AnalyticsQuery = z7.strictObject({
  filter: z7.string().optional(),
  segment: z7.string().optional(),
  top: z7.coerce.number().int().min(1).optional(),
  breakdowns: z7.string().optional().openapi({ description: 'comma-separated breakdown names' }),
});
var LifecycleBody = z7
  .strictObject({
    action: z7.enum(['publish', 'deprecate', 'archive']),
    sunset: z7
      .string()
      .optional()
      .openapi({ description: 'deprecate: ISO date after which consumers should stop' }),
    reason: z7.string().optional(),
  })
  .openapi('LifecycleTransition');
var CONTRACT_MEDIA = {
  odcs: 'application/yaml',
  odps: 'application/yaml',
  'json-schema': 'application/schema+json',
  sql: 'application/sql',
  mermaid: 'text/plain',
  markdown: 'text/markdown',
};
var tags4 = ['products'];
var get = (path, summary, request, description) =>
  createRoute5({
    method: 'get',
    path,
    tags: tags4,
    summary,
    request,
    responses: { 200: jsonContent(Result2, description), ...ERROR_RESPONSES },
  });
var routes4 = {
  list: createRoute5({
    method: 'get',
    path: '/products',
    tags: tags4,
    summary: 'List products',
    request: { query: ListQuery },
    responses: { 200: jsonContent(ProductListSchema, 'Product descriptors'), ...ERROR_RESPONSES },
  }),
  create: createRoute5({
    method: 'post',
    path: '/products',
    tags: tags4,
    summary: 'Create a product (draft) from a Meshwork spec or ODPS/ODCS documents',
    request: { body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
    responses: {
      201: jsonContent(ProductDescriptorSchema, 'The new product descriptor'),
      ...ERROR_RESPONSES,
    },
  }),
  card: get(
    '/products/{id}',
    'A product card: descriptor, versions, output ports, deprecation, SLA status',
    { params: ProductIdParams },
    'The card',
  ),
  contract: createRoute5({
    method: 'get',
    path: '/products/{id}/contract',
    tags: tags4,
    summary: 'The contract of the current version as ODCS, ODPS, JSON Schema, SQL DDL, Mermaid or Markdown',
    request: { params: ProductIdParams, query: ContractQuery },
    responses: {
      200: {
        description: 'The document; X-Meshwork-Source says whether it is the stored original or generated',
        content: Object.fromEntries(
          [...new Set(Object.values(CONTRACT_MEDIA))].map((m) => [m, { schema: z7.string() }]),
        ),
      },
      ...ERROR_RESPONSES,
    },
  }),
  lineage: get(
    '/products/{id}/lineage',
    'Direct lineage and the lineage graph walked from the product',
    { params: ProductIdParams, query: LineageQuery },
    '{ direct, graph }',
  ),
  impact: get(
    '/products/{id}/impact',
    'What a change of the product (or of one field) reaches downstream',
    { params: ProductIdParams, query: z7.strictObject({ field: z7.string().optional() }) },
    'The impact report',
  ),
  qualityHistory: get(
    '/products/{id}/quality',
    'Quality runs, newest first',
    { params: ProductIdParams, query: QualityQuery },
    '{ runs }',
  ),
  qualityRun: get(
    '/products/{id}/quality/{runId}',
    'One stored quality run with every check',
    { params: RunParams },
    'The quality report',
  ),
  runQuality: createRoute5({
    method: 'post',
    path: '/products/{id}/quality',
    tags: tags4,
    summary: 'Run the quality checks now (stored in the history unless store is false)',
    request: {
      params: ProductIdParams,
      body: { required: false, content: { 'application/json': { schema: QualityRunBody } } },
    },
    responses: { 200: jsonContent(Result2, 'The quality report'), ...ERROR_RESPONSES },
  }),
  metrics: get(
    '/products/{id}/metrics',
    'Usage metrics, freshness and SLA status',
    { params: ProductIdParams },
    '{ metrics, sla }',
  ),
  segments: get(
    '/products/{id}/segments',
    'Segments and their statistics',
    { params: ProductIdParams },
    '{ segments, statistics }',
  ),
  analytics: get(
    '/products/{id}/analytics',
    'The product\u2019s declared analytics (breakdowns, totals)',
    { params: ProductIdParams, query: AnalyticsQuery },
    'The analytics result',
  ),
  lifecycle: createRoute5({
    method: 'post',
    path: '/products/{id}/lifecycle',
    tags: tags4,
    summary: 'Publish, deprecate or archive the product',
    request: {
      params: ProductIdParams,
      body: { required: true, content: { 'application/json': { schema: LifecycleBody } } },
    },
    responses: { 200: jsonContent(Result2, 'The transition\u2019s result'), ...ERROR_RESPONSES },
  }),
};
function registerProductRoutes(app, _deps) {
  app.openapi(routes4.list, async (c) => {
    const q = c.req.valid('query');
    const products = await c.get('mesh').listProducts({
      ...(q.domain === void 0 ? {} : { domain: q.domain }),
      ...(q.status === void 0 ? {} : { status: q.status }),
    });
    return c.json({ products }, 200);
  });
  app.openapi(routes4.create, async (c) => {
    const body = c.req.valid('json');
    if ((body.spec === void 0) === (body.documents === void 0)) {
      throw new MeshError(
        'invalid_input',
        'send either spec (a Meshwork product spec) or documents (ODPS and ODCS texts), not both and not neither',
      );
    }
    const options = body.ifExists === void 0 ? {} : { ifExists: body.ifExists };
    const mesh = c.get('mesh');
    let product;
    if (body.documents !== void 0) {
      const folder = readProductFolder(body.documents.map((d) => ({ path: d.name, text: d.text })));
      product = await mesh.createProduct(folder.spec, { ...options, documents: folder.documents });
    } else {
      product = await mesh.createProduct(body.spec, options);
    }
    return c.json(await product.descriptor(), 201);
  });
  app.openapi(routes4.card, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json(
      {
        descriptor: await product.descriptor(),
        versions: await product.versions(),
        outputPorts: await product.outputPorts(),
        deprecation: await product.deprecation(),
        slaStatus: await product.slaStatus(),
      },
      200,
    );
  });
  app.openapi(routes4.contract, async (c) => {
    const format = c.req.valid('query').format ?? 'odcs';
    const exported = await exportContract(await c.get('mesh').product(c.req.valid('param').id), format);
    c.header('X-Meshwork-Source', exported.source);
    c.header('X-Meshwork-Version', exported.version);
    c.header('content-type', `${CONTRACT_MEDIA[format]}; charset=utf-8`);
    return c.body(exported.text, 200);
  });
  app.openapi(routes4.lineage, async (c) => {
    const { id: id2 } = c.req.valid('param');
    const q = c.req.valid('query');
    const mesh = c.get('mesh');
    const product = await mesh.product(id2);
    const graph = await mesh.lineageGraph(id2, {
      ...(q.direction === void 0 ? {} : { direction: q.direction }),
      ...(q.depth === void 0 ? {} : { depth: q.depth }),
    });
    return c.json({ direct: await product.lineage(), graph }, 200);
  });
  app.openapi(routes4.impact, async (c) => {
    const { field } = c.req.valid('query');
    return c.json(
      await c.get('mesh').impact(c.req.valid('param').id, field === void 0 ? {} : { field }),
      200,
    );
  });
  app.openapi(routes4.qualityHistory, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json({ runs: await product.qualityHistory(c.req.valid('query').limit ?? 20) }, 200);
  });
  app.openapi(routes4.qualityRun, async (c) => {
    const { id: id2, runId } = c.req.valid('param');
    return c.json(await (await c.get('mesh').product(id2)).qualityRun(runId), 200);
  });
  app.openapi(routes4.runQuality, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const raw = c.req.header('content-type') === void 0 ? {} : c.req.valid('json');
    const store = raw.store;
    return c.json(await product.checkQuality(store === void 0 ? {} : { store }), 200);
  });
  app.openapi(routes4.metrics, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json({ metrics: await product.metrics(), sla: await product.slaStatus() }, 200);
  });
  app.openapi(routes4.segments, async (c) => {
    const segments = (await c.get('mesh').product(c.req.valid('param').id)).segments();
    return c.json({ segments: await segments.list(), statistics: await segments.statistics() }, 200);
  });
  app.openapi(routes4.analytics, async (c) => {
    const q = c.req.valid('query');
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const breakdowns = commaList(q.breakdowns);
    return c.json(
      await product.analytics({
        ...(q.filter === void 0 ? {} : { where: q.filter }),
        ...(q.segment === void 0 ? {} : { segment: q.segment }),
        ...(q.top === void 0 ? {} : { top: q.top }),
        ...(breakdowns === void 0 ? {} : { breakdowns }),
      }),
      200,
    );
  });
  app.openapi(routes4.lifecycle, async (c) => {
    const body = c.req.valid('json');
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const result =
      body.action === 'publish'
        ? await product.publish()
        : body.action === 'archive'
          ? await product.archive()
          : await product.deprecate({
              ...(body.sunset === void 0 ? {} : { sunset: body.sunset }),
              ...(body.reason === void 0 ? {} : { reason: body.reason }),
            });
    return c.json(result, 200);
  });
}

// dist/server/routes/row-routes.js
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createRoute as createRoute6, z as z8 } from '@hono/zod-openapi';

// dist/server/ndjson-records.js
function readNdjson(body) {
  const lines = [];
  const malformed = /* @__PURE__ */ new Map();
  async function* records() {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    let buffered = '';
    let lineNo = 0;
    const emit = function* (text) {
      lineNo += 1;
      const trimmed = text.trim();
      if (trimmed === '') return;
      lines.push(lineNo);
      try {
        yield JSON.parse(trimmed);
      } catch (error) {
        malformed.set(lines.length - 1, { line: lineNo, message: error.message });
        yield `line ${lineNo} is not JSON`;
      }
    };
    for await (const chunk of body) {
      buffered += decoder.decode(chunk, { stream: true });
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        yield* emit(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
      }
    }
    buffered += decoder.decode();
    if (buffered !== '') yield* emit(buffered);
  }
  return { records: records(), lines, malformed };
}

// dist/server/row-cursor.js
import { createHash as createHash2 } from 'node:crypto';
function fingerprint(shape) {
  return createHash2('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 16);
}
function encodeRowCursor(shape, productCursor) {
  return Buffer.from(JSON.stringify({ q: fingerprint(shape), c: productCursor })).toString('base64url');
}
function decodeRowCursor(shape, cursor) {
  let parsed;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = void 0;
  }
  const p = parsed;
  if (typeof p !== 'object' || p === null || typeof p.q !== 'string' || typeof p.c !== 'string') {
    throw new MeshError(
      'invalid_input',
      'cursor is not one this server gave out; pass nextCursor from the previous page as it is',
    );
  }
  if (p.q !== fingerprint(shape)) {
    throw new MeshError(
      'invalid_input',
      'cursor belongs to another query; send the same filter, columns, order and version as the page it came from',
    );
  }
  return p.c;
}

// dist/server/routes/row-routes.js
var RESERVED = /* @__PURE__ */ new Set([
  'filter',
  'columns',
  'order',
  'limit',
  'cursor',
  'version',
  'onExisting',
  'format',
]);
var RowsQuery = z8.object({
  filter: z8.string().optional().openapi({ example: "amount > 100 and region = 'Europe'" }),
  columns: z8
    .string()
    .optional()
    .openapi({ description: 'comma-separated fields', example: 'transaction_id,amount' }),
  order: z8
    .string()
    .optional()
    .openapi({ description: 'comma-separated, each optionally "desc"', example: 'amount desc' }),
  limit: z8.coerce.number().int().min(1).optional(),
  cursor: z8.string().optional().openapi({ description: 'nextCursor of the previous page' }),
  version: z8.string().optional().openapi({ description: 'an older published major, e.g. 1' }),
});
var RowsPage = z8
  .object({
    rows: z8.array(z8.record(z8.string(), z8.unknown())),
    count: z8.number().int(),
    nextCursor: z8.string().nullable(),
  })
  .openapi('RowsPage');
var IngestQuery = z8.strictObject({ onExisting: z8.enum(ON_EXISTING_MODES).optional() });
var UpdateBody = z8
  .strictObject({
    filter: z8.union([z8.string().min(1), z8.record(z8.string(), z8.unknown())]),
    changes: z8.record(z8.string(), z8.unknown()),
  })
  .openapi('UpdateRows');
var DeleteQuery = z8.strictObject({ filter: z8.string().min(1) });
var ExportQuery = RowsQuery.pick({ filter: true, columns: true, order: true, version: true }).extend({
  format: z8.enum(['csv', 'ndjson', 'parquet']).optional(),
});
var EXPORT_MEDIA = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};
var tags5 = ['rows'];
var routes5 = {
  read: createRoute6({
    method: 'get',
    path: '/products/{id}/rows',
    tags: tags5,
    summary: 'Read rows: filter (expression or field=value parameters), columns, order, cursor paging',
    request: { params: ProductIdParams, query: RowsQuery },
    responses: {
      200: jsonContent(RowsPage, 'A page of rows (PII masked unless the grant allows it)'),
      ...ERROR_RESPONSES,
    },
  }),
  ingest: createRoute6({
    method: 'post',
    path: '/products/{id}/rows',
    tags: tags5,
    summary: 'Ingest rows: a JSON array, or NDJSON streamed (application/x-ndjson); rejects are reported',
    request: {
      params: ProductIdParams,
      query: IngestQuery,
      body: {
        required: false,
        content: {
          'application/json': { schema: z8.array(z8.record(z8.string(), z8.unknown())) },
          'application/x-ndjson': { schema: z8.string() },
        },
      },
    },
    responses: {
      200: jsonContent(IngestResultSchema, 'What was stored and every rejected record with its reasons'),
      ...ERROR_RESPONSES,
    },
  }),
  update: createRoute6({
    method: 'patch',
    path: '/products/{id}/rows',
    tags: tags5,
    summary: 'Change fields on the rows matching a (required) filter',
    request: {
      params: ProductIdParams,
      body: { required: true, content: { 'application/json': { schema: UpdateBody } } },
    },
    responses: {
      200: jsonContent(z8.object({ updated: z8.number().int() }), 'Rows changed'),
      ...ERROR_RESPONSES,
    },
  }),
  remove: createRoute6({
    method: 'delete',
    path: '/products/{id}/rows',
    tags: tags5,
    summary: 'Remove the rows matching a (required) filter',
    request: { params: ProductIdParams, query: DeleteQuery },
    responses: {
      200: jsonContent(z8.object({ removed: z8.number().int() }), 'Rows removed'),
      ...ERROR_RESPONSES,
    },
  }),
  export: createRoute6({
    method: 'get',
    path: '/products/{id}/export',
    tags: tags5,
    summary: 'Export matching rows as CSV, NDJSON or Parquet, streamed',
    request: { params: ProductIdParams, query: ExportQuery },
    responses: {
      200: {
        description: 'The file',
        content: Object.fromEntries(Object.values(EXPORT_MEDIA).map((m) => [m, { schema: z8.string() }])),
      },
      ...ERROR_RESPONSES,
    },
  }),
};
function coerce(value, type) {
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
async function requestFilter(product, expression, params) {
  const items = [];
  if (expression !== void 0) items.push(toFilter(expression));
  const fields = Object.entries(params).filter(([name]) => !RESERVED.has(name));
  if (fields.length > 0) {
    const types = new Map((await product.descriptor()).schema.fields.map((f) => [f.name, f.type]));
    const equal = {};
    for (const [name, values] of fields) {
      const typed = values.map((v) => coerce(v, types.get(name)));
      equal[name] = typed.length === 1 ? typed[0] : typed;
    }
    items.push(toFilter(equal));
  }
  const filter = items.length === 0 ? void 0 : items.length === 1 ? items[0] : { kind: 'and', items };
  return { filter, key: JSON.stringify({ expression, fields }) };
}
function registerRowRoutes(app, deps) {
  const max = deps.limits.maxRowsPerResponse;
  app.openapi(routes5.read, async (c) => {
    const q = c.req.valid('query');
    const { id: id2 } = c.req.valid('param');
    if (q.limit !== void 0 && q.limit > max) {
      throw new MeshError(
        'invalid_input',
        `limit ${q.limit} is over the server's ${max} rows per response; ask for at most ${max} and page with nextCursor`,
        { details: { limit: q.limit, max } },
      );
    }
    const product = await c.get('mesh').product(id2);
    const { filter, key } = await requestFilter(product, q.filter, c.req.queries());
    const columns = commaList(q.columns);
    const order = commaList(q.order);
    const shape = { productId: id2, filter: key, columns, order, version: q.version };
    const page = await product.query(filter, {
      limit: q.limit ?? Math.min(100, max),
      ...(columns === void 0 ? {} : { columns }),
      ...(order === void 0 ? {} : { orderBy: order }),
      ...(q.version === void 0 ? {} : { version: q.version }),
      ...(q.cursor === void 0 ? {} : { cursor: decodeRowCursor(shape, q.cursor) }),
    });
    return c.json(
      {
        rows: page.rows,
        count: page.rows.length,
        nextCursor: page.nextCursor === null ? null : encodeRowCursor(shape, page.nextCursor),
      },
      200,
    );
  });
  app.openapi(routes5.ingest, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const q = c.req.valid('query');
    const options = q.onExisting === void 0 ? {} : { onExisting: q.onExisting };
    const type = c.req.header('content-type') ?? '';
    if (/^application\/(x-)?ndjson\b/i.test(type)) {
      if (c.req.raw.body === null)
        throw new MeshError('invalid_input', 'send NDJSON records in the request body');
      const source = readNdjson(c.req.raw.body);
      const result = await product.ingest(source.records, options);
      const rejected = result.rejected.map((r) => {
        const bad = source.malformed.get(r.index);
        return {
          ...r,
          line: source.lines[r.index] ?? null,
          ...(bad === void 0
            ? {}
            : {
                issues: [
                  {
                    path: [],
                    code: 'malformed_json',
                    message: `line ${bad.line} is not JSON: ${bad.message}`,
                  },
                ],
              }),
        };
      });
      return c.json({ ...result, rejected }, 200);
    }
    if (!/^application\/json\b/i.test(type)) {
      throw new MeshError(
        'invalid_input',
        'send a JSON array (application/json) or NDJSON (application/x-ndjson)',
      );
    }
    return c.json(await product.ingest(c.req.valid('json'), options), 200);
  });
  app.openapi(routes5.update, async (c) => {
    const body = c.req.valid('json');
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json({ updated: await product.update(body.filter, body.changes) }, 200);
  });
  app.openapi(routes5.remove, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json({ removed: await product.remove(c.req.valid('query').filter) }, 200);
  });
  app.openapi(routes5.export, async (c) => {
    const q = c.req.valid('query');
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const format = q.format ?? 'csv';
    const { filter } = await requestFilter(product, q.filter, c.req.queries());
    const columns = commaList(q.columns);
    const order = commaList(q.order);
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-export-'));
    const path = join(dir, `${product.id}.${format}`);
    try {
      await product.exportFile(path, {
        format,
        ...(filter === void 0 ? {} : { where: filter }),
        ...(columns === void 0 ? {} : { columns }),
        ...(order === void 0 ? {} : { orderBy: order }),
        ...(q.version === void 0 ? {} : { version: q.version }),
      });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const file = createReadStream(path);
    file.on('close', () => {
      void rm(dir, { recursive: true, force: true });
    });
    c.header('content-type', EXPORT_MEDIA[format]);
    c.header('content-disposition', `attachment; filename="${product.id}.${format}"`);
    return c.body(Readable.toWeb(file), 200);
  });
}

// dist/server/server-metrics.js
import { Counter, Histogram, Registry } from 'prom-client';
function createServerMetrics() {
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({
      name: 'meshwork_http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'meshwork_http_request_duration_seconds',
      help: 'HTTP request latency in seconds, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    policyDenials: new Counter({
      name: 'meshwork_policy_denials_total',
      help: 'Requests refused by a policy or a missing grant, by route',
      labelNames: ['route'],
      registers: [registry],
    }),
  };
}

// dist/server/validation-hook.js
function toIssues(target, error) {
  const where = target === 'json' ? 'body' : target === 'param' ? 'path' : target;
  return error.issues.map((i) => {
    const path = [where, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const named = path.slice(1).join('.') || where;
    const message =
      i.code === 'unrecognized_keys'
        ? `unknown field${i.keys.length === 1 ? '' : 's'} ${i.keys.join(', ')} in ${named}; remove ${i.keys.length === 1 ? 'it' : 'them'}`
        : `${named}: ${i.message}`;
    return { path, code: i.code, message };
  });
}
function validationHook(result, c) {
  if (result.success) return void 0;
  const issues = toIssues(result.target, result.error);
  const detail = `the request is invalid: ${issues.map((i) => i.message).join('; ')}`;
  return problemResponse(c, createProblem('invalid_input', detail, { issues }));
}

// dist/server/create-mesh-server.js
var API_VERSION = '0.1.0';
var NDJSON = /^application\/(x-)?ndjson\b/i;
function createMeshServer(options) {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = options.logger ?? pino({ level: 'silent' });
  const metrics = createServerMetrics();
  const app = new OpenAPIHono({ defaultHook: validationHook, strict: true });
  const deps = { limits, logger };
  app.use('*', requestLog(logger, metrics));
  app.use('*', secureHeaders());
  if (options.corsOrigins !== void 0 && options.corsOrigins.length > 0) {
    const allowed = new Set(options.corsOrigins);
    app.use(
      '*',
      cors({
        origin: (origin) => (allowed.has(origin) ? origin : null),
        allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        exposeHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit-Remaining'],
      }),
    );
  }
  const tooLarge = (max) =>
    bodyLimit({
      maxSize: max,
      onError: (c) =>
        problemResponse(
          c,
          createProblem(
            'payload_too_large',
            `the request body is over the server's limit of ${max} bytes; send less per request (NDJSON ingest streams up to its own limit)`,
          ),
        ),
    });
  const jsonLimit = tooLarge(limits.maxBodyBytes);
  const ingestLimit = tooLarge(limits.maxIngestBytes);
  app.use('*', (c, next) =>
    (NDJSON.test(c.req.header('content-type') ?? '') ? ingestLimit : jsonLimit)(c, next),
  );
  const limiter = new RateLimiter(limits.rateLimit, limits.rateWindowMs, options.now);
  const failures = new RateLimiter(limits.rateLimit, limits.rateWindowMs, options.now);
  app.use('*', authMiddleware(options.mesh, limiter, options.dev === true, failures));
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const code = error.status === 413 ? 'payload_too_large' : 'invalid_input';
      const detail =
        error.message === '' ? 'the request could not be read' : `${error.message}; send well-formed JSON`;
      return problemResponse(c, createProblem(code, detail));
    }
    const problem2 = toProblem(error);
    if (problem2.code === 'internal')
      logger.error({ err: error, requestId: c.get('requestId') }, 'internal error');
    return problemResponse(c, problem2);
  });
  app.notFound((c) =>
    problemResponse(
      c,
      createProblem(
        'not_found',
        `no route ${c.req.method} ${c.req.path}; see /openapi.json or /docs for the routes`,
      ),
    ),
  );
  registerOpsRoutes(app, options.mesh, metrics);
  registerProductRoutes(app, deps);
  registerRowRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerGovernanceRoutes(app, deps);
  registerEventRoutes(app, deps);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A Meshwork API token (mwt_\u2026), created with `meshwork token create`',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Meshwork API',
      version: API_VERSION,
      description:
        'Contract-driven data products over HTTP. Errors are application/problem+json (RFC 9457) with a Meshwork error code.',
    },
    security: [{ bearer: [] }],
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Meshwork API' }));
  return { app, metrics, limits };
}

// dist/server/start-server.js
import { serve } from '@hono/node-server';
function startServer(server, options) {
  return new Promise((resolve, reject) => {
    const http = serve({ fetch: server.app.fetch, hostname: options.host, port: options.port }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        host: info.address,
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: (graceMs = 1e4) =>
          new Promise((done) => {
            const timer = setTimeout(() => {
              if ('closeAllConnections' in http) http.closeAllConnections();
            }, graceMs);
            timer.unref();
            http.close(() => {
              clearTimeout(timer);
              done();
            });
            if ('closeIdleConnections' in http) http.closeIdleConnections();
          }),
      });
    });
    http.once('error', reject);
  });
}
export {
  API_VERSION,
  BOOTSTRAP_ADMIN_ID,
  DEFAULT_LIMITS,
  HTTP_STATUS,
  PROBLEM_MEDIA_TYPE,
  SERVER_PROBLEM_CODES,
  createMeshServer,
  createProblem,
  ensureAdminPrincipal,
  httpStatusFor,
  isLoopbackHost,
  startServer,
  toProblem,
};
