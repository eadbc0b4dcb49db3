import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ProductRegistry, storageGeneration } from '../catalog/product-registry.ts';
import { SCHEMA_VERSION_KEY } from '../catalog/store-schema.ts';
import { MeshError } from '../core/errors.ts';
import type { EngineSession, TableSpec } from '../engine/engine.ts';
import { writeParquetFrom } from '../engine/parquet-bridge.ts';
import type { Mesh } from '../product/mesh.ts';
import { toTableSpec } from '../product/table-spec.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  type BackupPlatformTable,
  type BackupProductTable,
  type BackupSequence,
  MANIFEST_FILE,
  sha256File,
} from './backup-manifest.ts';
import { PLATFORM_SEQUENCES } from './platform-sequences.ts';

/** A step of a backup or restore, for a progress display. */
export interface BackupProgress {
  readonly phase: 'platform' | 'product' | 'verify';
  readonly table: string;
  /** Tables done so far and in all (of this phase). */
  readonly done: number;
  readonly total: number;
}

/** Options of {@link createBackup}. */
export interface CreateBackupOptions {
  /** Called before each table is written (for a progress bar); must not throw. */
  readonly onProgress?: (progress: BackupProgress) => void;
  readonly now?: () => Date;
}

/** What {@link createBackup} wrote. */
export interface BackupResult {
  readonly dir: string;
  readonly manifest: BackupManifest;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function assertFreeTarget(dir: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new MeshError(
      'already_exists',
      `${dir} exists and is not an empty folder; pick a new backup folder`,
      {
        details: { backup: dir },
        cause: error,
      },
    );
  }
  if (entries.length > 0) {
    throw new MeshError(
      'already_exists',
      `${dir} exists and is not empty; a backup never writes over another one: pick a new backup folder`,
      { details: { backup: dir } },
    );
  }
}

/** The platform tables (`mw_*`) of the store, found in the standard information schema. */
async function platformTables(tx: EngineSession): Promise<string[]> {
  const rows = await tx.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => String(r.table_name)).filter((n) => n.startsWith('mw_'));
}

/** Every product version's table: one per product and storage generation, with the newest descriptor of it. */
async function productTables(
  tx: EngineSession,
): Promise<{ productId: string; version: string; spec: TableSpec }[]> {
  const registry = new ProductRegistry();
  const out: { productId: string; version: string; spec: TableSpec }[] = [];
  for (const record of await registry.list(tx)) {
    const generations = new Set(
      (await registry.versions(tx, record.descriptor.id)).map((d) => storageGeneration(d.version)),
    );
    generations.add(storageGeneration(record.descriptor.version));
    for (const generation of [...generations].sort()) {
      const found = await registry.findGeneration(tx, record, generation);
      if (found === undefined || !(await tx.tableExists(found.tableName))) continue;
      out.push({
        productId: record.descriptor.id,
        version: found.descriptor.version,
        spec: toTableSpec(found.descriptor, found.tableName),
      });
    }
  }
  return out;
}

/** Rows of a platform table read per query. */
const PLATFORM_PAGE_ROWS = 20_000;

/**
 * Writes a platform table as NDJSON, rows exactly as the engine returns them, read in pages in one total order (every
 * column, by position) so that a large log is never held in memory whole and the file's order is the same each time.
 */
async function writeNdjson(tx: EngineSession, table: string, path: string): Promise<number> {
  const columns = await tx.query(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const order = columns.map((_, i) => String(i + 1)).join(', ');
  const handle = await open(path, 'w');
  let count = 0;
  try {
    for (let offset = 0; ; offset += PLATFORM_PAGE_ROWS) {
      const rows = await tx.query(
        `SELECT * FROM ${table} ORDER BY ${order} LIMIT ${PLATFORM_PAGE_ROWS} OFFSET ${offset}`,
      );
      if (rows.length > 0) await handle.write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      count += rows.length;
      if (rows.length < PLATFORM_PAGE_ROWS) break;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return count;
}

/**
 * Writes a consistent snapshot of the store into `dir`: every platform table as NDJSON, every product version's
 * table as Parquet (types kept), the sequences' next values, and last `manifest.json` with row counts and the SHA-256
 * of every file. All reads run in one snapshot transaction, so other handles keep reading and writing meanwhile. The
 * files go to `<dir>.partial-<random>`, which is renamed to `dir` only once complete and synced: a backup stopped at
 * any moment (even by SIGKILL) leaves the store untouched and no folder that looks like a complete backup.
 * Only a platform admin may back a store up.
 * @throws MeshError `already_exists` when `dir` exists and is not empty; `unauthorized` for a principal that is not
 * a platform admin; `storage_unavailable` when the store cannot be read.
 * @example await createBackup(mesh, './backups/2026-12-05');
 */
export async function createBackup(
  mesh: Mesh,
  dir: string,
  options: CreateBackupOptions = {},
): Promise<BackupResult> {
  const target = resolve(dir);
  await assertFreeTarget(target);
  const partial = join(dirname(target), `${basename(target)}.partial-${randomBytes(6).toString('hex')}`);
  const now = options.now ?? (() => new Date());
  const progress = options.onProgress ?? (() => {});
  const manifest = await mesh
    .snapshot('backup', async (tx, engine) => {
      await mkdir(join(partial, 'platform'), { recursive: true });
      await mkdir(join(partial, 'data'), { recursive: true });
      const createdAt = now().toISOString();
      const platform: BackupPlatformTable[] = [];
      const tables = await platformTables(tx);
      for (const [i, name] of tables.entries()) {
        progress({ phase: 'platform', table: name, done: i, total: tables.length });
        const file = `platform/${name}.ndjson`;
        const rows = await writeNdjson(tx, name, join(partial, file));
        platform.push({ name, file, rows });
      }
      const sequences: BackupSequence[] = [];
      for (const seq of PLATFORM_SEQUENCES) {
        if (!tables.includes(seq.table)) continue;
        const [row] = await tx.query(`SELECT max(${seq.column}) AS top FROM ${seq.table}`);
        const top = row?.top === null || row?.top === undefined ? 0 : Number(row.top);
        sequences.push({ name: seq.name, next: top + 1 });
      }
      const products = await productTables(tx);
      const data: BackupProductTable[] = [];
      for (const [i, p] of products.entries()) {
        progress({ phase: 'product', table: p.spec.name, done: i, total: products.length });
        const file = `data/${p.spec.name}.parquet`;
        const path = join(partial, file);
        const rows = engine.capabilities.parquet
          ? await tx.exportTo(p.spec.name, { columns: p.spec.columns }, path, 'parquet')
          : await writeParquetFrom(tx, p.spec, path);
        await fsyncPath(path);
        data.push({ productId: p.productId, version: p.version, file, rows, spec: p.spec });
      }
      const checksums: Record<string, string> = {};
      for (const t of [...platform, ...data]) checksums[t.file] = await sha256File(join(partial, t.file));
      const result: BackupManifest = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        storeSchemaVersion: await recordedSchemaVersion(tx),
        createdAt,
        sourceEngine: engine.kind,
        platformTables: platform,
        productTables: data,
        sequences,
        checksums,
      };
      return result;
    })
    .catch(async (error: unknown) => {
      await rm(partial, { recursive: true, force: true });
      throw error;
    });
  // The manifest last, synced, then the folder's rename: the only step that makes it look complete.
  await fsyncPath(join(partial, 'platform'));
  await fsyncPath(join(partial, 'data'));
  await writeFile(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await fsyncPath(join(partial, MANIFEST_FILE));
  await fsyncPath(partial);
  try {
    await assertFreeTarget(target);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  await fsyncPath(dirname(target));
  return { dir: target, manifest };
}

/** The store schema version recorded in `mw_meta` (a store without the marker counts as version 1). */
async function recordedSchemaVersion(tx: EngineSession): Promise<number> {
  const rows = await tx.query('SELECT value FROM mw_meta WHERE key = $1', [SCHEMA_VERSION_KEY]);
  const value = rows[0]?.value;
  return value === undefined || value === null ? 1 : Number(value);
}
