#!/usr/bin/env node
// The installed `meshwork` command: runs the compiled CLI, bundled for a fast start, in dist/cli-bundle/ (built by
// `npm run build`, which `prepare` runs on `npm ci` and `npm pack`). The tests run the sources instead, through test/support/meshwork-from-source.js.
import { setFlagsFromString } from 'node:v8';

// A streamed ingest turns every batch into garbage at once, and V8 by default lets the heap grow to several times the
// live set before a full collection, so peak RSS rose with the file (1M NDJSON records: 400-470 MB, live heap ~45 MB).
// Growing the heap by at most 25% between collections keeps the peak near the live set (the same ingest: 309-321 MB;
// 100k: 245 MB, 3M: 351 MB, the rest being DuckDB's index of the stored keys) at no CPU cost we could measure. V8 reads
// this flag at each collection, so setting it here works; unlike --max-old-space-size it is no hard limit, so a JSON
// array file (parsed whole) still fits in memory.
setFlagsFromString('--heap-growing-percent=25');
const { main } = await import('../dist/cli-bundle/main.js');
process.exitCode = await main(process.argv.slice(2));
