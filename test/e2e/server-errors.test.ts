import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleSpec } from '../support/example-mesh.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  issues?: { path: (string | number)[]; code: string; message: string }[];
  violations?: { policyId: string; path: string; message: string }[];
}

async function problem(res: Response, status: number): Promise<ProblemBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as ProblemBody;
  expect(body.status).toBe(status);
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('HTTP errors as problem+json', () => {
  let s: ServedMesh;
  beforeAll(async () => {
    s = await serveGovernedMesh({ limits: { maxBodyBytes: 4096, maxRowsPerResponse: 50 } });
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses a request without a token with 401 and a Bearer challenge', async () => {
    const res = await s.call('/products', { as: null });
    const body = await problem(res, 401);
    expect(body.code).toBe('unauthorized');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(body.detail).toContain('Authorization: Bearer');
  });

  it('refuses an Authorization header that is not a bearer token, and an unknown token, with 401', async () => {
    const basic = await problem(
      await s.call('/products', { as: null, headers: { authorization: 'Basic abc' } }),
      401,
    );
    expect(basic.detail).toContain('Bearer mwt_');
    const unknown = await problem(
      await s.call('/products', { as: null, headers: { authorization: 'Bearer mwt_nope_nope' } }),
      401,
    );
    expect(unknown.code).toBe('unauthorized');
  });

  it('refuses a revoked token with 401 from the next request on', async () => {
    const created = await s.gm.mesh.governance.createToken({ principal: 'dave', name: 'soon-revoked' });
    const auth = { authorization: `Bearer ${created.token}` };
    expect((await s.call('/domains', { as: null, headers: auth })).status).toBe(200);
    await s.gm.mesh.governance.revokeToken(created.id);
    const body = await problem(await s.call('/domains', { as: null, headers: auth }), 401);
    expect(body.detail).toContain('revoked');
  });

  it('answers 403 with the reason when a consumer reads a product it has no grant for', async () => {
    const body = await problem(await s.call('/products/customer.profiles/rows', { as: 'dave' }), 403);
    expect(body.code).toBe('unauthorized');
    expect(body.detail).toContain('request access');
  });

  it('masks PII columns for a consumer whose grant does not cover PII', async () => {
    const bob = s.gm.bob.governance;
    const request = await bob.requestAccess({ product: 'customer.profiles', purpose: 'churn model' });
    await s.gm.carol.governance.approve(request.id);
    const res = await s.call('/products/customer.profiles/rows?customer_id=CUST001', { as: 'bob' });
    expect(res.status).toBe(200);
    const { rows } = (await res.json()) as { rows: Record<string, unknown>[] };
    expect(rows).toHaveLength(1);
    expect(rows[0]?.customer_id).toBe('CUST001');
    expect(rows[0]?.name).not.toBe('João Silva');
    expect(rows[0]?.email).not.toBe('joao.silva@example.com');
    // The owner's team reads the same row unmasked.
    const own = (await (
      await s.call('/products/customer.profiles/rows?customer_id=CUST001', { as: 'carol' })
    ).json()) as {
      rows: Record<string, unknown>[];
    };
    expect(own.rows[0]?.name).toBe('João Silva');
  });

  it('answers a policy denial with 403 and every violation', async () => {
    const spec = exampleSpec('customers') as { schema: { fields: Record<string, unknown>[] } } & Record<
      string,
      unknown
    >;
    spec.id = 'customer.unclassified';
    spec.name = 'Unclassified customers';
    for (const f of spec.schema.fields) delete f.classification;
    const created = await s.call('/products', {
      as: 'carol',
      method: 'POST',
      body: JSON.stringify({ spec }),
    });
    expect(created.status).toBe(201);
    const body = await problem(
      await s.call('/products/customer.unclassified/lifecycle', {
        as: 'carol',
        method: 'POST',
        body: JSON.stringify({ action: 'publish' }),
      }),
      403,
    );
    expect(body.code).toBe('policy_denied');
    expect(body.violations?.length).toBeGreaterThanOrEqual(2);
    expect(body.violations?.every((v) => v.policyId === 'pii-classified')).toBe(true);
    expect(body.issues?.length).toBe(body.violations?.length);
  });

  it('refuses a body over the limit with 413', async () => {
    const big = JSON.stringify([{ transaction_id: 'X'.repeat(5000) }]);
    const body = await problem(
      await s.call('/products/sales.transactions/rows', { method: 'POST', body: big }),
      413,
    );
    expect(body.code).toBe('payload_too_large');
    expect(body.detail).toContain('4096');
  });

  it('refuses malformed JSON with 400', async () => {
    const body = await problem(
      await s.call('/products/sales.transactions/rows', {
        method: 'PATCH',
        body: '{"filter": "amount > 1", "changes": {',
      }),
      400,
    );
    expect(body.code).toBe('invalid_input');
    expect(body.detail).toMatch(/JSON/);
  });

  it('refuses an unknown field with 400 naming its path', async () => {
    const body = await problem(
      await s.call('/products/sales.transactions/lifecycle', {
        method: 'POST',
        body: JSON.stringify({ action: 'deprecate', sunsett: '2026-01-01' }),
      }),
      400,
    );
    expect(body.issues?.[0]?.path).toEqual(['body']);
    expect(body.issues?.[0]?.code).toBe('unrecognized_keys');
    expect(body.detail).toContain('sunsett');
  });

  it('refuses a wrong type with 400 naming the field path', async () => {
    const body = await problem(
      await s.call('/domains', { method: 'POST', body: JSON.stringify({ name: 'ops', description: 42 }) }),
      400,
    );
    expect(body.issues?.[0]?.path).toEqual(['body', 'description']);
  });

  it('refuses an unknown product field in a filter with 400, never SQL', async () => {
    const body = await problem(await s.call('/products/sales.transactions/rows?filter=amout%20%3E%201'), 400);
    expect(body.detail).toContain('amout');
  });

  it('refuses more rows per response than the limit with 400 naming the limit', async () => {
    const body = await problem(await s.call('/products/sales.transactions/rows?limit=51'), 400);
    expect(body.detail).toContain('50 rows per response');
  });

  it('answers 404 for an unknown product and an unknown route', async () => {
    expect((await problem(await s.call('/products/sales.nothing'), 404)).code).toBe('not_found');
    expect((await problem(await s.call('/nowhere'), 404)).detail).toContain('/openapi.json');
  });

  it('answers 409 for a product that exists already', async () => {
    const body = await problem(
      await s.call('/products', { method: 'POST', body: JSON.stringify({ spec: exampleSpec('sales') }) }),
      409,
    );
    expect(body.code).toBe('already_exists');
  });

  it('answers 422 with issues for a change that breaks the contract', async () => {
    const body = await problem(
      await s.call('/products/sales.transactions/rows', {
        method: 'PATCH',
        as: 'alice',
        body: JSON.stringify({ filter: "transaction_id = 'TXN001'", changes: { amount: -5 } }),
      }),
      422,
    );
    expect(body.code).toBe('contract_violation');
    expect(body.issues?.some((i) => i.path.includes('amount'))).toBe(true);
  });

  it('refuses an expired token with 401', async () => {
    const created = await s.gm.mesh.governance.createToken({ principal: 'dave', expiresInDays: 1 });
    s.gm.clock.advance(2 * 24 * 60);
    const body = await problem(
      await s.call('/domains', { as: null, headers: { authorization: `Bearer ${created.token}` } }),
      401,
    );
    expect(body.detail).toMatch(/expired/);
  });
});

describe('HTTP rate limit', () => {
  it('answers 429 with Retry-After once a token has used its requests, and counts tokens apart', async () => {
    const s = await serveGovernedMesh({ limits: { rateLimit: 3, rateWindowMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) expect((await s.call('/domains', { as: 'bob' })).status).toBe(200);
      const res = await s.call('/domains', { as: 'bob' });
      const body = await problem(res, 429);
      expect(body.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await s.call('/domains', { as: 'dave' })).status).toBe(200);
      // Made-up tokens, each different, are limited per client address once they have been refused often enough.
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await s.call('/domains', {
          as: null,
          headers: { authorization: `Bearer mwt_fake${i}_x` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect((await s.call('/domains', { as: 'dave' })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
