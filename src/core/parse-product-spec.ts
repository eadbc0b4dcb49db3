import semver from 'semver';
import type { ProductSpec } from './descriptor.ts';
import { FIELD_NAME_PATTERN, PRODUCT_ID_PATTERN } from './descriptor.ts';
import { ContractViolationError, type Issue } from './errors.ts';
import { isFieldType, isStringFormat } from './field-type.ts';
import { readAccessSpec } from './parse-access-spec.ts';
import { readAnalyticsSpec } from './parse-analytics-spec.ts';
import { readDerivedSpec } from './parse-derived-spec.ts';
import { readQualityLevelRules } from './parse-quality-level-rules.ts';
import { readSegmentSpecs } from './parse-segment-specs.ts';
import { isQualityLevel, QUALITY_LEVELS } from './quality-level.ts';
import { type Field, MASKING_STRATEGIES, type Rule, type Schema } from './schema.ts';
import type { Sla } from './sla.ts';
import { isScalar, type Path, SpecReader as Reader } from './spec-reader.ts';

/** Type names accepted in specs as aliases of Meshwork's own (the demo used `float`). */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  float: 'number',
  double: 'number',
  decimal: 'number',
  int: 'integer',
  long: 'integer',
  bigint: 'integer',
  bool: 'boolean',
  text: 'string',
  varchar: 'string',
  datetime: 'timestamp',
};

/** The result of parsing a spec: the spec, or every issue found. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

function readField(r: Reader, raw: unknown, path: Path, nameFromKey?: string): Field | undefined {
  const obj = r.object(raw, path, 'a field');
  if (!obj) return undefined;
  const name = nameFromKey ?? r.string(obj, 'name', path, true);
  if (name === undefined) return undefined;
  if (!FIELD_NAME_PATTERN.test(name)) {
    r.add([...path, 'name'], 'format', `field name "${name}" must use letters, digits and underscores only`);
  }
  const rawType = r.string(obj, 'type', path, true);
  if (rawType === undefined) return undefined;
  const typeName = TYPE_ALIASES[rawType.toLowerCase()] ?? rawType.toLowerCase();
  if (!isFieldType(typeName)) {
    r.add(
      [...path, 'type'],
      'unknown_type',
      `field ${name} has unknown type "${rawType}"; use string, integer, number, boolean, date or timestamp`,
    );
    return undefined;
  }
  const field: { -readonly [K in keyof Field]?: Field[K] } = { name, type: typeName, required: true };
  const required = r.boolean(obj, 'required', path);
  if (required !== undefined) field.required = required;
  const description = r.string(obj, 'description', path, false);
  if (description !== undefined) field.description = description;
  const pii = r.boolean(obj, 'pii', path);
  if (pii !== undefined) field.pii = pii;
  const classification = r.string(obj, 'classification', path, false);
  if (classification !== undefined) field.classification = classification;
  const masking = r.string(obj, 'masking', path, false);
  if (masking !== undefined) {
    if ((MASKING_STRATEGIES as readonly string[]).includes(masking))
      field.masking = masking as NonNullable<Field['masking']>;
    else r.add([...path, 'masking'], 'enum', `masking must be one of ${MASKING_STRATEGIES.join(', ')}`);
  }
  const format = r.string(obj, 'format', path, false);
  if (format !== undefined) {
    if (isStringFormat(format)) field.format = format;
    else r.add([...path, 'format'], 'enum', `field ${name} has unknown format "${format}"`);
  }
  const pattern = r.string(obj, 'pattern', path, false);
  if (pattern !== undefined) {
    try {
      new RegExp(pattern, 'u');
      field.pattern = pattern;
    } catch (error) {
      r.add(
        [...path, 'pattern'],
        'pattern',
        `field ${name} has an invalid pattern: ${(error as Error).message}`,
      );
    }
  }
  for (const key of [
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minLength',
    'maxLength',
  ] as const) {
    const n = r.number(obj, key, path);
    if (n !== undefined) field[key] = n;
  }
  const enumValues = obj.enum ?? obj.allowedValues;
  if (enumValues !== undefined) {
    if (Array.isArray(enumValues) && enumValues.every(isScalar)) field.enum = enumValues;
    else r.add([...path, 'enum'], 'type', `enum of field ${name} must be a list of plain values`);
  }
  const examples = obj.examples;
  if (examples !== undefined) {
    if (Array.isArray(examples) && examples.every(isScalar)) field.examples = examples;
    else r.add([...path, 'examples'], 'type', `examples of field ${name} must be a list of plain values`);
  }
  return field as Field;
}

function readSchema(r: Reader, raw: unknown, path: Path): Schema {
  const obj = r.object(raw ?? {}, path, 'schema');
  const fields: Field[] = [];
  if (obj) {
    const rawFields = obj.fields;
    if (Array.isArray(rawFields)) {
      rawFields.forEach((f, i) => {
        const field = readField(r, f, [...path, 'fields', i]);
        if (field) fields.push(field);
      });
    } else if (typeof rawFields === 'object' && rawFields !== null) {
      for (const [name, f] of Object.entries(rawFields)) {
        const field = readField(r, typeof f === 'string' ? { type: f } : f, [...path, 'fields', name], name);
        if (field) fields.push(field);
      }
    } else if (rawFields !== undefined) {
      r.add(
        [...path, 'fields'],
        'type',
        'schema.fields must be a list of fields or a mapping of name to field',
      );
    }
  }
  const names = new Set<string>();
  const folded = new Map<string, string>();
  fields.forEach((f, i) => {
    const other = folded.get(f.name.toLowerCase());
    if (names.has(f.name)) r.add([...path, 'fields', i], 'duplicate', `field ${f.name} is declared twice`);
    else if (other !== undefined) {
      r.add(
        [...path, 'fields', i],
        'duplicate',
        `fields ${other} and ${f.name} differ only by case; databases treat them as one column, so rename one`,
      );
    }
    names.add(f.name);
    folded.set(f.name.toLowerCase(), f.name);
  });
  const primaryKey = r.stringList(obj?.primaryKey, [...path, 'primaryKey'], 'primaryKey');
  for (const k of primaryKey) {
    if (!names.has(k))
      r.add(
        [...path, 'primaryKey'],
        'unknown_field',
        `primary key field ${k} is not among the schema's fields`,
      );
  }
  const indexes: string[][] = [];
  const rawIndexes = obj?.indexes;
  if (Array.isArray(rawIndexes)) {
    rawIndexes.forEach((ix, i) => {
      const cols = r.stringList(ix, [...path, 'indexes', i], 'an index');
      for (const c of cols) {
        if (!names.has(c))
          r.add([...path, 'indexes', i], 'unknown_field', `index field ${c} is not in the schema`);
      }
      if (cols.length > 0) indexes.push(cols);
    });
  } else if (rawIndexes !== undefined) {
    r.add([...path, 'indexes'], 'type', 'schema.indexes must be a list');
  }
  const rules: Rule[] = [];
  const rawRules = obj?.rules;
  if (Array.isArray(rawRules)) {
    rawRules.forEach((rr, i) => {
      const ro = r.object(rr, [...path, 'rules', i], 'a rule');
      if (!ro) return;
      const name = r.string(ro, 'name', [...path, 'rules', i], true);
      const check = r.string(ro, 'check', [...path, 'rules', i], true);
      const description = r.string(ro, 'description', [...path, 'rules', i], false);
      if (name !== undefined && check !== undefined) {
        rules.push(description === undefined ? { name, check } : { name, check, description });
      }
    });
  } else if (rawRules !== undefined) {
    r.add([...path, 'rules'], 'type', 'schema.rules must be a list');
  }
  // Primary key fields are always required.
  const keyed = fields.map((f) =>
    primaryKey.includes(f.name) && !f.required ? { ...f, required: true } : f,
  );
  return { fields: keyed, primaryKey, indexes, rules };
}

function readSla(r: Reader, raw: unknown, path: Path): Sla {
  if (raw === undefined || raw === null) return {};
  const obj = r.object(raw, path, 'sla');
  if (!obj) return {};
  const sla: { -readonly [K in keyof Sla]?: number } = {};
  for (const key of ['availability', 'completeness', 'accuracy'] as const) {
    const n = r.number(obj, key, path);
    if (n === undefined) continue;
    if (n < 0 || n > 100)
      r.add([...path, key], 'range', `sla.${key} is a percentage and must be between 0 and 100`);
    else sla[key] = n;
  }
  const fresh = r.number(obj, 'freshnessMinutes', path) ?? r.number(obj, 'freshness', path);
  if (fresh !== undefined) {
    if (fresh <= 0) r.add([...path, 'freshnessMinutes'], 'range', 'sla.freshnessMinutes must be positive');
    else sla.freshnessMinutes = fresh;
  }
  return sla;
}

/**
 * Reads a product spec from plain data (parsed JSON or YAML), collecting every problem.
 * @example parseProductSpec(YAML.parse(text))
 */
export function safeParseProductSpec(input: unknown): ParseResult<ProductSpec> {
  const r = new Reader();
  const obj = r.object(input, [], 'a product descriptor');
  if (!obj) return { ok: false, issues: r.issues };
  const id = r.string(obj, 'id', [], true) ?? '';
  // An empty id is as wrong as any other malformed one (a missing id is reported as required above).
  if (typeof obj.id === 'string' && !PRODUCT_ID_PATTERN.test(id)) {
    r.add(
      ['id'],
      'format',
      `product id "${id}" must be "domain.name" in lowercase letters, digits and underscores`,
    );
  }
  const [idDomain = '', idName = ''] = id.split('.');
  const domain = r.string(obj, 'domain', [], false) ?? idDomain;
  if (domain !== idDomain && id !== '') {
    r.add(['domain'], 'mismatch', `domain "${domain}" does not match the id's domain part "${idDomain}"`);
  }
  const name = r.string(obj, 'name', [], false) ?? idName;
  const owner = r.string(obj, 'owner', [], false) ?? '';
  const description = r.string(obj, 'description', [], false) ?? '';
  const tags = r.stringList(obj.tags, ['tags'], 'tags');
  const rawVersion = obj.version === undefined ? '0.1.0' : obj.version;
  let version = '0.1.0';
  if (typeof rawVersion !== 'string' || semver.valid(rawVersion) === null) {
    r.add(
      ['version'],
      'format',
      `version ${JSON.stringify(rawVersion)} must be a semantic version such as 1.0.0`,
    );
  } else {
    version = rawVersion;
  }
  const rawLevel = obj.qualityLevel ?? 'bronze';
  let qualityLevel: ProductSpec['qualityLevel'] = 'bronze';
  if (isQualityLevel(rawLevel)) qualityLevel = rawLevel;
  else r.add(['qualityLevel'], 'enum', `qualityLevel must be one of ${QUALITY_LEVELS.join(', ')}`);
  const schema = readSchema(r, obj.schema, ['schema']);
  const sla = readSla(r, obj.sla, ['sla']);
  const upstream = r.stringList(obj.upstream, ['upstream'], 'upstream');
  const analytics =
    obj.analytics == null ? undefined : readAnalyticsSpec(r, obj.analytics, ['analytics'], schema);
  const segments = obj.segments == null ? undefined : readSegmentSpecs(r, obj.segments, ['segments'], schema);
  const qualityLevels =
    obj.qualityLevels == null ? undefined : readQualityLevelRules(r, obj.qualityLevels, ['qualityLevels']);
  const derived =
    obj.derived == null ? undefined : readDerivedSpec(r, obj.derived, ['derived'], id, upstream);
  const access = obj.access == null ? undefined : readAccessSpec(r, obj.access, ['access']);
  if (r.issues.length > 0) return { ok: false, issues: r.issues };
  return {
    ok: true,
    value: {
      id,
      name,
      domain,
      owner,
      description,
      tags,
      version,
      qualityLevel,
      schema,
      sla,
      upstream,
      ...(analytics === undefined ? {} : { analytics }),
      ...(segments === undefined ? {} : { segments }),
      ...(qualityLevels === undefined ? {} : { qualityLevels }),
      ...(derived === undefined ? {} : { derived }),
      ...(access === undefined ? {} : { access }),
    },
  };
}

/**
 * Reads a product spec from plain data.
 * @throws ContractViolationError listing every problem when the spec is malformed.
 */
export function parseProductSpec(input: unknown): ProductSpec {
  const result = safeParseProductSpec(input);
  if (result.ok) return result.value;
  throw new ContractViolationError(
    `invalid product descriptor: ${result.issues.length} problem(s), first: ${result.issues[0]?.message ?? ''}`,
    result.issues,
  );
}
