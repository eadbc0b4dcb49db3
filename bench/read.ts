/**
 * Read-path profile: governed SDK reads (`query` by primary key, a filtered 100-row query, `count`, `analytics`,
 * segment statistics, `metrics`, catalog `search` and `show`) by a consumer holding a grant, each beside the same SQL
 * run directly on the engine (a raw DuckDB connection on the same instance, prepared statements) in the same run,
 * interleaved round by round. Each SDK call is also broken down per step: the engine statements it ran (grouped by
 * the table they touch) and the rest (JavaScript: parsing, policies, masking, hashing).
 * Prints Markdown tables for BENCHMARKS.md ("Governed reads").
 * Usage: npm run bench:read [-- --rows 300000 --runs 50 --quick]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { parse } from 'yaml';
import { productTableName } from '../src/catalog/product-registry.ts';
import type { Scalar } from '../src/core/schema.ts';
import { acquireInstance, releaseInstance } from '../src/engine/duckdb/duckdb-instance-registry.ts';
import type { Engine, EngineSession } from '../src/engine/engine.ts';
import { openEngine } from '../src/engine/open-engine.ts';
import { Mesh } from '../src/product/mesh.ts';
import { generateSales } from './generate-sales.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const QUICK = args.includes('--quick');
const ROWS = option('--rows', QUICK ? 50_000 : 300_000);
const RUNS = option('--runs', QUICK ? 15 : 50);

/** The statements the SDK sends while capturing (bench only: wraps DuckDB's connection class). */
let capturing: string[] | undefined;
{
  const proto = DuckDBConnection.prototype as unknown as {
    runAndReadAll: (
      this: DuckDBConnection,
      sql: string,
      values?: unknown,
      types?: unknown,
    ) => Promise<unknown>;
  };
  const original = proto.runAndReadAll;
  proto.runAndReadAll = function (this: DuckDBConnection, sql, values, types) {
    capturing?.push(sql);
    return original.call(this, sql, values, types);
  };
}

/** Engine time per step of the current SDK call, keyed by a label derived from each statement. */
let steps = new Map<string, { n: number; ms: number }>();

function label(kind: string, sql?: string): string {
  if (sql === undefined) return kind;
  const s = sql.replace(/\s+/g, ' ').trim();
  const verb = (/^(\w+)/.exec(s)?.[1] ?? '').toUpperCase();
  const table = /(?:FROM|INTO|UPDATE)\s+(\w+)/i.exec(s)?.[1] ?? '';
  return `${verb} ${table}`.trim();
}

function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  return run().finally(() => {
    const step = steps.get(name) ?? { n: 0, ms: 0 };
    step.n += 1;
    step.ms += performance.now() - started;
    steps.set(name, step);
  });
}

/** Wraps a session so that each statement it runs is timed under its step label. */
function instrumentSession<S extends EngineSession>(s: S): S {
  return new Proxy(s, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      switch (prop) {
        case 'query':
        case 'execute':
          return (sql: string, params?: readonly Scalar[]) =>
            timed(label(prop, sql), () => fn.call(target, sql, params) as Promise<unknown>);
        case 'select':
        case 'count':
        case 'countEach':
        case 'aggregate':
          return (...a: unknown[]) => timed(`product ${prop}`, () => fn.apply(target, a) as Promise<unknown>);
        case 'transaction':
          return (body: (tx: EngineSession) => Promise<unknown>) =>
            timed(
              'transaction (begin … commit)',
              () => fn.call(target, (tx: EngineSession) => body(instrumentSession(tx))) as Promise<unknown>,
            );
        default:
          return fn.bind(target);
      }
    },
  });
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-read-'));
const store = join(dir, 'read.duckdb');
const out = process.stdout;
try {
  const setupStarted = performance.now();
  {
    const mesh = await Mesh.open({ store });
    const spec = parse(readFileSync(join(ROOT, 'examples/sales/product.yaml'), 'utf8')) as unknown;
    const sales = await mesh.createProduct(spec);
    const batch: Record<string, unknown>[] = [];
    for (const r of generateSales(ROWS)) {
      batch.push({ ...r });
      if (batch.length === 50_000) await sales.ingest(batch.splice(0));
    }
    if (batch.length > 0) await sales.ingest(batch);
    await sales.publish();
    await sales.segments().create({ name: 'europe', where: "region = 'Europe'" });
    await sales.segments().create({ name: 'big', where: 'amount > 900' });
    const gov = mesh.governance;
    await gov.addPrincipal({ id: 'bob', roles: ['consumer'] });
    const bob = await mesh.as('bob');
    const request = await bob.governance.requestAccess({ product: 'sales.transactions', purpose: 'bench' });
    await gov.approve(request.id, { comment: 'bench' });
    await mesh.close();
  }
  const setupMs = performance.now() - setupStarted;

  const engine: Engine = instrumentSession(await openEngine(store));
  const root = await Mesh.open({ engine });
  const bob = await root.as('bob');
  const sales = await bob.product('sales.transactions');
  const table = productTableName('sales.transactions', '1.0.0');
  const instance = await acquireInstance(store);
  const conn: DuckDBConnection = await instance.connect();
  const prepared = new Map<string, DuckDBPreparedStatement>();
  const raw = async (sql: string, params: readonly (string | number)[] = []): Promise<unknown[]> => {
    let p = prepared.get(sql);
    if (p === undefined) {
      p = await conn.prepare(sql);
      prepared.set(sql, p);
    }
    p.clearBindings();
    params.forEach((v, i) => {
      if (typeof v === 'number') p.bindDouble(i + 1, v);
      else p.bindVarchar(i + 1, v);
    });
    return (await p.runAndReadAll()).getRowObjects();
  };
  const t = `"${table}"`;
  const cols = 'transaction_id, product_id, customer_id, amount, date, product_category, region';
  let key = 0;
  const nextKey = () => {
    key = (key * 7919 + 104_729) % ROWS;
    return `TXN${String(key).padStart(9, '0')}`;
  };

  /** The product-table statement the SDK sends for one call, to run the very same SQL raw. */
  const sdkStatement = async (call: () => Promise<unknown>): Promise<string> => {
    capturing = [];
    await call();
    const found = capturing.find((sql) => sql.includes(t));
    capturing = undefined;
    if (found === undefined) throw new Error('no product statement captured');
    return found;
  };
  const filter = "region = 'Europe' and amount > 500";
  const pointSql = await sdkStatement(() => sales.query({ transaction_id: nextKey() }));
  const filteredSql = await sdkStatement(() => sales.query(filter, { limit: 100 }));
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

  interface Case {
    /** Untimed, before both sides of each round: lets the previous call's read-trail flush end first. */
    readonly settle?: boolean;
    readonly name: string;
    readonly sdk: () => Promise<unknown>;
    readonly raw: () => Promise<unknown>;
    readonly rawSql: string;
  }
  const cases: Case[] = [
    {
      name: 'query by primary key',
      sdk: () => sales.query({ transaction_id: nextKey() }),
      raw: () => raw(pointSql, [nextKey()]),
      rawSql: "the SDK's statement, prepared (SELECT … WHERE transaction_id = $1)",
    },
    {
      name: 'filtered query, 100 rows',
      sdk: () => sales.query(filter, { limit: 100 }),
      raw: () => raw(filteredSql, ['Europe', 500]),
      rawSql:
        "the SDK's statement, prepared (SELECT … WHERE region = $1 AND amount > $2 ORDER BY key LIMIT 100)",
    },
    {
      name: 'filtered query, 100 rows, 20 ms after the call before',
      settle: true,
      sdk: () => sales.query(filter, { limit: 100 }),
      raw: () => raw(filteredSql, ['Europe', 500]),
      rawSql: 'as above; the pause (untimed) lets the previous read’s group commit end first',
    },
    {
      name: 'filtered query, 100 rows, hand-written SQL',
      sdk: () => sales.query(filter, { limit: 100 }),
      raw: () =>
        raw(`SELECT ${cols} FROM ${t} WHERE region = $1 AND amount > $2 ORDER BY transaction_id LIMIT 100`, [
          'Europe',
          500,
        ]),
      rawSql:
        'prepared SELECT … WHERE region = $1 AND amount > $2 ORDER BY key LIMIT 100 (no date cast, as before)',
    },
    {
      name: 'count (filtered)',
      sdk: () => sales.count({ region: 'Europe' }),
      raw: () => raw(`SELECT count(*) AS n FROM ${t} WHERE region = $1`, ['Europe']),
      rawSql: 'prepared SELECT count(*) … WHERE region = $1',
    },
    {
      name: 'analytics (5 measures, 5 breakdowns)',
      sdk: () => sales.analytics(),
      raw: async () => {
        await raw(
          `SELECT sum(amount), count(*), avg(amount), count(DISTINCT customer_id), max(date) FROM ${t}`,
        );
        await raw(`SELECT product_category, sum(amount), count(*) FROM ${t} GROUP BY 1 ORDER BY 2 DESC`);
        await raw(`SELECT region, sum(amount), count(*) FROM ${t} GROUP BY 1 ORDER BY 2 DESC`);
        await raw(`SELECT customer_id, sum(amount), count(*) FROM ${t} GROUP BY 1 ORDER BY 2 DESC LIMIT 5`);
        await raw(`SELECT date, sum(amount), count(*) FROM ${t} GROUP BY 1 ORDER BY 1`);
        await raw(
          `SELECT year(date), month(date), sum(amount), count(*) FROM ${t} GROUP BY 1, 2 ORDER BY 1, 2`,
        );
      },
      rawSql: 'the 6 aggregations, one statement each',
    },
    {
      name: 'segment statistics (2 segments)',
      sdk: () => sales.segments().statistics(),
      raw: () =>
        raw(
          `SELECT count(*), count(*) FILTER (WHERE region = 'Europe'), count(*) FILTER (WHERE amount > 900) FROM ${t}`,
        ),
      rawSql: 'one scan with count(*) FILTER per segment',
    },
    {
      name: 'metrics',
      sdk: () => sales.metrics(),
      raw: async () => {
        await raw(`SELECT count(*) FROM ${t}`);
        await raw('SELECT operation, count FROM mw_metrics WHERE product_id = $1', ['sales.transactions']);
      },
      rawSql: 'count(*) + the usage counters',
    },
    {
      name: 'metrics, 20 ms after the call before',
      settle: true,
      sdk: () => sales.metrics(),
      raw: async () => {
        await raw(`SELECT count(*) FROM ${t}`);
        await raw('SELECT operation, count FROM mw_metrics WHERE product_id = $1', ['sales.transactions']);
      },
      rawSql: 'as above; the pause (untimed) lets the previous read’s group commit end first',
    },
    {
      name: 'search (catalog, 1 product)',
      sdk: () => bob.search('revenue'),
      raw: () => raw('SELECT id, descriptor FROM mw_products WHERE descriptor ILIKE $1', ['%revenue%']),
      rawSql: 'SELECT … FROM mw_products WHERE descriptor ILIKE $1',
    },
    {
      name: 'show (product + descriptor)',
      sdk: async () => (await bob.product('sales.transactions')).descriptor(),
      raw: async () =>
        JSON.parse(
          String(
            (
              (await raw('SELECT descriptor FROM mw_products WHERE id = $1', ['sales.transactions']))[0] as {
                descriptor: string;
              }
            ).descriptor,
          ),
        ),
      rawSql: 'SELECT descriptor FROM mw_products WHERE id = $1, parsed',
    },
  ];

  const sdkTimes = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const rawTimes = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const perCase = new Map<string, Map<string, { n: number; ms: number }>>(
    cases.map((c) => [c.name, new Map()]),
  );
  // Warm-up rounds (not kept), then RUNS rounds with every case once per round, so that load changes hit all alike.
  const WARM = 3;
  for (let round = 0; round < WARM + RUNS; round += 1) {
    for (const c of cases) {
      if (c.settle === true) await pause();
      let started = performance.now();
      await c.raw();
      const rawMs = performance.now() - started;
      if (c.settle === true) await pause();
      steps = new Map();
      started = performance.now();
      await c.sdk();
      const sdkMs = performance.now() - started;
      if (round < WARM) continue;
      rawTimes.get(c.name)?.push(rawMs);
      sdkTimes.get(c.name)?.push(sdkMs);
      const acc = perCase.get(c.name) ?? new Map();
      for (const [step, v] of steps) {
        const a = acc.get(step) ?? { n: 0, ms: 0 };
        a.n += v.n;
        a.ms += v.ms;
        acc.set(step, a);
      }
    }
  }

  out.write(
    `Governed reads, ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )}; sales.transactions with ${ROWS.toLocaleString('en')} rows (set up in ${(setupMs / 1000).toFixed(1)} s), read by a consumer with a grant; ${RUNS} runs per case after ${WARM} warm-up rounds\n\n`,
  );
  out.write('| read | SDK median | SDK p95 | SDK p99 | raw median | × raw | raw statement(s) |\n');
  out.write('|---|---:|---:|---:|---:|---:|---|\n');
  for (const c of cases) {
    const s = sdkTimes.get(c.name) ?? [];
    const r = rawTimes.get(c.name) ?? [];
    out.write(
      `| ${c.name} | ${median(s).toFixed(2)} ms | ${quantile(s, 0.95).toFixed(2)} ms | ${quantile(s, 0.99).toFixed(2)} ms | ${median(r).toFixed(2)} ms | ${(median(s) / Math.max(median(r), 1e-6)).toFixed(1)}× | ${c.rawSql} |\n`,
    );
  }
  out.write(
    '\nPer step (mean per SDK call; engine statements by verb and table, the rest is JavaScript):\n\n',
  );
  for (const c of cases) {
    const acc = perCase.get(c.name) ?? new Map<string, { n: number; ms: number }>();
    const total = (sdkTimes.get(c.name) ?? []).reduce((a, b) => a + b, 0) / RUNS;
    const list = [...acc].sort((a, b) => b[1].ms - a[1].ms);
    // Statements inside a transaction are counted both under it and on their own: only the outer ones add up.
    const engineMs = list
      .filter(([name]) => name !== 'transaction (begin … commit)')
      .reduce((a, [, v]) => a + v.ms, 0);
    const statements = list
      .filter(([name]) => name !== 'transaction (begin … commit)')
      .reduce((a, [, v]) => a + v.n, 0);
    out.write(
      `- **${c.name}**: ${total.toFixed(2)} ms per call, ${(statements / RUNS).toFixed(1)} statements (${(engineMs / RUNS).toFixed(2)} ms): ${list
        .map(([name, v]) => `${name} ×${(v.n / RUNS).toFixed(1)} ${(v.ms / RUNS).toFixed(2)} ms`)
        .join('; ')}\n`,
    );
  }
  for (const p of prepared.values()) p.destroySync();
  conn.closeSync();
  await releaseInstance(store);
  await root.close();
  await engine.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
