import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

type Json = Record<string, unknown>;

describe('events and webhooks over HTTP', () => {
  let s: ServedMesh;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    s = await serveGovernedMesh();
    receiver = await startWebhookReceiver({ status: 204 });
  });
  afterAll(async () => {
    await receiver.close();
    await s.close();
  });

  const json = async (path: string, init: Parameters<ServedMesh['call']>[1] = {}, status = 200) => {
    const res = await s.call(path, init);
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return JSON.parse(text) as Json;
  };
  const defineDomain = (name: string) =>
    json('/domains', { method: 'POST', body: JSON.stringify({ name, description: `the ${name} domain` }) });

  it('pages through the outbox with cursors and filters by type', async () => {
    await defineDomain('finance');
    const all = (await json('/events?after=0&limit=1000')) as { events: Json[]; next: number };
    const defined = all.events.filter((e) => e.type === 'domain.defined' && e.domain === 'finance');
    expect(defined).toHaveLength(1);
    expect(defined[0]?.principal).toBe('erin');
    expect(all.next).toBe(all.events[all.events.length - 1]?.cursor);
    // One event per page, following `next`, gives the same events in the same order.
    const paged: Json[] = [];
    let after = 0;
    for (;;) {
      const page = (await json(`/events?after=${after}&limit=1`)) as { events: Json[]; next: number };
      if (page.events.length === 0) break;
      paged.push(...page.events);
      after = page.next;
    }
    expect(paged.map((e) => e.cursor)).toEqual(all.events.map((e) => e.cursor));
    const typed = (await json('/events?type=domain.defined')) as { events: Json[] };
    expect(typed.events.length).toBeGreaterThan(0);
    expect(typed.events.every((e) => e.type === 'domain.defined')).toBe(true);
  });

  it('refuses an unknown event type or field as a problem naming it', async () => {
    const res = await s.call('/events?type=product.exploded');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as Json).detail).toContain('product.exploded');
    expect((await s.call('/events?cursor=3')).status).toBe(400);
    expect((await s.call('/events', { as: null })).status).toBe(401);
  });

  it("shows a consumer only the events it may read: no one else's token events", async () => {
    // The harness created a token for each of five principals, as the local admin.
    const admin = (await json('/events?type=token.created&limit=1000')) as { events: Json[] };
    expect(admin.events.length).toBeGreaterThanOrEqual(5);
    const bob = (await json('/events?type=token.created&limit=1000', { as: 'bob' })) as { events: Json[] };
    expect(bob.events).toEqual([]);
    // bob holds a grant on a product, and sees none of the governance events of others either.
    const bobAll = (await json('/events?limit=1000', { as: 'bob' })) as { events: Json[] };
    expect(bobAll.events.some((e) => String(e.type).startsWith('token.'))).toBe(false);
  });

  it('streams new events live as server-sent events', async () => {
    const stop = new AbortController();
    const res = await s.call('/events/stream?type=domain.defined', { signal: stop.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await defineDomain('logistics');
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('logistics')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    stop.abort();
    expect(text).toMatch(/event: domain\.defined\n/);
    const data = JSON.parse(/data: (.*)\n/.exec(text)?.[1] ?? '{}') as Json;
    expect(data.domain).toBe('logistics');
    expect(text).toContain(`id: ${data.cursor}\n`);
    // Events from before the stream started were not replayed: finance came earlier.
    expect(text).not.toContain('finance');
  });

  it('delivers signed webhooks, logs the deliveries, and redelivers on request', async () => {
    const registered = await json(
      '/webhooks',
      { method: 'POST', body: JSON.stringify({ url: receiver.url, types: ['domain.defined'] }) },
      201,
    );
    const webhook = registered.webhook as Json;
    const secret = String(registered.secret);
    expect(secret).toMatch(/^whsec_/);
    expect(((await json('/webhooks')) as { webhooks: Json[] }).webhooks.map((w) => w.id)).toContain(
      webhook.id,
    );
    await defineDomain('marketing');
    // The server process runs the dispatcher (meshwork serve); here one pass of the same dispatcher runs it.
    await s.gm.mesh.webhooks.dispatcher().runOnce();
    const hit = receiver.got.find((r) => r.body.includes('marketing'));
    expect(hit).toBeDefined();
    const id = String(hit?.headers['webhook-id']);
    const timestamp = String(hit?.headers['webhook-timestamp']);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${hit?.body}`).digest('base64');
    expect(String(hit?.headers['webhook-signature']).split(' ')).toContain(`v1,${expected}`);
    const { deliveries } = (await json(`/webhooks/${webhook.id}/deliveries`)) as { deliveries: Json[] };
    expect(deliveries[0]).toMatchObject({ eventId: id, httpStatus: 204, manual: false });
    const again = await json(`/webhooks/${webhook.id}/redeliver`, {
      method: 'POST',
      body: JSON.stringify({ eventId: id }),
    });
    expect(again).toMatchObject({ eventId: id, manual: true, httpStatus: 204 });
    expect(receiver.got.filter((r) => r.headers['webhook-id'] === id)).toHaveLength(2);
    // Another principal can neither see nor remove it.
    expect((await s.call(`/webhooks/${webhook.id}`, { as: 'bob', method: 'DELETE' })).status).toBe(404);
    expect((await s.call(`/webhooks/${webhook.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(((await json('/webhooks')) as { webhooks: Json[] }).webhooks.map((w) => w.id)).not.toContain(
      webhook.id,
    );
  });
});
