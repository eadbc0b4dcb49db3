import type { ProductStatus } from '../core/lifecycle.ts';

/** The outcome of a lifecycle change (publish, deprecate, archive). */
export interface LifecycleResult {
  /** Whether the product moved to the requested state. */
  readonly ok: boolean;
  readonly from: ProductStatus;
  /** The state the product is in now. */
  readonly status: ProductStatus;
  /** Why the change was refused (empty when ok). */
  readonly reasons: readonly string[];
  /** Things worth knowing that did not stop the change (e.g. publishing at bronze level). */
  readonly warnings: readonly string[];
}
