import type { FieldType } from '../../core/field-type.ts';
import type { FilterFunction } from '../../core/filter/ast.ts';

/** How one SQL database spells the few things that differ between engines. */
export interface SqlDialect {
  /** Quotes an identifier (table or column name). */
  quoteIdent(name: string): string;
  /** The placeholder for the n-th (1-based) bound parameter. */
  placeholder(n: number): string;
  /** The column type used to store a field type. */
  columnType(type: FieldType): string;
  /** An expression reading a column so that the driver returns a JSON-friendly value (e.g. dates as text). */
  readColumn(quotedColumn: string, type: FieldType): string;
  /** An expression applying a filter function to a column. */
  applyFunction(fn: FilterFunction, quotedColumn: string): string;
  /** Casts a bound parameter to a field type so comparisons type-check. */
  castParam(placeholder: string, type: FieldType): string;
  /** An expression converting a value to a field type, NULL when it does not convert (never an error). */
  tryCast(expr: string, type: FieldType): string;
  /** The case-insensitive LIKE operator. */
  readonly ilike: string;
  /** An expression giving a column's value as text. */
  castToText(expr: string): string;
  /**
   * An expression giving the lowercase hex HMAC-SHA256 of a text expression (its UTF-8 bytes), from the key's two
   * padded forms given as hex text expressions (see `hmac-pads.ts`): `sha256(outer || sha256(inner || text))`.
   */
  hmacSha256Hex(textExpr: string, innerPadHex: string, outerPadHex: string): string;
  /**
   * Written after a product table's PRIMARY KEY clause, e.g. to check keys at commit as DuckDB does (so that two
   * open transactions appending one key do not wait for each other, and the later one is refused when it commits).
   */
  readonly primaryKeyOptions?: string;
  /** The name a product table's index is created under, from the platform's name for it (default: unchanged). */
  indexName?(name: string): string;
}

/** Quotes an identifier the ANSI way, doubling embedded quotes. */
export function quoteAnsiIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
