import type { Operation } from '../../catalog/access-log.ts';
import type { ProductRecord } from '../../catalog/product-registry.ts';
import { bindInputs } from '../../core/derived-spec.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { isMeshError, MeshError } from '../../core/errors.ts';
import type { EngineSession } from '../../engine/engine.ts';
import { quoteAnsiIdent } from '../../engine/sql/sql-dialect.ts';
import { findPiiCarryOver } from '../../governance/pii-carry-over.ts';
import { type AllowedUserSql, checkUserSql } from '../../governance/user-sql-guard.ts';
import type { MeshContext } from '../mesh-context.ts';
import type { ProductGuard } from '../product-guard.ts';

/** The parts of a derived product's descriptor its SQL is checked with. */
export type DerivedProductShape = Pick<ProductDescriptor, 'id' | 'version' | 'derived' | 'schema'>;

/**
 * Checks a derived product's SQL on the engine's parse tree against its inputs' tables (see `checkUserSql`): it may
 * read only the output-port tables of its declared inputs, which the platform puts in place of the `{{…}}`
 * placeholders. Returns what the guard allowed, with the bound SQL to run.
 * @throws MeshError `policy_denied` naming the offending node and its position.
 */
export async function checkDerivedSql(
  s: EngineSession,
  d: DerivedProductShape,
  inputs: readonly ProductRecord[],
  operation: Operation,
): Promise<AllowedUserSql & { readonly sql: string }> {
  const derived = d.derived;
  if (derived === undefined) throw new Error(`checkDerivedSql called for ${d.id}, which is not derived`);
  const quoted = new Map(inputs.map((r) => [r.descriptor.id, quoteAnsiIdent(r.tableName)]));
  const bound = bindInputs(derived.sql, quoted);
  const allowed = await checkUserSql(s, bound, {
    operation: `${operation} of ${d.id}`,
    tables: new Map(inputs.map((r) => [r.tableName, r.descriptor.id])),
    howToRead: '{{domain.name}} placeholders of its declared inputs',
  });
  return { ...allowed, sql: bound.text };
}

/**
 * Everything a derived product must satisfy before it is created, published or refreshed, checked for the acting
 * principal now: read access to every input (unmasked), its SQL allowed by the user-SQL guard, and every output field
 * that may carry an upstream PII column marked PII itself. Refusals are audited as denied on the product.
 * @throws MeshError `unauthorized`, `policy_denied` or `not_found`.
 */
export async function assertDerivedAllowed(
  ctx: MeshContext,
  guard: ProductGuard,
  d: DerivedProductShape,
  operation: Operation,
): Promise<void> {
  if (d.derived === undefined) return;
  const inputs = await guard.assertDerivedInputs(d, operation);
  let allowed: AllowedUserSql;
  try {
    allowed = await checkDerivedSql(ctx.engine, d, inputs, operation);
  } catch (error) {
    if (isMeshError(error) && error.code === 'policy_denied') return guard.deny(d, operation, error);
    throw error;
  }
  const pii = new Map<string, string>();
  for (const input of inputs) {
    for (const f of input.descriptor.schema.fields) {
      if (f.pii === true) pii.set(f.name.toLowerCase(), `${input.descriptor.id}.${f.name}`);
    }
  }
  const carried = findPiiCarryOver(allowed.shape, pii, d.schema.fields);
  if (carried.length > 0) {
    const list = carried.map((c) => `${c.field} (from ${c.source})`).join(', ');
    await guard.deny(
      d,
      operation,
      new MeshError(
        'policy_denied',
        `${operation} of ${d.id} refused: its output field(s) ${list} carry upstream PII but are not marked PII; set pii: true on ${carried.map((c) => c.field).join(', ')} in its schema, or stop selecting the PII column`,
        { details: { productId: d.id, fields: carried } },
      ),
    );
  }
}
