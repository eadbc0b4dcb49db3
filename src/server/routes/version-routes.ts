import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { readProductFolder } from '../../contract/product-folder.ts';
import { MeshError } from '../../core/errors.ts';
import type { RouteDeps, ServerEnv } from '../server-env.ts';
import { ERROR_RESPONSES, JsonObject, jsonContent, ProductIdParams } from './common-schemas.ts';

const PublishBody = z
  .strictObject({
    spec: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'A Meshwork product spec (as product.yaml holds)' }),
    documents: z
      .array(z.strictObject({ name: z.string().min(1), text: z.string().min(1) }))
      .min(1)
      .optional()
      .openapi({
        description: 'ODPS product and ODCS contract documents (YAML or JSON text), stored with the version',
      }),
    empty: z.boolean().optional().openapi({
      description: 'a new storage generation starts empty instead of carrying the previous rows over',
    }),
    rejectLimit: z.number().int().min(0).optional().openapi({
      description: 'most carry-over rejects listed in the answer (all are counted); default 1000',
    }),
  })
  .openapi('PublishVersion');

const tags = ['products'];
const publishVersion = createRoute({
  method: 'post',
  path: '/products/{id}/versions',
  tags,
  summary:
    'Publish a spec as the product’s current version: create it, or upgrade it after the breaking-change check (migrating storage), or leave an unchanged version as it is',
  request: {
    params: ProductIdParams,
    body: { required: true, content: { 'application/json': { schema: PublishBody } } },
  },
  responses: {
    200: jsonContent(
      JsonObject,
      'What publishing did: action, previous version, changes, lifecycle, storage',
    ),
    ...ERROR_RESPONSES,
  },
});

/** Adds POST /products/{id}/versions: publish a spec as the product's current version, as `meshwork publish <dir>`. */
export function registerVersionRoutes(app: OpenAPIHono<ServerEnv>, _deps: RouteDeps): void {
  app.openapi(publishVersion, async (c) => {
    const body = c.req.valid('json');
    const { id } = c.req.valid('param');
    if ((body.spec === undefined) === (body.documents === undefined)) {
      throw new MeshError(
        'invalid_input',
        'send either spec (a Meshwork product spec) or documents (ODPS and ODCS texts), not both and not neither',
      );
    }
    const options = {
      ...(body.empty === undefined ? {} : { empty: body.empty }),
      ...(body.rejectLimit === undefined ? {} : { rejectLimit: body.rejectLimit }),
    };
    const folder =
      body.documents === undefined
        ? undefined
        : readProductFolder(body.documents.map((d) => ({ path: d.name, text: d.text })));
    const spec = folder?.spec ?? body.spec;
    const specId = (spec as { id?: unknown } | undefined)?.id;
    if (specId !== id) {
      throw new MeshError(
        'invalid_input',
        `the spec sent to /products/${id}/versions describes ${String(specId)}; send it to /products/${String(specId)}/versions`,
      );
    }
    const outcome = await c
      .get('mesh')
      .publishSpec(spec, folder === undefined ? options : { ...options, documents: folder.documents });
    return c.json(outcome as never, 200);
  });
}
