import type { ProductSpec } from '../core/descriptor.ts';
import type { Filter } from '../core/filter/ast.ts';
import { bindFilter, toFilter } from '../core/filter/index.ts';
import type { Field } from '../core/schema.ts';
import type { CarryOverCheck, CarryOverSpec, TableColumn } from '../engine/engine.ts';

/** At most this many rejected rows are listed by a carry-over (all are counted). */
export const DEFAULT_REJECT_LIMIT = 1000;

const column = (f: Field): TableColumn => ({ name: f.name, type: f.type, notNull: f.required });

/** Holds when the field is empty or the condition holds: a constraint says nothing about a missing value. */
function orNull(field: string, condition: Filter): Filter {
  return {
    kind: 'or',
    items: [{ kind: 'null', left: { kind: 'field', field }, isNull: true }, condition],
  };
}

function constraintChecks(f: Field): CarryOverCheck[] {
  const out: CarryOverCheck[] = [];
  const left = { kind: 'field', field: f.name } as const;
  const values = f.enum?.filter((v) => v !== null);
  if (values !== undefined && values.length > 0) {
    out.push({
      reason: `${f.name} is not one of the allowed values`,
      holds: orNull(f.name, { kind: 'in', left, values, negated: false }),
    });
  }
  const bound = (op: 'gte' | 'lte' | 'gt' | 'lt', value: number | undefined, words: string): void => {
    if (value === undefined) return;
    out.push({
      reason: `${f.name} ${words} ${value}`,
      holds: orNull(f.name, { kind: 'compare', left, op, value }),
    });
  };
  if (f.type === 'integer' || f.type === 'number') {
    bound('gte', f.minimum, 'is below the minimum');
    bound('lte', f.maximum, 'is above the maximum');
    bound('gt', f.exclusiveMinimum, 'is not above');
    bound('lt', f.exclusiveMaximum, 'is not below');
  }
  if (f.type === 'string') {
    const length = { kind: 'call', fn: 'length', field: f.name } as const;
    for (const [op, value, words] of [
      ['gte', f.minLength, 'is shorter than'],
      ['lte', f.maxLength, 'is longer than'],
    ] as const) {
      if (value === undefined) continue;
      out.push({
        reason: `${f.name} ${words} ${value} characters`,
        holds: orNull(f.name, { kind: 'compare', left: length, op, value }),
      });
    }
  }
  return out;
}

/**
 * Plans the carry-over of a product's rows from the table of its previous version into the table of a new storage
 * generation: columns kept by name (converted when their type changed), dropped columns left behind, new columns
 * empty; a row is carried only when it fits the new contract — required columns filled, values that convert, the
 * allowed values, bounds and lengths of each field, and the contract's rules. Identifiers come from the contracts
 * only. Patterns and formats are not checked here (the engine's SQL has no portable regular expression).
 */
export function planCarryOver(
  previous: ProductSpec,
  next: ProductSpec,
  from: string,
  to: string,
  rejectLimit: number = DEFAULT_REJECT_LIMIT,
): CarryOverSpec {
  const old = new Map(previous.schema.fields.map((f) => [f.name, f] as const));
  const columns = next.schema.fields.map((f) => {
    const source = old.get(f.name);
    return { target: column(f), source: source === undefined ? null : column(source) };
  });
  const checks = [
    ...next.schema.fields.flatMap(constraintChecks),
    ...next.schema.rules.map((rule) => ({
      reason: `breaks rule ${rule.name}${rule.description === undefined ? '' : ` (${rule.description})`}`,
      holds: bindFilter(toFilter(rule.check), next.schema),
    })),
  ];
  const keyColumns = previous.schema.primaryKey
    .map((name) => old.get(name))
    .filter((f): f is Field => f !== undefined)
    .map(column);
  return { from, to, columns, checks, keyColumns, rejectLimit };
}
