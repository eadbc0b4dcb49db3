import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

interface Page {
  rows: Record<string, unknown>[];
  count: number;
  nextCursor: string | null;
}

function sale(i: number, amount = 10 + (i % 90)): Record<string, unknown> {
  return {
    transaction_id: `B${String(i).padStart(6, '0')}`,
    product_id: `P${i % 50}`,
    customer_id: `C${i % 700}`,
    amount,
    date: '2025-09-01',
    product_category: i % 2 === 0 ? 'Books' : 'Garden',
    region: i % 3 === 0 ? 'Europe' : 'Asia',
  };
}

describe('rows over HTTP', () => {
  let s: ServedMesh;
  beforeAll(async () => {
    s = await serveGovernedMesh();
    await s.gm.sales.ingest(Array.from({ length: 10_000 }, (_, i) => sale(i)));
  });
  afterAll(async () => {
    await s.close();
  });

  it('pages through 10,006 rows with cursors, each row once', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/products/sales.transactions/rows?limit=1000${cursor === null ? '' : `&cursor=${cursor}`}`;
      const res = await s.call(query, { as: 'alice' });
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      expect(page.count).toBe(page.rows.length);
      for (const r of page.rows) seen.add(String(r.transaction_id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 50);
    expect(seen.size).toBe(10_006);
    expect(pages).toBeGreaterThanOrEqual(11);
  });

  it('pages a filtered, ordered, column-limited query, and refuses its cursor for another filter', async () => {
    const first = (await (
      await s.call(
        '/products/sales.transactions/rows?region=Europe&columns=transaction_id,amount&order=amount%20desc&limit=500',
      )
    ).json()) as Page;
    expect(first.rows).toHaveLength(500);
    expect(Object.keys(first.rows[0] ?? {})).toEqual(['transaction_id', 'amount']);
    const amounts = first.rows.map((r) => Number(r.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(first.nextCursor).not.toBeNull();
    const next = await s.call(
      `/products/sales.transactions/rows?region=Europe&columns=transaction_id,amount&order=amount%20desc&limit=500&cursor=${first.nextCursor}`,
    );
    const second = (await next.json()) as Page;
    const firstIds = new Set(first.rows.map((r) => r.transaction_id));
    expect(second.rows.some((r) => firstIds.has(r.transaction_id))).toBe(false);
    const other = await s.call(
      `/products/sales.transactions/rows?region=Asia&columns=transaction_id,amount&order=amount%20desc&limit=500&cursor=${first.nextCursor}`,
    );
    expect(other.status).toBe(400);
    expect(((await other.json()) as { detail: string }).detail).toContain('another query');
  });

  it('ingests a JSON array and reports the rejected records with their reasons', async () => {
    const res = await s.call('/products/sales.transactions/rows', {
      as: 'alice',
      method: 'POST',
      body: JSON.stringify([sale(900_001), sale(900_002, -3)]),
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as {
      accepted: number;
      rejectedCount: number;
      rejected: { index: number }[];
    };
    expect(result.accepted).toBe(1);
    expect(result.rejectedCount).toBe(1);
    expect(result.rejected[0]?.index).toBe(1);
  });

  it('ingests 100,000 streamed NDJSON rows and reports the rejects with their lines', async () => {
    const total = 100_000;
    const encoder = new TextEncoder();
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= total) {
          controller.close();
          return;
        }
        const lines: string[] = [];
        for (let n = 0; n < 5000 && i < total; n++, i++) {
          if (i === 777) lines.push('{"transaction_id": "broken",');
          else lines.push(JSON.stringify(sale(200_000 + i, i % 1000 === 999 ? -1 : 5)));
        }
        controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      },
    });
    const res = await fetch(`${s.url}/products/sales.transactions/rows`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${s.tokens.alice}`, 'content-type': 'application/x-ndjson' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    const result = (await res.json()) as {
      total: number;
      accepted: number;
      rejectedCount: number;
      batches: number;
      rejected: { index: number; line: number; issues: { code: string; message: string }[] }[];
    };
    expect(result.total).toBe(total);
    // The server's default batch of 10,000 valid records, so that reads interleave with a large ingest.
    expect(result.batches).toBe(Math.ceil((total - 101) / 10_000));
    expect(result.rejectedCount).toBe(101);
    expect(result.accepted).toBe(total - 101);
    const broken = result.rejected.find((r) => r.line === 778);
    expect(broken?.issues[0]?.code).toBe('malformed_json');
    const negative = result.rejected.find((r) => r.line === 1000);
    expect(negative?.issues.some((x) => x.message.includes('amount'))).toBe(true);
    const count = await s.gm.sales.count("transaction_id >= 'B200000' and transaction_id < 'B300000'");
    expect(count).toBe(total - 101);
  });

  it('changes and removes rows only with a filter', async () => {
    const patched = await s.call('/products/sales.transactions/rows', {
      as: 'alice',
      method: 'PATCH',
      body: JSON.stringify({ filter: { transaction_id: 'B000001' }, changes: { region: 'Oceania' } }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ updated: 1 });
    const unfiltered = await s.call('/products/sales.transactions/rows', { as: 'alice', method: 'DELETE' });
    expect(unfiltered.status).toBe(400);
    expect(((await unfiltered.json()) as { issues: { path: string[] }[] }).issues[0]?.path).toEqual([
      'query',
      'filter',
    ]);
    const removed = await s.call(
      `/products/sales.transactions/rows?filter=${encodeURIComponent("region = 'Oceania'")}`,
      {
        as: 'alice',
        method: 'DELETE',
      },
    );
    expect(await removed.json()).toEqual({ removed: 1 });
    expect(await s.gm.sales.count({ transaction_id: 'B000001' })).toBe(0);
  });

  it('exports CSV, NDJSON and Parquet, streamed as files', async () => {
    const filter = encodeURIComponent("transaction_id >= 'B000010' and transaction_id < 'B000020'");
    const csv = await s.call(
      `/products/sales.transactions/export?format=csv&filter=${filter}&order=transaction_id`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toContain('transaction_id');
    expect(lines).toHaveLength(11);
    const nd = await s.call(`/products/sales.transactions/export?format=ndjson&filter=${filter}`);
    const records = (await nd.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { transaction_id: string });
    expect(records).toHaveLength(10);
    const pq = await s.call(`/products/sales.transactions/export?format=parquet&filter=${filter}`);
    const bytes = Buffer.from(await pq.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(pq.headers.get('content-disposition')).toContain('sales.transactions.parquet');
  });
});
