import { createReadStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ProductRegistry } from '../catalog/product-registry.ts';
import { STORE_SCHEMA_VERSION } from '../catalog/store-schema.ts';
import { MeshError } from '../core/errors.ts';
import type { Scalar } from '../core/schema.ts';
import type { Engine, EngineSession, Row } from '../engine/engine.ts';
import { isPostgresUrl, openEngine } from '../engine/open-engine.ts';
import { readParquetBatches } from '../engine/parquet-bridge.ts';
import { AuditKey } from '../governance/audit-key.ts';
import { AuditLog, type AuditVerification } from '../governance/audit-log.ts';
import { Mesh } from '../product/mesh.ts';
import { prepareStore } from '../product/store-setup.ts';
import { type BackupManifest, readBackupManifest, verifyBackupFiles } from './backup-manifest.ts';
import type { BackupProgress } from './create-backup.ts';

/** Options of {@link restoreBackup}. */
export interface RestoreBackupOptions {
  /** The key the audit chain was written with (MESHWORK_AUDIT_KEY), to verify it after the restore. */
  readonly auditKey?: string | Uint8Array | AuditKey;
  readonly onProgress?: (progress: BackupProgress) => void;
  readonly now?: () => Date;
}

/** What {@link restoreBackup} rebuilt. */
export interface RestoreResult {
  readonly store: string;
  readonly manifest: BackupManifest;
  /** Rows loaded, platform and product tables together. */
  readonly rows: number;
  readonly audit: Extract<AuditVerification, { readonly ok: true }>;
}

/** Platform tables a store nothing has been done with has no rows in (the set-up fills only others). */
const MUST_BE_EMPTY = [
  'mw_products',
  'mw_product_versions',
  'mw_principals',
  'mw_grants',
  'mw_access_requests',
];

/** Rows per multi-row INSERT of a platform table. */
const INSERT_ROWS = 200;

function toKey(key: RestoreBackupOptions['auditKey']): AuditKey | null {
  if (key === undefined) return null;
  return key instanceof AuditKey ? key : AuditKey.from(key);
}

async function* readNdjson(path: string): AsyncGenerator<Row, void, undefined> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as Row;
}

async function assertEmptyStore(tx: EngineSession, location: string): Promise<void> {
  for (const table of MUST_BE_EMPTY) {
    const rows = await tx.query(`SELECT 1 AS one FROM ${table} LIMIT 1`);
    if (rows.length > 0) {
      throw new MeshError(
        'already_exists',
        `the store ${location} is not empty (${table} has rows); a restore never writes over a store: restore into a new store (a new file, or an empty PostgreSQL database)`,
        { details: { store: location, table } },
      );
    }
  }
}

async function insertPlatformRows(tx: EngineSession, table: string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] ?? {});
  const params: Scalar[] = [];
  const tuples = rows.map((row) => {
    const slots = columns.map((c) => {
      params.push(row[c] ?? null);
      return `$${params.length}`;
    });
    return `(${slots.join(', ')})`;
  });
  const list = columns.map((c) => `"${c}"`).join(', ');
  await tx.execute(`INSERT INTO ${table} (${list}) VALUES ${tuples.join(', ')}`, params);
}

async function loadBackup(
  tx: EngineSession,
  dir: string,
  manifest: BackupManifest,
  location: string,
  progress: (p: BackupProgress) => void,
): Promise<number> {
  await assertEmptyStore(tx, location);
  let loaded = 0;
  const present = new Set(
    (
      await tx.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      )
    ).map((r) => String(r.table_name)),
  );
  // The set-up's own rows (genesis entry, seeded policies, a fresh masking secret) give way to the backup's.
  for (const t of manifest.platformTables) {
    if (!/^mw_[a-z0-9_]+$/.test(t.name))
      throw new MeshError('invalid_input', `the backup names a table ${t.name}`);
    if (!present.has(t.name)) {
      throw new MeshError(
        'invalid_input',
        `the backup holds the platform table ${t.name}, which this Meshwork's stores do not have; restore with the Meshwork version that wrote the backup`,
      );
    }
    await tx.execute(`DELETE FROM ${t.name}`);
  }
  for (const [i, t] of manifest.platformTables.entries()) {
    progress({ phase: 'platform', table: t.name, done: i, total: manifest.platformTables.length });
    let batch: Row[] = [];
    let count = 0;
    for await (const row of readNdjson(join(dir, t.file))) {
      batch.push(row);
      count += 1;
      if (batch.length === INSERT_ROWS) {
        await insertPlatformRows(tx, t.name, batch);
        batch = [];
      }
    }
    await insertPlatformRows(tx, t.name, batch);
    if (count !== t.rows) {
      throw new MeshError(
        'invalid_input',
        `${dir}/${t.file} holds ${count} rows, its manifest says ${t.rows}`,
      );
    }
    loaded += count;
  }
  for (const seq of manifest.sequences) {
    if (!/^mw_[a-z0-9_]+$/.test(seq.name) || !Number.isSafeInteger(seq.next) || seq.next < 1)
      throw new MeshError(
        'invalid_input',
        `the backup's manifest has a bad sequence entry ${JSON.stringify(seq)}`,
      );
    // Portable to every engine: no setval (PostgreSQL) nor CREATE OR REPLACE (DuckDB).
    await tx.execute(`DROP SEQUENCE IF EXISTS ${seq.name}`);
    await tx.execute(`CREATE SEQUENCE ${seq.name} START WITH ${seq.next}`);
  }
  for (const [i, t] of manifest.productTables.entries()) {
    progress({ phase: 'product', table: t.spec.name, done: i, total: manifest.productTables.length });
    if (!/^data_[a-z0-9_]+$/.test(t.spec.name))
      throw new MeshError('invalid_input', `the backup names a product table ${t.spec.name}`);
    await tx.createTable(t.spec, { exclusive: true });
    let count = 0;
    for await (const rows of readParquetBatches(join(dir, t.file), t.spec)) {
      await tx.insertRows(t.spec, rows, { assumeNew: true });
      count += rows.length;
    }
    if (count !== t.rows) {
      throw new MeshError(
        'invalid_input',
        `${dir}/${t.file} holds ${count} rows, its manifest says ${t.rows}`,
      );
    }
    loaded += count;
  }
  return loaded;
}

/**
 * Rebuilds a store from a backup written by {@link createBackup}, on any engine (a DuckDB file or a PostgreSQL
 * URL), which is also how a store moves between engines: checks the manifest and every file's checksum, sets up a
 * new store, loads the platform tables, product tables and sequences in one transaction, then verifies the audit
 * chain (with `auditKey` when the chain is keyed). A failed restore into a new store file removes the file.
 * @throws MeshError `not_found` for a folder without a manifest; `invalid_input` for a damaged backup (naming the
 * file); `storage_unavailable` for a backup of a newer store schema; `already_exists` for a target store that is not
 * empty; `conflict` when the restored audit chain does not verify.
 * @example await restoreBackup('./backups/2026-12-05', 'postgres://mesh@db/mesh', { auditKey: process.env.MESHWORK_AUDIT_KEY });
 */
export async function restoreBackup(
  dir: string,
  store: string,
  options: RestoreBackupOptions = {},
): Promise<RestoreResult> {
  const source = resolve(dir);
  const manifest = await readBackupManifest(source, STORE_SCHEMA_VERSION);
  await verifyBackupFiles(source, manifest);
  const progress = options.onProgress ?? (() => {});
  const newFile = !isPostgresUrl(store) && store !== ':memory:' && !existsSync(store);
  const auditKey = toKey(options.auditKey);
  let engine: Engine | undefined = await openEngine(store);
  let rows: number;
  try {
    await prepareStore(engine, {
      auditLog: new AuditLog(auditKey ?? undefined),
      registry: new ProductRegistry(),
      at: (options.now ?? (() => new Date()))().toISOString(),
    });
    const target = engine;
    rows = await target.transaction((tx) => loadBackup(tx, source, manifest, target.location, progress));
    await target.close();
    engine = undefined;
    progress({ phase: 'verify', table: 'mw_audit_log', done: 0, total: 1 });
    const mesh = await Mesh.open({ store, create: false, ...(auditKey ? { auditKey } : {}) });
    let audit: AuditVerification;
    try {
      audit = await mesh.governance.verifyAudit();
    } finally {
      await mesh.close();
    }
    if (!audit.ok) {
      throw new MeshError(
        'conflict',
        `the restored store's audit chain does not verify (entry ${audit.seq}: ${audit.message}); give the audit key the chain was written with (MESHWORK_AUDIT_KEY), or restore another backup`,
        { details: { store, seq: audit.seq, problem: audit.problem } },
      );
    }
    if (audit.keyedFrom !== null && audit.protection !== 'keyed') {
      // Without the key only the links and plain hashes were checked: not the verification a keyed chain deserves.
      throw new MeshError(
        'conflict',
        `the restored store's audit chain is keyed (from entry ${audit.keyedFrom}) and no audit key was given, so its keyed hashes could not be verified; restore with the key the chain was written with (MESHWORK_AUDIT_KEY or MESHWORK_AUDIT_KEY_FILE; auditKey for restoreBackup)`,
        { details: { store, keyedFrom: audit.keyedFrom } },
      );
    }
    return { store, manifest, rows, audit };
  } catch (error) {
    if (engine !== undefined) await engine.close().catch(() => {});
    if (newFile) {
      await rm(store, { force: true });
      await rm(`${store}.wal`, { force: true });
      await rm(`${store}.search`, { force: true });
    }
    throw error;
  }
}
