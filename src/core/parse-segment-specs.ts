import { bindFilter } from './filter/bind-filter.ts';
import { parseFilterExpression } from './filter/parse-filter-expression.ts';
import type { Schema } from './schema.ts';
import { SEGMENT_NAME_PATTERN, type SegmentSpec } from './segment-spec.ts';
import type { Path, SpecReader } from './spec-reader.ts';

/**
 * Checks a segment's filter expression against a schema and returns the problem as a sentence, or undefined when the
 * expression is a valid, non-empty filter over the schema's fields.
 */
export function findSegmentFilterProblem(where: string, schema: Schema): string | undefined {
  try {
    const filter = bindFilter(parseFilterExpression(where), schema);
    if (filter.kind === 'and' && filter.items.length === 0)
      return 'the filter is empty, so the segment would hold every record';
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function entries(r: SpecReader, raw: unknown, path: Path): [string | undefined, unknown, Path][] {
  if (Array.isArray(raw)) {
    return raw.map((entry, i): [string | undefined, unknown, Path] => {
      const name =
        typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).name : undefined;
      if (typeof name !== 'string') r.add([...path, i, 'name'], 'required', 'every segment needs a name');
      return [typeof name === 'string' ? name : undefined, entry, [...path, i]];
    });
  }
  if (typeof raw === 'object' && raw !== null) {
    return Object.entries(raw).map(([name, entry]): [string, unknown, Path] => [
      name,
      entry,
      [...path, name],
    ]);
  }
  r.add(path, 'type', 'segments must be a list, or a mapping of segment name to filter expression');
  return [];
}

/** Reads a descriptor's `segments` section: named filter expressions checked against the schema. */
export function readSegmentSpecs(r: SpecReader, raw: unknown, path: Path, schema: Schema): SegmentSpec[] {
  const out: SegmentSpec[] = [];
  const names = new Set<string>();
  for (const [name, entry, at] of entries(r, raw, path)) {
    if (name === undefined) continue;
    if (!SEGMENT_NAME_PATTERN.test(name)) {
      r.add(
        [...at, 'name'],
        'format',
        `segment name "${name}" must start with a lowercase letter and use a-z, 0-9, _ and - only`,
      );
      continue;
    }
    if (names.has(name)) {
      r.add([...at, 'name'], 'duplicate', `segment ${name} is declared twice`);
      continue;
    }
    names.add(name);
    let where: string | undefined;
    let description: string | undefined;
    if (typeof entry === 'string') where = entry;
    else {
      const obj = r.object(entry, at, `segment ${name}`);
      if (!obj) continue;
      where = r.string(obj, 'where', at, true);
      description = r.string(obj, 'description', at, false);
    }
    if (where === undefined) continue;
    const problem = findSegmentFilterProblem(where, schema);
    if (problem !== undefined) {
      r.add([...at, 'where'], 'filter', `segment ${name} has an invalid filter: ${problem}`);
      continue;
    }
    out.push(description === undefined ? { name, where } : { name, where, description });
  }
  return out;
}
