import type { ErrorObject } from 'ajv';
import { formatPath } from '../core/errors.ts';
import { closestName } from '../core/filter/closest-name.ts';
import { OFFICIAL_SCHEMA_VERSIONS, officialSchemaValidator, type SchemaKind } from './official-schemas.ts';
import { asObject, type DataPath, getAt } from './plain-data.ts';
import type { ProblemCollector } from './problem-collector.ts';

/** An Ajv error after noise reduction, with the alternatives of a collapsed `oneOf`. */
interface Reported {
  readonly error: ErrorObject;
  readonly alternatives?: readonly string[];
}

/** Validates a document against its kind's official JSON schema and records each violation where it is. */
export function checkOfficialSchema(collector: ProblemCollector, kind: SchemaKind): void {
  const validate = officialSchemaValidator(kind);
  if (validate(collector.doc.data)) return;
  for (const reported of simplify(validate.errors ?? [])) report(collector, kind, reported);
}

function isUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

/**
 * Drops the noise Ajv reports around combinators: `if` failures (their `then` errors are kept), the errors of
 * `oneOf` branches of the wrong type, a list of "missing X" per branch (collapsed into one problem), and
 * `unevaluatedProperties` errors caused by a failed `oneOf` on the same object.
 */
function simplify(errors: readonly ErrorObject[]): Reported[] {
  const dropped = new Set<number>();
  const alternatives = new Map<number, string[]>();
  errors.forEach((e, i) => {
    if (e.keyword === 'if') dropped.add(i);
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') return;
    const at = e.instancePath;
    const run: number[] = [];
    for (let j = i - 1; j >= 0 && isUnder(errors[j]?.instancePath ?? '', at); j--) run.push(j);
    const passing = (e.params as { passingSchemas?: unknown }).passingSchemas;
    if (passing !== null && passing !== undefined) {
      for (const j of run) dropped.add(j);
      return;
    }
    const wrongType = run.filter((j) => errors[j]?.keyword === 'type' && errors[j]?.instancePath === at);
    for (const j of wrongType) dropped.add(j);
    const informative = run.filter((j) => !dropped.has(j));
    if (informative.length === 0) return;
    if (informative.every((j) => errors[j]?.keyword === 'required' && errors[j]?.instancePath === at)) {
      alternatives.set(
        i,
        informative
          .map((j) =>
            String((errors[j]?.params as { missingProperty?: unknown } | undefined)?.missingProperty),
          )
          .reverse(),
      );
      for (const j of informative) dropped.add(j);
    } else {
      dropped.add(i);
    }
  });
  const combinatorPaths = new Set(
    errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath),
  );
  const out: Reported[] = [];
  const seen = new Set<string>();
  errors.forEach((e, i) => {
    if (dropped.has(i)) return;
    if (e.keyword === 'unevaluatedProperties' && combinatorPaths.has(e.instancePath)) return;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const alts = alternatives.get(i);
    out.push(alts === undefined ? { error: e } : { error: e, alternatives: alts });
  });
  return out;
}

/** Turns an instance path such as `/schema/0/name` into `['schema', 0, 'name']`, using the data to tell indexes apart. */
function toPath(pointer: string, data: unknown): DataPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path.push(Array.isArray(getAt(data, path)) && /^\d+$/.test(part) ? Number(part) : part);
  }
  return path;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 50 ? `${text.slice(0, 47)}…` : text;
}

const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  'date-time': '2024-05-31T12:00:00Z',
  date: '2024-05-31',
  time: '12:00:00Z',
  uri: 'https://example.com/docs',
  email: 'team@example.com',
  uuid: '4f0c3a52-7a1e-4c4b-9d3c-2f9e5b1a6c77',
};

function report(collector: ProblemCollector, kind: SchemaKind, { error, alternatives }: Reported): void {
  const data = collector.doc.data;
  const path = toPath(error.instancePath, data);
  const where = path.length === 0 ? 'the document' : formatPath(path);
  const value = getAt(data, path);
  const params = error.params as Record<string, unknown>;
  const standard = OFFICIAL_SCHEMA_VERSIONS[kind];
  switch (error.keyword) {
    case 'type': {
      const type = String(params.type).replace(/,/g, ' or ');
      collector.add(
        'schema_type',
        path,
        `${where} must be ${article(type)} ${type}, got ${describeValue(value)}`,
        `write ${article(type)} ${type} here`,
      );
      return;
    }
    case 'required': {
      const missing = String(params.missingProperty);
      collector.add(
        'schema_required',
        path,
        `${where} is missing the required key "${missing}"`,
        `add "${missing}: …" to ${where}`,
      );
      return;
    }
    case 'enum':
    case 'const': {
      const allowed = (
        error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]
      ).map(String);
      const guess = typeof value === 'string' ? closestName(value, allowed) : undefined;
      collector.add(
        'schema_enum',
        path,
        `${where} is ${describeValue(value)}, which ${standard} does not allow`,
        `use one of: ${allowed.join(', ')}${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`,
      );
      return;
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = Object.keys(asObject(asObject(error.parentSchema)?.properties) ?? {});
      const guess = closestName(key, known);
      const hint =
        guess !== undefined
          ? `rename it to "${guess}"`
          : kind === 'odcs' || kind === 'odps'
            ? `remove it, or keep it as a customProperties entry ({ property: ${key}, value: … })`
            : 'remove it';
      collector.add(
        'schema_unknown_property',
        [...path, key],
        `${where === 'the document' ? 'the top level' : where} has the key "${key}", which ${standard} does not define`,
        hint,
        'key',
      );
      return;
    }
    case 'format': {
      const format = String(params.format);
      const example = FORMAT_EXAMPLES[format];
      collector.add(
        'schema_format',
        path,
        `${where} is not a valid ${format}: ${describeValue(value)}`,
        `write a valid ${format}${example === undefined ? '' : `, e.g. ${example}`}`,
      );
      return;
    }
    case 'pattern':
      collector.add(
        'schema_pattern',
        path,
        `${where} (${describeValue(value)}) does not match ${String(params.pattern)}`,
        `use only text matching ${String(params.pattern)}`,
      );
      return;
    case 'oneOf':
    case 'anyOf': {
      if (alternatives !== undefined) {
        collector.add(
          'schema_one_of',
          path,
          `${where} needs one of: ${alternatives.join(', ')}`,
          `add exactly one of ${alternatives.join(', ')}`,
        );
      } else if (params.passingSchemas !== null && params.passingSchemas !== undefined) {
        collector.add(
          'schema_one_of',
          path,
          `${where} matches more than one of the shapes ${standard} allows here`,
          'keep only one of the alternative keys (e.g. a single mustBe… operator)',
        );
      } else {
        collector.add(
          'schema_one_of',
          path,
          `${where} matches none of the shapes ${standard} allows here`,
          `compare it with the ${standard} schema`,
        );
      }
      return;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems':
    case 'multipleOf':
      collector.add(
        'schema_range',
        path,
        `${where} ${error.message ?? 'is out of range'} (got ${describeValue(value)})`,
        'change the value to fit the limit',
      );
      return;
    default:
      collector.add(
        'schema_invalid',
        path,
        `${where} ${error.message ?? 'is invalid'}`,
        `compare it with the ${standard} schema`,
      );
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
