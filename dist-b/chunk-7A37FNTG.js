import { compileQualityChecks, isProductSpec } from './chunk-3HSDKXCL.js';
import {
  PII_CLASSIFICATIONS,
  SLA_KEYS,
  compareThresholds,
  contractToSpec,
  documentData,
  importSchemaObject,
  isZeroTolerance,
} from './chunk-5YITE3UL.js';
import { asArray, asObject, asString, deepEqual } from './chunk-EKUJCVLF.js';

// dist/contract/contract-change.js
var CHANGE_CATALOG = {
  product_id_changed: 'breaking',
  object_removed: 'breaking',
  field_removed: 'breaking',
  field_renamed: 'breaking',
  field_added_required: 'breaking',
  field_made_required: 'breaking',
  field_type_narrowed: 'breaking',
  field_type_changed: 'breaking',
  primary_key_changed: 'breaking',
  allowed_values_reduced: 'breaking',
  constraint_tightened: 'breaking',
  rule_added: 'breaking',
  rule_changed: 'breaking',
  sla_weakened: 'breaking',
  quality_loosened: 'breaking',
  quality_changed: 'breaking',
  quality_check_removed: 'breaking',
  server_removed: 'breaking',
  server_changed: 'breaking',
  pii_added: 'breaking',
  classification_tightened: 'breaking',
  object_added: 'non_breaking',
  field_added: 'non_breaking',
  field_made_optional: 'non_breaking',
  field_type_widened: 'non_breaking',
  allowed_values_extended: 'non_breaking',
  constraint_loosened: 'non_breaking',
  rule_removed: 'non_breaking',
  sla_strengthened: 'non_breaking',
  quality_tightened: 'non_breaking',
  quality_check_added: 'non_breaking',
  server_added: 'non_breaking',
  description_changed: 'non_breaking',
  classification_changed: 'non_breaking',
  pii_removed: 'non_breaking',
  masking_changed: 'non_breaking',
  name_changed: 'info',
  owner_changed: 'info',
  tags_changed: 'info',
  quality_level_changed: 'info',
  upstream_changed: 'info',
  indexes_changed: 'info',
  examples_changed: 'info',
};
function change(code, path, message) {
  return { kind: CHANGE_CATALOG[code], code, path, message };
}
function toContractDiff(changes) {
  const counts = { breaking: 0, non_breaking: 0, info: 0 };
  for (const c of changes) counts[c.kind]++;
  return { changes, breaking: counts.breaking > 0, counts };
}

// dist/contract/diff-fields.js
var WIDENINGS = /* @__PURE__ */ new Set(['integer>number', 'date>timestamp']);
function isNarrowing(from, to) {
  return (
    (from === 'number' && to === 'integer') || (from === 'timestamp' && to === 'date') || from === 'string'
  );
}
var SPEC_PLACE = { schema: 'schema', fields: 'schema.fields', label: '' };
function diffSchemas(before, after, place = SPEC_PLACE) {
  const out = [];
  const typeOf = place.typeOf ?? ((f) => f.type);
  const oldByName = new Map(before.fields.map((f) => [f.name, f]));
  const newByName = new Map(after.fields.map((f) => [f.name, f]));
  const removed = before.fields.filter((f) => !newByName.has(f.name));
  const added = after.fields.filter((f) => !oldByName.has(f.name));
  const renamedTo = /* @__PURE__ */ new Set();
  for (const gone of removed) {
    const path = `${place.fields}.${gone.name}`;
    const type = typeOf(gone, 'before');
    const twin = added.find((a) => typeOf(a, 'after') === type && !renamedTo.has(a.name));
    const name = `${place.label}${gone.name}`;
    if (twin !== void 0) {
      renamedTo.add(twin.name);
      out.push(
        change(
          'field_renamed',
          path,
          `field ${name} was removed and ${place.label}${twin.name} (also ${type}) added: renamed? Consumers reading ${name} break`,
        ),
      );
    } else {
      out.push(change('field_removed', path, `field ${name} (${type}) was removed`));
    }
  }
  for (const fresh of added) {
    if (renamedTo.has(fresh.name)) continue;
    const path = `${place.fields}.${fresh.name}`;
    const name = `${place.label}${fresh.name}`;
    const type = typeOf(fresh, 'after');
    if (fresh.required)
      out.push(
        change(
          'field_added_required',
          path,
          `required field ${name} (${type}) was added; existing producers do not send it`,
        ),
      );
    else out.push(change('field_added', path, `optional field ${name} (${type}) was added`));
  }
  for (const now of after.fields) {
    const old = oldByName.get(now.name);
    if (old !== void 0) out.push(...diffField(old, now, place));
  }
  if (!deepEqual(before.primaryKey, after.primaryKey)) {
    out.push(
      change(
        'primary_key_changed',
        `${place.schema}.primaryKey`,
        `the primary key changed from (${before.primaryKey.join(', ')}) to (${after.primaryKey.join(', ')})`,
      ),
    );
  }
  for (const rule of after.rules) {
    const old = before.rules.find((r) => r.name === rule.name);
    const path = `${place.schema}.rules.${rule.name}`;
    if (old === void 0)
      out.push(
        change(
          'rule_added',
          path,
          `rule ${rule.name} (${rule.check}) was added; records that break it will be rejected`,
        ),
      );
    else if (old.check !== rule.check)
      out.push(
        change('rule_changed', path, `rule ${rule.name} changed from "${old.check}" to "${rule.check}"`),
      );
  }
  for (const old of before.rules) {
    if (!after.rules.some((r) => r.name === old.name))
      out.push(change('rule_removed', `${place.schema}.rules.${old.name}`, `rule ${old.name} was removed`));
  }
  if (!deepEqual(before.indexes, after.indexes))
    out.push(change('indexes_changed', `${place.schema}.indexes`, 'the indexes changed'));
  return out;
}
function diffField(old, now, place) {
  const out = [];
  const at = `${place.fields}.${now.name}`;
  const name = `${place.label}${now.name}`;
  const typeOf = place.typeOf ?? ((f) => f.type);
  const from = typeOf(old, 'before');
  const to = typeOf(now, 'after');
  if (from !== to) {
    const pair = `${from}>${to}`;
    if (WIDENINGS.has(pair))
      out.push(change('field_type_widened', `${at}.type`, `${name} widened from ${from} to ${to}`));
    else if (isNarrowing(from, to))
      out.push(
        change(
          'field_type_narrowed',
          `${at}.type`,
          `${name} narrowed from ${from} to ${to}; existing values may not fit`,
        ),
      );
    else out.push(change('field_type_changed', `${at}.type`, `${name} changed type from ${from} to ${to}`));
  }
  out.push(...diffFieldLabels(old, now, at, name));
  return out;
}
function diffFieldLabels(old, now, at, name) {
  const out = [];
  if (!old.required && now.required)
    out.push(
      change(
        'field_made_required',
        `${at}.required`,
        `${name} became required; records without it will be rejected`,
      ),
    );
  if (old.required && !now.required)
    out.push(
      change('field_made_optional', `${at}.required`, `${name} became optional; consumers may now see nulls`),
    );
  out.push(...diffEnum(old.enum, now.enum, name, `${at}.enum`));
  out.push(...diffBounds(old, now, at, name));
  for (const key of ['pattern', 'format']) {
    if (old[key] === now[key]) continue;
    if (now[key] === void 0)
      out.push(
        change(
          'constraint_loosened',
          `${at}.${key}`,
          `${name} no longer requires ${key} ${String(old[key])}`,
        ),
      );
    else
      out.push(
        change(
          'constraint_tightened',
          `${at}.${key}`,
          `${name} now requires ${key} ${String(now[key])}; existing values may not match`,
        ),
      );
  }
  if ((old.description ?? '') !== (now.description ?? ''))
    out.push(change('description_changed', `${at}.description`, `the description of ${name} changed`));
  if (old.classification !== now.classification) {
    const tightened = classificationRank(now.classification) > classificationRank(old.classification);
    out.push(
      change(
        tightened ? 'classification_tightened' : 'classification_changed',
        `${at}.classification`,
        `${name} is now classified ${now.classification ?? 'nothing'} (was ${old.classification ?? 'nothing'})`,
      ),
    );
  }
  if (Boolean(old.pii) !== Boolean(now.pii)) {
    out.push(
      now.pii === true
        ? change('pii_added', `${at}.pii`, `${name} is now PII and masked for readers without a PII grant`)
        : change('pii_removed', `${at}.pii`, `${name} is no longer PII`),
    );
  }
  if (old.masking !== now.masking)
    out.push(
      change('masking_changed', `${at}.masking`, `${name} is now masked by ${now.masking ?? 'nothing'}`),
    );
  if (!deepEqual(old.examples, now.examples))
    out.push(change('examples_changed', `${at}.examples`, `the examples of ${name} changed`));
  return out;
}
function diffEnum(old, now, name, path) {
  if (deepEqual(old, now)) return [];
  if (old === void 0)
    return [change('constraint_tightened', path, `${name} now only allows ${list(now ?? [])}`)];
  if (now === void 0) return [change('constraint_loosened', path, `${name} no longer limits its values`)];
  const out = [];
  const gone = old.filter((v) => !now.includes(v));
  const fresh = now.filter((v) => !old.includes(v));
  if (gone.length > 0)
    out.push(change('allowed_values_reduced', path, `${name} no longer allows ${list(gone)}`));
  if (fresh.length > 0)
    out.push(change('allowed_values_extended', path, `${name} now also allows ${list(fresh)}`));
  return out;
}
function list(values) {
  return values.map((v) => JSON.stringify(v)).join(', ');
}
function lowerBound(f) {
  const candidates = [];
  if (f.minimum !== void 0) candidates.push({ value: f.minimum, exclusive: false });
  if (f.exclusiveMinimum !== void 0) candidates.push({ value: f.exclusiveMinimum, exclusive: true });
  return candidates.sort((a, b) => b.value - a.value || Number(b.exclusive) - Number(a.exclusive))[0];
}
function upperBound(f) {
  const candidates = [];
  if (f.maximum !== void 0) candidates.push({ value: f.maximum, exclusive: false });
  if (f.exclusiveMaximum !== void 0) candidates.push({ value: f.exclusiveMaximum, exclusive: true });
  return candidates.sort((a, b) => a.value - b.value || Number(b.exclusive) - Number(a.exclusive))[0];
}
function compareBound(old, now, sign) {
  if (old === void 0 && now === void 0) return 0;
  if (old === void 0) return 1;
  if (now === void 0) return -1;
  if (old.value !== now.value) return (now.value - old.value) * sign > 0 ? 1 : -1;
  return Number(now.exclusive) - Number(old.exclusive);
}
function diffBounds(old, now, at, name) {
  const out = [];
  const checks = [
    ['minimum', compareBound(lowerBound(old), lowerBound(now), 1)],
    ['maximum', compareBound(upperBound(old), upperBound(now), -1)],
    ['minLength', compareBound(toBound(old.minLength), toBound(now.minLength), 1)],
    ['maxLength', compareBound(toBound(old.maxLength), toBound(now.maxLength), -1)],
  ];
  for (const [what, cmp] of checks) {
    if (cmp > 0)
      out.push(
        change(
          'constraint_tightened',
          `${at}.${what}`,
          `${name} has a tighter ${what}; existing values may fall outside it`,
        ),
      );
    if (cmp < 0) out.push(change('constraint_loosened', `${at}.${what}`, `${name} has a looser ${what}`));
  }
  return out;
}
function toBound(value) {
  return value === void 0 ? void 0 : { value, exclusive: false };
}
var CLASSIFICATION_ORDER = ['public', 'internal', 'confidential', 'restricted'];
function classificationRank(label) {
  if (label === void 0 || label === '') return 0;
  const lower = label.toLowerCase();
  const known = CLASSIFICATION_ORDER.indexOf(lower);
  if (known >= 0) return known;
  return PII_CLASSIFICATIONS.includes(lower) ? 3 : 1;
}

// dist/contract/diff-schema-objects.js
function diffSchemaObjects(before, after) {
  const a = objectsByName(before);
  const b = objectsByName(after);
  const out = [];
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
    if (old === void 0) {
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
function objectsByName(data) {
  const out = /* @__PURE__ */ new Map();
  asArray(asObject(data)?.schema).forEach((raw, i) => {
    const object = asObject(raw);
    if (object === void 0) return;
    const name = asString(object.name) ?? `#${i + 1}`;
    if (!out.has(name)) out.set(name, object);
  });
  return out;
}
function propertyCount(object) {
  return asArray(object.properties).length;
}
function propertiesByName(holder) {
  const out = /* @__PURE__ */ new Map();
  for (const raw of asArray(holder.properties)) {
    const prop = asObject(raw);
    const name = asString(prop?.name);
    if (prop !== void 0 && name !== void 0 && !out.has(name)) out.set(name, prop);
  }
  return out;
}
function structureOf(prop) {
  if (prop === void 0) return void 0;
  const logical = asString(prop.logicalType)?.toLowerCase();
  if (logical === 'object' || logical === 'array') return logical;
  if (logical !== void 0) return void 0;
  if (Array.isArray(prop.properties)) return 'object';
  if (asObject(prop.items) !== void 0) return 'array';
  return void 0;
}
function diffLevel(before, after, place) {
  const old = propertiesByName(before);
  const now = propertiesByName(after);
  const typeOf = (field, side) => structureOf((side === 'before' ? old : now).get(field.name)) ?? field.type;
  const out = diffSchemas(importSchemaObject(before), importSchemaObject(after), { ...place, typeOf });
  for (const [name, prop] of now) {
    const was = old.get(name);
    if (was !== void 0)
      out.push(...diffInside(was, prop, `${place.fields}.${name}`, `${place.label}${name}`));
  }
  return out;
}
function diffInside(before, after, at, label) {
  const structure = structureOf(before);
  if (structure === void 0 || structure !== structureOf(after)) return [];
  if (structure === 'object') return diffLevel(before, after, { schema: at, fields: at, label: `${label}.` });
  const items = (prop) => ({
    properties: [{ ...asObject(prop.items), name: 'items' }],
  });
  return diffLevel(items(before), items(after), { schema: at, fields: at, label: `${label}.` });
}

// dist/contract/contract-diff.js
function diffContracts(before, after, options = {}) {
  const a = toSpec(before, options);
  const b = toSpec(after, options);
  if (isProductSpec(before) || isProductSpec(after)) return toContractDiff(diffSpecs(a, b));
  return toContractDiff(diffWithContracts(a, b, before, after, options));
}
function diffVersions(before, after) {
  if (before.contract === void 0 || after.contract === void 0)
    return toContractDiff(diffSpecs(before.spec, after.spec));
  return toContractDiff(diffWithContracts(before.spec, after.spec, before.contract, after.contract, {}));
}
function diffSpecs(a, b) {
  return [...diffFacts(a, b), ...diffSchemas(a.schema, b.schema), ...diffSla(a.sla, b.sla)];
}
function diffWithContracts(a, b, before, after, options) {
  return [
    ...diffFacts(a, b),
    ...diffSchemaObjects(documentData(before), documentData(after)),
    ...diffSla(a.sla, b.sla),
    ...diffDeclared(before, after, options),
  ];
}
function diffFacts(a, b) {
  const changes = [];
  if (a.id !== b.id)
    changes.push(change('product_id_changed', 'id', `the product id changed from ${a.id} to ${b.id}`));
  if (a.name !== b.name)
    changes.push(change('name_changed', 'name', `the name changed from "${a.name}" to "${b.name}"`));
  if (a.owner !== b.owner)
    changes.push(
      change(
        'owner_changed',
        'owner',
        `the owner changed from ${a.owner || 'nobody'} to ${b.owner || 'nobody'}`,
      ),
    );
  if (a.description !== b.description)
    changes.push(change('description_changed', 'description', 'the product description changed'));
  if (!deepEqual(a.tags, b.tags))
    changes.push(change('tags_changed', 'tags', `the tags changed to ${b.tags.join(', ') || 'none'}`));
  if (a.qualityLevel !== b.qualityLevel) {
    changes.push(
      change(
        'quality_level_changed',
        'qualityLevel',
        `the quality level changed from ${a.qualityLevel} to ${b.qualityLevel}`,
      ),
    );
  }
  if (!deepEqual(a.upstream, b.upstream))
    changes.push(change('upstream_changed', 'upstream', 'the upstream products changed'));
  return changes;
}
function diffDeclared(before, after, options = {}) {
  return [...diffQuality(before, after, options), ...diffServers(documentData(before), documentData(after))];
}
function toSpec(input, options) {
  return isProductSpec(input) ? input : contractToSpec(input, void 0, options);
}
var SLA_LABELS = {
  availability: 'availability (%)',
  completeness: 'completeness (%)',
  accuracy: 'accuracy (%)',
  freshnessMinutes: 'freshness (minutes)',
};
function diffSla(a, b) {
  const out = [];
  for (const key of SLA_KEYS) {
    const before = a[key];
    const after = b[key];
    if (before === after) continue;
    const path = `sla.${key}`;
    const label = SLA_LABELS[key];
    if (after === void 0) {
      out.push(change('sla_weakened', path, `the ${label} target ${before} was dropped`));
    } else if (before === void 0) {
      out.push(change('sla_strengthened', path, `a ${label} target of ${after} was added`));
    } else {
      const weaker = key === 'freshnessMinutes' ? after > before : after < before;
      out.push(
        change(
          weaker ? 'sla_weakened' : 'sla_strengthened',
          path,
          `the ${label} target changed from ${before} to ${after}`,
        ),
      );
    }
  }
  return out;
}
function diffQuality(before, after, options) {
  const own = (input) =>
    new Map(
      compileQualityChecks(input, options)
        .filter((c) => c.origin === 'declared' && !coveredBySpec(c))
        .map((c) => [c.id, c]),
    );
  const a = own(before);
  const b = own(after);
  const out = [];
  for (const [id, check] of b) {
    const old = a.get(id);
    const path = `quality.${id}`;
    if (old === void 0) {
      out.push(change('quality_check_added', path, `quality check ${id} (${check.kind}) was added`));
      continue;
    }
    const { threshold: t1, description: _d1, path: _p1, ...restOld } = old;
    const { threshold: t2, description: _d2, path: _p2, ...restNew } = check;
    if (!deepEqual(restOld, restNew)) {
      out.push(change('quality_changed', path, `quality check ${id} now measures something else`));
      continue;
    }
    const cmp = compareThresholds(t1, t2);
    if (cmp === 'tighter')
      out.push(change('quality_tightened', path, `quality check ${id} has a stricter threshold`));
    if (cmp === 'looser')
      out.push(
        change(
          'quality_loosened',
          path,
          `quality check ${id} has a looser threshold; consumers get weaker guarantees`,
        ),
      );
    if (cmp === 'changed')
      out.push(change('quality_changed', path, `quality check ${id} has a different threshold`));
  }
  for (const id of a.keys()) {
    if (!b.has(id))
      out.push(
        change(
          'quality_check_removed',
          `quality.${id}`,
          `quality check ${id} was removed; consumers lose that guarantee`,
        ),
      );
  }
  return out;
}
function coveredBySpec(check) {
  if (check.kind === 'rule') return true;
  const zero = check.unit === 'rows' && isZeroTolerance(check.threshold);
  return zero && (check.kind === 'allowed_values' || check.kind === 'not_null');
}
function diffServers(before, after) {
  const servers = (data) =>
    new Map(
      asArray(asObject(data)?.servers).map((s, i) => {
        const obj = asObject(s);
        return [asString(obj?.server) ?? asString(obj?.id) ?? String(i), s];
      }),
    );
  const a = servers(before);
  const b = servers(after);
  const out = [];
  for (const [name, server] of b) {
    const old = a.get(name);
    if (old === void 0) out.push(change('server_added', `servers.${name}`, `server ${name} was added`));
    else if (!deepEqual(old, server))
      out.push(
        change(
          'server_changed',
          `servers.${name}`,
          `server ${name} changed; consumers connecting to it may break`,
        ),
      );
  }
  for (const name of a.keys()) {
    if (!b.has(name)) out.push(change('server_removed', `servers.${name}`, `server ${name} was removed`));
  }
  return out;
}

export { diffContracts, diffVersions, diffDeclared };
