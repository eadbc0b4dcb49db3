import { FIELD_NAME_PATTERN } from '../core/descriptor.ts';
import { filterFields } from '../core/filter/ast.ts';
import { parseFilterExpression } from '../core/filter/parse-filter-expression.ts';
import { MESHWORK_RULE_ENGINE, readOwner } from './contract-to-spec.ts';
import { odcsToFieldType } from './field-type-mapping.ts';
import {
  asArray,
  asNumber,
  asObject,
  asString,
  customProperty,
  type DataPath,
  type PlainObject,
  stringList,
} from './plain-data.ts';
import type { ProblemCollector } from './problem-collector.ts';
import { checkDomain, checkOwner, checkVersion } from './product-rules.ts';
import { durationToMinutes, percentValue } from './sla-mapping.ts';

/** The property names of each schema object, by object name. */
type ObjectIndex = ReadonlyMap<string, ReadonlySet<string>>;

const ARGUMENT_FIELD_KEYS = ['property', 'properties', 'field', 'fields', 'column', 'columns'] as const;

/**
 * Checks what the ODCS schema cannot: owner, domain and semantic version; unique property names; primary keys;
 * relationships, indexes, quality rules and SLA elements that must name real properties; SLA values and units;
 * and whether the mapped object's types and names fit Meshwork.
 */
export function checkContractRules(c: ProblemCollector, data: PlainObject): void {
  checkOwner(c, readOwner(data.team) ?? asString(customProperty(data, 'owner')), ['team']);
  checkDomain(c, data.domain);
  checkVersion(c, data.version, ['version']);
  const objects = asArray(data.schema).map(asObject);
  const index: ObjectIndex = new Map(
    objects.flatMap((o) => {
      const name = asString(o?.name);
      const props = asArray(o?.properties)
        .map((p) => asString(asObject(p)?.name))
        .filter((n) => n !== undefined);
      return name === undefined ? [] : [[name, new Set(props)] as const];
    }),
  );
  if (objects.length > 1) {
    c.add(
      'multiple_objects',
      ['schema'],
      `the contract has ${objects.length} schema objects; Meshwork maps only the first (${asString(objects[0]?.name) ?? 'unnamed'}) to the product's table`,
      'split the other objects into contracts of their own, or pass the object to map explicitly',
    );
  }
  checkHasFields(c, data, objects[0]);
  objects.forEach((object, oi) => {
    if (object !== undefined) checkObject(c, object, ['schema', oi], index, oi === 0);
  });
  checkSla(c, data.slaProperties, index);
}

/** The first schema object becomes the product's table, which needs at least one column (publish refuses none). */
function checkHasFields(c: ProblemCollector, data: PlainObject, first: PlainObject | undefined): void {
  const hint =
    'add a schema object with its properties, e.g. schema: [{ name: orders, properties: [{ name: order_id, logicalType: string }] }]';
  if (first === undefined) {
    if (asArray(data.schema).length > 0) return; // a malformed entry: the official schema reports it
    c.add(
      'no_fields',
      data.schema === undefined ? [] : ['schema'],
      'the contract has no schema object, so the product would have no fields to store records in; publish refuses it',
      hint,
      'key',
    );
    return;
  }
  if (asArray(first.properties).length > 0) return;
  const name = asString(first.name) ?? 'unnamed';
  c.add(
    'no_fields',
    first.properties === undefined ? ['schema', 0] : ['schema', 0, 'properties'],
    `schema[0] (${name}) has no properties, so the product would have no fields to store records in; publish refuses it`,
    `list the columns under schema[0].properties, each with a name and a logicalType`,
    'key',
  );
}

function checkObject(
  c: ProblemCollector,
  object: PlainObject,
  at: DataPath,
  index: ObjectIndex,
  mapped: boolean,
): void {
  const objectName = asString(object.name) ?? '';
  const own = index.get(objectName) ?? new Set<string>();
  const seen = new Set<string>();
  const positions = new Map<number, string>();
  asArray(object.properties).forEach((raw, pi) => {
    const prop = asObject(raw);
    const name = asString(prop?.name);
    const path: DataPath = [...at, 'properties', pi];
    if (prop === undefined || name === undefined) return;
    if (seen.has(name))
      c.add(
        'duplicate_field',
        [...path, 'name'],
        `${objectName}.${name} is declared twice`,
        'rename or remove one of the two properties',
      );
    seen.add(name);
    if (prop.primaryKey === true) {
      if (prop.logicalType === 'object' || prop.logicalType === 'array') {
        c.add(
          'primary_key_not_scalar',
          [...path, 'primaryKey'],
          `${objectName}.${name} is an ${prop.logicalType} and cannot be part of the primary key`,
          'key on scalar properties only',
        );
      }
      const position = asNumber(prop.primaryKeyPosition);
      if (position !== undefined && position > 0) {
        const other = positions.get(position);
        if (other !== undefined) {
          c.add(
            'primary_key_position_duplicate',
            [...path, 'primaryKeyPosition'],
            `${objectName}.${name} and ${objectName}.${other} both have primaryKeyPosition ${position}`,
            'number the key properties 1, 2, 3, … without repeats',
          );
        }
        positions.set(position, name);
      }
    }
    if (mapped) checkMapping(c, prop, name, path);
    for (const [ri, rel] of asArray(prop.relationships).entries()) {
      const r = asObject(rel);
      for (const ref of refs(r?.to)) checkRef(c, ref, [...path, 'relationships', ri, 'to'], index, false);
    }
    checkQuality(c, prop.quality, [...path, 'quality'], own, name);
  });
  for (const [ri, rel] of asArray(object.relationships).entries()) {
    const r = asObject(rel);
    for (const ref of refs(r?.from))
      checkRef(c, ref, [...at, 'relationships', ri, 'from'], index, true, objectName);
    for (const ref of refs(r?.to)) checkRef(c, ref, [...at, 'relationships', ri, 'to'], index, false);
  }
  asArray(customProperty(object, 'indexes')).forEach((ix) => {
    for (const field of stringList(ix)) {
      if (!own.has(field)) {
        c.add(
          'index_unknown_field',
          [...at, 'customProperties'],
          `index field ${field} is not a property of ${objectName}`,
          `use one of: ${[...own].join(', ')}`,
        );
      }
    }
  });
  checkQuality(c, object.quality, [...at, 'quality'], own, undefined);
}

function checkMapping(c: ProblemCollector, prop: PlainObject, name: string, path: DataPath): void {
  if (!FIELD_NAME_PATTERN.test(name)) {
    c.add(
      'field_name_invalid',
      [...path, 'name'],
      `property "${name}" cannot be a Meshwork field name`,
      'use letters, digits and underscores only, not starting with a digit',
    );
  }
  const mapping = odcsToFieldType(prop.logicalType, prop.physicalType);
  if (mapping.quality === 'unknown') {
    c.add(
      'type_unmappable',
      [...path, prop.physicalType === undefined ? 'name' : 'physicalType'],
      `${name} has no logicalType and its physicalType ${JSON.stringify(prop.physicalType ?? null)} is not one Meshwork knows`,
      'add logicalType: string, integer, number, boolean, date or timestamp',
    );
  } else if (mapping.quality === 'lossy') {
    c.add(
      'type_lossy',
      [...path, 'logicalType'],
      `${name} is ${/^[aeiou]/i.test(String(prop.logicalType)) ? 'an' : 'a'} ${String(prop.logicalType)}; Meshwork stores it as a string`,
      'use a scalar logicalType if consumers need to filter or aggregate on it',
    );
  }
}

/** Lists the `object.property` references of a relationship end (a string or a list of strings). */
function refs(value: unknown): string[] {
  return typeof value === 'string' ? [value] : stringList(value);
}

function checkRef(
  c: ProblemCollector,
  ref: string,
  path: DataPath,
  index: ObjectIndex,
  local: boolean,
  self?: string,
): void {
  const dot = ref.lastIndexOf('.');
  const objectName = dot < 0 ? self : ref.slice(0, dot);
  const prop = dot < 0 ? ref : ref.slice(dot + 1);
  if (objectName === undefined) return;
  const props = index.get(objectName);
  // A reference to an object outside this contract cannot be checked here.
  if (props === undefined) {
    if (local)
      c.add(
        'relationship_unknown_field',
        path,
        `relationship refers to ${ref}, but there is no schema object ${objectName}`,
        `use one of: ${[...index.keys()].join(', ')}`,
      );
    return;
  }
  if (!props.has(prop)) {
    c.add(
      'relationship_unknown_field',
      path,
      `relationship refers to ${ref}, but ${objectName} has no property ${prop}`,
      `use one of: ${[...props].map((p) => `${objectName}.${p}`).join(', ')}`,
    );
  }
}

function checkQuality(
  c: ProblemCollector,
  quality: unknown,
  at: DataPath,
  fields: ReadonlySet<string>,
  property: string | undefined,
): void {
  asArray(quality).forEach((raw, qi) => {
    const q = asObject(raw);
    if (q === undefined) return;
    const path: DataPath = [...at, qi];
    const known = [...fields].join(', ');
    if (q.type === 'custom' && q.engine === MESHWORK_RULE_ENGINE && typeof q.implementation === 'string') {
      try {
        for (const field of filterFields(parseFilterExpression(q.implementation))) {
          if (!fields.has(field))
            c.add(
              'quality_unknown_field',
              [...path, 'implementation'],
              `rule ${asString(q.name) ?? qi + 1} refers to ${field}, which is not a property`,
              `use one of: ${known}`,
            );
        }
      } catch (error) {
        c.add(
          'quality_invalid_rule',
          [...path, 'implementation'],
          `rule ${asString(q.name) ?? qi + 1} is not a valid filter expression: ${(error as Error).message}`,
          "write a filter such as amount > 0 and status in ('open', 'paid')",
        );
      }
    }
    if (property === undefined && typeof q.query === 'string' && /\$?\{column\}/.test(q.query)) {
      c.add(
        'quality_column_placeholder',
        [...path, 'query'],
        'an object-level SQL check uses {column}, which only a property-level check has',
        'move the check under the property it measures, or name the column',
      );
    }
    const args = asObject(q.arguments);
    for (const key of ARGUMENT_FIELD_KEYS) {
      for (const field of refs(args?.[key])) {
        if (!fields.has(field))
          c.add(
            'quality_unknown_field',
            [...path, 'arguments', key],
            `quality check refers to ${field}, which is not a property`,
            `use one of: ${known}`,
          );
      }
    }
  });
}

function checkSla(c: ProblemCollector, slaProperties: unknown, index: ObjectIndex): void {
  asArray(slaProperties).forEach((raw, i) => {
    const entry = asObject(raw);
    const declared = asString(entry?.property);
    const property = declared?.toLowerCase();
    if (entry === undefined || property === undefined) return;
    const path: DataPath = ['slaProperties', i];
    if (property === 'availability' || property === 'completeness' || property === 'accuracy') {
      const v = percentValue(entry.value, entry.unit);
      if (v === undefined || v < 0 || v > 100) {
        c.add(
          'sla_invalid_value',
          [...path, 'value'],
          `SLA ${property} must be a percentage between 0 and 100, got ${JSON.stringify(entry.value)}`,
          `write e.g. value: 99.5 with unit: percent`,
        );
      }
    } else if (
      (property === 'freshness' || property === 'latency') &&
      // A missing value is the official schema's to report (required key "value").
      entry.value !== undefined &&
      durationToMinutes(entry.value, entry.unit) === undefined
    ) {
      const numeric = typeof entry.value === 'number';
      c.add(
        numeric ? 'sla_unknown_unit' : 'sla_invalid_value',
        [...path, numeric ? 'unit' : 'value'],
        numeric
          ? `SLA ${property} has ${entry.unit === undefined ? 'no unit' : `the unknown unit ${JSON.stringify(entry.unit)}`}`
          : `SLA ${property} ${JSON.stringify(entry.value)} is not a duration`,
        'use a number with unit: min, h, d (or a duration such as 25h or PT1H)',
      );
    }
    const element = asString(entry.element);
    if (element !== undefined) {
      const dot = element.lastIndexOf('.');
      const objectName = element.slice(0, Math.max(dot, 0));
      const props = index.get(objectName);
      if (dot < 0 || props === undefined || !props.has(element.slice(dot + 1))) {
        c.add(
          'sla_unknown_element',
          [...path, 'element'],
          `SLA ${declared} is measured on ${element}, which is not a property of this contract`,
          `use object.property, e.g. ${[...index].flatMap(([o, ps]) => [...ps].map((p) => `${o}.${p}`))[0] ?? 'orders.updated_at'}`,
        );
      }
    }
  });
}
