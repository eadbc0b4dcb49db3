#!/usr/bin/env node
// The `meshwork` command run from the TypeScript sources through tsx, for the tests: they must test src/, never a
// dist/ that may be stale or missing. It mirrors bin/meshwork.js (which runs the compiled dist/) line for line.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// The same V8 flag as bin/meshwork.js; see there why.
setFlagsFromString('--heap-growing-percent=25');
register();
const { main } = await import('../../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
