import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web catalog is built into dist/web/, which `meshwork serve` serves at `/` (src/server/web-catalog.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web/', import.meta.url)),
    emptyOutDir: true,
    // The page's Content-Security-Policy allows no inline script, so no preload polyfill is inlined.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Cytoscape.js alone is about 440 kB minified (140 kB gzipped), in a chunk that only the lineage tab loads.
    chunkSizeWarningLimit: 460,
  },
});
