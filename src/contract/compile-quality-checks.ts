import type { ProductSpec } from '../core/descriptor.ts';
import type { Field, Scalar } from '../core/schema.ts';
import {
  type ContractToSpecOptions,
  documentData,
  importContract,
  MESHWORK_RULE_ENGINE,
} from './contract-to-spec.ts';
import { asArray, asObject, asString, isScalarValue, type PlainObject, stringList } from './plain-data.ts';
import {
  FORMAT_PATTERNS,
  isProductSpec,
  type QualityCheck,
  type QualityCheckBase,
  type QualitySeverity,
} from './quality-check.ts';
import { readThreshold, ZERO_FAILURES } from './quality-threshold.ts';
import type { SourceDocument } from './source-document.ts';

/** Options for {@link compileQualityChecks}. */
export interface CompileQualityOptions extends ContractToSpecOptions {
  /** The timestamp field freshness is measured on, when the SLA does not name one (`element`). */
  readonly freshnessField?: string;
}

type Common = Omit<QualityCheckBase, 'id'>;
// Distributes over the union so that each member keeps its own fields.
type Draft = QualityCheck extends infer C
  ? C extends QualityCheck
    ? Omit<C, 'id'> & { readonly id?: string }
    : never
  : never;

/**
 * Compiles the quality checks of a product: from a spec, the checks its constraints imply (not null, unique key,
 * allowed values, ranges, patterns and formats, lengths, rules, SLA freshness); from an ODCS contract, the checks
 * its `quality` sections declare plus the implied ones no declared check already covers.
 * @example compileQualityChecks(readContractDocument(text)).filter((c) => c.kind !== 'custom')
 */
export function compileQualityChecks(
  input: ProductSpec | SourceDocument | unknown,
  options: CompileQualityOptions = {},
): QualityCheck[] {
  if (isProductSpec(input)) return finish(impliedChecks(input, options.freshnessField, true));
  const { spec, origins } = importContract(input, undefined, options);
  const data = asObject(documentData(input)) ?? {};
  const object =
    origins.objectIndex === undefined ? undefined : asObject(asArray(data.schema)[origins.objectIndex]);
  const keys = spec.schema.primaryKey;
  const declared: Draft[] = [];
  const base = `schema.${origins.objectIndex ?? 0}`;
  asArray(object?.properties).forEach((raw, pi) => {
    const prop = asObject(raw);
    const name = asString(prop?.name);
    if (name === undefined) return;
    asArray(prop?.quality).forEach((q, qi) => {
      const path = `${base}.properties.${pi}.quality.${qi}`;
      const check = declaredCheck(asObject(q), name, asString(object?.name), keys, path);
      if (check !== undefined) declared.push(check);
    });
  });
  asArray(object?.quality).forEach((q, qi) => {
    const path = `${base}.quality.${qi}`;
    const check = declaredCheck(asObject(q), undefined, asString(object?.name), keys, path);
    if (check !== undefined) declared.push(check);
  });
  const element = origins.sla.freshnessElement;
  const elementField = element?.startsWith(`${asString(object?.name) ?? ''}.`)
    ? element.slice(element.lastIndexOf('.') + 1)
    : undefined;
  // Rules imported from a contract are its own declared checks already.
  const implied = impliedChecks(spec, options.freshnessField ?? elementField, false);
  const covered = new Set(declared.map(coverKey));
  return finish([...declared, ...implied.filter((c) => !covered.has(coverKey(c)))]);
}

/**
 * Compiles the checks an ODCS contract declares that its mapping to a spec does not keep: row-count bounds, SQL
 * checks, checks with a tolerance (`mustBeLessThan: 5`, percentages), object-level and uniqueness checks, other
 * engines' checks. The spec's own checks (constraints, zero-tolerance allowed values and not-null entries that
 * became the field's `enum` or a rule, Meshwork rules) are left out: they run from the spec.
 * @example compileContractLevelChecks(readContractDocument(text)).map((c) => c.id) // ['row_count', 'sql:amount']
 */
export function compileContractLevelChecks(
  contract: SourceDocument | unknown,
  options: ContractToSpecOptions = {},
): QualityCheck[] {
  const { origins } = importContract(contract, undefined, options);
  const mapped = new Set([...origins.rules.values(), ...origins.enums.values()].map((p) => p.join('.')));
  return compileQualityChecks(contract, options).filter(
    (c) => c.origin === 'declared' && c.kind !== 'rule' && !(c.path !== undefined && mapped.has(c.path)),
  );
}

function coverKey(check: Draft): string {
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

function finish(drafts: readonly Draft[]): QualityCheck[] {
  const used = new Set<string>();
  return drafts.map((d) => {
    const base = d.id ?? defaultId(d);
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    return { ...d, id } as QualityCheck;
  });
}

function defaultId(check: Draft): string {
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
      return check.field === undefined ? check.kind : `${check.kind}:${check.field}`;
    default:
      return `${check.kind}:${check.field}`;
  }
}

function implied(sampleKeys: readonly string[]): Common {
  return { threshold: ZERO_FAILURES, unit: 'rows', severity: 'error', origin: 'implied', sampleKeys };
}

function impliedChecks(spec: ProductSpec, freshnessField: string | undefined, withRules: boolean): Draft[] {
  const out: Draft[] = [];
  const key = spec.schema.primaryKey;
  const samples = (field: string): readonly string[] => (key.length > 0 ? key : [field]);
  if (key.length > 0) out.push({ ...implied(key), kind: 'unique', fields: key });
  for (const f of spec.schema.fields) out.push(...fieldChecks(f, implied(samples(f.name))));
  if (withRules) {
    for (const rule of spec.schema.rules) {
      const check: Draft = { ...implied(key), kind: 'rule', name: rule.name, check: rule.check };
      out.push(rule.description === undefined ? check : { ...check, description: rule.description });
    }
  }
  const minutes = spec.sla.freshnessMinutes;
  if (minutes !== undefined) {
    const base: Draft = { ...implied([]), kind: 'freshness', maxAgeMinutes: minutes };
    out.push(freshnessField === undefined ? base : { ...base, field: freshnessField });
  }
  return out;
}

function fieldChecks(f: Field, common: Common): Draft[] {
  const out: Draft[] = [];
  const field = f.name;
  if (f.required) out.push({ ...common, kind: 'not_null', field });
  if (f.enum !== undefined) out.push({ ...common, kind: 'allowed_values', field, values: f.enum });
  const bounds = {
    minimum: f.minimum,
    maximum: f.maximum,
    exclusiveMinimum: f.exclusiveMinimum,
    exclusiveMaximum: f.exclusiveMaximum,
  };
  const defined = Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined));
  if (Object.keys(defined).length > 0)
    out.push({ ...common, kind: 'range', field, valueType: f.type, ...defined });
  if (f.pattern !== undefined) out.push({ ...common, kind: 'pattern', field, pattern: f.pattern });
  if (f.format !== undefined)
    out.push({
      ...common,
      id: `format:${field}`,
      kind: 'pattern',
      field,
      pattern: FORMAT_PATTERNS[f.format],
      format: f.format,
    });
  if (f.minLength !== undefined || f.maxLength !== undefined) {
    const lengths = Object.fromEntries(
      Object.entries({ minLength: f.minLength, maxLength: f.maxLength }).filter(([, v]) => v !== undefined),
    );
    out.push({ ...common, kind: 'length', field, ...lengths });
  }
  return out;
}

const SEVERITIES: readonly QualitySeverity[] = ['error', 'warning', 'info'];

/** Maps one ODCS quality entry to a check; undefined for `text` entries and entries that name no field. */
function declaredCheck(
  entry: PlainObject | undefined,
  field: string | undefined,
  object: string | undefined,
  keys: readonly string[],
  path: string,
): Draft | undefined {
  if (entry === undefined || entry.type === 'text') return undefined;
  const severity = asString(entry.severity)?.toLowerCase();
  const args = asObject(entry.arguments);
  const named = field ?? asString(args?.property) ?? asString(args?.field) ?? asString(args?.column);
  const common: Common & { id?: string } = {
    threshold: readThreshold(entry) ?? (entry.metric === 'rowCount' ? { op: 'gt', value: 0 } : ZERO_FAILURES),
    unit: entry.unit === 'percent' ? 'percent' : 'rows',
    severity: (SEVERITIES as readonly string[]).includes(severity ?? '')
      ? (severity as QualitySeverity)
      : 'error',
    origin: 'declared',
    path,
    sampleKeys: keys.length > 0 ? keys : named === undefined ? [] : [named],
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
      const listed = stringList(args?.properties ?? args?.fields ?? args?.columns);
      const fields =
        field !== undefined ? [field] : listed.length > 0 ? listed : named === undefined ? [] : [named];
      return fields.length > 0 ? { ...common, kind: 'unique', fields } : undefined;
    }
    case 'nullValues':
    case 'missingValues': {
      if (named === undefined) return undefined;
      const missing = asArray(args?.missingValues).filter((v): v is Scalar => isScalarValue(v) && v !== null);
      return {
        ...common,
        kind: 'not_null',
        field: named,
        ...(missing.length > 0 ? { missingValues: missing } : {}),
      };
    }
    case 'invalidValues': {
      if (named === undefined) return undefined;
      const valid = asArray(args?.validValues);
      if (valid.length > 0 && valid.every(isScalarValue))
        return { ...common, kind: 'allowed_values', field: named, values: valid as Scalar[] };
      const pattern = asString(args?.pattern);
      if (pattern !== undefined) return { ...common, kind: 'pattern', field: named, pattern };
      return { ...common, kind: 'custom', engine: 'odcs', implementation: entry, field: named };
    }
    default:
      return undefined;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
