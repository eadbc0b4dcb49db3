import type { Scalar } from '../core/schema.ts';
import type { EngineSession, Row } from '../engine/engine.ts';

/** Operations the access log records. */
export const OPERATIONS = [
  'create',
  'ingest',
  'query',
  'update',
  'remove',
  'publish',
  'deprecate',
  'archive',
  'lineage',
  'export',
  'refresh',
  'segment',
  'ingest_batch',
] as const;
/** An operation on a product. */
export type Operation = (typeof OPERATIONS)[number];

/**
 * Operations that are not accesses of their own and leave the usage counters alone: `ingest_batch` entries are the
 * per-batch trail of one `ingest`, which is counted once.
 */
const UNCOUNTED: ReadonlySet<Operation> = new Set(['ingest_batch']);

/** Operations counted as reads of a product's data in its usage over time. */
export const READ_OPERATIONS: readonly Operation[] = ['query', 'export'];
/** Operations counted as writes of a product's data in its usage over time. */
export const WRITE_OPERATIONS: readonly Operation[] = ['ingest', 'update', 'remove', 'refresh'];

/** Successful reads and writes of one product on one UTC day. */
export interface UsageDay {
  /** The UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly reads: number;
  readonly writes: number;
}

/** One access log entry. */
export interface AccessLogEntry {
  /** Position in the log, increasing. */
  readonly seq: number;
  /** ISO 8601 time of the operation. */
  readonly at: string;
  /** The principal that did it (`anonymous` when none was given). */
  readonly actor: string;
  readonly operation: Operation;
  readonly productId: string;
  readonly productVersion: string;
  /** The operation's parameters (filters, options, counts); never record contents. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly rowsAffected: number;
  /** `ok`, or `denied`/`failed` for refused operations. */
  readonly outcome: 'ok' | 'denied' | 'failed';
  readonly message: string | null;
}

/** What a caller writes; the log assigns `seq`. */
export type NewAccessLogEntry = Omit<AccessLogEntry, 'seq'>;

/** Filters and paging for reading the access log. */
export interface AccessLogQuery {
  readonly productId?: string;
  readonly operation?: Operation;
  readonly actor?: string;
  /** Only entries at or after this ISO time. */
  readonly since?: string;
  /** Only entries before this ISO time. */
  readonly until?: string;
  /** Most entries to return (default 100). */
  readonly limit?: number;
  readonly offset?: number;
  /** `desc` (newest first, the default) or `asc`. */
  readonly order?: 'asc' | 'desc';
}

function toEntry(r: Row): AccessLogEntry {
  return {
    seq: Number(r.seq),
    at: String(r.occurred_at),
    actor: String(r.actor),
    operation: String(r.operation) as Operation,
    productId: String(r.product_id),
    productVersion: String(r.product_version),
    parameters: JSON.parse(String(r.parameters)) as Record<string, unknown>,
    rowsAffected: Number(r.rows_affected),
    outcome: String(r.outcome) as AccessLogEntry['outcome'],
    message: r.message === null ? null : String(r.message),
  };
}

/**
 * Adds `n` to a product's counter for an operation. A plain UPDATE, inserting the row when there is none: DuckDB's
 * `INSERT … ON CONFLICT DO UPDATE` costs several times more (BENCHMARKS.md, "Audit").
 */
async function bumpCounter(
  s: EngineSession,
  productId: string,
  operation: Operation,
  n: number,
  at: string,
): Promise<void> {
  const changed = await s.execute(
    `UPDATE mw_metrics SET count = count + $3, last_at = greatest(last_at, $4)
     WHERE product_id = $1 AND operation = $2`,
    [productId, operation, n, at],
  );
  if (changed === 0) {
    await s.execute(
      'INSERT INTO mw_metrics (product_id, operation, count, last_at) VALUES ($1, $2, $3, $4)',
      [productId, operation, n, at],
    );
  }
}

/** Appends to and reads the access log; also keeps per-operation usage counters. */
export class AccessLog {
  /** Writes one entry and bumps the product's counter for that operation. */
  async record(s: EngineSession, entry: NewAccessLogEntry): Promise<void> {
    await s.execute(
      `INSERT INTO mw_access_log (seq, occurred_at, actor, operation, product_id, product_version, parameters, rows_affected, outcome, message)
       VALUES (nextval('mw_access_log_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.at,
        entry.actor,
        entry.operation,
        entry.productId,
        entry.productVersion,
        JSON.stringify(entry.parameters),
        entry.rowsAffected,
        entry.outcome,
        entry.message,
      ],
    );
    if (UNCOUNTED.has(entry.operation)) return;
    await bumpCounter(s, entry.productId, entry.operation, 1, entry.at);
  }

  /**
   * Records a successful read (a `query` or `export` access): here at once, like {@link AccessLog.record}; the
   * governed access log queues it for a group commit instead.
   */
  recordRead(s: EngineSession, entry: NewAccessLogEntry): Promise<void> {
    return this.record(s, entry);
  }

  /**
   * Writes several entries in order (one multi-row INSERT) and bumps each product's counters once per operation by
   * the number of entries: the group commit of read entries.
   */
  async recordAll(s: EngineSession, entries: readonly NewAccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params: Scalar[] = [];
    const values = entries.map((entry) => {
      const at = params.length;
      params.push(
        entry.at,
        entry.actor,
        entry.operation,
        entry.productId,
        entry.productVersion,
        JSON.stringify(entry.parameters),
        entry.rowsAffected,
        entry.outcome,
        entry.message,
      );
      const slots = Array.from({ length: 9 }, (_, i) => `$${at + i + 1}`).join(', ');
      return `(nextval('mw_access_log_seq'), ${slots})`;
    });
    await s.execute(
      `INSERT INTO mw_access_log (seq, occurred_at, actor, operation, product_id, product_version, parameters, rows_affected, outcome, message)
       VALUES ${values.join(', ')}`,
      params,
    );
    const counters = new Map<string, { productId: string; operation: Operation; n: number; last: string }>();
    for (const entry of entries) {
      if (UNCOUNTED.has(entry.operation)) continue;
      const key = `${entry.productId}\u0000${entry.operation}`;
      const c = counters.get(key);
      if (c === undefined)
        counters.set(key, { productId: entry.productId, operation: entry.operation, n: 1, last: entry.at });
      else {
        c.n += 1;
        if (entry.at > c.last) c.last = entry.at;
      }
    }
    for (const c of counters.values()) await bumpCounter(s, c.productId, c.operation, c.n, c.last);
  }

  /** Reads entries matching the query, newest first unless asked otherwise. */
  async list(s: EngineSession, q: AccessLogQuery = {}): Promise<AccessLogEntry[]> {
    const conds: string[] = [];
    const params: (string | number)[] = [];
    const add = (sql: string, value: string) => {
      params.push(value);
      conds.push(`${sql} $${params.length}`);
    };
    if (q.productId !== undefined) add('product_id =', q.productId);
    if (q.operation !== undefined) add('operation =', q.operation);
    if (q.actor !== undefined) add('actor =', q.actor);
    if (q.since !== undefined) add('occurred_at >=', q.since);
    if (q.until !== undefined) add('occurred_at <', q.until);
    const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
    const limit = Math.max(0, Math.trunc(q.limit ?? 100));
    const offset = Math.max(0, Math.trunc(q.offset ?? 0));
    const rows = await s.query(
      `SELECT * FROM mw_access_log${where} ORDER BY seq ${q.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return rows.map(toEntry);
  }

  /** Who read each of the given products (`query` and `export` entries), most reads first. */
  async readers(
    s: EngineSession,
    productIds: readonly string[],
  ): Promise<Map<string, { actor: string; reads: number; lastReadAt: string }[]>> {
    const out = new Map<string, { actor: string; reads: number; lastReadAt: string }[]>();
    if (productIds.length === 0) return out;
    const list = productIds.map((_, i) => `$${i + 1}`).join(', ');
    const rows = await s.query(
      `SELECT product_id, actor, COUNT(*) AS reads, MAX(occurred_at) AS last_at FROM mw_access_log
       WHERE operation IN ('query', 'export') AND outcome = 'ok' AND product_id IN (${list})
       GROUP BY product_id, actor ORDER BY product_id, reads DESC, actor`,
      productIds,
    );
    for (const r of rows) {
      const id = String(r.product_id);
      const list = out.get(id) ?? [];
      list.push({ actor: String(r.actor), reads: Number(r.reads), lastReadAt: String(r.last_at) });
      out.set(id, list);
    }
    return out;
  }

  /**
   * Successful reads and writes of a product per UTC day from `since` (an ISO time) on, oldest first; days without
   * any are left out. Counted from the access log's entries: refused and failed operations do not count, nor do writes
   * that changed no row (an ingest whose every record was rejected).
   */
  async byDay(s: EngineSession, productId: string, since: string): Promise<UsageDay[]> {
    const reads = READ_OPERATIONS.map((o) => `'${o}'`).join(', ');
    const writes = WRITE_OPERATIONS.map((o) => `'${o}'`).join(', ');
    const rows = await s.query(
      `SELECT substr(occurred_at, 1, 10) AS day,
         SUM(CASE WHEN operation IN (${reads}) THEN 1 ELSE 0 END) AS reads,
         SUM(CASE WHEN operation IN (${writes}) AND rows_affected > 0 THEN 1 ELSE 0 END) AS writes
       FROM mw_access_log
       WHERE product_id = $1 AND outcome = 'ok' AND occurred_at >= $2 AND operation IN (${reads}, ${writes})
       GROUP BY day ORDER BY day`,
      [productId, since],
    );
    return rows.map((r) => ({ day: String(r.day), reads: Number(r.reads), writes: Number(r.writes) }));
  }

  /** Counts of operations on a product, by operation. */
  async counts(s: EngineSession, productId: string): Promise<Record<string, number>> {
    const rows = await s.query(
      'SELECT operation, count FROM mw_metrics WHERE product_id = $1 ORDER BY operation',
      [productId],
    );
    const out: Record<string, number> = {};
    for (const r of rows) out[String(r.operation)] = Number(r.count);
    return out;
  }
}
