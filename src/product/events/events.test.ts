import { afterEach, describe, expect, it } from 'vitest';
import type { MeshEvent } from '../../catalog/events/event-types.ts';
import { openEngine } from '../../engine/open-engine.ts';
import { AuditLog } from '../../governance/audit-log.ts';
import { exampleSpec } from '../../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../../test/support/governed-mesh.ts';

let gm: GovernedMesh | undefined;
afterEach(async () => {
  await gm?.cleanup();
  gm = undefined;
});

async function allEvents(m: GovernedMesh['mesh']): Promise<MeshEvent[]> {
  const out: MeshEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await m.events({ after, limit: 1000 });
    if (page.length === 0) return out;
    out.push(...page);
    after = page.at(-1)?.cursor ?? after;
  }
}

const types = (events: readonly MeshEvent[]) => events.map((e) => e.type);

describe('the events outbox', () => {
  it('records product creation, ingest batches and runs (OpenLineage), publishing and governance changes', async () => {
    gm = await openGovernedMesh();
    const events = await allEvents(gm.mesh);
    const t = types(events);
    expect(t.filter((x) => x === 'product.created')).toHaveLength(2);
    expect(t).toContain('ingest.batch_committed');
    expect(t).toContain('product.published');
    expect(t).toContain('quality.run_finished');
    expect(t.filter((x) => x === 'principal.added')).toHaveLength(6);
    const batch = events.find(
      (e) => e.type === 'ingest.batch_committed' && e.productId === 'sales.transactions',
    );
    expect(batch?.domain).toBe('sales');
    expect(batch?.payload.rowsAffected).toBeGreaterThan(0);
    const run = events.find((e) => e.type === 'ingest.run_completed' && e.productId === 'sales.transactions');
    expect(run?.payloadKind).toBe('openlineage');
    expect(run?.payload).toMatchObject({ eventType: 'COMPLETE', job: { name: 'ingest:sales.transactions' } });
    // Cursors increase by one, in order, with unique UUIDs.
    expect(events.map((e) => e.cursor)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records rows updated and removed, lifecycle moves, access and tokens, without filters or secrets', async () => {
    gm = await openGovernedMesh();
    const head = (await allEvents(gm.mesh)).at(-1)?.cursor ?? 0;
    await gm.sales.update({ transaction_id: 'TXN001' }, { region: 'Europe' });
    await gm.sales.remove({ transaction_id: 'TXN002' });
    const request = await gm.bob.governance.requestAccess({
      product: 'sales.transactions',
      purpose: 'forecast',
    });
    const grant = await gm.alice.governance.approve(request.id);
    await gm.alice.governance.revokeGrant(grant.id);
    const token = await gm.mesh.governance.createToken({ principal: 'bob', name: 'ci' });
    await gm.mesh.governance.revokeToken(token.id);
    await gm.customers.deprecate({ sunset: '2026-01-01', reason: 'replaced' });
    const events = await gm.mesh.events({ after: head });
    expect(types(events)).toEqual([
      'rows.updated',
      'rows.removed',
      'access.requested',
      'access.approved',
      'access.revoked',
      'token.created',
      'token.revoked',
      'product.deprecated',
    ]);
    expect(events[0]?.payload).toMatchObject({ rowsAffected: 1, fields: ['region'] });
    const text = JSON.stringify(events);
    expect(text).not.toContain('TXN001');
    expect(text).not.toContain(token.token);
    expect(events[2]).toMatchObject({ principal: 'bob', productId: 'sales.transactions', domain: 'sales' });
  });

  it('writes no event for a change that is refused and rolled back, and a policy violation for a refusal', async () => {
    gm = await openGovernedMesh();
    const head = (await allEvents(gm.mesh)).at(-1)?.cursor ?? 0;
    // A change whose transaction fails after its audit entry (and so its event) was written leaves no event.
    const engine = await openEngine(gm.store, {});
    const change = {
      at: gm.clock.iso(),
      actor: 'local-admin',
      principal: 'local-admin',
      action: 'product.update',
      target: 'sales.transactions',
      outcome: 'ok' as const,
      details: { version: '1.0.0', parameters: { fields: ['region'] }, rowsAffected: 1 },
    };
    const boom = await failureOf(
      engine.transaction(async (tx) => {
        await new AuditLog().append(tx, change);
        throw new Error('the change failed after its event was written');
      }),
    );
    expect(boom.message).toContain('after its event');
    expect(types(await gm.mesh.events({ after: head }))).not.toContain('rows.updated');
    // The same change committed does have its event.
    await engine.transaction((tx) => new AuditLog().append(tx, change));
    const committed = await gm.mesh.events({ after: head, types: ['rows.updated'] });
    expect(committed).toHaveLength(1);
    await engine.close();
    const later = committed[0]?.cursor ?? head;
    // Publishing a product without a description is refused by a blocking policy: no product.published.
    const spec = { ...exampleSpec('sales'), id: 'sales.nodesc', description: '' };
    const nodesc = await gm.mesh.createProduct(spec);
    const refused = await failureOf(nodesc.publish());
    expect(refused.code).toBe('policy_denied');
    const events = await gm.mesh.events({ after: later });
    expect(types(events)).not.toContain('product.published');
    expect(events.find((e) => e.type === 'policy.violation')).toMatchObject({
      productId: 'sales.nodesc',
      payload: { blocking: true },
    });
  });

  it('pages with cursors and filters by type, product and domain', async () => {
    gm = await openGovernedMesh();
    const all = await allEvents(gm.mesh);
    const first = await gm.mesh.events({ limit: 3 });
    const second = await gm.mesh.events({ after: first.at(-1)?.cursor ?? 0, limit: 3 });
    expect([...first, ...second].map((e) => e.id)).toEqual(all.slice(0, 6).map((e) => e.id));
    const batches = await gm.mesh.events({ types: ['ingest.batch_committed'], product: 'customer.profiles' });
    expect(batches.length).toBeGreaterThan(0);
    for (const e of batches)
      expect(e).toMatchObject({ type: 'ingest.batch_committed', productId: 'customer.profiles' });
    const sales = await gm.mesh.events({ domain: 'sales', limit: 1000 });
    expect(sales.every((e) => e.domain === 'sales')).toBe(true);
    const bad = await failureOf(gm.mesh.events({ types: ['nope' as never] }));
    expect(bad.code).toBe('invalid_input');
    expect((await failureOf(gm.mesh.events({ limit: 0 }))).code).toBe('invalid_input');
  });

  it('lets an admin read all, an owner its domain, a grant holder its products and anyone its own changes', async () => {
    gm = await openGovernedMesh();
    const request = await gm.bob.governance.requestAccess({
      product: 'sales.transactions',
      purpose: 'forecast',
    });
    await gm.alice.governance.approve(request.id);
    await gm.sales.update({ transaction_id: 'TXN001' }, { region: 'Europe' });
    const all = await allEvents(gm.mesh);
    expect((await allEvents(gm.erin)).length).toBe(all.length);
    const alice = await allEvents(gm.alice);
    expect(alice.length).toBeGreaterThan(0);
    expect(alice.every((e) => e.domain === 'sales' || e.principal === 'alice')).toBe(true);
    expect(types(alice)).not.toContain('principal.added');
    const bob = await allEvents(gm.bob);
    expect(types(bob)).toContain('rows.updated');
    expect(bob.filter((e) => e.principal !== 'bob').every((e) => e.productId === 'sales.transactions')).toBe(
      true,
    );
    expect(bob.some((e) => e.type === 'token.created' || e.productId === 'customer.profiles')).toBe(false);
    const dave = await allEvents(gm.dave);
    expect(dave).toEqual([]);
  });

  it('tails new events live until aborted', async () => {
    gm = await openGovernedMesh();
    const head = (await allEvents(gm.mesh)).at(-1)?.cursor ?? 0;
    const controller = new AbortController();
    const seen: MeshEvent[] = [];
    const tail = (async () => {
      for await (const e of gm.mesh.tailEvents(
        { after: head },
        { intervalMs: 20, signal: controller.signal },
      )) {
        seen.push(e);
        if (seen.length === 2) controller.abort();
      }
    })();
    await gm.sales.update({ transaction_id: 'TXN001' }, { region: 'Europe' });
    await gm.sales.remove({ transaction_id: 'TXN002' });
    await tail;
    expect(types(seen)).toEqual(['rows.updated', 'rows.removed']);
  });
  it('records a quality run, an SLA breach once it happens, and archiving', async () => {
    gm = await openGovernedMesh();
    const head = (await allEvents(gm.mesh)).at(-1)?.cursor ?? 0;
    gm.clock.advance(24 * 60); // past the 60-minute freshness target of sales.transactions
    await gm.sales.checkQuality();
    await gm.sales.checkQuality();
    await gm.customers.deprecate({ sunset: '2026-01-01' });
    await gm.customers.archive();
    const events = await gm.mesh.events({ after: head });
    expect(types(events)).toEqual([
      'quality.run_finished',
      'sla.breached',
      'quality.run_finished',
      'product.deprecated',
      'product.archived',
    ]);
    expect(events[1]).toMatchObject({
      productId: 'sales.transactions',
      payload: { verdict: 'missed', freshness: false },
    });
  });
  it('gives ingest batches their cursors in commit order, gapless, alongside other writes', async () => {
    gm = await openGovernedMesh();
    const head = (await allEvents(gm.mesh)).at(-1)?.cursor ?? 0;
    const records = Array.from({ length: 50 }, (_, i) => ({
      transaction_id: `B${String(i).padStart(3, '0')}`,
      product_id: 'PROD1',
      customer_id: 'CUST1',
      amount: 10 + i,
      date: '2025-10-01',
      product_category: 'Books',
      region: 'Europe',
    }));
    const before = (await gm.sales.metrics()).totalRecords;
    await Promise.all([
      gm.sales.ingest(records.slice(0, 30), { batchSize: 5 }),
      gm.mesh.governance.addPrincipal({ id: 'frank', roles: ['consumer'] }),
      gm.mesh.governance.addPrincipal({ id: 'gina', roles: ['consumer'] }),
    ]);
    await gm.sales.ingest(records.slice(30), { batchSize: 5 });
    const events = await gm.mesh.events({ after: head, limit: 1000 });
    expect(events.map((e) => e.cursor)).toEqual(events.map((_, i) => head + i + 1));
    const batches = events.filter((e) => e.type === 'ingest.batch_committed');
    const stored = (await gm.sales.metrics()).totalRecords - before;
    expect(stored).toBe(50);
    expect(batches.reduce((n, e) => n + Number(e.payload.rowsAffected), 0)).toBe(stored);
    const firstRun = batches.filter((e) => e.payload.run === batches[0]?.payload.run);
    expect(firstRun.map((e) => e.payload.batch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(types(events).filter((t) => t === 'principal.added')).toHaveLength(2);
  });
});
