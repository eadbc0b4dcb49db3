/**
 * Crash safety: the `meshwork` process is killed with SIGKILL at random moments during an ingest, an update, a
 * quality run and the publish of a new major version (which carries every row into a new table), many times each.
 * After every kill the store must open, every batch must be wholly present or wholly absent, an update must have
 * changed all of its rows or none, the catalog must agree with the tables, and `audit verify` must pass.
 *
 * The same kills run on a DuckDB file and on a PostgreSQL database (where a killed client's connection drops, and
 * the server rolls its transaction back).
 *
 * `npm test` kills each operation a few times; `npm run test:long` (MESHWORK_LONG_TESTS=1) many more.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Mesh } from '../../src/product/mesh.ts';
import { createTempDir, exampleSpec, type TempDir } from '../support/example-mesh.ts';
import { dropFreshPostgresDatabases, freshPostgresDatabase } from '../support/postgres-cluster.ts';

const BIN = fileURLToPath(new URL('../support/meshwork-from-source.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KILLS = process.env.MESHWORK_LONG_TESTS === '1' ? 25 : 3;
const BASE_ROWS = 40_000;
const INGEST_ROWS = 40_000;
const BATCH = 2_000;
const SALES = 'sales.transactions';

let dir: TempDir;
let store: string;

function saleLine(prefix: string, i: number): string {
  const region = ['Europe', 'Asia', 'North America'][i % 3];
  return `{"transaction_id":"${prefix}${i}","product_id":"P${i % 97}","customer_id":"C${i % 1013}","amount":${(i % 500) + 1},"date":"2025-10-01","product_category":"Books","region":"${region}"}\n`;
}

/** Runs the CLI; kills it with SIGKILL after `killAfterMs` unless it ended first. */
function runAndKill(
  args: readonly string[],
  killAfterMs: number | null,
): Promise<{ killed: boolean; code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
    delete env.MESHWORK_STORE;
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args, '--store', store], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    let killed = false;
    const timer =
      killAfterMs === null
        ? undefined
        : setTimeout(() => {
            killed = child.kill('SIGKILL');
          }, killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: killed && signal === 'SIGKILL', code, stderr, ms: performance.now() - started });
    });
  });
}

/** Checks what must hold after any crash, and returns the open mesh for the operation's own checks. */
async function openAndCheck(context: string): Promise<Mesh> {
  const mesh = await Mesh.open({ store });
  try {
    expect(await mesh.governance.verifyAudit(), context).toMatchObject({ ok: true });
    // The catalog agrees with the tables: every product and each of its published majors can be counted.
    for (const p of await mesh.listProducts()) {
      const product = await mesh.product(p.id);
      expect(await product.count(), `${context}: ${p.id}`).toBeGreaterThanOrEqual(0);
    }
    return mesh;
  } catch (error) {
    await mesh.close();
    throw error;
  }
}

/** The product's row count, read through a handle opened and closed for it. */
async function storedRows(): Promise<number> {
  const mesh = await Mesh.open({ store });
  try {
    return await (await mesh.product(SALES)).count();
  } finally {
    await mesh.close();
  }
}

/** A random moment in the part of the run where the operation itself works (after the CLI has started). */
function killMoment(fullRunMs: number, landed: number, attempt: number): number {
  // A loaded machine runs some commands faster than the measured one: when the planned kills all came too late,
  // the extra attempts aim at the first part of the run, so at least one kill lands while the operation works.
  if (landed === 0 && attempt > KILLS) return Math.round(fullRunMs * (0.1 + Math.random() * 0.25));
  return Math.round(fullRunMs * (0.35 + Math.random() * 0.6));
}

/** Whether a kill loop goes on: the planned kills, then up to twice as many more until one has landed. */
function moreKills(attempt: number, landed: number): boolean {
  return attempt <= KILLS || (landed === 0 && attempt <= 3 * KILLS);
}

beforeAll(() => {
  dir = createTempDir('meshwork-crash-');
});

afterAll(async () => {
  dir?.remove();
  await dropFreshPostgresDatabases();
});

describe.each(['duckdb', 'postgres'] as const)('SIGKILL at random moments, on %s', (engine) => {
  beforeAll(async () => {
    store = engine === 'duckdb' ? dir.file('mesh.duckdb') : await freshPostgresDatabase();
    const mesh = await Mesh.open({ store });
    const product = await mesh.createProduct(exampleSpec('sales'));
    const records = Array.from({ length: BASE_ROWS }, (_, i) => JSON.parse(saleLine('B', i)) as object);
    await product.ingest(records);
    await product.publish();
    await mesh.close();
  }, 120_000);

  it(`during an ingest (${KILLS} kills): every batch wholly present or wholly absent`, async () => {
    const file = dir.file('more.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < INGEST_ROWS; i++) lines.push(saleLine('I', i));
    writeFileSync(file, lines.join(''));
    const args = ['ingest', SALES, file, '--batch-size', String(BATCH), '--on-existing', 'skip'];
    let landed = 0;
    let full = 0;
    for (let k = 0; moreKills(k, landed); k++) {
      // Each run starts from the same store: the rows of the previous run are removed first.
      const reset = await Mesh.open({ store });
      try {
        await (await reset.product(SALES)).remove("transaction_id like 'I%'");
      } finally {
        await reset.close();
      }
      // The first run is not killed: it measures how long the ingest takes, and must store every record.
      const delay = k === 0 ? null : killMoment(full, landed, k);
      const run = await runAndKill(args, delay);
      if (k === 0 || !run.killed) full = k === 0 ? run.ms : Math.min(full, run.ms);
      if (run.killed) landed += 1;
      else expect(run.code, run.stderr).toBe(0);
      const context = `ingest killed after ${delay} ms (${run.killed ? 'killed' : 'finished'})`;
      const mesh = await openAndCheck(context);
      try {
        const product = await mesh.product(SALES);
        const added = (await product.count()) - BASE_ROWS;
        expect(added % BATCH, `${context}: ${added} rows added`).toBe(0);
        expect(added, context).toBeLessThanOrEqual(INGEST_ROWS);
        if (!run.killed) expect(added, context).toBe(INGEST_ROWS);
        expect(await product.count({ transaction_id: 'B0' }), context).toBe(1);
      } finally {
        await mesh.close();
      }
    }
    expect(landed, 'at least one kill landed while the ingest ran').toBeGreaterThan(0);
  }, 600_000);

  it(`during an update of every European sale (${KILLS} kills): all of them changed or none`, async () => {
    let landed = 0;
    const rows = await storedRows();
    let full = (
      await runAndKill(['update', SALES, '--where', "region = 'Europe'", '--set', 'amount=1'], null)
    ).ms;
    for (let k = 1; moreKills(k, landed); k++) {
      const amount = 1000 + k;
      const delay = killMoment(full, landed, k);
      const run = await runAndKill(
        ['update', SALES, '--where', "region = 'Europe'", '--set', `amount=${amount}`],
        delay,
      );
      if (run.killed) landed += 1;
      else {
        expect(run.code, run.stderr).toBe(0);
        full = Math.min(full, run.ms);
      }
      const context = `update killed after ${delay} ms (${run.killed ? 'killed' : 'finished'})`;
      const mesh = await openAndCheck(context);
      try {
        const product = await mesh.product(SALES);
        // An update neither adds nor loses a row.
        expect(await product.count(), context).toBe(rows);
        const europe = await product.count("region = 'Europe'");
        const changed = await product.count(`region = 'Europe' and amount = ${amount}`);
        expect([0, europe], `${context}: ${changed} of ${europe}`).toContain(changed);
        if (!run.killed) expect(changed, context).toBe(europe);
      } finally {
        await mesh.close();
      }
    }
    expect(landed).toBeGreaterThan(0);
  }, 600_000);

  it(`during a quality run (${KILLS} kills): each stored run is whole`, async () => {
    let landed = 0;
    const rows = await storedRows();
    let full = (await runAndKill(['quality', SALES], null)).ms;
    for (let k = 1; moreKills(k, landed); k++) {
      const delay = killMoment(full, landed, k);
      const run = await runAndKill(['quality', SALES], delay);
      if (run.killed) landed += 1;
      else full = Math.min(full, run.ms);
      const context = `quality run killed after ${delay} ms (${run.killed ? 'killed' : 'finished'})`;
      const mesh = await openAndCheck(context);
      try {
        const product = await mesh.product(SALES);
        // Every stored run has all its parts: a count of the rows it checked, and a completeness item per field.
        const fields = (await product.descriptor()).schema.fields.length;
        expect(await product.count(), context).toBe(rows);
        const history = await product.qualityHistory(100);
        expect(history.length, context).toBeGreaterThan(0);
        for (const entry of history) {
          const report = await product.qualityRun(entry.runId);
          expect(report.totalRecords, context).toBeGreaterThanOrEqual(BASE_ROWS);
          expect(report.completeness.items, context).toHaveLength(fields);
          expect(report.verdict, context).toBeDefined();
        }
      } finally {
        await mesh.close();
      }
    }
    expect(landed).toBeGreaterThan(0);
  }, 600_000);

  it(`during the publish of a new major that carries every row (${KILLS} kills): old version whole, or new version with every row`, async () => {
    const folder = dir.file('next');
    mkdirSync(folder, { recursive: true });
    const spec = exampleSpec('sales');
    let landed = 0;
    let major = 1;
    let full = 0;
    for (let k = 0; moreKills(k, landed); k++) {
      const before = await (async () => {
        const mesh = await Mesh.open({ store });
        try {
          const product = await mesh.product(SALES);
          return { version: (await product.descriptor()).version, rows: await product.count() };
        } finally {
          await mesh.close();
        }
      })();
      major = Number(before.version.split('.')[0]) + 1;
      writeFileSync(join(folder, 'product.yaml'), stringify({ ...spec, version: `${major}.0.0` }));
      // The first run is not killed: it measures how long a publish takes.
      const delay = k === 0 ? null : killMoment(full, landed, k);
      const run = await runAndKill(['publish', folder], delay);
      if (k === 0) {
        expect(run.code, run.stderr).toBe(0);
        full = run.ms;
      } else if (!run.killed) full = Math.min(full, run.ms);
      if (run.killed) landed += 1;
      const context = `publish of ${major}.0.0 killed after ${delay} ms (${run.killed ? 'killed' : 'finished'})`;
      const mesh = await openAndCheck(context);
      try {
        const product = await mesh.product(SALES);
        const { version, status } = await product.descriptor();
        expect([before.version, `${major}.0.0`], context).toContain(version);
        expect(status, context).toBe('published');
        // Either way, the current table holds every row: the carry-over is all or nothing.
        expect(await product.count(), context).toBe(before.rows);
        const versions = (await product.versions()).map((v) => v.version);
        expect(versions.includes(`${major}.0.0`), context).toBe(version === `${major}.0.0`);
      } finally {
        await mesh.close();
      }
    }
    expect(landed).toBeGreaterThan(0);
  }, 600_000);
});
