import type { Operation } from '../../catalog/access-log.ts';
import { productTableName } from '../../catalog/product-registry.ts';
import { compileContractLevelChecks } from '../../contract/compile-quality-checks.ts';
import { type PublishedDocument, publishedContract } from '../../contract/published-document.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { isMeshError } from '../../core/errors.ts';
import type { MeshContext } from '../mesh-context.ts';
import { ProductGuard } from '../product-guard.ts';
import { guardContractSql } from './contract-sql-check.ts';

/**
 * Checks every SQL quality check of a product's contract with the user-SQL guard, against the table of the version:
 * at create, at publish of a spec and at the move from draft to published, so that no product is created or published
 * with a check its quality runs would refuse. A refusal is audited as a denied `operation`; nothing is stored.
 * @throws MeshError `policy_denied` naming the check and the offending node.
 */
export async function assertContractSqlAllowed(
  ctx: MeshContext,
  d: Pick<ProductDescriptor, 'id' | 'version'>,
  documents: readonly PublishedDocument[],
  operation: Operation,
): Promise<void> {
  const contract = publishedContract(documents);
  if (contract === undefined) return;
  const table = productTableName(d.id, d.version);
  for (const check of compileContractLevelChecks(contract)) {
    if (check.kind !== 'sql') continue;
    try {
      await guardContractSql(ctx.engine, check, table, d.id);
    } catch (error) {
      if (isMeshError(error) && error.code === 'policy_denied')
        await new ProductGuard(ctx).deny(d, operation, error);
      throw error;
    }
  }
}
