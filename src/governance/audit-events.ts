import { randomUUID } from 'node:crypto';
import { EventOutbox } from '../catalog/events/event-outbox.ts';
import type { EventType, NewMeshEvent } from '../catalog/events/event-types.ts';
import { toOpenLineageRunPayload } from '../catalog/events/openlineage-run-payload.ts';
import type { EngineSession } from '../engine/engine.ts';

/** The fields of an audit entry an event is made from (structurally an audit entry; kept here to avoid a cycle). */
export interface AuditedChange {
  readonly at: string;
  readonly actor: string;
  readonly principal: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
  readonly details: Readonly<Record<string, unknown>>;
}

const outbox = new EventOutbox();

/** Audited product operations that are changes, and the event each one is. */
const PRODUCT_EVENTS: Readonly<Record<string, EventType>> = {
  'product.create': 'product.created',
  'product.deprecate': 'product.deprecated',
  'product.archive': 'product.archived',
  'product.update': 'rows.updated',
  'product.remove': 'rows.removed',
  'product.lineage': 'lineage.changed',
  'product.segment': 'segment.changed',
};

/** Audited governance changes and their events; the details are copied (they never hold secrets or row values). */
const GOVERNANCE_EVENTS: Readonly<Record<string, EventType>> = {
  'access.request': 'access.requested',
  'access.approve': 'access.approved',
  'access.reject': 'access.rejected',
  'grant.revoke': 'access.revoked',
  'token.create': 'token.created',
  'token.revoke': 'token.revoked',
  'principal.add': 'principal.added',
  'principal.roles': 'principal.roles_changed',
  'policy.apply': 'policy.applied',
  'domain.define': 'domain.defined',
};

/** Audited policy actions that are not a decision about an operation. */
const POLICY_BOOKKEEPING = new Set(['policy.apply', 'policy.evaluate', 'policy.compliance', 'policy.test']);

type Params = Readonly<Record<string, unknown>>;

function params(c: AuditedChange): Params {
  const p = c.details.parameters;
  return typeof p === 'object' && p !== null ? (p as Params) : {};
}

function pick(from: Params, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
  return out;
}

/** The event of a product operation, with a payload free of filters (they may quote PII values) and record values. */
function productEvent(c: AuditedChange): Omit<NewMeshEvent, 'time' | 'principal' | 'actor'> | null {
  const operation = c.action.slice('product.'.length);
  const p = params(c);
  const version = c.details.version;
  const rows = c.details.rowsAffected;
  const base = { productId: c.target };
  if (operation === 'publish') {
    // A lifecycle publish moves the status; publishing a spec registers a new version (it counts changes).
    if ('changes' in p)
      return {
        ...base,
        type: 'version.published',
        payload: { version, ...pick(p, ['from', 'to', 'changes', 'newTable']) },
      };
    return { ...base, type: 'product.published', payload: { version, ...pick(p, ['from', 'to']) } };
  }
  if (operation === 'ingest') {
    const runId = typeof p.run === 'string' ? p.run : randomUUID();
    return {
      ...base,
      type: 'ingest.run_completed',
      payloadKind: 'openlineage',
      payload: {
        ...toOpenLineageRunPayload({
          runId,
          kind: 'ingest',
          productId: c.target,
          eventTime: c.at,
          inputs: [],
          rowCount: Number(rows),
        }),
        meshwork: {
          version,
          ...pick(p, ['total', 'accepted', 'rejected', 'skipped', 'updated', 'batches', 'interrupted']),
        },
      },
    };
  }
  if (operation === 'refresh') {
    const inputs = Array.isArray(p.inputs) ? p.inputs.map((i) => String((i as { id?: unknown }).id)) : [];
    return {
      ...base,
      type: 'derived.refreshed',
      payloadKind: 'openlineage',
      payload: {
        ...toOpenLineageRunPayload({
          runId: randomUUID(),
          kind: 'refresh',
          productId: c.target,
          eventTime: c.at,
          inputs,
          rowCount: Number(rows),
        }),
        meshwork: { version, previousRecords: p.previousRecords, records: rows },
      },
    };
  }
  const type = PRODUCT_EVENTS[`product.${operation}`];
  if (type === undefined) return null;
  const payload: Record<string, unknown> = { version };
  if (type === 'rows.updated') Object.assign(payload, { rowsAffected: rows, ...pick(p, ['fields']) });
  else if (type === 'rows.removed') payload.rowsAffected = rows;
  else if (type === 'segment.changed') Object.assign(payload, pick(p, ['action', 'segment']));
  else if (type === 'product.created') Object.assign(payload, pick(p, ['replacedDraft', 'upstream']));
  else Object.assign(payload, pick(p, ['from', 'to', 'sunset', 'reason', 'added']));
  return { ...base, type, payload };
}

/** Tells which event an audited change is, if any: only committed changes are events, and policy refusals. */
export function eventOfAudit(c: AuditedChange): Omit<NewMeshEvent, 'time' | 'principal' | 'actor'> | null {
  if (c.action.startsWith('policy.') && !POLICY_BOOKKEEPING.has(c.action)) {
    // A refused operation (the change itself was rolled back): `policy.<operation>` audited as denied.
    if (c.outcome !== 'denied') return null;
    return {
      type: 'policy.violation',
      productId: c.target,
      payload: { operation: c.action.slice('policy.'.length), blocking: true, message: c.details.message },
    };
  }
  if (c.action.startsWith('product.') && c.outcome === 'denied' && params(c).code === 'policy_denied') {
    // A product operation refused by a blocking policy (its change rolled back; the refusal is its own entry).
    return {
      type: 'policy.violation',
      productId: c.target,
      payload: { operation: c.action.slice('product.'.length), blocking: true, message: c.details.message },
    };
  }
  if (c.outcome !== 'ok') return null;
  if (c.action === 'policy.evaluate') {
    const warnings = Number(c.details.warnings ?? 0);
    const blocking = Number(c.details.blocking ?? 0);
    // Blocking violations refuse the operation and are recorded by its denial; warnings let it through.
    if (warnings === 0 || blocking > 0) return null;
    return {
      type: 'policy.violation',
      productId: c.target,
      payload: { operation: c.details.event, blocking: false, warnings },
    };
  }
  if (c.action.startsWith('product.')) return productEvent(c);
  const type = GOVERNANCE_EVENTS[c.action];
  if (type === undefined) return null;
  if (type === 'domain.defined')
    return { type, domain: c.target, payload: { ...c.details, domain: c.target } };
  const onProduct = type.startsWith('access.');
  return {
    type,
    ...(onProduct ? { productId: c.target } : {}),
    payload: { ...(onProduct ? {} : { target: c.target }), ...c.details },
  };
}

/**
 * Writes the event of an audited change into the outbox, in the transaction of the audit entry (and so of the change);
 * changes that are not events (reads, denials other than policy refusals, bookkeeping) write nothing.
 */
export async function recordAuditEvent(s: EngineSession, c: AuditedChange): Promise<void> {
  const event = eventOfAudit(c);
  if (event === null) return;
  let domain = event.domain ?? null;
  if (domain === null && event.productId) {
    const [r] = await s.query('SELECT domain FROM mw_products WHERE id = $1', [event.productId]);
    domain = r === undefined ? null : String(r.domain);
  }
  await outbox.append(s, { ...event, domain, time: c.at, principal: c.principal, actor: c.actor });
}
