import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { ServerEnv } from './server-env.ts';

/**
 * The one inline style element the web catalog allows, by its hash: Cytoscape.js (the lineage graph) adds
 * `<style>.__________cytoscape_container { position: relative; }</style>` to the page once. Any other inline style
 * element is refused; styles set from script through the CSSOM (element.style) are not inline styles.
 */
export const CYTOSCAPE_STYLE_HASH = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='";

/**
 * The Content-Security-Policy of the web catalog's pages: its own scripts, styles and images only (no inline script,
 * no eval, one inline style element known by its hash), API calls to the same origin, and never framed.
 */
export const WEB_CATALOG_CSP = `default-src 'none'; script-src 'self'; style-src 'self' ${CYTOSCAPE_STYLE_HASH}; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Paths of the web catalog served without a token (the page and its files; the data still needs one). */
export function isWebCatalogPath(path: string): boolean {
  return path === '/' || path === '/favicon.svg' || path.startsWith('/assets/');
}

/**
 * The folder holding the built web catalog (`index.html` and `assets/`): beside the compiled server in the package
 * (`dist/web/`), or `dist/web/` of the project when running from the sources; undefined when it was not built.
 */
export function findWebCatalog(): string | undefined {
  for (const relative of ['../web/', '../../dist/web/']) {
    const folder = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(join(folder, 'index.html'))) return folder;
  }
  return undefined;
}

interface StaticFile {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly type: string;
}

/** Reads the built files once: only these names are ever served, so no request path reaches the file system. */
function readFiles(folder: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const add = (urlPath: string, file: string): void => {
    const type = TYPES[extname(file)];
    if (type !== undefined) files.set(urlPath, { body: new Uint8Array(readFileSync(file)), type });
  };
  add('/', join(folder, 'index.html'));
  if (existsSync(join(folder, 'favicon.svg'))) add('/favicon.svg', join(folder, 'favicon.svg'));
  const assets = join(folder, 'assets');
  if (existsSync(assets)) {
    for (const name of readdirSync(assets)) add(`/assets/${name}`, join(assets, name));
  }
  return files;
}

/**
 * Serves the web catalog at `/` from a built folder (see {@link findWebCatalog}); without one (or without its
 * `index.html`), `/` answers 503 with a message saying how to build it, and the API is unaffected. The UI calls the API like any client, with a token.
 */
export function registerWebCatalog(app: Hono<ServerEnv>, folder: string | undefined): void {
  const files =
    folder === undefined || !existsSync(join(folder, 'index.html')) ? undefined : readFiles(folder);
  app.get('/', (c) => {
    const index = files?.get('/');
    if (index === undefined) {
      return c.text(
        'The web catalog is not built into this installation: run `npm run build` in the Meshwork project (it builds web/ into dist/web/), then restart `meshwork serve`. The HTTP API works without it: see /docs.\n',
        503,
      );
    }
    c.header('Content-Security-Policy', WEB_CATALOG_CSP);
    c.header('Cache-Control', 'no-cache');
    return c.body(index.body, 200, { 'content-type': index.type });
  });
  if (files === undefined) return;
  // Only names read at start are answered; any other path falls through to the API's 404 problem.
  const serve = (path: string, cache: string, csp: boolean) => {
    const file = files.get(path);
    if (file === undefined) return undefined;
    const headers: Record<string, string> = { 'content-type': file.type, 'cache-control': cache };
    if (csp) headers['content-security-policy'] = WEB_CATALOG_CSP;
    return { body: file.body, headers };
  };
  app.get('/favicon.svg', (c, next) => {
    const found = serve('/favicon.svg', 'public, max-age=86400', false);
    return found === undefined ? next() : c.body(found.body, 200, found.headers);
  });
  app.get('/assets/:name', (c, next) => {
    // Vite names every asset after a hash of its content, so a name never changes meaning: cache it for good.
    const found = serve(`/assets/${c.req.param('name')}`, 'public, max-age=31536000, immutable', true);
    return found === undefined ? next() : c.body(found.body, 200, found.headers);
  });
}
