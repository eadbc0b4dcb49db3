import { type BoundSql, bindSql } from './bound-sql.ts';

/** How a derived product is computed: a SQL query over its input products, refreshed on demand. */
export interface DerivedSpec {
  /**
   * One SELECT (or WITH … SELECT) whose columns match the product's fields by name. Input products are written as
   * placeholders such as `{{sales.transactions}}`; the platform puts in the real table names.
   */
  readonly sql: string;
  /** The product ids the SQL reads, in order of first mention. */
  readonly inputs: readonly string[];
  readonly description?: string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PRODUCT_ID = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** One `{{…}}` placeholder of a derived product's SQL. */
export interface InputPlaceholder {
  /** The text between the braces, trimmed. */
  readonly id: string;
  /** Whether it is a well-formed product id. */
  readonly valid: boolean;
}

/** Lists the `{{product.id}}` placeholders in a derived product's SQL, in order, each once. */
export function findInputPlaceholders(sql: string): InputPlaceholder[] {
  const seen = new Set<string>();
  const out: InputPlaceholder[] = [];
  for (const m of sql.matchAll(PLACEHOLDER)) {
    const id = m[1] ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, valid: PRODUCT_ID.test(id) });
  }
  return out;
}

/**
 * Replaces each `{{product.id}}` placeholder with the quoted table name the platform gives for it. This is binding,
 * not a safety check: the bound SQL must pass the user-SQL guard (`checkUserSql`) before it runs.
 * @throws Error when a placeholder has no table (callers resolve every input first).
 */
export function bindInputs(sql: string, tables: ReadonlyMap<string, string>): BoundSql {
  return bindSql(sql, PLACEHOLDER, (m) => {
    const id = (m[1] ?? '').trim();
    const table = tables.get(id);
    if (table === undefined) throw new Error(`no table resolved for input ${id}`);
    return table;
  });
}
