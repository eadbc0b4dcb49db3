/**
 * Three `meshwork serve` replicas on one PostgreSQL database (DESIGN.md, "Beyond one machine"): concurrent ingests
 * with overlapping keys, updates and reads through all three; every accepted row stored once, every rejected record
 * reported with its reason, the audit chain intact and every event delivered once to a webhook.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFreshPostgresDatabases, freshPostgresDatabase } from '../support/postgres-cluster.ts';
import { ROOT, runCli } from '../support/run-cli.ts';
import { type ServedCli, serveCli } from '../support/serve-cli.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const PRODUCT = 'sales.transactions';
const REPLICAS = 3;
/** Ingest requests sent at once, spread over the replicas. */
const REQUESTS = 12;
const PER_REQUEST = 100;
/** Each request's keys start this far after the previous one's: 40 keys of each request are in the next one too. */
const STRIDE = 60;

type Json = Record<string, unknown>;

interface IngestAnswer {
  readonly total: number;
  readonly accepted: number;
  readonly rejectedCount: number;
  readonly rejected: { index: number; issues: { code: string; message: string }[] }[];
}

function sale(key: string, amount: number | string): Json {
  return {
    transaction_id: key,
    product_id: 'PROD123',
    customer_id: 'CUST456',
    amount,
    date: '2025-10-01',
    product_category: 'Electronics',
    region: 'Europe',
  };
}

/** The records of ingest request `r`: its window of keys, and one record whose amount is not a number. */
function requestRecords(r: number): Json[] {
  const records = Array.from({ length: PER_REQUEST }, (_, i) =>
    sale(`T${String(r * STRIDE + i).padStart(5, '0')}`, i + 0.5),
  );
  records.splice(PER_REQUEST / 2, 0, sale(`BAD${r}`, 'not a number'));
  return records;
}

describe('three meshwork serve replicas on one PostgreSQL database', () => {
  let store: string;
  const replicas: ServedCli[] = [];
  let token = '';
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    store = await freshPostgresDatabase();
    const created = await runCli(['create', join(ROOT, 'examples/sales/product.yaml'), '--store', store]);
    expect(created.stderr).toBe('');
    receiver = await startWebhookReceiver({ status: 204 });
    // The first replica sets the server up and prints the admin token once; the others find it done.
    const args = ['--port', '0', '--store', store, '--webhook-allow-private'];
    replicas.push(await serveCli(args));
    token = replicas[0]?.adminToken ?? '';
    expect(token).toMatch(/^mwt_/);
    replicas.push(...(await Promise.all(Array.from({ length: REPLICAS - 1 }, () => serveCli(args)))));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await receiver.close();
    await dropFreshPostgresDatabases();
  });

  const call = async (replica: number, path: string, init: RequestInit = {}, status = 200): Promise<Json> => {
    const served = replicas[replica];
    if (served === undefined) throw new Error(`no replica ${replica}`);
    const res = await fetch(`${served.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
    const text = await res.text();
    expect(res.status, `${path} on replica ${replica}: ${text}`).toBe(status);
    return JSON.parse(text) as Json;
  };

  /** Every stored key, read through one replica with cursor paging. */
  const storedKeys = async (replica: number): Promise<string[]> => {
    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(
        replica,
        `/products/${PRODUCT}/rows?columns=transaction_id&order=transaction_id&limit=250${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      )) as { rows: { transaction_id: string }[]; nextCursor: string | null };
      keys.push(...page.rows.map((r) => r.transaction_id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return keys;
  };

  it('stores every accepted row once, reports every rejected one, updates and reads alike through all three, and delivers each event once', async () => {
    const hook = (await call(
      0,
      '/webhooks',
      {
        method: 'POST',
        body: JSON.stringify({ url: receiver.url, product: PRODUCT }),
      },
      201,
    )) as { webhook: { id: string; after: number } };
    expect(hook.webhook.id).toBeTruthy();

    // Twelve ingests at once, four per replica; neighbouring requests share 40 keys.
    const sent = Array.from({ length: REQUESTS }, (_, r) => requestRecords(r));
    const answers = (await Promise.all(
      sent.map((records, r) =>
        call(r % REPLICAS, `/products/${PRODUCT}/rows?batchSize=25`, {
          method: 'POST',
          body: JSON.stringify(records),
        }),
      ),
    )) as unknown as IngestAnswer[];

    const accepted = new Map<string, number>();
    const duplicates = new Set<string>();
    answers.forEach((answer, r) => {
      const records = sent[r] ?? [];
      expect(answer.total).toBe(records.length);
      expect(answer.accepted + answer.rejectedCount).toBe(records.length);
      expect(answer.rejected).toHaveLength(answer.rejectedCount);
      const rejectedAt = new Set(answer.rejected.map((x) => x.index));
      for (const x of answer.rejected) {
        const key = String(records[x.index]?.transaction_id);
        const codes = x.issues.map((i) => i.code);
        if (key.startsWith('BAD')) {
          expect(x.issues.map((i) => i.message).join(' '), key).toMatch(/amount/);
        } else {
          // A good record is refused only because another request stored its key first.
          expect(codes, key).toEqual(['duplicate_key']);
          duplicates.add(key);
        }
      }
      records.forEach((record, i) => {
        if (rejectedAt.has(i)) return;
        const key = String(record.transaction_id);
        accepted.set(key, (accepted.get(key) ?? 0) + 1);
      });
    });
    // Every bad record was rejected, every key accepted by exactly one request, every duplicate stored by another.
    expect([...accepted.keys()].filter((k) => k.startsWith('BAD'))).toEqual([]);
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    const unique = (REQUESTS - 1) * STRIDE + PER_REQUEST;
    expect(accepted.size).toBe(unique);
    expect(duplicates.size).toBe((REQUESTS - 1) * (PER_REQUEST - STRIDE));
    for (const key of duplicates) expect(accepted.has(key), key).toBe(true);
    expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(unique);

    // Each replica reads the same rows: exactly the accepted keys.
    const expectedKeys = [...accepted.keys()].sort();
    for (let replica = 0; replica < REPLICAS; replica++)
      expect(await storedKeys(replica), `replica ${replica}`).toEqual(expectedKeys);

    // Updates through all three at once, each on its own rows; every replica then reads all of them.
    const regions = ['Asia', 'North America', 'South America'];
    const updated = (await Promise.all(
      regions.map((region, replica) =>
        call(replica, `/products/${PRODUCT}/rows`, {
          method: 'PATCH',
          body: JSON.stringify({
            filter: `transaction_id >= 'T${String(replica * 200).padStart(5, '0')}' and transaction_id < 'T${String((replica + 1) * 200).padStart(5, '0')}'`,
            changes: { region },
          }),
        }),
      ),
    )) as { updated: number }[];
    expect(updated.map((u) => u.updated)).toEqual([200, 200, 200]);
    for (let replica = 0; replica < REPLICAS; replica++) {
      for (const region of [...regions, 'Europe']) {
        const page = (await call(
          replica,
          `/products/${PRODUCT}/rows?columns=transaction_id&region=${encodeURIComponent(region)}&limit=1000`,
        )) as { count: number };
        expect(page.count, `${region} on replica ${replica}`).toBe(region === 'Europe' ? unique - 600 : 200);
      }
    }

    // The chain the three extended together verifies.
    expect(await call(1, '/audit/verify')).toMatchObject({ ok: true });

    // Every event of the product reaches the webhook once, whichever replica's dispatcher sent it.
    // (those after the webhook's registration: its cursor starts at the outbox's end then).
    const events = (await call(2, `/events?product=${PRODUCT}&after=${hook.webhook.after}&limit=1000`)) as {
      events: { id: string }[];
    };
    // Twelve ingests wrote at least one event each, and the three updates one each.
    expect(events.events.length).toBeGreaterThanOrEqual(REQUESTS + regions.length);
    const want = new Set(events.events.map((e) => e.id));
    const deadline = Date.now() + 60_000;
    while (receiver.got.length < want.size && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    // A few more dispatcher passes on every replica: nothing may come twice.
    await new Promise((r) => setTimeout(r, 3000));
    const ids = receiver.got.map((r) => String(r.headers['webhook-id']));
    expect(new Set(ids)).toEqual(want);
    expect(ids).toHaveLength(want.size);
  });
});
