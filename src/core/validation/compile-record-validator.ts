import { ContractViolationError, type Issue, MeshError } from '../errors.ts';
import type { FieldType, StringFormat } from '../field-type.ts';
import {
  bindFilter,
  closestName,
  compileFilterRowPredicate,
  filterFields,
  isDateString,
  normalizeTimestamp,
  parseFilterExpression,
} from '../filter/index.ts';
import type { Field, Scalar, Schema } from '../schema.ts';

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

/** Returned by a field check for a value that breaks its type or a constraint. */
const INVALID = Symbol('invalid');

/** Converts a non-null value to its stored form, or returns INVALID. */
type Check = (value: unknown) => unknown;

/** One constraint on a field's normalized value, with the words to explain a failure. */
interface Constraint {
  readonly code: string;
  readonly test: (value: never) => boolean;
  readonly message: (value: never) => string;
}

interface FieldPlan {
  readonly check: Check;
  /** Explains why `check` refused a value (slow path, only for bad records). */
  readonly explain: (value: unknown) => { code: string; message: string }[];
}

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
  const plans = fields.map(compileField);
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
        return `${field.name} = ${describe(row[i], field)}`;
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
            message: `record ${index} must be an object of field values such as { "${names[0] ?? 'field'}": ... }, got ${describe(record)}`,
          },
        ],
      };
    }
    const rec = record as Readonly<Record<string, unknown>>;
    const row = new Array<unknown>(count);
    let failed: number[] | undefined;
    let present = 0;
    for (let i = 0; i < count; i++) {
      const value = rec[names[i] as string];
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
      const value = rec[name];
      if (value === undefined || value === null) {
        const message =
          value === undefined
            ? `${name} is required but missing`
            : partial
              ? `${name} is required and cannot be set to null`
              : `${name} is required but is null`;
        issues.push({ path: [index, name], code: 'required', message });
      } else {
        for (const problem of (plans[i] as FieldPlan).explain(value))
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

// ---- compile time: everything below runs once per field, never per record ----

const TYPE_CHECKS: Readonly<Record<FieldType, Check>> = {
  string: (v) => (typeof v === 'string' ? v : INVALID),
  integer: (v) => {
    if (typeof v === 'number') return Number.isSafeInteger(v) ? v : INVALID;
    return typeof v === 'bigint' ? safeBigInt(v) : INVALID;
  },
  number: (v) => {
    if (typeof v === 'number') return Number.isFinite(v) ? v : INVALID;
    return typeof v === 'bigint' ? safeBigInt(v) : INVALID;
  },
  boolean: (v) => (typeof v === 'boolean' ? v : INVALID),
  date: (v) => (typeof v === 'string' && isDateString(v) ? v : INVALID),
  timestamp: (v) => {
    if (typeof v === 'string') return normalizeTimestamp(v) ?? INVALID;
    if (v instanceof Date && !Number.isNaN(v.getTime()))
      return normalizeTimestamp(v.toISOString()) ?? INVALID;
    return INVALID;
  },
};

function safeBigInt(v: bigint): number | typeof INVALID {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : INVALID;
}

function compileField(field: Field): FieldPlan {
  const typeCheck = TYPE_CHECKS[field.type];
  const constraints = compileConstraints(field);
  const tests = constraints.map((c) => c.test as (value: unknown) => boolean);
  let check: Check = typeCheck;
  const [first] = tests;
  if (tests.length === 1 && first !== undefined) {
    check = (v) => {
      const n = typeCheck(v);
      return n === INVALID || !first(n) ? INVALID : n;
    };
  } else if (tests.length > 1) {
    check = (v) => {
      const n = typeCheck(v);
      if (n === INVALID) return INVALID;
      for (const test of tests) if (!test(n)) return INVALID;
      return n;
    };
  }
  const explain = (value: unknown): { code: string; message: string }[] => {
    const n = typeCheck(value);
    if (n === INVALID) return [{ code: 'type', message: typeMessage(field, value) }];
    return constraints
      .filter((c) => !(c.test as (value: unknown) => boolean)(n))
      .map((c) => ({ code: c.code, message: (c.message as (value: unknown) => string)(n) }));
  };
  return { check, explain };
}

function compileConstraints(field: Field): Constraint[] {
  const out: Constraint[] = [];
  const { name } = field;
  const got = (v: unknown): string => describe(v, field);
  if (field.enum !== undefined && field.enum.length > 0) {
    const allowed = new Set<unknown>(field.enum.map((v) => normalizeEnumValue(v, field.type)));
    const list = field.enum.map((v) => describe(v)).join(', ');
    out.push({
      code: 'enum',
      test: (v: unknown) => allowed.has(v),
      message: (v: unknown) => `${name} must be one of ${list}, got ${got(v)}`,
    });
  }
  if (field.type === 'integer' || field.type === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = field;
    if (minimum !== undefined) {
      out.push({
        code: 'minimum',
        test: (v: number) => v >= minimum,
        message: (v: number) => `${name} must be at least ${minimum}, got ${got(v)}`,
      });
    }
    if (exclusiveMinimum !== undefined) {
      out.push({
        code: 'minimum',
        test: (v: number) => v > exclusiveMinimum,
        message: (v: number) => `${name} must be greater than ${exclusiveMinimum}, got ${got(v)}`,
      });
    }
    if (maximum !== undefined) {
      out.push({
        code: 'maximum',
        test: (v: number) => v <= maximum,
        message: (v: number) => `${name} must be at most ${maximum}, got ${got(v)}`,
      });
    }
    if (exclusiveMaximum !== undefined) {
      out.push({
        code: 'maximum',
        test: (v: number) => v < exclusiveMaximum,
        message: (v: number) => `${name} must be less than ${exclusiveMaximum}, got ${got(v)}`,
      });
    }
  }
  if (field.type === 'string') {
    const { minLength, maxLength, format, pattern } = field;
    if (minLength !== undefined) {
      out.push({
        code: 'length',
        test: (v: string) => v.length >= minLength && codePointLength(v) >= minLength,
        message: (v: string) =>
          `${name} must be at least ${minLength} characters long, got ${codePointLength(v)}`,
      });
    }
    if (maxLength !== undefined) {
      out.push({
        code: 'length',
        test: (v: string) => v.length <= maxLength || codePointLength(v) <= maxLength,
        message: (v: string) =>
          `${name} must be at most ${maxLength} characters long, got ${codePointLength(v)}`,
      });
    }
    if (format !== undefined) {
      const { test, expected } = FORMATS[format];
      out.push({
        code: 'format',
        test,
        message: (v: string) => `${name} must be ${expected}, got ${got(v)}`,
      });
    }
    if (pattern !== undefined) {
      let re: RegExp;
      try {
        // The contract says the whole value must match, unlike JSON Schema's search semantics.
        re = new RegExp(`^(?:${pattern})$`, 'u');
      } catch (error) {
        throw new MeshError(
          'invalid_input',
          `field ${name} has an invalid pattern ${JSON.stringify(pattern)}`,
          {
            cause: error,
            details: { field: name },
          },
        );
      }
      out.push({
        code: 'pattern',
        test: (v: string) => re.test(v),
        message: (v: string) => `${name} must match the pattern ${pattern}, got ${got(v)}`,
      });
    }
  }
  return out;
}

function normalizeEnumValue(value: Scalar, type: FieldType): unknown {
  if (type === 'timestamp' && typeof value === 'string') return normalizeTimestamp(value) ?? value;
  return value;
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

const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const URI_SCHEME = /^[a-z][a-z0-9+.-]*:\S*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

const FORMATS: Readonly<Record<StringFormat, { test: (v: string) => boolean; expected: string }>> = {
  email: { test: (v) => EMAIL.test(v), expected: 'an email address such as name@example.com' },
  uri: {
    test: (v) => URI_SCHEME.test(v) && URL.canParse(v),
    expected: 'an absolute URI such as https://example.com/',
  },
  uuid: { test: (v) => UUID.test(v), expected: 'a UUID such as 123e4567-e89b-12d3-a456-426614174000' },
  date: { test: isDateString, expected: 'a real calendar date written YYYY-MM-DD' },
  'date-time': {
    test: (v) => RFC3339.test(v) && normalizeTimestamp(v) !== undefined,
    expected: 'an RFC 3339 date-time such as 2025-10-07T10:30:00Z',
  },
};

function typeMessage(field: Field, value: unknown): string {
  const { name } = field;
  const got = describe(value, field);
  const unquote =
    typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? ' (send numbers without quotes)'
      : '';
  switch (field.type) {
    case 'string':
      return `${name} must be text, got ${got}`;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) {
        return `${name} must be a whole number between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, got ${got}`;
      }
      return `${name} must be a whole number, got ${got}${unquote}`;
    case 'number':
      if (typeof value === 'number' || typeof value === 'bigint')
        return `${name} must be a finite number, got ${got}`;
      return `${name} must be a number, got ${got}${unquote}`;
    case 'boolean':
      return `${name} must be true or false, got ${got}`;
    case 'date':
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return `${name} must be a real calendar date, got ${got}`;
      }
      return `${name} must be a date written YYYY-MM-DD, got ${got}`;
    case 'timestamp':
      return `${name} must be a timestamp such as "2025-10-07 10:30:00" or ISO 8601 "2025-10-07T10:30:00Z", got ${got}`;
  }
}

/** Describes a value for a message, shortened; values of PII fields are never shown. */
function describe(value: unknown, field?: Field): string {
  if (value === null || value === undefined) return 'null';
  if (field?.pii === true) {
    const kind =
      typeof value === 'string' ? `a string of ${codePointLength(value)} characters` : `a ${typeof value}`;
    return `${kind} (value hidden: ${field.name} is PII)`;
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(shorten(value));
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'object':
      if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date object';
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Counts characters as JSON Schema and SQL do: one per code point. */
function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
