#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the command always matches the code.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// A streamed ingest turns every batch into garbage at once, and V8 by default lets the heap grow to several times the
// live set before a full collection, so peak RSS rose with the file (1M NDJSON records: 400-470 MB, live heap ~45 MB).
// Growing the heap by at most 25% between collections keeps the peak near the live set (the same ingest: 309-321 MB;
// 100k: 245 MB, 3M: 351 MB, the rest being DuckDB's index of the stored keys) at no CPU cost we could measure. V8 reads
// this flag at each collection, so setting it here works; unlike --max-old-space-size it is no hard limit, so a JSON
// array file (parsed whole) still fits in memory.
setFlagsFromString('--heap-growing-percent=25');
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
