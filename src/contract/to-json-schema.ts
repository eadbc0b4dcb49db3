import type { ProductSpec } from '../core/descriptor.ts';
import type { FieldType } from '../core/field-type.ts';
import type { Field } from '../core/schema.ts';

/** A JSON Schema document (draft 2020-12) as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

const JSON_TYPES: Readonly<Record<FieldType, { type: string; format?: string }>> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  timestamp: { type: 'string', format: 'date-time' },
};

function fieldSchema(field: Field): Record<string, unknown> {
  const { type, format } = JSON_TYPES[field.type];
  const out: Record<string, unknown> = { type: field.required ? type : [type, 'null'] };
  if (field.description !== undefined) out.description = field.description;
  const fmt = field.format ?? format;
  if (fmt !== undefined) out.format = fmt;
  // Meshwork patterns must match the whole value; JSON Schema patterns match anywhere unless anchored.
  if (field.pattern !== undefined) out.pattern = `^(?:${field.pattern})$`;
  for (const key of [
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minLength',
    'maxLength',
  ] as const) {
    if (field[key] !== undefined) out[key] = field[key];
  }
  if (field.enum !== undefined)
    out.enum = field.required || field.enum.includes(null) ? [...field.enum] : [...field.enum, null];
  if (field.examples !== undefined) out.examples = [...field.examples];
  if (field.pii === true) out['x-pii'] = true;
  if (field.classification !== undefined) out['x-classification'] = field.classification;
  return out;
}

/**
 * Exports a product's record shape as a JSON Schema (draft 2020-12): one property per field, nullable unless
 * required, with formats, bounds, patterns (anchored) and allowed values; PII and classification as `x-` keywords.
 * @example JSON.stringify(toJsonSchema(spec), null, 2)
 */
export function toJsonSchema(spec: ProductSpec): JsonSchema {
  const properties = Object.fromEntries(spec.schema.fields.map((f) => [f.name, fieldSchema(f)]));
  const schema: Record<string, unknown> = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:meshwork:product:${spec.id}:${spec.version}`,
    title: spec.name,
  };
  if (spec.description !== '') schema.description = spec.description;
  schema.type = 'object';
  schema.properties = properties;
  schema.required = spec.schema.fields.filter((f) => f.required).map((f) => f.name);
  schema.additionalProperties = false;
  return schema;
}
