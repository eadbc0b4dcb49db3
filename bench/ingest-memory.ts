/**
 * Ingest memory benchmark: writes NDJSON (and CSV) files of generated sales, ingests them through the real CLI binary
 * (`node bin/meshwork.js ingest …`, a fresh process each time) and measures the process's peak RSS, to show that
 * memory does not grow with the size of the file. Prints a Markdown table.
 * Usage: npm run bench:memory [-- --sizes 100000,1000000,3000000] [--keep]
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { generateSales, type SaleRecord } from './generate-sales.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/meshwork.js');
const args = process.argv.slice(2);
const sizesArg = args[args.indexOf('--sizes') + 1];
const sizes =
  args.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [100_000, 1_000_000, 3_000_000];
const TIME = '/usr/bin/time';
const useTime = existsSync(TIME) && spawnSync(TIME, ['-v', 'true']).status === 0;

/** Writes records to a file through a stream, one line each, so the generator's output is never held whole. */
async function writeLines(path: string, header: string | null, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let chunk = header === null ? '' : `${header}\n`;
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve) => out.end(resolve));
}

const CSV_COLUMNS: readonly (keyof SaleRecord)[] = [
  'transaction_id',
  'product_id',
  'customer_id',
  'amount',
  'date',
  'product_category',
  'region',
];

function* ndjson(count: number, repeat = 1): Generator<string> {
  for (let r = 0; r < repeat; r++) for (const s of generateSales(count)) yield JSON.stringify(s);
}

function* csv(count: number): Generator<string> {
  for (const s of generateSales(count)) yield CSV_COLUMNS.map((c) => String(s[c])).join(',');
}

interface Measured {
  readonly peakKb: number;
  /** The largest JavaScript heap left after a full garbage collection: what the process really keeps alive. */
  readonly liveHeapMb: number;
  readonly seconds: number;
  readonly stdout: string;
}

/** V8's `--trace-gc` lines (on stdout) for full collections: `Mark-Compact 214.3 (240.9) -> 50.1 (105.1) MB`. */
const FULL_GC = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/;

/** Runs the CLI and measures its peak RSS: with GNU time when present, else by reading VmHWM from /proc. */
function measure(cliArgs: readonly string[]): Promise<Measured> {
  const started = performance.now();
  const command = useTime ? TIME : process.execPath;
  const node = ['--trace-gc', BIN, ...cliArgs];
  const argv = useTime ? ['-v', process.execPath, ...node] : node;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sampled = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = useTime
      ? undefined
      : setInterval(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
            const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
            if (hwm) sampled = Math.max(sampled, Number(hwm[1]));
          } catch {
            // The process has just exited.
          }
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      // 5 is an ingest that rejected records, which the repeated-records run does on purpose.
      if (code !== 0 && code !== 5) {
        reject(new Error(`meshwork ${cliArgs.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
        return;
      }
      const fromTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      // V8 writes its lines to the same stdout, sometimes in the middle of a line of ours: cut them out wherever.
      const trace = /\[\d+:0x[0-9a-f]+\][^\n]*\n?/g;
      const gc = stdout.match(trace) ?? [];
      const liveHeapMb = Math.max(0, ...gc.map((l) => Number(FULL_GC.exec(l)?.[1] ?? 0)));
      const output = stdout.replace(trace, '');
      resolve({ peakKb: fromTime ? Number(fromTime[1]) : sampled, liveHeapMb, seconds, stdout: output });
    });
  });
}

function cli(cliArgs: readonly string[]): void {
  const run = spawnSync(process.execPath, [BIN, ...cliArgs], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`meshwork ${cliArgs.join(' ')} failed: ${run.stderr}`);
}

interface Row {
  readonly label: string;
  readonly contract: string;
  readonly lines: number;
  readonly stored: number;
  readonly megabytes: number;
  readonly peakMb: number;
  readonly liveHeapMb: number;
  readonly seconds: number;
}

const dir = mkdtempSync(join(tmpdir(), 'meshwork-memory-'));
const rows: Row[] = [];
try {
  const salesSpec = parse(readFileSync(join(ROOT, 'examples/sales/product.yaml'), 'utf8')) as {
    schema: Record<string, unknown>;
  };
  const contracts = {
    'sales (key + 3 indexes)': join(ROOT, 'examples/sales/product.yaml'),
    'sales, key only': join(dir, 'sales-key-only.yaml'),
  };
  writeFileSync(
    contracts['sales, key only'],
    stringify({ ...salesSpec, schema: { ...salesSpec.schema, indexes: [] } }),
  );

  const baseline = await measure(['list', '--store', join(dir, 'baseline.duckdb'), '--json']);
  const run = async (
    label: string,
    contract: keyof typeof contracts,
    file: string,
    lines: number,
  ): Promise<void> => {
    const store = join(dir, `${rows.length}.duckdb`);
    cli(['create', contracts[contract], '--store', store]);
    const m = await measure([
      'ingest',
      'sales.transactions',
      file,
      '--store',
      store,
      '--no-progress',
      '--json',
    ]);
    const result = JSON.parse(m.stdout) as { total: number; accepted: number };
    if (result.total !== lines) throw new Error(`${label}: read ${result.total} of ${lines} records`);
    rows.push({
      label,
      contract,
      lines,
      stored: result.accepted,
      megabytes: statSync(file).size / 2 ** 20,
      peakMb: m.peakKb / 1024,
      liveHeapMb: m.liveHeapMb,
      seconds: m.seconds,
    });
    rmSync(store, { force: true });
    rmSync(`${store}.wal`, { force: true });
  };

  for (const size of sizes) {
    const file = join(dir, `sales-${size}.ndjson`);
    await writeLines(file, null, ndjson(size));
    await run('NDJSON', 'sales, key only', file, size);
    if (size <= 1_000_000) await run('NDJSON', 'sales (key + 3 indexes)', file, size);
    rmSync(file);
  }
  // A 1M-line file over a 100k-record table: the 100k records ten times over, so 9 in 10 are rejected as stored.
  const repeated = join(dir, 'sales-repeated.ndjson');
  await writeLines(repeated, null, ndjson(100_000, 10));
  await run('NDJSON, 100k records ×10', 'sales (key + 3 indexes)', repeated, 1_000_000);
  rmSync(repeated);
  const csvFile = join(dir, 'sales-1000000.csv');
  await writeLines(csvFile, CSV_COLUMNS.join(','), csv(1_000_000));
  await run('CSV', 'sales, key only', csvFile, 1_000_000);
  rmSync(csvFile);

  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(
    `Date: ${new Date().toISOString().slice(0, 10)}; peak RSS by ${useTime ? 'GNU time -v' : '/proc VmHWM sampling'}`,
  );
  console.log(`Baseline: \`meshwork list\` peaks at ${(baseline.peakKb / 1024).toFixed(0)} MB\n`);
  console.log(
    '| input | contract | records in file | file size | records stored | peak RSS | live JS heap (max after full GC) | time | records/s |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.contract} | ${r.lines.toLocaleString('en')} | ${r.megabytes.toFixed(0)} MB | ${r.stored.toLocaleString('en')} | ${r.peakMb.toFixed(0)} MB | ${r.liveHeapMb.toFixed(0)} MB | ${r.seconds.toFixed(1)} s | ${Math.round(r.lines / r.seconds).toLocaleString('en')} |`,
    );
  }
} finally {
  if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
