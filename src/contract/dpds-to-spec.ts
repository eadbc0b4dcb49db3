import type { ProductSpec } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import type { FieldType } from '../core/field-type.ts';
import type { Field } from '../core/schema.ts';
import type { Sla } from '../core/sla.ts';
import { documentData, readVersion } from './contract-to-spec.ts';
import { physicalToFieldType } from './field-type-mapping.ts';
import {
  asArray,
  asNumber,
  asObject,
  asString,
  isPlainObject,
  type PlainObject,
  stringList,
} from './plain-data.ts';
import { deriveProductId } from './product-id.ts';
import { durationToMinutes, percentValue } from './sla-mapping.ts';
import type { SourceDocument } from './source-document.ts';

/** Options for {@link dpdsToSpec}. */
export interface DpdsToSpecOptions {
  /**
   * Loads what a `$ref` points at (a port, an API definition, a table schema) as parsed data; undefined when it
   * cannot. Without it, only what the descriptor holds inline is mapped.
   */
  readonly resolveRef?: (ref: string) => unknown;
  /** The output port whose schema and SLA to map; defaults to the first output port. */
  readonly port?: string;
}

/**
 * Maps an Open Data Mesh descriptor (DPDS 1.0) to a product spec, best effort: `info` gives name, domain, owner
 * and version; input ports become upstream products; the chosen output port's `obligations.sla` (else
 * `promises.slo`) gives availability and freshness, and a table definition reachable from its API (`columns` with
 * `dataType` and `columnConstraint`, or a JSON Schema `properties`) gives the fields.
 * @throws MeshError `invalid_input` when the descriptor is not a mapping.
 * @example dpdsToSpec(readDocument(text), { resolveRef: (ref) => JSON.parse(readFileSync(join(dir, ref), 'utf8')) })
 */
export function dpdsToSpec(input: SourceDocument | unknown, options: DpdsToSpecOptions = {}): ProductSpec {
  const data = asObject(documentData(input));
  if (data === undefined)
    throw new MeshError('invalid_input', 'cannot map the descriptor: it must be a mapping of keys to values');
  const deref = (value: unknown): PlainObject | undefined => resolveRefs(value, options.resolveRef);
  const info = asObject(data.info);
  const fqn = asString(info?.fullyQualifiedName);
  const name = asString(info?.name) ?? asString(info?.displayName) ?? fqn?.split(':').at(-2) ?? 'product';
  const { id, domain } = deriveProductId([], asString(info?.domain), name);
  const owner = asObject(info?.owner);
  const ports = asObject(data.interfaceComponents);
  const inputs = asArray(ports?.inputPorts).map(deref);
  const outputs = asArray(ports?.outputPorts).map(deref);
  const output =
    (options.port === undefined ? outputs[0] : outputs.find((p) => p?.name === options.port)) ?? undefined;
  if (options.port !== undefined && output === undefined) {
    throw new MeshError('not_found', `the descriptor has no output port "${options.port}"`);
  }
  const fields = findColumns(output, deref);
  const primaryKey = fields.filter((f) => f.key).map((f) => f.field.name);
  return {
    id,
    name: asString(info?.displayName) ?? name,
    domain,
    owner: asString(owner?.id) ?? asString(owner?.name) ?? '',
    description: asString(info?.description) ?? '',
    tags: stringList(info?.tags),
    version: readVersion(info?.version) ?? '0.1.0',
    qualityLevel: 'bronze',
    schema: { fields: fields.map((f) => f.field), primaryKey, indexes: [], rules: [] },
    sla: readSla(output),
    upstream: [
      ...new Set(
        inputs
          .map((p) => asString(p?.name) ?? asString(p?.fullyQualifiedName))
          .filter((n) => n !== undefined),
      ),
    ],
  };
}

/** Replaces a `{ $ref }` mapping by what it points at (keeping the mapping's other keys). */
function resolveRefs(
  value: unknown,
  resolveRef: ((ref: string) => unknown) | undefined,
): PlainObject | undefined {
  const obj = asObject(value);
  const ref = asString(obj?.$ref);
  if (obj === undefined || ref === undefined || resolveRef === undefined || ref.startsWith('#')) return obj;
  const target = asObject(resolveRef(ref));
  return target === undefined ? obj : { ...target, ...obj };
}

/** Reads the SLA a port promises: `obligations.sla` (what consumers may count on), else `promises.slo`. */
function readSla(port: PlainObject | undefined): Sla {
  const sla: { -readonly [K in keyof Sla]?: number } = {};
  const defs = [
    asObject(asObject(asObject(port?.obligations)?.sla)?.definition),
    asObject(asObject(asObject(port?.promises)?.slo)?.definition),
  ];
  for (const def of defs) {
    if (def === undefined) continue;
    const values = Object.values(def).filter(isPlainObject);
    for (const group of values) {
      const availability = percentValue(group.availability);
      if (availability !== undefined && sla.availability === undefined) sla.availability = availability;
      const freshness = durationToMinutes(group.freshness);
      if (freshness !== undefined && sla.freshnessMinutes === undefined) sla.freshnessMinutes = freshness;
    }
  }
  return sla;
}

const JSON_SCHEMA_TYPES: Readonly<Record<string, FieldType>> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
};

/** Follows a port's API definition to the first table definition with columns (or JSON Schema properties). */
function findColumns(
  port: PlainObject | undefined,
  deref: (v: unknown) => PlainObject | undefined,
): { field: Field; key: boolean }[] {
  const api = deref(asObject(asObject(port?.promises)?.api)?.definition);
  const tables = asArray(asObject(api?.schema)?.tables);
  const candidates = [api, ...tables.map((t) => deref(asObject(t)?.definition)), ...tables.map(asObject)];
  for (const def of candidates) {
    const columns = asArray(def?.columns);
    if (columns.length > 0)
      return columns
        .map(asObject)
        .filter((c) => c !== undefined)
        .map(columnField)
        .filter((c) => c !== undefined);
    const props = asObject(def?.properties);
    if (props !== undefined) {
      const required = stringList(def?.required);
      return Object.entries(props).map(([name, raw]) => {
        const p = asObject(raw);
        const format = asString(p?.format);
        const type: FieldType =
          format === 'date'
            ? 'date'
            : format === 'date-time'
              ? 'timestamp'
              : (JSON_SCHEMA_TYPES[asString(p?.type) ?? ''] ?? 'string');
        const field: Field = { name, type, required: required.includes(name) };
        const description = asString(p?.description);
        return { field: description === undefined ? field : { ...field, description }, key: false };
      });
    }
  }
  return [];
}

function columnField(column: PlainObject): { field: Field; key: boolean } | undefined {
  const name = asString(column.name);
  if (name === undefined) return undefined;
  const constraint = asString(column.columnConstraint)?.toUpperCase() ?? '';
  const key = constraint === 'PRIMARY_KEY';
  const type = physicalToFieldType(asString(column.dataType) ?? '') ?? 'string';
  const field: { -readonly [K in keyof Field]?: Field[K] } = {
    name,
    type,
    required: key || constraint === 'NOT_NULL',
  };
  const description = asString(column.description) ?? asString(column.displayName);
  if (description !== undefined) field.description = description;
  const length = asNumber(Number(column.dataLength));
  if (type === 'string' && length !== undefined) field.maxLength = length;
  return { field: field as Field, key };
}
