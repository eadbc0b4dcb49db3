/**
 * Platform tables of governance (see src/governance), in portable SQL: policies as code and their versions, the last
 * result of each policy per product, principals and API tokens (hashes only), access requests and grants,
 * notifications, the hash-chained audit log with its head, and the store's secrets (the masking key; never listed,
 * exported or logged).
 */
export const GOVERNANCE_TABLE_STATEMENTS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS mw_policies (
     id VARCHAR PRIMARY KEY, scope VARCHAR NOT NULL, domain VARCHAR, version BIGINT NOT NULL,
     definition VARCHAR NOT NULL, updated_at VARCHAR NOT NULL, updated_by VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_policy_versions (
     policy_id VARCHAR NOT NULL, version BIGINT NOT NULL, definition VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
     created_by VARCHAR NOT NULL, PRIMARY KEY (policy_id, version))`,
  `CREATE TABLE IF NOT EXISTS mw_policy_results (
     product_id VARCHAR NOT NULL, policy_id VARCHAR NOT NULL, policy_version BIGINT NOT NULL,
     product_version VARCHAR NOT NULL, event VARCHAR NOT NULL, severity VARCHAR NOT NULL, passed BOOLEAN NOT NULL,
     violations VARCHAR NOT NULL, evaluated_at VARCHAR NOT NULL, PRIMARY KEY (product_id, policy_id))`,
  `CREATE TABLE IF NOT EXISTS mw_principals (
     id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, display_name VARCHAR, roles VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL, created_by VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_tokens (
     id VARCHAR PRIMARY KEY, principal_id VARCHAR NOT NULL, name VARCHAR, salt VARCHAR NOT NULL, hash VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL, created_by VARCHAR NOT NULL, expires_at VARCHAR NOT NULL, revoked_at VARCHAR,
     revoked_by VARCHAR, last_used_at VARCHAR)`,
  'CREATE SEQUENCE IF NOT EXISTS mw_access_requests_seq',
  `CREATE TABLE IF NOT EXISTS mw_access_requests (
     id BIGINT PRIMARY KEY, product_id VARCHAR NOT NULL, port VARCHAR NOT NULL, principal_id VARCHAR NOT NULL,
     purpose VARCHAR NOT NULL, pii BOOLEAN NOT NULL, expires_at VARCHAR, status VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL, decided_by VARCHAR, decided_at VARCHAR, comment VARCHAR, grant_id BIGINT)`,
  'CREATE SEQUENCE IF NOT EXISTS mw_grants_seq',
  `CREATE TABLE IF NOT EXISTS mw_grants (
     id BIGINT PRIMARY KEY, request_id BIGINT, product_id VARCHAR NOT NULL, port VARCHAR NOT NULL,
     principal_id VARCHAR NOT NULL, purpose VARCHAR NOT NULL, pii BOOLEAN NOT NULL, major_version BIGINT NOT NULL,
     granted_by VARCHAR NOT NULL, granted_at VARCHAR NOT NULL, expires_at VARCHAR, revoked_at VARCHAR,
     revoked_by VARCHAR, revoke_comment VARCHAR)`,
  'CREATE SEQUENCE IF NOT EXISTS mw_notifications_seq',
  `CREATE TABLE IF NOT EXISTS mw_notifications (
     id BIGINT PRIMARY KEY, recipient VARCHAR NOT NULL, kind VARCHAR NOT NULL, product_id VARCHAR,
     message VARCHAR NOT NULL, details VARCHAR NOT NULL, created_at VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_audit_log (
     seq BIGINT PRIMARY KEY, occurred_at VARCHAR NOT NULL, actor VARCHAR NOT NULL, principal VARCHAR NOT NULL,
     action VARCHAR NOT NULL, target VARCHAR NOT NULL, outcome VARCHAR NOT NULL, details VARCHAR NOT NULL,
     prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)`,
  'CREATE TABLE IF NOT EXISTS mw_audit_head (id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, hash VARCHAR NOT NULL)',
  `CREATE TABLE IF NOT EXISTS mw_secrets (
     name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, created_at VARCHAR NOT NULL)`,
  // Keyed chains (see governance/audit-log.ts): the fingerprint of the key an entry was written with (null: a plain
  // hash), and the head's HMAC over its position and hash. Added to stores created before keys existed.
  'ALTER TABLE mw_audit_log ADD COLUMN IF NOT EXISTS key_id VARCHAR',
  'ALTER TABLE mw_audit_head ADD COLUMN IF NOT EXISTS key_id VARCHAR',
  'ALTER TABLE mw_audit_head ADD COLUMN IF NOT EXISTS mac VARCHAR',
  // The write journal (see catalog/write-journal.ts): one insert-only row per committed ingest batch, written in
  // the batch's own transaction and chained into the access and audit logs right after the commit (or, after a
  // crash, when the store is next opened); and one row per ingest run, to report a run that never finished.
  `CREATE TABLE IF NOT EXISTS mw_write_journal (
     run_id VARCHAR NOT NULL, batch BIGINT NOT NULL, product_id VARCHAR NOT NULL, product_version VARCHAR NOT NULL,
     occurred_at VARCHAR NOT NULL, actor VARCHAR NOT NULL, principal VARCHAR NOT NULL, parameters VARCHAR NOT NULL,
     rows_affected BIGINT NOT NULL,
     chained BOOLEAN NOT NULL, PRIMARY KEY (run_id, batch))`,
  `CREATE TABLE IF NOT EXISTS mw_ingest_runs (
     run_id VARCHAR PRIMARY KEY, product_id VARCHAR NOT NULL, product_version VARCHAR NOT NULL, actor VARCHAR NOT NULL,
     started_at VARCHAR NOT NULL, state VARCHAR NOT NULL, finished_at VARCHAR, batches BIGINT, rows_committed BIGINT)`,
];
