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
 * Replaces each `{{product.id}}` placeholder with the quoted table name the platform gives for it.
 * @throws Error when a placeholder has no table (callers resolve every input first).
 */
export function substituteInputs(sql: string, tables: ReadonlyMap<string, string>): string {
  return sql.replaceAll(PLACEHOLDER, (_, id: string) => {
    const table = tables.get(id.trim());
    if (table === undefined) throw new Error(`no table resolved for input ${id.trim()}`);
    return table;
  });
}

/**
 * Finds what makes a derived product's SQL unsafe to run as a transformation: more than one statement, anything but
 * a query, or a platform or product table named directly instead of through a placeholder.
 */
export function findDerivedSqlProblems(sql: string): string[] {
  const problems: string[] = [];
  // Placeholders, string literals and comments may contain anything; look only at the rest.
  const code = sql
    .replaceAll(PLACEHOLDER, ' input ')
    .replaceAll(/'(?:[^']|'')*'/g, "''")
    .replaceAll(/--[^\n]*/g, ' ')
    .replaceAll(/\/\*[\s\S]*?\*\//g, ' ');
  if (!/^\s*(select|with)\b/i.test(code)) {
    problems.push('the transformation must be one query starting with SELECT or WITH');
  }
  if (/;\s*\S/.test(code))
    problems.push('the transformation must be a single statement (remove the extra ";")');
  const words = code.replaceAll(/"(?:[^"]|"")*"/g, '""');
  const forbidden =
    /\b(insert|update|delete|merge|create|drop|alter|truncate|attach|detach|copy|install|load|pragma|call|set|grant|revoke|export|import|checkpoint|vacuum)\b/i.exec(
      words,
    );
  if (forbidden)
    problems.push(`the transformation may only read data, but it uses ${forbidden[1]?.toUpperCase()}`);
  const direct = /\b(mw_[a-z0-9_]+|data_[a-z0-9_]+__[a-z0-9_]+__v\d+)\b/i.exec(code);
  if (direct) {
    problems.push(
      `the transformation names the table ${direct[1]} directly; read input products through placeholders such as {{sales.transactions}}`,
    );
  }
  return problems;
}
