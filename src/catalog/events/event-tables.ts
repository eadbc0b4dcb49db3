/**
 * Platform tables of events (see src/catalog/events): the outbox, registered webhooks, their delivery log and the
 * dispatchers' leases on them, in portable SQL. `mw_events.seq` is null while an event written by a transaction on a
 * connection of its own (an ingest batch) waits to be given its place; every other event gets it in its own
 * transaction.
 */
export const EVENT_TABLE_STATEMENTS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS mw_events (
     id VARCHAR PRIMARY KEY, seq BIGINT, type VARCHAR NOT NULL, occurred_at VARCHAR NOT NULL, product_id VARCHAR,
     domain VARCHAR, principal VARCHAR NOT NULL, actor VARCHAR NOT NULL, payload_kind VARCHAR NOT NULL,
     payload VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_webhooks (
     id VARCHAR PRIMARY KEY, url VARCHAR NOT NULL, product_id VARCHAR, domain VARCHAR, types VARCHAR NOT NULL,
     secret VARCHAR NOT NULL, created_by VARCHAR NOT NULL, created_at VARCHAR NOT NULL, after_seq BIGINT NOT NULL,
     description VARCHAR)`,
  'CREATE SEQUENCE IF NOT EXISTS mw_webhook_deliveries_seq',
  `CREATE TABLE IF NOT EXISTS mw_webhook_deliveries (
     id BIGINT PRIMARY KEY, webhook_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, event_seq BIGINT NOT NULL,
     attempt BIGINT NOT NULL, manual BOOLEAN NOT NULL, attempted_at VARCHAR NOT NULL, status VARCHAR NOT NULL,
     http_status BIGINT, error VARCHAR, next_attempt_at VARCHAR)`,
  // Which dispatcher delivers a webhook's events now (one at a time across processes), and until when.
  `CREATE TABLE IF NOT EXISTS mw_webhook_leases (
     webhook_id VARCHAR PRIMARY KEY, holder VARCHAR NOT NULL, lease_until VARCHAR NOT NULL)`,
];
