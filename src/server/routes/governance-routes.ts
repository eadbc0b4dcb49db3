import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { ACCESS_REQUEST_STATUSES } from '../../governance/access-store.ts';
import { AUDIT_OUTCOMES } from '../../governance/audit-log.ts';
import { PRINCIPAL_KINDS } from '../../governance/principal.ts';
import { POLICY_EVENTS } from '../../governance/policy.ts';
import { OPERATIONS } from '../../catalog/access-log.ts';
import type { RouteDeps, ServerEnv } from '../server-env.ts';
import { ERROR_RESPONSES, jsonContent } from './common-schemas.ts';

const Result = z.any();
const tags = ['governance'];
const id = (name: string) =>
  z
    .string()
    .min(1)
    .openapi({ param: { name, in: 'path' } });
const numericId = (name: string) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name, in: 'path' } });

function route<
  M extends RouteConfig['method'],
  P extends string,
  R extends NonNullable<RouteConfig['request']>,
>(method: M, path: P, summary: string, request: R, status: 200 | 201 = 200) {
  return createRoute({
    method,
    path,
    tags,
    summary,
    request,
    // Typed as 200 for the handlers; the document says 201 where a route creates something.
    responses: { [status]: jsonContent(Result, summary), ...ERROR_RESPONSES } as unknown as {
      200: ReturnType<typeof jsonContent<typeof Result>>;
    } & typeof ERROR_RESPONSES,
  });
}

const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({
  body: { required, content: { 'application/json': { schema } } },
});

const routes = {
  policies: route('get', '/policies', 'List policies (global ones and, with domain, that domain’s)', {
    query: z.strictObject({ domain: z.string().optional() }),
  }),
  applyPolicies: route(
    'post',
    '/policies',
    'Apply a policy document (as the YAML file holds it): new policies or new versions',
    jsonBody(
      z
        .record(z.string(), z.unknown())
        .openapi({ description: '{ policies: [ { id, description, severity, … } ] }' }),
    ),
  ),
  policy: route('get', '/policies/{policyId}', 'One policy with its version history', {
    params: z.strictObject({ policyId: id('policyId') }),
  }),
  evaluatePolicy: route(
    'get',
    '/policies/{policyId}/evaluation',
    'Evaluate one policy against one product now, with the offending paths and the evaluation trace (stores nothing)',
    {
      params: z.strictObject({ policyId: id('policyId') }),
      query: z.strictObject({
        product: z.string().min(1).openapi({ example: 'sales.transactions' }),
        event: z.enum(POLICY_EVENTS).optional().openapi({ description: 'default: the policy’s first event' }),
      }),
    },
  ),
  policyResults: route(
    'get',
    '/policy-results',
    'The policy results stored by the last evaluations (publish), per product and policy',
    { query: z.strictObject({ product: z.string().optional() }) },
  ),
  accessLog: route(
    'get',
    '/access-log',
    'The access log, newest first (admins: all; owners of a product’s domain: that product’s)',
    {
      query: z.strictObject({
        product: z.string().optional(),
        operation: z.enum(OPERATIONS).optional(),
        by: z.string().optional().openapi({ description: 'only entries by this principal' }),
        since: z.string().optional().openapi({ description: 'only entries at or after this ISO time' }),
        until: z.string().optional().openapi({ description: 'only entries before this ISO time' }),
        limit: z.coerce.number().int().min(0).max(10_000).optional(),
        offset: z.coerce.number().int().min(0).optional(),
        order: z.enum(['asc', 'desc']).optional(),
      }),
    },
  ),
  migration: route(
    'get',
    '/products/{id}/migration',
    'Which consumers still read an older major version of a product, and until when they may',
    { params: z.strictObject({ id: id('id') }) },
  ),
  compliance: route('get', '/compliance', 'Policy compliance per product and domain', {
    query: z.strictObject({ domain: z.string().optional(), product: z.string().optional() }),
  }),
  principals: route('get', '/principals', 'List principals (admins: all; others: themselves)', {}),
  addPrincipal: route(
    'post',
    '/principals',
    'Register a user or service account (admins only)',
    jsonBody(
      z.strictObject({
        id: z.string().min(1),
        kind: z.enum(PRINCIPAL_KINDS).optional(),
        displayName: z.string().optional(),
        roles: z.array(z.string().min(1)).openapi({ example: ['consumer'] }),
      }),
    ),
    201,
  ),
  setRoles: route('put', '/principals/{principalId}/roles', 'Replace a principal’s roles (admins only)', {
    params: z.strictObject({ principalId: id('principalId') }),
    ...jsonBody(z.strictObject({ roles: z.array(z.string().min(1)) })),
  }),
  tokens: route('get', '/tokens', 'List tokens, never their secrets', {
    query: z.strictObject({ principal: z.string().optional() }),
  }),
  createToken: route(
    'post',
    '/tokens',
    'Create a token; the answer is the only time its secret is shown',
    jsonBody(
      z.strictObject({
        principal: z.string().optional(),
        expiresInDays: z.number().positive().optional(),
        name: z.string().optional(),
      }),
      false,
    ),
    201,
  ),
  revokeToken: route('delete', '/tokens/{tokenId}', 'Revoke a token at once', {
    params: z.strictObject({ tokenId: id('tokenId') }),
  }),
  requests: route('get', '/access-requests', 'List access requests', {
    query: z.strictObject({
      product: z.string().optional(),
      principal: z.string().optional(),
      status: z.enum(ACCESS_REQUEST_STATUSES).optional(),
    }),
  }),
  requestAccess: route(
    'post',
    '/access-requests',
    'Ask for access to a product’s port, with a purpose',
    jsonBody(
      z.strictObject({
        product: z.string().min(1),
        port: z.string().optional(),
        purpose: z.string().min(1),
        pii: z.boolean().optional(),
        expiresAt: z.string().optional(),
      }),
    ),
    201,
  ),
  approve: route(
    'post',
    '/access-requests/{requestId}/approve',
    'Approve a request (the domain’s owner or an admin)',
    {
      params: z.strictObject({ requestId: numericId('requestId') }),
      ...jsonBody(
        z.strictObject({ comment: z.string().optional(), expiresAt: z.string().optional() }),
        false,
      ),
    },
  ),
  reject: route('post', '/access-requests/{requestId}/reject', 'Reject a request with a comment', {
    params: z.strictObject({ requestId: numericId('requestId') }),
    ...jsonBody(z.strictObject({ comment: z.string().min(1) })),
  }),
  grants: route('get', '/grants', 'List grants (active ones unless all=true)', {
    query: z.strictObject({
      product: z.string().optional(),
      principal: z.string().optional(),
      all: z.enum(['true', 'false']).optional(),
    }),
  }),
  revokeGrant: route('delete', '/grants/{grantId}', 'Revoke a grant', {
    params: z.strictObject({ grantId: numericId('grantId') }),
    query: z.strictObject({ comment: z.string().optional() }),
  }),
  notifications: route('get', '/notifications', 'Notifications for the caller (admins: for anyone)', {
    query: z.strictObject({
      for: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
  }),
  audit: route('get', '/audit', 'Audit log entries (admins only)', {
    query: z.strictObject({
      action: z.string().optional(),
      target: z.string().optional(),
      principal: z.string().optional(),
      outcome: z.enum(AUDIT_OUTCOMES).optional(),
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
      order: z.enum(['asc', 'desc']).optional(),
    }),
  }),
  verify: route(
    'get',
    '/audit/verify',
    'Verify the audit chain, optionally against an anchor kept from /audit/head',
    {
      query: z.strictObject({
        expectSeq: z.coerce.number().int().min(0).optional(),
        expectHash: z.string().optional(),
      }),
    },
  ),
  head: route('get', '/audit/head', 'The chain’s head, to keep outside the store as an anchor', {}),
};

/** Optional values as an object without the missing ones, for the SDK's exact optional properties. */
function defined<T extends Record<string, unknown>>(values: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as never;
}

/** Adds the governance routes: policies (and their evaluation and stored results), the access log, compliance, principals, tokens, access requests, grants, notifications, audit. */
export function registerGovernanceRoutes(app: OpenAPIHono<ServerEnv>, _deps: RouteDeps): void {
  const gov = (c: { get(key: 'mesh'): ServerEnv['Variables']['mesh'] }) => c.get('mesh').governance;
  app.openapi(routes.policies, async (c) =>
    c.json({ policies: await gov(c).listPolicies(defined(c.req.valid('query'))) }, 200),
  );
  app.openapi(routes.applyPolicies, async (c) =>
    c.json(await gov(c).applyPolicies(c.req.valid('json')), 200),
  );
  app.openapi(routes.policy, async (c) => {
    const { policyId } = c.req.valid('param');
    return c.json(
      { policy: await gov(c).policy(policyId), history: await gov(c).policyHistory(policyId) },
      200,
    );
  });
  app.openapi(routes.evaluatePolicy, async (c) => {
    const { product, event } = c.req.valid('query');
    return c.json(await gov(c).explainPolicy(c.req.valid('param').policyId, product, event), 200);
  });
  app.openapi(routes.policyResults, async (c) =>
    c.json({ results: await gov(c).policyResults(c.req.valid('query').product) }, 200),
  );
  app.openapi(routes.accessLog, async (c) => {
    const q = c.req.valid('query');
    const entries = await c.get('mesh').accessLog(
      defined({
        productId: q.product,
        operation: q.operation,
        actor: q.by,
        since: q.since,
        until: q.until,
        limit: q.limit,
        offset: q.offset,
        order: q.order,
      }),
    );
    return c.json({ entries }, 200);
  });
  app.openapi(routes.migration, async (c) =>
    c.json(await gov(c).migrationReport(c.req.valid('param').id), 200),
  );
  app.openapi(routes.compliance, async (c) =>
    c.json(await gov(c).compliance(defined(c.req.valid('query'))), 200),
  );
  app.openapi(routes.principals, async (c) => c.json({ principals: await gov(c).listPrincipals() }, 200));
  app.openapi(routes.addPrincipal, async (c) =>
    c.json(await gov(c).addPrincipal(defined(c.req.valid('json'))), 201 as never),
  );
  app.openapi(routes.setRoles, async (c) =>
    c.json(await gov(c).setRoles(c.req.valid('param').principalId, c.req.valid('json').roles), 200),
  );
  app.openapi(routes.tokens, async (c) =>
    c.json({ tokens: await gov(c).listTokens(c.req.valid('query').principal) }, 200),
  );
  app.openapi(routes.createToken, async (c) => {
    const body = c.req.header('content-type') === undefined ? {} : c.req.valid('json');
    c.header('cache-control', 'no-store');
    return c.json(await gov(c).createToken(defined(body)), 201 as never);
  });
  app.openapi(routes.revokeToken, async (c) =>
    c.json(await gov(c).revokeToken(c.req.valid('param').tokenId), 200),
  );
  app.openapi(routes.requests, async (c) =>
    c.json({ requests: await gov(c).listRequests(defined(c.req.valid('query'))) }, 200),
  );
  app.openapi(routes.requestAccess, async (c) =>
    c.json(await gov(c).requestAccess(defined(c.req.valid('json'))), 201 as never),
  );
  app.openapi(routes.approve, async (c) => {
    const body = c.req.header('content-type') === undefined ? {} : c.req.valid('json');
    return c.json(await gov(c).approve(c.req.valid('param').requestId, defined(body)), 200);
  });
  app.openapi(routes.reject, async (c) =>
    c.json(await gov(c).reject(c.req.valid('param').requestId, c.req.valid('json').comment), 200),
  );
  app.openapi(routes.grants, async (c) => {
    const { all, ...rest } = c.req.valid('query');
    return c.json(
      { grants: await gov(c).listGrants({ ...defined(rest), ...(all === 'true' ? { all: true } : {}) }) },
      200,
    );
  });
  app.openapi(routes.revokeGrant, async (c) =>
    c.json(await gov(c).revokeGrant(c.req.valid('param').grantId, c.req.valid('query').comment), 200),
  );
  app.openapi(routes.notifications, async (c) =>
    c.json({ notifications: await gov(c).notifications(defined(c.req.valid('query'))) }, 200),
  );
  app.openapi(routes.audit, async (c) =>
    c.json({ entries: await gov(c).auditLog(defined(c.req.valid('query'))) }, 200),
  );
  app.openapi(routes.verify, async (c) => {
    const { expectSeq, expectHash } = c.req.valid('query');
    const anchor =
      expectSeq !== undefined && expectHash !== undefined
        ? { expectHead: { seq: expectSeq, hash: expectHash } }
        : {};
    return c.json(await gov(c).verifyAudit(anchor), 200);
  });
  app.openapi(routes.head, async (c) => c.json({ head: (await gov(c).auditHead()) ?? null }, 200));
}
