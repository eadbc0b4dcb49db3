import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { MeshError } from '../core/errors.ts';
import { type Filter, filterFields } from '../core/filter/ast.ts';
import type { MaskingStrategy, Scalar, Schema } from '../core/schema.ts';

/** What a redacted value reads as. */
export const REDACTED = '***';

/** Length of the hex HMAC-SHA256 prefix a hashed value reads as. */
export const HASH_PREFIX_LENGTH = 16;

/** Bytes of a store's masking secret. */
export const MASKING_SECRET_BYTES = 32;

/**
 * The per-store secret that `hash` masking is keyed with (HMAC-SHA256), so that a masked value cannot be found by
 * hashing guesses. It never prints: `JSON.stringify` and `util.inspect` show `[masking key]`.
 */
export class MaskingKey {
  readonly #secret: Uint8Array;

  /** @throws Error (a bug) unless the secret is {@link MASKING_SECRET_BYTES} bytes. */
  constructor(secret: Uint8Array) {
    if (secret.length !== MASKING_SECRET_BYTES) {
      throw new Error(`a masking secret has ${MASKING_SECRET_BYTES} bytes, got ${secret.length}`);
    }
    this.#secret = Uint8Array.from(secret);
  }

  /** The hex HMAC-SHA256 prefix ({@link HASH_PREFIX_LENGTH} digits) of a text's UTF-8 bytes. */
  hash(text: string): string {
    return createHmac('sha256', this.#secret).update(text, 'utf8').digest('hex').slice(0, HASH_PREFIX_LENGTH);
  }

  /** A copy of the secret's bytes, for an engine that computes the same HMAC in SQL (never to print or store). */
  secretBytes(): Uint8Array {
    return Uint8Array.from(this.#secret);
  }

  toJSON(): string {
    return '[masking key]';
  }

  [inspect.custom](): string {
    return '[masking key]';
  }
}

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

/** Tells whether a plan hashes any field, so that reading through it needs the store's {@link MaskingKey}. */
export function planHashes(plan: MaskingPlan): boolean {
  for (const strategy of plan.values()) if (strategy === 'hash') return true;
  return false;
}

/**
 * Masks one value: `redact` gives `***`, `hash` a stable keyed hash of the value's text (the first 16 hex digits of
 * its HMAC-SHA256 with the store's masking secret); null stays null.
 * @throws Error (a bug) when `hash` is asked for without a key.
 */
export function maskValue(value: Scalar, strategy: MaskingStrategy, key?: MaskingKey): Scalar {
  if (value === null) return null;
  if (strategy === 'redact') return REDACTED;
  if (key === undefined) throw new Error('hash masking needs the store’s masking key');
  return key.hash(String(value));
}

/**
 * Masks the planned fields of rows in place and returns them; `key` is needed when the plan hashes a field.
 * @throws Error (a bug) when the plan hashes a field and no key is given.
 */
export function maskRows<R extends Record<string, Scalar>>(
  rows: R[],
  plan: MaskingPlan,
  key?: MaskingKey,
): R[] {
  if (plan.size === 0) return rows;
  for (const row of rows) {
    for (const [name, strategy] of plan) {
      if (Object.hasOwn(row, name))
        (row as Record<string, Scalar>)[name] = maskValue(row[name] as Scalar, strategy, key);
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
