import { PII_CLASSIFICATIONS } from './pii-rule.ts';
import type { Field, Scalar, Schema } from '../core/schema.ts';
import { type ContractChange, change } from './contract-change.ts';
import { deepEqual } from './plain-data.ts';

/** Type changes that keep every old value readable (non-breaking). */
const WIDENINGS: ReadonlySet<string> = new Set(['integer>number', 'date>timestamp']);

/** Type changes that lose values or precision: from number to integer, from timestamp to date, from string to anything. */
function isNarrowing(from: string, to: string): boolean {
  return (
    (from === 'number' && to === 'integer') || (from === 'timestamp' && to === 'date') || from === 'string'
  );
}

/**
 * Where the changes of one schema are reported and what their fields are called in messages. The defaults are
 * those of a product spec's schema (`schema.fields.amount`, `schema.primaryKey`).
 */
export interface SchemaDiffPlace {
  /** Path prefix of the schema's own entries (`primaryKey`, `rules`, `indexes`), e.g. `schema.orders`. */
  readonly schema: string;
  /** Path prefix of its fields, e.g. `schema.orders` or `schema.orders.customer.address`. */
  readonly fields: string;
  /** Text put before a field's name in messages, e.g. `orders.customer.`. */
  readonly label: string;
  /**
   * The type of a field as compared, when it is not the field's own: ODCS `object` and `array` properties map to
   * `string` fields, but changing one into the other (or into a scalar) changes the type.
   */
  readonly typeOf?: (field: Field, side: 'before' | 'after') => string;
}

const SPEC_PLACE: SchemaDiffPlace = { schema: 'schema', fields: 'schema.fields', label: '' };

/**
 * Compares two schemas field by field: removed, renamed (a removed and an added field of the same type),
 * added, type, required, allowed values, constraints, descriptions and labels; then the key, rules and indexes.
 */
export function diffSchemas(
  before: Schema,
  after: Schema,
  place: SchemaDiffPlace = SPEC_PLACE,
): ContractChange[] {
  const out: ContractChange[] = [];
  const typeOf = place.typeOf ?? ((f: Field) => f.type);
  const oldByName = new Map(before.fields.map((f) => [f.name, f]));
  const newByName = new Map(after.fields.map((f) => [f.name, f]));
  const removed = before.fields.filter((f) => !newByName.has(f.name));
  const added = after.fields.filter((f) => !oldByName.has(f.name));
  const renamedTo = new Set<string>();
  for (const gone of removed) {
    const path = `${place.fields}.${gone.name}`;
    const type = typeOf(gone, 'before');
    const twin = added.find((a) => typeOf(a, 'after') === type && !renamedTo.has(a.name));
    const name = `${place.label}${gone.name}`;
    if (twin !== undefined) {
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
    if (old !== undefined) out.push(...diffField(old, now, place));
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
      out.push(change('rule_removed', `${place.schema}.rules.${old.name}`, `rule ${old.name} was removed`));
  }
  if (!deepEqual(before.indexes, after.indexes))
    out.push(change('indexes_changed', `${place.schema}.indexes`, 'the indexes changed'));
  return out;
}

function diffField(old: Field, now: Field, place: SchemaDiffPlace): ContractChange[] {
  const out: ContractChange[] = [];
  const at = `${place.fields}.${now.name}`;
  const name = `${place.label}${now.name}`;
  const typeOf = place.typeOf ?? ((f: Field) => f.type);
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

function diffFieldLabels(old: Field, now: Field, at: string, name: string): ContractChange[] {
  const out: ContractChange[] = [];
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
  for (const key of ['pattern', 'format'] as const) {
    if (old[key] === now[key]) continue;
    if (now[key] === undefined)
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
    // A stricter label changes who may see the field, so consumers must opt in with a major step.
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
    // Turning PII on masks the field for every reader without a PII grant: their reads change, so it breaks them.
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

function diffBounds(old: Field, now: Field, at: string, name: string): ContractChange[] {
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
          `${name} has a tighter ${what}; existing values may fall outside it`,
        ),
      );
    if (cmp < 0) out.push(change('constraint_loosened', `${at}.${what}`, `${name} has a looser ${what}`));
  }
  return out;
}

function toBound(value: number | undefined): Bound | undefined {
  return value === undefined ? undefined : { value, exclusive: false };
}

/** Classification labels from least to most protected; a label not listed ranks with `internal`. */
const CLASSIFICATION_ORDER = ['public', 'internal', 'confidential', 'restricted'] as const;

/** The rank of a classification label: none is 0 (public), unknown labels rank as internal, PII labels as restricted. */
function classificationRank(label: string | undefined): number {
  if (label === undefined || label === '') return 0;
  const lower = label.toLowerCase();
  const known = CLASSIFICATION_ORDER.indexOf(lower as (typeof CLASSIFICATION_ORDER)[number]);
  if (known >= 0) return known;
  return (PII_CLASSIFICATIONS as readonly string[]).includes(lower) ? 3 : 1;
}
