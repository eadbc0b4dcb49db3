import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MeshError } from '../core/errors.ts';
import type { TableSpec } from '../engine/engine.ts';

/** The file a complete backup holds last; a folder without it is not a backup. */
export const MANIFEST_FILE = 'manifest.json';

/** The format marker and version of the manifest this code writes and reads. */
export const BACKUP_FORMAT = 'meshwork-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** A platform table (`mw_*`) in a backup: one NDJSON file, rows exactly as the engine returned them. */
export interface BackupPlatformTable {
  readonly name: string;
  readonly file: string;
  readonly rows: number;
}

/** A product version's table in a backup: one Parquet file and the table spec it is recreated from. */
export interface BackupProductTable {
  readonly productId: string;
  readonly version: string;
  readonly file: string;
  readonly rows: number;
  readonly spec: TableSpec;
}

/** A sequence and the value its next `nextval` must return after a restore (past the highest id stored). */
export interface BackupSequence {
  readonly name: string;
  readonly next: number;
}

/** What `manifest.json` records about a backup. */
export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: number;
  /** The Meshwork store schema version (STORE_SCHEMA_VERSION) of the store backed up. */
  readonly storeSchemaVersion: number;
  readonly createdAt: string;
  /** The kind of engine the store was on (`duckdb`, `postgres`). */
  readonly sourceEngine: string;
  readonly platformTables: readonly BackupPlatformTable[];
  readonly productTables: readonly BackupProductTable[];
  readonly sequences: readonly BackupSequence[];
  /** SHA-256 (hex) of every data file, by its path inside the backup folder. */
  readonly checksums: Readonly<Record<string, string>>;
}

/** Computes the SHA-256 (hex) of a file, streaming it. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function bad(dir: string, why: string): MeshError {
  return new MeshError(
    'invalid_input',
    `${dir} is not a usable Meshwork backup: ${why}; restore from another backup, or take a new one with meshwork backup`,
    { details: { backup: dir } },
  );
}

/**
 * Reads and checks a backup's manifest: present, of this format, of a store schema this code understands.
 * @throws MeshError `not_found` without a manifest (an unfinished or foreign folder); `invalid_input` for a manifest
 * that cannot be read; `storage_unavailable` for a backup of a newer store schema than `supportedSchemaVersion`.
 */
export async function readBackupManifest(
  dir: string,
  supportedSchemaVersion: number,
): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw new MeshError(
      'not_found',
      `${dir} has no ${MANIFEST_FILE}, so it is not a complete Meshwork backup (a backup that was interrupted leaves only a <dir>.partial-* folder); give the folder meshwork backup wrote`,
      { details: { backup: dir }, cause: error },
    );
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch (error) {
    throw new MeshError('invalid_input', `${dir}/${MANIFEST_FILE} is not valid JSON; the backup is damaged`, {
      details: { backup: dir },
      cause: error,
    });
  }
  if (
    manifest === null ||
    typeof manifest !== 'object' ||
    manifest.format !== BACKUP_FORMAT ||
    !Array.isArray(manifest.platformTables) ||
    !Array.isArray(manifest.productTables) ||
    !Array.isArray(manifest.sequences) ||
    typeof manifest.checksums !== 'object' ||
    manifest.checksums === null ||
    typeof manifest.storeSchemaVersion !== 'number'
  ) {
    throw bad(dir, `${MANIFEST_FILE} is not a Meshwork backup manifest`);
  }
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw bad(dir, `its format version ${manifest.formatVersion} is not ${BACKUP_FORMAT_VERSION}`);
  }
  if (manifest.storeSchemaVersion > supportedSchemaVersion) {
    throw new MeshError(
      'storage_unavailable',
      `${dir} holds a store of schema version ${manifest.storeSchemaVersion}, newer than this Meshwork understands (schema version ${supportedSchemaVersion}); restore it with the Meshwork version that wrote it, or upgrade Meshwork`,
      {
        details: {
          backup: dir,
          storeVersion: manifest.storeSchemaVersion,
          supportedVersion: supportedSchemaVersion,
        },
      },
    );
  }
  const files = [...manifest.platformTables, ...manifest.productTables].map((t) => t.file);
  for (const file of files) {
    if (typeof manifest.checksums[file] !== 'string')
      throw bad(dir, `${MANIFEST_FILE} has no checksum for ${file}`);
  }
  return manifest;
}

/**
 * Checks every data file of a backup against the SHA-256 its manifest records.
 * @throws MeshError `invalid_input` naming the first file that is missing or whose checksum differs.
 */
export async function verifyBackupFiles(dir: string, manifest: BackupManifest): Promise<void> {
  for (const [file, expected] of Object.entries(manifest.checksums)) {
    if (file.includes('..') || file.startsWith('/'))
      throw bad(dir, `${MANIFEST_FILE} names a file outside it (${file})`);
    let actual: string;
    try {
      actual = await sha256File(join(dir, file));
    } catch (error) {
      throw new MeshError(
        'invalid_input',
        `${dir} lacks ${file}, which its manifest lists; the backup is damaged`,
        {
          details: { backup: dir, file },
          cause: error,
        },
      );
    }
    if (actual !== expected) {
      throw new MeshError(
        'invalid_input',
        `${dir}/${file} does not match the checksum in ${MANIFEST_FILE} (SHA-256 ${actual}, expected ${expected}): the file was changed or damaged; restore from another backup`,
        { details: { backup: dir, file } },
      );
    }
  }
}
