import type { CompareOp, Filter, Operand } from '../../core/filter/ast.ts';
import { bindFilter } from '../../core/filter/bind-filter.ts';
import { formatFilter } from '../../core/filter/format-filter.ts';
import { parseFilterExpression } from '../../core/filter/parse-filter-expression.ts';
import type { Field, Scalar, Schema } from '../../core/schema.ts';

/** What a validity check comes from: a declared record rule, a field constraint, or a field's type. */
export const VALIDITY_CHECK_KINDS = ['rule', 'constraint', 'type'] as const;
/** A validity check's origin. */
export type ValidityCheckKind = (typeof VALIDITY_CHECK_KINDS)[number];

/** One validity check compiled from a contract: a filter a valid record satisfies, which every engine runs as SQL. */
export interface ValidityCheck {
  /** `rule_name` for rules, `field.constraint` for constraints and types, e.g. `amount.exclusiveMinimum`. */
  readonly name: string;
  readonly kind: ValidityCheckKind;
  /** The field checked (constraints and types). */
  readonly field?: string;
  /** The check as a filter expression, e.g. `amount > 0`. */
  readonly expression: string;
  /** The same check, bound to the schema. */
  readonly filter: Filter;
  readonly description: string;
}

/** A contract constraint the filter language cannot express, so it is only enforced when records are ingested. */
export interface SkippedCheck {
  readonly name: string;
  readonly field: string;
  readonly reason: string;
}

/** The checks a contract yields. */
export interface ContractChecks {
  readonly validity: readonly ValidityCheck[];
  readonly skipped: readonly SkippedCheck[];
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
 * Compiles a contract's record rules and field constraints into validity checks, each a filter that engines run as
 * SQL; constraints the filter language cannot express (named formats, patterns) are listed as skipped.
 * @throws MeshError `invalid_input` when a rule's check does not fit the schema.
 * @example compileContractChecks(sales.schema).validity.map((c) => c.expression) // ['amount > 0', …]
 */
export function compileContractChecks(schema: Schema): ContractChecks {
  const validity: ValidityCheck[] = [];
  const skipped: SkippedCheck[] = [];
  for (const f of schema.fields) {
    for (const c of constraintChecks(f)) {
      const filter = bindFilter(c.filter, schema);
      validity.push({
        name: c.name,
        kind: c.name.endsWith('.type') ? 'type' : 'constraint',
        field: f.name,
        expression: formatFilter(filter),
        filter,
        description: c.description,
      });
    }
    if (f.format !== undefined && f.type === 'string') {
      skipped.push({
        name: `${f.name}.format`,
        field: f.name,
        reason: `the ${f.format} format is checked on every ingested record; declare a rule to measure it in SQL too`,
      });
    }
    if (f.pattern !== undefined) {
      skipped.push({
        name: `${f.name}.pattern`,
        field: f.name,
        reason:
          'regular expressions are checked on every ingested record; declare a rule to measure it in SQL too',
      });
    }
  }
  for (const rule of schema.rules) {
    const filter = bindFilter(parseFilterExpression(rule.check), schema);
    validity.push({
      name: rule.name,
      kind: 'rule',
      expression: rule.check,
      filter,
      description: rule.description ?? `records satisfy ${rule.check}`,
    });
  }
  return { validity, skipped };
}
