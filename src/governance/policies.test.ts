import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleRecords, exampleSpec } from '../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { ContractViolationError } from '../core/errors.ts';
import { parseProductSpec } from '../core/parse-product-spec.ts';
import { DEFAULT_POLICIES } from './default-policies.ts';
import { PolicyViolationError } from './policy-violation-error.ts';

/** The sales example with some fields missing their description. */
function undescribed(id: string, blank: readonly number[] = [1]): Record<string, unknown> {
  const spec = exampleSpec('sales');
  const schema = spec.schema as { fields: Record<string, unknown>[] };
  return {
    ...spec,
    id,
    schema: {
      ...schema,
      fields: schema.fields.map((f, i) => (blank.includes(i) ? { ...f, description: undefined } : f)),
    },
  };
}

const strictSales = {
  id: 'sales-fields-described',
  description: 'every field of a sales product is described',
  severity: 'blocking',
  scope: 'domain:sales',
  events: ['publish'],
  expression: "product.schema.fields.all(f, f.description != '')",
};

describe('policies as code', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  it('starts a store with the default global policies at version 1, written by system and audited', async () => {
    const policies = await gm.mesh.governance.listPolicies();
    expect(policies.map((p) => p.id).sort()).toEqual(DEFAULT_POLICIES.map((p) => p.id).sort());
    expect(
      policies.every((p) => p.version === 1 && p.updatedBy === 'system' && p.scope.kind === 'global'),
    ).toBe(true);
    const seeded = await gm.mesh.governance.auditLog({ action: 'policy.apply', principal: 'system' });
    expect(seeded).toHaveLength(DEFAULT_POLICIES.length);
    // Opening the store again does not seed twice.
    await (await gm.reopen()).close();
    expect(await gm.mesh.governance.auditLog({ action: 'policy.apply', principal: 'system' })).toHaveLength(
      6,
    );
  });

  it('refuses a publish that breaks blocking policies, listing every violation, and keeps the draft', async () => {
    const spec: Record<string, unknown> = { ...undescribed('sales.orders'), description: '' };
    const schema = spec.schema as { fields: Record<string, unknown>[] };
    schema.fields[2] = { ...schema.fields[2], pii: true };
    const product = await gm.alice.createProduct(spec);
    const error = await failureOf(product.publish());
    expect(error).toBeInstanceOf(PolicyViolationError);
    const violations = (error as PolicyViolationError).violations;
    expect(violations.map((v) => [v.policyId, v.path])).toEqual([
      ['owner-and-description', 'description'],
      ['pii-classified', 'schema.fields[2].pii'],
      ['pii-classified', 'schema.fields[2].classification'],
    ]);
    expect(error.code).toBe('policy_denied');
    expect(error.message).toMatch(
      /^publish of sales\.orders refused by 2 blocking policies \(3 violations\):\n {2}- \[blocking\] owner-and-description at description: /,
    );
    expect((await product.descriptor()).status).toBe('draft');
    const [denied] = (await gm.mesh.accessLog({ productId: 'sales.orders', operation: 'publish' })) ?? [];
    expect(denied).toMatchObject({ outcome: 'denied', actor: 'alice' });
  });

  it('publishes despite warnings, returns them and stores every result with its policy version', async () => {
    const product = await gm.alice.createProduct(undescribed('sales.orders', [1, 4]));
    const result = await product.publish();
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^policy \[warning\] fields-described at schema\.fields\[1\]\.description \(product_id\): every field has a description/,
      ),
      expect.stringMatching(
        /^policy \[warning\] fields-described at schema\.fields\[4\]\.description \(date\)/,
      ),
    ]);
    const stored = await gm.mesh.governance.policyResults('sales.orders');
    expect(stored.find((r) => r.policyId === 'fields-described')).toMatchObject({
      passed: false,
      policyVersion: 1,
      productVersion: '1.0.0',
      event: 'publish',
      violations: [{ path: 'schema.fields[1].description' }, { path: 'schema.fields[4].description' }],
    });
  });

  it('lets a domain add a stricter policy: sales refuses what customer only warns about', async () => {
    const applied = await gm.alice.governance.applyPolicies({ policies: [strictSales] });
    expect(applied.policies).toEqual([
      { id: 'sales-fields-described', scope: 'domain:sales', version: 1, change: 'created' },
    ]);
    const sales = await gm.alice.createProduct(undescribed('sales.orders'));
    const refused = await failureOf(sales.publish());
    expect((refused as PolicyViolationError).violations.map((v) => v.policyId)).toEqual([
      'sales-fields-described',
    ]);
    const customerSpec = { ...undescribed('customer.orders'), domain: 'customer' };
    const customer = await gm.carol.createProduct(customerSpec);
    expect((await customer.publish()).warnings).toHaveLength(1);
    expect((await gm.mesh.governance.listPolicies({ domain: 'customer' })).map((p) => p.id)).not.toContain(
      'sales-fields-described',
    );
  });

  it('never lets a domain override, disable or take over a global policy', async () => {
    const loosen = { ...strictSales, id: 'fields-described', severity: 'warning', expression: 'true' };
    const overridden = await failureOf(gm.alice.governance.applyPolicies([loosen]));
    expect(overridden.code).toBe('policy_denied');
    expect(overridden.message).toMatch(
      /policy fields-described is global: a domain policy cannot replace, override or disable it/,
    );
    expect((await gm.mesh.governance.policy('fields-described')).version).toBe(1);
    expect(
      await failureOf(gm.alice.governance.applyPolicies([{ ...strictSales, disable: 'fields-described' }])),
    ).toBeInstanceOf(ContractViolationError);
    expect(
      (await failureOf(gm.alice.governance.applyPolicies([{ ...strictSales, scope: 'global' }]))).code,
    ).toBe('unauthorized');
    expect(
      (await failureOf(gm.alice.governance.applyPolicies([{ ...strictSales, scope: 'domain:customer' }])))
        .code,
    ).toBe('unauthorized');
    await gm.alice.governance.applyPolicies([strictSales]);
    const taken = await failureOf(
      gm.carol.governance.applyPolicies([{ ...strictSales, scope: 'domain:customer' }]),
    );
    expect(taken.code).toBe('conflict');
    expect((await gm.mesh.governance.auditLog({ action: 'policy.apply', outcome: 'denied' })).length).toBe(3);
  });

  it('versions a changed policy, re-evaluates the products it applies to, and skips an unchanged one', async () => {
    await gm.alice.createProduct(undescribed('sales.orders'));
    const tightened = {
      ...DEFAULT_POLICIES.find((p) => p.id === 'fields-described'),
      scope: 'global',
      severity: 'blocking',
    };
    const applied = await gm.erin.governance.applyPolicies([tightened]);
    expect(applied).toEqual({
      policies: [{ id: 'fields-described', scope: 'global', version: 2, change: 'updated' }],
      reevaluated: 3,
    });
    const stored = (await gm.mesh.governance.policyResults('sales.orders')).find(
      (r) => r.policyId === 'fields-described',
    );
    expect(stored).toMatchObject({
      policyVersion: 2,
      severity: 'blocking',
      passed: false,
      event: 'schedule',
    });
    expect(await gm.erin.governance.applyPolicies([tightened])).toEqual({
      policies: [{ id: 'fields-described', scope: 'global', version: 2, change: 'unchanged' }],
      reevaluated: 0,
    });
    const history = await gm.mesh.governance.policyHistory('fields-described');
    expect(history.map((v) => [v.version, v.definition.severity, v.createdBy])).toEqual([
      [1, 'warning', 'system'],
      [2, 'blocking', 'erin'],
    ]);
    expect(
      (await gm.mesh.governance.auditLog({ action: 'policy.apply', principal: 'erin' }))[0]?.details,
    ).toMatchObject({
      version: 2,
      change: 'updated',
    });
  });

  it('reports compliance per product, per domain and for the whole mesh', async () => {
    await gm.alice.createProduct({ ...undescribed('sales.orders'), description: '' });
    const mesh = await gm.mesh.governance.compliance();
    expect(mesh.products.map((p) => [p.productId, p.compliant])).toEqual([
      ['customer.profiles', true],
      ['sales.orders', false],
      ['sales.transactions', true],
    ]);
    const orders = mesh.products.find((p) => p.productId === 'sales.orders');
    expect(orders?.score).toBe(66.7);
    expect(orders?.results.filter((r) => !r.passed).map((r) => r.policyId)).toEqual([
      'fields-described',
      'owner-and-description',
    ]);
    expect(mesh.domains).toEqual([
      { domain: 'customer', products: 1, compliant: 1, score: 100 },
      { domain: 'sales', products: 2, compliant: 1, score: 83.4 },
    ]);
    expect(mesh.summary).toMatchObject({ products: 3, compliant: 2, blockingViolations: 1, warnings: 1 });
    const sales = await gm.bob.governance.compliance({ domain: 'sales' });
    expect(sales.products.map((p) => p.productId)).toEqual(['sales.orders', 'sales.transactions']);
    const one = await gm.mesh.governance.compliance({ product: 'sales.transactions' });
    expect(one.products).toHaveLength(1);
    expect((await failureOf(gm.mesh.governance.compliance({ product: 'sales.none' }))).code).toBe(
      'not_found',
    );
  });

  it('tests and explains one policy on one product, naming the offending paths', async () => {
    await gm.alice.createProduct(undescribed('sales.orders', [3]));
    const tested = await gm.bob.governance.testPolicy('fields-described', 'sales.orders');
    expect(tested).toMatchObject({ productId: 'sales.orders', event: 'publish', applies: true });
    expect(tested.result.violations.map((v) => v.path)).toEqual(['schema.fields[3].description']);
    const explained = await gm.bob.governance.explainPolicy('fields-described', 'sales.orders');
    expect(explained.trace).toMatchObject({
      expression: 'product.schema.fields.all(f, f.description != "")',
      value: false,
      children: [
        { expression: 'product.schema.fields' },
        {
          expression: 'f.description != ""',
          value: false,
          element: { path: 'schema.fields[3]', name: 'amount' },
          reads: { 'schema.fields[3].description': '' },
        },
      ],
    });
    await gm.alice.governance.applyPolicies([strictSales]);
    expect((await gm.mesh.governance.testPolicy('sales-fields-described', 'customer.profiles')).applies).toBe(
      false,
    );
    const unknown = await failureOf(gm.mesh.governance.testPolicy('nope', 'sales.orders'));
    expect(unknown.code).toBe('not_found');
    expect(unknown.message).toMatch(/known policies: fields-described, gold-quality-run/);
    expect((await failureOf(gm.mesh.governance.testPolicy('fields-described', 'sales.none'))).code).toBe(
      'not_found',
    );
  });

  it('evaluates ingest policies before anything is written', async () => {
    await gm.alice.governance.applyPolicies([
      {
        id: 'sales-ingest-published',
        description: 'sales products take data only once published',
        scope: 'domain:sales',
        events: ['ingest'],
        expression: "product.status == 'published'",
      },
    ]);
    const draft = await gm.alice.createProduct({ ...exampleSpec('sales'), id: 'sales.drafts' });
    const error = await failureOf(draft.ingest(exampleRecords('sales')));
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect((error as PolicyViolationError).violations[0]).toMatchObject({
      policyId: 'sales-ingest-published',
      path: 'status',
    });
    expect(await draft.count()).toBe(0);
    expect((await draft.accessLog({ operation: 'ingest' }))[0]).toMatchObject({ outcome: 'denied' });
    expect((await gm.sales.ingest([])).total).toBe(0);
  });

  it('evaluates access policies at every request and read, with the purpose and PII of the grant', async () => {
    const request = await gm.bob.governance.requestAccess({
      product: 'customer.profiles',
      purpose: 'marketing',
      pii: true,
    });
    await gm.carol.governance.approve(request.id);
    const product = await gm.bob.product('customer.profiles');
    expect((await product.query()).rows).toHaveLength(4);
    await gm.carol.governance.applyPolicies([
      {
        id: 'customer-no-pii-for-marketing',
        description: 'PII of customers is never read for marketing',
        scope: 'domain:customer',
        events: ['access'],
        expression: "!request.pii || request.purpose != 'marketing'",
      },
    ]);
    const read = await failureOf(product.query());
    expect(read.code).toBe('policy_denied');
    expect(read.message).toMatch(/customer-no-pii-for-marketing/);
    const asked = await failureOf(
      gm.dave.governance.requestAccess({ product: 'customer.profiles', purpose: 'marketing', pii: true }),
    );
    expect(asked.code).toBe('policy_denied');
    expect(await gm.dave.governance.listRequests()).toEqual([]);
    expect(
      (await gm.dave.governance.requestAccess({ product: 'customer.profiles', purpose: 'marketing' })).status,
    ).toBe('pending');
    // Owners read their own products whatever the purpose: the policy sees no PII-less purpose to refuse.
    expect((await (await gm.carol.product('customer.profiles')).query()).rows).toHaveLength(4);
  });

  it('offers the publish pipeline a hook that evaluates a spec before it is registered', async () => {
    const spec = parseProductSpec({ ...undescribed('sales.orders'), description: '' });
    const gov = gm.alice.governance;
    const evaluation = await gov.evaluatePolicies('publish', { product: { ...spec, status: 'published' } });
    expect(evaluation.passed).toBe(false);
    expect(evaluation.blocking.map((v) => v.path)).toEqual(['description']);
    expect(evaluation.warnings.map((v) => v.path)).toEqual(['schema.fields[1].description']);
    expect(await gm.mesh.hasProduct('sales.orders')).toBe(false);
    expect((await failureOf(gov.enforcePolicies('publish', { product: spec }))).code).toBe('policy_denied');
    const sales = parseProductSpec({ ...exampleSpec('sales'), id: 'sales.more' });
    expect((await failureOf(gm.bob.governance.checkPublish(sales))).code).toBe('unauthorized');
    expect((await gov.checkPublish(sales)).passed).toBe(true);
    const audited = await gm.mesh.governance.auditLog({ target: 'sales.orders' });
    expect(audited.map((e) => [e.action, e.outcome])).toEqual([
      ['policy.publish', 'denied'],
      ['policy.evaluate', 'ok'],
      ['policy.evaluate', 'ok'],
    ]);
  });
});
