/**
 * The authorization matrix of docs/governance.md, cell by cell, through HTTP and through the SDK: role × operation ×
 * own/other domain, token state, and grant state (none, pending, rejected, approved with or without PII, expired,
 * revoked). Every cell is run through both interfaces, which must agree; every denial must be in the audit log.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mesh } from '../../src/product/mesh.ts';
import { exampleRecords } from '../support/example-mesh.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

type Who = 'erin' | 'alice' | 'carol' | 'bob';
type Domain = 'sales' | 'customer';
type Json = Record<string, unknown>;

const PRODUCT: Record<Domain, string> = { sales: 'sales.transactions', customer: 'customer.profiles' };
/** A filter that matches no row of each product: writes through it change nothing, reads return nothing. */
const NO_ROW: Record<Domain, string> = {
  sales: "transaction_id = 'NONE'",
  customer: "customer_id = 'NONE'",
};
/** A change of a field that is not a key. */
const CHANGE: Record<Domain, Json> = { sales: { amount: 1 }, customer: { tier: 'silver' } };

/** The domains whose products each principal may change and read unmasked (docs/governance.md, roles). */
const OWNS: Record<Who, readonly Domain[]> = {
  erin: ['sales', 'customer'],
  alice: ['sales'],
  carol: ['customer'],
  bob: [],
};

let serial = 0;
/** A record of the domain's product with a key no other cell uses. */
function newRecord(domain: Domain): Json {
  serial += 1;
  if (domain === 'sales') {
    return {
      transaction_id: `TXN9${String(serial).padStart(3, '0')}`,
      product_id: 'P9',
      customer_id: 'C9',
      amount: 9,
      date: '2025-10-09',
      product_category: 'Books',
      region: 'Europe',
    };
  }
  const [first] = exampleRecords('customers');
  return {
    ...first,
    customer_id: `CUST9${String(serial).padStart(3, '0')}`,
    email: `m${serial}@example.com`,
  };
}

interface Operation {
  /** The HTTP request of the operation on the domain's product. */
  readonly http: (d: Domain) => { path: string; method?: string; body?: string; contentType?: string };
  /** The same operation through the SDK. */
  readonly sdk: (m: Mesh, d: Domain) => Promise<unknown>;
  /** The audit actions a refusal may be recorded as. */
  readonly actions: readonly string[];
}

/** Every operation on a product's data: the reads need a right to read, the writes the right to change. */
const OPERATIONS: Record<string, Operation> = {
  'read rows': {
    http: (d) => ({ path: `/products/${PRODUCT[d]}/rows?limit=5` }),
    sdk: async (m, d) => (await m.product(PRODUCT[d])).query(undefined, { limit: 5 }),
    actions: ['product.query'],
  },
  export: {
    http: (d) => ({ path: `/products/${PRODUCT[d]}/export?format=ndjson` }),
    sdk: async (m, d) => (await m.product(PRODUCT[d])).query(NO_ROW[d]),
    actions: ['product.export', 'product.query'],
  },
  metrics: {
    http: (d) => ({ path: `/products/${PRODUCT[d]}/metrics` }),
    sdk: async (m, d) => (await m.product(PRODUCT[d])).metrics(),
    actions: ['product.metrics'],
  },
  analytics: {
    http: (d) => ({ path: `/products/${PRODUCT[d]}/analytics` }),
    sdk: async (m, d) => (await m.product(PRODUCT[d])).analytics(),
    actions: ['product.query'],
  },
  ingest: {
    http: (d) => ({
      path: `/products/${PRODUCT[d]}/rows`,
      method: 'POST',
      body: JSON.stringify([newRecord(d)]),
    }),
    sdk: async (m, d) => (await m.product(PRODUCT[d])).ingest([newRecord(d)]),
    actions: ['product.ingest'],
  },
  update: {
    http: (d) => ({
      path: `/products/${PRODUCT[d]}/rows`,
      method: 'PATCH',
      body: JSON.stringify({ filter: NO_ROW[d], changes: CHANGE[d] }),
    }),
    sdk: async (m, d) => (await m.product(PRODUCT[d])).update(NO_ROW[d], CHANGE[d]),
    actions: ['product.update'],
  },
  remove: {
    http: (d) => ({
      path: `/products/${PRODUCT[d]}/rows?filter=${encodeURIComponent(NO_ROW[d])}`,
      method: 'DELETE',
    }),
    sdk: async (m, d) => (await m.product(PRODUCT[d])).remove(NO_ROW[d]),
    actions: ['product.remove'],
  },
  'run the quality checks': {
    http: (d) => ({
      path: `/products/${PRODUCT[d]}/quality`,
      method: 'POST',
      body: JSON.stringify({ store: false }),
    }),
    sdk: async (m, d) => (await m.product(PRODUCT[d])).checkQuality({ store: false }),
    actions: ['product.quality'],
  },
};

/** Sends one request as a principal (or with a raw Authorization header). */
async function send(
  s: ServedMesh,
  request: ReturnType<Operation['http']>,
  as: Who | 'dave' | { authorization?: string },
): Promise<{ status: number; text: string; type: string }> {
  const headers = new Headers();
  if (typeof as === 'string') headers.set('authorization', `Bearer ${s.tokens[as]}`);
  else if (as.authorization !== undefined) headers.set('authorization', as.authorization);
  if (request.body !== undefined) headers.set('content-type', request.contentType ?? 'application/json');
  const res = await fetch(`${s.url}${request.path}`, {
    method: request.method ?? 'GET',
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** The denied audit entries of a principal so far, oldest first. */
async function deniedOf(s: ServedMesh, principal: string): Promise<Json[]> {
  const entries = await s.gm.mesh.governance.auditLog({ principal, outcome: 'denied' });
  return [...entries].sort((a, b) => a.seq - b.seq) as unknown as Json[];
}

describe('authorization matrix: role × operation × own or other domain, over HTTP and the SDK', () => {
  let s: ServedMesh;
  beforeAll(async () => {
    s = await serveGovernedMesh();
  });
  afterAll(async () => {
    await s?.close();
  });

  for (const domain of ['sales', 'customer'] as const) {
    for (const [label, op] of Object.entries(OPERATIONS)) {
      for (const who of ['erin', 'alice', 'carol', 'bob'] as const) {
        const allowed = OWNS[who].includes(domain);
        it(`${who} ${allowed ? 'may' : 'may not'} ${label} in domain ${domain}`, async () => {
          const product = await s.gm.mesh.product(PRODUCT[domain]);
          const countBefore = await product.count();
          const deniedBefore = (await deniedOf(s, who)).length;

          const http = await send(s, op.http(domain), who);
          const sdk = await op.sdk(s.gm[who], domain).then(
            () => null,
            (error: unknown) => error as Error & { code?: string },
          );
          if (allowed) {
            expect(http.status, http.text).toBe(200);
            expect(sdk, sdk?.message).toBeNull();
            expect((await deniedOf(s, who)).length).toBe(deniedBefore);
            return;
          }
          expect(http.status, http.text).toBe(403);
          expect(http.type).toContain('application/problem+json');
          const problem = JSON.parse(http.text) as Json;
          expect(problem.code).toBe('unauthorized');
          expect(String(problem.detail)).toContain(who);
          expect(sdk?.code).toBe('unauthorized');
          // HTTP and the SDK say the same thing, and nothing changed.
          expect(sdk?.message).toBe(problem.detail);
          expect(await product.count()).toBe(countBefore);
          const denied = (await deniedOf(s, who)).slice(deniedBefore);
          expect(denied).toHaveLength(2);
          for (const entry of denied) {
            expect(op.actions).toContain(entry.action);
            expect(entry.target).toBe(PRODUCT[domain]);
          }
        });
      }
    }
  }

  it('keeps the audit log to admins, and principals to admins, over HTTP and the SDK alike', async () => {
    for (const who of ['erin', 'alice', 'carol', 'bob'] as const) {
      const admin = who === 'erin';
      const before = (await deniedOf(s, who)).length;
      const http = await send(s, { path: '/audit?limit=1' }, who);
      expect(http.status, http.text).toBe(admin ? 200 : 403);
      const sdk = await s.gm[who].governance.auditLog({ limit: 1 }).then(
        () => null,
        (error: unknown) => error as Error & { code?: string },
      );
      expect(sdk?.code ?? null).toBe(admin ? null : 'unauthorized');
      const add = await send(
        s,
        {
          path: '/principals',
          method: 'POST',
          body: JSON.stringify({ id: `p-${who}`, roles: ['consumer'] }),
        },
        who,
      );
      expect(add.status, add.text).toBe(admin ? 201 : 403);
      expect((await deniedOf(s, who)).length - before).toBe(admin ? 0 : 3);
    }
    expect((await s.gm.mesh.governance.verifyAudit()).ok).toBe(true);
  });
});

describe('authorization matrix: token state', () => {
  let s: ServedMesh;
  beforeAll(async () => {
    s = await serveGovernedMesh();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('accepts a valid token and refuses expired, revoked, wrong, unknown, malformed and missing ones with 401, auditing each refused token without its secret', async () => {
    const gov = s.gm.mesh.governance;
    const expiring = await gov.createToken({ principal: 'dave', expiresInDays: 1, name: 'expiring' });
    const revoked = await gov.createToken({ principal: 'dave', name: 'revoked' });
    await gov.revokeToken(revoked.id);
    const valid = await gov.createToken({ principal: 'dave', name: 'valid' });
    s.gm.clock.advance(24 * 60 + 1);
    // mwt_<12 characters of id>_<43 characters of secret>; either part may itself contain '_'.
    const secretOf = (token: string): string => token.slice('mwt_'.length + 13);
    const id = valid.token.slice('mwt_'.length, 'mwt_'.length + 12);
    const wrongSecret = `mwt_${id}_${'A'.repeat(43)}`;
    const unknownId = `mwt_AAAAAAAAAAAA_${secretOf(valid.token)}`;

    const cases: {
      state: string;
      authorization?: string;
      status: number;
      audited: string | null;
      says: RegExp;
    }[] = [
      { state: 'valid', authorization: `Bearer ${valid.token}`, status: 200, audited: null, says: /./ },
      {
        state: 'expired',
        authorization: `Bearer ${expiring.token}`,
        status: 401,
        audited: `token:${expiring.id}`,
        says: /expired at/,
      },
      {
        state: 'revoked',
        authorization: `Bearer ${revoked.token}`,
        status: 401,
        audited: `token:${revoked.id}`,
        says: /was revoked at/,
      },
      {
        state: 'wrong secret',
        authorization: `Bearer ${wrongSecret}`,
        status: 401,
        audited: `token:${id}`,
        says: /not accepted/,
      },
      {
        state: 'unknown id',
        authorization: `Bearer ${unknownId}`,
        status: 401,
        audited: '',
        says: /not accepted/,
      },
      {
        state: 'malformed',
        authorization: 'Bearer not-a-token',
        status: 401,
        audited: '',
        says: /not accepted/,
      },
      {
        state: 'not a bearer',
        authorization: `Basic ${valid.token}`,
        status: 401,
        audited: null,
        says: /Bearer/,
      },
      { state: 'missing', status: 401, audited: null, says: /needs a token/ },
    ];
    for (const c of cases) {
      const before = await gov.auditLog({ action: 'auth.token', outcome: 'denied' });
      const res = await send(s, { path: '/products' }, c.authorization === undefined ? {} : c);
      expect(res.status, `${c.state}: ${res.text}`).toBe(c.status);
      // The SDK's token check (Mesh.open({ token }), mesh.governance.authenticate) decides alike, in the same words.
      const bearer = /^Bearer (.+)$/.exec(c.authorization ?? '')?.[1];
      const sdk =
        bearer === undefined
          ? undefined
          : await gov.authenticate(bearer).then(
              (p) => p.id,
              (error: unknown) => error as Error & { code?: string },
            );
      if (c.status === 401) {
        const problem = JSON.parse(res.text) as Json;
        expect(problem.code, c.state).toBe('unauthorized');
        expect(String(problem.detail), c.state).toMatch(c.says);
        for (const secret of [valid.token, expiring.token, revoked.token, wrongSecret])
          expect(res.text, c.state).not.toContain(secretOf(secret));
        if (sdk !== undefined) {
          expect(sdk, c.state).toBeInstanceOf(Error);
          expect((sdk as Error & { code?: string }).code, c.state).toBe('unauthorized');
          expect((sdk as Error).message, c.state).toBe(problem.detail);
        }
      } else {
        expect(sdk, c.state).toBe('dave');
      }
      const after = await gov.auditLog({ action: 'auth.token', outcome: 'denied' });
      const added = after.filter((e) => !before.some((b) => b.seq === e.seq));
      if (c.audited === null) expect(added, c.state).toEqual([]);
      else {
        // One refusal through HTTP, one through the SDK.
        expect(added, c.state).toHaveLength(2);
        for (const entry of added) {
          if (c.audited !== '') expect(entry.target, c.state).toBe(c.audited);
          for (const secret of [valid.token, expiring.token, revoked.token, wrongSecret])
            expect(JSON.stringify(entry), c.state).not.toContain(secretOf(secret));
        }
      }
    }
    expect((await gov.verifyAudit()).ok).toBe(true);
  });
});

describe('authorization matrix: grant state of a consumer reading a product with PII', () => {
  const CUSTOMERS = PRODUCT.customer;
  let s: ServedMesh;
  beforeEach(async () => {
    s = await serveGovernedMesh();
  });
  afterEach(async () => {
    await s?.close();
  });

  /** Reads the first rows as dave through HTTP and the SDK; both must agree. */
  async function daveReads(): Promise<{ rows: Json[] } | { code: string; message: string }> {
    const http = await send(s, { path: `/products/${CUSTOMERS}/rows?order=customer_id&limit=3` }, 'dave');
    const sdk = await (await s.gm.dave.product(CUSTOMERS))
      .query(undefined, { orderBy: 'customer_id', limit: 3 })
      .then(
        (r) => ({ rows: r.rows as Json[] }),
        (error: unknown) => ({
          code: String((error as { code?: string }).code),
          message: (error as Error).message,
        }),
      );
    if (http.status === 200) {
      expect(sdk, JSON.stringify(sdk)).toHaveProperty('rows');
      const { rows } = JSON.parse(http.text) as { rows: Json[] };
      expect(rows).toEqual((sdk as { rows: Json[] }).rows);
      return { rows };
    }
    expect(http.status, http.text).toBe(403);
    const problem = JSON.parse(http.text) as Json;
    expect(sdk).toEqual({ code: problem.code, message: problem.detail });
    return sdk as { code: string; message: string };
  }

  const ownerRows = async (): Promise<Json[]> =>
    (await (await s.gm.carol.product(CUSTOMERS)).query(undefined, { orderBy: 'customer_id', limit: 3 }))
      .rows as Json[];

  const request = (pii = false, expiresAt?: string) =>
    s.gm.dave.governance.requestAccess({
      product: CUSTOMERS,
      purpose: 'matrix',
      pii,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });

  /** Checks a refused read: unauthorized, the reason, audited as a denied read of the product. */
  async function expectRefused(reason: RegExp): Promise<void> {
    const before = (await deniedOf(s, 'dave')).length;
    const outcome = await daveReads();
    expect(outcome).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(reason) });
    const denied = (await deniedOf(s, 'dave')).slice(before);
    expect(denied.map((e) => [e.action, e.target])).toEqual([
      ['product.query', CUSTOMERS],
      ['product.query', CUSTOMERS],
    ]);
  }

  it('none: refused', async () => {
    await expectRefused(/dave .*may not read customer\.profiles/);
  });

  it('pending: refused until approved', async () => {
    await request();
    await expectRefused(/may not read customer\.profiles/);
  });

  it('rejected: refused', async () => {
    const r = await request();
    await s.gm.carol.governance.reject(r.id, 'no');
    await expectRefused(/may not read customer\.profiles/);
  });

  it('approved without PII: reads every row with each PII field masked as the contract says', async () => {
    const r = await request();
    await s.gm.carol.governance.approve(r.id);
    const outcome = await daveReads();
    const raw = await ownerRows();
    expect(outcome).toHaveProperty('rows');
    const rows = (outcome as { rows: Json[] }).rows;
    expect(rows).toHaveLength(raw.length);
    const masked = (await (await s.gm.dave.product(CUSTOMERS)).readAccess()).maskedFields;
    expect(Object.keys(masked).sort()).toEqual(expect.arrayContaining(['email']));
    rows.forEach((row, i) => {
      for (const [field, value] of Object.entries(row)) {
        if (field in masked) expect(value, field).not.toEqual(raw[i]?.[field]);
        else expect(value, field).toEqual(raw[i]?.[field]);
      }
    });
  });

  it('approved with PII: reads the rows unmasked', async () => {
    const r = await request(true);
    await s.gm.carol.governance.approve(r.id);
    expect(await daveReads()).toEqual({ rows: await ownerRows() });
  });

  it('expired: refused, naming the grant and when it expired', async () => {
    const r = await request(false, '2025-11-01');
    const grant = await s.gm.carol.governance.approve(r.id);
    expect(await daveReads()).toHaveProperty('rows');
    s.gm.clock.advance(30 * 24 * 60);
    await expectRefused(new RegExp(`your grant #${grant.id} on customer\\.profiles expired at`));
  });

  it('revoked: refused, naming the grant', async () => {
    const r = await request(true);
    const grant = await s.gm.carol.governance.approve(r.id);
    expect(await daveReads()).toHaveProperty('rows');
    await s.gm.carol.governance.revokeGrant(grant.id, 'done');
    await expectRefused(new RegExp(`grant #${grant.id}.*revoked`));
  });
});
