import type { ProductSpec } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import { isStringFormat } from '../core/field-type.ts';
import type { Field, Scalar } from '../core/schema.ts';
import type { Sla } from '../core/sla.ts';
import { documentData, readVersion } from './contract-to-spec.ts';
import { dcsToFieldType } from './field-type-mapping.ts';
import { isPiiProperty } from './pii-rule.ts';
import { asNumber, asObject, asString, isScalarValue, type PlainObject, stringList } from './plain-data.ts';
import { deriveProductId } from './product-id.ts';
import { durationToMinutes, percentValue } from './sla-mapping.ts';
import type { SourceDocument } from './source-document.ts';

/** Options for {@link dataContractToSpec}. */
export interface DataContractToSpecOptions {
  /** The model (table) to map; defaults to the first one. */
  readonly model?: string;
}

/**
 * Maps a Data Contract Specification document (datacontract.com, 0.9–1.2) to a product spec, best effort:
 * `info` gives name, owner, version and description; the chosen model's fields (with `$ref`s into `definitions`
 * resolved) give the schema; `servicelevels` give availability and freshness. The standard has no domain, so the
 * product lands in the `default` domain unless its id is already `domain.name`.
 * @throws MeshError `invalid_input` when the document is not a mapping, `not_found` when the model is unknown.
 * @example dataContractToSpec(readDocument(text))
 */
export function dataContractToSpec(
  input: SourceDocument | unknown,
  options: DataContractToSpecOptions = {},
): ProductSpec {
  const data = asObject(documentData(input));
  if (data === undefined)
    throw new MeshError(
      'invalid_input',
      'cannot map the data contract: it must be a mapping of keys to values',
    );
  const info = asObject(data.info);
  const models = asObject(data.models) ?? {};
  const modelName = options.model ?? Object.keys(models)[0];
  const model = modelName === undefined ? undefined : asObject(models[modelName]);
  if (options.model !== undefined && model === undefined) {
    throw new MeshError(
      'not_found',
      `the data contract has no model "${options.model}"; it has ${Object.keys(models).join(', ') || 'none'}`,
    );
  }
  const name = asString(info?.title) ?? asString(data.id) ?? modelName ?? 'product';
  const { id, domain } = deriveProductId([asString(data.id)], undefined, name);
  const definitions = asObject(data.definitions) ?? {};
  const fields: Field[] = [];
  const keyed: string[] = stringList(model?.primaryKey);
  const indexes: string[][] = [];
  for (const [fieldName, raw] of Object.entries(asObject(model?.fields) ?? {})) {
    const def = resolve(asObject(raw) ?? {}, definitions);
    if ((def.primaryKey === true || def.primary === true) && !keyed.includes(fieldName))
      keyed.push(fieldName);
    if (def.unique === true) indexes.push([fieldName]);
    fields.push(toField(fieldName, def));
  }
  const primaryKey = keyed.filter((k) => fields.some((f) => f.name === k));
  return {
    id,
    name,
    domain,
    owner: asString(info?.owner) ?? '',
    description: asString(info?.description)?.trim() ?? asString(model?.description) ?? '',
    tags: stringList(data.tags),
    version: readVersion(info?.version) ?? '0.1.0',
    qualityLevel: 'bronze',
    schema: {
      fields: fields.map((f) => (primaryKey.includes(f.name) && !f.required ? { ...f, required: true } : f)),
      primaryKey,
      indexes: indexes.filter((ix) => !(primaryKey.length === 1 && ix[0] === primaryKey[0])),
      rules: [],
    },
    sla: readServiceLevels(asObject(data.servicelevels)),
    upstream: [],
  };
}

/** Merges a field with the definition its `$ref` (`#/definitions/x`) points at; the field's own keys win. */
function resolve(field: PlainObject, definitions: PlainObject): PlainObject {
  const ref = asString(field.$ref);
  const match = ref === undefined ? null : /^#\/definitions\/(.+)$/.exec(ref);
  const target = match?.[1] === undefined ? undefined : asObject(definitions[match[1]]);
  return target === undefined ? field : { ...target, ...field };
}

function toField(name: string, def: PlainObject): Field {
  const { type } = dcsToFieldType(def.type);
  const field: { -readonly [K in keyof Field]?: Field[K] } = { name, type, required: def.required === true };
  const description = asString(def.description) ?? asString(def.title);
  if (description !== undefined) field.description = description.trim();
  if (isPiiProperty(def)) field.pii = true;
  const classification = asString(def.classification);
  if (classification !== undefined) field.classification = classification;
  if (type === 'string') {
    if (isStringFormat(def.format)) field.format = def.format;
    const pattern = asString(def.pattern);
    if (pattern !== undefined) field.pattern = pattern;
    for (const key of ['minLength', 'maxLength'] as const) {
      const n = asNumber(def[key]);
      if (n !== undefined) field[key] = n;
    }
  }
  if (type === 'integer' || type === 'number') {
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
      const n = asNumber(def[key]);
      if (n !== undefined) field[key] = n;
    }
  }
  const values = def.enum;
  if (Array.isArray(values) && values.length > 0 && values.every(isScalarValue))
    field.enum = values as Scalar[];
  const examples = Array.isArray(def.examples)
    ? def.examples
    : def.example === undefined
      ? []
      : [def.example];
  if (examples.length > 0 && examples.every(isScalarValue)) field.examples = examples as Scalar[];
  return field as Field;
}

function readServiceLevels(levels: PlainObject | undefined): Sla {
  const sla: { -readonly [K in keyof Sla]?: number } = {};
  const availability = percentValue(asObject(levels?.availability)?.percentage);
  if (availability !== undefined) sla.availability = availability;
  const freshness =
    durationToMinutes(asObject(levels?.freshness)?.threshold) ??
    durationToMinutes(asObject(levels?.latency)?.threshold);
  if (freshness !== undefined) sla.freshnessMinutes = freshness;
  return sla;
}

/** Reads the model names of a Data Contract Specification document, for choosing one to map. */
export function dataContractModels(input: SourceDocument | unknown): string[] {
  return Object.keys(asObject(asObject(documentData(input))?.models) ?? {});
}
