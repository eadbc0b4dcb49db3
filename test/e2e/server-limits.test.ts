import { expect, it } from 'vitest';
import { createMeshServer } from '../../src/server/create-mesh-server.ts';
import { openGovernedMesh } from '../support/governed-mesh.ts';
import { serveGovernedMesh } from '../support/http-server.ts';

it('refuses a streamed NDJSON body over the ingest limit with 413', async () => {
  const s = await serveGovernedMesh({ limits: { maxIngestBytes: 64 * 1024 } });
  try {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({
        transaction_id: `L${i}`,
        product_id: 'P',
        customer_id: 'C',
        amount: 1,
        date: '2025-10-01',
        product_category: 'Books',
        region: 'Asia',
      }),
    );
    const res = await s.call('/products/sales.transactions/rows', {
      as: 'alice',
      method: 'POST',
      body: `${lines.join('\n')}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('payload_too_large');
    expect(body.detail).toContain(String(64 * 1024));

    // Without a Content-Length (chunked), the limit is counted while the stream is read.
    const encoder = new TextEncoder();
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= 4) return controller.close();
        controller.enqueue(encoder.encode(`${lines.slice(i * 500, (i + 1) * 500).join('\n')}\n`));
        i += 1;
      },
    });
    const chunked = await fetch(`${s.url}/products/sales.transactions/rows`, {
      method: 'POST',
      body: stream,
      headers: { authorization: `Bearer ${s.tokens.alice}`, 'content-type': 'application/x-ndjson' },
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { code: string }).code).toBe('payload_too_large');
  } finally {
    await s.close();
  }
});

it('answers /readyz with 503 once the store cannot be read', async () => {
  const gm = await openGovernedMesh({ ingest: false, publish: false });
  const { app } = createMeshServer({ mesh: gm.mesh });
  expect((await app.request('/readyz')).status).toBe(200);
  await gm.mesh.close();
  const res = await app.request('/readyz');
  expect(res.status).toBe(503);
  expect(((await res.json()) as { code: string }).code).toBe('storage_unavailable');
  gm.dir.remove();
});
