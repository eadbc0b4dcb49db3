import { expect, it } from 'vitest';
import { createMeshServer } from '../../src/server/create-mesh-server.ts';
import { openExampleMesh } from '../support/example-mesh.ts';

type Json = Record<string, unknown>;

it('documents every route with its problem responses, strict request bodies and bearer security', async () => {
  const em = await openExampleMesh({ ingest: false });
  try {
    const { app } = createMeshServer({ mesh: em.mesh });
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, Json>>;
      components: { schemas: Record<string, Json>; securitySchemes: Json };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(40);
    for (const { path, method, op } of operations) {
      const responses = op.responses as Record<string, Json>;
      if (['/healthz', '/readyz'].includes(path)) continue;
      for (const status of ['400', '401', '403', '404', '409', '413', '422', '429', '503']) {
        expect(responses[status], `${method} ${path} ${status}`).toHaveProperty([
          'content',
          'application/problem+json',
        ]);
      }
    }
    // Strict zod objects become closed JSON schemas, so the document tells clients unknown fields are refused.
    expect(doc.components.schemas.CreateProduct?.additionalProperties).toBe(false);
    expect(doc.components.schemas.UpdateRows?.additionalProperties).toBe(false);
    const rows = doc.paths['/products/{id}/rows'] as Record<string, Json>;
    expect(Object.keys(rows).sort()).toEqual(['delete', 'get', 'patch', 'post']);
    const post = rows.post as { requestBody: { content: Json } };
    expect(Object.keys(post.requestBody.content)).toEqual(['application/json', 'application/x-ndjson']);
  } finally {
    await em.cleanup();
  }
});
