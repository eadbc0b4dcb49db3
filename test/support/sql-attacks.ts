/**
 * The SQL attack corpus (test/fixtures/sql-attacks.json) and the products its payloads are tried in, shared by the
 * SDK and the CLI tests. The corpus is engine-neutral data, so that every engine's guard runs the same payloads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TEST_ENGINE, type TestEngine } from './test-store.ts';

/** Where a payload is written: a derived product's SQL, or a contract's SQL quality check. */
export type AttackContext = 'derived' | 'quality';

/** One payload and the parse-tree node its refusal must name. */
export interface SqlAttack {
  readonly id: string;
  readonly context: AttackContext;
  readonly sql: string;
  readonly refusedNode: { readonly kind: string; readonly name: string };
}

/** SQL the guard must let through on every engine. */
export interface AcceptedSql {
  readonly id: string;
  readonly context: AttackContext;
  readonly sql: string;
}

const CORPUS = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/sql-attacks.json', import.meta.url)), 'utf8'),
) as { payloads: SqlAttack[]; accepted: AcceptedSql[] };

/** Every payload of the corpus (written as DuckDB refuses it; see {@link CORPUS_DIFFERENCES} for the others). */
export const CORPUS_ATTACKS: readonly SqlAttack[] = CORPUS.payloads;

/** How one engine's parser differs from the corpus, which is written as DuckDB refuses it. */
export interface CorpusDifferences {
  /** Ids of payloads the engine's parser cannot parse: each is refused as a statement, with the parse error. */
  readonly unparsable: readonly string[];
  /** Ids of payloads whose refusal names another node on this engine, with that node. */
  readonly refusedNodes: Readonly<Record<string, SqlAttack['refusedNode']>>;
  /** Payloads of this engine's own, in the corpus's format, tried after the corpus. */
  readonly extraPayloads: readonly SqlAttack[];
}

/** Reads payloads in the corpus's format from a fixture file of test/fixtures. */
export function readSqlAttacks(file: string): SqlAttack[] {
  const url = new URL(`../fixtures/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as { payloads: SqlAttack[] }).payloads;
}

/** Each engine's differences from the corpus. */
export const CORPUS_DIFFERENCES: Readonly<Record<TestEngine, CorpusDifferences>> = {
  duckdb: { unparsable: [], refusedNodes: {}, extraPayloads: [] },
  postgres: {
    // DuckDB-only syntax: FROM-first queries, file names in FROM (replacement scans), DESCRIBE and SUMMARIZE.
    unparsable: [
      'd-replacement-scan-csv',
      'd-replacement-scan-passwd',
      'd-from-first',
      'd-describe',
      'd-summarize',
      'q-from-first-subquery',
      'q-replacement-scan',
      'q-summarize',
    ],
    // PostgreSQL folds unquoted names to lowercase where DuckDB keeps them as written.
    refusedNodes: { 'd-upper-case': { kind: 'relation', name: 'mw_tokens' } },
    extraPayloads: readSqlAttacks('sql-attacks-postgres.json'),
  },
};

/** The node the refusal of `attack` names on `engine`: a statement the engine cannot parse, or the corpus's node. */
export function refusedNodeOn(attack: SqlAttack, engine: TestEngine): SqlAttack['refusedNode'] {
  const differences = CORPUS_DIFFERENCES[engine];
  if (differences.unparsable.includes(attack.id)) return { kind: 'statement', name: 'statement' };
  return differences.refusedNodes[attack.id] ?? attack.refusedNode;
}

/**
 * The payloads tried on this run's engine, each with the node its refusal names there: the corpus and the engine's
 * own payloads.
 */
export const SQL_ATTACKS: readonly SqlAttack[] = [
  ...CORPUS_ATTACKS,
  ...CORPUS_DIFFERENCES[TEST_ENGINE].extraPayloads,
].map((attack) => ({ ...attack, refusedNode: refusedNodeOn(attack, TEST_ENGINE) }));

/** Every accepted query of the corpus: written like the payloads, valid SQL on every engine. */
export const SQL_ACCEPTED: readonly AcceptedSql[] = CORPUS.accepted;

/** The id the derived product of a payload gets (a valid product name). */
export function attackProductId(attack: SqlAttack): string {
  return `sales.attack_${attack.id.replaceAll('-', '_')}`;
}

/** A derived product of domain sales reading sales.transactions with the given SQL. */
export function derivedAttackSpec(id: string, sql: string): Record<string, unknown> {
  return {
    id,
    name: 'Attack probe',
    domain: 'sales',
    owner: 'sales-team',
    description: 'A derived product whose SQL tries to read what it may not.',
    version: '1.0.0',
    upstream: ['sales.transactions'],
    derived: { sql },
    schema: { fields: [{ name: 'v', type: 'string', description: 'Anything.' }] },
  };
}

/** The same product as a Meshwork YAML descriptor (JSON is YAML). */
export function derivedAttackYaml(id: string, sql: string): string {
  return `${JSON.stringify(derivedAttackSpec(id, sql), null, 2)}\n`;
}

/** Puts a payload in place of the sales.orders contract's `europe_orders` SQL check. */
export function withQualityPayload(contract: string, sql: string): string {
  const indented = sql
    .split('\n')
    .map((line) => `          ${line}`)
    .join('\n');
  const original = "          SELECT COUNT(*) FROM orders WHERE orders.region = 'Europe'";
  if (!contract.includes(original))
    throw new Error('the orders contract no longer has the europe_orders check');
  return contract.replace(original, indented);
}

/** Tells whether a refusal's structured details name the payload's node. */
export function namesNode(details: unknown, attack: SqlAttack): boolean {
  const node = (details as { node?: { kind?: unknown; name?: unknown } } | undefined)?.node;
  return node?.kind === attack.refusedNode.kind && node.name === attack.refusedNode.name;
}

/** The words a refusal message must contain for the payload: the node's kind (unless a construct) and name. */
export function nodeText(attack: SqlAttack): string {
  const { kind, name } = attack.refusedNode;
  return kind === 'construct' || name === kind ? name : `${kind} ${name}`;
}
