import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeshServer } from '../../src/server/create-mesh-server.ts';
import {
  DomainSchema,
  IngestResultSchema,
  ProductListSchema,
  SearchResultSchema,
} from '../../src/server/routes/result-schemas.ts';
import { exampleSpec } from '../support/example-mesh.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';
import { openGovernedMesh } from '../support/governed-mesh.ts';

type Json = Record<string, unknown>;

describe('the HTTP API routes', () => {
  let s: ServedMesh;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    s = await serveGovernedMesh({
      logger: pino({ level: 'info' }, sink),
      corsOrigins: ['https://ui.example'],
    });
  });
  afterAll(async () => {
    await s.close();
  });

  const json = async (
    path: string,
    init: Parameters<ServedMesh['call']>[1] = {},
    status = 200,
  ): Promise<Json> => {
    const res = await s.call(path, init);
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return JSON.parse(text) as Json;
  };

  it('lists products, filtered by domain and status', async () => {
    const all = (await json('/products')).products as Json[];
    expect(all.map((p) => p.id).sort()).toEqual(['customer.profiles', 'sales.transactions']);
    const sales = (await json('/products?domain=sales&status=published')).products as Json[];
    expect(sales.map((p) => p.id)).toEqual(['sales.transactions']);
    const bad = await s.call('/products?status=shiny');
    expect(bad.status).toBe(400);
  });

  it('creates a product from a spec and from its ODCS document, then publishes, deprecates and archives it', async () => {
    const spec = exampleSpec('sales');
    spec.id = 'sales.returns';
    spec.name = 'Sales returns';
    const created = await json(
      '/products',
      { as: 'alice', method: 'POST', body: JSON.stringify({ spec }) },
      201,
    );
    expect(created).toMatchObject({ id: 'sales.returns', status: 'draft' });
    const published = await json('/products/sales.returns/lifecycle', {
      as: 'alice',
      method: 'POST',
      body: JSON.stringify({ action: 'publish' }),
    });
    expect(JSON.stringify(published)).toContain('published');
    await json('/products/sales.returns/lifecycle', {
      as: 'alice',
      method: 'POST',
      body: JSON.stringify({ action: 'deprecate', sunset: '2026-06-30', reason: 'replaced' }),
    });
    expect((await s.gm.mesh.product('sales.returns').then((p) => p.descriptor())).status).toBe('deprecated');
    await json('/products/sales.returns/lifecycle', {
      as: 'alice',
      method: 'POST',
      body: JSON.stringify({ action: 'archive' }),
    });
    // An archived product keeps its card but serves no rows.
    const archived = await s.call('/products/sales.returns/rows', { as: 'alice' });
    expect(archived.status).toBe(409);
    expect(((await archived.json()) as Json).code).toBe('conflict');

    const odcs = (await (await s.call('/products/sales.transactions/contract?format=odcs')).text())
      .replaceAll('sales.transactions', 'sales.copies')
      .replace('name: Sales transactions', 'name: Sales copies');
    const fromDocs = await json(
      '/products',
      {
        as: 'alice',
        method: 'POST',
        body: JSON.stringify({ documents: [{ name: 'copies.odcs.yaml', text: odcs }] }),
      },
      201,
    );
    expect(fromDocs.id).toBe('sales.copies');
    const both = await s.call('/products', {
      method: 'POST',
      body: JSON.stringify({ spec, documents: [{ name: 'a', text: 'b' }] }),
    });
    expect(both.status).toBe(400);
  });

  it('shows a product card with versions and output ports', async () => {
    const card = await json('/products/sales.transactions');
    expect((card.descriptor as Json).id).toBe('sales.transactions');
    expect((card.versions as Json[])[0]).toMatchObject({ version: '1.0.0' });
    expect((card.outputPorts as Json[]).length).toBeGreaterThan(0);
    expect(card).toHaveProperty('slaStatus');
  });

  it('exports the contract in every format the CLI offers', async () => {
    const odcs = await s.call('/products/sales.transactions/contract');
    expect(odcs.headers.get('content-type')).toContain('application/yaml');
    expect(await odcs.text()).toContain('kind: DataContract');
    const schema = await s.call('/products/sales.transactions/contract?format=json-schema');
    expect(JSON.parse(await schema.text())).toHaveProperty('properties.amount');
    const sql = await (await s.call('/products/sales.transactions/contract?format=sql')).text();
    expect(sql).toMatch(/CREATE TABLE/i);
    for (const format of ['odps', 'mermaid', 'markdown']) {
      const res = await s.call(`/products/sales.transactions/contract?format=${format}`);
      expect(res.status, format).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(20);
    }
    expect((await s.call('/products/sales.transactions/contract?format=pdf')).status).toBe(400);
  });

  it('walks lineage from a product', async () => {
    const lineage = await json('/products/sales.transactions/lineage?direction=down&depth=1');
    expect((lineage.direct as Json).productId).toBe('sales.transactions');
    expect((lineage.graph as Json).direction).toBe('down');
    const impact = await json('/products/sales.transactions/impact?field=amount');
    expect(impact).toHaveProperty('productId', 'sales.transactions');
    expect((await s.call('/products/sales.transactions/impact?field=amout')).status).toBe(400);
  });

  it('runs the quality checks, lists the history and reads one run', async () => {
    const report = await json('/products/sales.transactions/quality', { method: 'POST' });
    expect(report).toHaveProperty('verdict');
    const { runs } = (await json('/products/sales.transactions/quality?limit=5')) as { runs: Json[] };
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const one = await json(`/products/sales.transactions/quality/${String(runs[0]?.runId)}`);
    expect(one.runId).toBe(runs[0]?.runId);
    expect((await s.call('/products/sales.transactions/quality/9999')).status).toBe(404);
    const unsaved = await json('/products/sales.transactions/quality', {
      method: 'POST',
      body: JSON.stringify({ store: false }),
    });
    expect(unsaved).toHaveProperty('verdict');
  });

  it('reports metrics, segments and analytics', async () => {
    const metrics = await json('/products/sales.transactions/metrics');
    expect((metrics.metrics as Json).totalRecords).toBe(6);
    expect(metrics).toHaveProperty('sla');
    const segments = await json('/products/sales.transactions/segments');
    expect((segments.statistics as Json).total).toBe(6);
    const analytics = await json(
      `/products/sales.transactions/analytics?filter=${encodeURIComponent("region = 'Europe'")}`,
    );
    const measures = analytics.measures as Json[];
    expect(measures.find((m) => m.name === 'total_revenue')?.value).toBeLessThan(895.75);
  });

  it('searches with facets and lists and defines domains', async () => {
    const found = await json('/search?q=sales&limit=5');
    expect((found.hits as Json[]).map((h) => h.productId)).toContain('sales.transactions');
    expect((found.facets as Json).domain).toHaveProperty('sales');
    const pii = await json('/search?pii=true');
    const piiIds = (pii.hits as Json[]).map((h) => h.productId);
    expect(piiIds).toContain('customer.profiles');
    expect(piiIds).not.toContain('sales.transactions');
    const defined = await json('/domains', {
      method: 'POST',
      body: JSON.stringify({ name: 'sales', description: 'Orders and revenue', ownerTeam: 'sales-team' }),
    });
    expect(defined.description).toBe('Orders and revenue');
    const { domains } = (await json('/domains')) as { domains: Json[] };
    expect(domains.find((d) => d.name === 'sales')?.ownerTeam).toBe('sales-team');
    const denied = await s.call('/domains', {
      as: 'bob',
      method: 'POST',
      body: JSON.stringify({ name: 'bobs' }),
    });
    expect(denied.status).toBe(403);
  });

  it('answers with the shapes the OpenAPI document describes', async () => {
    expect(ProductListSchema.safeParse(await json('/products')).success).toBe(true);
    expect(SearchResultSchema.safeParse(await json('/search?q=customer')).success).toBe(true);
    const { domains } = (await json('/domains')) as { domains: unknown[] };
    for (const d of domains) expect(DomainSchema.safeParse(d).success).toBe(true);
    const ingest = await json('/products/sales.transactions/rows', {
      as: 'alice',
      method: 'POST',
      body: JSON.stringify([{ transaction_id: 'SHAPE1' }]),
    });
    const parsed = IngestResultSchema.safeParse(ingest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(ingest.rejectedCount).toBe(1);
  });

  it('serves health, readiness, the OpenAPI 3.1 document and the reference page without a token', async () => {
    expect(await json('/healthz', { as: null })).toEqual({ status: 'ok' });
    expect(await json('/readyz', { as: null })).toEqual({ status: 'ready' });
    const doc = await json('/openapi.json', { as: null });
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths as Json);
    for (const p of ['/products', '/products/{id}/rows', '/products/{id}/export', '/search', '/domains']) {
      expect(paths).toContain(p);
    }
    const docs = await s.call('/docs', { as: null });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/openapi.json');
  });

  it('counts requests by route and status in Prometheus metrics', async () => {
    await s.call('/products/sales.transactions/rows?limit=1');
    await s.call('/products/customer.profiles/rows', { as: 'dave' });
    const text = await (await s.call('/metrics', { as: null })).text();
    expect(text).toMatch(
      /meshwork_http_requests_total\{method="GET",route="\/products\/:id\/rows",status="200"\} \d+/,
    );
    expect(text).toMatch(/meshwork_http_request_duration_seconds_bucket\{.*route="\/products\/:id\/rows"/);
    expect(text).toMatch(/meshwork_policy_denials_total\{route="\/products\/:id\/rows"\} [1-9]/);
    // A request refused before its handler ran is still counted under its route.
    await s.call('/products/sales.transactions/rows', { as: null });
    const after = await (await s.call('/metrics', { as: null })).text();
    expect(after).toMatch(
      /meshwork_http_requests_total\{method="GET",route="\/products\/:id\/rows",status="401"\} 1/,
    );
  });

  it('sets security headers, keeps CORS closed except to allowed origins', async () => {
    const res = await s.call('/domains', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await s.call('/domains', { headers: { origin: 'https://ui.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ui.example');
  });

  it('logs one JSON line per request with id, principal, route, status and duration, never the token', async () => {
    await s.call('/domains', { as: 'bob', headers: { 'x-request-id': 'req-42' } });
    const line = logLines.map((l) => JSON.parse(l) as Json).find((l) => l.requestId === 'req-42');
    expect(line).toMatchObject({ principal: 'bob', route: '/domains', status: 200, method: 'GET' });
    expect(typeof line?.durationMs).toBe('number');
    const all = logLines.join('');
    for (const token of Object.values(s.tokens)) expect(all).not.toContain(token);
  });
});

describe('dev mode', () => {
  it('serves every request as the local admin without a token', async () => {
    const gm = await openGovernedMesh();
    try {
      const { app } = createMeshServer({ mesh: gm.mesh, dev: true });
      const res = await app.request('/products/customer.profiles/rows?customer_id=CUST001');
      expect(res.status).toBe(200);
      const { rows } = (await res.json()) as { rows: Json[] };
      expect(rows[0]?.name).toBe('João Silva');
      const strict = createMeshServer({ mesh: gm.mesh });
      expect((await strict.app.request('/products')).status).toBe(401);
    } finally {
      await gm.cleanup();
    }
  });
});
