import { safeParseProductSpec } from './chunk-CMCKDKFV.js';
import { PROBLEM_CATALOG, sortProblems } from './chunk-RH4LIB2Q.js';
import { closestName } from './chunk-FXK5COB7.js';
import {
  MESHWORK_RULE_ENGINE,
  contractToSpec,
  durationToMinutes,
  looksLikePii,
  odcsToFieldType,
  parseFilterExpression,
  percentValue,
  readOwner,
  readPurpose,
} from './chunk-5YITE3UL.js';
import { FIELD_NAME_PATTERN } from './chunk-K5DZIQWA.js';
import { filterFields } from './chunk-VAFVFMKZ.js';
import { parseSourceDocument } from './chunk-XYK6DAA3.js';
import {
  asArray,
  asBoolean,
  asNumber,
  asObject,
  asString,
  customProperty,
  getAt,
  stringList,
} from './chunk-EKUJCVLF.js';
import { ContractViolationError, MeshError, formatPath } from './chunk-Z2USMJAC.js';

// dist/contract/product-folder.js
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import { isMap as isMap2, isSeq as isSeq2 } from 'yaml';

// dist/contract/product-rules.js
import semver from 'semver';
function checkOwner(
  c,
  owner,
  at,
  hint = 'add team: { name: <owning team> } (or a team member with role: owner)',
) {
  if (owner !== void 0) return;
  c.add('owner_missing', at, 'the document names no owner', hint);
}
function checkDomain(c, domain, at = ['domain']) {
  if (asString(domain) !== void 0) return;
  c.add(
    'domain_missing',
    at.slice(0, -1),
    'the document names no domain',
    `add ${String(at[at.length - 1])}: <domain>, e.g. sales`,
  );
}
function checkVersion(c, version, at) {
  if (typeof version === 'string' && semver.valid(version) === version) return;
  const cleaned = typeof version === 'string' ? semver.clean(version) : null;
  c.add(
    'version_not_semver',
    version === void 0 ? at.slice(0, -1) : at,
    version === void 0
      ? 'the document has no version'
      : `version ${JSON.stringify(version)} is not a semantic version`,
    cleaned !== null ? `write ${cleaned}` : 'write MAJOR.MINOR.PATCH, e.g. 1.0.0',
  );
}
function checkProductRules(c, data, lookup) {
  checkOwner(c, readOwner(data.team), ['team']);
  checkDomain(c, data.domain);
  checkVersion(c, data.version, ['version']);
  if (lookup.knownProducts === void 0 && lookup.resolveProduct === void 0) return;
  asArray(data.inputPorts).forEach((raw, i) => {
    const port = asObject(raw);
    const name = asString(port?.name);
    if (name === void 0) return;
    const ref = {
      name,
      contractId: asString(port?.contractId),
      version: asString(port?.version),
    };
    const known =
      lookup.knownProducts?.has(name) === true ||
      (ref.contractId !== void 0 && lookup.knownProducts?.has(ref.contractId) === true) ||
      lookup.resolveProduct?.(ref) === true;
    if (!known) {
      c.add(
        'input_product_unknown',
        ['inputPorts', i, 'name'],
        `input port ${name} refers to a product the catalog does not know`,
        'publish that product first, or fix the port name / contractId',
      );
    }
  });
}
function checkDcsRules(c, data) {
  const info = asObject(data.info);
  checkOwner(c, asString(info?.owner), ['info'], 'add info.owner: <owning team>');
  checkVersion(c, info?.version, ['info', 'version']);
}
function checkDpdsRules(c, data) {
  const info = asObject(data.info);
  const owner = asObject(info?.owner);
  checkOwner(
    c,
    asString(owner?.id) ?? asString(owner?.name),
    ['info'],
    'add info.owner: { id: <owner e-mail> }',
  );
  checkDomain(c, info?.domain, ['info', 'domain']);
  checkVersion(c, info?.version, ['info', 'version']);
}

// dist/contract/contract-rules.js
var ARGUMENT_FIELD_KEYS = ['property', 'properties', 'field', 'fields', 'column', 'columns'];
function checkContractRules(c, data) {
  checkOwner(c, readOwner(data.team) ?? asString(customProperty(data, 'owner')), ['team']);
  checkDomain(c, data.domain);
  checkVersion(c, data.version, ['version']);
  const objects = asArray(data.schema).map(asObject);
  const index = new Map(
    objects.flatMap((o) => {
      const name = asString(o?.name);
      const props = asArray(o?.properties)
        .map((p) => asString(asObject(p)?.name))
        .filter((n) => n !== void 0);
      return name === void 0 ? [] : [[name, new Set(props)]];
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
    if (object !== void 0) checkObject(c, object, ['schema', oi], index, oi === 0);
  });
  checkSla(c, data.slaProperties, index);
}
function checkHasFields(c, data, first) {
  const hint =
    'add a schema object with its properties, e.g. schema: [{ name: orders, properties: [{ name: order_id, logicalType: string }] }]';
  if (first === void 0) {
    if (asArray(data.schema).length > 0) return;
    c.add(
      'no_fields',
      data.schema === void 0 ? [] : ['schema'],
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
    first.properties === void 0 ? ['schema', 0] : ['schema', 0, 'properties'],
    `schema[0] (${name}) has no properties, so the product would have no fields to store records in; publish refuses it`,
    `list the columns under schema[0].properties, each with a name and a logicalType`,
    'key',
  );
}
function checkObject(c, object, at, index, mapped) {
  const objectName = asString(object.name) ?? '';
  const own = index.get(objectName) ?? /* @__PURE__ */ new Set();
  const seen = /* @__PURE__ */ new Set();
  const positions = /* @__PURE__ */ new Map();
  asArray(object.properties).forEach((raw, pi) => {
    const prop = asObject(raw);
    const name = asString(prop?.name);
    const path = [...at, 'properties', pi];
    if (prop === void 0 || name === void 0) return;
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
      if (position !== void 0 && position > 0) {
        const other = positions.get(position);
        if (other !== void 0) {
          c.add(
            'primary_key_position_duplicate',
            [...path, 'primaryKeyPosition'],
            `${objectName}.${name} and ${objectName}.${other} both have primaryKeyPosition ${position}`,
            'number the key properties 1, 2, 3, \u2026 without repeats',
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
  checkQuality(c, object.quality, [...at, 'quality'], own, void 0);
}
function checkMapping(c, prop, name, path) {
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
      [...path, prop.physicalType === void 0 ? 'name' : 'physicalType'],
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
function refs(value) {
  return typeof value === 'string' ? [value] : stringList(value);
}
function checkRef(c, ref, path, index, local, self) {
  const dot = ref.lastIndexOf('.');
  const objectName = dot < 0 ? self : ref.slice(0, dot);
  const prop = dot < 0 ? ref : ref.slice(dot + 1);
  if (objectName === void 0) return;
  const props = index.get(objectName);
  if (props === void 0) {
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
function checkQuality(c, quality, at, fields, property) {
  asArray(quality).forEach((raw, qi) => {
    const q = asObject(raw);
    if (q === void 0) return;
    const path = [...at, qi];
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
          `rule ${asString(q.name) ?? qi + 1} is not a valid filter expression: ${error.message}`,
          "write a filter such as amount > 0 and status in ('open', 'paid')",
        );
      }
    }
    if (property === void 0 && typeof q.query === 'string' && /\$?\{column\}/.test(q.query)) {
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
function checkSla(c, slaProperties, index) {
  asArray(slaProperties).forEach((raw, i) => {
    const entry = asObject(raw);
    const declared = asString(entry?.property);
    const property = declared?.toLowerCase();
    if (entry === void 0 || property === void 0) return;
    const path = ['slaProperties', i];
    if (property === 'availability' || property === 'completeness' || property === 'accuracy') {
      const v = percentValue(entry.value, entry.unit);
      if (v === void 0 || v < 0 || v > 100) {
        c.add(
          'sla_invalid_value',
          [...path, 'value'],
          `SLA ${property} must be a percentage between 0 and 100, got ${JSON.stringify(entry.value)}`,
          `write e.g. value: 99.5 with unit: percent`,
        );
      }
    } else if (
      (property === 'freshness' || property === 'latency') && // A missing value is the official schema's to report (required key "value").
      entry.value !== void 0 &&
      durationToMinutes(entry.value, entry.unit) === void 0
    ) {
      const numeric = typeof entry.value === 'number';
      c.add(
        numeric ? 'sla_unknown_unit' : 'sla_invalid_value',
        [...path, numeric ? 'unit' : 'value'],
        numeric
          ? `SLA ${property} has ${entry.unit === void 0 ? 'no unit' : `the unknown unit ${JSON.stringify(entry.unit)}`}`
          : `SLA ${property} ${JSON.stringify(entry.value)} is not a duration`,
        'use a number with unit: min, h, d (or a duration such as 25h or PT1H)',
      );
    }
    const element = asString(entry.element);
    if (element !== void 0) {
      const dot = element.lastIndexOf('.');
      const objectName = element.slice(0, Math.max(dot, 0));
      const props = index.get(objectName);
      if (dot < 0 || props === void 0 || !props.has(element.slice(dot + 1))) {
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

// dist/contract/lint-rules.js
var PUBLISHED_STATUSES = ['active', 'published', 'production', 'released'];
function lintContract(c, data) {
  if (readPurpose(data.description) === void 0) {
    c.add(
      'lint_product_description_missing',
      data.description === void 0 ? [] : ['description'],
      'the contract does not say what the data is for',
      'add description: { purpose: \u2026 } in a sentence or two',
    );
  }
  const status = asString(data.status)?.toLowerCase();
  if (status !== void 0 && PUBLISHED_STATUSES.includes(status) && asArray(data.slaProperties).length === 0) {
    c.add(
      'lint_sla_missing',
      ['status'],
      `the contract is ${status} but promises no SLA`,
      'add slaProperties, e.g. availability (percent) and freshness (min)',
    );
  }
  asArray(data.schema).forEach((rawObject, oi) => {
    const object = asObject(rawObject);
    const properties = asArray(object?.properties).map(asObject);
    const objectName = asString(object?.name) ?? `schema[${oi}]`;
    properties.forEach((prop, pi) => {
      const name = asString(prop?.name);
      if (prop === void 0 || name === void 0) return;
      const at = ['schema', oi, 'properties', pi, 'name'];
      if (asString(prop.description) === void 0) {
        c.add(
          'lint_field_description_missing',
          at,
          `${objectName}.${name} has no description`,
          'add a description saying what the value means and its unit',
        );
      }
      const classified =
        asString(prop.classification) !== void 0 || asBoolean(customProperty(prop, 'pii')) !== void 0;
      if (!classified && looksLikePii(name)) {
        c.add(
          'lint_pii_unclassified',
          at,
          `${objectName}.${name} looks like personal data but has no classification`,
          'add classification: restricted (personal data) or public, or a customProperties entry pii: true/false',
        );
      }
    });
    if (properties.length > 0 && properties.every((p) => asArray(p?.examples).length === 0)) {
      c.add(
        'lint_examples_missing',
        ['schema', oi, 'name'],
        `no property of ${objectName} has examples`,
        'add examples: [...] to the main properties',
      );
    }
  });
}
function lintProduct(c, data) {
  if (readPurpose(data.description) === void 0) {
    c.add(
      'lint_product_description_missing',
      data.description === void 0 ? [] : ['description'],
      'the product does not say what it is for',
      'add description: { purpose: \u2026 }',
    );
  }
}

// dist/contract/problem-collector.js
import { isMap, isNode, isScalar, isSeq } from 'yaml';
function locate(doc, path, anchor = 'value') {
  let node = doc.yaml.contents;
  let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (pair === void 0 || !isNode(pair.key)) break;
      const keyOffset = pair.key.range?.[0] ?? offset;
      const value = pair.value;
      const valueRange = isNode(value) ? value.range : void 0;
      const valueOffset = valueRange == null || valueRange[0] === valueRange[1] ? keyOffset : valueRange[0];
      offset = last && anchor === 'key' ? keyOffset : valueOffset;
      node = value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (!isNode(item)) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const pos = doc.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
var ProblemCollector = class {
  problems = [];
  #doc;
  #strict;
  constructor(doc, strict) {
    this.#doc = doc;
    this.#strict = strict;
  }
  /** The document the problems are about. */
  get doc() {
    return this.#doc;
  }
  /** Records a problem at `path`; `meshwork` codes are errors only in strict mode. */
  add(code, path, message, hint, anchor = 'value') {
    const declared = PROBLEM_CATALOG[code].severity;
    const severity = declared === 'meshwork' ? (this.#strict ? 'error' : 'warning') : declared;
    const { line, column } = locate(this.#doc, path, anchor);
    this.problems.push({
      file: this.#doc.file,
      line,
      column,
      severity,
      code,
      message,
      hint,
      path: formatPath(path),
    });
  }
};

// dist/contract/official-schemas.js
import { readFileSync } from 'node:fs';
import AjvDraft7 from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
var SCHEMAS = {
  odcs: { file: 'odcs-json-schema-v3.1.0.json', draft: '2019' },
  odps: { file: 'odps-json-schema-v1.0.0.json', draft: '2019' },
  dcs: { file: 'datacontract-1.2.1.schema.json', draft: '7' },
  dpds: { file: 'dpds-1.0.0.schema.json', draft: '2020' },
};
var OFFICIAL_SCHEMA_VERSIONS = {
  odcs: 'ODCS v3.1.0',
  odps: 'ODPS v1.0.0',
  dcs: 'Data Contract Specification 1.2.1',
  dpds: 'DPDS 1.0.0',
};
var ajvByDraft = /* @__PURE__ */ new Map();
var validators = /* @__PURE__ */ new Map();
function ajvFor(draft) {
  let ajv = ajvByDraft.get(draft);
  if (ajv === void 0) {
    const options = {
      allErrors: true,
      strict: false,
      validateFormats: true,
      verbose: true,
      logger: false,
    };
    ajv =
      draft === '2019'
        ? new Ajv2019.default(options)
        : draft === '2020'
          ? new Ajv2020.default(options)
          : new AjvDraft7.default(options);
    addFormats.default(ajv, { mode: draft === '7' ? 'fast' : 'full' });
    ajvByDraft.set(draft, ajv);
  }
  return ajv;
}
function officialSchemaValidator(kind) {
  let validate = validators.get(kind);
  if (validate === void 0) {
    const { file, draft } = SCHEMAS[kind];
    const schema = JSON.parse(readFileSync(new URL(`./schemas/${file}`, import.meta.url), 'utf8'));
    validate = ajvFor(draft).compile(schema);
    validators.set(kind, validate);
  }
  return validate;
}

// dist/contract/schema-validation.js
function checkOfficialSchema(collector, kind) {
  const validate = officialSchemaValidator(kind);
  if (validate(collector.doc.data)) return;
  for (const reported of simplify(validate.errors ?? [])) report(collector, kind, reported);
}
function isUnder(path, parent) {
  return path === parent || path.startsWith(`${parent}/`);
}
function simplify(errors) {
  const dropped = /* @__PURE__ */ new Set();
  const alternatives = /* @__PURE__ */ new Map();
  const severalPass = /* @__PURE__ */ new Set();
  errors.forEach((e, i) => {
    if (e.keyword === 'if') dropped.add(i);
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') return;
    const at = e.instancePath;
    const own = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
    const enclosing = /\/allOf\/\d+$/.test(own) ? own.slice(0, own.lastIndexOf('/')) : own;
    const branchOf = (j) => {
      const path = errors[j]?.schemaPath ?? '';
      if (path.startsWith(`${e.schemaPath}/`)) return path.slice(e.schemaPath.length + 1).split('/')[0];
      return path.startsWith(`${own}/`) || path.startsWith(`${enclosing}/`) ? void 0 : '$ref';
    };
    const run = [];
    for (let j = i - 1; j >= 0 && isUnder(errors[j]?.instancePath ?? '', at); j--) {
      if (branchOf(j) !== void 0) run.push(j);
    }
    const passing = e.params.passingSchemas;
    if (passing !== null && passing !== void 0) {
      for (const j of run) dropped.add(j);
      severalPass.add(i);
      return;
    }
    const wrongType = run.filter((j) => errors[j]?.keyword === 'type' && errors[j]?.instancePath === at);
    for (const j of wrongType) dropped.add(j);
    const informative = run.filter((j) => !dropped.has(j));
    if (informative.length === 0) return;
    const missingKey = (j) => errors[j]?.keyword === 'required' && errors[j]?.instancePath === at;
    if (informative.every(missingKey)) {
      alternatives.set(i, informative.map((j) => String(errors[j]?.params?.missingProperty)).reverse());
      for (const j of informative) dropped.add(j);
      return;
    }
    const meant = new Set(informative.filter((j) => !missingKey(j)).map(branchOf));
    for (const j of informative) if (!meant.has(branchOf(j))) dropped.add(j);
    dropped.add(i);
  });
  const combinatorPaths = new Set(
    errors
      .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if')
      .map((e) => e.instancePath),
  );
  const explained = new Set(
    errors
      .filter((e, i) => !dropped.has(i) && !severalPass.has(i) && e.keyword !== 'unevaluatedProperties')
      .map((e) => e.instancePath),
  );
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  errors.forEach((e, i) => {
    if (dropped.has(i)) return;
    if (severalPass.has(i) && explained.has(e.instancePath)) return;
    if (e.keyword === 'unevaluatedProperties' && combinatorPaths.has(e.instancePath)) return;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const alts = alternatives.get(i);
    out.push(alts === void 0 ? { error: e } : { error: e, alternatives: alts });
  });
  return out;
}
function toPath(pointer, data) {
  if (pointer === '') return [];
  const path = [];
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path.push(Array.isArray(getAt(data, path)) && /^\d+$/.test(part) ? Number(part) : part);
  }
  return path;
}
function describeValue(value) {
  if (value === void 0) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 50 ? `${text.slice(0, 47)}\u2026` : text;
}
var FORMAT_EXAMPLES = {
  'date-time': '2024-05-31T12:00:00Z',
  date: '2024-05-31',
  time: '12:00:00Z',
  uri: 'https://example.com/docs',
  email: 'team@example.com',
  uuid: '4f0c3a52-7a1e-4c4b-9d3c-2f9e5b1a6c77',
};
function report(collector, kind, { error, alternatives }) {
  const data = collector.doc.data;
  const path = toPath(error.instancePath, data);
  const where = path.length === 0 ? 'the document' : formatPath(path);
  const value = getAt(data, path);
  const params = error.params;
  const standard = OFFICIAL_SCHEMA_VERSIONS[kind];
  switch (error.keyword) {
    case 'type': {
      const type = String(params.type).replace(/,/g, ' or ');
      collector.add(
        'schema_type',
        path,
        `${where} must be ${article(type)} ${type}, got ${describeValue(value)}`,
        `write ${article(type)} ${type} here`,
      );
      return;
    }
    case 'required': {
      const missing = String(params.missingProperty);
      collector.add(
        'schema_required',
        path,
        `${where} is missing the required key "${missing}"`,
        `add "${missing}: \u2026" to ${where}`,
      );
      return;
    }
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? params.allowedValues : [params.allowedValue]).map(String);
      const guess = typeof value === 'string' ? closestName(value, allowed) : void 0;
      collector.add(
        'schema_enum',
        path,
        `${where} is ${describeValue(value)}, which ${standard} does not allow`,
        `use one of: ${allowed.join(', ')}${guess === void 0 ? '' : ` (did you mean "${guess}"?)`}`,
      );
      return;
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = Object.keys(asObject(asObject(error.parentSchema)?.properties) ?? {});
      const guess = closestName(key, known);
      const hint =
        guess !== void 0
          ? `rename it to "${guess}"`
          : kind === 'odcs' || kind === 'odps'
            ? `remove it, or keep it as a customProperties entry ({ property: ${key}, value: \u2026 })`
            : 'remove it';
      collector.add(
        'schema_unknown_property',
        [...path, key],
        `${where === 'the document' ? 'the top level' : where} has the key "${key}", which ${standard} does not define`,
        hint,
        'key',
      );
      return;
    }
    case 'format': {
      const format = String(params.format);
      const example = FORMAT_EXAMPLES[format];
      collector.add(
        'schema_format',
        path,
        `${where} is not a valid ${format}: ${describeValue(value)}`,
        `write a valid ${format}${example === void 0 ? '' : `, e.g. ${example}`}`,
      );
      return;
    }
    case 'pattern':
      collector.add(
        'schema_pattern',
        path,
        `${where} (${describeValue(value)}) does not match ${String(params.pattern)}`,
        `use only text matching ${String(params.pattern)}`,
      );
      return;
    case 'oneOf':
    case 'anyOf': {
      if (alternatives !== void 0) {
        collector.add(
          'schema_one_of',
          path,
          `${where} needs one of: ${alternatives.join(', ')}`,
          `add exactly one of ${alternatives.join(', ')}`,
        );
      } else if (params.passingSchemas !== null && params.passingSchemas !== void 0) {
        collector.add(
          'schema_one_of',
          path,
          `${where} matches more than one of the shapes ${standard} allows here`,
          'keep the keys of only one of the alternatives (e.g. a single mustBe\u2026 operator)',
        );
      } else {
        collector.add(
          'schema_one_of',
          path,
          `${where} matches none of the shapes ${standard} allows here`,
          `compare it with the ${standard} schema`,
        );
      }
      return;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems':
    case 'multipleOf':
      collector.add(
        'schema_range',
        path,
        `${where} ${error.message ?? 'is out of range'} (got ${describeValue(value)})`,
        'change the value to fit the limit',
      );
      return;
    case 'not': {
      const forbidden = asObject(error.schema)?.required?.map(String) ?? [];
      const why = asString(asObject(error.parentSchema)?.description);
      if (forbidden.length > 0) {
        const keys = forbidden.map((k) => `"${k}"`).join(', ');
        collector.add(
          'schema_invalid',
          forbidden.length === 1 ? [...path, forbidden[0] ?? ''] : path,
          `${where} must not have the key${forbidden.length === 1 ? '' : 's'} ${keys}${why === void 0 ? '' : `: ${why}`}`,
          `remove ${keys} from ${where}`,
          'key',
        );
        return;
      }
      collector.add(
        'schema_invalid',
        path,
        `${where} has a shape ${standard} forbids here${why === void 0 ? '' : `: ${why}`}`,
        `compare it with the ${standard} schema`,
      );
      return;
    }
    default:
      collector.add(
        'schema_invalid',
        path,
        `${where} ${error.message ?? 'is invalid'}`,
        `compare it with the ${standard} schema`,
      );
  }
}
function article(word) {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

// dist/contract/validate-documents.js
function validateDocuments(files, options = {}) {
  const docs = files.map((f) => parseSourceDocument(f.text, { file: f.path }));
  const problems = [];
  const contractIds = new Set(
    docs
      .filter((d) => d.kind === 'odcs')
      .map((d) => asString(asObject(d.data)?.id))
      .filter((id) => id !== void 0),
  );
  const hasContracts = docs.some((d) => d.kind === 'odcs');
  for (const doc of docs) {
    const c = new ProblemCollector(doc, options.strict === true);
    if (!syntaxOk(doc, problems)) continue;
    const data = asObject(doc.data) ?? {};
    if (doc.kind === 'unknown') {
      c.add(
        'unknown_document_kind',
        [],
        `${doc.file} is not a document Meshwork knows`,
        'add kind: DataContract (ODCS) or kind: DataProduct (ODPS) with its apiVersion',
      );
      problems.push(...c.problems);
      continue;
    }
    checkOfficialSchema(c, doc.kind);
    if (doc.kind === 'odcs') checkContractRules(c, data);
    if (doc.kind === 'odps') {
      checkProductRules(c, data, options);
      if (hasContracts) checkOutputContracts(c, data, contractIds);
    }
    if (doc.kind === 'dcs') checkDcsRules(c, data);
    if (doc.kind === 'dpds') checkDpdsRules(c, data);
    if (options.lint === true) lint(c, data);
    problems.push(...c.problems);
  }
  return { problems: sortProblems(problems) };
}
function lint(c, data) {
  if (c.doc.kind === 'odcs') lintContract(c, data);
  if (c.doc.kind === 'odps') lintProduct(c, data);
}
function syntaxOk(doc, problems) {
  for (const e of doc.syntaxErrors) {
    problems.push({
      file: doc.file,
      line: e.line,
      column: e.column,
      severity: 'error',
      code: 'yaml_syntax',
      message: e.message,
      hint:
        e.code === 'UNSUPPORTED_TAG'
          ? 'write a plain value here: remove the tag, or quote the value'
          : 'fix the YAML syntax here (indentation, quotes, brackets, duplicate keys)',
      path: '',
    });
  }
  return doc.syntaxErrors.length === 0;
}
function checkOutputContracts(c, data, contractIds) {
  asArray(data.outputPorts).forEach((raw, i) => {
    const id = asString(asObject(raw)?.contractId);
    if (id !== void 0 && !contractIds.has(id)) {
      c.add(
        'output_contract_missing',
        ['outputPorts', i, 'contractId'],
        `output port ${asString(asObject(raw)?.name) ?? i} serves contract ${id}, which is not among the files`,
        'add that contract file, or fix the contractId',
      );
    }
  });
}

// dist/contract/product-folder.js
var DOCUMENT_EXTENSIONS = /* @__PURE__ */ new Set(['.yaml', '.yml', '.json']);
function isMeshworkSpec(data) {
  const o = asObject(data);
  return o !== void 0 && 'id' in o && 'schema' in o && !('apiVersion' in o) && !('kind' in o);
}
async function walk(dir, out) {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (DOCUMENT_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
}
async function collectDocumentFiles(paths) {
  const files = [];
  for (const path of paths) {
    let isDir;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch (error) {
      throw new MeshError('not_found', `${path} does not exist; give a descriptor file or a product folder`, {
        cause: error,
      });
    }
    if (!isDir) {
      files.push({ path, text: await readFile(path, 'utf8') });
      continue;
    }
    const found = [];
    await walk(path, found);
    for (const file of found) {
      const text = await readFile(file, 'utf8');
      const doc = parseSourceDocument(text, { file });
      if (doc.syntaxErrors.length === 0 && isSeq2(doc.yaml.contents)) continue;
      if (doc.syntaxErrors.length === 0 && !isMap2(doc.yaml.contents)) continue;
      files.push({ path: file, text });
    }
  }
  return files;
}
function meshworkSpecProblems(doc) {
  const result = safeParseProductSpec(doc.data);
  if (result.ok) return [];
  return result.issues.map((issue) => {
    const node = doc.yaml.getIn(issue.path, true);
    const offset = node?.range?.[0] ?? 0;
    const pos = doc.lineCounter.linePos(offset);
    return {
      file: doc.file,
      line: pos.line,
      column: pos.col,
      severity: 'error',
      code: `spec_${issue.code}`,
      message: issue.message,
      hint: 'see examples/sales/product.yaml for the Meshwork descriptor format',
      path: issue.path.join('.'),
    };
  });
}
function documentName(file, root) {
  const rel = root === void 0 ? basename(file) : relative(root, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? basename(file) : rel.split(sep).join('/');
}
function specFromDocuments(files) {
  return readProductFolder(files).spec;
}
function readProductFolder(files, options = {}) {
  const docs = files.map((f) => parseSourceDocument(f.text, { file: f.path }));
  const broken = docs.filter((d) => d.syntaxErrors.length > 0);
  if (broken.length > 0) {
    throw new ContractViolationError(
      `${broken[0]?.file ?? ''} is not valid YAML: ${broken[0]?.syntaxErrors[0]?.message ?? ''}`,
      broken.map((d) => ({
        path: [d.file],
        code: 'syntax',
        message: d.syntaxErrors[0]?.message ?? 'syntax error',
      })),
    );
  }
  const meshwork = docs.filter((d) => isMeshworkSpec(d.data));
  const contracts = docs.filter((d) => d.kind === 'odcs');
  const products = docs.filter((d) => d.kind === 'odps');
  const fail = (message) =>
    new ContractViolationError(message, [{ path: [], code: 'product_documents', message }]);
  if (meshwork.length + products.length > 1) {
    throw fail(
      `found ${meshwork.length + products.length} product descriptors; publish one product folder at a time`,
    );
  }
  const only = meshwork[0];
  if (only) {
    const result = safeParseProductSpec(only.data);
    if (!result.ok) {
      throw new ContractViolationError(
        `${only.file}: invalid product descriptor: ${result.issues[0]?.message ?? ''}`,
        result.issues,
      );
    }
    return { spec: result.value, documents: [] };
  }
  if (contracts.length === 0) {
    throw fail(
      'no data contract found: a product folder needs an ODCS contract (kind: DataContract) or a Meshwork product.yaml',
    );
  }
  const product = products[0];
  let contract = contracts[0];
  if (contracts.length > 1) {
    const wanted = new Set(
      (asArray(asObject(product?.data)?.outputPorts) ?? [])
        .map((p) => asString(asObject(p)?.contractId))
        .filter((id) => id !== void 0),
    );
    const chosen = contracts.filter((c) => wanted.has(asString(asObject(c.data)?.id) ?? ''));
    if (chosen.length !== 1) {
      throw fail(
        `found ${contracts.length} contracts and no single one named by the product's output port contractId`,
      );
    }
    contract = chosen[0];
  }
  const keep = (doc, role) => ({
    role,
    file: documentName(doc.file, options.root),
    text: doc.text,
  });
  const documents = [
    keep(contract, 'contract'),
    ...(product === void 0 ? [] : [keep(product, 'product')]),
    ...contracts.filter((c) => c !== contract).map((c) => keep(c, 'port_contract')),
  ];
  return { spec: contractToSpec(contract, product), documents };
}
function validateProductFiles(files, options = {}) {
  const own = [];
  const standard = [];
  for (const f of files) {
    const doc = parseSourceDocument(f.text, { file: f.path });
    if (doc.syntaxErrors.length === 0 && isMeshworkSpec(doc.data)) own.push(...meshworkSpecProblems(doc));
    else standard.push(f);
  }
  const rest = standard.length > 0 ? validateDocuments(standard, options).problems : [];
  return { problems: sortProblems([...own, ...rest]) };
}

export {
  locate,
  isMeshworkSpec,
  collectDocumentFiles,
  meshworkSpecProblems,
  specFromDocuments,
  readProductFolder,
  validateProductFiles,
};
