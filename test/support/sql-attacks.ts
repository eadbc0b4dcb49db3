/**
 * The SQL attack corpus (test/fixtures/sql-attacks.json) and the products its payloads are tried in, shared by the
 * SDK and the CLI tests. The corpus is engine-neutral data, so that every engine's guard runs the same payloads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/** Every payload of the corpus. */
export const SQL_ATTACKS: readonly SqlAttack[] = CORPUS.payloads;

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
  return kind === 'construct' ? name : `${kind} ${name}`;
}
