import type { ProductSpec } from '../core/descriptor.ts';
import type { FieldType } from '../core/field-type.ts';
import type { Field, Scalar } from '../core/schema.ts';

/** Generic SQL column types, valid in DuckDB and PostgreSQL. */
export const SQL_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** Options for {@link toSqlDdl}. */
export interface SqlDdlOptions {
  /** The table name (default: the product id with `.` as `_`). */
  readonly table?: string;
  /** Quotes an identifier (default: ANSI double quotes). */
  readonly quoteIdent?: (name: string) => string;
  /** Whether to write CHECK constraints for allowed values, bounds and lengths (default true). */
  readonly checks?: boolean;
}

/** Quotes an identifier with ANSI double quotes. */
export function quoteAnsiIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function literal(value: Scalar): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(value)) throw new Error(`cannot write the number ${value} as SQL`);
  return String(value);
}

function checks(field: Field, column: string): string[] {
  const out: string[] = [];
  const values = field.enum?.filter((v) => v !== null);
  if (values !== undefined && values.length > 0) out.push(`${column} IN (${values.map(literal).join(', ')})`);
  if (field.type === 'integer' || field.type === 'number') {
    if (field.minimum !== undefined) out.push(`${column} >= ${literal(field.minimum)}`);
    if (field.maximum !== undefined) out.push(`${column} <= ${literal(field.maximum)}`);
    if (field.exclusiveMinimum !== undefined) out.push(`${column} > ${literal(field.exclusiveMinimum)}`);
    if (field.exclusiveMaximum !== undefined) out.push(`${column} < ${literal(field.exclusiveMaximum)}`);
  }
  if (field.type === 'string') {
    if (field.minLength !== undefined) out.push(`LENGTH(${column}) >= ${literal(field.minLength)}`);
    if (field.maxLength !== undefined) out.push(`LENGTH(${column}) <= ${literal(field.maxLength)}`);
  }
  return out;
}

/**
 * Exports a product's table as generic SQL DDL (DuckDB and PostgreSQL accept it): CREATE TABLE with NOT NULL,
 * CHECK constraints and the primary key, then one CREATE INDEX per declared index; descriptions become comments.
 * @example toSqlDdl(spec, { table: 'sales_transactions_v1' })
 */
export function toSqlDdl(spec: ProductSpec, options: SqlDdlOptions = {}): string {
  const q = options.quoteIdent ?? quoteAnsiIdent;
  const tableName = options.table ?? spec.id.replaceAll('.', '_');
  const table = q(tableName);
  const lines: string[] = spec.schema.fields.map((f) => {
    const column = q(f.name);
    const constraints = options.checks === false ? [] : checks(f, column);
    const check = constraints.length === 0 ? '' : ` CHECK (${constraints.join(' AND ')})`;
    return `  ${column} ${SQL_TYPES[f.type]}${f.required ? ' NOT NULL' : ''}${check}`;
  });
  if (spec.schema.primaryKey.length > 0)
    lines.push(`  PRIMARY KEY (${spec.schema.primaryKey.map(q).join(', ')})`);
  const body = lines.map((line, i) => {
    const field = spec.schema.fields[i];
    const comma = i < lines.length - 1 ? ',' : '';
    const note = field?.description === undefined ? '' : ` -- ${field.description.replace(/\s+/g, ' ')}`;
    return `${line}${comma}${note}`;
  });
  const header = `-- ${spec.name} (${spec.id} ${spec.version})`.replace(/\s+/g, ' ');
  const out = [header, `CREATE TABLE ${table} (`, ...body, ');'];
  spec.schema.indexes.forEach((ix) => {
    out.push(`CREATE INDEX ${q(`${tableName}_${ix.join('_')}_idx`)} ON ${table} (${ix.map(q).join(', ')});`);
  });
  return `${out.join('\n')}\n`;
}
