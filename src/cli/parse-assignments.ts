import { MeshError } from '../core/errors.ts';
import { closestName } from '../core/filter/closest-name.ts';
import type { Field, Schema } from '../core/schema.ts';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function unquote(text: string): { text: string; quoted: boolean } {
  const m = /^(['"])([\s\S]*)\1$/.exec(text);
  return m
    ? { text: (m[2] as string).replaceAll(`${m[1]}${m[1]}`, m[1] as string), quoted: true }
    : { text, quoted: false };
}

function bad(assignment: string, f: Field, expected: string, got: string): MeshError {
  return new MeshError(
    'invalid_input',
    `--set ${assignment}: ${f.name} is ${expected}, got ${got}; fix the value after "="`,
    { details: { field: f.name } },
  );
}

/** Reads one `--set` value as the field's type: numbers, integers and booleans are parsed, `null` clears the field. */
function parseValue(assignment: string, f: Field, raw: string): unknown {
  const { text, quoted } = unquote(raw.trim());
  if (!quoted && text === 'null') return null;
  switch (f.type) {
    case 'integer': {
      const n = Number(text);
      if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(n)) {
        throw bad(assignment, f, 'a whole number (integer)', JSON.stringify(raw));
      }
      return n;
    }
    case 'number': {
      const n = Number(text);
      if (!NUMBER.test(text) || !Number.isFinite(n))
        throw bad(assignment, f, 'a number', JSON.stringify(raw));
      return n;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false')
        throw bad(assignment, f, 'true or false', JSON.stringify(raw));
      return lower === 'true';
    }
    default:
      return text;
  }
}

/**
 * Reads `field=value` assignments (from `--set`) into changes typed by the contract: integers, numbers and booleans
 * are parsed, text may be quoted ('…' or "…"), `null` clears a field; dates and timestamps stay text for the
 * contract to check.
 * @throws MeshError `invalid_input` for a malformed assignment, an unknown or repeated field, or a value of the wrong type.
 */
export function parseAssignments(assignments: readonly string[], schema: Schema): Record<string, unknown> {
  if (assignments.length === 0) {
    throw new MeshError('invalid_input', 'update needs at least one --set field=value');
  }
  const fields = new Map(schema.fields.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    const name = eq < 0 ? '' : assignment.slice(0, eq).trim();
    if (eq < 0 || name === '') {
      throw new MeshError('invalid_input', `--set ${assignment} is not field=value, e.g. --set amount=12.5`);
    }
    const f = fields.get(name);
    if (!f) {
      const guess = closestName(name, [...fields.keys()]);
      throw new MeshError(
        'invalid_input',
        `--set ${assignment}: unknown field ${name}${guess ? `; did you mean ${guess}?` : `; fields are ${[...fields.keys()].join(', ')}`}`,
      );
    }
    if (Object.hasOwn(out, name))
      throw new MeshError('invalid_input', `--set names ${name} twice; give each field once`);
    out[name] = parseValue(assignment, f, assignment.slice(eq + 1));
  }
  return out;
}
