import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { storeMaskingKey, storeMaskingSecretHex } from '../../test/support/masking-key.ts';
import { openEngine } from '../engine/open-engine.ts';
import { Mesh } from '../product/mesh.ts';

const CUSTOMERS = 'customer.profiles';
const JOAO = 'joao.silva@example.com';
const sha256Prefix = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

describe('keyed hash masking', () => {
  let gm: GovernedMesh;
  let secretHex: string;
  beforeAll(async () => {
    gm = await openGovernedMesh();
    await gm.customers.ingest([
      // The same e-mail as CUST001: equal values must mask equally.
      {
        customer_id: 'CUST900',
        name: 'João Twin',
        email: JOAO,
        registration_date: '2024-05-01',
        lifetime_value: 1,
        tier: 'bronze',
      },
    ]);
    const request = await gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'churn model' });
    await gm.carol.governance.approve(request.id);
    secretHex = await storeMaskingSecretHex(gm.store);
  });
  afterAll(async () => {
    await gm.cleanup();
  });

  const bobReads = async () =>
    (await (await gm.bob.product(CUSTOMERS)).query(undefined, { orderBy: 'customer_id' })).rows;

  it('defeats a dictionary attack: the masked e-mail is no SHA-256 prefix of the true value', async () => {
    const rows = await bobReads();
    const joao = rows.find((r) => r.customer_id === 'CUST001');
    const twin = rows.find((r) => r.customer_id === 'CUST900');
    expect(joao?.email).toMatch(/^[0-9a-f]{16}$/);
    expect(joao?.email).not.toBe(sha256Prefix(JOAO));
    // Equal values stay equal, so a consumer can still join and count on them.
    expect(twin?.email).toBe(joao?.email);
    // It is the HMAC-SHA256 of the value keyed with the store's 32-byte secret.
    expect(secretHex).toMatch(/^[0-9a-f]{64}$/);
    expect(joao?.email).toBe(
      createHmac('sha256', Buffer.from(secretHex, 'hex')).update(JOAO).digest('hex').slice(0, 16),
    );
  });

  it('writes exports with exactly the masked values query shows (CSV and NDJSON)', async () => {
    const product = await gm.bob.product(CUSTOMERS);
    const shown = new Map((await bobReads()).map((r) => [r.customer_id, r.email]));
    expect(shown.size).toBe(5);
    const ndjson = await product.exportFile(gm.dir.file('bob.ndjson'), { columns: ['customer_id', 'email'] });
    const exported = readFileSync(ndjson.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { customer_id: string; email: string });
    expect(new Map(exported.map((r) => [r.customer_id, r.email]))).toEqual(shown);
    const csv = await product.exportFile(gm.dir.file('bob.csv'), { columns: ['customer_id', 'email'] });
    const lines = readFileSync(csv.path, 'utf8').trim().split('\n').slice(1);
    expect(new Map(lines.map((l) => l.split(',') as [string, string]))).toEqual(shown);
  });

  it('masks the same value differently in another store', async () => {
    const other = await openGovernedMesh({ ingest: true });
    try {
      const request = await other.bob.governance.requestAccess({
        product: CUSTOMERS,
        purpose: 'churn model',
      });
      await other.carol.governance.approve(request.id);
      const theirs = (await (await other.bob.product(CUSTOMERS)).query({ customer_id: 'CUST001' })).rows[0];
      const ours = (await bobReads()).find((r) => r.customer_id === 'CUST001');
      expect(theirs?.email).toMatch(/^[0-9a-f]{16}$/);
      expect(theirs?.email).not.toBe(ours?.email);
    } finally {
      await other.cleanup();
    }
  });

  it('keeps the secret out of the audit log, the access log and every error', async () => {
    const audit = JSON.stringify(await gm.mesh.governance.auditLog({ limit: 1000 }));
    expect(audit).not.toContain(secretHex);
    expect(JSON.stringify(await gm.customers.accessLog())).not.toContain(secretHex);
    const error = await failureOf(
      (await gm.bob.product(CUSTOMERS)).exportFile(gm.dir.file('no-such-folder/x.csv')),
    );
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(secretHex);
  });

  it('is created with the store and given, once, to a store that has none', async () => {
    const engine = await openEngine(gm.store);
    try {
      expect(await engine.query('SELECT count(*) AS n FROM mw_secrets')).toEqual([{ n: 1 }]);
      // A store without a secret was written by an older version, before the schema version marker: opening it
      // runs the set-up once (a store at this schema version is not set up again; see store-setup.test.ts).
      await engine.execute("DELETE FROM mw_secrets WHERE name = 'masking'");
      await engine.execute("DELETE FROM mw_meta WHERE key = 'schema_version'");
    } finally {
      await engine.close();
    }
    const again = await Mesh.open({ store: gm.store });
    await again.close();
    const fresh = await storeMaskingSecretHex(gm.store);
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(secretHex);
    const reopened = await Mesh.open({ store: gm.store });
    await reopened.close();
    expect(await storeMaskingSecretHex(gm.store)).toBe(fresh);
    expect((await storeMaskingKey(gm.store)).hash(JOAO)).toBe(
      createHmac('sha256', Buffer.from(fresh, 'hex')).update(JOAO).digest('hex').slice(0, 16),
    );
  });
});
