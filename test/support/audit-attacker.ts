/**
 * What someone who can write the store file but holds no audit key can do to the audit log: open the DuckDB file
 * directly (after the mesh is closed), rewrite rows, and recompute the plain SHA-256 chain, the algorithm being
 * public. Used by the tests of the six rewrites of issue #14.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { type AuditEntry, GENESIS_HASH, hashAuditEntry } from '../../src/governance/audit-log.ts';

type Unsigned = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash' | 'keyId'>;

interface StoredEntry extends Unsigned {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly keyId: string | null;
}

async function withFile<T>(
  path: string,
  fn: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    return await fn(
      async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const quote = (v: string | null): string => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);

/** Reads every audit entry of a closed store file, in chain order. */
export function readEntries(path: string): Promise<StoredEntry[]> {
  return withFile(path, async (run) =>
    (await run('SELECT * FROM mw_audit_log ORDER BY seq')).map((r) => ({
      seq: Number(r.seq),
      at: String(r.occurred_at),
      actor: String(r.actor),
      principal: String(r.principal),
      action: String(r.action),
      target: String(r.target),
      outcome: String(r.outcome) as AuditEntry['outcome'],
      details: JSON.parse(String(r.details)) as Record<string, unknown>,
      prevHash: String(r.prev_hash),
      hash: String(r.hash),
      keyId: r.key_id === null ? null : String(r.key_id),
    })),
  );
}

/**
 * Replaces the log with `entries` (contents in their new order): entries that are unchanged at the start keep their
 * stored rows; from the first change on, every entry is renumbered and re-chained with plain hashes, and the head is
 * reset to the new last entry, as an attacker without the key would do.
 */
export async function rechain(path: string, entries: readonly Unsigned[]): Promise<void> {
  const stored = await readEntries(path);
  let keep = 0;
  while (
    keep < entries.length &&
    keep < stored.length &&
    JSON.stringify(strip(stored[keep] as StoredEntry)) === JSON.stringify(entries[keep])
  )
    keep += 1;
  let prev = keep === 0 ? GENESIS_HASH : (stored[keep - 1] as StoredEntry).hash;
  const rows: StoredEntry[] = [];
  for (let i = keep; i < entries.length; i++) {
    const unsigned = { ...(entries[i] as Unsigned), seq: i + 1, prevHash: prev };
    const hash = hashAuditEntry(unsigned);
    rows.push({ ...unsigned, hash, keyId: null });
    prev = hash;
  }
  await withFile(path, async (run) => {
    await run(`DELETE FROM mw_audit_log WHERE seq > ${keep}`);
    for (const e of rows) {
      await run(
        `INSERT INTO mw_audit_log (seq, occurred_at, actor, principal, action, target, outcome, details, prev_hash, hash, key_id)
         VALUES (${e.seq}, ${quote(e.at)}, ${quote(e.actor)}, ${quote(e.principal)}, ${quote(e.action)}, ${quote(e.target)},
         ${quote(e.outcome)}, ${quote(JSON.stringify(e.details))}, ${quote(e.prevHash)}, ${quote(e.hash)}, NULL)`,
      );
    }
    await run(
      `UPDATE mw_audit_head SET seq = ${entries.length}, hash = ${quote(prev)}, key_id = NULL, mac = NULL`,
    );
  });
}

/** The content of a stored entry, as {@link rechain} takes it. */
export function strip(e: StoredEntry): Unsigned {
  return {
    at: e.at,
    actor: e.actor,
    principal: e.principal,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    details: e.details,
  };
}

/** Deletes the entries after `seq` and sets the head to entry `seq`, leaving the head's key fields as they are. */
export async function cutTail(path: string, seq: number): Promise<void> {
  const last = (await readEntries(path)).find((e) => e.seq === seq);
  if (!last) throw new Error(`no entry ${seq}`);
  await withFile(path, async (run) => {
    await run(`DELETE FROM mw_audit_log WHERE seq > ${seq}`);
    await run(`UPDATE mw_audit_head SET seq = ${seq}, hash = ${quote(last.hash)}`);
  });
}

/** Deletes every entry and the head. */
export function wipe(path: string): Promise<void> {
  return withFile(path, async (run) => {
    await run('DELETE FROM mw_audit_log');
    await run('DELETE FROM mw_audit_head');
  });
}

/** Runs one statement on a closed store file. */
export function runOnFile(path: string, sql: string): Promise<Record<string, unknown>[]> {
  return withFile(path, (run) => run(sql));
}
