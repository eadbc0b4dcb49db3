/**
 * The platform sequences (see catalog-tables.ts, governance-tables.ts, events/event-tables.ts) and the id column each
 * one fills: a restore starts each sequence past the highest id stored, so new rows never reuse an id.
 */
export const PLATFORM_SEQUENCES: readonly {
  readonly name: string;
  readonly table: string;
  readonly column: string;
}[] = [
  { name: 'mw_access_log_seq', table: 'mw_access_log', column: 'seq' },
  { name: 'mw_quality_runs_seq', table: 'mw_quality_runs', column: 'run_id' },
  { name: 'mw_access_requests_seq', table: 'mw_access_requests', column: 'id' },
  { name: 'mw_grants_seq', table: 'mw_grants', column: 'id' },
  { name: 'mw_notifications_seq', table: 'mw_notifications', column: 'id' },
  { name: 'mw_webhook_deliveries_seq', table: 'mw_webhook_deliveries', column: 'id' },
];
