import { createHash } from 'node:crypto';
import type { FieldType } from '../../core/field-type.ts';
import type { FilterFunction } from '../../core/filter/ast.ts';
import { quoteAnsiIdent, type SqlDialect } from '../sql/sql-dialect.ts';

const COLUMN_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'TEXT',
  integer: 'BIGINT',
  number: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** The longest identifier PostgreSQL keeps (NAMEDATALEN - 1 bytes); it cuts longer ones short silently. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * The name PostgreSQL stores for an identifier: its first 63 bytes. Every statement, the platform's own SQL included,
 * is cut the same way, so references agree; look-ups by name (the information schema) must cut it too.
 */
export function storedIdentifier(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  let head = name.slice(0, MAX_IDENTIFIER_BYTES);
  while (Buffer.byteLength(head) > MAX_IDENTIFIER_BYTES) head = head.slice(0, -1);
  return head;
}

/**
 * An index name that fits: itself when it has at most 63 bytes, else its first 50 characters and 12 hex digits of
 * its SHA-256, so that two indexes of a long-named table stay apart instead of being cut to one name (the second
 * `CREATE INDEX IF NOT EXISTS` would then silently create nothing). Only `createTable` names indexes.
 */
function fittingIndexName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  let head = name.slice(0, 50);
  while (Buffer.byteLength(head) > 50) head = head.slice(0, -1);
  return `${head}_${hash}`;
}

/** The field type a PostgreSQL column type (as information_schema spells it) stores. */
export const FIELD_TYPES_BY_PG_TYPE: Readonly<Record<string, FieldType>> = {
  text: 'string',
  'character varying': 'string',
  bigint: 'integer',
  integer: 'integer',
  'double precision': 'number',
  boolean: 'boolean',
  date: 'date',
  'timestamp without time zone': 'timestamp',
};

/**
 * The name of the session function converting a value to a field type, NULL when it does not convert: PostgreSQL has
 * no TRY_CAST, so {@link createTryCastFunctions} defines one per target type in the session's own `pg_temp` schema.
 */
function tryCastFunction(type: FieldType): string {
  return `pg_temp.mw_try_${type}`;
}

/**
 * The statement defining the try-cast functions a carry-over needs, one overload per source type: each casts its
 * argument and returns NULL when PostgreSQL refuses the cast. They live in the connection's temporary schema, so they
 * need no privilege, touch no shared schema and go away with the connection.
 */
export function createTryCastFunctions(pairs: readonly { from: FieldType; to: FieldType }[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { from, to } of pairs) {
    const key = `${from}>${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      `CREATE OR REPLACE FUNCTION ${tryCastFunction(to)}(v ${COLUMN_TYPES[from]}) RETURNS ${COLUMN_TYPES[to]} LANGUAGE plpgsql IMMUTABLE AS $mw$ BEGIN RETURN CAST(v AS ${COLUMN_TYPES[to]}); EXCEPTION WHEN others THEN RETURN NULL; END $mw$`,
    );
  }
  return out.join(';\n');
}

/** PostgreSQL's spelling of the engine-specific SQL bits. */
export const postgresDialect: SqlDialect = {
  quoteIdent: quoteAnsiIdent,
  indexName: fittingIndexName,
  placeholder: (n) => `$${n}`,
  columnType: (type) => COLUMN_TYPES[type],
  // Needs the functions of createTryCastFunctions in the session (the engine's carryOver defines them first).
  tryCast: (expr, type) => `${tryCastFunction(type)}(${expr})`,
  // Sessions run with DateStyle ISO, so dates and timestamps read as text exactly as DuckDB writes them.
  readColumn: (col, type) => (type === 'date' || type === 'timestamp' ? `CAST(${col} AS TEXT)` : col),
  applyFunction: (fn: FilterFunction, col) => {
    switch (fn) {
      case 'year':
      case 'month':
      case 'day':
        return `CAST(EXTRACT(${fn.toUpperCase()} FROM ${col}) AS BIGINT)`;
      case 'lower':
      case 'upper':
        return `${fn}(${col})`;
      case 'length':
        return `CAST(char_length(${col}) AS BIGINT)`;
    }
  },
  castParam: (p, type) => `CAST(${p} AS ${COLUMN_TYPES[type]})`,
  ilike: 'ILIKE',
  castToText: (expr) => `CAST(${expr} AS TEXT)`,
  // sha256() of bytea is built in since PostgreSQL 11 (no pgcrypto); convert_to gives the text's UTF-8 bytes.
  hmacSha256Hex: (expr, inner, outer) =>
    `encode(sha256(decode(${outer}, 'hex') || sha256(decode(${inner}, 'hex') || convert_to(${expr}, 'UTF8'))), 'hex')`,
  primaryKeyOptions: ' DEFERRABLE INITIALLY DEFERRED',
};
