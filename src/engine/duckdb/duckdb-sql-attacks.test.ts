import { afterAll, beforeAll } from 'vitest';
import { describeSqlAttackSuite } from '../../../test/support/sql-attack-suite.ts';
import type { Engine } from '../engine.ts';
import { openDuckDbEngine } from './duckdb-engine.ts';

let engine: Engine;

beforeAll(async () => {
  engine = await openDuckDbEngine({ path: ':memory:' });
});

afterAll(async () => {
  await engine.close();
});

// The corpus is written as DuckDB refuses it: no differences to declare.
describeSqlAttackSuite('DuckDB', () => engine);
