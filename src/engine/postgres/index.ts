export { postgresDialect } from './postgres-dialect.ts';
export { openPostgresEngine, type PostgresEngineOptions } from './postgres-engine.ts';
export { redactPostgresUrl } from './postgres-url.ts';
