import { z } from '@hono/zod-openapi';
import { PROBLEM_MEDIA_TYPE } from '../problem.ts';

/** The problem document every error response carries (RFC 9457 plus Meshwork's code and issues). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: "Meshwork's error code, e.g. invalid_input or policy_denied" }),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    issues: z
      .array(
        z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string() }),
      )
      .optional(),
    violations: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .openapi('Problem');

/** The `{id}` path parameter naming a product. */
export const ProductIdParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'sales.transactions' }),
});

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
});

/** The error responses every authenticated route may give. */
export const ERROR_RESPONSES = {
  400: problem(
    'Invalid input: unknown field, wrong type, malformed JSON or filter (issues name the field path)',
  ),
  401: problem('No token, or the token is malformed, unknown, expired or revoked'),
  403: problem('Not allowed: a missing role or grant, or a policy denial (violations lists every one)'),
  404: problem('No such product (or resource)'),
  409: problem('Conflict, e.g. already exists or a refused lifecycle transition'),
  413: problem('Request body over the limit'),
  422: problem('Contract violation (issues lists every one)'),
  429: problem('Rate limit reached; retry after Retry-After seconds'),
  503: problem(
    'Store or upstream unavailable (storage_unavailable, upstream_failed), or a read stopped at the query timeout (query_timeout)',
  ),
} as const;

/** Any JSON value, for results described by the SDK's types. */
export const JsonObject = z.record(z.string(), z.unknown());

/** A JSON response of the given schema. */
export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}
