import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../../../test/support/example-mesh.ts';
import { type ServedMesh, serveGovernedMesh } from '../../../test/support/http-server.ts';
import { openRemoteMesh } from './open-remote-mesh.ts';

describe('a product through a server: ingesting a file read on the client', () => {
  let s: ServedMesh;
  let dir: TempDir;
  beforeAll(async () => {
    s = await serveGovernedMesh();
    dir = createTempDir();
  });
  afterAll(async () => {
    await s.close();
    dir.remove();
  });

  it('stops sending when its signal is aborted: the server stores what it got and the result says interrupted', async () => {
    const records = 50_000;
    const lines: string[] = [];
    for (let i = 0; i < records; i += 1)
      lines.push(
        `{"transaction_id":"R${i}","product_id":"P","customer_id":"C","amount":5,"date":"2025-09-01","product_category":"x","region":"Asia"}`,
      );
    const file = dir.file('many.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const mesh = openRemoteMesh({ url: s.url, token: s.tokens.alice, command: 'meshwork ingest' });
    const product = await mesh.product('sales.transactions');
    const stop = new AbortController();
    // Ctrl-C as soon as the first block of records has been read and sent.
    const result = await product.ingestFile(file, { signal: stop.signal, onProgress: () => stop.abort() });
    expect(result.interrupted).toBe(true);
    expect(result.accepted).toBeGreaterThan(0);
    expect(result.accepted).toBeLessThan(records);
    expect(result.total).toBe(result.accepted);
    expect(
      (await s.gm.sales.query("transaction_id like 'R%'", { columns: ['transaction_id'], limit: records }))
        .rows,
    ).toHaveLength(result.accepted);

    const resumed = await product.ingestFile(file, { onExisting: 'skip' });
    expect(resumed).toMatchObject({
      interrupted: false,
      total: records,
      skipped: result.accepted,
      accepted: records - result.accepted,
    });
  });

  it('reads a CSV file typed by the contract, rejecting as a local store does and handing each reject over', async () => {
    const file = dir.file('sales.csv');
    writeFileSync(
      file,
      'transaction_id,product_id,customer_id,amount,date,product_category,region\nC1,P,C,12.5,2025-09-01,x,Asia\nC2,P,C,-1,2025-09-01,x,Asia\n',
    );
    const mesh = openRemoteMesh({ url: s.url, token: s.tokens.alice, command: 'meshwork ingest' });
    const product = await mesh.product('sales.transactions');
    const rejected: unknown[] = [];
    const result = await product.ingestFile(file, {
      onRejected: (r, record) => rejected.push([r.index, record]),
    });
    expect(result).toMatchObject({ accepted: 1, rejectedCount: 1 });
    const local = await s.gm.alice
      .product('sales.transactions')
      .then((p) => p.ingestFile(file, { onExisting: 'skip' }));
    expect(result.rejected).toEqual(local.rejected);
    expect(rejected).toEqual([[1, expect.objectContaining({ transaction_id: 'C2', amount: -1 })]]);
  });
});
