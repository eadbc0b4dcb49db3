import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mesh } from '../../src/product/mesh.ts';
import { createTempDir, exampleSpec, type TempDir } from '../support/example-mesh.ts';
import { dropFreshPostgresDatabases, freshPostgresDatabase } from '../support/postgres-cluster.ts';
import { runCli } from '../support/run-cli.ts';

const BIN = fileURLToPath(new URL('../support/meshwork-from-source.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECORDS = 300_000;
const BATCH = 2_000;

let dir: TempDir;
let store: string;
let file: string;

async function writeRecords(path: string): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (let i = 0; i < RECORDS; i++) {
    const line = `{"transaction_id":"K${i}","product_id":"P${i % 97}","customer_id":"C${i % 1013}","amount":${(i % 500) + 1},"date":"2025-10-01","product_category":"Books","region":"Europe"}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** The `meshwork` node process under `script` (which gives it a terminal, so that it draws its progress bar). */
function nodeChildOf(pid: number): number {
  const out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim();
  const child = Number(out.split('\n')[0]);
  if (!Number.isSafeInteger(child) || child <= 0) throw new Error(`no child process of ${pid}`);
  return child;
}

/**
 * Runs `meshwork ingest` on a terminal and SIGKILLs its node process once its progress bar has counted `after`
 * records read: the pipeline holds at most two batches in flight, so most of those are committed by then.
 */
function ingestAndKill(after: number): Promise<{ output: string; signal: string | null }> {
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
    let killed = false;
    script.stdout?.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      const counts = [...output.matchAll(/\| (\d+) records \|/g)].map((m) => Number(m[1]));
      if (!killed && counts.some((n) => n >= after)) {
        killed = true;
        process.kill(nodeChildOf(script.pid as number), 'SIGKILL');
      }
    });
    script.on('error', reject);
    script.on('close', () => resolve({ output, signal: killed ? 'SIGKILL' : null }));
  });
}

beforeAll(async () => {
  dir = createTempDir('meshwork-sigkill-');
  file = dir.file('sales.ndjson');
  await writeRecords(file);
}, 120_000);

afterAll(async () => {
  dir.remove();
  await dropFreshPostgresDatabases();
});

describe.each(['duckdb', 'postgres'] as const)('an ingest killed with SIGKILL mid-way, on %s', (engine) => {
  beforeAll(async () => {
    store = engine === 'duckdb' ? dir.file('mesh.duckdb') : await freshPostgresDatabase();
    const mesh = await Mesh.open({ store });
    await mesh.createProduct(exampleSpec('sales'));
    await mesh.close();
  }, 120_000);

  it('leaves every committed row covered by audit and access-log entries, and says so when next opened', async () => {
    const run = await ingestAndKill(60_000);
    expect(run.signal).toBe('SIGKILL');
    // The process never printed its result: it was killed mid-ingest.
    expect(run.output).not.toMatch(/accepted/);

    // Before any handle that may write has recovered the store, a read-only `show` reports the cut-short run already
    // on a DuckDB file (no process can be writing it meanwhile); on PostgreSQL it is reported once recovered (below).
    const early =
      engine === 'duckdb' ? await runCli(['show', 'sales.transactions', '--store', store]) : undefined;

    const mesh = await Mesh.open({ store });
    let stored = 0;
    try {
      const sales = await mesh.product('sales.transactions');
      stored = await sales.count();
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(RECORDS);
      expect(stored % BATCH).toBe(0);

      const batches = await sales.accessLog({ operation: 'ingest_batch', limit: 1_000_000 });
      expect(batches.reduce((sum, e) => sum + e.rowsAffected, 0)).toBe(stored);
      expect(batches.length).toBe(stored / BATCH);
      // No summary: the run never finished.
      expect(await sales.accessLog({ operation: 'ingest' })).toEqual([]);

      const audited = await mesh.governance.auditLog({
        action: 'product.ingest_batch',
        target: 'sales.transactions',
        limit: 1_000_000,
      });
      expect(audited.reduce((sum, e) => sum + Number(e.details.rowsAffected), 0)).toBe(stored);
      expect(await mesh.governance.verifyAudit()).toMatchObject({ ok: true });

      const [interrupted, ...more] = (await sales.metrics()).interruptedIngests;
      expect(more).toEqual([]);
      expect(interrupted).toMatchObject({
        state: 'interrupted',
        rowsCommitted: stored,
        batches: stored / BATCH,
      });
    } finally {
      await mesh.close();
    }

    if (early !== undefined) {
      expect(early.code).toBe(0);
      expect(early.stdout).toContain(
        `did not finish: ${stored} row(s) in ${stored / BATCH} batch(es) committed`,
      );
    }
    const show = await runCli(['show', 'sales.transactions', '--store', store]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/interrupted ingest/);
    expect(show.stdout).toContain(
      `did not finish: ${stored} row(s) in ${stored / BATCH} batch(es) committed`,
    );
  }, 180_000);
});
