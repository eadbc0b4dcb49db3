/**
 * Drives Debian's Chromium (never a downloaded browser) with playwright-core for the web catalog's tests, and saves
 * screenshots under reports/screenshots/ as test artifacts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT } from './run-cli.ts';

/** Where Debian's package installs Chromium (.ci/run installs it when it is missing). */
export const CHROMIUM = process.env.MESHWORK_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Where the screenshots go (gitignored with reports/). */
export const SCREENSHOTS = join(ROOT, 'reports', 'screenshots');

/** Phone and laptop viewports. */
export const PHONE = { width: 390, height: 844 } as const;
export const LAPTOP = { width: 1280, height: 860 } as const;

/** Launches headless Chromium with the flags that keep it offline and quiet (a fresh profile each launch). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium), as .ci/run does`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context (its own storage, so its own signed-in user) with the page's errors collected. */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = LAPTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A failed API call is logged by the browser as a failed resource: expected where a test provokes one.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return { context, page, errors };
}

/** Saves a full-page screenshot as reports/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in on the sign-in screen with a token and waits for the catalog. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Governance' }).waitFor();
}

/** Whether the page is wider than the viewport (horizontal scrolling). */
export function scrollsSideways(page: Page): Promise<boolean> {
  // The function runs in the page, where `document` exists; this project's types have no DOM.
  return page.evaluate(
    '(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)()',
  ) as Promise<boolean>;
}
