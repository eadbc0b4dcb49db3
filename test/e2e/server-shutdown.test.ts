import { expect, it } from 'vitest';
import { serveGovernedMesh } from '../support/http-server.ts';

it('finishes a request under way when the server closes, and refuses new connections', async () => {
  const s = await serveGovernedMesh();
  try {
    const encoder = new TextEncoder();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sent = 0;
    // An NDJSON upload that pauses half way until the server has been asked to close.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 1) await gate;
        if (sent === 2) {
          controller.close();
          return;
        }
        const id = `S${sent}`;
        const row = {
          transaction_id: id,
          product_id: 'P',
          customer_id: 'C',
          amount: 1,
          date: '2025-10-01',
          product_category: 'Books',
          region: 'Asia',
        };
        controller.enqueue(encoder.encode(`${JSON.stringify(row)}\n`));
        sent += 1;
      },
    });
    const upload = fetch(`${s.url}/products/sales.transactions/rows`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${s.tokens.alice}`, 'content-type': 'application/x-ndjson' },
      duplex: 'half',
    } as RequestInit);
    await new Promise((r) => setTimeout(r, 200));
    const closed = s.server.close(5000);
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
    release();
    const res = await upload;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(2);
    await closed;
    expect(await s.gm.sales.count("transaction_id in ('S0', 'S1')")).toBe(2);
  } finally {
    await s.close();
  }
});
