import type { Issue } from './errors.ts';
import type { Scalar } from './schema.ts';

/** A location inside a descriptor, e.g. `['schema', 'fields', 2, 'type']`. */
export type Path = (string | number)[];

/** Reads plain data (parsed YAML or JSON) into typed values, collecting every problem as an issue instead of throwing. */
export class SpecReader {
  readonly issues: Issue[] = [];

  /** Records a problem at a path. */
  add(path: Path, code: string, message: string): void {
    this.issues.push({ path, code, message });
  }

  /** Reads a mapping, or records a problem and gives undefined. */
  object(value: unknown, path: Path, what: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
    this.add(path, 'type', `${what} must be an object (a mapping of keys to values)`);
    return undefined;
  }

  /** Reads a string property; a missing required one is a problem. */
  string(obj: Record<string, unknown>, key: string, path: Path, required: boolean): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (required) this.add([...path, key], 'required', `${key} is required`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.add([...path, key], 'type', `${key} must be a string, got ${describeSpecValue(v)}`);
      return undefined;
    }
    return v;
  }

  /** Reads an optional finite number property. */
  number(obj: Record<string, unknown>, key: string, path: Path): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add([...path, key], 'type', `${key} must be a number, got ${describeSpecValue(v)}`);
      return undefined;
    }
    return v;
  }

  /** Reads an optional boolean property. */
  boolean(obj: Record<string, unknown>, key: string, path: Path): boolean | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.add([...path, key], 'type', `${key} must be true or false, got ${describeSpecValue(v)}`);
      return undefined;
    }
    return v;
  }

  /** Reads a list of strings; a single string counts as a list of one. */
  stringList(value: unknown, path: Path, what: string): string[] {
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (!Array.isArray(value)) {
      this.add(path, 'type', `${what} must be a list of strings`);
      return [];
    }
    const out: string[] = [];
    value.forEach((v, i) => {
      if (typeof v === 'string') out.push(v);
      else this.add([...path, i], 'type', `${what} entries must be strings, got ${describeSpecValue(v)}`);
    });
    return out;
  }

  /** Reads an optional list, or records a problem and gives an empty list. */
  list(value: unknown, path: Path, what: string): readonly unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.add(path, 'type', `${what} must be a list`);
    return [];
  }
}

/** Describes a spec value for a message, shortened. */
export function describeSpecValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${typeof v === 'object' ? '' : String(v)}`.trim();
}

/** Tells whether a value is a plain scalar (string, number, boolean or null). */
export function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
