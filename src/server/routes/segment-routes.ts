import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { MeshError } from '../../core/errors.ts';
import { decodeRowCursor, encodeRowCursor, type RowQueryShape } from '../row-cursor.ts';
import type { RouteDeps, ServerEnv } from '../server-env.ts';
import { ERROR_RESPONSES, JsonObject, jsonContent, ProductIdParams } from './common-schemas.ts';
import { commaList } from './query-values.ts';

const SegmentParams = ProductIdParams.extend({
  name: z
    .string()
    .min(1)
    .openapi({ param: { name: 'name', in: 'path' }, example: 'high_value' }),
});

const NewSegmentBody = z
  .strictObject({
    name: z.string().min(1).openapi({ example: 'silver_tier' }),
    where: z.string().min(1).openapi({ example: "tier = 'silver'" }),
    description: z.string().optional(),
  })
  .openapi('NewSegment');

const MembersQuery = z.strictObject({
  filter: z.string().optional().openapi({ description: 'narrows the members with another filter' }),
  columns: z.string().optional().openapi({ description: 'comma-separated fields' }),
  order: z.string().optional().openapi({ description: 'comma-separated, each optionally "desc"' }),
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().optional().openapi({ description: 'nextCursor of the previous page' }),
});

const SegmentStatistic = JsonObject.openapi('SegmentStatistic', {
  description: 'The segment (name, where, description, origin) with its current count and share',
});

const tags = ['segments'];
const routes = {
  statistic: createRoute({
    method: 'get',
    path: '/products/{id}/segments/{name}',
    tags,
    summary: 'One segment with its current size and share',
    request: { params: SegmentParams },
    responses: { 200: jsonContent(SegmentStatistic, 'The segment and its count'), ...ERROR_RESPONSES },
  }),
  members: createRoute({
    method: 'get',
    path: '/products/{id}/segments/{name}/rows',
    tags,
    summary: 'A segment’s member records (PII masked as in rows), cursor paging',
    request: { params: SegmentParams, query: MembersQuery },
    responses: {
      200: jsonContent(
        z.object({
          rows: z.array(z.record(z.string(), z.unknown())),
          count: z.number().int(),
          nextCursor: z.string().nullable(),
        }),
        'A page of members',
      ),
      ...ERROR_RESPONSES,
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/products/{id}/segments',
    tags,
    summary: 'Keep a new segment in the catalog (platform admins and owners of the product’s domain)',
    request: {
      params: ProductIdParams,
      body: { required: true, content: { 'application/json': { schema: NewSegmentBody } } },
    },
    responses: {
      201: jsonContent(SegmentStatistic, 'The stored segment and how many records match now'),
      ...ERROR_RESPONSES,
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/products/{id}/segments/{name}',
    tags,
    summary: 'Remove a segment created in the catalog (a contract’s own segments stay)',
    request: { params: SegmentParams },
    responses: {
      200: jsonContent(JsonObject, 'The removed segment, with removed: true'),
      ...ERROR_RESPONSES,
    },
  }),
};

/** Adds one segment's statistic and members, and creating and removing segments. */
export function registerSegmentRoutes(app: OpenAPIHono<ServerEnv>, deps: RouteDeps): void {
  const max = deps.limits.maxRowsPerResponse;

  app.openapi(routes.statistic, async (c) => {
    const { id, name } = c.req.valid('param');
    const segments = (await c.get('mesh').product(id)).segments();
    return c.json((await segments.statistic(name)) as never, 200);
  });

  app.openapi(routes.members, async (c) => {
    const { id, name } = c.req.valid('param');
    const q = c.req.valid('query');
    if (q.limit !== undefined && q.limit > max) {
      throw new MeshError(
        'invalid_input',
        `limit ${q.limit} is over the server's ${max} rows per response; ask for at most ${max} and page with nextCursor`,
        { details: { limit: q.limit, max } },
      );
    }
    const segments = (await c.get('mesh').product(id)).segments();
    const columns = commaList(q.columns);
    const order = commaList(q.order);
    const shape: RowQueryShape = {
      productId: `${id}#segment:${name}`,
      filter: q.filter ?? '',
      columns,
      order,
      version: undefined,
    };
    const page = await segments.members(name, {
      limit: q.limit ?? Math.min(100, max),
      ...(q.filter === undefined ? {} : { where: q.filter }),
      ...(columns === undefined ? {} : { columns }),
      ...(order === undefined ? {} : { orderBy: order }),
      ...(q.cursor === undefined ? {} : { cursor: decodeRowCursor(shape, q.cursor) }),
    });
    return c.json(
      {
        rows: page.rows,
        count: page.rows.length,
        nextCursor: page.nextCursor === null ? null : encodeRowCursor(shape, page.nextCursor),
      },
      200,
    );
  });

  app.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const segments = (await c.get('mesh').product(c.req.valid('param').id)).segments();
    await segments.create({
      name: body.name,
      where: body.where,
      ...(body.description === undefined ? {} : { description: body.description }),
    });
    return c.json((await segments.statistic(body.name)) as never, 201);
  });

  app.openapi(routes.remove, async (c) => {
    const { id, name } = c.req.valid('param');
    const segments = (await c.get('mesh').product(id)).segments();
    // Read before removing, so that the answer says what was removed (its filter, description and creator).
    const removed = await segments.get(name);
    await segments.remove(name);
    return c.json({ ...removed, removed: true } as never, 200);
  });
}
