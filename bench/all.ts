/**
 * `npm run bench`: every benchmark, one after another, each in a process of its own (what the `bench:*` scripts run).
 * `npm run bench -- --quick` runs the routine check instead, in under two minutes on the project's 2-core machine:
 * the governed reads, the scaling table at 10k and 100k rows with small writes and publish, a 100k-row ingest and the
 * store open, each with smaller sizes or fewer runs; it writes nothing. The full run writes the scaling results
 * (bench/results/, the generated part of BENCHMARKS.md); the other benchmarks print tables to paste.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const QUICK = process.argv.slice(2).includes('--quick');

/** A step: its name, and the arguments to Node (or to npm, for steps that build first). */
interface Step {
  readonly name: string;
  readonly node?: readonly string[];
  readonly npm?: readonly string[];
}
const tsx = (file: string, ...rest: string[]): readonly string[] => ['--import', 'tsx', file, ...rest];

const FULL: readonly Step[] = [
  { name: 'ingest', node: tsx('bench/run.ts') },
  { name: 'governed reads', node: tsx('bench/read.ts') },
  { name: 'scaling, small writes, publish', node: tsx('bench/scaling.ts') },
  { name: 'catalog at scale', node: tsx('bench/catalog-create.ts') },
  { name: 'search', node: ['--expose-gc', ...tsx('bench/search.ts')] },
  { name: 'ingest memory', node: tsx('bench/ingest-memory.ts') },
  { name: 'audit', node: tsx('bench/audit.ts') },
  { name: 'store open', node: tsx('bench/open.ts') },
  { name: 'CLI start-up', npm: ['run', 'bench:startup'] },
  { name: 'HTTP reads', node: tsx('bench/http.ts') },
  { name: 'HTTP reads during an ingest', node: tsx('bench/http-during-ingest.ts') },
  { name: 'PostgreSQL', node: tsx('bench/postgres.ts') },
];

const QUICK_STEPS: readonly Step[] = [
  { name: 'governed reads (50k rows)', node: tsx('bench/read.ts', '--quick') },
  { name: 'scaling at 10k and 100k, small writes, publish', node: tsx('bench/scaling.ts', '--quick') },
  { name: 'ingest of 100k (key only)', node: tsx('bench/run.ts', '--sizes', '100000', '--layouts', 'key') },
  { name: 'store open', node: tsx('bench/open.ts', '--runs', '5') },
];

const started = performance.now();
for (const step of QUICK ? QUICK_STEPS : FULL) {
  process.stdout.write(`\n## ${step.name}\n\n`);
  const t = performance.now();
  const run =
    step.npm === undefined
      ? spawnSync(process.execPath, [...(step.node ?? [])], { cwd: ROOT, stdio: 'inherit' })
      : spawnSync('npm', [...step.npm], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write(`bench: ${step.name} failed (exit ${String(run.status ?? run.signal)})\n`);
    process.exit(1);
  }
  process.stdout.write(`\n(${step.name}: ${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
}
process.stdout.write(
  `\nbench${QUICK ? ' --quick' : ''}: ${((performance.now() - started) / 1000).toFixed(1)} s in all\n`,
);
