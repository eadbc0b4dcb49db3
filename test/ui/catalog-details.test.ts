/**
 * The web catalog's pages in detail, in Debian's headless Chromium over a real server on loopback with a seeded store
 * (see test/support/catalog-under-test.ts) plus sales.orders, published from ODPS + ODCS documents whose contract
 * checks its stored orders break: every search facet and the keyboard, what each product tab shows, a failing quality
 * run, a domain's owners and compliance, and the loading, empty and error states.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProductFolder } from '../../src/contract/product-folder.ts';
import { openEngine } from '../../src/engine/open-engine.ts';
import {
  LAPTOP,
  newPage,
  PHONE,
  screenshot,
  scrollsSideways,
  seriousAxeViolations,
  signIn,
} from '../support/browser.ts';
import { type CatalogUnderTest, startCatalogUnderTest } from '../support/catalog-under-test.ts';
import { BAD_ORDERS, GOOD_ORDERS, ordersFiles } from '../support/orders-contract.ts';

describe('the web catalog in detail', () => {
  let c: CatalogUnderTest;
  beforeAll(async () => {
    c = await startCatalogUnderTest();
    const { spec, documents } = readProductFolder(ordersFiles(), { root: 'orders' });
    await c.s.gm.mesh.publishSpec(spec, { documents });
    const orders = await c.s.gm.mesh.product('sales.orders');
    await orders.ingest([...GOOD_ORDERS, ...BAD_ORDERS]);
    // Six orders, two negative totals, three missing e-mails: the contract's checks fail the run.
    expect((await orders.checkQuality()).verdict).toBe('fail');
  });
  afterAll(async () => {
    await c?.close();
  });

  /** The product ids of the search results shown, in order. */
  const shownIds = (page: Page) =>
    page.getByRole('region', { name: 'Results' }).locator('a.hit code').allTextContents();

  /** What the API's own search finds for the same filters (the page must show the same, in the same order). */
  async function apiIds(query: string): Promise<string[]> {
    const res = await c.s.call(`/search?${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { hits: { productId: string }[] }).hits.map((h) => h.productId);
  }

  it('narrows the results by each facet (domain, status, tag, quality level, owner, has PII) and clears it', async () => {
    const { page, context, errors } = await c.as('erin');
    await c.open(page, '#/search');
    const results = page.getByRole('region', { name: 'Results' });
    await results.getByText('4 products').waitFor();
    const filters = page.getByRole('complementary', { name: 'Filters' });
    const cases: [string, string, string, string[]][] = [
      ['Domain', 'domain', 'customer', ['customer.profiles']],
      ['Status', 'status', 'draft', ['sales.customer_revenue']],
      ['Tag', 'tag', 'crm', ['customer.profiles']],
      ['Quality level', 'qualityLevel', 'gold', ['sales.customer_revenue']],
      ['Owner', 'owner', 'customer-team', ['customer.profiles']],
      ['Has PII', 'pii', 'yes', ['customer.profiles', 'sales.orders']],
      ['Has PII', 'pii', 'no', ['sales.customer_revenue', 'sales.transactions']],
    ];
    for (const [legend, name, value, expected] of cases) {
      const group = filters.getByRole('group', { name: legend });
      await group.getByRole('link', { name: new RegExp(`^${value}\\s*\\d+$`) }).click();
      await page.waitForURL(new RegExp(`[?&]${name}=${value}(&|$)`));
      await expect
        .poll(async () => [...(await shownIds(page))].sort(), {
          message: `${name}=${value}`,
          timeout: 15_000,
        })
        .toEqual(expected);
      // The API's own search agrees (its pii filter is true or false).
      const apiValue = name === 'pii' ? String(value === 'yes') : value;
      expect((await apiIds(`${name}=${apiValue}`)).sort()).toEqual(expected);
      // The chosen value is marked for assistive technology; "any" clears it.
      expect(
        await group
          .getByRole('link', { name: new RegExp(`^${value}\\s*\\d+$`) })
          .getAttribute('aria-current'),
      ).toBe('true');
      await group.getByRole('link', { name: new RegExp(`any ${legend.toLowerCase()}`) }).click();
      await page.waitForURL((u) => !u.hash.includes(`${name}=`));
      await results.getByText('4 products').waitFor();
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('restores a search with several facets from a shared URL', async () => {
    const { page, context, errors } = await c.as('bob');
    await c.open(page, '#/search?q=revenue&tag=revenue&qualityLevel=silver');
    const results = page.getByRole('region', { name: 'Results' });
    await results.getByText('1 product for “revenue”').waitFor();
    expect(await shownIds(page)).toEqual(['sales.transactions']);
    expect(await page.locator('#search-q').inputValue()).toBe('revenue');
    const filters = page.getByRole('complementary', { name: 'Filters' });
    for (const [legend, value] of [
      ['Tag', 'revenue'],
      ['Quality level', 'silver'],
    ] as const) {
      const chosen = filters.getByRole('group', { name: legend }).locator('a[aria-current="true"]');
      expect(await chosen.textContent()).toMatch(new RegExp(`^${value}\\s*1$`));
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('moves between several results with the arrow keys, Home and End, and opens one with Enter', async () => {
    const { page, context, errors } = await c.as('erin');
    await c.open(page, '#/search?domain=sales');
    await page.getByRole('region', { name: 'Results' }).getByText('3 products').waitFor();
    const ids = await shownIds(page);
    expect(ids).toHaveLength(3);
    const focusedProduct = () =>
      page.evaluate(
        "document.activeElement?.classList.contains('hit') ? document.activeElement.querySelector('code').textContent : null",
      );
    // From the search box, ArrowDown goes to the first result.
    await page.locator('#search-q').focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedProduct()).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    expect(await focusedProduct()).toBe(ids[1]);
    await page.keyboard.press('End');
    expect(await focusedProduct()).toBe(ids[2]);
    await page.keyboard.press('ArrowDown');
    expect(await focusedProduct()).toBe(ids[2]);
    await page.keyboard.press('Home');
    expect(await focusedProduct()).toBe(ids[0]);
    await page.keyboard.press('ArrowUp');
    expect(await focusedProduct()).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/products/${(ids[1] ?? '').replace('.', '\\.')}$`));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows version history and the SLA with measured freshness and completeness on the overview', async () => {
    const { page, context, errors } = await c.as('erin');
    await c.open(page, '#/products/customer.profiles');
    const panel = page.getByRole('region', { name: 'Overview' });
    const versions = panel.getByRole('table', { name: 'Version history' });
    const v1 = versions.getByRole('row').filter({ hasText: '1.0.0' });
    await v1.waitFor();
    expect(await v1.textContent()).toContain('published');
    const sla = panel.getByRole('table', { name: 'SLA targets and measures' });
    const freshness = sla.getByRole('row').filter({ hasText: 'Freshness' });
    expect(await freshness.textContent()).toMatch(/5 min.*\d+(\.\d+)? min old\s*(met|missed)/s);
    // Where a measure comes from is in the cell's title: the last write, the quality run.
    expect(await freshness.getByRole('cell').last().getAttribute('title')).toMatch(
      /^last successful write at /,
    );
    const completeness = sla.getByRole('row').filter({ hasText: 'Completeness' });
    expect(await completeness.textContent()).toMatch(/99\.5 %\s*100 %\s*met/);
    expect(await completeness.getByRole('cell').last().getAttribute('title')).toMatch(/^quality run \d+ at /);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows keys, types, PII badges, descriptions and the record rules on the schema tab', async () => {
    const { page, context, errors } = await c.as('erin');
    await c.open(page, '#/products/customer.profiles?tab=schema');
    const panel = page.getByRole('region', { name: 'Schema' });
    const row = (field: string) =>
      panel.getByRole('row').filter({ has: page.getByRole('rowheader', { name: field, exact: true }) });
    await row('customer_id').waitFor();
    expect(await row('customer_id').textContent()).toMatch(/string\s*key\s*required/);
    expect(await row('email').textContent()).toMatch(
      /PII · restricted · hash.*Contact e-mail address\..*format: email/s,
    );
    expect(await row('name').textContent()).toContain('PII · restricted · redact');
    expect(await row('lifetime_value').textContent()).toMatch(/number.*minimum: 0/s);
    expect(await row('lifetime_value').textContent()).not.toContain('PII');
    const rule = panel.getByRole('list', { name: 'Record rules' }).getByRole('listitem');
    expect(await rule.textContent()).toMatch(
      /email_shape: email like '%_@_%\._%' and not email contains ' '.*The e-mail has the shape/s,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the contract in every export format and downloads ODCS and ODPS as the API serves them', async () => {
    const { page, context, errors } = await c.as('erin');
    await c.open(page, '#/products/customer.profiles?tab=contract&format=odps');
    const panel = page.getByRole('region', { name: 'Contract' });
    const formats = page.getByRole('navigation', { name: 'Contract formats' });
    // The format in a shared URL opens that format.
    expect(await formats.locator('a[aria-current="true"]').textContent()).toBe('ODPS (YAML)');
    const shows: [string, string][] = [
      ['ODCS v3 (YAML)', 'kind: DataContract'],
      ['ODPS (YAML)', 'kind: DataProduct'],
      ['JSON Schema', '"$schema": "https://json-schema.org/draft/2020-12/schema"'],
      ['SQL DDL', 'CREATE TABLE "customer_profiles"'],
      ['Mermaid', 'erDiagram'],
      ['Markdown', '# Customer profiles (`customer.profiles`)'],
    ];
    for (const [label, text] of shows) {
      await formats.getByRole('link', { name: label, exact: true }).click();
      await panel.locator('pre.code').getByText(text).first().waitFor();
      const link = panel.getByRole('link', { name: `Download ${label}` });
      await link.waitFor();
      if (label.endsWith('(YAML)')) {
        const format = label.startsWith('ODCS') ? 'odcs' : 'odps';
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        expect(download.suggestedFilename()).toBe(`customer.profiles.${format}.yaml`);
        const path = await download.path();
        const api = await c.s.call(`/products/customer.profiles/contract?format=${format}`);
        expect(readFileSync(path, 'utf8')).toBe(await api.text());
      }
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows each check of the last run passed, the run history growing with a new run, and the latest events', async () => {
    const { page, context, errors } = await c.as('erin');
    await c.open(page, '#/products/customer.profiles?tab=quality');
    const panel = page.getByRole('region', { name: 'Quality' });
    const checks = panel.getByRole('table', { name: 'Checks of the last run' });
    const check = (name: string) => checks.getByRole('row').filter({ hasText: name });
    await check('customer_id is present').waitFor();
    expect(await check('customer_id is present').textContent()).toMatch(/pass\s*100 %\s*99\.5 %/);
    expect(await check('key (customer_id) is unique').textContent()).toContain('pass');
    expect(await check('The e-mail has the shape').textContent()).toContain('pass');
    const runs = panel.getByRole('table', { name: 'Quality runs' }).locator('tbody tr');
    const before = await runs.count();
    expect(before).toBeGreaterThanOrEqual(1);
    await panel.getByRole('button', { name: 'Run quality checks now' }).click();
    await panel.getByText(/^Run \d+: pass$/).waitFor();
    await expect.poll(() => runs.count(), { timeout: 15_000 }).toBe(before + 1);
    await c.open(page, '#/products/customer.profiles?tab=events');
    const events = page.getByRole('region', { name: 'Events' }).locator('tbody td:nth-child(2)');
    await events.first().waitFor();
    const types = await events.allTextContents();
    expect(types).toContain('product.published');
    // Newest first: the run just made is the latest event.
    expect(types[0]).toBe('quality.run_finished');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a failing run with the contract's own checks, and lists the product as failing on the home page", async () => {
    const { page, context, errors } = await c.as('alice');
    await c.open(page, '#/products/sales.orders?tab=quality');
    const panel = page.getByRole('region', { name: 'Quality' });
    await panel.getByRole('heading', { name: /Last run \d+ fail/ }).waitFor();
    const contract = panel.getByRole('table', { name: 'Checks of the contract' });
    const row = (id: string) =>
      contract.getByRole('row').filter({ has: page.getByText(id, { exact: true }) });
    expect(await row('order_volume').textContent()).toMatch(/fail\s*row count between 1 and 5\s*6/);
    expect(await row('no_negative_totals').textContent()).toMatch(/fail.*2/s);
    expect(await row('few_missing_emails').textContent()).toMatch(/fail.*3 \(3 failing\)/s);
    expect(await row('europe_orders').textContent()).toMatch(/\(warning\).*pass/s);
    expect(await row('soda_checks').textContent()).toContain('not run');
    expect(await row('order_volume').textContent()).toMatch(/contract\.odcs\.yaml:\d+/);
    const failures = panel.getByRole('list', { name: 'Failures of the last run' });
    expect(await failures.textContent()).toContain('contract check order_volume');
    await screenshot(page, 'product-quality-failing');
    // The wide table of the contract's checks scrolls in its own box at phone width, not the page.
    await page.setViewportSize(PHONE);
    await page.waitForLoadState('networkidle');
    expect(await scrollsSideways(page)).toBe(false);
    await page.setViewportSize(LAPTOP);
    await c.open(page, '#/');
    const failing = page
      .getByRole('list', { name: 'Failing products' })
      .getByRole('listitem')
      .filter({ hasText: 'orders' });
    await failing.waitFor();
    expect(await failing.textContent()).toMatch(/quality run \d+ failed/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a domain's owner team, the owners of its products and its compliance", async () => {
    await c.s.gm.mesh.defineDomain({ name: 'sales', ownerTeam: 'Sales analytics' });
    const report = (await (await c.s.call('/compliance?domain=sales')).json()) as {
      summary: { products: number; compliant: number };
      products: { productId: string; compliant: boolean }[];
    };
    expect(report.summary.products).toBe(3);
    const { page, context, errors } = await c.as('erin');
    await c.open(page, '#/domains/sales');
    await page.getByRole('heading', { name: 'Domain sales' }).waitFor();
    const facts = page.locator('main dl.facts');
    expect(await facts.textContent()).toMatch(/Owner team\s*Sales analytics/);
    expect(await facts.textContent()).toMatch(/Product owners\s*sales-team \(3\)/);
    const summary = page.getByRole('status').filter({ hasText: /products? compliant/ });
    expect(await summary.textContent()).toMatch(
      new RegExp(`^${report.summary.compliant} of 3 products compliant`),
    );
    const byProduct = page.getByRole('list', { name: 'Compliance by product' });
    for (const p of report.products) {
      const item = byProduct.locator(':scope > li').filter({ hasText: p.productId });
      expect(await item.getByText(/^(compliant|not compliant)$/).textContent()).toBe(
        p.compliant ? 'compliant' : 'not compliant',
      );
    }
    // customer.profiles is in another domain: not listed here.
    expect(await byProduct.textContent()).not.toContain('customer.profiles');
    await screenshot(page, 'domain-sales');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility violations on the pages these tests add (axe-core)', async () => {
    // axe-core is injected as an inline script, which the page's CSP forbids: this context alone bypasses it.
    const { page, context, errors } = await newPage(c.browser, LAPTOP, { bypassCSP: true });
    await signIn(page, c.s.url, c.s.tokens.erin);
    const found: Record<string, unknown> = {};
    const pages: [string, RegExp | string][] = [
      ['#/search?tag=revenue&qualityLevel=silver', /1 product/],
      ['#/products/sales.orders?tab=quality', 'Checks of the contract'],
      ['#/products/customer.profiles?tab=contract&format=sql', 'CREATE TABLE'],
      ['#/domains/sales', 'Product owners'],
      ['#/products/sales.nothing', 'HTTP 404'],
    ];
    for (const [hash, text] of pages) {
      await c.open(page, hash);
      await page.getByText(text).first().waitFor();
      await expect.poll(() => page.getByText(/^Loading .*…$/).count(), { timeout: 15_000 }).toBe(0);
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) found[hash] = violations;
    }
    expect(found).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a loading state, then an empty state, and the API's own message on errors", async () => {
    const { page, context, errors } = await c.as('erin');
    // Hold the search call (the real one, to the real server) until the loading state has been seen.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(
      (url) => url.pathname === '/search',
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await c.open(page, '#/search?q=zzzz-nothing-matches');
    await page.getByRole('status').getByText('Loading search results…').waitFor();
    release();
    await page.getByText('No product matches. Try fewer words or remove a filter.').waitFor();
    expect(await page.getByRole('region', { name: 'Results' }).getByRole('status').textContent()).toBe(
      '0 products for “zzzz-nothing-matches”',
    );
    await page.unroute((url) => url.pathname === '/search');
    await c.open(page, '#/governance?tab=audit&action=no.such.action');
    await page.getByText('No audit entries.').waitFor();
    // A product that does not exist: the API's 404 and its detail, not a blank page.
    await c.open(page, '#/products/sales.nothing');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^Could not load product sales\.nothing \(HTTP 404\): product sales\.nothing is not in the catalog; known products: /,
    );
    await screenshot(page, 'product-not-found');
    await c.open(page, '#/nowhere');
    expect(await page.getByRole('alert').textContent()).toContain('No page at #/nowhere');
    expect(errors).toEqual([]);
    await context.close();
  });

  // Last: it breaks the shared store's audit chain on purpose.
  it('shows a broken audit chain as a failed verification, with where and how it broke', async () => {
    const { page, context, errors } = await c.as('erin');
    await c.open(page, '#/governance?tab=audit');
    await page.getByText(/^Audit log verified: \d+ entries/).waitFor();
    const last = (await c.s.gm.mesh.governance.auditLog({ limit: 1, order: 'desc' }))[0]?.seq ?? 0;
    expect(last).toBeGreaterThan(3);
    // Someone with the store file swaps two entries.
    const raw = await openEngine(c.s.gm.store);
    try {
      await raw.execute('UPDATE mw_audit_log SET seq = -1 WHERE seq = 2');
      await raw.execute('UPDATE mw_audit_log SET seq = 2 WHERE seq = 3');
      await raw.execute('UPDATE mw_audit_log SET seq = 3 WHERE seq = -1');
    } finally {
      await raw.close();
    }
    const verdict = await c.s.gm.mesh.governance.verifyAudit();
    if (verdict.ok) throw new Error('the swapped entries were not found');
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: 'Audit log verification FAILED' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      `Audit log verification FAILED at entry ${verdict.seq} (${verdict.problem}): ${verdict.message}.`,
    );
    expect(await page.getByText(/^Audit log verified/).count()).toBe(0);
    await screenshot(page, 'governance-audit-broken');
    expect(errors).toEqual([]);
    await context.close();
  });
});
