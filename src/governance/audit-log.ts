import { createHash } from 'node:crypto';
import type { Engine, EngineSession, Row } from '../engine/engine.ts';
import { canonicalJson } from './canonical-json.ts';

/** Outcomes an audit entry records. */
export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
/** An audited outcome. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One entry of the tamper-evident audit log. */
export interface AuditEntry {
  /** Position in the chain: 1, 2, 3 … without gaps. */
  readonly seq: number;
  readonly at: string;
  /** The id recorded for who acted (the SDK's `actor`, else the principal id). */
  readonly actor: string;
  /** The principal whose rights were used. */
  readonly principal: string;
  /** What was done, e.g. `product.query`, `policy.apply`, `grant.approve`, `auth.token`. */
  readonly action: string;
  /** What it was done to: a product id, a policy id, `grant:3`, … (empty when nothing in particular). */
  readonly target: string;
  readonly outcome: AuditOutcome;
  /** Parameters and results; never record contents or secrets. */
  readonly details: Readonly<Record<string, unknown>>;
  /** The hash of the previous entry (64 zeros for the first). */
  readonly prevHash: string;
  /** SHA-256 over the canonical JSON of every other field of this entry. */
  readonly hash: string;
}

/** What a caller appends; the log assigns the position and the hashes. */
export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** Filters for reading the audit log. */
export interface AuditQuery {
  readonly action?: string;
  readonly target?: string;
  readonly principal?: string;
  readonly outcome?: AuditOutcome;
  /** Most entries (default 100). */
  readonly limit?: number;
  /** `desc` (newest first, default) or `asc`. */
  readonly order?: 'asc' | 'desc';
}

/** What `verify` found: the whole chain intact, or the first entry that was altered, moved or removed. */
export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly headHash: string }
  | {
      readonly ok: false;
      readonly entries: number;
      /** The position where the chain first breaks. */
      readonly seq: number;
      readonly problem: 'edited' | 'missing' | 'reordered' | 'broken_link' | 'truncated';
      readonly message: string;
    };

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** Computes an entry's hash from its content and the previous hash. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

function toEntry(r: Row): AuditEntry {
  return {
    seq: Number(r.seq),
    at: String(r.occurred_at),
    actor: String(r.actor),
    principal: String(r.principal),
    action: String(r.action),
    target: String(r.target),
    outcome: String(r.outcome) as AuditOutcome,
    details: JSON.parse(String(r.details)) as Record<string, unknown>,
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

/** Tells whether a session is a whole engine (outside any transaction) rather than one transaction. */
export function isEngine(s: EngineSession): s is Engine {
  return typeof (s as Partial<Engine>).transaction === 'function';
}

const PAGE = 1000;

/**
 * The append-only, hash-chained audit log (`mw_audit_log`): every entry holds the hash of the previous one, and the
 * head (`mw_audit_head`) remembers the last position and hash, so that an edited, moved, deleted or cut-off entry is
 * found by {@link AuditLog.verify}.
 */
export class AuditLog {
  /**
   * Appends an entry. On a whole engine the append runs in its own transaction; inside a transaction it joins it, so
   * the entry lands exactly when the change it records does.
   */
  async append(s: EngineSession, entry: NewAuditEntry): Promise<AuditEntry> {
    if (isEngine(s)) return s.transaction((tx) => this.append(tx, entry));
    const head = (await s.query("SELECT seq, hash FROM mw_audit_head WHERE id = 'head'"))[0];
    const seq = head ? Number(head.seq) + 1 : 1;
    const prevHash = head ? String(head.hash) : GENESIS_HASH;
    // Round-trip through JSON so the hash covers exactly what is stored and read back.
    const details = JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>;
    const unsigned = { ...entry, details, seq, prevHash };
    const hash = hashAuditEntry(unsigned);
    await s.execute(
      `INSERT INTO mw_audit_log (seq, occurred_at, actor, principal, action, target, outcome, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        seq,
        entry.at,
        entry.actor,
        entry.principal,
        entry.action,
        entry.target,
        entry.outcome,
        JSON.stringify(details),
        prevHash,
        hash,
      ],
    );
    // A plain UPDATE, not an upsert: DuckDB's ON CONFLICT costs ~5× more and slows down as one transaction repeats it
    // (BENCHMARKS.md, "Audit"). The first append creates the head row.
    if (head) {
      await s.execute("UPDATE mw_audit_head SET seq = $1, hash = $2 WHERE id = 'head'", [seq, hash]);
    } else {
      await s.execute("INSERT INTO mw_audit_head (id, seq, hash) VALUES ('head', $1, $2)", [seq, hash]);
    }
    return { ...unsigned, hash };
  }

  /** Reads entries, newest first unless asked otherwise. */
  async list(s: EngineSession, q: AuditQuery = {}): Promise<AuditEntry[]> {
    const conds: string[] = [];
    const params: string[] = [];
    const add = (column: string, value: string | undefined): void => {
      if (value === undefined) return;
      params.push(value);
      conds.push(`${column} = $${params.length}`);
    };
    add('action', q.action);
    add('target', q.target);
    add('principal', q.principal);
    add('outcome', q.outcome);
    const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
    const limit = Math.max(0, Math.trunc(q.limit ?? 100));
    const rows = await s.query(
      `SELECT * FROM mw_audit_log${where} ORDER BY seq ${q.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ${limit}`,
      params,
    );
    return rows.map(toEntry);
  }

  /** Walks the whole chain from the first entry and reports the first one that was altered, moved or removed. */
  async verify(s: EngineSession): Promise<AuditVerification> {
    let prev = GENESIS_HASH;
    let expected = 1;
    let count = 0;
    for (;;) {
      const rows = (
        await s.query(`SELECT * FROM mw_audit_log WHERE seq >= $1 ORDER BY seq LIMIT ${PAGE}`, [expected])
      ).map(toEntry);
      for (const e of rows) {
        const broken = await this.#check(s, e, expected, prev, count);
        if (broken) return broken;
        prev = e.hash;
        expected += 1;
        count += 1;
      }
      if (rows.length < PAGE) break;
    }
    const head = (await s.query("SELECT seq, hash FROM mw_audit_head WHERE id = 'head'"))[0];
    const headSeq = head ? Number(head.seq) : 0;
    if (headSeq !== count || (head !== undefined && String(head.hash) !== prev)) {
      return {
        ok: false,
        entries: count,
        seq: count + 1,
        problem: 'truncated',
        message: `the log ends at entry ${count} but its head records ${headSeq} entries: entries ${count + 1} to ${headSeq} were removed`,
      };
    }
    return { ok: true, entries: count, headHash: prev };
  }

  async #check(
    s: EngineSession,
    e: AuditEntry,
    expected: number,
    prev: string,
    count: number,
  ): Promise<AuditVerification | undefined> {
    const fail = (
      problem: 'edited' | 'missing' | 'reordered' | 'broken_link',
      seq: number,
      message: string,
    ) => ({ ok: false, entries: count, seq, problem, message }) as const;
    if (e.seq !== expected) {
      return fail(
        'missing',
        expected,
        `entry ${expected} is missing: the chain jumps from ${expected - 1} to ${e.seq} (an entry was deleted)`,
      );
    }
    const { hash, ...unsigned } = e;
    if (hashAuditEntry(unsigned) !== hash) {
      // An entry whose content hashes correctly under another position was moved there from elsewhere.
      const moved = await this.#originalPosition(s, unsigned, hash);
      if (moved !== undefined) {
        return fail('reordered', e.seq, `entry ${e.seq} was moved: it was written as entry ${moved}`);
      }
      return fail('edited', e.seq, `entry ${e.seq} was edited: its content no longer matches its hash`);
    }
    if (e.prevHash !== prev) {
      return fail(
        'broken_link',
        e.seq,
        `entry ${e.seq} does not follow entry ${e.seq - 1}: its link to the previous hash is broken (entries were replaced or reordered)`,
      );
    }
    return undefined;
  }

  async #originalPosition(
    s: EngineSession,
    unsigned: Omit<AuditEntry, 'hash'>,
    hash: string,
  ): Promise<number | undefined> {
    const head = (await s.query("SELECT seq FROM mw_audit_head WHERE id = 'head'"))[0];
    const last = head ? Number(head.seq) : 0;
    for (let seq = 1; seq <= last; seq++) {
      if (seq !== unsigned.seq && hashAuditEntry({ ...unsigned, seq }) === hash) return seq;
    }
    return undefined;
  }
}
