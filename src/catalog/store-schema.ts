import { MeshError } from '../core/errors.ts';
import type { EngineSession, Row } from '../engine/engine.ts';
import { SEARCH_INDEX_VERSION } from './search/search-store.ts';

/**
 * The store layout this code writes, recorded as `schema_version` in `mw_meta` once a store is set up. Bump it
 * whenever the set-up changes (a platform table, column, sequence or seeded row): opening a store with an older
 * version runs the set-up again, once. Stores written before the marker existed have none and count as version 1.
 */
export const STORE_SCHEMA_VERSION = 4;

/** The `mw_meta` key holding a store's schema version. */
export const SCHEMA_VERSION_KEY = 'schema_version';

/** What opening a store must do: nothing (`current`), or run the idempotent set-up once (`setup`). */
export type StoreSchemaState =
  | { readonly kind: 'current' }
  | { readonly kind: 'setup'; readonly reason: 'new' | 'upgrade'; readonly from: number | null };

/**
 * Reads a store's recorded schema (one small query; outside a transaction, since a missing `mw_meta` fails the read
 * and a failed statement ends a transaction) and says whether it needs the set-up: a new store (no
 * `mw_meta`), a store of an older layout or without the marker, or one whose search index another version built.
 * @throws MeshError `storage_unavailable` when the store was written by a newer Meshwork (its schema version is higher
 * than {@link STORE_SCHEMA_VERSION}); `invalid_input` when the recorded version is not a number.
 */
export async function readStoreSchema(s: EngineSession, location: string): Promise<StoreSchemaState> {
  const read = () =>
    s.query('SELECT key, value FROM mw_meta WHERE key IN ($1, $2)', [
      SCHEMA_VERSION_KEY,
      'search_index_version',
    ]);
  let rows: Row[];
  try {
    // Read first and look for the table only when the read fails: the catalog look-up costs more than the read.
    rows = await read();
  } catch {
    if (!(await s.tableExists('mw_meta'))) return { kind: 'setup', reason: 'new', from: null };
    // The table is there now: another handle's set-up committed it after the read began (reads run beside
    // transactions), so read again; a failure now is a real one.
    rows = await read();
  }
  const meta = new Map(rows.map((r) => [String(r.key), String(r.value)]));
  const recorded = meta.get(SCHEMA_VERSION_KEY);
  const version = recorded === undefined ? null : parseSchemaVersion(recorded, location);
  assertSchemaSupported(version, location);
  if (version === STORE_SCHEMA_VERSION && meta.get('search_index_version') === SEARCH_INDEX_VERSION)
    return { kind: 'current' };
  return { kind: 'setup', reason: 'upgrade', from: version };
}

/** Records that the set-up of this code's layout is complete; run in the set-up's transaction, last. */
export async function recordStoreSchema(s: EngineSession): Promise<void> {
  await s.execute(
    `INSERT INTO mw_meta (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [SCHEMA_VERSION_KEY, String(STORE_SCHEMA_VERSION)],
  );
}

function parseSchemaVersion(text: string, location: string): number {
  const version = Number(text);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new MeshError(
      'invalid_input',
      `the store ${location} records schema version "${text}" in mw_meta, which is not a version number; restore the store from a backup`,
    );
  }
  return version;
}

function assertSchemaSupported(version: number | null, location: string): void {
  if (version !== null && version > STORE_SCHEMA_VERSION) {
    throw new MeshError(
      'storage_unavailable',
      `the store ${location} has schema version ${version}, newer than this Meshwork understands (schema version ${STORE_SCHEMA_VERSION}); open it with the Meshwork version that wrote it, or upgrade Meshwork`,
      { details: { storeVersion: version, supportedVersion: STORE_SCHEMA_VERSION } },
    );
  }
}
