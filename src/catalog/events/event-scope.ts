/**
 * Which events a reader may see: all of them (a platform admin, or the platform itself), or a restricted view — the
 * events of the domains it owns, the product events (not access or token ones) of the products it holds a grant on,
 * and the events of changes it made itself.
 */
export type EventScope =
  | { readonly kind: 'all' }
  | {
      readonly kind: 'restricted';
      readonly principal: string;
      readonly domains: readonly string[];
      readonly products: readonly string[];
    };

/** Event type prefixes a grant holder does not see for a product: other consumers' requests and tokens are theirs. */
export const OWNER_ONLY_TYPE_PREFIXES = ['access.', 'token.', 'principal.', 'policy.'] as const;

/** The scope that sees every event. */
export const ALL_EVENTS: EventScope = Object.freeze({ kind: 'all' });
