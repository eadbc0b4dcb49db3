import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshClient, MeshClientError } from '../../src/client/index.ts';
import type { MeshEvent } from '../../src/catalog/events/event-types.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

/** The error a promise fails with (the test fails when it does not). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

function sale(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transaction_id: id,
    product_id: 'P1',
    customer_id: 'C1',
    amount: 10,
    date: '2025-09-01',
    product_category: 'Books',
    region: 'Europe',
    ...fields,
  };
}

describe('MeshClient: the routes the CLI needs through a server', () => {
  let s: ServedMesh;
  let erin: MeshClient;
  let alice: MeshClient;
  let bob: MeshClient;
  let dave: MeshClient;
  let carol: MeshClient;
  beforeAll(async () => {
    s = await serveGovernedMesh();
    const as = (token: string) => new MeshClient({ url: s.url, token });
    erin = as(s.tokens.erin);
    alice = as(s.tokens.alice);
    bob = as(s.tokens.bob);
    dave = as(s.tokens.dave);
    carol = as(s.tokens.carol);
  });
  afterAll(async () => {
    await s.close();
  });

  it('skips rows with offset as the SDK does, and follows cursors after an offset first page', async () => {
    const page = await alice.query('sales.transactions', { order: ['transaction_id'], offset: 2, limit: 2 });
    const sdk = await s.gm.alice
      .product('sales.transactions')
      .then((p) => p.query(undefined, { orderBy: 'transaction_id', offset: 2, limit: 2 }));
    expect(page.rows).toEqual(sdk.rows);
    const all = await s.gm.alice
      .product('sales.transactions')
      .then((p) => p.query(undefined, { orderBy: 'transaction_id', offset: 1, limit: 1000 }));
    const paged: unknown[] = [];
    for await (const row of alice.rows('sales.transactions', {
      order: ['transaction_id'],
      limit: 2,
      offset: 1,
    } as never))
      paged.push(row);
    expect(paged).toEqual(all.rows);
    const both = await failure(alice.query('sales.transactions', { offset: 1, cursor: 'x' }));
    expect(both).toMatchObject({ code: 'invalid_input', status: 400 });
  });

  it('exports with the row count and the PII fields masked for the caller, and keeps formulas on request', async () => {
    const request = await dave.governance.requestAccess({ product: 'customer.profiles', purpose: 'churn' });
    await carol.governance.approve(request.id, { comment: 'ok' });
    const masked = await dave.exportStream('customer.profiles', { format: 'ndjson' });
    const body = await text(masked.body);
    expect(masked.rows).toBe(body.trim().split('\n').length);
    expect(Object.keys(masked.maskedFields).sort()).toEqual(['email', 'name']);
    // The SDK says the same for the same reader.
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-export-'));
    try {
      const sdk = await (await s.gm.dave.product('customer.profiles')).exportFile(join(dir, 'c.ndjson'));
      expect(masked.maskedFields).toEqual(sdk.maskedFields);
      expect(body).toBe(readFileSync(join(dir, 'c.ndjson'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const clear = await carol.exportStream('customer.profiles', { format: 'ndjson' });
    await text(clear.body);
    expect(clear.maskedFields).toEqual({});

    await alice.ingest('sales.transactions', [sale('FORMULA1', { product_category: '=1+2' })]);
    const where = { filter: "transaction_id = 'FORMULA1'", columns: ['transaction_id', 'product_category'] };
    const escaped = await text(await alice.export('sales.transactions', where));
    const kept = await text(await alice.export('sales.transactions', { ...where, formulaEscape: false }));
    expect(escaped).toContain("'=1+2");
    expect(kept).toContain('FORMULA1,=1+2');
    expect(kept).not.toContain("'=1+2");
  });

  it('reads one segment, pages through its members, and lets owners create and remove segments', async () => {
    const stat = await alice.createSegment('sales.transactions', {
      name: 'europe',
      where: "region = 'Europe'",
      description: 'European sales',
    });
    const sdk = await (await s.gm.alice.product('sales.transactions')).segments().statistic('europe');
    expect(stat).toMatchObject({ name: 'europe', count: sdk.count, createdBy: 'alice' });
    expect(await alice.segment('sales.transactions', 'europe')).toMatchObject({ count: sdk.count });
    expect(sdk.count).toBeGreaterThan(1);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await alice.segmentMembers('sales.transactions', 'europe', {
        columns: ['transaction_id', 'region'],
        order: ['transaction_id'],
        limit: 1,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const r of page.rows) {
        expect(r.region).toBe('Europe');
        ids.push(String(r.transaction_id));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(ids).toHaveLength(sdk.count);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await alice.segmentDefinitions('sales.transactions')).map((d) => d.name)).toContain('europe');

    expect(
      await failure(bob.createSegment('sales.transactions', { name: 'mine', where: 'amount > 1' })),
    ).toMatchObject({ code: 'unauthorized', status: 403 });
    expect(await failure(bob.segmentMembers('sales.transactions', 'europe'))).toMatchObject({
      code: 'unauthorized',
      status: 403,
    });
    expect(await failure(alice.segment('sales.transactions', 'nope'))).toMatchObject({
      code: 'not_found',
      status: 404,
    });
    const removed = await alice.removeSegment('sales.transactions', 'europe');
    expect(removed).toMatchObject({ name: 'europe', where: "region = 'Europe'", removed: true });
    expect(await failure(alice.removeSegment('sales.transactions', 'europe'))).toMatchObject({
      code: 'not_found',
    });
  });

  it('masks segment members as rows are masked', async () => {
    // dave was granted customer.profiles without PII above.
    const members = await dave.segmentMembers('customer.profiles', 'high_value', { limit: 5 });
    const clear = await carol.segmentMembers('customer.profiles', 'high_value', { limit: 5 });
    expect(members.count).toBeGreaterThan(0);
    expect(members.count).toBe(clear.count);
    const clearEmails = clear.rows.map((r) => r.email);
    for (const r of members.rows) expect(clearEmails).not.toContain(r.email);
  });

  it('evaluates a policy, reads the stored policy results and the access log as the SDK does', async () => {
    const tested = await alice.governance.testPolicy('fields-described', 'sales.transactions');
    expect(tested).toEqual(await s.gm.alice.governance.testPolicy('fields-described', 'sales.transactions'));
    const explained = await alice.governance.explainPolicy('pii-classified', 'customer.profiles', 'publish');
    expect(explained.trace).toBeDefined();
    expect(explained.event).toBe('publish');
    expect(await failure(alice.governance.testPolicy('no-such-policy', 'sales.transactions'))).toMatchObject({
      code: 'not_found',
    });
    expect(await erin.governance.policyResults('sales.transactions')).toEqual(
      await s.gm.erin.governance.policyResults('sales.transactions'),
    );
    const log = await erin.governance.accessLog({ productId: 'sales.transactions', limit: 3 });
    expect(log).toHaveLength(3);
    expect(log.every((e) => e.productId === 'sales.transactions')).toBe(true);
    expect((await alice.governance.accessLog({ productId: 'sales.transactions', limit: 1 }))[0]?.seq).toBe(
      log[0]?.seq,
    );
    expect(await failure(bob.governance.accessLog())).toMatchObject({ code: 'unauthorized', status: 403 });
    expect(await failure(alice.governance.accessLog({ productId: 'customer.profiles' }))).toMatchObject({
      code: 'unauthorized',
      status: 403,
    });
  });

  it('reads the whole lineage graph, also as OpenLineage events', async () => {
    expect(await bob.lineageGraph()).toEqual(await s.gm.bob.lineageGraph());
    expect(await bob.openLineage({ namespace: 'acme' })).toEqual(
      await s.gm.bob.openLineage(undefined, { namespace: 'acme' }),
    );
    expect(await bob.openLineage({ product: 'sales.transactions' })).toEqual(
      await s.gm.bob.openLineage('sales.transactions'),
    );
    expect(await failure(bob.openLineage({ product: 'sales.nothing' }))).toMatchObject({ code: 'not_found' });
    expect(await bob.lineageGraph({ direction: 'down', depth: 1 })).toEqual(
      await s.gm.bob.lineageGraph(undefined, { direction: 'down', depth: 1 }),
    );
  });

  it('publishes a new product, an unchanged version and an upgrade through /versions, governed', async () => {
    const spec = {
      id: 'sales.returns',
      name: 'Returns',
      domain: 'sales',
      owner: 'sales-team',
      description: 'Returned sales.',
      version: '1.0.0',
      schema: {
        primaryKey: ['id'],
        fields: [
          { name: 'id', type: 'string', description: 'Return id.' },
          { name: 'amount', type: 'number', description: 'Refund.' },
        ],
      },
    };
    const created = await alice.publishVersion('sales.returns', { spec });
    expect(created).toMatchObject({ action: 'created', version: '1.0.0', previousVersion: null });
    expect((await alice.product('sales.returns')).descriptor.status).toBe('published');
    expect(await alice.publishVersion('sales.returns', { spec })).toMatchObject({ action: 'unchanged' });
    await alice.ingest('sales.returns', [{ id: 'R1', amount: 5 }]);
    const major = { ...spec, version: '2.0.0' };
    const upgraded = await alice.publishVersion('sales.returns', { spec: major, empty: true });
    expect(upgraded).toMatchObject({ action: 'upgraded', previousVersion: '1.0.0' });
    expect(upgraded.storage).toMatchObject({ mode: 'empty', carried: 0 });
    expect((await alice.query('sales.returns')).rows).toEqual([]);
    expect((await alice.query('sales.returns', { version: '1' })).rows).toHaveLength(1);
    expect(await alice.governance.migrationReport('sales.returns')).toEqual(
      await s.gm.alice.governance.migrationReport('sales.returns'),
    );
    const denied = await failure(
      bob.publishVersion('sales.returns', { spec: { ...spec, version: '3.0.0' } }),
    );
    expect(denied).toBeInstanceOf(MeshClientError);
    expect(denied).toMatchObject({ code: 'unauthorized', status: 403 });
    expect(await failure(alice.publishVersion('sales.other', { spec }))).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('follows the outbox live over server-sent events, and refuses a bad token', async () => {
    const stop = new AbortController();
    const seen: MeshEvent[] = [];
    const following = (async () => {
      for await (const event of alice.events.stream(
        { product: 'sales.transactions' },
        { signal: stop.signal },
      )) {
        seen.push(event);
        if (seen.length === 1) stop.abort();
      }
    })();
    // The stream starts at the newest event when it connects: write once it has had time to, and again until seen.
    for (let i = 0; i < 40 && seen.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      if (i % 8 === 1) await alice.ingest('sales.transactions', [sale(`SSE${i}`)]);
    }
    await following;
    expect(seen[0]?.productId).toBe('sales.transactions');
    expect(seen[0]?.type).toMatch(/^ingest\./);
    // Resuming with Last-Event-ID replays from that cursor: the event just seen comes again first.
    const again = new AbortController();
    let replayed: MeshEvent | undefined;
    for await (const event of alice.events.stream(
      { product: 'sales.transactions' },
      { signal: again.signal, lastEventId: (seen[0]?.cursor ?? 1) - 1 },
    )) {
      replayed = event;
      again.abort();
    }
    expect([replayed?.cursor, replayed?.type, replayed?.id]).toEqual([
      seen[0]?.cursor,
      seen[0]?.type,
      seen[0]?.id,
    ]);
    const bad = new MeshClient({ url: s.url, token: 'mwt_not_a_token' });
    const iterator = bad.events.stream();
    expect(await failure(iterator.next())).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('runs a webhook dispatch pass for admins only', async () => {
    expect(await erin.events.dispatch()).toEqual({ delivered: 0, failed: 0 });
    expect(await failure(bob.events.dispatch())).toMatchObject({ code: 'unauthorized', status: 403 });
  });

  it('ingests NDJSON in batches of the size asked for, refusing one over the server’s most', async () => {
    const lines = ['B1', 'B2', 'B3'].map((id) => JSON.stringify(sale(id))).join('\n');
    const result = await alice.ingestNdjson('sales.transactions', lines, {
      batchSize: 1,
      source: 'three.ndjson (ndjson)',
    });
    expect(result).toMatchObject({ accepted: 3, batches: 3 });
    const [entry] = await alice.governance.accessLog({
      productId: 'sales.transactions',
      operation: 'ingest',
      limit: 1,
    });
    expect(entry?.parameters).toMatchObject({ source: 'three.ndjson (ndjson)', accepted: 3 });
    expect(
      await failure(alice.ingestNdjson('sales.transactions', lines, { batchSize: 1_000_000 })),
    ).toMatchObject({ code: 'invalid_input', status: 400 });
  });
});
