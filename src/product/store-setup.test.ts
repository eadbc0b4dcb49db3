import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, exampleSpec, type TempDir } from '../../test/support/example-mesh.ts';
import { ProductRegistry } from '../catalog/product-registry.ts';
import { STORE_SCHEMA_VERSION } from '../catalog/store-schema.ts';
import { MeshError } from '../core/errors.ts';
import { openDuckDbEngine } from '../engine/duckdb/duckdb-engine.ts';
import type { Engine } from '../engine/engine.ts';
import { AuditLog, GENESIS_ACTION } from '../governance/audit-log.ts';
import { DEFAULT_POLICIES } from '../governance/default-policies.ts';
import { Mesh } from './mesh.ts';
import { setUpStore } from './store-setup.ts';

/** Runs `fn` on a raw engine over the store file, outside any mesh, and closes it. */
async function raw<T>(store: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openDuckDbEngine({ path: store });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

const schemaVersion = (engine: Engine) =>
  engine.query("SELECT value FROM mw_meta WHERE key = 'schema_version'").then((r) => r[0]?.value);
const count = async (engine: Engine, sql: string) => Number((await engine.query(sql))[0]?.n);

async function refusal(promise: Promise<unknown>): Promise<MeshError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
}

describe('opening a store (schema version)', () => {
  let dir: TempDir;
  let store: string;
  beforeEach(() => {
    dir = createTempDir();
    store = dir.file('mesh.duckdb');
  });
  afterEach(() => {
    dir.remove();
  });

  it('sets a new store up once and records the schema version', async () => {
    await (await Mesh.open({ store })).close();
    await raw(store, async (engine) => {
      expect(await schemaVersion(engine)).toBe(String(STORE_SCHEMA_VERSION));
      expect(await count(engine, 'SELECT COUNT(*) AS n FROM mw_policies')).toBe(DEFAULT_POLICIES.length);
      expect(
        await count(engine, `SELECT COUNT(*) AS n FROM mw_audit_log WHERE action = '${GENESIS_ACTION}'`),
      ).toBe(1);
    });
  });

  it('re-opens a store at this schema version without running the set-up again', async () => {
    await (await Mesh.open({ store })).close();
    // Remove things the set-up would put back: a platform table, a seeded policy and the masking secret.
    await raw(store, async (engine) => {
      await engine.execute('DROP TABLE mw_segments');
      await engine.execute('DELETE FROM mw_policies WHERE id = $1', [DEFAULT_POLICIES[0]?.id ?? '']);
      await engine.execute("DELETE FROM mw_secrets WHERE name = 'masking'");
    });
    await (await Mesh.open({ store })).close();
    await raw(store, async (engine) => {
      expect(await engine.tableExists('mw_segments')).toBe(false);
      expect(await count(engine, 'SELECT COUNT(*) AS n FROM mw_policies')).toBe(DEFAULT_POLICIES.length - 1);
      expect(await count(engine, 'SELECT COUNT(*) AS n FROM mw_secrets')).toBe(0);
    });
  });

  it('writes nothing and runs no transaction when it opens a store at this schema version', async () => {
    await (await Mesh.open({ store })).close();
    const engine = await openDuckDbEngine({ path: store });
    const calls: string[] = [];
    // A counting wrapper around the real engine: every write path of the port goes through these methods.
    const counting = new Proxy(engine, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    try {
      await (await Mesh.open({ engine: counting })).close();
      expect(calls.filter((c) => c !== 'query' && c !== 'tableExists')).toEqual([]);
      expect(calls.length).toBeLessThanOrEqual(2);
    } finally {
      await engine.close();
    }
  });

  it('upgrades a store written before the marker existed once, keeping its products', async () => {
    const mesh = await Mesh.open({ store });
    await mesh.createProduct(exampleSpec('sales'));
    await mesh.close();
    // What the previous release left: no schema version, and (standing for a table added since) a table missing.
    await raw(store, async (engine) => {
      await engine.execute("DELETE FROM mw_meta WHERE key = 'schema_version'");
      await engine.execute('DROP TABLE mw_segments');
    });
    const upgraded = await Mesh.open({ store });
    try {
      expect((await upgraded.listProducts()).map((p) => p.id)).toEqual(['sales.transactions']);
    } finally {
      await upgraded.close();
    }
    await raw(store, async (engine) => {
      expect(await schemaVersion(engine)).toBe(String(STORE_SCHEMA_VERSION));
      expect(await engine.tableExists('mw_segments')).toBe(true);
      // An upgrade is not a creation: the chain keeps its one genesis entry, and policies are not seeded twice.
      expect(
        await count(engine, `SELECT COUNT(*) AS n FROM mw_audit_log WHERE action = '${GENESIS_ACTION}'`),
      ).toBe(1);
      expect(await count(engine, 'SELECT COUNT(*) AS n FROM mw_policies')).toBe(DEFAULT_POLICIES.length);
    });
  });

  it('migrates a store of schema version 3 in place: the webhook lease table is added, nothing else changes', async () => {
    const mesh = await Mesh.open({ store });
    await mesh.createProduct(exampleSpec('sales'));
    await mesh.webhooks.register({ url: 'https://hooks.example.com/in', product: 'sales.transactions' });
    await mesh.close();
    // What release 3 of the layout left: no lease table.
    await raw(store, async (engine) => {
      await engine.execute("UPDATE mw_meta SET value = '3' WHERE key = 'schema_version'");
      await engine.execute('DROP TABLE mw_webhook_leases');
    });
    const upgraded = await Mesh.open({ store });
    try {
      expect((await upgraded.webhooks.list()).map((w) => w.url)).toEqual(['https://hooks.example.com/in']);
      expect(await upgraded.governance.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      await upgraded.close();
    }
    await raw(store, async (engine) => {
      expect(await schemaVersion(engine)).toBe(String(STORE_SCHEMA_VERSION));
      expect(await engine.tableExists('mw_webhook_leases')).toBe(true);
    });
  });

  it('refuses a store written by a newer version, read-write and read-only, naming both versions', async () => {
    await (await Mesh.open({ store })).close();
    const newer = STORE_SCHEMA_VERSION + 1;
    await raw(store, (engine) =>
      engine.execute("UPDATE mw_meta SET value = $1 WHERE key = 'schema_version'", [String(newer)]),
    );
    for (const readOnly of [false, true]) {
      const error = await refusal(Mesh.open({ store, readOnly }));
      expect(error.code).toBe('storage_unavailable');
      expect(error.message).toContain(`schema version ${newer}`);
      expect(error.message).toContain(`schema version ${STORE_SCHEMA_VERSION}`);
      expect(error.message).toMatch(/upgrade Meshwork/);
    }
    // Refused means untouched: the marker stays, and the store can be opened again (and refused again).
    await raw(store, async (engine) => expect(await schemaVersion(engine)).toBe(String(newer)));
  });

  it('refuses a schema version that is not a number with invalid_input', async () => {
    await (await Mesh.open({ store })).close();
    await raw(store, (engine) =>
      engine.execute("UPDATE mw_meta SET value = 'two' WHERE key = 'schema_version'"),
    );
    const error = await refusal(Mesh.open({ store }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('"two"');
  });

  it('opens two meshes of a new store at once round after round, never finding its file still empty', async () => {
    for (let round = 0; round < 30; round += 1) {
      const store = dir.file(`mesh-${round}.duckdb`);
      const meshes = await Promise.all([Mesh.open({ store }), Mesh.open({ store })]);
      for (const mesh of meshes) await mesh.close();
      const again = await Mesh.open({ store });
      expect((await again.governance.verifyAudit()).ok).toBe(true);
      await again.close();
    }
  }, 300_000);

  it('sets a new store up once when two handles in one process create it at the same time', async () => {
    const meshes = await Promise.all([Mesh.open({ store }), Mesh.open({ store })]);
    for (const mesh of meshes) await mesh.close();
    await raw(store, async (engine) => {
      expect(
        await count(engine, `SELECT COUNT(*) AS n FROM mw_audit_log WHERE action = '${GENESIS_ACTION}'`),
      ).toBe(1);
      expect(await count(engine, 'SELECT COUNT(*) AS n FROM mw_policies')).toBe(DEFAULT_POLICIES.length);
    });
  });

  it('opens a store read-only as it is, without setting up one that lacks the marker', async () => {
    await (await Mesh.open({ store })).close();
    await raw(store, (engine) => engine.execute("DELETE FROM mw_meta WHERE key = 'schema_version'"));
    await (await Mesh.open({ store, readOnly: true })).close();
    await raw(store, async (engine) => expect(await schemaVersion(engine)).toBeUndefined());
  });
});

describe('setUpStore', () => {
  it('can run again on a set-up store without changing anything', async () => {
    const engine = await openDuckDbEngine({ path: ':memory:' });
    try {
      const context = {
        auditLog: new AuditLog(),
        registry: new ProductRegistry(),
        at: '2026-12-04T00:00:00Z',
      };
      await engine.transaction((tx) => setUpStore(tx, context));
      const snapshot = async () => ({
        audit: await count(engine, 'SELECT COUNT(*) AS n FROM mw_audit_log'),
        policies: await count(engine, 'SELECT COUNT(*) AS n FROM mw_policies'),
        meta: await engine.query('SELECT key, value FROM mw_meta ORDER BY key'),
        secret: await engine.query('SELECT value FROM mw_secrets'),
      });
      const before = await snapshot();
      await engine.transaction((tx) => setUpStore(tx, context));
      expect(await snapshot()).toEqual(before);
    } finally {
      await engine.close();
    }
  });

  it('matches the layout recorded for STORE_SCHEMA_VERSION (bump the version when the platform tables change)', async () => {
    const engine = await openDuckDbEngine({ path: ':memory:' });
    try {
      const context = {
        auditLog: new AuditLog(),
        registry: new ProductRegistry(),
        at: '2026-12-04T00:00:00Z',
      };
      await engine.transaction((tx) => setUpStore(tx, context));
      const columns = await engine.query(
        `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
      );
      const layout = createHash('sha256').update(JSON.stringify(columns)).digest('hex').slice(0, 16);
      // A store at this version is never set up again, so a changed layout needs a new version (and this entry).
      expect({ version: STORE_SCHEMA_VERSION, layout }).toEqual({ version: 4, layout: '535456ad75e656db' });
    } finally {
      await engine.close();
    }
  });
});
