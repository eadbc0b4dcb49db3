import { MeshError } from '../errors.ts';
import type { FieldType, StringFormat } from '../field-type.ts';
import { isDateString, normalizeTimestamp } from '../filter/index.ts';
import type { Field, Scalar } from '../schema.ts';

/*
 * Everything in this file runs once per field when a validator is compiled; the closures it returns are what runs
 * per record, and they never look at the schema again.
 */

/** Returned by a field check for a value that breaks its type or a constraint. */
export const INVALID = Symbol('invalid');

/** Converts a non-null value to its stored form, or returns INVALID. */
export type Check = (value: unknown) => unknown;

/** One constraint on a field's normalized value, with the words to explain a failure. */
interface Constraint {
  readonly code: string;
  readonly test: (value: never) => boolean;
  readonly message: (value: never) => string;
}

/** The compiled checks of one field. */
export interface FieldCheck {
  readonly check: Check;
  /** Explains why `check` refused a value (slow path, only for bad records). */
  readonly explain: (value: unknown) => { code: string; message: string }[];
}

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

/**
 * Compiles a field's type and constraints into one check, which returns the normalized value or {@link INVALID},
 * and an explanation used only for values the check refused.
 * @throws MeshError `invalid_input` when the field's pattern is not a valid regular expression.
 */
export function compileFieldCheck(field: Field): FieldCheck {
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
  const got = (v: unknown): string => describeValue(v, field);
  if (field.enum !== undefined && field.enum.length > 0) {
    const allowed = new Set<unknown>(field.enum.map((v) => normalizeEnumValue(v, field.type)));
    const list = field.enum.map((v) => describeValue(v)).join(', ');
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
        // A code point takes at most two UTF-16 units, so only short strings need counting.
        test: (v: string) => v.length >= 2 * minLength || codePointLength(v) >= minLength,
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
  const got = describeValue(value, field);
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
export function describeValue(value: unknown, field?: Field): string {
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

/** Cuts text longer than 40 characters, so messages stay short. */
export function shorten(text: string): string {
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
