/**
 * Store open benchmark: what `Mesh.open` costs when it creates a store, re-opens an existing one (read-write) and
 * opens one read-only, each as open + close (closing a writable store checkpoints it), against a raw DuckDB open +
 * close of the same file with the same options, measured in the same run, interleaved round by round.
 * Prints a Markdown table (medians, and each as a ratio to the raw open) for BENCHMARKS.md.
 * Usage: npm run bench:open [-- --runs 15]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DUCKDB_OPTIONS } from '../src/engine/duckdb/duckdb-instance-registry.ts';
import { Mesh } from '../src/product/mesh.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const RUNS = at >= 0 && args[at + 1] ? Number(args[at + 1]) : 15;

const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-open-'));
const existing = join(dir, 'existing.duckdb');
let fresh = 0;

const cases: Record<string, () => Promise<void>> = {
  'raw DuckDB open + close (existing file)': async () => {
    const instance = await DuckDBInstance.create(existing, { ...DUCKDB_OPTIONS });
    const conn = await instance.connect();
    await conn.run('SELECT 1');
    conn.closeSync();
    instance.closeSync();
  },
  'Mesh.open: create a store': async () => {
    fresh += 1;
    await (await Mesh.open({ store: join(dir, `new-${fresh}.duckdb`) })).close();
  },
  'Mesh.open: re-open an existing store': async () => {
    await (await Mesh.open({ store: existing })).close();
  },
  'Mesh.open: read-only open': async () => {
    await (await Mesh.open({ store: existing, readOnly: true })).close();
  },
};

function median(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

try {
  await (await Mesh.open({ store: existing })).close();
  const times = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
  // One warm-up round, then RUNS rounds with every case once per round, so that load changes hit all alike.
  for (let round = 0; round <= RUNS; round += 1) {
    for (const [name, run] of Object.entries(cases)) {
      const started = performance.now();
      await run();
      if (round > 0) times.get(name)?.push(performance.now() - started);
    }
  }
  const raw = median(times.get('raw DuckDB open + close (existing file)') ?? []);
  const out = process.stdout;
  out.write(
    `Store open, ${RUNS} runs each (medians), ${new Date().toISOString()}, ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n\n`,
  );
  out.write('| case | median | × raw DuckDB open |\n|---|---:|---:|\n');
  for (const [name, list] of times) {
    const m = median(list);
    out.write(`| ${name} | ${m.toFixed(1)} ms | ${(m / raw).toFixed(2)}× |\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
