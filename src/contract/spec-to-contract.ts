import { stringify } from 'yaml';
import type { ProductSpec } from '../core/descriptor.ts';
import type { Rule } from '../core/schema.ts';
import { type ContractOrigins, importContract, MESHWORK_RULE_ENGINE } from './contract-to-spec.ts';
import { newOdcsProperty, updateOdcsProperty } from './odcs-property-writer.ts';
import { asArray, asObject, cloneData, type DataPath, deepEqual, getAt } from './plain-data.ts';
import {
  dropIfEmpty,
  type EditableObject,
  ensureArray,
  ensureObject,
  setCustomProperty,
  setOrDelete,
} from './plain-edit.ts';
import { SLA_KEYS, slaEntry, updateSlaEntry } from './sla-mapping.ts';
import { type ContractDocument, readContractDocument, updateDocument } from './source-document.ts';
import { YAML_OPTIONS } from './yaml-options.ts';

/** The ODCS version Meshwork writes. */
export const ODCS_API_VERSION = 'v3.1.0';

/** Options for writing a product spec as an ODCS contract. */
export interface SpecToContractOptions {
  /** The schema object to write the fields into; defaults to the first object (or the id's name part when new). */
  readonly object?: string;
  /** The contract status of a new contract (default `draft`); an existing contract keeps its own. */
  readonly status?: string;
  /** The file name of a new contract, for messages. */
  readonly file?: string;
}

/**
 * Writes a product spec as an ODCS v3.1.0 contract. With `base` (an imported contract) the base is updated in
 * place: only values that differ from what the base already maps to are rewritten, so unknown fields
 * (`servers`, `price`, `support`, `customProperties`, …), comments and formatting are all kept.
 * @example writeDocument(specToContract(spec, readContractDocument(text)))
 */
export function specToContract(
  spec: ProductSpec,
  base?: ContractDocument,
  options: SpecToContractOptions = {},
): ContractDocument {
  if (base === undefined) {
    const skeleton: EditableObject = {
      apiVersion: ODCS_API_VERSION,
      kind: 'DataContract',
      id: spec.id,
      name: spec.name,
      version: spec.version,
      status: options.status ?? 'draft',
      domain: spec.domain,
      // Placeholders fix the key order of a new contract; the ones left empty are dropped below.
      description: undefined,
      tags: undefined,
      team: undefined,
      schema: [
        {
          name: options.object ?? spec.id.slice(spec.id.indexOf('.') + 1),
          physicalType: 'table',
          properties: [],
        },
      ],
      slaProperties: undefined,
      customProperties: undefined,
    };
    const data = dropUndefined(applySpec(skeleton, spec, options.object));
    const text = stringify(data, { ...YAML_OPTIONS, indent: 2, lineWidth: 0 });
    return readContractDocument(text, { file: options.file ?? `${spec.id}.odcs.yaml` });
  }
  return updateDocument(base, applySpec(cloneData(base.data) as EditableObject, spec, options.object));
}

/** Returns contract data changed so that it maps to `spec`; `data` is a private copy and is changed in place. */
function applySpec(data: EditableObject, spec: ProductSpec, objectName: string | undefined): EditableObject {
  const { schema } = spec;
  const hasSchema = schema.fields.length > 0 || schema.rules.length > 0 || schema.indexes.length > 0;
  if (hasSchema && asArray(data.schema).length === 0) {
    data.schema = [{ name: spec.id.slice(spec.id.indexOf('.') + 1), physicalType: 'table' }];
  }
  const { spec: before, origins } = importContract(
    data,
    undefined,
    objectName === undefined ? {} : { object: objectName },
  );

  if (before.name !== spec.name) data.name = spec.name;
  if (before.domain !== spec.domain) data.domain = spec.domain;
  if (before.version !== spec.version) data.version = spec.version;
  if (!deepEqual(before.tags, spec.tags))
    setOrDelete(data, 'tags', spec.tags.length > 0 ? [...spec.tags] : undefined);
  if (before.owner !== spec.owner) writeOwner(data, spec.owner);
  if (before.description !== spec.description) writeDescription(data, spec.description);
  if (before.qualityLevel !== spec.qualityLevel) setCustomProperty(data, 'qualityLevel', spec.qualityLevel);
  if (!deepEqual(before.upstream, spec.upstream)) {
    setCustomProperty(data, 'upstream', spec.upstream.length > 0 ? [...spec.upstream] : undefined);
  }
  writeSla(data, spec, before, origins.sla.origins);
  if (origins.objectIndex !== undefined) writeObject(data, spec, before, origins);
  // The id is derived from domain and name unless written out; write it when the derivation no longer gives it.
  if (
    importContract(data, undefined, objectName === undefined ? {} : { object: objectName }).spec.id !==
    spec.id
  ) {
    data.id = spec.id;
  }
  return data;
}

/** Writes the fields, key, rules and indexes into the mapped schema object. */
function writeObject(
  data: EditableObject,
  spec: ProductSpec,
  before: ProductSpec,
  origins: ContractOrigins,
): void {
  const objectIndex = origins.objectIndex ?? 0;
  const object = (data.schema as unknown[])[objectIndex] as EditableObject;

  // In-place changes first (with the original indexes), removals afterwards from the highest index down.
  const removals: DataPath[] = [];
  const properties = Array.isArray(object.properties) ? (object.properties as unknown[]) : [];
  const wanted = new Set(spec.schema.fields.map((f) => f.name));
  const keySize = spec.schema.primaryKey.length;
  const keyChanged = !deepEqual(before.schema.primaryKey, spec.schema.primaryKey);
  for (const field of spec.schema.fields) {
    const index = origins.propertyIndex.get(field.name);
    const keyPosition = spec.schema.primaryKey.indexOf(field.name) + 1;
    const previous = before.schema.fields.find((f) => f.name === field.name);
    const prop = index === undefined ? undefined : asObject(properties[index]);
    if (index === undefined || prop === undefined || previous === undefined) {
      properties.push(newOdcsProperty(field, keyPosition, keySize));
      continue;
    }
    const enumPath = origins.enums.get(field.name);
    updateOdcsProperty(prop as EditableObject, {
      field,
      before: previous,
      keyPosition,
      keySize,
      keyChanged,
      enumIndex: enumPath === undefined ? undefined : (enumPath[enumPath.length - 1] as number),
      removeQuality: (qi) => removals.push(['schema', objectIndex, 'properties', index, 'quality', qi]),
    });
  }
  writeRules(object, spec.schema.rules, before.schema.rules, origins.rules, removals);
  for (const path of removals.sort(comparePathsDescending)) removeAt(data, path);
  for (const [name, index] of [...origins.propertyIndex].sort((a, b) => b[1] - a[1])) {
    if (!wanted.has(name)) properties.splice(index, 1);
  }
  for (const p of properties) {
    const prop = asObject(p);
    if (prop !== undefined) dropIfEmpty(prop as EditableObject, 'quality');
  }
  dropIfEmpty(object, 'quality');
  if (properties.length > 0 && !Array.isArray(object.properties)) object.properties = properties;
  if (!deepEqual(before.schema.indexes, spec.schema.indexes)) {
    setCustomProperty(
      object,
      'indexes',
      spec.schema.indexes.length > 0 ? spec.schema.indexes.map((ix) => [...ix]) : undefined,
    );
  }
}

function dropUndefined(data: EditableObject): EditableObject {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}

function writeOwner(data: EditableObject, owner: string): void {
  if (Array.isArray(data.team)) {
    // The deprecated list form of `team`: record the owner as a member.
    const members = data.team as unknown[];
    const index = members.findIndex((m) => /owner/i.test(String(asObject(m)?.role ?? '')));
    if (index >= 0) members[index] = { ...asObject(members[index]), username: owner };
    else members.push({ username: owner, role: 'owner' });
    return;
  }
  const team = ensureObject(data, 'team');
  setOrDelete(team, 'name', owner === '' ? undefined : owner);
  dropIfEmpty(data, 'team');
}

function writeDescription(data: EditableObject, description: string): void {
  if (typeof data.description === 'string') delete data.description;
  const d = ensureObject(data, 'description');
  setOrDelete(d, 'purpose', description === '' ? undefined : description);
  dropIfEmpty(data, 'description');
}

function writeSla(
  data: EditableObject,
  spec: ProductSpec,
  before: ProductSpec,
  origins: Readonly<Partial<Record<(typeof SLA_KEYS)[number], number>>>,
): void {
  const gone: number[] = [];
  for (const key of SLA_KEYS) {
    const value = spec.sla[key];
    if (value === before.sla[key]) continue;
    const origin = origins[key];
    const list = ensureArray(data, 'slaProperties');
    const entry = origin === undefined ? undefined : asObject(list[origin]);
    if (value === undefined) {
      if (origin !== undefined) gone.push(origin);
    } else if (origin !== undefined && entry !== undefined) {
      list[origin] = updateSlaEntry(entry, key, value);
    } else {
      list.push(slaEntry(key, value));
    }
  }
  const list = Array.isArray(data.slaProperties) ? data.slaProperties : [];
  for (const index of gone.sort((a, b) => b - a)) list.splice(index, 1);
  dropIfEmpty(data, 'slaProperties');
}

function ruleEntry(rule: Rule): EditableObject {
  const entry: EditableObject = {
    name: rule.name,
    type: 'custom',
    engine: MESHWORK_RULE_ENGINE,
    implementation: rule.check,
  };
  if (rule.description !== undefined) entry.description = rule.description;
  return entry;
}

function writeRules(
  object: EditableObject,
  rules: readonly Rule[],
  previous: readonly Rule[],
  origins: ReadonlyMap<string, DataPath>,
  removals: DataPath[],
): void {
  for (const rule of rules) {
    const old = previous.find((r) => r.name === rule.name);
    if (old !== undefined && deepEqual(old, rule)) continue;
    const origin = origins.get(rule.name);
    const quality = ensureArray(object, 'quality');
    const inPlace = origin?.length === 4 ? asObject(quality[origin[3] as number]) : undefined;
    if (origin !== undefined && inPlace?.engine === MESHWORK_RULE_ENGINE) {
      const entry: EditableObject = { ...inPlace, name: rule.name, implementation: rule.check };
      setOrDelete(entry, 'description', rule.description);
      quality[origin[3] as number] = entry;
      continue;
    }
    if (origin !== undefined) removals.push(origin);
    quality.push(ruleEntry(rule));
  }
  for (const old of previous) {
    const origin = origins.get(old.name);
    if (origin !== undefined && !rules.some((r) => r.name === old.name)) removals.push(origin);
  }
}

function comparePathsDescending(a: DataPath, b: DataPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y).localeCompare(String(x));
  }
  return b.length - a.length;
}

function removeAt(data: unknown, path: DataPath): void {
  const parent = getAt(data, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (asObject(parent) !== undefined && typeof last === 'string')
    delete (parent as EditableObject)[last];
}
