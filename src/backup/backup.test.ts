import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEngine } from '../engine/open-engine.ts';
import type { Engine, Row } from '../engine/engine.ts';
import { Mesh } from '../product/mesh.ts';
import { exampleRecords, exampleSpec } from '../../test/support/example-mesh.ts';
import { freshPostgresDatabase } from '../../test/support/postgres-cluster.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { createBackup } from './create-backup.ts';
import { restoreBackup } from './restore-backup.ts';

/** A target store a restore writes into: a location and how to remove it. New engines add a factory here. */
interface StoreFactory {
  readonly name: string;
  create(gm: GovernedMesh, label: string): Promise<string>;
}

const TARGETS: readonly StoreFactory[] = [
  { name: 'duckdb', create: async (gm, label) => gm.dir.file(`${label}.duckdb`) },
  { name: 'postgres', create: async () => freshPostgresDatabase() },
];

/** Every row of every table (platform and product), sorted, read straight through the engine. */
async function dumpStore(engine: Engine): Promise<Record<string, Row[]>> {
  const tables = (
    await engine.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).map((r) => String(r.table_name));
  const out: Record<string, Row[]> = {};
  for (const t of tables) {
    const rows = await engine.query(`SELECT * FROM "${t}"`);
    out[t] = rows
      .map((r) => JSON.stringify(r))
      .sort()
      .map((s) => JSON.parse(s) as Row);
  }
  return out;
}

async function dumpFile(path: string): Promise<Record<string, Row[]>> {
  const engine = await openEngine(path, { create: false });
  try {
    return await dumpStore(engine);
  } finally {
    await engine.close();
  }
}

let gm: GovernedMesh | undefined;
afterEach(async () => {
  await gm?.cleanup();
  gm = undefined;
});

async function populated(options: { major?: boolean } = {}): Promise<GovernedMesh> {
  gm = await openGovernedMesh();
  if (options.major === true) {
    // A second major version: its own table beside the first one's, both backed up.
    const { analytics: _analytics, ...spec } = exampleSpec('sales') as Record<string, unknown> & {
      schema: { fields: unknown[] };
    };
    await gm.mesh.publishSpec({
      ...spec,
      version: '2.0.0',
      schema: {
        ...spec.schema,
        fields: [
          ...spec.schema.fields,
          { name: 'channel', type: 'string', required: false, description: 'Where the sale happened.' },
        ],
      },
    });
  }
  const request = await gm.bob.governance.requestAccess({
    product: 'sales.transactions',
    purpose: 'forecast',
  });
  await gm.alice.governance.approve(request.id);
  return gm;
}

describe.each(TARGETS)('backup and restore onto $name', (target) => {
  it('restores every platform and product row, contract document and audit entry, and sequences continue', async () => {
    const g = await populated({ major: true });
    const dir = g.dir.file('backup-1');
    const { manifest } = await createBackup(g.mesh, dir);
    await g.mesh.close();
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
    expect(manifest.productTables.map((t) => t.spec.name).sort()).toEqual([
      'data_customer__profiles__v1',
      'data_sales__transactions__v1',
      'data_sales__transactions__v2',
    ]);
    const sales = manifest.productTables.find((t) => t.spec.name === 'data_sales__transactions__v2');
    expect(sales?.rows).toBe(exampleRecords('sales').length);

    const store = await target.create(g, 'restored');
    const restored = await restoreBackup(dir, store);
    expect(restored.audit.ok).toBe(true);

    const before = await dumpFile(g.store);
    const after = await dumpFile(store);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    // Contract documents byte for byte.
    expect(after.mw_product_documents?.map((r) => r.text)).toEqual(
      before.mw_product_documents?.map((r) => r.text),
    );

    const mesh = await Mesh.open({ store, create: false });
    try {
      expect((await mesh.governance.verifyAudit()).ok).toBe(true);
      const maxGrant = Math.max(...(before.mw_grants ?? []).map((r) => Number(r.id)));
      const request = await (await mesh.as('dave')).governance.requestAccess({
        product: 'sales.transactions',
        purpose: 'audit',
      });
      const grant = await mesh.governance.approve(request.id);
      expect(grant.id).toBeGreaterThan(maxGrant);
    } finally {
      await mesh.close();
    }

    // A second hop back onto DuckDB (so the PostgreSQL case is DuckDB → PostgreSQL → DuckDB): nothing changes.
    const again = await Mesh.open({ store, create: false });
    const dir2 = g.dir.file('backup-2');
    await createBackup(again, dir2);
    await again.close();
    const store2 = g.dir.file('restored-2.duckdb');
    await restoreBackup(dir2, store2);
    const third = await dumpFile(store2);
    for (const table of Object.keys(third))
      expect(third[table], table).toEqual((await dumpFile(store))[table]);
  });
});

describe('backup', () => {
  it('takes a consistent snapshot while an ingest writes through another handle', async () => {
    const g = await populated();
    const writer = await g.reopen();
    const product = await writer.product('sales.transactions');
    const records = exampleRecords('sales').map((r, i) => ({ ...r, transaction_id: `bk-${i}` }));
    const ingest = product.ingest(
      records.concat(records.map((r, i) => ({ ...r, transaction_id: `bk2-${i}` }))),
    );
    const dir = g.dir.file('during-ingest');
    const { manifest } = await createBackup(g.mesh, dir);
    await ingest;
    await writer.close();
    await g.mesh.close();
    const store = g.dir.file('during.duckdb');
    const restored = await restoreBackup(dir, store);
    expect(restored.audit.ok).toBe(true);
    const dump = await dumpFile(store);
    for (const t of manifest.productTables) expect(dump[t.spec.name]?.length).toBe(t.rows);
    for (const t of manifest.platformTables)
      expect(dump[t.name]?.length, t.name).toBeGreaterThanOrEqual(t.rows);
  });

  it('refuses an existing folder that is not empty, and a principal that is not a platform admin', async () => {
    const g = await populated();
    const dir = g.dir.file('taken');
    await createBackup(g.mesh, dir);
    expect((await failureOf(createBackup(g.mesh, dir))).code).toBe('already_exists');
    const error = await failureOf(createBackup(g.bob, g.dir.file('bob')));
    expect(error.code).toBe('unauthorized');
    expect(readdirSync(g.dir.path).filter((n) => n.startsWith('bob'))).toEqual([]);
  });
});

/** The same DuckDB store seen as an engine that cannot write Parquet itself, so the backup goes through the bridge. */
function withoutParquet(engine: Engine): Engine {
  return new Proxy(engine, {
    get(target, prop) {
      if (prop === 'capabilities') return { ...target.capabilities, parquet: false };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('backup from an engine without Parquet', () => {
  it('writes product tables through the Parquet bridge, and they restore equal', async () => {
    const g = await populated({ major: true });
    await g.mesh.close();
    const engine = await openEngine(g.store, { create: false });
    const dir = g.dir.file('bridged');
    try {
      const mesh = await Mesh.open({ engine: withoutParquet(engine) });
      await createBackup(mesh, dir);
      await mesh.close();
    } finally {
      await engine.close();
    }
    const store = g.dir.file('bridged.duckdb');
    expect((await restoreBackup(dir, store)).audit.ok).toBe(true);
    const before = await dumpFile(g.store);
    const after = await dumpFile(store);
    for (const table of Object.keys(before).filter((t) => t.startsWith('data_')))
      expect(after[table], table).toEqual(before[table]);
  });
});

describe('a keyed audit chain', () => {
  it('restores byte for byte, verifies with the same key, and fails loudly (leaving no store) without it', async () => {
    const g = await populated();
    await g.mesh.close();
    const key = 'k'.repeat(40);
    const keyed = await Mesh.open({ store: g.store, auditKey: key });
    await keyed.governance.enrollAuditKey();
    await keyed.governance.addPrincipal({ id: 'frank', roles: ['consumer'] });
    const dir = g.dir.file('keyed');
    await createBackup(keyed, dir);
    await keyed.close();
    const store = g.dir.file('keyed.duckdb');
    expect((await restoreBackup(dir, store, { auditKey: key })).audit.protection).toBe('keyed');
    expect((await dumpFile(store)).mw_audit_log).toEqual((await dumpFile(g.store)).mw_audit_log);
    const unkeyed = g.dir.file('unkeyed.duckdb');
    const error = await failureOf(restoreBackup(dir, unkeyed));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('MESHWORK_AUDIT_KEY');
    expect(existsSync(unkeyed)).toBe(false);
  });
});

describe('restore', () => {
  async function backedUp(): Promise<{ g: GovernedMesh; dir: string }> {
    const g = await populated();
    const dir = g.dir.file('backup');
    await createBackup(g.mesh, dir);
    return { g, dir };
  }

  it('refuses a folder without a manifest, and an edited manifest', async () => {
    const { g, dir } = await backedUp();
    expect((await failureOf(restoreBackup(g.dir.path, g.dir.file('a.duckdb')))).code).toBe('not_found');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, storeSchemaVersion: 999 }));
    const newer = await failureOf(restoreBackup(dir, g.dir.file('b.duckdb')));
    expect(newer.code).toBe('storage_unavailable');
    writeFileSync(join(dir, 'manifest.json'), '{"format":"something-else"}');
    expect((await failureOf(restoreBackup(dir, g.dir.file('c.duckdb')))).code).toBe('invalid_input');
    expect(existsSync(g.dir.file('b.duckdb'))).toBe(false);
  });

  it('refuses a tampered data file, naming it, and leaves no store behind', async () => {
    const { g, dir } = await backedUp();
    const file = join(dir, 'platform', 'mw_grants.ndjson');
    writeFileSync(file, readFileSync(file, 'utf8').replace('forecast', 'forecasT'));
    const error = await failureOf(restoreBackup(dir, g.dir.file('t.duckdb')));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('platform/mw_grants.ndjson');
    expect(existsSync(g.dir.file('t.duckdb'))).toBe(false);
  });

  it('refuses a target store that is not empty and leaves it as it was', async () => {
    const { g, dir } = await backedUp();
    await g.mesh.close();
    const error = await failureOf(restoreBackup(dir, g.store));
    expect(error.code).toBe('already_exists');
    const mesh = await Mesh.open({ store: g.store, create: false });
    try {
      expect((await mesh.governance.verifyAudit()).ok).toBe(true);
    } finally {
      await mesh.close();
    }
  });
});
