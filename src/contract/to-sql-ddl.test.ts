import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { salesSpec } from './testdata/sample-specs.ts';
import { toSqlDdl } from './to-sql-ddl.ts';

describe('exporting a contract as SQL DDL', () => {
  it('writes generic DDL with keys, checks, comments and indexes', () => {
    const ddl = toSqlDdl(salesSpec());
    expect(ddl).toContain('CREATE TABLE "sales_transactions" (');
    expect(ddl).toContain(
      '  "amount" DOUBLE PRECISION NOT NULL CHECK ("amount" <= 100000 AND "amount" > 0), -- Amount in EUR.',
    );
    expect(ddl).toContain(
      `  "region" VARCHAR CHECK ("region" IN ('Europe', 'Asia', 'Americas')), -- Sales region.`,
    );
    expect(ddl).toContain('  PRIMARY KEY ("transaction_id")\n);');
    expect(ddl).toContain(
      'CREATE INDEX "sales_transactions_customer_id_idx" ON "sales_transactions" ("customer_id");',
    );
  });

  it('runs in DuckDB, which then enforces the contract', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await db.run(toSqlDdl(salesSpec(), { table: 'sales' }));
      const insert = (amount: number, region: string) =>
        db.run(
          `INSERT INTO sales VALUES ('T${amount}', 'C1', NULL, ${amount}, 1, DATE '2024-01-01', '${region}', NULL, TIMESTAMP '2024-01-01 00:00:00')`,
        );
      await insert(5, 'Europe');
      await expect(insert(-1, 'Europe')).rejects.toThrow(/CHECK/i);
      await expect(insert(6, 'Mars')).rejects.toThrow(/CHECK/i);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
