import type { FieldType } from '../../core/field-type.ts';
import type { FilterFunction } from '../../core/filter/ast.ts';
import { quoteAnsiIdent, type SqlDialect } from '../sql/sql-dialect.ts';

const COLUMN_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** DuckDB's spelling of the engine-specific SQL bits. */
export const duckDbDialect: SqlDialect = {
  quoteIdent: quoteAnsiIdent,
  placeholder: (n) => `$${n}`,
  columnType: (type) => COLUMN_TYPES[type],
  tryCast: (expr, type) => `TRY_CAST(${expr} AS ${COLUMN_TYPES[type]})`,
  readColumn: (col, type) => {
    if (type === 'date') return `CAST(${col} AS VARCHAR)`;
    if (type === 'timestamp') return `CAST(${col} AS VARCHAR)`;
    return col;
  },
  applyFunction: (fn: FilterFunction, col) => {
    switch (fn) {
      case 'year':
      case 'month':
      case 'day':
        return `CAST(${fn}(${col}) AS BIGINT)`;
      case 'lower':
      case 'upper':
        return `${fn}(${col})`;
      case 'length':
        return `CAST(length(${col}) AS BIGINT)`;
    }
  },
  castParam: (p, type) => `CAST(${p} AS ${COLUMN_TYPES[type]})`,
  ilike: 'ILIKE',
  castToText: (expr) => `CAST(${expr} AS VARCHAR)`,
  // sha256() of a BLOB hashes its bytes; encode() gives a VARCHAR's UTF-8 bytes, unhex() the bytes of hex text.
  hmacSha256Hex: (expr, inner, outer) =>
    `sha256(unhex(${outer}) || unhex(sha256(unhex(${inner}) || encode(${expr}))))`,
};
