import { describe, expect, it } from 'vitest';
import { MeshError } from '../core/errors.ts';
import { DEFAULT_STORE, isPostgresUrl, openEngine, resolveStoreLocation } from './open-engine.ts';

describe('resolveStoreLocation', () => {
  it('prefers an explicit location, then MESHWORK_STORE, then the default file', () => {
    const env = { MESHWORK_STORE: '/data/from-env.duckdb' };
    expect(resolveStoreLocation('/data/explicit.duckdb', env)).toBe('/data/explicit.duckdb');
    expect(resolveStoreLocation(undefined, env)).toBe('/data/from-env.duckdb');
    expect(resolveStoreLocation('', env)).toBe('/data/from-env.duckdb');
    expect(resolveStoreLocation(undefined, { MESHWORK_STORE: '' })).toBe(DEFAULT_STORE);
    expect(resolveStoreLocation()).toBe('./.meshwork/mesh.duckdb');
  });
});

describe('openEngine', () => {
  it('tells PostgreSQL URLs from file paths', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://u@h/db')).toBe(true);
    expect(isPostgresUrl('./postgres.duckdb')).toBe(false);
  });

  it('opens a DuckDB engine for a path', async () => {
    const engine = await openEngine(':memory:');
    try {
      expect(engine.kind).toBe('duckdb');
    } finally {
      await engine.close();
    }
  });

  it('refuses a PostgreSQL URL with storage_unavailable until that engine exists', async () => {
    const error = await openEngine('postgresql://user:secret@db.example.com/mesh').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('storage_unavailable');
    expect((error as MeshError).message).not.toContain('secret');
  });
});
