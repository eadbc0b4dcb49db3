import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOrdersFolder } from '../support/orders-contract.ts';
import { dropFreshPostgresDatabases, freshPostgresDatabase } from '../support/postgres-cluster.ts';
import { ROOT, runCli } from '../support/run-cli.ts';
import {
  attackProductId,
  CORPUS_ATTACKS,
  CORPUS_DIFFERENCES,
  derivedAttackYaml,
  nodeText,
  refusedNodeOn,
  SQL_ATTACKS,
  type SqlAttack,
  withQualityPayload,
} from '../support/sql-attacks.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-sql-attacks-'));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropFreshPostgresDatabases();
});

/** Writes a payload as a product folder: a derived Meshwork descriptor, or the orders ODPS + ODCS with the payload. */
function writeAttackFolder(attack: SqlAttack): string {
  if (attack.context === 'quality') {
    return writeOrdersFolder(join(dir, 'quality'), attack.id, (c) => withQualityPayload(c, attack.sql));
  }
  const folder = join(dir, 'derived', attack.id);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'product.yaml'), derivedAttackYaml(attackProductId(attack), attack.sql));
  return folder;
}

interface JsonProblem {
  readonly file: string;
  readonly code: string;
  readonly message: string;
  readonly severity: string;
}

describe('the SQL attack corpus through the CLI', () => {
  it('meshwork validate refuses every payload in one run, each on its own file, naming the node', async () => {
    const folders = SQL_ATTACKS.map((a) => [a, writeAttackFolder(a)] as const);
    // One process for the whole corpus: validate takes many folders and checks their SQL on DuckDB's parse tree.
    const run = await runCli(['validate', ...folders.map(([, f]) => f), '--json']);
    expect(run.code, run.stderr).toBe(5);
    const { problems } = JSON.parse(run.stdout) as { problems: JsonProblem[] };
    for (const [attack, folder] of folders) {
      const code = attack.context === 'derived' ? 'derived_sql_unsafe' : 'quality_sql_unsafe';
      const mine = problems.filter((p) => p.file.startsWith(`${folder}/`) && p.code === code);
      expect(mine, attack.id).toHaveLength(1);
      expect(mine[0]?.severity).toBe('error');
      expect(mine[0]?.message, attack.id).toContain(nodeText(attack));
    }
  });

  it('meshwork validate finds nothing to refuse in the shipped examples and the orders contract', async () => {
    const orders = writeOrdersFolder(join(dir, 'good'), 'orders');
    const run = await runCli([
      'validate',
      join(ROOT, 'examples/customer_revenue'),
      join(ROOT, 'examples/region_gdp'),
      join(ROOT, 'examples/sales'),
      orders,
      '--json',
    ]);
    const { problems } = JSON.parse(run.stdout) as { problems: JsonProblem[] };
    expect(problems.filter((p) => p.code.endsWith('_sql_unsafe'))).toEqual([]);
  });

  it.each(['duckdb', 'postgres'] as const)(
    'meshwork publish refuses payloads against a real store on %s, storing nothing, and refresh still works',
    async (engine) => {
      const store = engine === 'duckdb' ? join(dir, 'mesh.duckdb') : await freshPostgresDatabase();
      expect((await runCli(['publish', join(ROOT, 'examples/sales'), '--store', store])).code).toBe(0);
      expect((await runCli(['publish', join(ROOT, 'examples/customers'), '--store', store])).code).toBe(0);
      const sample = join(ROOT, 'examples/sales/sample_sales.json');
      expect((await runCli(['ingest', 'sales.transactions', sample, '--store', store])).code).toBe(0);
      // The store's engine parses the SQL: each payload is refused naming the node that engine's parse tree shows.
      const picked = [
        'd-query-table-tokens',
        'd-read-text-passwd',
        'd-cte-shadows-input',
        'q-query-table-tokens',
        ...(engine === 'postgres' ? ['pg-pg-read-file', 'pg-lo-import', 'pg-set-config'] : []),
      ];
      const payloads = [...CORPUS_ATTACKS, ...CORPUS_DIFFERENCES[engine].extraPayloads];
      for (const id of picked) {
        const found = payloads.find((a) => a.id === id);
        if (found === undefined) throw new Error(`no payload ${id}`);
        const attack = { ...found, refusedNode: refusedNodeOn(found, engine) };
        const run = await runCli(['publish', writeAttackFolder(attack), '--store', store]);
        expect(run.code, `${id}: ${run.stderr}`).toBe(6);
        expect(run.stderr, id).toContain(nodeText(attack));
      }
      const list = await runCli(['list', '--store', store, '--json']);
      const ids = (JSON.parse(list.stdout) as { id: string }[]).map((p) => p.id).sort();
      expect(ids).toEqual(['customer.profiles', 'sales.transactions']);
      // The shipped derived example passes the same guard: it is stored, and only the gold policy (a passing quality
      // run, which needs data) holds back its publication until it is refreshed.
      const revenue = await runCli(['publish', join(ROOT, 'examples/customer_revenue'), '--store', store]);
      expect(revenue.stderr).not.toContain('_sql_unsafe');
      expect(revenue.stderr).not.toMatch(/refused: (function|relation|statement|cte) /);
      const refresh = await runCli(['refresh', 'sales.customer_revenue', '--store', store, '--json']);
      expect(refresh.code, refresh.stderr).toBe(0);
      expect(JSON.parse(refresh.stdout)).toMatchObject({ productId: 'sales.customer_revenue', records: 4 });
    },
  );
});
