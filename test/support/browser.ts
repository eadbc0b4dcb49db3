/**
 * Drives Debian's Chromium (never a downloaded browser) with playwright-core for the web catalog's tests, and saves
 * screenshots under reports/screenshots/ as test artifacts.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * A fresh context (its own storage, so its own signed-in user) with the page's errors collected; `bypassCSP` only
 * where a test injects a script of its own (axe-core).
 */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = LAPTOP,
  options: { readonly bypassCSP?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, bypassCSP: options.bypassCSP ?? false });
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

/** An accessibility rule that a page breaks, as axe-core reports it. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/**
 * Runs axe-core (the npm package's own file, injected into the page: nothing is downloaded) over the page and returns
 * the violations of `serious` or `critical` impact. The page's context must bypass the CSP, which forbids inline
 * scripts.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');
  await page.addScriptTag({ content: source });
  // Runs in the page, where `axe` exists; this project's types have no DOM.
  return (await page.evaluate(`(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary) }));
  })()`)) as AxeViolation[];
}
