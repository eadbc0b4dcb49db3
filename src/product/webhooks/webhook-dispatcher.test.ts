import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../../test/support/governed-mesh.ts';
import { type ReceivedDelivery, startWebhookReceiver } from '../../../test/support/webhook-receiver.ts';
import { WebhookStore } from '../../catalog/events/webhook-store.ts';
import { openEngine } from '../../engine/open-engine.ts';
import { Mesh } from '../mesh.ts';
import { isNonPublicAddress } from './webhook-target.ts';

/** Verifies a delivery from the Standard Webhooks spec, independently of the signer. */
function verifies(secret: string, r: ReceivedDelivery): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`;
  const expected = createHmac('sha256', key).update(signed).digest('base64');
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((s) => s === `v1,${expected}`);
}

let gm: GovernedMesh | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await gm?.cleanup();
  gm = undefined;
});

describe('webhooks', () => {
  it('delivers matching events signed per Standard Webhooks, verified independently', async () => {
    gm = await openGovernedMesh();
    const rx = await startWebhookReceiver();
    closers.push(rx.close);
    const { webhook, secret } = await gm.mesh.webhooks.register({
      url: rx.url,
      product: 'sales.transactions',
      types: ['rows.updated'],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(JSON.stringify(await gm.mesh.webhooks.list())).not.toContain(secret);
    await gm.sales.update({ transaction_id: 'TXN001' }, { region: 'Europe' });
    await gm.customers.update({ customer_id: 'CUST456' }, { segment: 'vip' }).catch(() => 0);
    const pass = await gm.mesh.webhooks.dispatcher().runOnce();
    expect(pass).toEqual({ delivered: 1, failed: 0 });
    expect(rx.got).toHaveLength(1);
    const [delivery] = rx.got;
    if (!delivery) throw new Error('no delivery');
    expect(verifies(secret, delivery)).toBe(true);
    expect(verifies(`whsec_${Buffer.from('another key').toString('base64')}`, delivery)).toBe(false);
    const body = JSON.parse(delivery.body) as { type: string; data: { id: string; productId: string } };
    expect(body.type).toBe('rows.updated');
    expect(body.data.productId).toBe('sales.transactions');
    expect(delivery.headers['webhook-id']).toBe(body.data.id);
    expect(delivery.headers['content-type']).toBe('application/json');
    const log = await gm.mesh.webhooks.deliveries(webhook.id);
    expect(log).toMatchObject([{ attempt: 1, status: 'succeeded', httpStatus: 200 }]);
    // Nothing new: nothing sent again.
    expect(await gm.mesh.webhooks.dispatcher().runOnce()).toEqual({ delivered: 0, failed: 0 });
  });

  it('retries a failing receiver with backoff and delivers with the same id, logging every attempt', async () => {
    gm = await openGovernedMesh();
    const rx = await startWebhookReceiver({ script: [500, 503] });
    closers.push(rx.close);
    const { webhook } = await gm.mesh.webhooks.register({ url: rx.url, domain: 'sales' });
    await gm.sales.remove({ transaction_id: 'TXN002' });
    let t = Date.parse('2025-10-08T13:00:00.000Z');
    const dispatcher = gm.mesh.webhooks.dispatcher({
      now: () => new Date(t),
      random: () => 0.5,
      baseDelayMs: 1000,
    });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    // Not due yet: no attempt.
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0 });
    expect(rx.got).toHaveLength(1);
    t += 750; // base 1000 ms, half jittered at 0.5: 750 ms
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    t += 1499;
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0 });
    t += 1; // 2000 ms at 0.5: 1500 ms
    expect(await dispatcher.runOnce()).toEqual({ delivered: 1, failed: 0 });
    expect(rx.got).toHaveLength(3);
    expect(new Set(rx.got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const log = await gm.mesh.webhooks.deliveries(webhook.id);
    expect(log.reverse().map((d) => [d.attempt, d.status, d.httpStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 503],
      [3, 'succeeded', 200],
    ]);
    expect(log[0]?.nextAttemptAt).toBe(new Date(Date.parse('2025-10-08T13:00:00.000Z') + 750).toISOString());
    // A manual redelivery sends it again with the same id and logs it as manual.
    const again = await gm.mesh.webhooks.redeliver(webhook.id, log[0]?.eventId ?? '');
    expect(again).toMatchObject({ attempt: 4, manual: true, status: 'succeeded' });
    expect(rx.got.at(-1)?.headers['webhook-id']).toBe(rx.got[0]?.headers['webhook-id']);
  });

  it('resumes after a stop on a new handle without losing or repeating a delivery', async () => {
    gm = await openGovernedMesh();
    const rx = await startWebhookReceiver();
    closers.push(rx.close);
    await gm.mesh.webhooks.register({ url: rx.url, product: 'sales.transactions' });
    for (const id of ['TXN001', 'TXN002', 'TXN003', 'TXN004', 'TXN005'])
      await gm.sales.update({ transaction_id: id }, { region: 'Europe' });
    const first = gm.mesh.webhooks.dispatcher({ batch: 2, pollIntervalMs: 10_000 });
    first.start();
    // Stop mid-way: after the first pass (2 of 5 events), before the next one.
    await new Promise((r) => setTimeout(r, 300));
    await first.stop();
    expect(rx.got).toHaveLength(2);
    await gm.mesh.close();
    const next = await gm.reopen();
    closers.push(() => next.close());
    const second = next.webhooks.dispatcher({ batch: 2 });
    while ((await second.runOnce()).delivered > 0);
    const ids = rx.got.map((r) => String(r.headers['webhook-id']));
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    const cursors = rx.got.map((r) => (JSON.parse(r.body) as { data: { cursor: number } }).data.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
  });

  it('runs passes asked for at once one after the other, so no event is sent twice', async () => {
    gm = await openGovernedMesh();
    const rx = await startWebhookReceiver();
    closers.push(rx.close);
    await gm.mesh.webhooks.register({ url: rx.url, product: 'sales.transactions' });
    for (const id of ['TXN001', 'TXN002', 'TXN003'])
      await gm.sales.update({ transaction_id: id }, { region: 'Europe' });
    const dispatcher = gm.mesh.webhooks.dispatcher();
    // Three passes asked for together (a background pass and manual ones, say): the first delivers, the others wait.
    const passes = await Promise.all([dispatcher.runOnce(), dispatcher.runOnce(), dispatcher.runOnce()]);
    expect(passes.map((p) => p.delivered)).toEqual([3, 0, 0]);
    const ids = rx.got.map((r) => String(r.headers['webhook-id']));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('delivers each event once when several dispatchers on the store run at once (server replicas)', async () => {
    gm = await openGovernedMesh();
    const receivers = [
      await startWebhookReceiver({ delayMs: 30 }),
      await startWebhookReceiver({ delayMs: 30 }),
    ];
    for (const rx of receivers) {
      closers.push(rx.close);
      await gm.mesh.webhooks.register({ url: rx.url, product: 'sales.transactions' });
    }
    for (const id of ['TXN001', 'TXN002', 'TXN003', 'TXN004', 'TXN005', 'TXN006'])
      await gm.sales.update({ transaction_id: id }, { region: 'Asia' });
    // Three handles on the store, as three server processes have: each dispatcher reads the cursors itself.
    const handles = [gm.mesh, await gm.reopen(), await gm.reopen()];
    for (const h of handles.slice(1)) closers.push(() => h.close());
    const dispatchers = handles.map((h) => h.webhooks.dispatcher({ batch: 2 }));
    let delivered = 0;
    for (let round = 0; round < 20; round++) {
      const passes = await Promise.all(dispatchers.map((d) => d.runOnce()));
      const now = passes.reduce((n, p) => n + p.delivered, 0);
      delivered += now;
      if (now === 0 && passes.every((p) => p.failed === 0)) break;
    }
    expect(delivered).toBe(12);
    for (const rx of receivers) {
      const ids = rx.got.map((r) => String(r.headers['webhook-id']));
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
      const cursors = rx.got.map((r) => (JSON.parse(r.body) as { data: { cursor: number } }).data.cursor);
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    }
  });

  it('leaves a webhook to the dispatcher holding its lease, and takes over once a stopped holder’s lease ran out', async () => {
    gm = await openGovernedMesh();
    const rx = await startWebhookReceiver();
    closers.push(rx.close);
    const { webhook } = await gm.mesh.webhooks.register({ url: rx.url, product: 'sales.transactions' });
    await gm.sales.update({ transaction_id: 'TXN001' }, { region: 'Asia' });
    let t = Date.parse('2025-10-08T13:00:00.000Z');
    // A dispatcher that claimed the webhook and then stopped dead (a replica killed mid-delivery).
    expect(() => gm?.mesh.webhooks.dispatcher({ leaseMs: 5000 })).toThrow(
      'leaseMs must be longer than the receiver timeout (10000 ms), got 5000',
    );
    const crashed = gm.mesh.webhooks.dispatcher({ now: () => new Date(t), leaseMs: 60_000 });
    const engine = await openEngine(gm.store);
    closers.push(() => engine.close());
    const store = new WebhookStore();
    const until = new Date(t + 60_000).toISOString();
    expect(await store.claim(engine, webhook.id, 'replica-a', new Date(t).toISOString(), until)).toBe(true);
    expect(await crashed.runOnce()).toEqual({ delivered: 0, failed: 0 });
    expect(rx.got).toHaveLength(0);
    t += 59_999;
    expect(await crashed.runOnce()).toEqual({ delivered: 0, failed: 0 });
    t += 1;
    expect(await crashed.runOnce()).toEqual({ delivered: 1, failed: 0 });
    expect(rx.got).toHaveLength(1);
    // The lease was given back after the pass: the first replica, alive again, may take it at once.
    expect(await store.claim(engine, webhook.id, 'replica-a', new Date(t).toISOString(), until)).toBe(true);
  });

  it('lets only those who may read the events register, and hides other principals’ webhooks', async () => {
    gm = await openGovernedMesh();
    expect(
      (
        await failureOf(
          gm.bob.webhooks.register({ url: 'http://127.0.0.1:1/x', product: 'sales.transactions' }),
        )
      ).code,
    ).toBe('unauthorized');
    expect(
      (await failureOf(gm.alice.webhooks.register({ url: 'http://127.0.0.1:1/x', domain: 'customer' }))).code,
    ).toBe('unauthorized');
    expect((await failureOf(gm.alice.webhooks.register({ url: 'http://127.0.0.1:1/x' }))).code).toBe(
      'unauthorized',
    );
    expect((await failureOf(gm.alice.webhooks.register({ url: 'ftp://x', domain: 'sales' }))).code).toBe(
      'invalid_input',
    );
    expect(
      (await failureOf(gm.alice.webhooks.register({ url: 'http://x', domain: 'sales', types: ['nope'] })))
        .code,
    ).toBe('invalid_input');
    const { webhook } = await gm.alice.webhooks.register({ url: 'http://127.0.0.1:1/x', domain: 'sales' });
    expect(await gm.carol.webhooks.list()).toEqual([]);
    expect((await failureOf(gm.carol.webhooks.remove(webhook.id))).code).toBe('not_found');
    expect((await gm.mesh.webhooks.list()).map((w) => w.id)).toEqual([webhook.id]);
    expect(() => gm?.alice.webhooks.dispatcher()).toThrow(/platform admins/);
    await gm.alice.webhooks.remove(webhook.id);
    expect(await gm.alice.webhooks.list()).toEqual([]);
  });

  it('abandons an event after maxAttempts, moves past it and delivers the next one; a redelivery still sends it', async () => {
    gm = await openGovernedMesh();
    const rx = await startWebhookReceiver({ script: [500, 500, 500] });
    closers.push(rx.close);
    const { webhook } = await gm.mesh.webhooks.register({ url: rx.url, domain: 'sales' });
    await gm.sales.remove({ transaction_id: 'TXN002' });
    await gm.sales.remove({ transaction_id: 'TXN003' });
    let t = Date.parse('2025-10-08T13:00:00.000Z');
    const warnings: string[] = [];
    const dispatcher = gm.mesh.webhooks.dispatcher({
      now: () => new Date(t),
      random: () => 0,
      baseDelayMs: 1000,
      maxAttempts: 3,
      logger: { debug() {}, warn: (message) => warnings.push(message) },
    });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    t += 10_000;
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    t += 10_000;
    // The third failed attempt abandons the first event; the next pass delivers the second (the receiver is back).
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(warnings).toContain('webhook event abandoned');
    expect(await dispatcher.runOnce()).toEqual({ delivered: 1, failed: 0 });
    const log = (await gm.mesh.webhooks.deliveries(webhook.id)).reverse();
    expect(log.map((d) => [d.attempt, d.status, d.nextAttemptAt === null])).toEqual([
      [1, 'failed', false],
      [2, 'failed', false],
      [3, 'abandoned', true],
      [1, 'succeeded', true],
    ]);
    const abandoned = log[2]?.eventId ?? '';
    expect(log[3]?.eventId).not.toBe(abandoned);
    expect(await gm.mesh.webhooks.redeliver(webhook.id, abandoned)).toMatchObject({
      manual: true,
      status: 'succeeded',
    });
    expect(() => gm?.mesh.webhooks.dispatcher({ maxAttempts: 0 })).toThrow(
      'maxAttempts must be a whole number',
    );
  });

  it('does not follow a redirect: a 3xx is a failed attempt that says so', async () => {
    gm = await openGovernedMesh();
    const rx = await startWebhookReceiver({ script: [302] });
    closers.push(rx.close);
    const { webhook } = await gm.mesh.webhooks.register({ url: rx.url, domain: 'sales' });
    await gm.sales.remove({ transaction_id: 'TXN002' });
    expect(await gm.mesh.webhooks.dispatcher().runOnce()).toEqual({ delivered: 0, failed: 1 });
    const [attempt] = await gm.mesh.webhooks.deliveries(webhook.id);
    expect(attempt).toMatchObject({ status: 'failed', httpStatus: 302 });
    expect(attempt?.error).toContain('webhooks do not follow redirects');
  });

  it('under the public target policy, refuses inward URLs at registration and hosts resolving inward at delivery', async () => {
    gm = await openGovernedMesh();
    const rx = await startWebhookReceiver();
    closers.push(rx.close);
    // A second handle on the store (the same DuckDB instance in this process), opened with the public policy.
    const mesh = await Mesh.open({ store: gm.mesh.store, webhookTargets: 'public' });
    try {
      for (const url of [
        rx.url,
        'http://localhost:8080/hook',
        'http://10.1.2.3/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]:9000/hook',
        'http://[::ffff:192.168.0.1]/hook',
      ]) {
        const error = await failureOf(mesh.webhooks.register({ url, domain: 'sales' }));
        expect(error?.message, url).toContain('points at a non-public address');
      }
      // A public-looking name that resolves inward is registered, but never contacted.
      const { webhook } = await gm.mesh.webhooks.register({
        url: rx.url.replace('127.0.0.1', 'receiver.example'),
        domain: 'sales',
      });
      await gm.sales.remove({ transaction_id: 'TXN002' });
      const dispatcher = gm.mesh.webhooks.dispatcher({
        targets: 'public',
        resolveHost: async (host) => (host === 'receiver.example' ? ['93.184.215.14', '127.0.0.1'] : []),
      });
      expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
      expect(rx.got).toHaveLength(0);
      const [attempt] = await gm.mesh.webhooks.deliveries(webhook.id);
      expect(attempt?.error).toBe(
        'receiver.example resolves to the non-public address 127.0.0.1; webhooks to private, loopback and link-local addresses are off on this server; its operator can allow them (meshwork serve --webhook-allow-private)',
      );
    } finally {
      await mesh.close();
    }
  });

  it('tells public addresses from loopback, private, link-local, mapped and reserved ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      '224.0.0.1',
    ])
      expect(isNonPublicAddress(a), a).toBe(true);
    for (const a of [
      '93.184.215.14',
      '8.8.8.8',
      '172.32.0.1',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
      'not an address',
    ])
      expect(isNonPublicAddress(a), a).toBe(false);
  });
});
