import { FORMAT_PATTERNS } from '../../contract/quality-check.ts';
import type { StringFormat } from '../../core/field-type.ts';
import type { CompareOp, Filter, Operand } from '../../core/filter/ast.ts';
import { bindFilter } from '../../core/filter/bind-filter.ts';
import { formatFilter } from '../../core/filter/format-filter.ts';
import { parseFilterExpression } from '../../core/filter/parse-filter-expression.ts';
import type { Field, Scalar, Schema } from '../../core/schema.ts';

const FORMAT_NAMES: Readonly<Record<StringFormat, string>> = {
  email: 'an e-mail address',
  uri: 'an absolute URI',
  uuid: 'a UUID',
  date: 'a date YYYY-MM-DD',
  'date-time': 'a date and time',
};

/** What a validity check comes from: a record rule, a field constraint, a field's type, or a named format or pattern. */
export const VALIDITY_CHECK_KINDS = ['rule', 'constraint', 'type', 'format'] as const;
/** A validity check's origin. */
export type ValidityCheckKind = (typeof VALIDITY_CHECK_KINDS)[number];

/** What every validity check has. */
interface ValidityCheckBase {
  /** `rule_name` for rules, `field.constraint` for the rest, e.g. `amount.exclusiveMinimum` or `email.format`. */
  readonly name: string;
  readonly kind: ValidityCheckKind;
  /** The field checked (all but rules). */
  readonly field?: string;
  /** The check as people read it: a filter expression such as `amount > 0`, or `email matches …`. */
  readonly expression: string;
  readonly description: string;
}

/**
 * One validity check compiled from a contract, as engine-neutral data: a filter (run by the engine's own filter
 * compiler) or, for named formats and patterns the filter language cannot express, a regular expression (run as
 * SQL built by the contract module's `qualityCheckSql`).
 */
export type ValidityCheck =
  | (ValidityCheckBase & { readonly method: 'filter'; readonly filter: Filter })
  | (ValidityCheckBase & {
      readonly method: 'pattern';
      readonly field: string;
      /** A regular expression the whole value must match. */
      readonly pattern: string;
      readonly format?: StringFormat;
    });

/** The checks a contract yields, in field order, then the record rules. */
export interface ContractChecks {
  readonly validity: readonly ValidityCheck[];
}

const field = (name: string): Operand => ({ kind: 'field', field: name });

function compare(name: string, op: CompareOp, value: Scalar): Filter {
  return { kind: 'compare', left: field(name), op, value };
}

/** A null optional value is a completeness matter, not a validity one. */
function allowNull(f: Field, filter: Filter): Filter {
  if (f.required) return filter;
  return { kind: 'or', items: [{ kind: 'null', left: field(f.name), isNull: true }, filter] };
}

function constraintChecks(f: Field): Check[] {
  const out: Check[] = [];
  const add = (constraint: string, filter: Filter, description: string) =>
    out.push({ name: `${f.name}.${constraint}`, filter: allowNull(f, filter), description });
  if (f.type === 'date' || f.type === 'timestamp') {
    // The column type only stores real calendar values; this measures that every stored value reads as one.
    const shape = f.type === 'date' ? 'a real date YYYY-MM-DD' : 'a real timestamp YYYY-MM-DD HH:MM:SS';
    add(
      'type',
      { kind: 'null', left: { kind: 'call', fn: 'year', field: f.name }, isNull: false },
      `${f.name} is ${shape}`,
    );
  }
  if (f.enum !== undefined && f.enum.length > 0) {
    const values = f.enum.filter((v) => v !== null);
    add(
      'enum',
      { kind: 'in', left: field(f.name), values, negated: false },
      `${f.name} is one of ${values.join(', ')}`,
    );
  }
  if (f.type !== 'integer' && f.type !== 'number') return checkLengths(f, out, add);
  if (f.minimum !== undefined)
    add('minimum', compare(f.name, 'gte', f.minimum), `${f.name} is at least ${f.minimum}`);
  if (f.exclusiveMinimum !== undefined) {
    add(
      'exclusiveMinimum',
      compare(f.name, 'gt', f.exclusiveMinimum),
      `${f.name} is greater than ${f.exclusiveMinimum}`,
    );
  }
  if (f.maximum !== undefined)
    add('maximum', compare(f.name, 'lte', f.maximum), `${f.name} is at most ${f.maximum}`);
  if (f.exclusiveMaximum !== undefined) {
    add(
      'exclusiveMaximum',
      compare(f.name, 'lt', f.exclusiveMaximum),
      `${f.name} is less than ${f.exclusiveMaximum}`,
    );
  }
  return out;
}

type Check = { name: string; filter: Filter; description: string };

function checkLengths(
  f: Field,
  out: Check[],
  add: (constraint: string, filter: Filter, description: string) => void,
): Check[] {
  if (f.type !== 'string') return out;
  const length: Operand = { kind: 'call', fn: 'length', field: f.name };
  if (f.minLength !== undefined) {
    add(
      'minLength',
      { kind: 'compare', left: length, op: 'gte', value: f.minLength },
      `${f.name} has at least ${f.minLength} characters`,
    );
  }
  if (f.maxLength !== undefined) {
    add(
      'maxLength',
      { kind: 'compare', left: length, op: 'lte', value: f.maxLength },
      `${f.name} has at most ${f.maxLength} characters`,
    );
  }
  return out;
}

/**
 * Compiles a contract's field constraints, named formats, patterns and record rules into validity checks that
 * engines run as SQL: filters where the filter language can say it, regular expressions for formats and patterns.
 * @throws MeshError `invalid_input` when a rule's check does not fit the schema.
 * @example compileContractChecks(sales.schema).validity.map((c) => c.expression) // ['amount > 0', …]
 */
export function compileContractChecks(schema: Schema): ContractChecks {
  const validity: ValidityCheck[] = [];
  for (const f of schema.fields) {
    for (const c of constraintChecks(f)) {
      const filter = bindFilter(c.filter, schema);
      validity.push({
        name: c.name,
        kind: c.name.endsWith('.type') ? 'type' : 'constraint',
        field: f.name,
        expression: formatFilter(filter),
        method: 'filter',
        filter,
        description: c.description,
      });
    }
    if (f.type !== 'string') continue;
    if (f.format !== undefined) {
      validity.push({
        name: `${f.name}.format`,
        kind: 'format',
        field: f.name,
        expression: `${f.name} matches the ${f.format} format`,
        method: 'pattern',
        pattern: FORMAT_PATTERNS[f.format],
        format: f.format,
        description: `${f.name} is ${FORMAT_NAMES[f.format]} (the strict check runs on every ingested record)`,
      });
    }
    if (f.pattern !== undefined) {
      validity.push({
        name: `${f.name}.pattern`,
        kind: 'format',
        field: f.name,
        expression: `${f.name} matches /${f.pattern}/`,
        method: 'pattern',
        pattern: f.pattern,
        description: `${f.name} matches the pattern ${f.pattern} in full`,
      });
    }
  }
  for (const rule of schema.rules) {
    const filter = bindFilter(parseFilterExpression(rule.check), schema);
    validity.push({
      name: rule.name,
      kind: 'rule',
      expression: rule.check,
      method: 'filter',
      filter,
      description: rule.description ?? `records satisfy ${rule.check}`,
    });
  }
  return { validity };
}
