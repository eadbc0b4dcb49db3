/**
 * Start-up benchmark: how long the installed `meshwork` command (bin/meshwork.js running the compiled dist/) takes for
 * the commands people type all day, against a bare `node -e 0` measured in the same run, interleaved so that drift on
 * this shared machine hits every command alike. Wall time per run, medians over all runs; each figure is also given
 * as a ratio to the bare Node start, which is what the packaging issue's targets are written in.
 * The store for `list` and `show` is the demo's, built once before timing (`meshwork demo`).
 * Prints a Markdown table for BENCHMARKS.md.
 * Usage: npm run bench:startup [-- --runs 15]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at >= 0 ? Number(args[at + 1]) : 15;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/meshwork.js');
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  throw new Error('dist/ is missing: run `npm run build` first (npm ci runs it)');
}

const dir = mkdtempSync(join(tmpdir(), 'mw-startup-'));
const store = join(dir, 'mesh.duckdb');
const env = { ...process.env, MESHWORK_STORE: store, NO_COLOR: '1' };

function run(argv: readonly string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { cwd: dir, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return ms;
}

try {
  run([bin, 'demo']);
  const cases: { name: string; argv: readonly string[]; target: number }[] = [
    { name: '`node -e 0` (bare Node start)', argv: ['-e', '0'], target: 1 },
    { name: '`meshwork --version`', argv: [bin, '--version'], target: 2.5 },
    { name: '`meshwork --help`', argv: [bin, '--help'], target: 2.5 },
    { name: '`meshwork ingest --help`', argv: [bin, 'ingest', '--help'], target: 2.5 },
    { name: '`meshwork list` (demo store)', argv: [bin, 'list'], target: 4 },
    {
      name: '`meshwork show sales.transactions` (demo store)',
      argv: [bin, 'show', 'sales.transactions'],
      target: 4,
    },
  ];
  const times = cases.map(() => [] as number[]);
  for (const c of cases) run(c.argv); // warm the file cache once
  for (let i = 0; i < runs; i++) {
    cases.forEach((c, k) => {
      times[k]?.push(run(c.argv));
    });
  }
  const median = (xs: readonly number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  };
  const bare = median(times[0] ?? []);
  const date = new Date().toISOString().slice(0, 10);
  process.stdout.write(
    `Start-up, ${date}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg()[0]?.toFixed(2)} at the end; ${runs} interleaved runs each, wall time.\n\n`,
  );
  process.stdout.write('| command | median | × bare Node | target | met |\n|---|---:|---:|---:|---|\n');
  cases.forEach((c, k) => {
    const m = median(times[k] ?? []);
    const ratio = m / bare;
    process.stdout.write(
      `| ${c.name} | ${m.toFixed(0)} ms | ${ratio.toFixed(2)}× | ${c.target === 1 ? '' : `≤ ${c.target}×`} | ${c.target === 1 ? '' : ratio <= c.target ? 'yes' : 'no'} |\n`,
    );
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
