import {
  MESHWORK_RULE_ENGINE,
  ZERO_FAILURES,
  documentData,
  importContract,
  readThreshold,
} from './chunk-5YITE3UL.js';
import { asArray, asObject, asString, isScalarValue, stringList } from './chunk-EKUJCVLF.js';

// dist/contract/quality-check.js
var FORMAT_PATTERNS = {
  email: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+',
  uri: '[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*',
  uuid: '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}',
  date: '[0-9]{4}-[0-9]{2}-[0-9]{2}',
  'date-time':
    '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?',
};
function isProductSpec(value) {
  if (typeof value !== 'object' || value === null) return false;
  const schema = value.schema;
  return typeof schema === 'object' && schema !== null && Array.isArray(schema.fields);
}
function listed(values) {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
}
function describeQualityCheck(check) {
  switch (check.kind) {
    case 'not_null':
      return check.missingValues === void 0 || check.missingValues.length === 0
        ? `${check.field} is not null`
        : `${check.field} is not null nor one of ${listed(check.missingValues)}`;
    case 'unique':
      return `${check.fields.join(', ')} ${check.fields.length > 1 ? 'are' : 'is'} unique`;
    case 'allowed_values':
      return `${check.field} in (${listed(check.values)})`;
    case 'range': {
      const parts = [];
      if (check.minimum !== void 0) parts.push(`>= ${check.minimum}`);
      if (check.exclusiveMinimum !== void 0) parts.push(`> ${check.exclusiveMinimum}`);
      if (check.maximum !== void 0) parts.push(`<= ${check.maximum}`);
      if (check.exclusiveMaximum !== void 0) parts.push(`< ${check.exclusiveMaximum}`);
      return `${check.field} ${parts.join(' and ')}`;
    }
    case 'pattern':
      return check.format === void 0
        ? `${check.field} matches /${check.pattern}/`
        : `${check.field} is a valid ${check.format}`;
    case 'length': {
      const parts = [];
      if (check.minLength !== void 0) parts.push(`>= ${check.minLength}`);
      if (check.maxLength !== void 0) parts.push(`<= ${check.maxLength}`);
      return `length(${check.field}) ${parts.join(' and ')}`;
    }
    case 'row_count':
      return 'row count';
    case 'freshness':
      return `newest ${check.field ?? 'write'} at most ${check.maxAgeMinutes} min old`;
    case 'rule':
      return check.check;
    case 'sql':
      return check.query.replace(/\s+/g, ' ').trim();
    case 'custom':
      return `${check.engine} check${check.field === void 0 ? '' : ` on ${check.field}`}`;
  }
}
function measuredQuantity(check) {
  if (check.kind === 'row_count') return 'row count';
  if (check.kind === 'sql') return 'query result';
  if (check.kind === 'freshness') return 'stale';
  return check.unit === 'percent' ? '% failing' : 'failing rows';
}

// dist/contract/compile-quality-checks.js
function compileQualityChecks(input, options = {}) {
  if (isProductSpec(input)) return finish(impliedChecks(input, options.freshnessField, true));
  const { spec, origins } = importContract(input, void 0, options);
  const data = asObject(documentData(input)) ?? {};
  const object =
    origins.objectIndex === void 0 ? void 0 : asObject(asArray(data.schema)[origins.objectIndex]);
  const keys = spec.schema.primaryKey;
  const declared = [];
  const base = `schema.${origins.objectIndex ?? 0}`;
  asArray(object?.properties).forEach((raw, pi) => {
    const prop = asObject(raw);
    const name = asString(prop?.name);
    if (name === void 0) return;
    asArray(prop?.quality).forEach((q, qi) => {
      const path = `${base}.properties.${pi}.quality.${qi}`;
      const check = declaredCheck(asObject(q), name, asString(object?.name), keys, path);
      if (check !== void 0) declared.push(check);
    });
  });
  asArray(object?.quality).forEach((q, qi) => {
    const path = `${base}.quality.${qi}`;
    const check = declaredCheck(asObject(q), void 0, asString(object?.name), keys, path);
    if (check !== void 0) declared.push(check);
  });
  const element = origins.sla.freshnessElement;
  const elementField = element?.startsWith(`${asString(object?.name) ?? ''}.`)
    ? element.slice(element.lastIndexOf('.') + 1)
    : void 0;
  const implied2 = impliedChecks(spec, options.freshnessField ?? elementField, false);
  const covered = new Set(declared.map(coverKey));
  return finish([...declared, ...implied2.filter((c) => !covered.has(coverKey(c)))]);
}
function compileContractLevelChecks(contract, options = {}) {
  const { origins } = importContract(contract, void 0, options);
  const mapped = new Set([...origins.rules.values(), ...origins.enums.values()].map((p) => p.join('.')));
  return compileQualityChecks(contract, options).filter(
    (c) => c.origin === 'declared' && c.kind !== 'rule' && !(c.path !== void 0 && mapped.has(c.path)),
  );
}
function coverKey(check) {
  switch (check.kind) {
    case 'unique':
      return `unique:${check.fields.join(',')}`;
    case 'row_count':
    case 'freshness':
      return check.kind;
    case 'rule':
      return `rule:${check.name}`;
    case 'sql':
    case 'custom':
      return `${check.kind}:${check.id ?? ''}`;
    default:
      return `${check.kind}:${check.field}`;
  }
}
function finish(drafts) {
  const used = /* @__PURE__ */ new Set();
  return drafts.map((d) => {
    const base = d.id ?? defaultId(d);
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    return { ...d, id };
  });
}
function defaultId(check) {
  switch (check.kind) {
    case 'unique':
      return `unique:${check.fields.join(',')}`;
    case 'row_count':
    case 'freshness':
      return check.kind;
    case 'rule':
      return `rule:${check.name}`;
    case 'sql':
    case 'custom':
      return check.field === void 0 ? check.kind : `${check.kind}:${check.field}`;
    default:
      return `${check.kind}:${check.field}`;
  }
}
function implied(sampleKeys) {
  return { threshold: ZERO_FAILURES, unit: 'rows', severity: 'error', origin: 'implied', sampleKeys };
}
function impliedChecks(spec, freshnessField, withRules) {
  const out = [];
  const key = spec.schema.primaryKey;
  const samples = (field) => (key.length > 0 ? key : [field]);
  if (key.length > 0) out.push({ ...implied(key), kind: 'unique', fields: key });
  for (const f of spec.schema.fields) out.push(...fieldChecks(f, implied(samples(f.name))));
  if (withRules) {
    for (const rule of spec.schema.rules) {
      const check = { ...implied(key), kind: 'rule', name: rule.name, check: rule.check };
      out.push(rule.description === void 0 ? check : { ...check, description: rule.description });
    }
  }
  const minutes = spec.sla.freshnessMinutes;
  if (minutes !== void 0) {
    const base = { ...implied([]), kind: 'freshness', maxAgeMinutes: minutes };
    out.push(freshnessField === void 0 ? base : { ...base, field: freshnessField });
  }
  return out;
}
function fieldChecks(f, common) {
  const out = [];
  const field = f.name;
  if (f.required) out.push({ ...common, kind: 'not_null', field });
  if (f.enum !== void 0) out.push({ ...common, kind: 'allowed_values', field, values: f.enum });
  const bounds = {
    minimum: f.minimum,
    maximum: f.maximum,
    exclusiveMinimum: f.exclusiveMinimum,
    exclusiveMaximum: f.exclusiveMaximum,
  };
  const defined = Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== void 0));
  if (Object.keys(defined).length > 0)
    out.push({ ...common, kind: 'range', field, valueType: f.type, ...defined });
  if (f.pattern !== void 0) out.push({ ...common, kind: 'pattern', field, pattern: f.pattern });
  if (f.format !== void 0)
    out.push({
      ...common,
      id: `format:${field}`,
      kind: 'pattern',
      field,
      pattern: FORMAT_PATTERNS[f.format],
      format: f.format,
    });
  if (f.minLength !== void 0 || f.maxLength !== void 0) {
    const lengths = Object.fromEntries(
      Object.entries({ minLength: f.minLength, maxLength: f.maxLength }).filter(([, v]) => v !== void 0),
    );
    out.push({ ...common, kind: 'length', field, ...lengths });
  }
  return out;
}
var SEVERITIES = ['error', 'warning', 'info'];
function declaredCheck(entry, field, object, keys, path) {
  if (entry === void 0 || entry.type === 'text') return void 0;
  const severity = asString(entry.severity)?.toLowerCase();
  const args = asObject(entry.arguments);
  const named = field ?? asString(args?.property) ?? asString(args?.field) ?? asString(args?.column);
  const common = {
    threshold: readThreshold(entry) ?? (entry.metric === 'rowCount' ? { op: 'gt', value: 0 } : ZERO_FAILURES),
    unit: entry.unit === 'percent' ? 'percent' : 'rows',
    severity: SEVERITIES.includes(severity ?? '') ? severity : 'error',
    origin: 'declared',
    path,
    sampleKeys: keys.length > 0 ? keys : named === void 0 ? [] : [named],
    ...optional('description', asString(entry.description)),
    ...optional('dimension', asString(entry.dimension)),
    ...optional('id', asString(entry.id) ?? asString(entry.name)),
  };
  if (entry.type === 'sql' && typeof entry.query === 'string') {
    return {
      ...common,
      kind: 'sql',
      query: entry.query,
      ...optional('object', object),
      ...optional('field', named),
    };
  }
  if (entry.type === 'custom') {
    const engine = asString(entry.engine) ?? 'unknown';
    if (engine === MESHWORK_RULE_ENGINE && typeof entry.implementation === 'string') {
      const name = asString(entry.name) ?? common.id ?? 'rule';
      const id = asString(entry.id) ?? `rule:${name}`;
      return { ...common, kind: 'rule', name, check: entry.implementation, id };
    }
    return {
      ...common,
      kind: 'custom',
      engine,
      implementation: entry.implementation,
      ...optional('field', named),
    };
  }
  switch (entry.metric) {
    case 'rowCount':
      return { ...common, kind: 'row_count' };
    case 'duplicateValues': {
      const listed2 = stringList(args?.properties ?? args?.fields ?? args?.columns);
      const fields =
        field !== void 0 ? [field] : listed2.length > 0 ? listed2 : named === void 0 ? [] : [named];
      return fields.length > 0 ? { ...common, kind: 'unique', fields } : void 0;
    }
    case 'nullValues':
    case 'missingValues': {
      if (named === void 0) return void 0;
      const missing = asArray(args?.missingValues).filter((v) => isScalarValue(v) && v !== null);
      return {
        ...common,
        kind: 'not_null',
        field: named,
        ...(missing.length > 0 ? { missingValues: missing } : {}),
      };
    }
    case 'invalidValues': {
      if (named === void 0) return void 0;
      const valid = asArray(args?.validValues);
      if (valid.length > 0 && valid.every(isScalarValue))
        return { ...common, kind: 'allowed_values', field: named, values: valid };
      const pattern = asString(args?.pattern);
      if (pattern !== void 0) return { ...common, kind: 'pattern', field: named, pattern };
      return { ...common, kind: 'custom', engine: 'odcs', implementation: entry, field: named };
    }
    default:
      return void 0;
  }
}
function optional(key, value) {
  return value === void 0 ? {} : { [key]: value };
}

export {
  FORMAT_PATTERNS,
  isProductSpec,
  describeQualityCheck,
  measuredQuantity,
  compileQualityChecks,
  compileContractLevelChecks,
};
