/** The name of the output port every product has until products declare their own ports. */
export const DEFAULT_PORT = 'default';

/** When an access request to a product's output port is approved without waiting for its owner. */
export interface AutoApproveSpec {
  /** Approve requests that do not ask for PII: the consumer reads with every PII field masked. */
  readonly nonPii: boolean;
  /** Approve requests whose purpose is one of these, as asked (PII included when requested). */
  readonly purposes: readonly string[];
}

/** How consumers get access to a product: auto-approval and how long old major versions keep working. */
export interface AccessSpec {
  readonly autoApprove?: AutoApproveSpec;
  /** Days a grant pinned to an older major version keeps working after a new major is registered (default 30). */
  readonly migrationWindowDays?: number;
}
