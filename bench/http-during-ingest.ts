/**
 * Read latency through HTTP while a large ingest runs (issue #21, "Load"): `meshwork serve` on a store with 100,000
 * customer profiles; a few reader loops (a consumer without a PII grant, so authentication, policies, masking and the
 * audit record all run) send filtered 10-row reads one after another, first alone, then while a client streams an
 * NDJSON ingest of 1M generated sales into `sales.transactions` over HTTP. Prints p50/p99/max of the reads in both
 * phases, the ingest's time and rate, and the load average, as Markdown for RELIABILITY.md.
 * Usage: node --import tsx bench/http-during-ingest.ts [-- --records 1000000 --readers 4 --baseline 10 --batch-size 10000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Mesh } from '../src/product/mesh.ts';
import { generateSales } from './generate-sales.ts';
import { setUpHttpStore } from './http-store.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const RECORDS = option('records', 1_000_000);
const READERS = option('readers', 4);
const BASELINE_SECONDS = option('baseline', 10);
const BATCH_SIZE = option('batch-size', 0);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const READ_PATH = '/products/customer.profiles/rows?tier=gold&filter=lifetime_value%20%3E%20100&limit=10';

function start(store: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'test/support/meshwork-from-source.js'),
        'serve',
        '--store',
        store,
        '--port',
        '0',
        '--rate-limit',
        '10000000',
        '--log-level',
        'warn',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let said = '';
    const listen = (data: Buffer): void => {
      said += data.toString();
      const m = /serving .* at (http:\/\/\S+) /.exec(said);
      if (m?.[1]) resolve({ child, url: m[1] });
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${said}`)));
  });
}

/** Reads one after another on `READERS` loops until `stop()` says so; returns every latency in ms. */
async function readLoops(url: string, token: string, stop: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  let failures = 0;
  await Promise.all(
    Array.from({ length: READERS }, async () => {
      while (!stop()) {
        const started = performance.now();
        const res = await fetch(`${url}${READ_PATH}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        if (res.status !== 200) failures += 1;
      }
    }),
  );
  if (failures > 0) throw new Error(`${failures} reads failed`);
  return latencies;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function summary(latencies: readonly number[]): string {
  const s = [...latencies].sort((a, b) => a - b);
  return `${s.length} | ${quantile(s, 0.5).toFixed(1)} ms | ${quantile(s, 0.99).toFixed(1)} ms | ${(s.at(-1) ?? 0).toFixed(1)} ms`;
}

function ndjson(count: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const sales = generateSales(count);
  return Readable.toWeb(
    Readable.from(
      (function* () {
        let chunk = '';
        for (const sale of sales) {
          chunk += `${JSON.stringify(sale)}\n`;
          if (chunk.length > 256 * 1024) {
            yield encoder.encode(chunk);
            chunk = '';
          }
        }
        if (chunk !== '') yield encoder.encode(chunk);
      })(),
    ),
  ) as ReadableStream<Uint8Array>;
}

const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-during-'));
let server: ChildProcess | undefined;
try {
  const store = join(dir, 'mesh.duckdb');
  const readerToken = await setUpHttpStore(store, 100_000);
  const mesh = await Mesh.open({ store });
  let writerToken: string;
  try {
    await mesh.createProduct(
      parse(readFileSync(join(ROOT, 'examples/sales/product.yaml'), 'utf8')) as unknown,
    );
    writerToken = (await mesh.governance.createToken({ principal: 'admin', name: 'bench-writer' })).token;
  } finally {
    await mesh.close();
  }
  const started = await start(store);
  server = started.child;
  const url = started.url;

  // Phase 1: reads alone.
  await readLoops(
    url,
    readerToken,
    (() => {
      const until = Date.now() + 2_000;
      return () => Date.now() > until;
    })(),
  );
  const baselineUntil = Date.now() + BASELINE_SECONDS * 1000;
  const alone = await readLoops(url, readerToken, () => Date.now() > baselineUntil);

  // Phase 2: the same reads while 1M records stream in.
  let ingesting = true;
  const ingestStarted = performance.now();
  const ingest = fetch(
    `${url}/products/sales.transactions/rows${BATCH_SIZE > 0 ? `?batchSize=${BATCH_SIZE}` : ''}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${writerToken}`, 'content-type': 'application/x-ndjson' },
      body: ndjson(RECORDS),
      duplex: 'half',
    } as RequestInit,
  ).then(async (res) => {
    const body = (await res.json()) as { accepted?: number };
    ingesting = false;
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`ingest: ${res.status} ${JSON.stringify(body)}`);
    return { seconds: (performance.now() - ingestStarted) / 1000, inserted: body.accepted ?? Number.NaN };
  });
  const during = await readLoops(url, readerToken, () => !ingesting);
  const done = await ingest;

  const out = process.stdout;
  out.write(
    `Reads through HTTP during an ingest, ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  out.write(
    `${READERS} reader loops, GET ${READ_PATH} as a consumer without a PII grant (100,000 profiles); ingest: ${RECORDS} sales as streamed NDJSON in one POST${BATCH_SIZE > 0 ? `, batchSize=${BATCH_SIZE}` : ' (default batch size)'}\n\n`,
  );
  out.write('| phase | reads | p50 | p99 | max |\n|---|---:|---:|---:|---:|\n');
  out.write(`| reads alone (${BASELINE_SECONDS} s) | ${summary(alone)} |\n`);
  out.write(
    `| during the ingest (${done.seconds.toFixed(1)} s, ${done.inserted} rows inserted, ${(done.inserted / done.seconds).toFixed(0)} rows/s) | ${summary(during)} |\n`,
  );
} finally {
  server?.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  rmSync(dir, { recursive: true, force: true });
}
