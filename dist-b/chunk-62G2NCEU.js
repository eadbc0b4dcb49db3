import { MeshError } from './chunk-Z2USMJAC.js';

// dist/engine/duckdb/duckdb-instance-registry.js
import { DuckDBInstance } from '@duckdb/node-api';
var entries = /* @__PURE__ */ new Map();
var DUCKDB_OPTIONS = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  checkpoint_threshold: '128MB',
};
var ISOLATED_OPTIONS = {
  enable_external_access: 'false',
  lock_configuration: 'true',
};
var memoryCount = 0;
function newMemoryKey() {
  memoryCount += 1;
  return `:memory:${memoryCount}`;
}
async function acquireInstance(path, readOnly = false, extraOptions = {}) {
  let entry = entries.get(path);
  if (entry?.readOnly && !readOnly) {
    throw new MeshError(
      'storage_unavailable',
      `the store ${path} is open read-only in this process; close those handles before opening it to write`,
    );
  }
  if (!entry) {
    const instance = DuckDBInstance.create(path.startsWith(':memory:') ? ':memory:' : path, {
      ...DUCKDB_OPTIONS,
      ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
      ...extraOptions,
    });
    entry = { instance, readOnly, queue: { tail: Promise.resolve() }, refs: 0 };
    entries.set(path, entry);
    instance.catch(() => entries.delete(path));
  }
  entry.refs += 1;
  try {
    return await entry.instance;
  } catch (error) {
    entry.refs -= 1;
    throw error;
  }
}
function instanceQueue(path) {
  const entry = entries.get(path);
  if (!entry) throw new Error(`no DuckDB instance is open for ${path}; acquire it first`);
  return entry.queue;
}
function isReadOnlyInstance(path) {
  return entries.get(path)?.readOnly ?? false;
}
async function releaseInstance(path) {
  const entry = entries.get(path);
  if (!entry) return;
  entry.refs -= 1;
  if (entry.refs > 0) return;
  entries.delete(path);
  (await entry.instance).closeSync();
}

export {
  DUCKDB_OPTIONS,
  ISOLATED_OPTIONS,
  newMemoryKey,
  acquireInstance,
  instanceQueue,
  isReadOnlyInstance,
  releaseInstance,
};
