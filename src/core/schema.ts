import type { FieldType, StringFormat } from './field-type.ts';

/** A JSON-compatible scalar value as stored in a record. */
export type Scalar = string | number | boolean | null;

/** Constraints a field's values must satisfy beyond their type. */
export interface FieldConstraints {
  /** A named format the (string) value must have, e.g. `email`. */
  readonly format?: StringFormat;
  /** A regular expression (ECMAScript syntax) the string value must match in full. */
  readonly pattern?: string;
  /** Smallest allowed value (inclusive). */
  readonly minimum?: number;
  /** Largest allowed value (inclusive). */
  readonly maximum?: number;
  /** Values must be greater than this. */
  readonly exclusiveMinimum?: number;
  /** Values must be less than this. */
  readonly exclusiveMaximum?: number;
  /** The only values allowed. */
  readonly enum?: readonly Scalar[];
  /** Shortest allowed string length. */
  readonly minLength?: number;
  /** Longest allowed string length. */
  readonly maxLength?: number;
}

/** How a PII field is hidden from consumers who may not see it. */
export const MASKING_STRATEGIES = ['redact', 'hash'] as const;
/** A PII masking strategy. */
export type MaskingStrategy = (typeof MASKING_STRATEGIES)[number];

/** One field (column) of a product's schema. */
export interface Field extends FieldConstraints {
  readonly name: string;
  readonly type: FieldType;
  /** Whether every record must carry a non-null value. Defaults to true. */
  readonly required: boolean;
  readonly description?: string;
  /** Whether the field holds personally identifiable information. */
  readonly pii?: boolean;
  /** Free classification label, e.g. `public`, `internal`, `confidential`, `restricted`. */
  readonly classification?: string;
  /** How to mask the field when the reader may not see PII. */
  readonly masking?: MaskingStrategy;
  /** Example values, for documentation. */
  readonly examples?: readonly Scalar[];
}

/** A record-level rule: a filter expression every record must satisfy, e.g. `amount > 0`. */
export interface Rule {
  readonly name: string;
  /** A filter expression (see the filter language) that a valid record satisfies. */
  readonly check: string;
  readonly description?: string;
}

/** The schema of a product: its fields, key, indexes and record rules. */
export interface Schema {
  readonly fields: readonly Field[];
  /** Names of the fields forming the primary key (empty for none). */
  readonly primaryKey: readonly string[];
  /** Indexes, each a list of field names. */
  readonly indexes: readonly (readonly string[])[];
  /** Record-level rules every record must satisfy. */
  readonly rules: readonly Rule[];
}

/** Finds a field by name. */
export function findField(schema: Schema, name: string): Field | undefined {
  return schema.fields.find((f) => f.name === name);
}
