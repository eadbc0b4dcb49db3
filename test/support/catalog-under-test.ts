/**
 * The web catalog under test: a fresh Vite build of web/ served over the governed example mesh on loopback (plus the
 * derived sales.customer_revenue, refreshed, and quality runs of the two example products), and Debian's Chromium.
 */
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newPage, signIn } from './browser.ts';
import { exampleSpec } from './example-mesh.ts';
import { type ServedMesh, serveGovernedMesh } from './http-server.ts';
import { buildWebCatalog } from './web-build.ts';

/** A signed-in page of one principal, with the page's errors collected. */
export interface OpenedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

/** The served catalog, a browser, and helpers to open pages in it. */
export interface CatalogUnderTest {
  readonly s: ServedMesh;
  readonly browser: Browser;
  /** The folder of the fresh build (index.html and assets/). */
  readonly web: string;
  /** A new browser context signed in as one principal. */
  as(who: keyof ServedMesh['tokens'], viewport?: { width: number; height: number }): Promise<OpenedPage>;
  /** Goes to a hash route of the catalog (`#/products/…`). */
  open(page: Page, hash: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the catalog, serves it over a seeded governed mesh and launches Chromium. */
export async function startCatalogUnderTest(): Promise<CatalogUnderTest> {
  const web = await buildWebCatalog();
  let s: ServedMesh | undefined;
  let browser: Browser | undefined;
  try {
    s = await serveGovernedMesh({ webCatalog: web });
    const revenue = await s.gm.mesh.createProduct(exampleSpec('customer_revenue'));
    await revenue.refresh();
    for (const id of ['sales.transactions', 'customer.profiles'])
      await (await s.gm.mesh.product(id)).checkQuality();
    browser = await launchChromium();
  } catch (error) {
    await s?.close();
    rmSync(web, { recursive: true, force: true });
    throw error;
  }
  const served = s;
  const chromium = browser;
  return {
    s: served,
    browser: chromium,
    web,
    as: async (who, viewport) => {
      const opened = await newPage(chromium, viewport);
      await signIn(opened.page, served.url, served.tokens[who]);
      return opened;
    },
    open: async (page, hash) => {
      await page.goto(`${served.url}/${hash}`);
    },
    close: async () => {
      await chromium.close();
      await served.close();
      rmSync(web, { recursive: true, force: true });
    },
  };
}
