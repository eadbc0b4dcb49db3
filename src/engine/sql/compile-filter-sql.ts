import type { FieldType } from '../../core/field-type.ts';
import type { CompareOp, Filter, Operand } from '../../core/filter/ast.ts';
import type { Scalar } from '../../core/schema.ts';
import type { TableColumn } from '../engine.ts';
import type { SqlDialect } from './sql-dialect.ts';

/** Collects bound parameters while SQL text is built. */
export class SqlParams {
  readonly values: Scalar[] = [];
  readonly #dialect: SqlDialect;

  constructor(dialect: SqlDialect) {
    this.#dialect = dialect;
  }

  /** Adds a value and returns its placeholder, cast to `type` when given. */
  add(value: Scalar, type?: FieldType): string {
    this.values.push(value);
    const p = this.#dialect.placeholder(this.values.length);
    return type === undefined ? p : this.#dialect.castParam(p, type);
  }
}

const OPS: Readonly<Record<CompareOp, string>> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

/** The type a filter function returns. */
function operandType(left: Operand, column: TableColumn): FieldType {
  if (left.kind === 'field') return column.type;
  return left.fn === 'lower' || left.fn === 'upper' ? 'string' : 'integer';
}

/**
 * Compiles a bound filter to a parameterized SQL condition. Column names come from `columns` only.
 * @throws Error when the filter names a column that is not in `columns` (filters must be bound first).
 */
export function compileFilterSql(
  filter: Filter,
  columns: ReadonlyMap<string, TableColumn>,
  dialect: SqlDialect,
  params: SqlParams,
): string {
  const operand = (left: Operand): { sql: string; type: FieldType } => {
    const column = columns.get(left.field);
    if (!column)
      throw new Error(`filter names column ${left.field}, which the table does not have; bind it first`);
    const quoted = dialect.quoteIdent(column.name);
    const sql = left.kind === 'field' ? quoted : dialect.applyFunction(left.fn, quoted);
    return { sql, type: operandType(left, column) };
  };
  const walk = (f: Filter): string => {
    switch (f.kind) {
      case 'and':
      case 'or': {
        if (f.items.length === 0) return f.kind === 'and' ? '(1=1)' : '(1=0)';
        return `(${f.items.map(walk).join(f.kind === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `(NOT ${walk(f.item)})`;
      case 'compare': {
        const { sql, type } = operand(f.left);
        if (f.value === null) return `(${sql} IS ${f.op === 'ne' ? 'NOT ' : ''}NULL)`;
        return `(${sql} ${OPS[f.op]} ${params.add(f.value, type)})`;
      }
      case 'in': {
        const { sql, type } = operand(f.left);
        if (f.values.length === 0) return f.negated ? '(1=1)' : '(1=0)';
        const list = f.values.map((v) => params.add(v, type)).join(', ');
        return `(${sql} ${f.negated ? 'NOT IN' : 'IN'} (${list}))`;
      }
      case 'like': {
        const { sql } = operand(f.left);
        const op = f.caseInsensitive ? dialect.ilike : 'LIKE';
        return `(${sql} ${f.negated ? 'NOT ' : ''}${op} ${params.add(f.pattern, 'string')} ESCAPE '\\')`;
      }
      case 'null': {
        const { sql } = operand(f.left);
        return `(${sql} IS ${f.isNull ? '' : 'NOT '}NULL)`;
      }
    }
  };
  return walk(filter);
}
