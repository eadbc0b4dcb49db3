/**
 * How the server serves the web catalog: public page and files under a strict CSP, the API's auth and OpenAPI
 * unchanged, a clear message when the UI is not built, and `npm start` (`serve --dev --examples`) on an empty store.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeshServer } from '../../src/server/create-mesh-server.ts';
import { findWebCatalog } from '../../src/server/web-catalog.ts';
import { openExampleMesh } from '../support/example-mesh.ts';
import { launchChromium, newPage, screenshot } from '../support/browser.ts';
import { ROOT } from '../support/run-cli.ts';
import { serveCli } from '../support/serve-cli.ts';
import { buildWebCatalog } from '../support/web-build.ts';

describe('the web catalog route', () => {
  let web: string;
  beforeAll(async () => {
    web = await buildWebCatalog();
  });
  afterAll(() => {
    rmSync(web, { recursive: true, force: true });
  });

  it('serves the page and its files without a token, under a CSP with no inline script, and keeps the API closed', async () => {
    const em = await openExampleMesh({ ingest: false });
    try {
      const { app } = createMeshServer({ mesh: em.mesh, webCatalog: web });
      const page = await app.request('/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      // The one inline style element allowed is Cytoscape.js's, by the hash of what its source adds.
      const cytoscape = readFileSync(createRequire(import.meta.url).resolve('cytoscape'), 'utf8');
      const className = /var className = '([^']+)';/.exec(cytoscape)?.[1];
      const rule = /stylesheet\.textContent = '\.' \+ className \+ '([^']+)';/.exec(cytoscape)?.[1];
      expect(className).toBeDefined();
      expect(rule).toBeDefined();
      const hash = createHash('sha256').update(`.${className}${rule}`).digest('base64');
      expect(/style-src ([^;]+)/.exec(csp)?.[1]).toBe(`'self' 'sha256-${hash}'`);
      expect(csp).not.toContain('unsafe-eval');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await page.text();
      const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script, html).toBeDefined();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const js = await app.request(script ?? '');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(js.headers.get('cache-control')).toContain('immutable');
      expect((await app.request('/assets/nothing-here.js')).status).toBe(404);
      // The API still wants a token, and the UI's route is not an API operation.
      expect((await app.request('/products')).status).toBe(401);
      expect((await app.request('/', { method: 'POST' })).status).toBe(401);
      const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).not.toContain('/');
      expect(Object.keys(doc.paths).some((p) => p.startsWith('/assets'))).toBe(false);
    } finally {
      await em.cleanup();
    }
  });

  it('says at / how to build the UI when it is missing, and the API works as before', async () => {
    const em = await openExampleMesh({ ingest: false });
    const empty = mkdtempSync(join(tmpdir(), 'meshwork-no-web-'));
    try {
      const { app } = createMeshServer({ mesh: em.mesh, webCatalog: empty });
      const page = await app.request('/');
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('npm run build');
      expect((await app.request('/healthz')).status).toBe(200);
      expect((await app.request('/products')).status).toBe(401);
    } finally {
      rmSync(empty, { recursive: true, force: true });
      await em.cleanup();
    }
  });
});

describe('meshwork serve with the web catalog, in Chromium', () => {
  it('serves a build named by MESHWORK_WEB_DIR at / and the page shows the store without sign-in in --dev', async () => {
    const web = await buildWebCatalog();
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-serve-ui-'));
    const browser = await launchChromium();
    const served = await serveCli(
      ['--dev', '--examples', '--port', '0', '--store', join(dir, 'mesh.duckdb'), '--log-level', 'warn'],
      ROOT,
      { MESHWORK_WEB_DIR: web },
    );
    try {
      expect(served.stderr()).not.toContain('no web catalog build');
      const { page, errors } = await newPage(browser);
      await page.goto(`${served.url}/#/products/sales.customer_revenue?tab=lineage`);
      await page
        .getByRole('link', { name: /Sales transactions \(sales\.transactions\), upstream/ })
        .waitFor();
      await page.goto(`${served.url}/#/products/customer.profiles?tab=data`);
      await page.locator('td[data-field="customer_id"]').first().waitFor();
      await screenshot(page, 'serve-cli-dev-data');
      expect(errors).toEqual([]);
    } finally {
      await served.stop();
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(web, { recursive: true, force: true });
    }
  });
});

describe('npm start', () => {
  it('loads the example products into an empty store, serves them with the UI and prints the URL; a restart keeps them', async () => {
    const script = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
    ).scripts.start;
    expect(script).toMatch(/^node bin\/meshwork\.js serve /);
    const args = script.split(/\s+/).slice(3);
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-start-'));
    const store = join(dir, 'mesh.duckdb');
    try {
      const first = await serveCli([...args, '--port', '0', '--store', store, '--log-level', 'warn']);
      try {
        expect(first.stderr()).toContain(
          'loaded the example products sales.transactions, customer.profiles, sales.customer_revenue',
        );
        expect(first.stderr()).toContain(`(web catalog: ${first.url}/,`);
        const products = (await (await fetch(`${first.url}/products`)).json()) as {
          products: { id: string }[];
        };
        expect(products.products.map((p) => p.id).sort()).toEqual([
          'customer.profiles',
          'sales.customer_revenue',
          'sales.transactions',
        ]);
        const rows = (await (await fetch(`${first.url}/products/sales.customer_revenue/rows`)).json()) as {
          rows: unknown[];
        };
        expect(rows.rows.length).toBeGreaterThan(0);
        // The CLI finds the built catalog in the project's dist/web/ (npm ci builds it); without it, / says how.
        const page = await fetch(`${first.url}/`);
        expect(page.status).toBe(findWebCatalog() === undefined ? 503 : 200);
        expect(await page.text()).toContain(
          findWebCatalog() === undefined ? 'npm run build' : '<div id="app">',
        );
      } finally {
        await first.stop();
      }
      const again = await serveCli([...args, '--port', '0', '--store', store, '--log-level', 'warn']);
      try {
        expect(again.stderr()).not.toContain('loaded the example products');
        const products = (await (await fetch(`${again.url}/products`)).json()) as { products: unknown[] };
        expect(products.products).toHaveLength(3);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
