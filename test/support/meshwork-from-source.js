#!/usr/bin/env node
// The `meshwork` command run from the TypeScript sources, for the tests: they must test src/, never a dist/ that may
// be stale or missing. It mirrors bin/meshwork.js. In a test run it loads the CLI that the run's globalSetup bundled
// from src/ at its start (template-setup.ts, $MESHWORK_TEST_CLI_BUNDLE), as the installed command loads its bundle;
// run by hand, without that variable, it compiles src/ through tsx.
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';

// The same V8 flag as bin/meshwork.js; see there why.
setFlagsFromString('--heap-growing-percent=25');
const bundle = process.env.MESHWORK_TEST_CLI_BUNDLE;
let main;
if (bundle) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
