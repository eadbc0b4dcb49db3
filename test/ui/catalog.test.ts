/**
 * The web catalog in a real headless Chromium (Debian's) over a real server on loopback with a seeded store: the
 * governed example mesh (sales.transactions and customer.profiles published with samples; alice owns sales, carol
 * owns customer, bob is a consumer, erin an admin) plus the derived sales.customer_revenue for lineage.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeshServer } from '../../src/server/create-mesh-server.ts';
import { startServer } from '../../src/server/start-server.ts';
import {
  newPage,
  PHONE,
  screenshot,
  scrollsSideways,
  seriousAxeViolations,
  signIn,
} from '../support/browser.ts';
import { type CatalogUnderTest, startCatalogUnderTest } from '../support/catalog-under-test.ts';
import type { ServedMesh } from '../support/http-server.ts';

describe('the web catalog', () => {
  let c: CatalogUnderTest;
  let s: ServedMesh;
  let browser: Browser;
  let web: string;
  beforeAll(async () => {
    c = await startCatalogUnderTest();
    ({ s, browser, web } = c);
  });
  afterAll(async () => {
    await c?.close();
  });

  /** A signed-in page of one principal. */
  const as = (who: keyof ServedMesh['tokens'], viewport?: { width: number; height: number }) =>
    c.as(who, viewport);

  const open = (page: Page, hash: string) => c.open(page, hash);

  it('asks for no sign-in on a --dev server (anonymous admin on loopback)', async () => {
    const dev = await startServer(createMeshServer({ mesh: s.gm.mesh, dev: true, webCatalog: web }), {
      host: '127.0.0.1',
      port: 0,
    });
    const { page, context, errors } = await newPage(browser);
    try {
      await page.goto(`${dev.url}/`);
      await page.getByRole('heading', { name: 'Find a data product' }).waitFor();
      expect(await page.getByLabel('API token').count()).toBe(0);
      await page.getByText('dev mode').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await dev.close(1000);
    }
  });

  it('refuses a wrong token on the sign-in screen with the API message, then signs in', async () => {
    const { page, context, errors } = await newPage(browser);
    await page.goto(`${s.url}/`);
    await page.getByText('The token is kept for this browser tab only').waitFor();
    await page.getByLabel('API token').fill('mwt_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/token/i);
    await screenshot(page, 'sign-in-refused');
    await page.getByLabel('API token').fill(s.tokens.erin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Find a data product' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the token for the tab only: a reload stays signed in, another tab asks for a token again', async () => {
    const { page, context, errors } = await as('erin');
    expect(await page.evaluate("sessionStorage.getItem('meshwork.token')")).toBe(s.tokens.erin);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: 'Find a data product' }).waitFor();
    expect(await page.getByLabel('API token').count()).toBe(0);
    const other = await context.newPage();
    await other.goto(`${s.url}/`);
    await other.getByLabel('API token').waitFor();
    // Signing out forgets the token of this tab: a reload asks again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
    await page.reload();
    await page.getByLabel('API token').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('meshwork.token')")).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sends the user back to the sign-in screen with the API reason when the token is revoked while the tab is open', async () => {
    const made = await s.gm.mesh.governance.createToken({ principal: 'dave', name: 'ui-revoked' });
    const { page, context, errors } = await newPage(browser);
    await signIn(page, s.url, made.token);
    await page.getByRole('heading', { name: 'Find a data product' }).waitFor();
    // Every call of the home page answered: the next one is the click below.
    await expect.poll(() => page.getByText(/^Loading .*…$/).count(), { timeout: 15_000 }).toBe(0);
    await s.gm.mesh.governance.revokeToken(made.id);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access' }).click();
    await page.getByLabel('API token').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/^the token is not accepted: .*revoked/);
    expect(await page.evaluate("sessionStorage.getItem('meshwork.token')")).toBeNull();
    // Signing in again carries on at the page the user went to.
    await page.getByLabel('API token').fill(s.tokens.dave);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Access', exact: true }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/access');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('puts "Skip to content" first in the tab order, moves focus to the main region on going to another page, not on changing a tab', async () => {
    const { page, context, errors } = await as('erin');
    const focused = () => page.evaluate('document.activeElement?.id ?? ""');
    // A fresh load: the first Tab reaches the skip button, which sends focus past the header to the main region.
    await page.reload();
    await page.getByRole('heading', { name: 'Find a data product' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('main');
    await page.keyboard.press('Tab');
    // The next stop after the main region is inside it (the home page's search box), not the header's links.
    expect(await page.evaluate('document.activeElement?.id')).toBe('home-q');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Governance' }).click();
    await page.getByRole('heading', { name: 'Governance' }).first().waitFor();
    await expect.poll(focused).toBe('main');
    await open(page, '#/products/customer.profiles');
    await page.getByText('One profile per customer').first().waitFor();
    await expect.poll(focused).toBe('main');
    const schema = page
      .getByRole('navigation', { name: 'Product sections' })
      .getByRole('link', { name: 'Schema' });
    await schema.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/tab=schema/);
    await page.getByRole('region', { name: 'Schema' }).getByText('lifetime_value').first().waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Schema');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows counts by domain, status and quality level, recently updated products and the failing ones on the home page', async () => {
    // Two hours without a write: sales.transactions (freshness target 60 min) misses its SLA.
    s.gm.clock.advance(120);
    const { page, context, errors } = await as('erin');
    const counts = page.getByRole('region', { name: 'Counts' });
    await counts.getByRole('link', { name: 'sales' }).waitFor();
    const card = (title: string) =>
      counts.locator('.card').filter({ has: page.getByRole('heading', { name: title }) });
    expect(await card('Domains').textContent()).toMatch(/sales\s*2.*customer\s*1|customer\s*1.*sales\s*2/s);
    expect(await card('Status').textContent()).toMatch(/published\s*2/);
    expect(await card('Status').textContent()).toMatch(/draft\s*1/);
    expect(await card('Quality level').textContent()).toMatch(/silver\s*2/);
    expect(await card('Quality level').textContent()).toMatch(/gold\s*1/);
    // A count links to the search narrowed by it.
    expect(await card('Quality level').getByRole('link', { name: 'gold' }).getAttribute('href')).toBe(
      '#/search?qualityLevel=gold',
    );
    // Recently updated: newest first, as the API's updatedAt orders them.
    const listed = (await (await s.call('/products')).json()) as {
      products: { name: string; updatedAt: string }[];
    };
    const newestFirst = [...listed.products]
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .map((p) => p.name);
    const recent = page.getByRole('list', { name: 'Recently updated products' }).getByRole('link');
    await recent.first().waitFor();
    expect(await recent.allTextContents()).toEqual(newestFirst.slice(0, 6));
    const failing = page.getByRole('list', { name: 'Failing products' });
    const sales = failing.getByRole('listitem').filter({ hasText: 'Sales transactions' });
    await sales.waitFor();
    expect(await sales.textContent()).toMatch(/SLA missed/);
    expect(await sales.textContent()).toMatch(/data stale/);
    await screenshot(page, 'home');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('searches, narrows by a facet kept in the URL, moves with the keyboard and opens a product', async () => {
    const { page, context, errors } = await as('erin');
    await page.getByLabel('Search by name, description, tag, owner or field').fill('customer');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('region', { name: 'Results' });
    await results.getByRole('link', { name: /Customer profiles/ }).waitFor();
    expect(page.url()).toContain('#/search?q=customer');
    await results.getByText(/\d+ products for “customer”/).waitFor();
    await screenshot(page, 'search');
    const filters = page.getByRole('complementary', { name: 'Filters' });
    await filters
      .getByRole('link', { name: /^customer\s*1$/ })
      .first()
      .click();
    await page.waitForURL(/domain=customer/);
    await results.getByText('1 product').waitFor();
    expect(await results.textContent()).toMatch(/matched in name, field customer_id/);
    await screenshot(page, 'search-facet');
    // Keyboard: focus the first result, ArrowDown stays on the only one, Enter opens it.
    await results.getByRole('link', { name: /Customer profiles/ }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/products\/customer\.profiles/);
    await page.getByRole('heading', { name: /Customer profiles/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows real data from the store on every product tab', async () => {
    const { page, context, errors } = await as('erin');
    const tab = async (name: string, expectText: RegExp | string) => {
      await page.getByRole('navigation', { name: 'Product sections' }).getByRole('link', { name }).click();
      await page.waitForURL(new RegExp(`tab=${name.toLowerCase()}`));
      const panel = page.getByRole('region', { name });
      await panel.getByText(expectText).first().waitFor();
      await screenshot(page, `product-${name.toLowerCase()}`);
      return panel;
    };
    await open(page, '#/products/customer.profiles');
    await page.getByText('One profile per customer').first().waitFor();
    await screenshot(page, 'product-overview');
    const schema = await tab('Schema', 'lifetime_value');
    expect(await schema.textContent()).toMatch(/PII · restricted/);
    const contract = await tab('Contract', /apiVersion/);
    // Highlighted by highlight.js: keys are marked up as attributes.
    await contract.locator('.hljs-attr').getByText('apiVersion').first().waitFor();
    expect(await contract.getByRole('link', { name: /Download ODCS/ }).getAttribute('download')).toBe(
      'customer.profiles.odcs.yaml',
    );
    const data = await tab('Data', 'CUST001');
    expect(await data.textContent()).toContain('joao.silva@example.com');
    const quality = await tab('Quality', /Last run/);
    expect(await quality.textContent()).toMatch(/customer_id is present/);
    // The history chart is drawn by uPlot on a canvas.
    const history = quality.getByRole('img', { name: /Completeness, validity and uniqueness per run/ });
    await history.locator('canvas').first().waitFor();
    await tab('Lineage', /customer_revenue/);
    const usage = await tab('Usage', /accesses/);
    expect(await usage.textContent()).toMatch(/records/);
    await usage
      .getByRole('img', { name: /Reads and writes per day/ })
      .locator('canvas')
      .first()
      .waitFor();
    await tab('Events', /product\./);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('pages through rows with the cursor and shows the API message for a bad filter', async () => {
    const { page, context, errors } = await as('erin');
    await open(page, '#/products/sales.transactions?tab=data&limit=2');
    const panel = page.getByRole('region', { name: 'Data' });
    const ids = panel.locator('td[data-field="transaction_id"]');
    await ids.first().waitFor();
    const first = await ids.allTextContents();
    expect(first).toHaveLength(2);
    await panel.getByRole('button', { name: 'Next →' }).click();
    await page.waitForURL(/cursor=/);
    await panel.getByText('(page 2)').waitFor();
    // Each page replaces the previous one once its answer arrives: wait for rows other than the first page's.
    await expect
      .poll(async () => (await ids.allTextContents()).filter((id) => !first.includes(id)).length, {
        timeout: 15_000,
      })
      .toBe(2);
    const second = await ids.allTextContents();
    expect(second).toHaveLength(2);
    await panel.getByRole('button', { name: '← Previous' }).click();
    await page.waitForURL((u) => !u.hash.includes('cursor='));
    await panel.getByRole('button', { name: '← Previous', disabled: true }).waitFor();
    await expect.poll(() => ids.allTextContents(), { timeout: 15_000 }).toEqual(first);
    await page.getByLabel('Filter', { exact: true }).fill("region = 'Europe'");
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/filter=region/);
    // The filtered page replaces the unfiltered one once its answer arrives: wait until only its rows are shown.
    const regionCells = panel.locator('td[data-field="region"]');
    await expect
      .poll(async () => [...new Set(await regionCells.allTextContents())], { timeout: 15_000 })
      .toEqual(['Europe']);
    await page.getByLabel('Filter', { exact: true }).fill('bogus > 1');
    await page.getByRole('button', { name: 'Apply' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('unknown field "bogus" in filter');
    expect(await alert.textContent()).toContain('HTTP 400');
    await screenshot(page, 'api-error-shown');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a consumer request access, the owner approve it, and then shows the consumer the rows', async () => {
    const bob = await as('bob');
    await open(bob.page, '#/products/sales.transactions?tab=data');
    const panel = bob.page.getByRole('region', { name: 'Data' });
    expect(await panel.getByRole('alert').first().textContent()).toMatch(/HTTP 403/);
    await panel.getByLabel('Purpose').fill('Monthly revenue report');
    await panel.getByLabel('Access until (optional)').fill('2030-01-31');
    await panel.getByRole('button', { name: 'Send request' }).click();
    await panel.getByText(/Request \d+ is pending/).waitFor();
    await screenshot(bob.page, 'access-requested');

    const alice = await as('alice');
    await open(alice.page, '#/access');
    const request = alice.page
      .getByRole('listitem', { name: /Request \d+/ })
      .filter({ hasText: 'Monthly revenue report' });
    await request.waitFor();
    expect(await request.textContent()).toContain('bob');
    // The expiry the consumer chose goes with the request, and then with the grant.
    expect(await request.locator('time').last().getAttribute('datetime')).toMatch(/^2030-01-31/);
    await screenshot(alice.page, 'access-inbox');
    await request.getByRole('button', { name: 'Approve' }).click();
    await alice.page.getByText(/approved: bob can read sales.transactions/).waitFor();

    await open(bob.page, '#/products/sales.transactions?tab=data&filter=amount%20%3E%200');
    await panel.locator('td[data-field="transaction_id"]').first().waitFor();
    expect(await panel.textContent()).toContain('TXN001');
    await screenshot(bob.page, 'data-after-grant');

    // The grant is listed, and its owner can revoke it; the consumer is refused again.
    await open(alice.page, '#/access?tab=grants');
    const revoke = alice.page.getByRole('button', { name: /Revoke grant \d+ of bob on sales.transactions/ });
    const grantRow = alice.page.getByRole('row').filter({ has: revoke });
    expect(await grantRow.textContent()).toContain('Monthly revenue report');
    expect(await grantRow.locator('time').getAttribute('datetime')).toMatch(/^2030-01-31/);
    await revoke.click();
    await alice.page.getByText(/Grant \d+ revoked/).waitFor();
    await open(bob.page, '#/products/sales.transactions?tab=data');
    await bob.page.reload();
    expect(await panel.getByRole('alert').first().textContent()).toMatch(/HTTP 403/);
    expect(bob.errors).toEqual([]);
    expect(alice.errors).toEqual([]);
    await bob.context.close();
    await alice.context.close();
  });

  it('lets an owner reject a request with a comment, which the consumer then sees', async () => {
    await s.gm.dave.governance.requestAccess({ product: 'customer.profiles', purpose: 'Just curious' });
    const carol = await as('carol');
    await open(carol.page, '#/access');
    const request = carol.page
      .getByRole('listitem', { name: /Request \d+/ })
      .filter({ hasText: 'Just curious' });
    await request.getByLabel(/Comment on request/).fill('No business need given');
    await request.getByRole('button', { name: 'Reject' }).click();
    await carol.page.getByText(/Request \d+ rejected/).waitFor();
    const dave = await as('dave');
    await open(dave.page, '#/access?tab=requests&status=rejected');
    const seen = dave.page.getByRole('listitem', { name: /Request \d+/ }).filter({ hasText: 'Just curious' });
    await seen.waitFor();
    expect(await seen.textContent()).toContain('No business need given');
    expect(await seen.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(carol.errors).toEqual([]);
    expect(dave.errors).toEqual([]);
    await carol.context.close();
    await dave.context.close();
  });

  it('masks the PII columns for a consumer whose grant does not cover PII', async () => {
    const request = await s.gm.bob.governance.requestAccess({
      product: 'customer.profiles',
      purpose: 'Churn study',
    });
    await s.gm.carol.governance.approve(request.id);
    const { page, context, errors } = await as('bob');
    await open(page, '#/products/customer.profiles?tab=data');
    const panel = page.getByRole('region', { name: 'Data' });
    const ids = panel.locator('td[data-field="customer_id"]');
    await ids.first().waitFor();
    expect(await ids.first().textContent()).toBe('CUST001');
    const emails = await panel.locator('td[data-field="email"]').allTextContents();
    const names = await panel.locator('td[data-field="name"]').allTextContents();
    expect(emails.length).toBeGreaterThan(0);
    expect(emails).not.toContain('joao.silva@example.com');
    expect(names).not.toContain('João Silva');
    expect(await panel.textContent()).not.toContain('@example.com');
    await screenshot(page, 'data-pii-masked');
    // Reads and writes per day come with the metrics, which a consumer with a grant may read; who else reads the
    // product is for its owners and admins: a note, not an error.
    await open(page, '#/products/customer.profiles?tab=usage');
    const usage = page.getByRole('region', { name: 'Usage' });
    await usage
      .getByRole('note')
      .getByText(/Who reads this product is shown to the owners of its domain and to platform admins/)
      .waitFor();
    await usage.getByText(/\d+ records · \d+ accesses/).waitFor();
    await usage
      .getByRole('img', { name: /Reads and writes per day/ })
      .locator('canvas')
      .first()
      .waitFor();
    await usage.getByText(/Days with reads or writes/).click();
    const today = usage
      .getByRole('table', { name: 'Reads and writes per day' })
      .getByRole('row')
      .filter({ hasText: s.gm.clock.iso().slice(0, 10) });
    // Bob's page of rows above is one of today's reads.
    expect(Number(await today.getByRole('cell').nth(1).textContent())).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'usage-consumer');
    expect(await usage.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
    // The owner sees bob among the top consumers, from the product's access log (no audit-log right needed).
    const carol = await as('carol');
    await open(carol.page, '#/products/customer.profiles?tab=usage');
    const bobRow = carol.page
      .getByRole('region', { name: 'Usage' })
      .getByRole('row')
      .filter({ has: carol.page.getByRole('cell', { name: 'bob', exact: true }) });
    await bobRow.waitFor();
    expect(Number(await bobRow.getByRole('cell').nth(1).textContent())).toBeGreaterThanOrEqual(1);
    expect(carol.errors).toEqual([]);
    await carol.context.close();
  });

  it('draws the lineage graph with Cytoscape.js, zooms it, and opens an upstream product by clicking its node', async () => {
    await (await s.gm.erin.product('sales.customer_revenue')).query(undefined, { limit: 1 });
    const { page, context, errors } = await as('erin');
    await open(page, '#/products/sales.customer_revenue?tab=lineage');
    const graph = page.getByRole('img', { name: 'Lineage graph of sales.customer_revenue' });
    await graph.locator('canvas').first().waitFor();
    // The same nodes as links beside the graph, for keyboards and screen readers.
    const nodes = page.getByRole('navigation', { name: 'Lineage nodes' });
    await nodes.getByRole('link', { name: /Sales transactions \(sales\.transactions\), upstream/ }).waitFor();
    // Cytoscape keeps its instance on the container: read the zoom and where it drew a node.
    const cy = "document.querySelector('.lineage-canvas')._cyreg.cy";
    const zoom = () => page.evaluate(`${cy}.zoom()`) as Promise<number>;
    const before = await zoom();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(zoom).toBeGreaterThan(before);
    const box = await graph.boundingBox();
    if (box === null) throw new Error('the lineage graph has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const zoomed = await zoom();
    await page.mouse.wheel(0, 400);
    await expect.poll(zoom).toBeLessThan(zoomed);
    await page.getByRole('button', { name: 'Fit' }).click();
    await screenshot(page, 'lineage');
    // A real click on the canvas, where the upstream node is drawn.
    const at = (await page.evaluate(
      `(() => { const p = ${cy}.$id('sales.transactions').renderedPosition(); return { x: p.x, y: p.y }; })()`,
    )) as { x: number; y: number };
    expect(at.x).toBeGreaterThan(0);
    expect(at.x).toBeLessThan(box.width);
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForURL(/#\/products\/sales\.transactions\?tab=lineage/);
    await page.getByRole('heading', { name: /Sales transactions/ }).waitFor();
    const downstream = nodes.getByRole('link', {
      name: /Customer revenue \(sales\.customer_revenue\), downstream/,
    });
    await downstream.waitFor();
    // The impact of changing one field, chosen in a select kept in the URL.
    await page.getByLabel('Changed field').selectOption('amount');
    await page.waitForURL(/field=amount/);
    const impact = page
      .getByRole('list', { name: 'Products a change reaches' })
      .getByRole('listitem')
      .filter({ hasText: 'sales.customer_revenue' });
    // Its SQL sums amount: affected; it never names region: unlikely to be affected. Who to tell: its owner, and
    // who reads it (erin read a row above).
    await expect
      .poll(() => impact.textContent(), { timeout: 15_000 })
      .toMatch(/sales\.customer_revenue\s*affected\s*its derived SQL names amount/);
    expect(await impact.textContent()).toMatch(
      /owner sales-team · via sales\.transactions → sales\.customer_revenue · read by .*erin \(\d+ reads?\)/,
    );
    await page.getByLabel('Changed field').selectOption('region');
    await page.waitForURL(/field=region/);
    await expect
      .poll(() => impact.textContent(), { timeout: 15_000 })
      .toMatch(/unlikely\s*its derived SQL reads sales\.transactions but never names region/);
    // The list's links open a product too, from the keyboard.
    await downstream.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/products\/sales\.customer_revenue\?tab=lineage/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows policies with their CEL, compliance, and the audit log with its verification', async () => {
    const request = await s.gm.dave.governance.requestAccess({
      product: 'sales.transactions',
      purpose: 'Audit trail',
    });
    await s.gm.alice.governance.approve(request.id);
    const { page, context, errors } = await as('erin');
    await open(page, '#/governance?tab=policies');
    await page.getByText("product.owner != '' && product.description != ''").waitFor();
    await screenshot(page, 'governance-policies');
    await open(page, '#/governance?tab=compliance');
    await page.getByRole('heading', { name: 'By policy' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('owner-and-description');
    // Per domain, as many compliant products as the API's report counts.
    const report = (await (await s.call('/compliance')).json()) as {
      domains: { domain: string; products: number; compliant: number }[];
      summary: { products: number; compliant: number };
    };
    expect(report.domains.length).toBe(2);
    for (const d of report.domains) {
      const row = page
        .getByRole('table', { name: 'Compliance by domain' })
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: d.domain, exact: true }) });
      expect(await row.textContent()).toBe(`${d.domain}${d.compliant} of ${d.products}`);
    }
    expect(await page.getByRole('status').filter({ hasText: 'compliant' }).textContent()).toMatch(
      new RegExp(`^${report.summary.compliant} of ${report.summary.products} products compliant`),
    );
    // The failing policy lists the product that breaks it, as a link to it.
    const gold = page
      .getByRole('table', { name: 'Compliance by policy' })
      .getByRole('row')
      .filter({ hasText: 'gold-quality-run' });
    expect(await gold.getByRole('link').allTextContents()).toEqual(['sales.customer_revenue']);
    // sales.customer_revenue is gold without a passing quality run: its violation is listed with its path.
    const revenue = page
      .getByRole('listitem')
      .filter({ hasText: 'sales.customer_revenue' })
      .filter({ hasText: 'not compliant' });
    expect(await revenue.first().textContent()).toMatch(
      /gold-quality-run.*quality\.lastVerdict: a gold product has a passing quality run/s,
    );
    await screenshot(page, 'governance-compliance');
    await open(page, '#/governance?tab=audit&action=access.approve');
    await page.getByText(/Audit log verified: \d+ entries/).waitFor();
    const actions = page.locator('tbody td:nth-child(4)');
    await actions.first().waitFor();
    await expect
      .poll(async () => [...new Set(await actions.allTextContents())], { timeout: 15_000 })
      .toEqual(['access.approve']);
    await screenshot(page, 'governance-audit');
    await open(page, '#/domains/sales');
    await page.getByRole('heading', { name: 'Domain sales' }).waitFor();
    await page.getByRole('link', { name: 'Sales transactions' }).first().waitFor();
    await screenshot(page, 'domain');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility violations on the main pages (axe-core)', async () => {
    // axe-core is injected as an inline script, which the page's CSP forbids: this context alone bypasses it.
    const { page, context, errors } = await newPage(browser, undefined, { bypassCSP: true });
    const found: Record<string, unknown> = {};
    const check = async (name: string) => {
      // Check what the page shows once everything on it has loaded.
      await expect
        .poll(() => page.getByText(/^Loading .*…$/).count(), {
          message: `${name} still loading`,
          timeout: 15_000,
        })
        .toBe(0);
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) found[name] = violations;
    };
    await page.goto(`${s.url}/`);
    await page.getByLabel('API token').waitFor();
    await check('sign-in');
    await signIn(page, s.url, s.tokens.erin);
    const pages: [string, RegExp | string][] = [
      ['#/', 'Find a data product'],
      ['#/search?q=customer', /products for/],
      ['#/products/customer.profiles', 'One profile per customer'],
      ['#/products/customer.profiles?tab=schema', 'lifetime_value'],
      ['#/products/customer.profiles?tab=contract', 'apiVersion'],
      ['#/products/customer.profiles?tab=data', 'CUST001'],
      ['#/products/customer.profiles?tab=quality', /Last run/],
      ['#/products/sales.customer_revenue?tab=lineage', 'Nodes'],
      ['#/products/customer.profiles?tab=usage', 'Top consumers'],
      ['#/products/customer.profiles?tab=events', /product\./],
      ['#/domains/sales', 'Domain sales'],
      ['#/access', 'Access'],
      ['#/governance?tab=policies', 'owner-and-description'],
      ['#/governance?tab=compliance', 'By policy'],
      ['#/governance?tab=audit', /Audit log verified/],
    ];
    for (const [hash, text] of pages) {
      await open(page, hash);
      await page.getByText(text).first().waitFor();
      await check(hash);
    }
    expect(found).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders the main pages at phone width without horizontal scrolling', async () => {
    const { page, context, errors } = await as('erin', PHONE);
    const pages: [string, string][] = [
      ['#/', 'Find a data product'],
      ['#/search?q=customer', 'Products'],
      ['#/products/customer.profiles', 'Customer profiles'],
      ['#/products/customer.profiles?tab=schema', 'Customer profiles'],
      ['#/products/customer.profiles?tab=data', 'Customer profiles'],
      ['#/products/customer.profiles?tab=contract', 'Customer profiles'],
      ['#/products/customer.profiles?tab=quality', 'Customer profiles'],
      ['#/products/customer.profiles?tab=usage', 'Customer profiles'],
      ['#/products/sales.customer_revenue?tab=lineage', 'Customer revenue'],
      ['#/domains/sales', 'Domain sales'],
      ['#/governance?tab=compliance', 'Governance'],
      ['#/governance?tab=policies', 'Governance'],
      ['#/governance?tab=audit', 'Governance'],
      ['#/access', 'Access'],
      ['#/access?tab=grants', 'Access'],
    ];
    for (const [hash, heading] of pages) {
      await open(page, hash);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await scrollsSideways(page), `${hash} scrolls sideways at ${PHONE.width} px`).toBe(false);
    }
    await open(page, '#/products/customer.profiles?tab=schema');
    await page.getByText('lifetime_value').first().waitFor();
    await screenshot(page, 'phone-product-schema');
    expect(errors).toEqual([]);
    await context.close();
  });
});
