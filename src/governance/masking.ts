import { createHash } from 'node:crypto';
import { MeshError } from '../core/errors.ts';
import { type Filter, filterFields } from '../core/filter/ast.ts';
import type { MaskingStrategy, Scalar, Schema } from '../core/schema.ts';

/** What a redacted value reads as. */
export const REDACTED = '***';

/** Length of the hex SHA-256 prefix a hashed value reads as. */
export const HASH_PREFIX_LENGTH = 16;

/** The fields a reader sees masked, with how each is masked. */
export type MaskingPlan = ReadonlyMap<string, MaskingStrategy>;

/** No field masked. */
export const NO_MASKING: MaskingPlan = new Map();

/**
 * Lists the PII fields of a schema with the masking its contract chooses (`redact` unless it says `hash`): what a
 * reader without PII access sees masked.
 */
export function maskingPlanFor(schema: Schema): MaskingPlan {
  return new Map(schema.fields.filter((f) => f.pii === true).map((f) => [f.name, f.masking ?? 'redact']));
}

/** Masks one value: `redact` gives `***`, `hash` a stable SHA-256 hex prefix of the value; null stays null. */
export function maskValue(value: Scalar, strategy: MaskingStrategy): Scalar {
  if (value === null) return null;
  if (strategy === 'redact') return REDACTED;
  return createHash('sha256').update(String(value)).digest('hex').slice(0, HASH_PREFIX_LENGTH);
}

/** Masks the planned fields of rows in place and returns them. */
export function maskRows<R extends Record<string, Scalar>>(rows: R[], plan: MaskingPlan): R[] {
  if (plan.size === 0) return rows;
  for (const row of rows) {
    for (const [name, strategy] of plan) {
      if (Object.hasOwn(row, name))
        (row as Record<string, Scalar>)[name] = maskValue(row[name] as Scalar, strategy);
    }
  }
  return rows;
}

/**
 * Checks that a read neither filters nor orders on a masked field, which would let a reader guess its values.
 * @throws MeshError `policy_denied` naming the fields and how to get PII access.
 */
export function assertNoMaskedFields(
  productId: string,
  plan: MaskingPlan,
  use: { filter?: Filter; orderBy?: readonly string[]; other?: readonly string[] },
): void {
  if (plan.size === 0) return;
  const used = [
    ...(use.filter ? filterFields(use.filter).map((f) => ({ f, how: 'filter' })) : []),
    ...(use.orderBy ?? []).map((f) => ({ f, how: 'order by' })),
    ...(use.other ?? []).map((f) => ({ f, how: 'aggregate or group by' })),
  ].filter((u) => plan.has(u.f));
  if (used.length === 0) return;
  const names = [...new Set(used.map((u) => u.f))];
  const hows = [...new Set(used.map((u) => u.how))];
  throw new MeshError(
    'policy_denied',
    `cannot ${hows.join(' or ')} on ${names.join(', ')} of ${productId}: ${names.length === 1 ? 'it is' : 'they are'} PII masked for you, so using ${names.length === 1 ? 'it' : 'them'} would reveal values; request access with PII (meshwork access request ${productId} --pii) to use ${names.length === 1 ? 'it' : 'them'}`,
    { details: { productId, maskedFields: names } },
  );
}
