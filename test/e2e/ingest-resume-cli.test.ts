import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine } from '../../src/engine/duckdb/index.ts';
import { Mesh } from '../../src/product/mesh.ts';
import { createTempDir, exampleSpec, type TempDir } from '../support/example-mesh.ts';
import { runCli } from '../support/run-cli.ts';

const BIN = fileURLToPath(new URL('../../bin/meshwork.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECORDS = 300_000;
const BATCH = 2_000;

let dir: TempDir;

function sale(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transaction_id: `K${i}`,
    product_id: `P${i % 97}`,
    customer_id: `C${i % 1013}`,
    amount: (i % 500) + 1,
    date: '2025-10-01',
    product_category: 'Books',
    region: 'Europe',
    ...extra,
  };
}

async function writeRecords(path: string): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (let i = 0; i < RECORDS; i++) {
    if (!out.write(`${JSON.stringify(sale(i))}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

async function newStore(name: string, spec = exampleSpec('sales')): Promise<string> {
  const store = dir.file(name);
  const mesh = await Mesh.open({ store });
  await mesh.createProduct(spec);
  await mesh.close();
  return store;
}

/**
 * Runs `meshwork ingest` on a terminal (so that it draws its progress bar) and sends its node process SIGINT once
 * the bar counts `after` records committed.
 */
function ingestAndInterrupt(
  store: string,
  file: string,
  after: number,
): Promise<{ output: string; code: number | null; interrupted: boolean }> {
  const command = ['exec', process.execPath, BIN, 'ingest', 'sales.transactions', file, '--store', store]
    .concat(['--batch-size', String(BATCH)])
    .map((w, i) => (i === 0 ? w : `'${w}'`))
    .join(' ');
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
    delete env.MESHWORK_STORE;
    const script: ChildProcess = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let interrupted = false;
    script.stdout?.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      const committed = [...output.matchAll(/\| (\d+) committed in/g)].map((m) => Number(m[1]));
      if (!interrupted && committed.some((n) => n >= after)) {
        interrupted = true;
        // Never signal anything but the CLI's own process (a pid of 0 would be this process group).
        let pid = 0;
        try {
          pid = Number(
            execFileSync('pgrep', ['-P', String(script.pid)], { encoding: 'utf8' })
              .trim()
              .split('\n')[0],
          );
        } catch {
          // The CLI has ended already: the assertions on its output say so.
        }
        try {
          if (Number.isSafeInteger(pid) && pid > 1) process.kill(pid, 'SIGINT');
        } catch {
          // Ended between the look-up and the signal: the assertions on its output say so.
        }
      }
    });
    script.on('error', reject);
    script.on('close', (code) => resolve({ output, code, interrupted }));
  });
}

beforeAll(() => {
  dir = createTempDir('meshwork-resume-');
});

afterAll(() => {
  dir.remove();
});

describe('ingest interrupted with Ctrl-C and resumed with --on-existing skip (issue 15, item 4)', () => {
  it('says what was committed and how to resume, exits 130, and the resume stores every record exactly once', async () => {
    const store = await newStore('sigint.duckdb');
    const file = dir.file('sales.ndjson');
    await writeRecords(file);

    const run = await ingestAndInterrupt(store, file, 10_000);
    expect(run.interrupted).toBe(true);
    expect(run.code).toBe(130);
    const said = /interrupted: (\d+) record\(s\) committed in (\d+) batch\(es\) to sales\.transactions/.exec(
      run.output,
    );
    expect(said).not.toBeNull();
    const committed = Number(said?.[1]);
    const batches = Number(said?.[2]);
    expect(committed).toBeGreaterThanOrEqual(10_000);
    expect(committed).toBeLessThan(RECORDS);
    expect(committed).toBe(batches * BATCH);
    expect(run.output).toContain(
      `to resume, run: meshwork ingest sales.transactions ${file} --on-existing skip --store ${store}`,
    );

    let mesh = await Mesh.open({ store });
    try {
      const sales = await mesh.product('sales.transactions');
      expect(await sales.count()).toBe(committed);
      const [stopped] = (await sales.metrics()).interruptedIngests;
      expect(stopped).toMatchObject({ state: 'interrupted', rowsCommitted: committed, batches });
    } finally {
      await mesh.close();
    }

    // Without --on-existing, resending the file rejects every stored key …
    // … so resume as told: the stored keys are skipped, not rejected, and the rest is stored.
    const resumed = await runCli([
      'ingest',
      'sales.transactions',
      file,
      '--on-existing',
      'skip',
      '--store',
      store,
      '--json',
    ]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      total: RECORDS,
      accepted: RECORDS - committed,
      skipped: committed,
      rejectedCount: 0,
      interrupted: false,
    });

    mesh = await Mesh.open({ store });
    try {
      const sales = await mesh.product('sales.transactions');
      expect(await sales.count()).toBe(RECORDS);
      // The key is the primary key, so RECORDS rows are the RECORDS records of the file, each once; and the
      // records on both sides of the interruption are there.
      expect(await sales.count({ transaction_id: `K${committed - 1}` })).toBe(1);
      expect(await sales.count({ transaction_id: `K${committed}` })).toBe(1);
      expect(await mesh.governance.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      await mesh.close();
    }
  }, 300_000);
});

describe('ingest --on-existing (issue 15, item 4)', () => {
  it('rejects stored keys by default, skips them with skip and replaces them with update', async () => {
    const store = await newStore('modes.duckdb');
    const first = dir.file('first.json');
    const second = dir.file('second.json');
    writeFileSync(first, JSON.stringify([0, 1, 2].map((i) => sale(i))));
    // Keys 1 and 2 again with new amounts, and a new key 3.
    writeFileSync(second, JSON.stringify([1, 2, 3].map((i) => sale(i, { amount: 900 + i }))));
    expect((await runCli(['ingest', 'sales.transactions', first, '--store', store])).code).toBe(0);

    const rejected = await runCli(['ingest', 'sales.transactions', second, '--store', store]);
    expect(rejected.code).toBe(5);
    expect(rejected.stdout).toMatch(/1 accepted, 2 rejected of 3 record\(s\)/);
    expect(rejected.stdout).toMatch(/--on-existing skip/);

    writeFileSync(second, JSON.stringify([1, 2, 4].map((i) => sale(i, { amount: 900 + i }))));
    const skipped = await runCli(['ingest', 'sales.transactions', second, '--store', store]);
    expect(skipped.code).toBe(5);
    const skip = await runCli([
      'ingest',
      'sales.transactions',
      second,
      '--store',
      store,
      '--on-existing',
      'skip',
    ]);
    // Key 4 was stored by the run before (which rejected only 1 and 2), so all three are stored keys now.
    expect(skip.code).toBe(0);
    expect(skip.stdout).toMatch(/0 accepted, 0 rejected of 3 record\(s\); 3 skipped \(key already stored\)/);

    const update = await runCli([
      'ingest',
      'sales.transactions',
      second,
      '--store',
      store,
      '--on-existing',
      'update',
      '--batch-size',
      '1',
    ]);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(
      /3 accepted, 0 rejected of 3 record\(s\); 3 of the accepted replaced a stored record/,
    );

    const help = await runCli(['ingest', '--help']);
    expect(help.stdout).toMatch(/--on-existing <mode>/);
    expect(help.stdout).toMatch(/"reject", "skip", "update"/);
    expect(help.stdout).toMatch(/exits with\s+130/);

    const mesh = await Mesh.open({ store });
    try {
      const sales = await mesh.product('sales.transactions');
      const { rows } = await sales.query(undefined, { orderBy: 'transaction_id' });
      expect(rows.map((r) => [r.transaction_id, r.amount])).toEqual([
        ['K0', 1],
        ['K1', 901],
        ['K2', 902],
        ['K3', 903],
        ['K4', 904],
      ]);
      expect(await mesh.governance.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      await mesh.close();
    }
  }, 120_000);

  it('with the SDK, updates a key stored by an earlier batch of the same ingest (batches are not overlapped)', async () => {
    const store = await newStore('sdk-update.duckdb');
    const mesh = await Mesh.open({ store });
    try {
      const sales = await mesh.product('sales.transactions');
      const records = [sale(1), sale(2), sale(3), sale(1, { amount: 77 }), sale(4), sale(2, { amount: 88 })];
      const result = await sales.ingest(records, { onExisting: 'update', batchSize: 2 });
      expect(result).toMatchObject({
        total: 6,
        accepted: 6,
        updated: 2,
        skipped: 0,
        rejectedCount: 0,
        batches: 3,
      });
      const { rows } = await sales.query(undefined, { orderBy: 'transaction_id' });
      expect(rows.map((r) => [r.transaction_id, r.amount])).toEqual([
        ['K1', 77],
        ['K2', 88],
        ['K3', 4],
        ['K4', 5],
      ]);
      const skip = await sales.ingest([sale(1), sale(9)], { onExisting: 'skip' });
      expect(skip).toMatchObject({ accepted: 1, skipped: 1, rejectedCount: 0, rejected: [] });
      const reject = await sales.ingest([sale(1)]);
      expect(reject.rejected[0]?.issues[0]?.code).toBe('duplicate_key');
      expect((await sales.accessLog({ operation: 'ingest_batch', limit: 100 })).length).toBe(5);
    } finally {
      await mesh.close();
    }
  }, 60_000);

  it('stops at once with an SDK signal aborted before the first batch, storing nothing, and says interrupted', async () => {
    const store = await newStore('sdk-abort.duckdb');
    const mesh = await Mesh.open({ store });
    try {
      const sales = await mesh.product('sales.transactions');
      const stop = new AbortController();
      stop.abort();
      const result = await sales.ingest([sale(1), sale(2)], { signal: stop.signal });
      expect(result).toMatchObject({ accepted: 0, batches: 0, interrupted: true });
      expect(await sales.count()).toBe(0);
      expect((await sales.metrics()).interruptedIngests).toHaveLength(1);
    } finally {
      await mesh.close();
    }
  }, 60_000);
});

describe('an engine error in a batch (issue 15, item 5)', () => {
  it('stores the valid records of the batch and rejects only those the table refuses, with the engine’s reason', async () => {
    // region is optional in the contract, but the table was left NOT NULL by an older version where it was required.
    const spec = exampleSpec('sales') as { schema: { fields: Record<string, unknown>[] } };
    const region = spec.schema.fields.find((f) => f.name === 'region') as Record<string, unknown>;
    region.required = false;
    const store = await newStore('engine-error.duckdb', spec as unknown as Record<string, unknown>);
    const engine = await openDuckDbEngine({ path: store });
    try {
      const [table] = await engine.query(
        "SELECT table_name, sql FROM duckdb_tables() WHERE table_name LIKE 'data_sales__transactions%'",
      );
      const name = String(table?.table_name);
      const ddl = String(table?.sql).replace('region VARCHAR', 'region VARCHAR NOT NULL');
      expect(ddl).toContain('region VARCHAR NOT NULL');
      const indexes = await engine.query('SELECT sql FROM duckdb_indexes() WHERE table_name = $1', [name]);
      await engine.execute(`DROP TABLE "${name}"`);
      await engine.execute(ddl);
      for (const ix of indexes) await engine.execute(String(ix.sql));
    } finally {
      await engine.close();
    }

    const file = dir.file('regions.ndjson');
    const records = Array.from({ length: 10 }, (_, i) => {
      const r = sale(i);
      if (i === 3 || i === 7) delete r.region;
      return r;
    });
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const run = await runCli(['ingest', 'sales.transactions', file, '--store', store, '--json']);
    // Before: exit 4 and the raw DuckDB message, with all ten records rolled back.
    expect(run.code).toBe(5);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ total: 10, accepted: 8, rejectedCount: 2 });
    expect(result.rejected.map((r: { index: number }) => r.index)).toEqual([3, 7]);
    expect(result.rejected[0].issues[0].code).toBe('engine_refused');
    expect(result.rejected[0].issues[0].message).toMatch(
      /the store refused this record in batch 1 although it passes the contract.*NOT NULL constraint failed/,
    );

    // The same in a batch that also repeats a key and holds a stored one: each is reported for what it is.
    const mixed = dir.file('mixed.ndjson');
    const noRegion = sale(21);
    delete noRegion.region;
    writeFileSync(mixed, [sale(20), noRegion, sale(20), sale(0)].map((r) => JSON.stringify(r)).join('\n'));
    const second = JSON.parse(
      (await runCli(['ingest', 'sales.transactions', mixed, '--store', store, '--json'])).stdout,
    );
    expect(second).toMatchObject({ total: 4, accepted: 1, rejectedCount: 3 });
    expect(
      second.rejected.map((r: { index: number; issues: { code: string }[] }) => [r.index, r.issues[0]?.code]),
    ).toEqual([
      [1, 'engine_refused'],
      [2, 'duplicate_key'],
      [3, 'duplicate_key'],
    ]);

    const mesh = await Mesh.open({ store });
    try {
      expect(await (await mesh.product('sales.transactions')).count()).toBe(9);
      expect(await mesh.governance.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      await mesh.close();
    }
  }, 60_000);
});

describe('a store that fails as a whole during an ingest (issue 15, item 5)', () => {
  it('stops with an error naming the product, the batch, its records and the cause, and keeps earlier batches', async () => {
    const store = await newStore('closed.duckdb');
    const mesh = await Mesh.open({ store });
    const sales = await mesh.product('sales.transactions');
    let closing: Promise<void> | undefined;
    const records = Array.from({ length: 6 }, (_, i) => sale(i));
    const failure = await sales
      .ingest(records, {
        batchSize: 2,
        // The store goes away once the first batch is committed.
        onProgress: (p) => {
          if (p.batches >= 1) closing ??= mesh.close();
        },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    await closing;
    expect(failure).toMatchObject({ code: 'storage_unavailable' });
    const message = (failure as Error).message;
    // The close lands either between batches (the batch under way is rolled back: "stopped at batch n") or while a
    // batch commits (it is stored, its entries pending: "stopped after batch n …, which is stored"); both are right.
    expect(message).toMatch(
      /^ingest of sales\.transactions stopped (at batch \d \(records \d–\d of the input\)|after batch \d \(records \d–\d of the input\), which is stored)/,
    );
    expect(message).toMatch(/the store cannot be written/);
    expect(message).toMatch(/engine: .*closed/);

    const again = await Mesh.open({ store });
    try {
      const stored = await (await again.product('sales.transactions')).count();
      expect(stored % 2).toBe(0);
      expect(stored).toBeGreaterThanOrEqual(2);
      expect(stored).toBeLessThan(6);
      expect(await again.governance.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      await again.close();
    }
  }, 60_000);
});
