import { randomUUID } from 'node:crypto';
import { MeshError } from '../../core/errors.ts';
import type { Scalar } from '../../core/schema.ts';
import type { EngineSession, Row } from '../../engine/engine.ts';
import { type EventScope, OWNER_ONLY_TYPE_PREFIXES } from './event-scope.ts';
import {
  type EventPayloadKind,
  type EventType,
  isEventType,
  type MeshEvent,
  type NewMeshEvent,
} from './event-types.ts';

/** Most events one read returns. */
export const MAX_EVENT_PAGE = 1000;

/** What to read from the outbox. */
export interface EventQuery {
  /** Only events after this cursor (default 0: from the start). */
  readonly after?: number;
  /** Only events of these types. */
  readonly types?: readonly EventType[];
  /** Only events of this product. */
  readonly product?: string;
  /** Only events of this domain. */
  readonly domain?: string;
  /** At most this many events (1 to {@link MAX_EVENT_PAGE}, default 100). */
  readonly limit?: number;
}

const COLUMNS = 'id, seq, type, occurred_at, product_id, domain, principal, actor, payload_kind, payload';

function toEvent(r: Row): MeshEvent {
  const type = String(r.type);
  if (!isEventType(type)) throw new Error(`the outbox holds an event of unknown type ${type}`);
  return {
    cursor: Number(r.seq),
    id: String(r.id),
    type,
    time: String(r.occurred_at),
    productId: r.product_id === null ? null : String(r.product_id),
    domain: r.domain === null ? null : String(r.domain),
    principal: String(r.principal),
    actor: String(r.actor),
    payloadKind: String(r.payload_kind) as EventPayloadKind,
    payload: JSON.parse(String(r.payload)) as Record<string, unknown>,
  };
}

/**
 * Checks the options of an outbox read.
 * @throws MeshError `invalid_input` naming the option and the accepted values.
 */
export function assertEventQuery(q: EventQuery): void {
  if (q.after !== undefined && !(Number.isSafeInteger(q.after) && q.after >= 0))
    throw new MeshError(
      'invalid_input',
      `events: after must be a cursor (a whole number ≥ 0), got ${q.after}`,
    );
  if (q.limit !== undefined && !(Number.isSafeInteger(q.limit) && q.limit >= 1 && q.limit <= MAX_EVENT_PAGE))
    throw new MeshError(
      'invalid_input',
      `events: limit must be a whole number from 1 to ${MAX_EVENT_PAGE}, got ${q.limit}`,
    );
  for (const t of q.types ?? [])
    if (!isEventType(t))
      throw new MeshError(
        'invalid_input',
        `events: type "${String(t)}" is not an event type; see docs/events.md`,
      );
}

/** Builds a WHERE clause with numbered parameters; the clauses are constants, only values are bound. */
class Where {
  readonly clauses: string[] = [];
  readonly params: Scalar[] = [];
  bind(value: Scalar): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  list(values: readonly string[]): string {
    return values.map((v) => this.bind(v)).join(', ');
  }
}

function scopeClause(w: Where, scope: EventScope): void {
  if (scope.kind === 'all') return;
  const parts = [`principal = ${w.bind(scope.principal)}`];
  if (scope.domains.length > 0) parts.push(`domain IN (${w.list(scope.domains)})`);
  if (scope.products.length > 0) {
    const notOwnerOnly = OWNER_ONLY_TYPE_PREFIXES.map((p) => `type NOT LIKE ${w.bind(`${p}%`)}`).join(
      ' AND ',
    );
    parts.push(`(product_id IN (${w.list(scope.products)}) AND ${notOwnerOnly})`);
  }
  w.clauses.push(`(${parts.join(' OR ')})`);
}

/**
 * The outbox (`mw_events`): every change appends its event in the change's own transaction, so an event exists
 * exactly when its change was committed. Cursors are given in commit order without gaps: transactions that run one at
 * a time take the next one at once; a transaction on a connection of its own (an ingest batch, which commits while
 * the next batch is prepared) writes its event without one, and it gets its place by {@link EventOutbox.sequencePending}
 * right after the commit — so a reader that went past cursor n never misses an event that gets a cursor ≤ n later.
 */
export class EventOutbox {
  /**
   * Appends an event and gives it the next cursor; call it inside the transaction making the change, on a session
   * whose transactions run one at a time (`engine.transaction`).
   */
  async append(s: EngineSession, event: NewMeshEvent): Promise<MeshEvent> {
    await this.sequencePending(s);
    const next = await this.#nextSeq(s);
    return this.#insert(s, event, next);
  }

  /** Appends an event without a cursor yet; for transactions on a connection of their own (`engine.begin`). */
  async appendPending(s: EngineSession, event: NewMeshEvent): Promise<void> {
    await this.#insert(s, event, null);
  }

  /** Gives the committed events still without a cursor their places, oldest first; returns how many. */
  async sequencePending(s: EngineSession): Promise<number> {
    const pending = await s.query('SELECT id FROM mw_events WHERE seq IS NULL ORDER BY occurred_at, id');
    if (pending.length === 0) return 0;
    let next = await this.#nextSeq(s);
    for (const r of pending) {
      await s.execute('UPDATE mw_events SET seq = $1 WHERE id = $2', [next, String(r.id)]);
      next += 1;
    }
    return pending.length;
  }

  /** Reads events after a cursor in cursor order, within a reader's scope. */
  async read(s: EngineSession, q: EventQuery, scope: EventScope): Promise<MeshEvent[]> {
    assertEventQuery(q);
    const w = new Where();
    w.clauses.push('seq IS NOT NULL', `seq > ${w.bind(q.after ?? 0)}`);
    if (q.types !== undefined && q.types.length > 0) w.clauses.push(`type IN (${w.list(q.types)})`);
    if (q.product !== undefined) w.clauses.push(`product_id = ${w.bind(q.product)}`);
    if (q.domain !== undefined) w.clauses.push(`domain = ${w.bind(q.domain)}`);
    scopeClause(w, scope);
    const limit = q.limit ?? 100;
    const rows = await s.query(
      `SELECT ${COLUMNS} FROM mw_events WHERE ${w.clauses.join(' AND ')} ORDER BY seq LIMIT ${limit}`,
      w.params,
    );
    return rows.map(toEvent);
  }

  /** Finds one event by id (with or without a cursor yet). */
  async find(s: EngineSession, id: string): Promise<MeshEvent | undefined> {
    const [r] = await s.query(`SELECT ${COLUMNS} FROM mw_events WHERE id = $1 AND seq IS NOT NULL`, [id]);
    return r === undefined ? undefined : toEvent(r);
  }

  /** The cursor of the newest event (0 when there is none). */
  async head(s: EngineSession): Promise<number> {
    return (await this.#nextSeq(s)) - 1;
  }

  async #nextSeq(s: EngineSession): Promise<number> {
    const [r] = await s.query('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM mw_events');
    return Number(r?.next ?? 1);
  }

  async #insert(s: EngineSession, e: NewMeshEvent, seq: number | null): Promise<MeshEvent> {
    const event: MeshEvent = {
      cursor: seq ?? 0,
      id: e.id ?? randomUUID(),
      type: e.type,
      time: e.time,
      productId: e.productId ?? null,
      domain: e.domain ?? null,
      principal: e.principal,
      actor: e.actor,
      payloadKind: e.payloadKind ?? 'meshwork',
      // Round-trip through JSON so what is returned is what is stored.
      payload: JSON.parse(JSON.stringify(e.payload)) as Record<string, unknown>,
    };
    await s.execute(`INSERT INTO mw_events (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      event.id,
      seq,
      event.type,
      event.time,
      event.productId,
      event.domain,
      event.principal,
      event.actor,
      event.payloadKind,
      JSON.stringify(event.payload),
    ]);
    return event;
  }
}
