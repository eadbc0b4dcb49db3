import { MeshError } from './errors.ts';

/** The lifecycle states of a data product, in order. */
export const PRODUCT_STATUSES = ['draft', 'published', 'deprecated', 'archived'] as const;

/** A data product's lifecycle state. */
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

const TRANSITIONS: Readonly<Record<ProductStatus, readonly ProductStatus[]>> = {
  draft: ['published', 'archived'],
  published: ['deprecated'],
  deprecated: ['published', 'archived'],
  archived: [],
};

/** Tells whether a string names a lifecycle state. */
export function isProductStatus(value: unknown): value is ProductStatus {
  return typeof value === 'string' && (PRODUCT_STATUSES as readonly string[]).includes(value);
}

/** Lists the states a product may move to from `from`. */
export function allowedTransitions(from: ProductStatus): readonly ProductStatus[] {
  return TRANSITIONS[from];
}

/** Tells whether a product may move from one state to another. */
export function canTransition(from: ProductStatus, to: ProductStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Checks that a lifecycle transition is allowed.
 * @throws MeshError `conflict` naming the allowed transitions when it is not.
 */
export function assertTransition(productId: string, from: ProductStatus, to: ProductStatus): void {
  if (canTransition(from, to)) return;
  const allowed = TRANSITIONS[from];
  throw new MeshError(
    'conflict',
    `cannot move ${productId} from ${from} to ${to}: ${
      allowed.length === 0 ? `${from} is final` : `from ${from} it may only become ${allowed.join(' or ')}`
    }`,
    { details: { productId, from, to, allowed } },
  );
}
