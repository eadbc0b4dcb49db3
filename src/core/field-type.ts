/** The value types a contract field can have. */
export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] as const;

/** A contract field's value type. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** Tells whether a string names a known field type. */
export function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (FIELD_TYPES as readonly string[]).includes(value);
}

/** Named string formats a field can require (checked at ingest and by quality checks). */
export const STRING_FORMATS = ['email', 'uri', 'uuid', 'date', 'date-time'] as const;

/** A named string format. */
export type StringFormat = (typeof STRING_FORMATS)[number];

/** Tells whether a string names a known string format. */
export function isStringFormat(value: unknown): value is StringFormat {
  return typeof value === 'string' && (STRING_FORMATS as readonly string[]).includes(value);
}
