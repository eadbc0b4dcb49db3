import { createRequire } from 'node:module';
import type * as DuckDBApi from '@duckdb/node-api';

/**
 * DuckDB's Node API, loaded with `require`. The package is CommonJS: importing it from an ES module makes Node scan
 * its sources for named exports (every file it re-exports, at each start: about 50 ms of a CLI command), which
 * `require` does not.
 */
export const duckdbApi: typeof DuckDBApi = createRequire(import.meta.url)('@duckdb/node-api');
