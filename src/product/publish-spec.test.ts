import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleSpec } from '../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { ORDERS_CONTRACT, ORDERS_PRODUCT, ordersFiles } from '../../test/support/orders-contract.ts';
import { readProductFolder } from '../contract/product-folder.ts';
import { ContractViolationError } from '../core/errors.ts';

let gm: GovernedMesh;
beforeEach(async () => {
  gm = await openGovernedMesh();
});
afterEach(async () => {
  await gm.cleanup();
});

type SpecLike = Record<string, unknown> & { schema: { fields: Record<string, unknown>[] } };
const sales = (): SpecLike => exampleSpec('sales') as SpecLike;
const withVersion = (spec: SpecLike, version: string): SpecLike => ({ ...spec, version });

describe('mesh.publishSpec', () => {
  it('does nothing for the published version when the spec is unchanged', async () => {
    const outcome = await gm.mesh.publishSpec(sales());
    expect(outcome).toMatchObject({ action: 'unchanged', version: '1.0.0', lifecycle: null });
  });

  it('adds an optional field in a minor version and keeps the stored rows', async () => {
    const next = withVersion(sales(), '1.1.0');
    next.schema = {
      ...next.schema,
      fields: [...next.schema.fields, { name: 'channel', type: 'string', required: false }],
    };
    const outcome = await gm.mesh.publishSpec(next);
    expect(outcome).toMatchObject({ action: 'upgraded', previousVersion: '1.0.0' });
    const { rows } = await gm.sales.query(
      { transaction_id: 'TXN001' },
      { columns: ['transaction_id', 'channel'] },
    );
    expect(rows).toEqual([{ transaction_id: 'TXN001', channel: null }]);
  });

  it('refuses a breaking change without a major version and names the downstream products it would break', async () => {
    await gm.mesh.createProduct(exampleSpec('customer_revenue'));
    const next = withVersion(sales(), '1.1.0');
    next.schema = {
      ...next.schema,
      fields: next.schema.fields.map((f) => (f.name === 'amount' ? { ...f, type: 'integer' } : f)),
    };
    const error = await failureOf(gm.mesh.publishSpec(next));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.message).toContain('amount');
    expect(error.message).toContain('downstream products sales.customer_revenue');
    expect(error.message).not.toContain('consumers with access');
    expect((await gm.sales.descriptor()).version).toBe('1.0.0');
  });

  it('refuses an upgrade by a principal who does not own the domain', async () => {
    const error = await failureOf(gm.bob.publishSpec(withVersion(sales(), '1.0.1')));
    expect(error.code).toBe('unauthorized');
    expect((await gm.sales.descriptor()).version).toBe('1.0.0');
    const ok = await gm.alice.publishSpec(withVersion(sales(), '1.0.1'));
    expect(ok.action).toBe('upgraded');
  });

  it('names the consumers holding a grant in a breaking-change refusal', async () => {
    const request = await gm.bob.governance.requestAccess({
      product: 'sales.transactions',
      purpose: 'forecast',
    });
    await gm.alice.governance.approve(request.id, { comment: 'ok' });
    const next = withVersion(sales(), '1.1.0');
    next.schema = {
      ...next.schema,
      fields: next.schema.fields.map((f) => (f.name === 'amount' ? { ...f, type: 'integer' } : f)),
    };
    const error = await failureOf(gm.alice.publishSpec(next));
    expect(error.message).toContain('consumers with access: bob');
  });
});

describe('mesh.publishSpec with the documents it was read from', () => {
  const read = (edit?: (contract: string) => string) =>
    readProductFolder(ordersFiles(edit), { root: 'orders' });
  const bump = (version: string, edit: (contract: string) => string = (c) => c) =>
    readProductFolder(ordersFiles(edit, version), { root: 'orders' });
  const stored = async (version: string) =>
    (await (await gm.mesh.product('sales.orders')).publishedDocuments(version)).map((d) => [
      d.role,
      d.file,
      d.text,
    ]);

  it('stores the ODCS and ODPS documents with the first version, byte for byte', async () => {
    const { spec, documents } = read();
    const outcome = await gm.mesh.publishSpec(spec, { documents });
    expect(outcome.action).toBe('created');
    expect(await stored('1.0.0')).toEqual([
      ['contract', 'contract.odcs.yaml', ORDERS_CONTRACT],
      ['product', 'product.odps.yaml', ORDERS_PRODUCT],
    ]);
  });

  it('keeps a reformatted document of an unchanged version and refuses changed content without a new version', async () => {
    const first = read();
    await gm.mesh.publishSpec(first.spec, { documents: first.documents });
    const commented = read((c) => `# reviewed\n${c}`);
    expect((await gm.mesh.publishSpec(commented.spec, { documents: commented.documents })).action).toBe(
      'unchanged',
    );
    expect((await stored('1.0.0'))[0]?.[2]).toBe(`# reviewed\n${ORDERS_CONTRACT}`);
    const tighter = read((c) => c.replace('mustBeLessThan: 2', 'mustBeLessThan: 1'));
    const error = await failureOf(gm.mesh.publishSpec(tighter.spec, { documents: tighter.documents }));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('already registered with different content; bump the version');
    expect(error.message).toContain('few_missing_emails');
  });

  it('refuses a loosened contract-level quality check without a major version and accepts it as one', async () => {
    const first = read();
    await gm.mesh.publishSpec(first.spec, { documents: first.documents });
    const looser = (c: string) => c.replace('          - 5\n', '          - 50\n');
    const minor = bump('1.1.0', looser);
    const error = await failureOf(gm.mesh.publishSpec(minor.spec, { documents: minor.documents }));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.message).toContain('quality check order_volume has a looser threshold');
    expect((await (await gm.mesh.product('sales.orders')).descriptor()).version).toBe('1.0.0');
    const major = bump('2.0.0', looser);
    expect((await gm.mesh.publishSpec(major.spec, { documents: major.documents })).action).toBe('upgraded');
    expect((await stored('2.0.0'))[0]?.[2]).toContain('- 50');
    expect((await stored('1.0.0'))[0]?.[2]).toBe(ORDERS_CONTRACT);
  });

  it('refuses documents that describe another version, storing nothing', async () => {
    const { spec } = read();
    const { documents } = bump('1.1.0');
    const error = await failureOf(gm.mesh.publishSpec(spec, { documents }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('describe sales.orders 1.1.0');
    expect(await gm.mesh.hasProduct('sales.orders')).toBe(false);
  });
});
