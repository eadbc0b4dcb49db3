import {
  MESHWORK_RULE_ENGINE,
  SLA_KEYS,
  deriveProductId,
  fieldTypeToLogicalType,
  fieldTypeToPhysicalType,
  importContract,
  isPiiProperty,
  odcsToFieldType,
  physicalToFieldType,
  piiImpliedByLabels,
  readOwner,
  readPurpose,
  readVersion,
  slaEntry,
  updateSlaEntry,
} from './chunk-5YITE3UL.js';
import { YAML_OPTIONS, readContractDocument, readProductDocument, updateDocument } from './chunk-XYK6DAA3.js';
import {
  asArray,
  asObject,
  asString,
  cloneData,
  customPropertyIndex,
  deepEqual,
  getAt,
  isPlainObject,
  stringList,
} from './chunk-EKUJCVLF.js';

// dist/contract/spec-to-contract.js
import { stringify } from 'yaml';

// dist/contract/plain-edit.js
function ensureObject(parent, key) {
  const current = parent[key];
  if (isPlainObject(current)) return current;
  const created = {};
  parent[key] = created;
  return created;
}
function ensureArray(parent, key) {
  const current = parent[key];
  if (Array.isArray(current)) return current;
  const created = [];
  parent[key] = created;
  return created;
}
function setOrDelete(obj, key, value) {
  if (value === void 0) delete obj[key];
  else obj[key] = value;
}
function dropIfEmpty(obj, key) {
  const v = obj[key];
  if ((Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0))
    delete obj[key];
}
function setCustomProperty(owner, name, value) {
  const index = customPropertyIndex(owner, name);
  if (value === void 0) {
    if (index < 0) return;
    owner.customProperties.splice(index, 1);
    dropIfEmpty(owner, 'customProperties');
    return;
  }
  const list = ensureArray(owner, 'customProperties');
  const entry = asObject(list[index]);
  if (entry === void 0) list.push({ property: name, value });
  else list[index] = { ...entry, value };
}

// dist/contract/odcs-property-writer.js
var STRING_KEYS = ['format', 'pattern', 'minLength', 'maxLength'];
var NUMBER_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
function constraintKeys(field) {
  if (field.type === 'string') return STRING_KEYS;
  if (field.type === 'integer' || field.type === 'number') return NUMBER_KEYS;
  return [];
}
function constraintOptions(field) {
  const out = {};
  for (const key of constraintKeys(field)) if (field[key] !== void 0) out[key] = field[key];
  return Object.keys(out).length > 0 ? out : void 0;
}
function allowedValuesQuality(values) {
  return {
    metric: 'invalidValues',
    arguments: { validValues: [...values] },
    mustBe: 0,
    dimension: 'conformity',
  };
}
function newOdcsProperty(field, keyPosition, keySize) {
  const p = { name: field.name };
  if (field.description !== void 0) p.description = field.description;
  p.logicalType = fieldTypeToLogicalType(field.type);
  p.physicalType = fieldTypeToPhysicalType(field.type);
  p.required = field.required;
  if (keyPosition > 0) {
    p.primaryKey = true;
    if (keySize > 1) p.primaryKeyPosition = keyPosition;
  }
  if (field.classification !== void 0) p.classification = field.classification;
  const options = constraintOptions(field);
  if (options !== void 0) p.logicalTypeOptions = options;
  if (field.examples !== void 0) p.examples = [...field.examples];
  if (Boolean(field.pii) !== piiImpliedByLabels(field.classification, void 0)) {
    setCustomProperty(p, 'pii', Boolean(field.pii));
  }
  if (field.masking !== void 0) setCustomProperty(p, 'masking', field.masking);
  if (field.enum !== void 0) p.quality = [allowedValuesQuality(field.enum)];
  return p;
}
function updateOdcsProperty(p, update) {
  const { field: f, before: g } = update;
  if (g.type !== f.type) {
    p.logicalType = fieldTypeToLogicalType(f.type);
    const physical = typeof p.physicalType === 'string' ? physicalToFieldType(p.physicalType) : void 0;
    if (
      (physical !== void 0 && physical !== f.type) ||
      odcsToFieldType(p.logicalType, p.physicalType).type !== f.type
    ) {
      p.physicalType = fieldTypeToPhysicalType(f.type);
    }
    setOrDelete(p, 'logicalTypeOptions', constraintOptions(f));
  } else {
    for (const key of constraintKeys(f)) {
      if (f[key] === g[key]) continue;
      setOrDelete(ensureObject(p, 'logicalTypeOptions'), key, f[key]);
      dropIfEmpty(p, 'logicalTypeOptions');
    }
  }
  if (update.keyChanged) updateKey(p, update.keyPosition, update.keySize);
  if ((p.required === true || p.primaryKey === true) !== f.required) p.required = f.required;
  if (g.description !== f.description) setOrDelete(p, 'description', f.description);
  if (g.classification !== f.classification) setOrDelete(p, 'classification', f.classification);
  if (!deepEqual(g.examples, f.examples))
    setOrDelete(p, 'examples', f.examples === void 0 ? void 0 : [...f.examples]);
  if (g.masking !== f.masking) setCustomProperty(p, 'masking', f.masking);
  if (isPiiProperty(p) !== Boolean(f.pii)) {
    setCustomProperty(p, 'pii', void 0);
    if (isPiiProperty(p) !== Boolean(f.pii)) setCustomProperty(p, 'pii', Boolean(f.pii));
  }
  if (!deepEqual(g.enum, f.enum)) {
    const quality = Array.isArray(p.quality) ? p.quality : void 0;
    const entry = update.enumIndex === void 0 ? void 0 : asObject(quality?.[update.enumIndex]);
    if (f.enum === void 0) {
      if (update.enumIndex !== void 0) update.removeQuality(update.enumIndex);
    } else if (quality !== void 0 && entry !== void 0 && update.enumIndex !== void 0) {
      quality[update.enumIndex] = {
        ...entry,
        arguments: { ...asObject(entry.arguments), validValues: [...f.enum] },
      };
    } else {
      ensureArray(p, 'quality').push(allowedValuesQuality(f.enum));
    }
  }
}
function updateKey(p, position, size) {
  const hasPosition = typeof p.primaryKeyPosition === 'number' && p.primaryKeyPosition > 0;
  if (position > 0) {
    if (p.primaryKey !== true) p.primaryKey = true;
    if ((size > 1 || hasPosition) && p.primaryKeyPosition !== position) p.primaryKeyPosition = position;
  } else if (p.primaryKey === true) {
    p.primaryKey = false;
    if (hasPosition) p.primaryKeyPosition = -1;
  }
}

// dist/contract/spec-to-contract.js
var ODCS_API_VERSION = 'v3.1.0';
function specToContract(spec, base, options = {}) {
  if (base === void 0) {
    const skeleton = {
      apiVersion: ODCS_API_VERSION,
      kind: 'DataContract',
      id: spec.id,
      name: spec.name,
      version: spec.version,
      status: options.status ?? 'draft',
      domain: spec.domain,
      // Placeholders fix the key order of a new contract; the ones left empty are dropped below.
      description: void 0,
      tags: void 0,
      team: void 0,
      schema: [
        {
          name: options.object ?? spec.id.slice(spec.id.indexOf('.') + 1),
          physicalType: 'table',
          properties: [],
        },
      ],
      slaProperties: void 0,
      customProperties: void 0,
    };
    const data = dropUndefined(applySpec(skeleton, spec, options.object));
    const text = stringify(data, { ...YAML_OPTIONS, indent: 2, lineWidth: 0 });
    return readContractDocument(text, { file: options.file ?? `${spec.id}.odcs.yaml` });
  }
  return updateDocument(base, applySpec(cloneData(base.data), spec, options.object));
}
function applySpec(data, spec, objectName) {
  const { schema } = spec;
  const hasSchema = schema.fields.length > 0 || schema.rules.length > 0 || schema.indexes.length > 0;
  if (hasSchema && asArray(data.schema).length === 0) {
    data.schema = [{ name: spec.id.slice(spec.id.indexOf('.') + 1), physicalType: 'table' }];
  }
  const { spec: before, origins } = importContract(
    data,
    void 0,
    objectName === void 0 ? {} : { object: objectName },
  );
  if (before.name !== spec.name) data.name = spec.name;
  if (before.domain !== spec.domain) data.domain = spec.domain;
  if (before.version !== spec.version) data.version = spec.version;
  if (!deepEqual(before.tags, spec.tags))
    setOrDelete(data, 'tags', spec.tags.length > 0 ? [...spec.tags] : void 0);
  if (before.owner !== spec.owner) writeOwner(data, spec.owner);
  if (before.description !== spec.description) writeDescription(data, spec.description);
  if (before.qualityLevel !== spec.qualityLevel) setCustomProperty(data, 'qualityLevel', spec.qualityLevel);
  if (!deepEqual(before.upstream, spec.upstream)) {
    setCustomProperty(data, 'upstream', spec.upstream.length > 0 ? [...spec.upstream] : void 0);
  }
  writeSla(data, spec, before, origins.sla.origins);
  if (origins.objectIndex !== void 0) writeObject(data, spec, before, origins);
  if (importContract(data, void 0, objectName === void 0 ? {} : { object: objectName }).spec.id !== spec.id) {
    data.id = spec.id;
  }
  return data;
}
function writeObject(data, spec, before, origins) {
  const objectIndex = origins.objectIndex ?? 0;
  const object = data.schema[objectIndex];
  const removals = [];
  const properties = Array.isArray(object.properties) ? object.properties : [];
  const wanted = new Set(spec.schema.fields.map((f) => f.name));
  const keySize = spec.schema.primaryKey.length;
  const keyChanged = !deepEqual(before.schema.primaryKey, spec.schema.primaryKey);
  for (const field of spec.schema.fields) {
    const index = origins.propertyIndex.get(field.name);
    const keyPosition = spec.schema.primaryKey.indexOf(field.name) + 1;
    const previous = before.schema.fields.find((f) => f.name === field.name);
    const prop = index === void 0 ? void 0 : asObject(properties[index]);
    if (index === void 0 || prop === void 0 || previous === void 0) {
      properties.push(newOdcsProperty(field, keyPosition, keySize));
      continue;
    }
    const enumPath = origins.enums.get(field.name);
    updateOdcsProperty(prop, {
      field,
      before: previous,
      keyPosition,
      keySize,
      keyChanged,
      enumIndex: enumPath === void 0 ? void 0 : enumPath[enumPath.length - 1],
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
    if (prop !== void 0) dropIfEmpty(prop, 'quality');
  }
  dropIfEmpty(object, 'quality');
  if (properties.length > 0 && !Array.isArray(object.properties)) object.properties = properties;
  if (!deepEqual(before.schema.indexes, spec.schema.indexes)) {
    setCustomProperty(
      object,
      'indexes',
      spec.schema.indexes.length > 0 ? spec.schema.indexes.map((ix) => [...ix]) : void 0,
    );
  }
}
function dropUndefined(data) {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== void 0));
}
function writeOwner(data, owner) {
  if (Array.isArray(data.team)) {
    const members = data.team;
    const index = members.findIndex((m) => /owner/i.test(String(asObject(m)?.role ?? '')));
    if (index >= 0) members[index] = { ...asObject(members[index]), username: owner };
    else members.push({ username: owner, role: 'owner' });
    return;
  }
  const team = ensureObject(data, 'team');
  setOrDelete(team, 'name', owner === '' ? void 0 : owner);
  dropIfEmpty(data, 'team');
}
function writeDescription(data, description) {
  if (typeof data.description === 'string') delete data.description;
  const d = ensureObject(data, 'description');
  setOrDelete(d, 'purpose', description === '' ? void 0 : description);
  dropIfEmpty(data, 'description');
}
function writeSla(data, spec, before, origins) {
  const gone = [];
  for (const key of SLA_KEYS) {
    const value = spec.sla[key];
    if (value === before.sla[key]) continue;
    const origin = origins[key];
    const list2 = ensureArray(data, 'slaProperties');
    const entry = origin === void 0 ? void 0 : asObject(list2[origin]);
    if (value === void 0) {
      if (origin !== void 0) gone.push(origin);
    } else if (origin !== void 0 && entry !== void 0) {
      list2[origin] = updateSlaEntry(entry, key, value);
    } else {
      list2.push(slaEntry(key, value));
    }
  }
  const list = Array.isArray(data.slaProperties) ? data.slaProperties : [];
  for (const index of gone.sort((a, b) => b - a)) list.splice(index, 1);
  dropIfEmpty(data, 'slaProperties');
}
function ruleEntry(rule) {
  const entry = {
    name: rule.name,
    type: 'custom',
    engine: MESHWORK_RULE_ENGINE,
    implementation: rule.check,
  };
  if (rule.description !== void 0) entry.description = rule.description;
  return entry;
}
function writeRules(object, rules, previous, origins, removals) {
  for (const rule of rules) {
    const old = previous.find((r) => r.name === rule.name);
    if (old !== void 0 && deepEqual(old, rule)) continue;
    const origin = origins.get(rule.name);
    const quality = ensureArray(object, 'quality');
    const inPlace = origin?.length === 4 ? asObject(quality[origin[3]]) : void 0;
    if (origin !== void 0 && inPlace?.engine === MESHWORK_RULE_ENGINE) {
      const entry = { ...inPlace, name: rule.name, implementation: rule.check };
      setOrDelete(entry, 'description', rule.description);
      quality[origin[3]] = entry;
      continue;
    }
    if (origin !== void 0) removals.push(origin);
    quality.push(ruleEntry(rule));
  }
  for (const old of previous) {
    const origin = origins.get(old.name);
    if (origin !== void 0 && !rules.some((r) => r.name === old.name)) removals.push(origin);
  }
}
function comparePathsDescending(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y).localeCompare(String(x));
  }
  return b.length - a.length;
}
function removeAt(data, path) {
  const parent = getAt(data, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (asObject(parent) !== void 0 && typeof last === 'string') delete parent[last];
}

// dist/contract/spec-to-product-document.js
import { stringify as stringify2 } from 'yaml';
var ODPS_API_VERSION = 'v1.0.0';
function specToProductDocument(spec, base, options = {}) {
  if (base === void 0) {
    const skeleton = {
      apiVersion: ODPS_API_VERSION,
      kind: 'DataProduct',
      id: spec.id,
      name: spec.name,
      version: spec.version,
      status: options.status ?? 'draft',
      domain: spec.domain,
      // Placeholders fix the key order of a new document; the ones left empty are dropped below.
      description: void 0,
      tags: void 0,
      team: void 0,
    };
    const filled = applySpec2(skeleton, spec, options);
    const data = Object.fromEntries(Object.entries(filled).filter(([, v]) => v !== void 0));
    const text = stringify2(data, { ...YAML_OPTIONS, indent: 2, lineWidth: 0 });
    return readProductDocument(text, { file: options.file ?? `${spec.id}.odps.yaml` });
  }
  return updateDocument(base, applySpec2(cloneData(base.data), spec, options));
}
function productId(data) {
  const name = asString(data.name) ?? asString(data.id) ?? 'product';
  return deriveProductId([asString(data.id)], asString(data.domain), name).id;
}
function applySpec2(data, spec, options) {
  if (asString(data.name) !== spec.name) data.name = spec.name;
  if (asString(data.domain) === void 0 || productId(data).split('.')[0] !== spec.domain)
    data.domain = spec.domain;
  if (data.version !== void 0 && readVersion(data.version) !== spec.version) data.version = spec.version;
  if (!deepEqual(stringList(data.tags), spec.tags))
    setOrDelete(data, 'tags', spec.tags.length > 0 ? [...spec.tags] : void 0);
  if ((readPurpose(data.description) ?? '') !== spec.description) {
    if (typeof data.description === 'string') delete data.description;
    setOrDelete(
      ensureObject(data, 'description'),
      'purpose',
      spec.description === '' ? void 0 : spec.description,
    );
    dropIfEmpty(data, 'description');
  }
  if ((readOwner(data.team) ?? '') !== spec.owner) {
    setOrDelete(ensureObject(data, 'team'), 'name', spec.owner === '' ? void 0 : spec.owner);
    dropIfEmpty(data, 'team');
  }
  const inputs = asArray(data.inputPorts);
  const names = inputs.map((p) => asString(asObject(p)?.name));
  if (!deepEqual([...new Set(names.filter((n) => n !== void 0))], spec.upstream)) {
    const kept = inputs.filter((_, i) => spec.upstream.includes(names[i] ?? ''));
    for (const id of spec.upstream.filter((u) => !names.includes(u))) {
      const port2 = options.resolveUpstream?.(id);
      kept.push({ name: id, version: port2?.version ?? 'latest', contractId: port2?.contractId ?? id });
    }
    setOrDelete(data, 'inputPorts', kept.length > 0 ? kept : void 0);
  }
  const contractId = options.contractId ?? spec.id;
  const outputs = ensureArray(data, 'outputPorts');
  const index = outputs.findIndex((p) => asObject(p)?.contractId === contractId);
  const port = asObject(outputs[index]);
  if (port === void 0 && options.contractId === void 0 && outputs.length > 0) {
  } else if (port === void 0) {
    outputs.push({
      name: spec.id.slice(spec.id.indexOf('.') + 1),
      type: 'tables',
      version: spec.version,
      contractId,
    });
  } else if (port.version !== spec.version) {
    outputs[index] = { ...port, version: spec.version };
  }
  if (productId(data) !== spec.id) data.id = spec.id;
  return data;
}

export { specToContract, specToProductDocument };
