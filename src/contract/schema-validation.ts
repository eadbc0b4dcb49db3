import type { ErrorObject } from 'ajv';
import { formatPath } from '../core/errors.ts';
import { closestName } from '../core/filter/closest-name.ts';
import { OFFICIAL_SCHEMA_VERSIONS, officialSchemaValidator, type SchemaKind } from './official-schemas.ts';
import { asObject, asString, type DataPath, getAt } from './plain-data.ts';
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
 * Drops the noise Ajv reports around combinators, so that the failing branch's real error is the one shown: `if`
 * failures (their `then` errors are kept); for a `oneOf`/`anyOf`, only its own branches' errors are considered
 * (never a sibling's), branches of the wrong type are dropped, a list of "missing X" per branch is collapsed into one
 * problem, and when one branch was clearly meant (it fails on more than a missing key) only its errors are kept;
 * a "matches several shapes" that another error at the same place explains; and `unevaluatedProperties` errors
 * caused by a failed `oneOf` or `if`/`then` on the same object (the keys are defined, their branch failed).
 */
function simplify(errors: readonly ErrorObject[]): Reported[] {
  const dropped = new Set<number>();
  const alternatives = new Map<number, string[]>();
  const severalPass = new Set<number>();
  errors.forEach((e, i) => {
    if (e.keyword === 'if') dropped.add(i);
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') return;
    const at = e.instancePath;
    // A branch's errors have schema paths below the combinator's, or relative to a schema its branch refers to
    // (Ajv restarts schema paths at a $ref). A sibling keyword of the same schema, or of the enclosing allOf, is not
    // a branch: its errors stand on their own.
    const own = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
    const enclosing = /\/allOf\/\d+$/.test(own) ? own.slice(0, own.lastIndexOf('/')) : own;
    const branchOf = (j: number): string | undefined => {
      const path = errors[j]?.schemaPath ?? '';
      if (path.startsWith(`${e.schemaPath}/`)) return path.slice(e.schemaPath.length + 1).split('/')[0];
      return path.startsWith(`${own}/`) || path.startsWith(`${enclosing}/`) ? undefined : '$ref';
    };
    const run: number[] = [];
    for (let j = i - 1; j >= 0 && isUnder(errors[j]?.instancePath ?? '', at); j--) {
      if (branchOf(j) !== undefined) run.push(j);
    }
    const passing = (e.params as { passingSchemas?: unknown }).passingSchemas;
    if (passing !== null && passing !== undefined) {
      for (const j of run) dropped.add(j);
      severalPass.add(i);
      return;
    }
    const wrongType = run.filter((j) => errors[j]?.keyword === 'type' && errors[j]?.instancePath === at);
    for (const j of wrongType) dropped.add(j);
    const informative = run.filter((j) => !dropped.has(j));
    if (informative.length === 0) return;
    const missingKey = (j: number): boolean =>
      errors[j]?.keyword === 'required' && errors[j]?.instancePath === at;
    if (informative.every(missingKey)) {
      alternatives.set(
        i,
        informative
          .map((j) =>
            String((errors[j]?.params as { missingProperty?: unknown } | undefined)?.missingProperty),
          )
          .reverse(),
      );
      for (const j of informative) dropped.add(j);
      return;
    }
    // The branches that fail on more than a missing key are the ones the author meant: show only theirs.
    const meant = new Set(informative.filter((j) => !missingKey(j)).map(branchOf));
    for (const j of informative) if (!meant.has(branchOf(j))) dropped.add(j);
    dropped.add(i);
  });
  const combinatorPaths = new Set(
    errors
      .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if')
      .map((e) => e.instancePath),
  );
  // A place that has a real error does not also need "matches several shapes": the missing key explains it.
  const explained = new Set(
    errors
      .filter((e, i) => !dropped.has(i) && !severalPass.has(i) && e.keyword !== 'unevaluatedProperties')
      .map((e) => e.instancePath),
  );
  const out: Reported[] = [];
  const seen = new Set<string>();
  errors.forEach((e, i) => {
    if (dropped.has(i)) return;
    if (severalPass.has(i) && explained.has(e.instancePath)) return;
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
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
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
          'keep the keys of only one of the alternatives (e.g. a single mustBe… operator)',
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
    case 'not': {
      const forbidden = (asObject(error.schema)?.required as unknown[] | undefined)?.map(String) ?? [];
      const why = asString(asObject(error.parentSchema)?.description);
      if (forbidden.length > 0) {
        const keys = forbidden.map((k) => `"${k}"`).join(', ');
        collector.add(
          'schema_invalid',
          forbidden.length === 1 ? [...path, forbidden[0] ?? ''] : path,
          `${where} must not have the key${forbidden.length === 1 ? '' : 's'} ${keys}${why === undefined ? '' : `: ${why}`}`,
          `remove ${keys} from ${where}`,
          'key',
        );
        return;
      }
      collector.add(
        'schema_invalid',
        path,
        `${where} has a shape ${standard} forbids here${why === undefined ? '' : `: ${why}`}`,
        `compare it with the ${standard} schema`,
      );
      return;
    }
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
