import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import type { DataProduct } from '../product/data-product.ts';
import type { Mesh } from '../product/mesh.ts';
import { storeMaskingKey } from '../../test/support/masking-key.ts';
import { maskValue, REDACTED } from './masking.ts';

const SALES = 'sales.transactions';
const CUSTOMERS = 'customer.profiles';

type Reader = 'erin' | 'alice' | 'carol' | 'bob';
type Domain = 'sales' | 'customer';

const PRODUCT: Record<Domain, string> = { sales: SALES, customer: CUSTOMERS };
/** A segment of each product: declared in the customer contract, created by alice for sales. */
const SEGMENT: Record<Domain, string> = { sales: 'big_sales', customer: 'high_value' };

/** Who reads what: erin is an admin, alice and carol own their domain, bob holds a grant on sales only. */
const READS: Record<Reader, { role: string; domains: readonly Domain[] }> = {
  erin: { role: 'admin', domains: ['sales', 'customer'] },
  alice: { role: 'owner of sales', domains: ['sales'] },
  carol: { role: 'owner of customer', domains: ['customer'] },
  bob: { role: 'consumer with a grant on sales', domains: ['sales'] },
};

interface ReadCase {
  readonly run: (p: DataProduct, ctx: { domain: Domain; file: string; runId: number }) => Promise<unknown>;
  /** The audit action a read (or its refusal) is recorded as; null when an allowed call reads nothing. */
  readonly action: string;
  readonly auditedWhenAllowed: boolean;
}

/** Every way of reading a product's data or figures computed from it. */
const READ_PATHS: Record<string, ReadCase> = {
  query: { run: (p) => p.query(), action: 'product.query', auditedWhenAllowed: true },
  count: { run: (p) => p.count(), action: 'product.query', auditedWhenAllowed: true },
  export: {
    run: (p, { file }) => p.exportFile(file),
    action: 'product.export',
    auditedWhenAllowed: true,
  },
  analytics: { run: (p) => p.analytics(), action: 'product.query', auditedWhenAllowed: true },
  'segment statistics': {
    run: (p) => p.segments().statistics(),
    action: 'product.query',
    auditedWhenAllowed: true,
  },
  'one segment’s size': {
    run: (p, { domain }) => p.segments().statistic(SEGMENT[domain]),
    action: 'product.query',
    auditedWhenAllowed: true,
  },
  'segment members': {
    run: (p, { domain }) => p.segments().members(SEGMENT[domain]),
    action: 'product.query',
    auditedWhenAllowed: true,
  },
  metrics: { run: (p) => p.metrics(), action: 'product.metrics', auditedWhenAllowed: true },
  'a stored quality report': {
    run: (p, { runId }) => p.qualityRun(runId),
    action: 'product.quality_report',
    auditedWhenAllowed: true,
  },
  'how it may read (readAccess)': {
    run: (p) => p.readAccess(),
    action: 'product.query',
    auditedWhenAllowed: false,
  },
};

describe('every read path of a product goes through the same authorization', () => {
  let gm: GovernedMesh;
  const runs: Partial<Record<Domain, number>> = {};

  beforeAll(async () => {
    gm = await openGovernedMesh();
    await gm.alice
      .product(SALES)
      .then((p) => p.segments().create({ name: 'big_sales', where: 'amount >= 200' }));
    runs.sales = (await gm.sales.checkQuality()).runId;
    runs.customer = (await gm.customers.checkQuality()).runId;
    const request = await gm.bob.governance.requestAccess({ product: SALES, purpose: 'forecast' });
    await gm.alice.governance.approve(request.id);
  }, 60_000);

  afterAll(async () => {
    await gm.cleanup();
  });

  const newestEntryOf = async (who: Reader) =>
    (await gm.mesh.governance.auditLog({ principal: who, limit: 1 }))[0];

  for (const domain of ['sales', 'customer'] as const) {
    for (const [label, path] of Object.entries(READ_PATHS)) {
      for (const who of ['erin', 'alice', 'carol', 'bob'] as const) {
        const allowed = READS[who].domains.includes(domain);
        it(`${who} (${READS[who].role}) ${allowed ? 'may' : 'may not'} read ${label} of the ${domain} product`, async () => {
          const handle: Mesh = gm[who];
          const product = await handle.product(PRODUCT[domain]);
          const ctx = {
            domain,
            file: gm.dir.file(`${who}-${domain}-${label.replace(/\W+/g, '-')}.csv`),
            runId: runs[domain] ?? 0,
          };
          const before = await newestEntryOf(who);
          if (allowed) {
            await path.run(product, ctx);
            const after = await newestEntryOf(who);
            if (path.auditedWhenAllowed) {
              expect(after).toMatchObject({ action: path.action, target: PRODUCT[domain], outcome: 'ok' });
              expect(after?.seq).toBeGreaterThan(before?.seq ?? 0);
            } else {
              expect(after?.seq).toBe(before?.seq);
            }
            return;
          }
          const records = await gm.mesh.product(PRODUCT[domain]).then((p) => p.count());
          const error = await failureOf(path.run(product, ctx));
          expect(error.code).toBe('unauthorized');
          expect(error.message).toMatch(
            new RegExp(
              `^${who} \\(.+\\) may not read ${PRODUCT[domain].replace('.', '\\.')}; .* is private to domain ${domain}`,
            ),
          );
          // The refusal is audited as denied, and nothing was read or written.
          expect(await newestEntryOf(who)).toMatchObject({
            action: path.action,
            target: PRODUCT[domain],
            outcome: 'denied',
          });
          expect(await gm.mesh.product(PRODUCT[domain]).then((p) => p.count())).toBe(records);
          expect((await gm.mesh.governance.verifyAudit()).ok).toBe(true);
        });
      }
    }
  }
});

describe('reads of a consumer whose grant leaves PII out', () => {
  let gm: GovernedMesh;
  let dave: DataProduct;

  beforeAll(async () => {
    gm = await openGovernedMesh();
    const carol = await gm.carol.product(CUSTOMERS);
    await carol.segments().create({ name: 'example_mail', where: "email like '%@example.com'" });
    const request = await gm.dave.governance.requestAccess({ product: CUSTOMERS, purpose: 'tiers' });
    await gm.carol.governance.approve(request.id);
    dave = await gm.dave.product(CUSTOMERS);
  }, 60_000);

  afterAll(async () => {
    await gm.cleanup();
  });

  it('withholds the size of a segment filtering on a masked field, and shows the others', async () => {
    const stats = await dave.segments().statistics();
    const bySegment = Object.fromEntries(stats.segments.map((s) => [s.name, s]));
    expect(bySegment.high_value).toMatchObject({ count: 2, share: 50 });
    expect(bySegment.example_mail).toMatchObject({ count: null, share: null });
    expect(
      bySegment.example_mail && 'withheld' in bySegment.example_mail ? bySegment.example_mail.withheld : '',
    ).toMatch(/it filters on email, PII masked for you; request access with PII/);
    // The owner sees every size.
    const owner = await (await gm.carol.product(CUSTOMERS)).segments().statistics();
    expect(owner.segments.every((s) => typeof s.count === 'number')).toBe(true);
    const [logged] = await (await gm.carol.product(CUSTOMERS)).accessLog({ actor: 'dave', limit: 1 });
    expect(logged).toMatchObject({
      operation: 'query',
      outcome: 'ok',
      parameters: { count: true, withheld: ['example_mail'] },
    });
  });

  it('refuses the size and the members of a segment over a masked field, audited as denied', async () => {
    const size = await failureOf(dave.segments().statistic('example_mail'));
    expect(size.code).toBe('policy_denied');
    expect(size.message).toMatch(/cannot filter on email of customer\.profiles: it is PII masked for you/);
    const members = await failureOf(dave.segments().members('example_mail'));
    expect(members.code).toBe('policy_denied');
    const denied = await gm.mesh.governance.auditLog({ principal: 'dave', outcome: 'denied', limit: 2 });
    expect(denied.map((e) => [e.action, e.target])).toEqual([
      ['product.query', CUSTOMERS],
      ['product.query', CUSTOMERS],
    ]);
    const key = await storeMaskingKey(gm.store);
    expect((await dave.segments().members('high_value')).rows.map((r) => [r.name, r.email])).toEqual([
      [REDACTED, maskValue('joao.silva@example.com', 'hash', key)],
      [REDACTED, maskValue('ana.souza@example.com', 'hash', key)],
    ]);
  });

  it('refuses analytics over a segment filtering on a masked field', async () => {
    const error = await failureOf(dave.analytics({ segment: 'example_mail' }));
    expect(error.code).toBe('policy_denied');
    expect((await dave.analytics({ segment: 'high_value' })).measures.length).toBeGreaterThan(0);
  });

  it('reads metrics and stored quality reports, and logs analytics and counts as query accesses', async () => {
    const runId = (await gm.customers.checkQuality()).runId;
    expect((await dave.qualityRun(runId)).productId).toBe(CUSTOMERS);
    expect((await dave.metrics()).totalRecords).toBe(4);
    await dave.count({ tier: 'gold' });
    await dave.analytics({ where: "tier = 'gold'" });
    const log = await (await gm.carol.product(CUSTOMERS)).accessLog({ actor: 'dave', limit: 2 });
    expect(log.map((e) => e.parameters)).toEqual([
      { analytics: { where: "tier = 'gold'" } },
      { count: true, filter: "tier = 'gold'" },
    ]);
    const audited = await gm.mesh.governance.auditLog({ principal: 'dave', limit: 4 });
    expect(audited.map((e) => e.action)).toEqual([
      'product.query',
      'product.query',
      'product.metrics',
      'product.quality_report',
    ]);
  });

  it('tells whether it may read without recording anything', async () => {
    const before = (await gm.mesh.governance.auditLog({ limit: 1 }))[0]?.seq;
    expect(await dave.mayRead()).toBe(true);
    expect(await (await gm.dave.product('sales.transactions')).mayRead()).toBe(false);
    expect((await gm.mesh.governance.auditLog({ limit: 1 }))[0]?.seq).toBe(before);
  });

  it('stops every read path once the grant is revoked', async () => {
    const [grant] = await gm.dave.governance.listGrants();
    await gm.carol.governance.revokeGrant(grant?.id ?? 0, 'done');
    for (const read of [
      () => dave.query(),
      () => dave.count(),
      () => dave.analytics(),
      () => dave.segments().statistics(),
      () => dave.metrics(),
    ]) {
      const error = await failureOf(read());
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(/your grant #\d+ on customer\.profiles was revoked/);
    }
  });
});

describe('changes to segments and connector runs', () => {
  let gm: GovernedMesh;

  beforeAll(async () => {
    gm = await openGovernedMesh();
    const request = await gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'tiers' });
    await gm.carol.governance.approve(request.id);
  }, 60_000);

  afterAll(async () => {
    await gm.cleanup();
  });

  it('lets only owners and admins create and remove segments, even for a consumer with a grant', async () => {
    const asBob = (await gm.bob.product(CUSTOMERS)).segments();
    const created = await failureOf(asBob.create({ name: 'gold', where: "tier = 'gold'" }));
    expect(created.code).toBe('unauthorized');
    expect(created.message).toMatch(/only a platform admin or an owner of domain customer may/);
    expect((await asBob.list()).map((s) => s.name)).not.toContain('gold');
    await (await gm.carol.product(CUSTOMERS)).segments().create({ name: 'gold', where: "tier = 'gold'" });
    expect((await failureOf(asBob.remove('gold'))).code).toBe('unauthorized');
    expect((await asBob.list()).map((s) => s.name)).toContain('gold');
    expect(await gm.mesh.governance.auditLog({ principal: 'bob', outcome: 'denied' })).toMatchObject([
      { action: 'product.segment', target: CUSTOMERS },
      { action: 'product.segment', target: CUSTOMERS },
    ]);
  });

  it('lets only owners and admins record a connector run', async () => {
    await gm.carol.setSource(CUSTOMERS, 'worldbank', { indicators: [] });
    expect((await failureOf(gm.bob.markSourceRun(CUSTOMERS, 'failed', 'x'))).code).toBe('unauthorized');
    expect((await gm.mesh.source(CUSTOMERS))?.lastOutcome ?? null).toBeNull();
    await gm.carol.markSourceRun(CUSTOMERS, 'ok', '4 record(s)');
    expect((await gm.mesh.source(CUSTOMERS))?.lastOutcome).toBe('ok');
  });
});
