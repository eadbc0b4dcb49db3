/**
 * The engine's own limit for `npm run bench:http`: the SQL statement Meshwork runs for the benchmark's request, run
 * directly on the same store file with DuckDB's Node API, by `clients` loops at once sharing `connections`
 * connections of one instance (as the server's read pool does), for `seconds`. No HTTP, no governance, no JSON:
 * what the store alone can answer on this machine. Prints one JSON line: `{ "perSecond": …, "p50": …, "p99": … }`.
 * Usage (by bench/http.ts): node --import tsx bench/http-raw-duckdb.ts <store> <seconds> <clients> <connections>
 */
import { duckdbApi } from '../src/engine/duckdb/duckdb-api.ts';
import { DUCKDB_OPTIONS } from '../src/engine/duckdb/duckdb-instance-registry.ts';

const [store, secondsText, clientsText, connectionsText] = process.argv.slice(2);
if (store === undefined)
  throw new Error('usage: http-raw-duckdb.ts <store> <seconds> <clients> <connections>');
const seconds = Number(secondsText ?? 10);
const clients = Number(clientsText ?? 64);
const connections = Number(connectionsText ?? 4);

/** The statement the engine builds for `tier=gold&filter=lifetime_value > 100&limit=10` (taken from a traced run). */
const SQL = `SELECT "customer_id" AS "customer_id", "name" AS "name", "email" AS "email", CAST("registration_date" AS VARCHAR) AS "registration_date", "lifetime_value" AS "lifetime_value", "tier" AS "tier", CAST("last_interaction" AS VARCHAR) AS "last_interaction" FROM "data_customer__profiles__v1" WHERE (("lifetime_value" > CAST($1 AS DOUBLE)) AND ("tier" = CAST($2 AS VARCHAR))) ORDER BY "customer_id" ASC NULLS LAST LIMIT 10`;

const instance = await duckdbApi.DuckDBInstance.create(store, { ...DUCKDB_OPTIONS });
const pool = await Promise.all(Array.from({ length: connections }, () => instance.connect()));
const idle = [...pool];
const waiting: ((c: (typeof pool)[number]) => void)[] = [];
const take = async () => idle.pop() ?? new Promise<(typeof pool)[number]>((resolve) => waiting.push(resolve));
const give = (c: (typeof pool)[number]): void => {
  const next = waiting.shift();
  if (next) next(c);
  else idle.push(c);
};
const once = async (): Promise<number> => {
  const started = performance.now();
  const conn = await take();
  try {
    const reader = await conn.runAndReadAll(SQL, [100, 'gold']);
    if (reader.getRowObjects().length !== 10) throw new Error('the statement did not return 10 rows');
  } finally {
    give(conn);
  }
  return performance.now() - started;
};
for (let i = 0; i < 20; i += 1) await once();
const latencies: number[] = [];
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (performance.now() < end) latencies.push(await once());
  }),
);
latencies.sort((a, b) => a - b);
const at = (q: number): number =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ perSecond: latencies.length / seconds, p50: Math.round(at(0.5)), p99: Math.round(at(0.99)) })}\n`,
);
for (const c of pool) c.closeSync();
instance.closeSync();
