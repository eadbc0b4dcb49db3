import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleSpec } from '../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { parseProductSpec } from '../core/parse-product-spec.ts';
import { openEngine } from '../engine/open-engine.ts';
import { checkLifecycleGuards, LIFECYCLE_GUARDS } from './lifecycle-guards.ts';
import { PolicyViolationError } from './policy-violation-error.ts';

const sales = parseProductSpec(exampleSpec('sales'));

describe('lifecycle guards', () => {
  it('are CEL conditions per target state, evaluated by the policy engine with offending paths', () => {
    expect(Object.keys(LIFECYCLE_GUARDS)).toEqual(['published', 'deprecated', 'archived']);
    const failures = checkLifecycleGuards('published', {
      product: { ...sales, owner: '' },
      event: 'publish',
      quality: { runs: 2, lastVerdict: 'fail', lastRunAt: '2025-10-08T12:00:00Z', lastLevel: 'bronze' },
    });
    expect(failures.map((f) => [f.guardId, f.paths])).toEqual([
      ['publish.owner', ['owner']],
      ['publish.quality', ['quality.lastVerdict']],
    ]);
    expect(failures[1]?.reason).toMatch(/the last quality run .* did not pass: its verdict is fail/);
    const passed = (lastVerdict: string) => ({
      runs: 1,
      lastVerdict,
      lastRunAt: '2025-10-08T12:00:00Z',
      lastLevel: '',
    });
    expect(
      checkLifecycleGuards('published', { product: sales, event: 'publish', quality: passed('pass') }),
    ).toEqual([]);
    // A product with no data yet has nothing failing; one that was never checked cannot be published.
    expect(
      checkLifecycleGuards('published', { product: sales, event: 'publish', quality: passed('no_data') }),
    ).toEqual([]);
    const unchecked = checkLifecycleGuards('published', { product: sales, event: 'publish' });
    expect(unchecked.map((f) => [f.guardId, f.reason])).toEqual([
      [
        'publish.quality',
        'the product has no quality run; check it first (meshwork quality sales.transactions)',
      ],
    ]);
  });

  it('need a sunset date that is a date to deprecate, and no active grant to archive', () => {
    const deprecate = (sunset?: string) =>
      checkLifecycleGuards('deprecated', {
        product: sales,
        event: 'publish',
        request: { operation: 'deprecate', ...(sunset === undefined ? {} : { sunset }) },
      }).map((f) => f.reason);
    expect(deprecate()).toEqual([expect.stringMatching(/^deprecation needs a sunset date/)]);
    expect(deprecate('soon')).toEqual(['sunset must be a date YYYY-MM-DD, got soon']);
    expect(deprecate('2027-01-31')).toEqual([]);
    const archive = checkLifecycleGuards('archived', {
      product: sales,
      event: 'publish',
      grants: { active: 2, consumers: ['bob', 'dave'] },
    });
    expect(archive.map((f) => [f.paths, f.reason])).toEqual([
      [
        ['grants.active'],
        expect.stringMatching(
          /^2 active grant\(s\) still let consumers read it \(bob, dave\); revoke them first/,
        ),
      ],
    ]);
  });
});

describe('lifecycle guards on a store', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  const grant = async (who: 'bob' | 'dave', product = 'sales.transactions') => {
    const r = await gm[who].governance.requestAccess({ product, purpose: 'forecast' });
    return gm.alice.governance.approve(r.id);
  };

  it('checks the data when publishing: refuses while it fails, publishes once it passes', async () => {
    const orders = await gm.alice.createProduct({ ...exampleSpec('sales'), id: 'sales.orders' });
    await orders.ingest([
      {
        transaction_id: 'T1',
        product_id: 'P',
        customer_id: 'C',
        amount: 5,
        date: '2025-10-01',
        product_category: 'x',
        region: 'y',
      },
    ]);
    const raw = await openEngine(gm.store);
    try {
      // A legacy loader wrote a record around the contract.
      await raw.execute(
        "INSERT INTO data_sales__orders__v1 VALUES ('T2', 'P', 'C', -5, DATE '2025-10-09', 'x', 'y')",
      );
      // Publishing checks the data as it is now: no earlier run is needed, and the run is kept.
      const refused = await orders.publish();
      expect(refused.ok).toBe(false);
      expect(refused.reasons).toEqual([
        expect.stringMatching(/the last quality run .* did not pass: its verdict is fail; fix the data/),
      ]);
      expect((await orders.qualityHistory()).map((r) => r.verdict)).toEqual(['fail']);
      // Someone who may not publish it changes nothing, not even the quality history.
      await expect(gm.bob.product('sales.orders').then((p) => p.publish())).rejects.toMatchObject({
        code: 'unauthorized',
      });
      expect(await orders.qualityHistory()).toHaveLength(1);
      await raw.execute("DELETE FROM data_sales__orders__v1 WHERE transaction_id = 'T2'");
    } finally {
      await raw.close();
    }
    expect((await orders.publish()).ok).toBe(true);
    expect((await orders.qualityHistory()).map((r) => r.verdict)).toEqual(['pass', 'fail']);
  });

  it('refuses to publish a gold product before a passing quality run (gold-quality-run policy)', async () => {
    const gold = await gm.alice.createProduct({
      ...exampleSpec('sales'),
      id: 'sales.gold',
      qualityLevel: 'gold',
    });
    const error = await failureOf(gold.publish());
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect((error as PolicyViolationError).violations.map((v) => v.policyId)).toEqual([
      'gold-quality-run',
      'gold-quality-run',
    ]);
    await gold.ingest([
      {
        transaction_id: 'T1',
        product_id: 'P',
        customer_id: 'C',
        amount: 5,
        date: '2025-10-08',
        product_category: 'x',
        region: 'y',
      },
    ]);
    expect((await gold.checkQuality()).verdict).toBe('pass');
    expect((await gold.publish()).ok).toBe(true);
  });

  it('refuses to archive while consumers hold active grants; revoked and expired grants do not count', async () => {
    const bobs = await grant('bob');
    const r = await gm.dave.governance.requestAccess({
      product: 'sales.transactions',
      purpose: 'x',
      expiresAt: '2025-10-09',
    });
    await gm.alice.governance.approve(r.id);
    await gm.sales.deprecate({ sunset: '2025-12-31' });
    const refused = await gm.sales.archive();
    expect(refused).toMatchObject({ ok: false, status: 'deprecated' });
    expect(refused.reasons[0]).toMatch(/^2 active grant\(s\) still let consumers read it \(bob, dave\)/);
    await gm.alice.governance.revokeGrant(bobs.id, 'archiving');
    gm.clock.advance(2 * 24 * 60);
    expect(await gm.sales.archive()).toMatchObject({ ok: true, status: 'archived' });
  });

  it('requires a sunset date to deprecate and notifies every consumer with an active grant', async () => {
    await grant('bob');
    const daves = await grant('dave');
    await gm.alice.governance.revokeGrant(daves.id);
    const refused = await gm.sales.deprecate();
    expect(refused.ok).toBe(false);
    expect(refused.reasons).toEqual([expect.stringMatching(/deprecation needs a sunset date/)]);
    expect(await gm.bob.governance.notifications()).not.toContainEqual(
      expect.objectContaining({ kind: 'deprecation' }),
    );
    const result = await (await gm.alice.product('sales.transactions')).deprecate({
      sunset: '2026-03-31',
      reason: 'replaced by sales.orders',
    });
    expect(result.ok).toBe(true);
    expect((await gm.bob.governance.notifications())[0]).toMatchObject({
      kind: 'deprecation',
      productId: 'sales.transactions',
      message:
        'sales.transactions is deprecated and will be retired after 2026-03-31: replaced by sales.orders; move off it before then',
      details: { sunset: '2026-03-31', reason: 'replaced by sales.orders', version: '1.0.0' },
    });
    expect((await gm.dave.governance.notifications()).map((n) => n.kind)).not.toContain('deprecation');
    expect((await gm.mesh.governance.notifications({ for: 'bob' })).length).toBeGreaterThan(0);
    expect((await failureOf(gm.dave.governance.notifications({ for: 'bob' }))).code).toBe('unauthorized');
  });

  it('still refuses transitions the state machine does not allow before any guard runs', async () => {
    const result = await gm.sales.archive();
    expect(result.reasons).toEqual([
      'a published product cannot become archived; from published it may become deprecated',
    ]);
  });
});
