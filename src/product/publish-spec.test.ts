import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleSpec } from '../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
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
