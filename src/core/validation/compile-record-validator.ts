import { ContractViolationError, type Issue, MeshError } from '../errors.ts';
import {
  bindFilter,
  closestName,
  compileFilterRowPredicate,
  filterFields,
  parseFilterExpression,
} from '../filter/index.ts';
import type { Field, Scalar, Schema } from '../schema.ts';
import {
  type Check,
  compileFieldCheck,
  describeValue,
  type FieldCheck,
  INVALID,
  shorten,
} from './compile-field-check.ts';

/** Checks records against one schema; built once by {@link compileRecordValidator} and reused for every record. */
export interface RecordValidator {
  /** Field names in schema order; `row` arrays follow this order. */
  readonly columns: readonly string[];
  /** Validates one input record; on success returns its values as an array in `columns` order, normalized (dates 'YYYY-MM-DD', timestamps 'YYYY-MM-DD HH:MM:SS[.fff]', integers as JS numbers, missing optional fields as null). */
  validate(record: unknown, index: number): { ok: true; row: unknown[] } | { ok: false; issues: Issue[] };
}

/** Settings for {@link compileRecordValidator}. */
export interface RecordValidatorOptions {
  /**
   * Checks a partial record, the changes of an `update`: only the fields present are checked, a required field may be
   * absent but not null, record rules are skipped, and absent fields are `undefined` in the row.
   */
  readonly partial?: boolean;
}

/** The outcome of {@link validateRecord}: the normalized record, or every issue found. */
export type RecordValidation =
  | { readonly ok: true; readonly value: Readonly<Record<string, Scalar>> }
  | { readonly ok: false; readonly issues: Issue[] };

interface RulePlan {
  readonly name: string;
  readonly check: string;
  readonly test: (row: readonly unknown[]) => boolean;
  readonly fields: readonly number[];
}

/**
 * Compiles a schema once into a validator that checks each record's fields, types, constraints and record rules
 * with per-field closures, so validating a record does no schema interpretation.
 * @throws MeshError `invalid_input` when a field pattern or a rule's check is itself invalid.
 * @example const v = compileRecordValidator(schema); const result = v.validate({ amount: -50 }, 0);
 */
export function compileRecordValidator(
  schema: Schema,
  options: RecordValidatorOptions = {},
): RecordValidator {
  const partial = options.partial === true;
  const fields = schema.fields;
  const columns = fields.map((f) => f.name);
  const names = columns.slice();
  const known: ReadonlySet<string> = new Set(names);
  const required = fields.map((f) => f.required);
  const plans = fields.map(compileFieldCheck);
  const checks = plans.map((p) => p.check);
  const count = names.length;
  const rules = partial ? [] : schema.rules.map((rule) => compileRule(rule.name, rule.check, schema));
  const ruleCount = rules.length;

  const unknownFields = (record: Readonly<Record<string, unknown>>, index: number): Issue[] | undefined => {
    const issues: Issue[] = [];
    for (const key in record) {
      if (record[key] === undefined || known.has(key)) continue;
      const suggestion = closestName(key, names);
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      issues.push({
        path: [index, key],
        code: 'unknown_field',
        message: `unknown field "${shorten(key)}" is not in the schema, so the record is rejected${hint}; known fields: ${names.join(', ')}`,
      });
    }
    return issues.length === 0 ? undefined : issues;
  };

  const brokenRules = (
    row: readonly unknown[],
    index: number,
    failed: readonly number[] | undefined,
  ): Issue[] => {
    const issues: Issue[] = [];
    for (let r = 0; r < ruleCount; r++) {
      const rule = rules[r] as RulePlan;
      // A rule over a field that is already wrong would only repeat that problem less clearly.
      if (failed !== undefined && rule.fields.some((i) => failed.includes(i))) continue;
      if (rule.test(row)) continue;
      const values = rule.fields.map((i) => {
        const field = fields[i] as Field;
        return `${field.name} = ${describeValue(row[i], field)}`;
      });
      issues.push({
        path: [index],
        code: 'rule',
        message: `record breaks rule ${rule.name} (${rule.check})${values.length > 0 ? ` with ${values.join(', ')}` : ''}`,
      });
    }
    return issues;
  };

  const validate = (
    record: unknown,
    index: number,
  ): { ok: true; row: unknown[] } | { ok: false; issues: Issue[] } => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return {
        ok: false,
        issues: [
          {
            path: [index],
            code: 'not_object',
            message: `record ${index} must be an object of field values such as { "${names[0] ?? 'field'}": ... }, got ${describeValue(record)}`,
          },
        ],
      };
    }
    const rec = record as Readonly<Record<string, unknown>>;
    const row = new Array<unknown>(count);
    let failed: number[] | undefined;
    let present = 0;
    for (let i = 0; i < count; i++) {
      const name = names[i] as string;
      // Own properties only: a field named like a built-in (constructor, toString) must not read the prototype.
      const value = Object.hasOwn(rec, name) ? rec[name] : undefined;
      if (value === undefined || value === null) {
        if (value === null) present++;
        if (required[i] && (value === null || !partial)) {
          if (failed === undefined) failed = [i];
          else failed.push(i);
        }
        row[i] = value === undefined && partial ? undefined : null;
        continue;
      }
      present++;
      const out = (checks[i] as Check)(value);
      if (out === INVALID) {
        if (failed === undefined) failed = [i];
        else failed.push(i);
      }
      row[i] = out;
    }
    // Counting keys is much cheaper than looking each one up; only a mismatch needs the slow search.
    let keys = 0;
    for (const _ in rec) keys++;
    const unknown = keys === present ? undefined : unknownFields(rec, index);
    if (failed === undefined && unknown === undefined) {
      if (ruleCount === 0) return { ok: true, row };
      const broken = brokenRules(row, index, undefined);
      return broken.length === 0 ? { ok: true, row } : { ok: false, issues: broken };
    }
    const issues: Issue[] = [];
    for (const i of failed ?? []) {
      const name = names[i] as string;
      const value = Object.hasOwn(rec, name) ? rec[name] : undefined;
      if (value === undefined || value === null) {
        const message =
          value === undefined
            ? `${name} is required but missing`
            : partial
              ? `${name} is required and cannot be set to null`
              : `${name} is required but is null`;
        issues.push({ path: [index, name], code: 'required', message });
      } else {
        for (const problem of (plans[i] as FieldCheck).explain(value))
          issues.push({ path: [index, name], ...problem });
      }
    }
    if (unknown !== undefined) issues.push(...unknown);
    if (ruleCount > 0) issues.push(...brokenRules(row, index, failed));
    return { ok: false, issues };
  };

  return { columns, validate };
}

/**
 * Validates one record against a schema and returns the normalized record or every issue (paths start at the field).
 * Convenience for single records: it compiles the schema on every call, so use {@link compileRecordValidator} for batches.
 * @throws MeshError `invalid_input` when the schema itself is invalid (a bad pattern or rule).
 */
export function validateRecord(schema: Schema, record: unknown): RecordValidation {
  const validator = compileRecordValidator(schema);
  const result = validator.validate(record, 0);
  if (!result.ok) return { ok: false, issues: result.issues.map((i) => ({ ...i, path: i.path.slice(1) })) };
  const value: Record<string, Scalar> = {};
  validator.columns.forEach((name, i) => {
    value[name] = result.row[i] as Scalar;
  });
  return { ok: true, value };
}

/**
 * Checks one record against a schema and returns it normalized; compiles the schema on every call, like {@link validateRecord}.
 * @throws ContractViolationError (`contract_violation`) listing every issue when the record breaks the schema.
 */
export function assertValidRecord(schema: Schema, record: unknown): Readonly<Record<string, Scalar>> {
  const result = validateRecord(schema, record);
  if (result.ok) return result.value;
  const shown = result.issues.slice(0, 3).map((i) => i.message);
  if (result.issues.length > shown.length) shown.push(`and ${result.issues.length - shown.length} more`);
  throw new ContractViolationError(`record breaks its contract: ${shown.join('; ')}`, result.issues);
}

function compileRule(name: string, check: string, schema: Schema): RulePlan {
  try {
    const filter = bindFilter(parseFilterExpression(check), schema);
    const positions = new Map(schema.fields.map((f, i) => [f.name, i]));
    return {
      name,
      check,
      test: compileFilterRowPredicate(filter, schema),
      fields: filterFields(filter).map((f) => positions.get(f) ?? -1),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MeshError('invalid_input', `rule ${name} has an invalid check (${check}): ${reason}`, {
      cause: error,
      details: { rule: name, check },
    });
  }
}
