import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { Issue } from '../core/errors.ts';
import { createProblem } from './problem.ts';
import { problemResponse } from './problem-response.ts';

/** Turns zod's issues into Meshwork issues whose path starts with where the value was (`body`, `query`, `path`). */
export function toIssues(target: string, error: ZodError): Issue[] {
  const where = target === 'json' ? 'body' : target === 'param' ? 'path' : target;
  return error.issues.map((i) => {
    const path = [where, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const named = path.slice(1).join('.') || where;
    const message =
      i.code === 'unrecognized_keys'
        ? `unknown field${i.keys.length === 1 ? '' : 's'} ${i.keys.join(', ')} in ${named}; remove ${i.keys.length === 1 ? 'it' : 'them'}`
        : `${named}: ${i.message}`;
    return { path, code: i.code, message };
  });
}

/**
 * The hook every route's request validation ends in: a request failing its schema (unknown field, wrong type,
 * missing value) is answered with a 400 problem listing each issue with the field's path.
 */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const issues = toIssues(result.target, result.error);
  const detail = `the request is invalid: ${issues.map((i) => i.message).join('; ')}`;
  return problemResponse(c, createProblem('invalid_input', detail, { issues }));
}
