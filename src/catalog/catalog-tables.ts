import type { EngineSession } from '../engine/engine.ts';
import { EVENT_TABLE_STATEMENTS } from './events/event-tables.ts';
import { GOVERNANCE_TABLE_STATEMENTS } from './governance-tables.ts';

/** The catalog layout version this code writes; bumped with a migration when the platform tables change. */
export const CATALOG_VERSION = 1;

/** Platform tables, in portable SQL (DuckDB and PostgreSQL). Times are ISO 8601 text so they sort and port. */
const STATEMENTS: readonly string[] = [
  'CREATE TABLE IF NOT EXISTS mw_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
  `CREATE TABLE IF NOT EXISTS mw_products (
     id VARCHAR PRIMARY KEY, domain VARCHAR NOT NULL, version VARCHAR NOT NULL, status VARCHAR NOT NULL,
     table_name VARCHAR NOT NULL, descriptor VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
     updated_at VARCHAR NOT NULL, last_write_at VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS mw_product_versions (
     product_id VARCHAR NOT NULL, version VARCHAR NOT NULL, descriptor VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL, PRIMARY KEY (product_id, version))`,
  'CREATE SEQUENCE IF NOT EXISTS mw_access_log_seq',
  `CREATE TABLE IF NOT EXISTS mw_access_log (
     seq BIGINT PRIMARY KEY, occurred_at VARCHAR NOT NULL, actor VARCHAR NOT NULL, operation VARCHAR NOT NULL,
     product_id VARCHAR NOT NULL, product_version VARCHAR NOT NULL, parameters VARCHAR NOT NULL,
     rows_affected BIGINT NOT NULL, outcome VARCHAR NOT NULL, message VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS mw_lineage (
     from_id VARCHAR NOT NULL, to_id VARCHAR NOT NULL, description VARCHAR, created_at VARCHAR NOT NULL,
     PRIMARY KEY (from_id, to_id))`,
  `CREATE TABLE IF NOT EXISTS mw_metrics (
     product_id VARCHAR NOT NULL, operation VARCHAR NOT NULL, count BIGINT NOT NULL, last_at VARCHAR NOT NULL,
     PRIMARY KEY (product_id, operation))`,
  `CREATE TABLE IF NOT EXISTS mw_segments (
     product_id VARCHAR NOT NULL, name VARCHAR NOT NULL, expression VARCHAR NOT NULL, description VARCHAR,
     created_by VARCHAR NOT NULL, created_at VARCHAR NOT NULL, PRIMARY KEY (product_id, name))`,
  'CREATE SEQUENCE IF NOT EXISTS mw_quality_runs_seq',
  `CREATE TABLE IF NOT EXISTS mw_quality_runs (
     run_id BIGINT PRIMARY KEY, product_id VARCHAR NOT NULL, product_version VARCHAR NOT NULL,
     checked_at VARCHAR NOT NULL, verdict VARCHAR NOT NULL, total_records BIGINT NOT NULL, completeness DOUBLE PRECISION,
     validity DOUBLE PRECISION, uniqueness DOUBLE PRECISION, derived_level VARCHAR NOT NULL, report VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_sources (
     product_id VARCHAR PRIMARY KEY, connector VARCHAR NOT NULL, config VARCHAR NOT NULL, updated_at VARCHAR NOT NULL,
     last_run_at VARCHAR, last_outcome VARCHAR, last_message VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS mw_domains (
     name VARCHAR PRIMARY KEY, description VARCHAR, owner_team VARCHAR, created_at VARCHAR NOT NULL,
     updated_at VARCHAR NOT NULL)`,
  // The search index (see catalog/search/): one row per product with the columns search filters on and its terms
  // ("term:points" separated by spaces); each process builds its in-memory inverted index from these rows.
  `CREATE TABLE IF NOT EXISTS mw_search_docs (
     product_id VARCHAR PRIMARY KEY, name_key VARCHAR NOT NULL, short_key VARCHAR NOT NULL, domain VARCHAR NOT NULL,
     status VARCHAR NOT NULL, owner_key VARCHAR NOT NULL, quality_level VARCHAR NOT NULL, has_pii BOOLEAN NOT NULL,
     tags VARCHAR NOT NULL, terms VARCHAR NOT NULL)`,
  // The open-standard documents (ODCS, ODPS) each product version was published from, byte for byte.
  `CREATE TABLE IF NOT EXISTS mw_product_documents (
     product_id VARCHAR NOT NULL, version VARCHAR NOT NULL, position INTEGER NOT NULL, role VARCHAR NOT NULL,
     kind VARCHAR NOT NULL, file VARCHAR NOT NULL, text VARCHAR NOT NULL, stored_at VARCHAR NOT NULL,
     PRIMARY KEY (product_id, version, position))`,
  ...GOVERNANCE_TABLE_STATEMENTS,
  ...EVENT_TABLE_STATEMENTS,
];

/** Creates the platform tables if they are missing and records the catalog version. */
export async function ensureCatalogTables(session: EngineSession): Promise<void> {
  for (const sql of STATEMENTS) await session.execute(sql);
  await session.execute(
    "INSERT INTO mw_meta (key, value) VALUES ('catalog_version', $1) ON CONFLICT (key) DO NOTHING",
    [String(CATALOG_VERSION)],
  );
}
