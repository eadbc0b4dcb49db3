/**
 * One suite that runs the SQL attack corpus (test/fixtures/sql-attacks.json) through the user-SQL guard with a given
 * engine's parser, the way the platform binds and checks user SQL: a derived product's `{{…}}` inputs become their
 * tables (`checkUserSql`), a contract's SQL check is bound and its object name resolved (`guardContractSql`). Each
 * engine's test calls it with its describer, like `describeEngine`; nothing runs, only the parser is asked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { productTableName } from '../../src/catalog/product-registry.ts';
import type { QualityCheck } from '../../src/contract/quality-check.ts';
import { bindQualitySql } from '../../src/contract/quality-check-sql.ts';
import type { BoundSql } from '../../src/core/bound-sql.ts';
import { bindInputs } from '../../src/core/derived-spec.ts';
import { isMeshError } from '../../src/core/errors.ts';
import type { QueryDescriber } from '../../src/engine/engine.ts';
import { quoteAnsiIdent } from '../../src/engine/sql/sql-dialect.ts';
import type { RefusedNode } from '../../src/governance/user-sql-guard.ts';
import { checkUserSql } from '../../src/governance/user-sql-guard.ts';
import { guardContractSql } from '../../src/product/quality/contract-sql-check.ts';
import {
  type AcceptedSql,
  type AttackContext,
  CORPUS_ATTACKS,
  type CorpusDifferences,
  SQL_ACCEPTED,
} from './sql-attacks.ts';

/** How one engine's parser differs from the corpus, which is written as DuckDB refuses it. */
export interface SqlAttackSuiteOptions extends Partial<CorpusDifferences> {
  /** Ids of accepted queries this engine's parser cannot parse (its dialect lacks the syntax). */
  readonly notAccepted?: readonly string[];
}

const OBJECT_TABLE = 'data_sales__orders__v1';
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The derived SQL of the shipped examples (examples/<name>/product.yaml), each a query the guard must accept. */
function exampleDerivedSql(): AcceptedSql[] {
  const root = fileURLToPath(new URL('../../examples/', import.meta.url));
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory()) return [];
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(`${root}${entry.name}/product.yaml`, 'utf8'));
    } catch {
      return [];
    }
    const sql = (doc as { derived?: { sql?: unknown } } | null)?.derived?.sql;
    return typeof sql === 'string' ? [{ id: `example-${entry.name}`, context: 'derived' as const, sql }] : [];
  });
}

function qualityCheck(query: string): QualityCheck & { kind: 'sql' } {
  return {
    id: 'attack',
    kind: 'sql',
    query,
    object: 'orders',
    field: 'total',
    threshold: { op: 'eq', value: 0 },
    unit: 'rows',
    severity: 'error',
    origin: 'declared',
    sampleKeys: [],
  };
}

/** The SQL as the platform binds it before the parser sees it. */
function bound(context: AttackContext, sql: string): BoundSql {
  if (context === 'quality') {
    return bindQualitySql(sql.replace(/;\s*$/, ''), {
      table: quoteAnsiIdent(OBJECT_TABLE),
      column: quoteAnsiIdent('total'),
    });
  }
  const ids = [...new Set([...sql.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? '').trim()))];
  return bindInputs(sql, new Map(ids.map((id) => [id, quoteAnsiIdent(productTableName(id, '1.0.0'))])));
}

/** Checks SQL as create, publish or refresh would; resolves to the tables read, or rejects with the refusal. */
async function check(
  describer: QueryDescriber,
  context: AttackContext,
  sql: string,
): Promise<readonly string[]> {
  if (context === 'quality') {
    await guardContractSql(describer, qualityCheck(sql), OBJECT_TABLE, 'sales.orders');
    return [OBJECT_TABLE];
  }
  const ids = [...new Set([...sql.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? '').trim()))];
  const allowed = await checkUserSql(describer, bound(context, sql), {
    operation: 'refresh of sales.attack_probe',
    tables: new Map(ids.map((id) => [productTableName(id, '1.0.0'), id])),
    howToRead: '{{domain.name}} placeholders of its declared inputs',
  });
  return allowed.tables;
}

/**
 * Runs every payload of the corpus (and the engine's own) through the guard with `describer()`'s parser, each to be
 * refused naming its node, and every accepted query of the corpus and the examples, each to be let through.
 */
export function describeSqlAttackSuite(
  engine: string,
  describer: () => QueryDescriber,
  options: SqlAttackSuiteOptions = {},
): void {
  const unparsable = new Set(options.unparsable ?? []);
  const notAccepted = new Set(options.notAccepted ?? []);
  const payloads = [...CORPUS_ATTACKS, ...(options.extraPayloads ?? [])];
  const accepted = [...SQL_ACCEPTED, ...exampleDerivedSql()];

  describe(`the SQL attack corpus on ${engine}'s parser`, () => {
    it('lists only payloads and accepted queries the corpus has', () => {
      const ids = new Set(payloads.map((p) => p.id));
      expect(new Set(payloads.map((p) => p.id)).size).toBe(payloads.length);
      expect(
        [...unparsable, ...Object.keys(options.refusedNodes ?? {})].filter((id) => !ids.has(id)),
      ).toEqual([]);
      expect([...notAccepted].filter((id) => !accepted.some((a) => a.id === id))).toEqual([]);
      expect(accepted.filter((a) => a.id.startsWith('example-')).length).toBeGreaterThan(0);
    });

    it.each(payloads.map((p) => [p.id, p] as const))('refuses %s, naming the node', async (id, attack) => {
      const expected = unparsable.has(id)
        ? { kind: 'statement', name: 'statement' }
        : (options.refusedNodes?.[id] ?? attack.refusedNode);
      if (unparsable.has(id)) {
        const shape = await describer().describeQuery(bound(attack.context, attack.sql).text);
        expect(shape.statements).toBe(0);
        expect(shape.error).toBeDefined();
      }
      const error = await check(describer(), attack.context, attack.sql).then(
        (tables) => new Error(`allowed, reading ${tables.join(', ')}`),
        (e: unknown) => e,
      );
      if (!isMeshError(error)) throw error;
      expect(error.code, error.message).toBe('policy_denied');
      const node = (error.details as { node?: RefusedNode } | undefined)?.node;
      expect({ kind: node?.kind, name: node?.name }, error.message).toEqual(expected);
    });

    it.each(accepted.filter((a) => !notAccepted.has(a.id)).map((a) => [a.id, a] as const))(
      'accepts %s',
      async (_, query) => {
        const tables = await check(describer(), query.context, query.sql);
        expect(tables.length).toBeGreaterThan(0);
      },
    );
  });
}
