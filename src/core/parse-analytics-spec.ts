import {
  type AnalyticsSpec,
  type BreakdownOrder,
  type BreakdownSpec,
  MEASURE_FUNCTIONS,
  type MeasureFunction,
  type MeasureSpec,
  TIME_BUCKETS,
  type TimeBucket,
} from './analytics-spec.ts';
import { FIELD_NAME_PATTERN } from './descriptor.ts';
import type { Schema } from './schema.ts';
import { describeSpecValue, type Path, type SpecReader } from './spec-reader.ts';

const SHORTHAND = /^\s*([a-z_]+)\s*\(\s*(\*|[A-Za-z_][A-Za-z0-9_]*)?\s*\)\s*$/i;

/** Turns a list of named entries, or a mapping of name to entry, into `[name, entry, path]` triples. */
function namedEntries(
  r: SpecReader,
  raw: unknown,
  path: Path,
  what: string,
): [string | undefined, unknown, Path][] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) {
    return raw.map((entry, i): [string | undefined, unknown, Path] => {
      const name =
        typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).name : undefined;
      if (typeof name !== 'string') r.add([...path, i, 'name'], 'required', `every ${what} needs a name`);
      return [typeof name === 'string' ? name : undefined, entry, [...path, i]];
    });
  }
  if (typeof raw === 'object') {
    return Object.entries(raw).map(([name, entry]): [string, unknown, Path] => [
      name,
      entry,
      [...path, name],
    ]);
  }
  r.add(path, 'type', `${what}s must be a list, or a mapping of name to ${what}`);
  return [];
}

function checkName(r: SpecReader, name: string, path: Path, what: string, taken: Set<string>): boolean {
  if (!FIELD_NAME_PATTERN.test(name)) {
    r.add(
      [...path, 'name'],
      'format',
      `${what} name "${name}" must use letters, digits and underscores only`,
    );
    return false;
  }
  if (taken.has(name)) {
    r.add([...path, 'name'], 'duplicate', `${what} ${name} is declared twice`);
    return false;
  }
  taken.add(name);
  return true;
}

function readMeasure(
  r: SpecReader,
  name: string,
  raw: unknown,
  path: Path,
  schema: Schema,
): MeasureSpec | undefined {
  let fnText: string | undefined;
  let field: string | undefined;
  let description: string | undefined;
  if (typeof raw === 'string') {
    const m = SHORTHAND.exec(raw);
    if (!m) {
      r.add(
        path,
        'format',
        `measure ${name} must read like sum(amount) or count(*), got ${describeSpecValue(raw)}`,
      );
      return undefined;
    }
    fnText = m[1]?.toLowerCase();
    field = m[2] === '*' ? undefined : m[2];
  } else {
    const obj = r.object(raw, path, `measure ${name}`);
    if (!obj) return undefined;
    fnText = r.string(obj, 'fn', path, true);
    field = r.string(obj, 'field', path, false);
    description = r.string(obj, 'description', path, false);
  }
  if (fnText === undefined) return undefined;
  if (!(MEASURE_FUNCTIONS as readonly string[]).includes(fnText)) {
    r.add(
      [...path, 'fn'],
      'enum',
      `measure ${name} uses unknown function "${fnText}"; use ${MEASURE_FUNCTIONS.join(', ')}`,
    );
    return undefined;
  }
  const fn = fnText as MeasureFunction;
  if (field === undefined) {
    if (fn !== 'count') {
      r.add([...path, 'field'], 'required', `measure ${name} needs a field to ${fn}, e.g. ${fn}(amount)`);
      return undefined;
    }
  } else {
    const f = schema.fields.find((x) => x.name === field);
    if (f === undefined) {
      r.add(
        [...path, 'field'],
        'unknown_field',
        `measure ${name} names field ${field}, which is not in the schema; known fields: ${schema.fields.map((x) => x.name).join(', ')}`,
      );
      return undefined;
    }
    if ((fn === 'sum' || fn === 'avg') && f.type !== 'number' && f.type !== 'integer') {
      r.add(
        [...path, 'field'],
        'type',
        `measure ${name}: ${fn} needs a numeric field, but ${field} is ${f.type}`,
      );
      return undefined;
    }
    if ((fn === 'min' || fn === 'max') && f.type === 'boolean') {
      r.add(
        [...path, 'field'],
        'type',
        `measure ${name}: ${fn} cannot be taken of the boolean field ${field}`,
      );
      return undefined;
    }
  }
  return {
    name,
    fn,
    ...(field === undefined ? {} : { field }),
    ...(description === undefined ? {} : { description }),
  };
}

function readOrder(
  r: SpecReader,
  raw: unknown,
  path: Path,
  name: string,
  key: string,
  measures: readonly string[],
  bucket: TimeBucket | undefined,
): BreakdownOrder | undefined {
  const fallback: BreakdownOrder =
    bucket !== undefined || measures[0] === undefined
      ? { by: key, direction: 'asc' }
      : { by: measures[0], direction: 'desc' };
  if (raw === undefined || raw === null) return fallback;
  // A parsed spec holds the order as { by, direction }; reading it again must give the same spec back.
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as { by?: unknown; direction?: unknown };
    if (typeof o.by === 'string' && (o.direction === 'asc' || o.direction === 'desc')) {
      return readOrder(r, `${o.by} ${o.direction}`, path, name, key, measures, bucket);
    }
  }
  const m = typeof raw === 'string' ? /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(raw) : null;
  if (!m) {
    r.add(
      [...path, 'orderBy'],
      'format',
      `orderBy of breakdown ${name} must be a measure or "${key}", optionally followed by asc or desc`,
    );
    return undefined;
  }
  const by = m[1] as string;
  if (by !== key && !measures.includes(by)) {
    r.add(
      [...path, 'orderBy'],
      'unknown_field',
      `breakdown ${name} cannot be ordered by ${by}; use ${[key, ...measures].join(', ')}`,
    );
    return undefined;
  }
  const direction =
    m[2]?.toLowerCase() === 'desc' ? 'desc' : m[2] === undefined && by !== key ? 'desc' : 'asc';
  return { by, direction };
}

function readBreakdown(
  r: SpecReader,
  name: string,
  raw: unknown,
  path: Path,
  schema: Schema,
  measures: readonly MeasureSpec[],
): BreakdownSpec | undefined {
  const obj = r.object(raw, path, `breakdown ${name}`);
  if (!obj) return undefined;
  const by = r.string(obj, 'by', path, true);
  if (by === undefined) return undefined;
  const field = schema.fields.find((f) => f.name === by);
  if (field === undefined) {
    r.add([...path, 'by'], 'unknown_field', `breakdown ${name} groups by ${by}, which is not in the schema`);
    return undefined;
  }
  const bucketText = r.string(obj, 'bucket', path, false);
  let bucket: TimeBucket | undefined;
  if (bucketText !== undefined) {
    if (!(TIME_BUCKETS as readonly string[]).includes(bucketText)) {
      r.add(
        [...path, 'bucket'],
        'enum',
        `bucket of breakdown ${name} must be one of ${TIME_BUCKETS.join(', ')}`,
      );
      return undefined;
    }
    if (field.type !== 'date' && field.type !== 'timestamp') {
      r.add(
        [...path, 'bucket'],
        'type',
        `breakdown ${name}: only a date or timestamp field has calendar buckets, but ${by} is ${field.type}`,
      );
      return undefined;
    }
    bucket = bucketText as TimeBucket;
  }
  const key = bucket ?? by;
  const known = measures.map((m) => m.name);
  const listed =
    obj.measures === undefined ? known : r.stringList(obj.measures, [...path, 'measures'], 'measures');
  let ok = true;
  for (const m of listed) {
    if (!known.includes(m)) {
      r.add(
        [...path, 'measures'],
        'unknown_measure',
        `breakdown ${name} lists measure ${m}, which is not declared; declared: ${known.join(', ') || 'none'}`,
      );
      ok = false;
    }
    if (m === key) {
      r.add(
        [...path, 'measures'],
        'duplicate',
        `breakdown ${name}: measure ${m} has the same name as the breakdown key`,
      );
      ok = false;
    }
  }
  if (listed.length === 0) {
    r.add([...path, 'measures'], 'required', `breakdown ${name} needs at least one measure`);
    ok = false;
  }
  const top = r.number(obj, 'top', path);
  if (top !== undefined && (!Number.isSafeInteger(top) || top < 1)) {
    r.add([...path, 'top'], 'range', `top of breakdown ${name} must be a whole number of 1 or more`);
    ok = false;
  }
  const orderBy = readOrder(r, obj.orderBy, path, name, key, listed, bucket);
  const description = r.string(obj, 'description', path, false);
  if (!ok || orderBy === undefined) return undefined;
  return {
    name,
    by,
    ...(bucket === undefined ? {} : { bucket }),
    measures: listed,
    orderBy,
    ...(top === undefined ? {} : { top }),
    ...(description === undefined ? {} : { description }),
  };
}

/** Reads a descriptor's `analytics` section (named measures and breakdowns) against its schema. */
export function readAnalyticsSpec(
  r: SpecReader,
  raw: unknown,
  path: Path,
  schema: Schema,
): AnalyticsSpec | undefined {
  const obj = r.object(raw, path, 'analytics');
  if (!obj) return undefined;
  const measures: MeasureSpec[] = [];
  const measureNames = new Set<string>();
  for (const [name, entry, at] of namedEntries(r, obj.measures, [...path, 'measures'], 'measure')) {
    if (name === undefined || !checkName(r, name, at, 'measure', measureNames)) continue;
    const measure = readMeasure(r, name, entry, at, schema);
    if (measure) measures.push(measure);
  }
  const breakdowns: BreakdownSpec[] = [];
  const breakdownNames = new Set<string>();
  for (const [name, entry, at] of namedEntries(r, obj.breakdowns, [...path, 'breakdowns'], 'breakdown')) {
    if (name === undefined || !checkName(r, name, at, 'breakdown', breakdownNames)) continue;
    const breakdown = readBreakdown(r, name, entry, at, schema, measures);
    if (breakdown) breakdowns.push(breakdown);
  }
  return { measures, breakdowns };
}
