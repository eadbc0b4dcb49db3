import type { FieldType } from '../core/field-type.ts';

/** The logical types ODCS v3 defines for a property. */
export const ODCS_LOGICAL_TYPES = [
  'string',
  'date',
  'timestamp',
  'time',
  'number',
  'integer',
  'object',
  'array',
  'boolean',
] as const;

/** How a document's type was mapped to a Meshwork field type. */
export interface TypeMapping {
  readonly type: FieldType;
  /**
   * `exact`: same meaning; `lossy`: kept as a string (time, object, array, or an unknown physical type);
   * `unknown`: neither the logical nor the physical type says anything Meshwork knows.
   */
  readonly quality: 'exact' | 'lossy' | 'unknown';
}

const PHYSICAL_NAMES: readonly (readonly [FieldType, string])[] = [
  [
    'string',
    'string text varchar char bpchar character nvarchar nchar clob uuid citext varchar2 nvarchar2 str',
  ],
  [
    'integer',
    'int int2 int4 int8 int16 int32 int64 integer smallint bigint tinyint hugeint long short serial smallserial bigserial serial4 serial8',
  ],
  ['number', 'float float4 float8 float32 float64 double real numeric decimal number money bignumeric'],
  ['boolean', 'bool boolean bit'],
  ['date', 'date'],
  [
    'timestamp',
    'timestamp timestamptz datetime datetime2 timestamp_tz timestamp_ntz timestamp_ltz smalldatetime datetimeoffset',
  ],
];

const PHYSICAL: ReadonlyMap<string, FieldType> = new Map(
  PHYSICAL_NAMES.flatMap(([type, names]) => names.split(' ').map((name) => [name, type] as const)),
);

/** Reduces a physical type such as `varchar(18)`, `VARCHAR[15]` or `timestamp with time zone` to a lookup name. */
function normalizePhysical(physicalType: string): string {
  const base = physicalType
    .toLowerCase()
    .replace(/[([].*$/, '')
    .trim();
  if (base.startsWith('timestamp')) return base.includes('with time zone') ? 'timestamptz' : 'timestamp';
  if (base === 'double precision') return 'double';
  if (base === 'character varying') return 'varchar';
  return base.replace(/\s+/g, '_');
}

/** Maps a physical (database) type name to a Meshwork field type, or undefined when it is not known. */
export function physicalToFieldType(physicalType: string): FieldType | undefined {
  return PHYSICAL.get(normalizePhysical(physicalType));
}

/**
 * Maps an ODCS property's logicalType (refined by its physicalType) to a Meshwork field type: `number` with an
 * integer physical type is `integer`, `date` with a timestamp physical type is `timestamp`; `time`, `object` and
 * `array` are kept as strings.
 */
export function odcsToFieldType(logicalType: unknown, physicalType: unknown): TypeMapping {
  const phys = typeof physicalType === 'string' ? physicalToFieldType(physicalType) : undefined;
  switch (logicalType) {
    case 'string':
    case 'boolean':
    case 'integer':
    case 'timestamp':
      return { type: logicalType, quality: 'exact' };
    case 'number':
      return { type: phys === 'integer' ? 'integer' : 'number', quality: 'exact' };
    case 'date':
      return { type: phys === 'timestamp' ? 'timestamp' : 'date', quality: 'exact' };
    case 'time':
    case 'object':
    case 'array':
      return { type: 'string', quality: 'lossy' };
    default:
      if (phys !== undefined) return { type: phys, quality: 'exact' };
      return { type: 'string', quality: 'unknown' };
  }
}

/** The ODCS logicalType Meshwork writes for a field type. */
export function fieldTypeToLogicalType(type: FieldType): (typeof ODCS_LOGICAL_TYPES)[number] {
  return type;
}

/** The generic physical type Meshwork writes for a field type (valid in DuckDB and PostgreSQL). */
export function fieldTypeToPhysicalType(type: FieldType): string {
  switch (type) {
    case 'string':
      return 'varchar';
    case 'integer':
      return 'bigint';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
  }
}

/** Maps a Data Contract Specification field type to a Meshwork field type. */
export function dcsToFieldType(type: unknown): TypeMapping {
  if (typeof type !== 'string') return { type: 'string', quality: 'unknown' };
  switch (type.toLowerCase()) {
    case 'time':
    case 'array':
    case 'map':
    case 'object':
    case 'record':
    case 'struct':
    case 'bytes':
    case 'variant':
    case 'json':
    case 'null':
      return { type: 'string', quality: 'lossy' };
    default: {
      const mapped = physicalToFieldType(type);
      return mapped === undefined
        ? { type: 'string', quality: 'unknown' }
        : { type: mapped, quality: 'exact' };
    }
  }
}
