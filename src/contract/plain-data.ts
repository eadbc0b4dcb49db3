import type { Scalar } from '../core/schema.ts';

/** A path into plain data: object keys and array indexes. */
export type DataPath = readonly (string | number)[];

/** A plain mapping read from YAML or JSON. */
export type PlainObject = Readonly<Record<string, unknown>>;

/** Tells whether a value is a plain mapping (not null, not a list). */
export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the value when it is a plain mapping, otherwise undefined. */
export function asObject(value: unknown): PlainObject | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** Returns the value when it is a list, otherwise an empty list. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Returns the value when it is a non-empty string, otherwise undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Returns the value when it is a finite number, otherwise undefined. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads a boolean, accepting the strings `true` and `false` as custom properties often hold them. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Tells whether a value is a JSON scalar. */
export function isScalarValue(value: unknown): value is Scalar {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

/** Lists the strings of a list, skipping anything else. */
export function stringList(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** Compares two plain JSON-like values structurally (key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.hasOwn(b as object, k) && deepEqual((a as PlainObject)[k], (b as PlainObject)[k]),
  );
}

/** Makes a deep copy of plain data whose mappings and lists can be changed. */
export function cloneData<T>(value: T): T {
  return structuredClone(value);
}

/** Freezes plain data deeply so that a read document's view cannot be changed by accident. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Reads the value at a path, or undefined when the path does not exist. */
export function getAt(value: unknown, path: DataPath): unknown {
  let cur = value;
  for (const part of path) {
    if (typeof part === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[part];
    } else {
      if (!isPlainObject(cur)) return undefined;
      cur = cur[part];
    }
  }
  return cur;
}

/** Finds the value of a `customProperties` entry (`{ property, value }`) by property name, case-insensitively. */
export function customProperty(owner: unknown, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const entry of asArray(asObject(owner)?.customProperties)) {
    const e = asObject(entry);
    if (typeof e?.property === 'string' && e.property.toLowerCase() === wanted) return e.value;
  }
  return undefined;
}

/** Finds the index of a `customProperties` entry by property name, case-insensitively; -1 when absent. */
export function customPropertyIndex(owner: unknown, name: string): number {
  const wanted = name.toLowerCase();
  return asArray(asObject(owner)?.customProperties).findIndex((entry) => {
    const e = asObject(entry);
    return typeof e?.property === 'string' && e.property.toLowerCase() === wanted;
  });
}
