import { MeshError } from '../core/errors.ts';
import { PRODUCT_STATUSES, type ProductStatus } from '../core/lifecycle.ts';
import type { EngineSession, Row } from '../engine/engine.ts';

/** The pattern a domain name follows: the first part of a product id. */
export const DOMAIN_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** A business area owning products, as the catalog describes it. */
export interface Domain {
  readonly name: string;
  /** What the domain covers, or null when nobody described it yet. */
  readonly description: string | null;
  /** The team answering for the domain's products, or null when not set. */
  readonly ownerTeam: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A domain with how many of its products are in each lifecycle state. */
export interface DomainSummary extends Domain {
  readonly products: Readonly<Record<ProductStatus, number>> & { readonly total: number };
}

/** What {@link DomainRegistry.define} changes; fields left out keep their stored value. */
export interface DomainDefinition {
  readonly name: string;
  readonly description?: string;
  readonly ownerTeam?: string;
}

function text(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function toDomain(r: Row): Domain {
  return {
    name: String(r.name),
    description: text(r.description),
    ownerTeam: text(r.owner_team),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function emptyCounts(): Record<ProductStatus, number> & { total: number } {
  const counts = { total: 0 } as Record<ProductStatus, number> & { total: number };
  for (const s of PRODUCT_STATUSES) counts[s] = 0;
  return counts;
}

/**
 * Checks a domain definition before it is stored.
 * @throws MeshError `invalid_input` naming the bad part and the fix.
 */
export function assertDomainDefinition(input: DomainDefinition): void {
  if (typeof input.name !== 'string' || !DOMAIN_NAME_PATTERN.test(input.name)) {
    throw new MeshError(
      'invalid_input',
      `domain name ${JSON.stringify(input.name)} is not valid; use lowercase letters, digits and underscores, starting with a letter (e.g. sales)`,
    );
  }
  for (const [key, flag] of [
    ['description', 'description'],
    ['ownerTeam', 'owner team'],
  ] as const) {
    const value = input[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new MeshError(
        'invalid_input',
        `the ${flag} of domain ${input.name} must be non-empty text; leave it out to keep the stored one`,
      );
    }
  }
}

/** Reads and writes domains in the catalog (`mw_domains`). */
export class DomainRegistry {
  /** Registers a domain by name when it is not known yet; a known domain is left as it is. */
  async ensure(s: EngineSession, name: string, at: string): Promise<void> {
    await s.execute(
      `INSERT INTO mw_domains (name, description, owner_team, created_at, updated_at) VALUES ($1, NULL, NULL, $2, $2)
       ON CONFLICT (name) DO NOTHING`,
      [name, at],
    );
  }

  /**
   * Creates a domain or changes its description and owner team.
   * @throws MeshError `invalid_input` for a malformed name or empty text.
   */
  async define(s: EngineSession, input: DomainDefinition, at: string): Promise<Domain> {
    assertDomainDefinition(input);
    await this.ensure(s, input.name, at);
    const sets: string[] = [];
    const params: string[] = [];
    if (input.description !== undefined) {
      params.push(input.description.trim());
      sets.push(`description = $${params.length}`);
    }
    if (input.ownerTeam !== undefined) {
      params.push(input.ownerTeam.trim());
      sets.push(`owner_team = $${params.length}`);
    }
    params.push(at);
    sets.push(`updated_at = $${params.length}`);
    params.push(input.name);
    await s.execute(`UPDATE mw_domains SET ${sets.join(', ')} WHERE name = $${params.length}`, params);
    const found = await this.find(s, input.name);
    if (!found) throw new Error(`domain ${input.name} was defined but cannot be read back`);
    return found;
  }

  /** Finds a domain by name, or undefined. */
  async find(s: EngineSession, name: string): Promise<Domain | undefined> {
    const rows = await s.query('SELECT * FROM mw_domains WHERE name = $1', [name]);
    return rows[0] === undefined ? undefined : toDomain(rows[0]);
  }

  /**
   * Lists every domain, ordered by name, with its product counts per status. Domains that only appear in product
   * ids (stores written before domains were recorded) are listed too, undescribed.
   */
  async list(s: EngineSession): Promise<DomainSummary[]> {
    const domains = new Map<string, Domain>();
    for (const r of await s.query('SELECT * FROM mw_domains ORDER BY name')) {
      const d = toDomain(r);
      domains.set(d.name, d);
    }
    const counts = new Map<string, Record<ProductStatus, number> & { total: number }>();
    const firstSeen = new Map<string, string>();
    const rows = await s.query(
      'SELECT domain, status, COUNT(*) AS n, MIN(created_at) AS first_at FROM mw_products GROUP BY domain, status',
    );
    for (const r of rows) {
      const name = String(r.domain);
      const status = String(r.status) as ProductStatus;
      const c = counts.get(name) ?? emptyCounts();
      c[status] = (c[status] ?? 0) + Number(r.n);
      c.total += Number(r.n);
      counts.set(name, c);
      const first = String(r.first_at);
      const known = firstSeen.get(name);
      if (known === undefined || first < known) firstSeen.set(name, first);
    }
    const names = [...new Set([...domains.keys(), ...counts.keys()])].sort();
    return names.map((name) => {
      const at = firstSeen.get(name) ?? '';
      const d = domains.get(name) ?? {
        name,
        description: null,
        ownerTeam: null,
        createdAt: at,
        updatedAt: at,
      };
      return { ...d, products: counts.get(name) ?? emptyCounts() };
    });
  }
}
