/** Every kind of change the outbox records, named `<subject>.<past tense>`. */
export const EVENT_TYPES = [
  'product.created',
  'product.published',
  'product.deprecated',
  'product.archived',
  'version.published',
  'ingest.batch_committed',
  'ingest.run_completed',
  'rows.updated',
  'rows.removed',
  'derived.refreshed',
  'lineage.changed',
  'segment.changed',
  'quality.run_finished',
  'sla.breached',
  'sla.recovered',
  'access.requested',
  'access.approved',
  'access.rejected',
  'access.revoked',
  'policy.violation',
  'policy.applied',
  'token.created',
  'token.revoked',
  'principal.added',
  'principal.roles_changed',
  'domain.defined',
] as const;
/** The type of an event. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Payload kinds: most payloads are Meshwork's own, run events of ingests and refreshes are OpenLineage's. */
export const EVENT_PAYLOAD_KINDS = ['meshwork', 'openlineage'] as const;
/** The kind of an event's payload. */
export type EventPayloadKind = (typeof EVENT_PAYLOAD_KINDS)[number];

/** Tells whether a text is a known event type. */
export function isEventType(text: string): text is EventType {
  return (EVENT_TYPES as readonly string[]).includes(text);
}

/** One change, as recorded in the outbox in the same transaction as the change itself. */
export interface MeshEvent {
  /** The position in the outbox: increasing in commit order, without gaps; pass it as `after` to read on. */
  readonly cursor: number;
  /** A UUID naming the event everywhere (also the `webhook-id` of its deliveries). */
  readonly id: string;
  readonly type: EventType;
  /** ISO 8601 time of the change. */
  readonly time: string;
  /** The product changed, when the change is about one. */
  readonly productId: string | null;
  /** The domain of the product (or the domain defined), when there is one. */
  readonly domain: string | null;
  /** The principal that made the change. */
  readonly principal: string;
  /** The id recorded as having acted (the principal, or a display actor). */
  readonly actor: string;
  readonly payloadKind: EventPayloadKind;
  /** What changed: counts, versions, ids, filters as text; never record values, PII or secrets. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** What a writer hands the outbox; the outbox assigns the cursor (and the id unless given). */
export interface NewMeshEvent {
  readonly id?: string;
  readonly type: EventType;
  readonly time: string;
  readonly productId?: string | null;
  readonly domain?: string | null;
  readonly principal: string;
  readonly actor: string;
  readonly payloadKind?: EventPayloadKind;
  readonly payload: Readonly<Record<string, unknown>>;
}
