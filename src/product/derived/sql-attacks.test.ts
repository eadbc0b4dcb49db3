import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../../test/support/governed-mesh.ts';
import { ordersFiles } from '../../../test/support/orders-contract.ts';
import {
  attackProductId,
  derivedAttackSpec,
  namesNode,
  nodeText,
  SQL_ATTACKS,
  withQualityPayload,
} from '../../../test/support/sql-attacks.ts';
import { ProductRegistry } from '../../catalog/product-registry.ts';
import { readProductFolder } from '../../contract/product-folder.ts';
import type { MeshError } from '../../core/errors.ts';
import type { Engine } from '../../engine/engine.ts';
import { openEngine } from '../../engine/open-engine.ts';

const PROBE = 'sales.attack_probe';
const registry = new ProductRegistry();

let gm: GovernedMesh;
/** A second handle on the store, to plant SQL in the catalog as if it had been stored before the guard existed. */
let engine: Engine;
let probeRows: number;

beforeAll(async () => {
  gm = await openGovernedMesh();
  engine = await openEngine(gm.store);
  const probe = await gm.alice.createProduct(
    derivedAttackSpec(PROBE, 'SELECT customer_id AS v FROM {{sales.transactions}}'),
  );
  probeRows = (await probe.refresh()).records;
});

afterAll(async () => {
  await engine.close();
  await gm.cleanup();
});

async function deniedEntries(productId: string): Promise<{ operation: string; message: string | null }[]> {
  // Oldest first, and every entry: the corpus writes more than the default page of 100.
  return (await gm.mesh.accessLog({ productId, order: 'asc', limit: 100_000 }))
    .filter((e) => e.outcome === 'denied')
    .map((e) => ({ operation: e.operation, message: e.message }));
}

function expectRefusal(error: Error & { code?: string }, attack: (typeof SQL_ATTACKS)[number]): void {
  expect(error.code, error.message).toBe('policy_denied');
  expect(error.message).toContain(nodeText(attack));
  expect(namesNode((error as MeshError).details, attack), JSON.stringify((error as MeshError).details)).toBe(
    true,
  );
}

describe('the SQL attack corpus', () => {
  it('holds at least 60 payloads with unique ids, in both contexts', () => {
    expect(SQL_ATTACKS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SQL_ATTACKS.map((a) => a.id)).size).toBe(SQL_ATTACKS.length);
    expect(new Set(SQL_ATTACKS.map((a) => a.context))).toEqual(new Set(['derived', 'quality']));
  });
});

describe('derived-product SQL attacks through the SDK', () => {
  it.each(SQL_ATTACKS.filter((a) => a.context === 'derived').map((a) => [a.id, a] as const))(
    '%s is refused at create and at refresh, naming the node, storing and reading nothing',
    async (_, attack) => {
      const id = attackProductId(attack);
      const before = (await gm.mesh.listProducts()).map((p) => p.id);
      expectRefusal(await failureOf(gm.alice.createProduct(derivedAttackSpec(id, attack.sql))), attack);
      expect((await gm.mesh.listProducts()).map((p) => p.id)).toEqual(before);
      expect(await engine.tableExists(`data_${id.replace('.', '__')}__v1`)).toBe(false);
      expect((await deniedEntries(id)).map((e) => e.operation)).toEqual(['create']);

      // The same SQL planted in the stored descriptor (as if stored before the guard) is refused when refreshed.
      const record = await registry.find(engine, PROBE);
      if (!record?.descriptor.derived) throw new Error('the probe product is gone');
      await registry.update(engine, {
        ...record.descriptor,
        derived: { ...record.descriptor.derived, sql: attack.sql },
      });
      // Put back even when an assertion fails, so one payload's failure does not become the next one's.
      try {
        const probe = await gm.alice.product(PROBE);
        const deniedBefore = (await deniedEntries(PROBE)).length;
        expectRefusal(await failureOf(probe.refresh()), attack);
        expect(await engine.count(record.tableName)).toBe(probeRows);
        const rows = await engine.query(`SELECT DISTINCT v FROM "${record.tableName}" WHERE v NOT LIKE 'C%'`);
        expect(rows).toEqual([]);
        const denied = await deniedEntries(PROBE);
        expect(denied).toHaveLength(deniedBefore + 1);
        expect(denied.at(-1)?.operation).toBe('refresh');
      } finally {
        await registry.update(engine, record.descriptor);
      }
    },
  );
});

describe('quality-check SQL attacks through the SDK', () => {
  it.each(SQL_ATTACKS.filter((a) => a.context === 'quality').map((a) => [a.id, a] as const))(
    '%s is refused at publish, naming the node, storing nothing',
    async (_, attack) => {
      const { spec, documents } = readProductFolder(
        ordersFiles((c) => withQualityPayload(c, attack.sql)),
        { root: 'orders' },
      );
      const before = (await gm.mesh.listProducts()).map((p) => p.id);
      expectRefusal(await failureOf(gm.alice.publishSpec(spec, { documents })), attack);
      expect((await gm.mesh.listProducts()).map((p) => p.id)).toEqual(before);
      expect(await engine.tableExists('data_sales__orders__v1')).toBe(false);
    },
  );
});

describe('quality-check SQL attacks in a draft', () => {
  it.each(SQL_ATTACKS.filter((a) => a.context === 'quality').map((a) => [a.id, a] as const))(
    '%s is refused at create, and when planted in a stored draft, at its publish',
    async (_, attack) => {
      const id = 'sales.orders';
      const payload = readProductFolder(
        ordersFiles((c) => withQualityPayload(c, attack.sql)),
        { root: 'orders' },
      );
      const existed = await gm.mesh.hasProduct(id);
      expectRefusal(
        await failureOf(gm.alice.createProduct(payload.spec, { documents: payload.documents })),
        attack,
      );
      expect(await gm.mesh.hasProduct(id)).toBe(existed);

      // A draft stored with clean checks, whose stored contract then gets the payload (as if stored before the guard
      // checked drafts), is refused when it is published: it stays a draft.
      const clean = readProductFolder(ordersFiles(), { root: 'orders' });
      const draft = await gm.alice.createProduct(clean.spec, {
        documents: clean.documents,
        ifExists: 'reuse',
      });
      const contract = payload.documents.find((d) => d.role === 'contract');
      if (contract === undefined) throw new Error('the orders folder has no contract');
      await engine.execute(
        "UPDATE mw_product_documents SET text = $1 WHERE product_id = $2 AND role = 'contract'",
        [contract.text, id],
      );
      const deniedBefore = (await deniedEntries(id)).length;
      expectRefusal(await failureOf(draft.publish()), attack);
      expect((await draft.descriptor()).status).toBe('draft');
      const denied = await deniedEntries(id);
      expect(denied).toHaveLength(deniedBefore + 1);
      expect(denied.map((e) => e.operation)).toContain('publish');
    },
  );
});
