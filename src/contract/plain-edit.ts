import { asObject, customPropertyIndex, isPlainObject } from './plain-data.ts';

/** A mapping being edited (a deep copy of a document's data). */
export type EditableObject = Record<string, unknown>;

/** Returns `parent[key]` as an editable mapping, creating an empty one when it is missing or not a mapping. */
export function ensureObject(parent: EditableObject, key: string): EditableObject {
  const current = parent[key];
  if (isPlainObject(current)) return current as EditableObject;
  const created: EditableObject = {};
  parent[key] = created;
  return created;
}

/** Returns `parent[key]` as an editable list, creating an empty one when it is missing or not a list. */
export function ensureArray(parent: EditableObject, key: string): unknown[] {
  const current = parent[key];
  if (Array.isArray(current)) return current;
  const created: unknown[] = [];
  parent[key] = created;
  return created;
}

/** Sets `obj[key]` to a value, or removes the key when the value is undefined. */
export function setOrDelete(obj: EditableObject, key: string, value: unknown): void {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
}

/** Removes `obj[key]` when it holds an empty list or mapping. */
export function dropIfEmpty(obj: EditableObject, key: string): void {
  const v = obj[key];
  if ((Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0))
    delete obj[key];
}

/**
 * Sets the value of a `customProperties` entry in place (appending the entry when absent),
 * or removes the entry when the value is undefined.
 */
export function setCustomProperty(owner: EditableObject, name: string, value: unknown): void {
  const index = customPropertyIndex(owner, name);
  if (value === undefined) {
    if (index < 0) return;
    (owner.customProperties as unknown[]).splice(index, 1);
    dropIfEmpty(owner, 'customProperties');
    return;
  }
  const list = ensureArray(owner, 'customProperties');
  const entry = asObject(list[index]);
  if (entry === undefined) list.push({ property: name, value });
  else list[index] = { ...entry, value };
}
