import type { Field } from '../core/schema.ts';
import { type ContractChange, change } from './contract-change.ts';
import { importSchemaObject } from './contract-to-spec.ts';
import { type SchemaDiffPlace, diffSchemas } from './diff-fields.ts';
import { asArray, asObject, asString, type PlainObject } from './plain-data.ts';

/** The structure of an ODCS property whose values are not scalars. */
type Structure = 'object' | 'array';

/**
 * Compares every schema object of two ODCS contracts, matched by `name`: a removed object is breaking, an added one
 * is not; the properties of objects on both sides are compared like a product's fields, and so are the nested
 * properties of `object` properties and the `items` of `array` properties, at every depth. Paths name the object and
 * then each property: `schema.orders.customer.address.zip.type`, `schema.orders.lines.items.sku`.
 * @example diffSchemaObjects(readContractDocument(oldText).data, readContractDocument(newText).data)
 */
export function diffSchemaObjects(before: unknown, after: unknown): ContractChange[] {
  const a = objectsByName(before);
  const b = objectsByName(after);
  const out: ContractChange[] = [];
  for (const [name, object] of a) {
    if (!b.has(name))
      out.push(
        change(
          'object_removed',
          `schema.${name}`,
          `schema object ${name} (${propertyCount(object)} properties) was removed; consumers reading it break`,
        ),
      );
  }
  for (const [name, object] of b) {
    const old = a.get(name);
    const at = `schema.${name}`;
    if (old === undefined) {
      out.push(
        change('object_added', at, `schema object ${name} (${propertyCount(object)} properties) was added`),
      );
      continue;
    }
    if ((asString(old.description) ?? '') !== (asString(object.description) ?? ''))
      out.push(
        change('description_changed', `${at}.description`, `the description of object ${name} changed`),
      );
    out.push(...diffLevel(old, object, { schema: at, fields: at, label: `${name}.` }));
  }
  return out;
}

/** Schema objects by name; an object without a name is known by its position (`#2`). */
function objectsByName(data: unknown): Map<string, PlainObject> {
  const out = new Map<string, PlainObject>();
  asArray(asObject(data)?.schema).forEach((raw, i) => {
    const object = asObject(raw);
    if (object === undefined) return;
    const name = asString(object.name) ?? `#${i + 1}`;
    if (!out.has(name)) out.set(name, object);
  });
  return out;
}

function propertyCount(object: PlainObject): number {
  return asArray(object.properties).length;
}

/** Properties by name, the first of each name (as the spec mapping reads them). */
function propertiesByName(holder: PlainObject): Map<string, PlainObject> {
  const out = new Map<string, PlainObject>();
  for (const raw of asArray(holder.properties)) {
    const prop = asObject(raw);
    const name = asString(prop?.name);
    if (prop !== undefined && name !== undefined && !out.has(name)) out.set(name, prop);
  }
  return out;
}

/** Whether a property holds an object or an array rather than a scalar. */
function structureOf(prop: PlainObject | undefined): Structure | undefined {
  if (prop === undefined) return undefined;
  const logical = asString(prop.logicalType)?.toLowerCase();
  if (logical === 'object' || logical === 'array') return logical;
  if (logical !== undefined) return undefined;
  if (Array.isArray(prop.properties)) return 'object';
  if (asObject(prop.items) !== undefined) return 'array';
  return undefined;
}

/** Compares the properties one object (or object property) holds, then looks inside those on both sides. */
function diffLevel(
  before: PlainObject,
  after: PlainObject,
  place: Omit<SchemaDiffPlace, 'typeOf'>,
): ContractChange[] {
  const old = propertiesByName(before);
  const now = propertiesByName(after);
  const typeOf = (field: Field, side: 'before' | 'after'): string =>
    structureOf((side === 'before' ? old : now).get(field.name)) ?? field.type;
  const out = diffSchemas(importSchemaObject(before), importSchemaObject(after), { ...place, typeOf });
  for (const [name, prop] of now) {
    const was = old.get(name);
    if (was !== undefined)
      out.push(...diffInside(was, prop, `${place.fields}.${name}`, `${place.label}${name}`));
  }
  return out;
}

/** Compares what an object or array property holds; a change of structure was reported as a type change already. */
function diffInside(before: PlainObject, after: PlainObject, at: string, label: string): ContractChange[] {
  const structure = structureOf(before);
  if (structure === undefined || structure !== structureOf(after)) return [];
  if (structure === 'object') return diffLevel(before, after, { schema: at, fields: at, label: `${label}.` });
  // The items of an array are compared as one property called `items`: its type, flags and what it holds.
  const items = (prop: PlainObject): PlainObject => ({
    properties: [{ ...asObject(prop.items), name: 'items' }],
  });
  return diffLevel(items(before), items(after), { schema: at, fields: at, label: `${label}.` });
}
