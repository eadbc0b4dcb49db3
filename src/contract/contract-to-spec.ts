import semver from 'semver';
import type { ProductSpec } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import { isStringFormat } from '../core/field-type.ts';
import { formatFilter } from '../core/filter/format-filter.ts';
import { isQualityLevel } from '../core/quality-level.ts';
import {
  type Field,
  MASKING_STRATEGIES,
  type MaskingStrategy,
  type Rule,
  type Scalar,
  type Schema,
} from '../core/schema.ts';
import { odcsToFieldType } from './field-type-mapping.ts';
import { isPiiProperty } from './pii-rule.ts';
import {
  asArray,
  asNumber,
  asObject,
  asString,
  customProperty,
  type DataPath,
  isScalarValue,
  type PlainObject,
  stringList,
} from './plain-data.ts';
import { deriveProductId } from './product-id.ts';
import { isZeroTolerance, readThreshold } from './quality-threshold.ts';
import { type ImportedSla, importSla } from './sla-mapping.ts';
import type { SourceDocument } from './source-document.ts';

/** Options for mapping an ODCS contract to a product spec. */
export interface ContractToSpecOptions {
  /** Name of the ODCS schema object holding the product's records; defaults to the first object. */
  readonly object?: string;
}

/** Where imported values came from in the ODCS document, so that changes can be written back in place. */
export interface ContractOrigins {
  /** Index of the schema object that was mapped, if any. */
  readonly objectIndex: number | undefined;
  /** Index in `properties` of each mapped field. */
  readonly propertyIndex: ReadonlyMap<string, number>;
  /** Path of the quality entry each rule came from. */
  readonly rules: ReadonlyMap<string, DataPath>;
  /** Path of the `invalidValues` quality entry each field's allowed values came from. */
  readonly enums: ReadonlyMap<string, DataPath>;
  readonly sla: ImportedSla;
}

/** The engine name Meshwork writes on ODCS custom quality entries that hold a record rule (a filter expression). */
export const MESHWORK_RULE_ENGINE = 'meshwork';

/** Reads the plain data of a document or passes plain data through. */
export function documentData(input: SourceDocument | unknown): unknown {
  return isSourceDocument(input) ? input.data : input;
}

function isSourceDocument(input: unknown): input is SourceDocument {
  return typeof input === 'object' && input !== null && 'yaml' in input && 'text' in input && 'data' in input;
}

/** Reads the owner from an ODCS/ODPS `team`: the team's name, or else the username of a member whose role is owner. */
export function readOwner(team: unknown): string | undefined {
  const members = Array.isArray(team) ? team : asArray(asObject(team)?.members);
  const name = Array.isArray(team) ? undefined : asString(asObject(team)?.name);
  if (name !== undefined) return name;
  for (const m of members) {
    const member = asObject(m);
    if (/owner/i.test(asString(member?.role) ?? '')) return asString(member?.username);
  }
  return undefined;
}

/** Reads a one-line description from an ODCS/ODPS `description` (its `purpose`, else its `usage`). */
export function readPurpose(description: unknown): string | undefined {
  if (typeof description === 'string') return asString(description);
  const d = asObject(description);
  return asString(d?.purpose) ?? asString(d?.usage);
}

/** Reads a semantic version leniently (`v1.0.0` → `1.0.0`, `1.0` → `1.0.0`). */
export function readVersion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return semver.clean(value) ?? semver.coerce(value)?.version ?? undefined;
}

/**
 * Maps an ODCS v3 contract (and optionally the ODPS product that publishes it) to a Meshwork product spec;
 * see docs/contracts.md for every rule. Product-level facts come from ODPS first, then ODCS.
 * @throws MeshError `invalid_input` when the contract is not a mapping, `not_found` when `options.object` is unknown.
 * @example const spec = contractToSpec(readContractDocument(text))
 */
export function contractToSpec(
  odcs: SourceDocument | unknown,
  odps?: SourceDocument | unknown,
  options: ContractToSpecOptions = {},
): ProductSpec {
  return importContract(odcs, odps, options).spec;
}

/** Maps an ODCS contract to a spec and tells where each mapped value came from. */
export function importContract(
  odcs: SourceDocument | unknown,
  odps?: SourceDocument | unknown,
  options: ContractToSpecOptions = {},
): { spec: ProductSpec; origins: ContractOrigins } {
  const data = asObject(documentData(odcs));
  if (data === undefined)
    throw new MeshError('invalid_input', 'cannot map the contract: it must be a mapping of keys to values');
  const product = asObject(documentData(odps));
  const objects = asArray(data.schema);
  let objectIndex: number | undefined = objects.length > 0 ? 0 : undefined;
  if (options.object !== undefined) {
    objectIndex = objects.findIndex((o) => asObject(o)?.name === options.object);
    if (objectIndex < 0) {
      const names = objects.map((o) => asString(asObject(o)?.name)).filter((n) => n !== undefined);
      throw new MeshError(
        'not_found',
        `the contract has no schema object "${options.object}"; it has ${names.join(', ') || 'none'}`,
      );
    }
  }
  const object = objectIndex === undefined ? undefined : asObject(objects[objectIndex]);
  const name =
    asString(product?.name) ??
    asString(data.name) ??
    asString(data.dataProduct) ??
    asString(object?.name) ??
    asString(data.id) ??
    'product';
  const { id, domain } = deriveProductId(
    [asString(product?.id), asString(data.id)],
    asString(product?.domain) ?? asString(data.domain),
    name,
  );
  const level = customProperty(data, 'qualityLevel') ?? customProperty(product, 'qualityLevel');
  const inputs = asArray(product?.inputPorts)
    .map((p) => asString(asObject(p)?.name))
    .filter((n) => n !== undefined);
  const schema = importObject(object, objectIndex ?? 0);
  const sla = importSla(data.slaProperties);
  const spec: ProductSpec = {
    id,
    name,
    domain,
    owner: readOwner(product?.team) ?? readOwner(data.team) ?? asString(customProperty(data, 'owner')) ?? '',
    description: readPurpose(product?.description) ?? readPurpose(data.description) ?? '',
    tags: Array.isArray(product?.tags) ? stringList(product.tags) : stringList(data.tags),
    version: readVersion(product?.version) ?? readVersion(data.version) ?? '0.1.0',
    qualityLevel: isQualityLevel(level) ? level : 'bronze',
    schema: schema.schema,
    sla: sla.sla,
    upstream: inputs.length > 0 ? [...new Set(inputs)] : stringList(customProperty(data, 'upstream')),
  };
  return {
    spec,
    origins: {
      objectIndex,
      propertyIndex: schema.propertyIndex,
      rules: schema.rules,
      enums: schema.enums,
      sla,
    },
  };
}

type MutableField = { -readonly [K in keyof Field]?: Field[K] };

/**
 * Maps one ODCS schema object, or anything holding `properties` (a nested object property), to a schema the way
 * {@link contractToSpec} maps the product's object: fields, key, indexes and rules.
 */
export function importSchemaObject(object: unknown): Schema {
  return importObject(asObject(object), 0).schema;
}

function importObject(object: PlainObject | undefined, objectIndex: number) {
  const fields: Field[] = [];
  const propertyIndex = new Map<string, number>();
  const rules: Rule[] = [];
  const ruleOrigins = new Map<string, DataPath>();
  const enums = new Map<string, DataPath>();
  const keyed: { name: string; position: number; index: number }[] = [];
  const uniques: string[] = [];
  const base: DataPath = ['schema', objectIndex];
  const addRule = (rule: Rule, origin: DataPath): void => {
    let n = rule.name;
    for (let i = 2; ruleOrigins.has(n); i++) n = `${rule.name}_${i}`;
    rules.push({ ...rule, name: n });
    ruleOrigins.set(n, origin);
  };
  asArray(object?.properties).forEach((raw, index) => {
    const prop = asObject(raw);
    const name = asString(prop?.name);
    if (prop === undefined || name === undefined || propertyIndex.has(name)) return;
    propertyIndex.set(name, index);
    const path: DataPath = [...base, 'properties', index];
    const field = importProperty(prop, name);
    asArray(prop.quality).forEach((q, qi) => {
      const entry = asObject(q);
      const qpath: DataPath = [...path, 'quality', qi];
      const threshold = readThreshold(entry);
      // `mustBeLessThan: 1` means "no failing row" only when counted in rows, not in percent.
      const zero = isZeroTolerance(threshold) && !(entry?.unit === 'percent' && threshold?.op === 'lt');
      if (entry === undefined || !zero) return;
      const args = asObject(entry.arguments);
      const ruleName = asString(entry.name) ?? asString(entry.id);
      if (
        entry.metric === 'invalidValues' &&
        Array.isArray(args?.validValues) &&
        args.validValues.every(isScalarValue)
      ) {
        if (field.enum === undefined) {
          field.enum = args.validValues as Scalar[];
          enums.set(name, qpath);
        }
      } else if (entry.metric === 'nullValues') {
        const check = formatFilter({ kind: 'null', left: { kind: 'field', field: name }, isNull: false });
        addRule(withDescription({ name: ruleName ?? `${name}_not_null`, check }, entry), qpath);
      }
    });
    if (prop.primaryKey === true) {
      const position = asNumber(prop.primaryKeyPosition);
      keyed.push({
        name,
        position: position !== undefined && position > 0 ? position : Number.POSITIVE_INFINITY,
        index,
      });
    } else if (prop.unique === true) {
      uniques.push(name);
    }
    fields.push(field as Field);
  });
  asArray(object?.quality).forEach((q, qi) => {
    const entry = asObject(q);
    if (
      entry?.type !== 'custom' ||
      entry.engine !== MESHWORK_RULE_ENGINE ||
      typeof entry.implementation !== 'string'
    )
      return;
    addRule(
      withDescription({ name: asString(entry.name) ?? `rule_${qi + 1}`, check: entry.implementation }, entry),
      [...base, 'quality', qi],
    );
  });
  const primaryKey = keyed.sort((a, b) => a.position - b.position || a.index - b.index).map((k) => k.name);
  const declared = asArray(customProperty(object, 'indexes'));
  const indexes =
    declared.length > 0 ? declared.map(stringList).filter((ix) => ix.length > 0) : uniques.map((u) => [u]);
  const keyedFields = fields.map((f) =>
    primaryKey.includes(f.name) && !f.required ? { ...f, required: true } : f,
  );
  return {
    schema: { fields: keyedFields, primaryKey, indexes, rules },
    propertyIndex,
    rules: ruleOrigins,
    enums,
  };
}

function withDescription(rule: Rule, entry: PlainObject): Rule {
  const description = asString(entry.description);
  return description === undefined ? rule : { ...rule, description };
}

function importProperty(prop: PlainObject, name: string): MutableField {
  const { type } = odcsToFieldType(prop.logicalType, prop.physicalType);
  const field: MutableField = { name, type, required: prop.required === true || prop.primaryKey === true };
  const description = asString(prop.description);
  if (description !== undefined) field.description = description;
  if (isPiiProperty(prop)) field.pii = true;
  const classification = asString(prop.classification);
  if (classification !== undefined) field.classification = classification;
  const masking = customProperty(prop, 'masking');
  if ((MASKING_STRATEGIES as readonly unknown[]).includes(masking))
    field.masking = masking as MaskingStrategy;
  const options = asObject(prop.logicalTypeOptions);
  if (type === 'string') {
    if (isStringFormat(options?.format)) field.format = options.format;
    const pattern = asString(options?.pattern);
    if (pattern !== undefined) field.pattern = pattern;
    for (const key of ['minLength', 'maxLength'] as const) {
      const n = asNumber(options?.[key]);
      if (n !== undefined) field[key] = n;
    }
  } else if (type === 'integer' || type === 'number') {
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
      const n = asNumber(options?.[key]);
      if (n !== undefined) field[key] = n;
    }
  }
  const examples = prop.examples;
  if (Array.isArray(examples) && examples.length > 0 && examples.every(isScalarValue))
    field.examples = examples;
  return field;
}
