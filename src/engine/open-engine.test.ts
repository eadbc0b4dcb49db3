import { afterAll, describe, expect, it } from 'vitest';
import { MeshError } from '../core/errors.ts';
import { dropFreshPostgresDatabases, freshPostgresDatabase } from '../../test/support/postgres-cluster.ts';
import {
  DEFAULT_STORE,
  isPostgresUrl,
  openEngine,
  resolveStoreLocation,
  STORE_LOCATION_HELP,
} from './open-engine.ts';

afterAll(dropFreshPostgresDatabases);

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

  it('opens a PostgreSQL engine for a postgres:// or postgresql:// URL, loaded on demand', async () => {
    const url = await freshPostgresDatabase();
    for (const location of [url, url.replace(/^postgres:/, 'postgresql:')]) {
      const engine = await openEngine(location, { create: false });
      try {
        expect(engine.kind).toBe('postgres');
        expect(engine.capabilities.multiProcess).toBe(true);
      } finally {
        await engine.close();
      }
    }
  });

  it('refuses an unreachable PostgreSQL server with storage_unavailable, never showing the password', async () => {
    const error = await openEngine('postgresql://user:secret@127.0.0.1:1/mesh').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('storage_unavailable');
    expect((error as MeshError).message).toContain('postgresql://user:***@127.0.0.1:1/mesh');
    expect((error as MeshError).message).not.toContain('secret');
  });

  it('says in the --store help that both a DuckDB file and a PostgreSQL URL are accepted', () => {
    expect(STORE_LOCATION_HELP).toMatch(/DuckDB file path/);
    expect(STORE_LOCATION_HELP).toMatch(/PostgreSQL URL/);
  });
});
