import { createHash } from 'node:crypto';
import { MeshError } from '../core/errors.ts';
import type { Scalar } from '../core/schema.ts';
import type { Engine, EngineSession, Row } from '../engine/engine.ts';
import { recordAuditEvent } from './audit-events.ts';
import type { AuditKey } from './audit-key.ts';
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
  /**
   * The fingerprint of the key the entry was written with (see {@link AuditKey.fingerprint}), or null for an entry
   * written without a key, whose hash is a plain SHA-256.
   */
  readonly keyId: string | null;
  /** HMAC-SHA256 under the audit key (keyed entries) or SHA-256 (unkeyed ones) over every other field. */
  readonly hash: string;
}

/** What a caller appends; the log assigns the position, the key fingerprint and the hashes. */
export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash' | 'keyId'>;

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

/** A position and hash of the chain kept outside the store (`meshwork audit head`), to verify the chain against later. */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
}

/** The chain's last entry, as recorded by the head record. */
export interface AuditHead extends AuditAnchor {
  /** The fingerprint of the key the chain is written with, or null for an unkeyed chain. */
  readonly keyId: string | null;
  /** The anchor as text, `<seq>:<hash>`, for `verify --expect-head`. */
  readonly anchor: string;
}

/** Ways a chain can fail verification. */
export const AUDIT_PROBLEMS = [
  'edited',
  'missing',
  'reordered',
  'broken_link',
  'truncated',
  'wiped',
  'other_key',
  'unkeyed_entry',
  'not_keyed',
  'head_forged',
  'anchor_mismatch',
] as const;
/** Why a chain failed verification. */
export type AuditProblem = (typeof AUDIT_PROBLEMS)[number];

/** How far a verification could check the hashes themselves. */
export type AuditProtection =
  /** Every entry from `keyedFrom` on carries an HMAC under the given key, and the head record is keyed. */
  | 'keyed'
  /** No key was given: links and plain hashes were checked, keyed hashes could not be. */
  | 'unkeyed';

interface VerificationBase {
  /** Entries checked before the verdict. */
  readonly entries: number;
  readonly protection: AuditProtection;
  /** The fingerprint of the key given to verify, or null without one. */
  readonly keyId: string | null;
  /** The first keyed entry, or null when the chain has none. */
  readonly keyedFrom: number | null;
  /** The anchor that was checked, when one was given. */
  readonly anchor: AuditAnchor | null;
  /** What this verification does not prove, in words (empty when nothing needs saying). */
  readonly notes: readonly string[];
}

/** What `verify` found: the whole chain intact, or the first entry that was altered, moved or removed. */
export type AuditVerification =
  | (VerificationBase & { readonly ok: true; readonly headSeq: number; readonly headHash: string })
  | (VerificationBase & {
      readonly ok: false;
      /** The position where the chain first breaks. */
      readonly seq: number;
      readonly problem: AuditProblem;
      readonly message: string;
    });

/** Options for {@link AuditLog.verify}. */
export interface AuditVerifyOptions {
  /** An anchor kept from `head()` earlier: the chain must still hold that entry, at that position, with that hash. */
  readonly expectHead?: AuditAnchor;
}

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The action of the entry written when a store is created, so that a wiped log is told from an unused one. */
export const GENESIS_ACTION = 'audit.genesis';
/** The action of the entry written when a key is first used on a chain that was unkeyed so far. */
export const KEY_ACTION = 'audit.key';

const UNKEYED_NOTE =
  'verified without a key: plain SHA-256 hashes only detect accidental damage, not a rewrite by someone who can write the store file (anyone can recompute them); keep `meshwork audit head` outside the store and verify with --expect-head, or write the log with MESHWORK_AUDIT_KEY';

function hashedContent(entry: Omit<AuditEntry, 'hash'>): Record<string, unknown> {
  // Unkeyed entries hash exactly the fields they always did, so chains written before keys existed still verify.
  const { keyId, ...rest } = entry;
  return keyId === null ? rest : { ...rest, keyId };
}

/** Computes the plain SHA-256 an unkeyed entry carries (any `keyId` is ignored: the entry is hashed as unkeyed). */
export function hashAuditEntry(
  entry: Omit<AuditEntry, 'hash' | 'keyId'> & { readonly keyId?: string | null },
): string {
  return createHash('sha256')
    .update(canonicalJson(hashedContent({ ...entry, keyId: null })))
    .digest('hex');
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
    keyId: r.key_id === null || r.key_id === undefined ? null : String(r.key_id),
    hash: String(r.hash),
  };
}

interface HeadRow {
  readonly seq: number;
  readonly hash: string;
  readonly keyId: string | null;
  readonly mac: string | null;
}

async function readHead(s: EngineSession): Promise<HeadRow | undefined> {
  const r = (await s.query("SELECT seq, hash, key_id, mac FROM mw_audit_head WHERE id = 'head'"))[0];
  if (!r) return undefined;
  return {
    seq: Number(r.seq),
    hash: String(r.hash),
    keyId: r.key_id === null ? null : String(r.key_id),
    mac: r.mac === null ? null : String(r.mac),
  };
}

/** Tells whether a session is a whole engine (outside any transaction) rather than one transaction. */
export function isEngine(s: EngineSession): s is Engine {
  return typeof (s as Partial<Engine>).transaction === 'function';
}

/**
 * Reads an anchor written as `<seq>:<hash>` (what `meshwork audit head` prints).
 * @throws MeshError `invalid_input` naming the expected form.
 */
export function parseAuditAnchor(text: string): AuditAnchor {
  const m = /^\s*(\d+):([0-9a-f]{64})\s*$/.exec(text);
  if (!m || Number(m[1]) < 1 || !Number.isSafeInteger(Number(m[1]))) {
    throw new MeshError(
      'invalid_input',
      `audit anchor "${text.slice(0, 80)}" is not <seq>:<hash> (a positive entry number, a colon and 64 lowercase hex digits), as printed by meshwork audit head`,
    );
  }
  return { seq: Number(m[1]), hash: m[2] as string };
}

const PAGE = 1000;

/** The audit table's columns as an INSERT writes them. */
const INSERT_AUDIT =
  'INSERT INTO mw_audit_log (seq, occurred_at, actor, principal, action, target, outcome, details, prev_hash, hash, key_id)';
const AUDIT_COLUMNS = 11;
/** Most entries one INSERT of a group commit writes. */
const INSERT_ROWS = 200;

/**
 * The append-only, hash-chained audit log (`mw_audit_log`). Every entry holds the hash of the previous one; with an
 * {@link AuditKey} the hashes are HMACs that nobody without the key can recompute, and the head record
 * (`mw_audit_head`: last position, hash, key fingerprint and an HMAC over them) cannot be reset to a shorter chain.
 * {@link AuditLog.verify} finds an edited, moved, inserted, deleted or cut-off entry, a wiped log, and (against an
 * anchor kept elsewhere) a history rewritten up to the anchor.
 */
export class AuditLog {
  readonly #key: AuditKey | undefined;

  /** A log that writes keyed entries when given a key, plain SHA-256 ones otherwise. */
  constructor(key?: AuditKey) {
    this.#key = key;
  }

  /** The fingerprint of this log's key, or null without one. */
  get keyId(): string | null {
    return this.#key?.fingerprint ?? null;
  }

  #hash(entry: Omit<AuditEntry, 'hash'>): string {
    if (entry.keyId === null) return hashAuditEntry({ ...entry, keyId: null });
    if (!this.#key) throw new Error('a keyed entry needs the key');
    return this.#key.mac(canonicalJson(hashedContent(entry)));
  }

  #headMac(seq: number, hash: string): string | null {
    return this.#key ? this.#key.mac(`meshwork audit head v1|${seq}|${hash}`) : null;
  }

  /**
   * Appends an entry. On a whole engine the append runs in its own transaction; inside a transaction it joins it, so
   * the entry lands exactly when the change it records does.
   * @throws MeshError `conflict` when the log is empty (wiped: only {@link AuditLog.start} begins a chain), when the
   * chain is keyed and this log has no key or another one, or when this log has a key and the chain is not keyed yet.
   */
  async append(s: EngineSession, entry: NewAuditEntry): Promise<AuditEntry> {
    if (isEngine(s)) return s.transaction((tx) => this.append(tx, entry));
    const head = await this.#writableHead(s);
    return this.#write(s, head, entry);
  }

  /**
   * Checks that this log could append now, without appending: for writes whose entries come after their commit
   * (ingest batches), so that a missing or wrong key refuses the write before any row is stored.
   * @throws MeshError `conflict` as {@link AuditLog.append} does.
   */
  async assertWritable(s: EngineSession): Promise<void> {
    await this.#writableHead(s);
  }

  async #writableHead(s: EngineSession): Promise<HeadRow> {
    const head = await readHead(s);
    if (!head) {
      // Starting a new chain here would hide a wiped log behind a fresh one.
      throw new MeshError(
        'conflict',
        'cannot append to the audit log: it is empty, but every store starts its log with a genesis entry when it is created, so the log was wiped; run meshwork audit verify, and restore the store from a backup',
      );
    }
    this.#assertKeyFits(head);
    if (this.#key && head.keyId === null) {
      // Keying an unkeyed chain silently would also bless one rewritten without the key: it is a deliberate act.
      throw new MeshError(
        'conflict',
        `cannot append keyed entries to the audit log: it is not keyed yet (entries 1 to ${head.seq} have plain hashes); verify it without the key, then start keying it once with meshwork audit enroll-key (governance.enrollAuditKey()), or open the store without the key`,
      );
    }
    return head;
  }

  /**
   * Begins a chain on an empty log with its first entry (the store's genesis entry).
   * @throws MeshError `conflict` when the log is not empty.
   */
  async start(s: EngineSession, entry: NewAuditEntry): Promise<AuditEntry> {
    if (isEngine(s)) return s.transaction((tx) => this.start(tx, entry));
    const head = await readHead(s);
    const any = await s.query('SELECT seq FROM mw_audit_log LIMIT 1');
    if (head || any.length > 0) {
      throw new MeshError('conflict', 'cannot start the audit chain: the log already holds entries');
    }
    return this.#write(s, undefined, entry);
  }

  /**
   * Appends several entries in order inside the caller's transaction, reading and moving the head record once: the
   * group commit of read entries (see ReadTrail). The chain stays linear: each entry holds the hash of the one before.
   * @throws MeshError `conflict` as {@link AuditLog.append} does.
   */
  async appendAll(s: EngineSession, entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    if (isEngine(s)) return s.transaction((tx) => this.appendAll(tx, entries));
    if (entries.length === 0) return [];
    const head = await this.#writableHead(s);
    const written: AuditEntry[] = [];
    let last: { seq: number; hash: string } = head;
    for (const entry of entries) {
      const sealed = this.#seal(last, entry);
      written.push(sealed);
      last = sealed;
    }
    // The rows in multi-row INSERTs (a few hundred per statement), then each entry's event, in order.
    for (let from = 0; from < written.length; from += INSERT_ROWS) {
      const rows = written.slice(from, from + INSERT_ROWS);
      const params = rows.flatMap((e) => this.#rowParams(e));
      const values = rows.map(
        (_, r) =>
          `(${Array.from({ length: AUDIT_COLUMNS }, (_, c) => `$${r * AUDIT_COLUMNS + c + 1}`).join(', ')})`,
      );
      await s.execute(`${INSERT_AUDIT} VALUES ${values.join(', ')}`, params);
    }
    for (const entry of entries) await recordAuditEvent(s, entry);
    await this.#moveHead(s, head, last.seq, last.hash);
    return written;
  }

  /** The entry that follows `prev` (none: the first entry), with its position, link and hash; nothing is written. */
  #seal(prev: { readonly seq: number; readonly hash: string } | undefined, entry: NewAuditEntry): AuditEntry {
    const seq = prev ? prev.seq + 1 : 1;
    const prevHash = prev ? prev.hash : GENESIS_HASH;
    // Round-trip through JSON so the hash covers exactly what is stored and read back.
    const details = JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>;
    const unsigned = { ...entry, details, seq, prevHash, keyId: this.keyId };
    return { ...unsigned, hash: this.#hash(unsigned) };
  }

  /** The INSERT parameters of a sealed entry, in {@link INSERT_AUDIT}'s column order. */
  #rowParams(e: AuditEntry): Scalar[] {
    return [
      e.seq,
      e.at,
      e.actor,
      e.principal,
      e.action,
      e.target,
      e.outcome,
      JSON.stringify(e.details),
      e.prevHash,
      e.hash,
      e.keyId,
    ];
  }

  async #write(s: EngineSession, head: HeadRow | undefined, entry: NewAuditEntry): Promise<AuditEntry> {
    const done = await this.#insert(s, head, entry);
    await this.#moveHead(s, head, done.seq, done.hash);
    return done;
  }

  /** Inserts one entry after `prev` (none: the first entry) and records its event; the head is left to the caller. */
  async #insert(
    s: EngineSession,
    prev: { readonly seq: number; readonly hash: string } | undefined,
    entry: NewAuditEntry,
  ): Promise<AuditEntry> {
    const sealed = this.#seal(prev, entry);
    await s.execute(
      `${INSERT_AUDIT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      this.#rowParams(sealed),
    );
    // The change's event goes into the outbox in the same transaction as its audit entry (docs/events.md).
    await recordAuditEvent(s, entry);
    return sealed;
  }

  async #moveHead(s: EngineSession, head: HeadRow | undefined, seq: number, hash: string): Promise<void> {
    // A plain UPDATE, not an upsert: DuckDB's ON CONFLICT costs ~5× more and slows down as one transaction repeats it
    // (BENCHMARKS.md, "Audit"). The first append creates the head row.
    const mac = this.#headMac(seq, hash);
    if (head) {
      await s.execute(
        "UPDATE mw_audit_head SET seq = $1, hash = $2, key_id = $3, mac = $4 WHERE id = 'head'",
        [seq, hash, this.keyId, mac],
      );
    } else {
      await s.execute(
        "INSERT INTO mw_audit_head (id, seq, hash, key_id, mac) VALUES ('head', $1, $2, $3, $4)",
        [seq, hash, this.keyId, mac],
      );
    }
  }

  #assertKeyFits(head: HeadRow | undefined): void {
    if (!head || head.keyId === null || head.keyId === this.keyId) return;
    throw new MeshError(
      'conflict',
      this.#key
        ? `cannot append to the audit log: it is written with another key (fingerprint ${head.keyId}, the key given has ${this.keyId}); open the store with the key it was written with`
        : `cannot append to the audit log: it is keyed (key fingerprint ${head.keyId}) and no key was given; open the store with its key (MESHWORK_AUDIT_KEY or MESHWORK_AUDIT_KEY_FILE for the CLI, auditKey for Mesh.open)`,
      { details: { keyId: head.keyId } },
    );
  }

  /**
   * Starts keying a chain written without a key so far: appends a keyed `audit.key` entry, so that from here on an
   * unkeyed entry is a forgery. Deliberately never automatic: done silently, it would also bless a chain rewritten
   * without the key.
   * @throws MeshError `invalid_input` without a key; `conflict` when the chain is empty or keyed already.
   */
  async enrollKey(s: EngineSession, at: string, actor: string): Promise<AuditEntry> {
    if (isEngine(s)) return s.transaction((tx) => this.enrollKey(tx, at, actor));
    if (!this.#key) {
      throw new MeshError(
        'invalid_input',
        'cannot key the audit log without a key: set MESHWORK_AUDIT_KEY or MESHWORK_AUDIT_KEY_FILE (auditKey for Mesh.open)',
      );
    }
    const head = await readHead(s);
    if (!head)
      throw new MeshError(
        'conflict',
        'cannot key the audit log: it is empty (wiped); run meshwork audit verify',
      );
    if (head.keyId !== null) {
      throw new MeshError(
        'conflict',
        head.keyId === this.keyId
          ? 'the audit log is keyed with this key already'
          : `the audit log is keyed with another key (fingerprint ${head.keyId}); it cannot be re-keyed`,
      );
    }
    return this.#write(s, head, {
      at,
      actor,
      principal: actor,
      action: KEY_ACTION,
      target: '',
      outcome: 'ok',
      details: { keyId: this.keyId, unkeyedBefore: head.seq },
    });
  }

  /** The chain's current head (its last entry), or undefined for an empty log. */
  async head(s: EngineSession): Promise<AuditHead | undefined> {
    const head = await readHead(s);
    if (!head) return undefined;
    return { seq: head.seq, hash: head.hash, keyId: head.keyId, anchor: `${head.seq}:${head.hash}` };
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

  /**
   * Walks the whole chain from the first entry and reports the first entry that was altered, moved, inserted or
   * removed, a wiped or cut-off log, entries or a head record not written with this log's key, and (with
   * `expectHead`) a chain that no longer holds the anchored entry.
   */
  async verify(s: EngineSession, options: AuditVerifyOptions = {}): Promise<AuditVerification> {
    const anchor = options.expectHead ?? null;
    const base = {
      protection: (this.#key ? 'keyed' : 'unkeyed') as AuditProtection,
      keyId: this.keyId,
      anchor,
    };
    let keyedFrom: number | null = null;
    let anchoredHash: string | undefined;
    let prev = GENESIS_HASH;
    let expected = 1;
    let count = 0;
    const notes = (): string[] => {
      const out: string[] = [];
      if (!this.#key) out.push(UNKEYED_NOTE);
      else if (keyedFrom !== null && keyedFrom > 1)
        out.push(
          `entries 1 to ${keyedFrom - 1} were written before the key was used; they are covered by the keyed entries after them, which link to them`,
        );
      if (anchor && anchor.seq < count && !this.#key)
        out.push(
          `without a key the anchor proves entries 1 to ${anchor.seq} only; entries ${anchor.seq + 1} to ${count} could have been edited, reordered, inserted or cut off and re-chained`,
        );
      return out;
    };
    const fail = (seq: number, problem: AuditProblem, message: string): AuditVerification => ({
      ...base,
      ok: false,
      entries: count,
      keyedFrom,
      notes: notes(),
      seq,
      problem,
      message,
    });
    for (;;) {
      const rows = (
        await s.query(`SELECT * FROM mw_audit_log WHERE seq >= $1 ORDER BY seq LIMIT ${PAGE}`, [expected])
      ).map(toEntry);
      for (const e of rows) {
        if (e.seq !== expected) {
          return fail(
            expected,
            'missing',
            `entry ${expected} is missing: the chain jumps from ${expected - 1} to ${e.seq} (an entry was deleted)`,
          );
        }
        if (e.keyId !== null) keyedFrom ??= e.seq;
        else if (keyedFrom !== null) {
          return fail(
            e.seq,
            'unkeyed_entry',
            `entry ${e.seq} carries a plain hash although the chain is keyed from entry ${keyedFrom}: it was written or re-chained by someone without the key`,
          );
        }
        const broken = await this.#check(s, e, prev);
        if (broken) return fail(e.seq, broken.problem, broken.message);
        if (anchor && e.seq === anchor.seq) anchoredHash = e.hash;
        prev = e.hash;
        expected += 1;
        count += 1;
      }
      if (rows.length < PAGE) break;
    }
    const head = await readHead(s);
    if (count === 0) {
      if (head) {
        return fail(
          1,
          'truncated',
          `the log is empty but its head records ${head.seq} entries: entries 1 to ${head.seq} were removed`,
        );
      }
      return fail(
        1,
        'wiped',
        `the log and its head are empty, but every store's log begins with the ${GENESIS_ACTION} entry written when the store was created: the log was wiped (or the store predates it)`,
      );
    }
    if (!head) {
      return fail(
        count + 1,
        'truncated',
        `the head record is missing although the log holds ${count} entries: it was deleted (the log may have been cut too)`,
      );
    }
    if (head.seq !== count || head.hash !== prev) {
      return fail(
        count + 1,
        'truncated',
        head.seq > count
          ? `the log ends at entry ${count} but its head records ${head.seq} entries: entries ${count + 1} to ${head.seq} were removed`
          : `the head records entry ${head.seq} with another hash than the log's last entry ${count}: the head or the log was rewritten`,
      );
    }
    if (this.#key) {
      if (keyedFrom === null) {
        return fail(
          1,
          'not_keyed',
          `no entry of the log is keyed although a key was given (fingerprint ${this.keyId}); a store opened with a key writes a keyed entry at once, so the log was either never written with a key or rewritten without it`,
        );
      }
      if (head.keyId !== this.keyId || head.mac !== this.#headMac(head.seq, head.hash)) {
        return fail(
          count + 1,
          'head_forged',
          `the head record (entry ${head.seq}) was not written with this key: it was reset by someone without the key, so entries after ${head.seq} may have been cut off`,
        );
      }
    }
    if (anchor) {
      if (anchoredHash === undefined) {
        return fail(
          count + 1,
          'truncated',
          `the log ends at entry ${count}, before the anchored entry ${anchor.seq}: entries were cut off or the log was wiped and rewritten`,
        );
      }
      if (anchoredHash !== anchor.hash) {
        return fail(
          anchor.seq,
          'anchor_mismatch',
          `entry ${anchor.seq} no longer has the anchored hash ${anchor.hash.slice(0, 16)}…: the history up to entry ${anchor.seq} was rewritten and re-chained`,
        );
      }
    }
    return {
      ...base,
      ok: true,
      entries: count,
      keyedFrom,
      notes: notes(),
      headSeq: head.seq,
      headHash: prev,
    };
  }

  async #check(
    s: EngineSession,
    e: AuditEntry,
    prev: string,
  ): Promise<{ problem: AuditProblem; message: string } | undefined> {
    const { hash, ...unsigned } = e;
    if (e.keyId !== null && !this.#key) {
      // Without the key a keyed hash cannot be recomputed: only the link is checked.
    } else if (e.keyId !== null && e.keyId !== this.keyId) {
      return {
        problem: 'other_key',
        message: `entry ${e.seq} was written with another key (fingerprint ${e.keyId}; the key given has ${this.keyId}): verify with the key the log was written with`,
      };
    } else if (this.#hash(unsigned) !== hash) {
      // An entry whose content hashes correctly under another position was moved there from elsewhere.
      const moved = await this.#originalPosition(s, unsigned, hash);
      if (moved !== undefined) {
        return {
          problem: 'reordered',
          message: `entry ${e.seq} was moved: it was written as entry ${moved}`,
        };
      }
      return {
        problem: 'edited',
        message: `entry ${e.seq} was edited: its content no longer matches its hash`,
      };
    }
    if (e.prevHash !== prev) {
      return {
        problem: 'broken_link',
        message: `entry ${e.seq} does not follow entry ${e.seq - 1}: its link to the previous hash is broken (entries were replaced or reordered)`,
      };
    }
    return undefined;
  }

  async #originalPosition(
    s: EngineSession,
    unsigned: Omit<AuditEntry, 'hash'>,
    hash: string,
  ): Promise<number | undefined> {
    const head = await readHead(s);
    const last = head ? head.seq : 0;
    for (let seq = 1; seq <= last; seq++) {
      if (seq !== unsigned.seq && this.#hash({ ...unsigned, seq }) === hash) return seq;
    }
    return undefined;
  }
}
