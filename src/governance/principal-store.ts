import type { EngineSession, Row } from '../engine/engine.ts';
import { type Principal, type PrincipalKind, parseRoles, type Role } from './principal.ts';
import { bumpCatalogGeneration } from '../catalog/catalog-cache.ts';

/** A principal as the catalog keeps it. */
export interface StoredPrincipal extends Principal {
  readonly createdAt: string;
  readonly createdBy: string;
}

function toPrincipal(r: Row): StoredPrincipal {
  return {
    id: String(r.id),
    kind: String(r.kind) as PrincipalKind,
    ...(r.display_name === null || r.display_name === undefined
      ? {}
      : { displayName: String(r.display_name) }),
    roles: parseRoles(JSON.parse(String(r.roles)) as string[]),
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
  };
}

function roleTexts(roles: readonly Role[]): string {
  return JSON.stringify(roles.map((r) => (r.kind === 'domain_owner' ? `owner:${r.domain}` : r.kind)));
}

/** Reads and writes principals (`mw_principals`). */
export class PrincipalStore {
  /** Adds a principal. */
  async insert(s: EngineSession, p: StoredPrincipal): Promise<void> {
    await s.execute(
      `INSERT INTO mw_principals (id, kind, display_name, roles, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.id, p.kind, p.displayName ?? null, roleTexts(p.roles), p.createdAt, p.createdBy],
    );
    await bumpCatalogGeneration(s);
  }

  /** Replaces a principal's roles; returns whether it exists. */
  async setRoles(s: EngineSession, id: string, roles: readonly Role[]): Promise<boolean> {
    const n = await s.execute('UPDATE mw_principals SET roles = $1 WHERE id = $2', [roleTexts(roles), id]);
    if (n > 0) await bumpCatalogGeneration(s);
    return n > 0;
  }

  /** Finds a principal, or undefined. */
  async find(s: EngineSession, id: string): Promise<StoredPrincipal | undefined> {
    const rows = await s.query('SELECT * FROM mw_principals WHERE id = $1', [id]);
    return rows[0] ? toPrincipal(rows[0]) : undefined;
  }

  /** Lists every principal by id. */
  async list(s: EngineSession): Promise<StoredPrincipal[]> {
    return (await s.query('SELECT * FROM mw_principals ORDER BY id')).map(toPrincipal);
  }
}
