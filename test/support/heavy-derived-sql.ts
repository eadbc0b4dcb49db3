/**
 * Derived products whose SQL does far too much work, to show user SQL is stopped by the platform's limits: the
 * shipped customer_revenue product under another id, over the six sample sales joined with themselves.
 */
import { exampleSpec } from './example-mesh.ts';

/** The shipped customer_revenue product under another id, its SQL replaced by `sql`. */
export function derivedSpec(id: string, sql: string): Record<string, unknown> {
  return {
    ...exampleSpec('customer_revenue'),
    id,
    analytics: undefined,
    segments: undefined,
    derived: { sql },
  };
}

/** The sales product joined with itself `n` times: 6^n rows from the six sample sales. */
export function crossJoin(n: number): string {
  return Array.from({ length: n }, (_, i) => `{{sales.transactions}} AS t${i}`).join(', ');
}

/** A query with the columns customer_revenue needs, whose `has_profile` is computed by `expr` over `crossJoin(n)`. */
export function heavy(expr: string, n: number): string {
  return `SELECT t0.customer_id AS customer_id, COUNT(*) AS transactions, SUM(t0.amount) AS revenue,
  AVG(t0.amount) AS average_value, MIN(t0.date) AS first_purchase, MAX(t0.date) AS last_purchase,
  ${expr} AS has_profile, NULL AS tier, NULL AS lifetime_value
FROM ${crossJoin(n)} GROUP BY t0.customer_id`;
}
