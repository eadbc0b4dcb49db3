export { duckDbDialect } from './duckdb-dialect.ts';
export { type DuckDbEngineOptions, openDuckDbEngine } from './duckdb-engine.ts';
