import type { FieldType } from '../core/field-type.ts';
import type { Field, Scalar, Schema } from '../core/schema.ts';
import { type ContractChange, change } from './contract-change.ts';
import { deepEqual } from './plain-data.ts';

/** Type changes that keep every old value readable (non-breaking). */
const WIDENINGS: ReadonlySet<string> = new Set(['integer>number', 'date>timestamp']);

/** Type changes that lose values or precision: from number to integer, from timestamp to date, from string to anything. */
function isNarrowing(from: FieldType, to: FieldType): boolean {
  return (
    (from === 'number' && to === 'integer') || (from === 'timestamp' && to === 'date') || from === 'string'
  );
}

/**
 * Compares two schemas field by field: removed, renamed (a removed and an added field of the same type),
 * added, type, required, allowed values, constraints, descriptions and labels; then the key, rules and indexes.
 */
export function diffSchemas(before: Schema, after: Schema): ContractChange[] {
  const out: ContractChange[] = [];
  const oldByName = new Map(before.fields.map((f) => [f.name, f]));
  const newByName = new Map(after.fields.map((f) => [f.name, f]));
  const removed = before.fields.filter((f) => !newByName.has(f.name));
  const added = after.fields.filter((f) => !oldByName.has(f.name));
  const renamedTo = new Set<string>();
  for (const gone of removed) {
    const path = `schema.fields.${gone.name}`;
    const twin = added.find((a) => a.type === gone.type && !renamedTo.has(a.name));
    if (twin !== undefined) {
      renamedTo.add(twin.name);
      out.push(
        change(
          'field_renamed',
          path,
          `field ${gone.name} was removed and ${twin.name} (also ${gone.type}) added: renamed? Consumers reading ${gone.name} break`,
        ),
      );
    } else {
      out.push(change('field_removed', path, `field ${gone.name} (${gone.type}) was removed`));
    }
  }
  for (const fresh of added) {
    if (renamedTo.has(fresh.name)) continue;
    const path = `schema.fields.${fresh.name}`;
    if (fresh.required)
      out.push(
        change(
          'field_added_required',
          path,
          `required field ${fresh.name} (${fresh.type}) was added; existing producers do not send it`,
        ),
      );
    else out.push(change('field_added', path, `optional field ${fresh.name} (${fresh.type}) was added`));
  }
  for (const now of after.fields) {
    const old = oldByName.get(now.name);
    if (old !== undefined) out.push(...diffField(old, now));
  }
  if (!deepEqual(before.primaryKey, after.primaryKey)) {
    out.push(
      change(
        'primary_key_changed',
        'schema.primaryKey',
        `the primary key changed from (${before.primaryKey.join(', ')}) to (${after.primaryKey.join(', ')})`,
      ),
    );
  }
  for (const rule of after.rules) {
    const old = before.rules.find((r) => r.name === rule.name);
    const path = `schema.rules.${rule.name}`;
    if (old === undefined)
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
      out.push(change('rule_removed', `schema.rules.${old.name}`, `rule ${old.name} was removed`));
  }
  if (!deepEqual(before.indexes, after.indexes))
    out.push(change('indexes_changed', 'schema.indexes', 'the indexes changed'));
  return out;
}

function diffField(old: Field, now: Field): ContractChange[] {
  const out: ContractChange[] = [];
  const at = `schema.fields.${now.name}`;
  if (old.type !== now.type) {
    const pair = `${old.type}>${now.type}`;
    if (WIDENINGS.has(pair))
      out.push(
        change('field_type_widened', `${at}.type`, `${now.name} widened from ${old.type} to ${now.type}`),
      );
    else if (isNarrowing(old.type, now.type))
      out.push(
        change(
          'field_type_narrowed',
          `${at}.type`,
          `${now.name} narrowed from ${old.type} to ${now.type}; existing values may not fit`,
        ),
      );
    else
      out.push(
        change(
          'field_type_changed',
          `${at}.type`,
          `${now.name} changed type from ${old.type} to ${now.type}`,
        ),
      );
  }
  if (!old.required && now.required)
    out.push(
      change(
        'field_made_required',
        `${at}.required`,
        `${now.name} became required; records without it will be rejected`,
      ),
    );
  if (old.required && !now.required)
    out.push(
      change(
        'field_made_optional',
        `${at}.required`,
        `${now.name} became optional; consumers may now see nulls`,
      ),
    );
  out.push(...diffEnum(old.enum, now.enum, now.name, `${at}.enum`));
  out.push(...diffBounds(old, now, at));
  for (const key of ['pattern', 'format'] as const) {
    if (old[key] === now[key]) continue;
    if (now[key] === undefined)
      out.push(
        change(
          'constraint_loosened',
          `${at}.${key}`,
          `${now.name} no longer requires ${key} ${String(old[key])}`,
        ),
      );
    else
      out.push(
        change(
          'constraint_tightened',
          `${at}.${key}`,
          `${now.name} now requires ${key} ${String(now[key])}; existing values may not match`,
        ),
      );
  }
  if ((old.description ?? '') !== (now.description ?? ''))
    out.push(change('description_changed', `${at}.description`, `the description of ${now.name} changed`));
  if (old.classification !== now.classification) {
    out.push(
      change(
        'classification_changed',
        `${at}.classification`,
        `${now.name} is now classified ${now.classification ?? 'nothing'} (was ${old.classification ?? 'nothing'})`,
      ),
    );
  }
  if (Boolean(old.pii) !== Boolean(now.pii)) {
    out.push(
      change(
        'pii_changed',
        `${at}.pii`,
        now.pii === true
          ? `${now.name} is now PII and masked for readers without a PII grant`
          : `${now.name} is no longer PII`,
      ),
    );
  }
  if (old.masking !== now.masking)
    out.push(
      change('masking_changed', `${at}.masking`, `${now.name} is now masked by ${now.masking ?? 'nothing'}`),
    );
  if (!deepEqual(old.examples, now.examples))
    out.push(change('examples_changed', `${at}.examples`, `the examples of ${now.name} changed`));
  return out;
}

function diffEnum(
  old: readonly Scalar[] | undefined,
  now: readonly Scalar[] | undefined,
  name: string,
  path: string,
): ContractChange[] {
  if (deepEqual(old, now)) return [];
  if (old === undefined)
    return [change('constraint_tightened', path, `${name} now only allows ${list(now ?? [])}`)];
  if (now === undefined) return [change('constraint_loosened', path, `${name} no longer limits its values`)];
  const out: ContractChange[] = [];
  const gone = old.filter((v) => !now.includes(v));
  const fresh = now.filter((v) => !old.includes(v));
  if (gone.length > 0)
    out.push(change('allowed_values_reduced', path, `${name} no longer allows ${list(gone)}`));
  if (fresh.length > 0)
    out.push(change('allowed_values_extended', path, `${name} now also allows ${list(fresh)}`));
  return out;
}

function list(values: readonly Scalar[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** A lower or upper bound on a value; an exclusive bound is tighter than an inclusive one at the same value. */
interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

function lowerBound(f: Field): Bound | undefined {
  const candidates: Bound[] = [];
  if (f.minimum !== undefined) candidates.push({ value: f.minimum, exclusive: false });
  if (f.exclusiveMinimum !== undefined) candidates.push({ value: f.exclusiveMinimum, exclusive: true });
  return candidates.sort((a, b) => b.value - a.value || Number(b.exclusive) - Number(a.exclusive))[0];
}

function upperBound(f: Field): Bound | undefined {
  const candidates: Bound[] = [];
  if (f.maximum !== undefined) candidates.push({ value: f.maximum, exclusive: false });
  if (f.exclusiveMaximum !== undefined) candidates.push({ value: f.exclusiveMaximum, exclusive: true });
  return candidates.sort((a, b) => a.value - b.value || Number(b.exclusive) - Number(a.exclusive))[0];
}

/** -1 when `now` accepts more than `old`, 1 when less, 0 when the same; `sign` is 1 for lower bounds, -1 for upper. */
function compareBound(old: Bound | undefined, now: Bound | undefined, sign: 1 | -1): number {
  if (old === undefined && now === undefined) return 0;
  if (old === undefined) return 1;
  if (now === undefined) return -1;
  if (old.value !== now.value) return (now.value - old.value) * sign > 0 ? 1 : -1;
  return Number(now.exclusive) - Number(old.exclusive);
}

function diffBounds(old: Field, now: Field, at: string): ContractChange[] {
  const out: ContractChange[] = [];
  const checks: [string, number][] = [
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
          `${now.name} has a tighter ${what}; existing values may fall outside it`,
        ),
      );
    if (cmp < 0) out.push(change('constraint_loosened', `${at}.${what}`, `${now.name} has a looser ${what}`));
  }
  return out;
}

function toBound(value: number | undefined): Bound | undefined {
  return value === undefined ? undefined : { value, exclusive: false };
}
