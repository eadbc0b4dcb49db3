import type { Scalar } from '../core/schema.ts';
import type { EngineSession, Row } from '../engine/engine.ts';
import { bumpCatalogGeneration } from '../catalog/catalog-cache.ts';

/** States of an access request. */
export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
/** An access request state. */
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** A consumer's request to read a product's output port, and the owner's decision. */
export interface AccessRequest {
  readonly id: number;
  readonly productId: string;
  readonly port: string;
  /** Who asks. */
  readonly principalId: string;
  readonly purpose: string;
  /** Whether PII fields are asked for unmasked. */
  readonly pii: boolean;
  /** When the grant should end (ISO), or null for no end. */
  readonly expiresAt: string | null;
  readonly status: AccessRequestStatus;
  readonly createdAt: string;
  /** Who decided: a principal id, or `system:auto-approval`. */
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly comment: string | null;
  /** The grant an approval created. */
  readonly grantId: number | null;
}

/** Permission for one principal to read one product's output port, pinned to a contract major version. */
export interface Grant {
  readonly id: number;
  readonly requestId: number | null;
  readonly productId: string;
  readonly port: string;
  readonly principalId: string;
  readonly purpose: string;
  /** Whether PII fields are read unmasked. */
  readonly pii: boolean;
  /** The contract major version the grant was given for. */
  readonly majorVersion: number;
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revokeComment: string | null;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toRequest(r: Row): AccessRequest {
  return {
    id: Number(r.id),
    productId: String(r.product_id),
    port: String(r.port),
    principalId: String(r.principal_id),
    purpose: String(r.purpose),
    pii: r.pii === true,
    expiresAt: text(r.expires_at),
    status: String(r.status) as AccessRequestStatus,
    createdAt: String(r.created_at),
    decidedBy: text(r.decided_by),
    decidedAt: text(r.decided_at),
    comment: text(r.comment),
    grantId: num(r.grant_id),
  };
}

function toGrant(r: Row): Grant {
  return {
    id: Number(r.id),
    requestId: num(r.request_id),
    productId: String(r.product_id),
    port: String(r.port),
    principalId: String(r.principal_id),
    purpose: String(r.purpose),
    pii: r.pii === true,
    majorVersion: Number(r.major_version),
    grantedBy: String(r.granted_by),
    grantedAt: String(r.granted_at),
    expiresAt: text(r.expires_at),
    revokedAt: text(r.revoked_at),
    revokedBy: text(r.revoked_by),
    revokeComment: text(r.revoke_comment),
  };
}

/** Tells whether a grant works at a moment: not revoked and not expired. */
export function isGrantActive(g: Grant, at: string): boolean {
  return g.revokedAt === null && (g.expiresAt === null || g.expiresAt > at);
}

/** Filters for listing requests and grants. */
export interface AccessListFilter {
  readonly productId?: string;
  readonly principalId?: string;
  readonly status?: AccessRequestStatus;
  /** Only products of these domains. */
  readonly domains?: readonly string[];
}

function where(f: AccessListFilter, alias: string): { sql: string; params: Scalar[] } {
  const conds: string[] = [];
  const params: Scalar[] = [];
  const add = (sql: string, value: Scalar): void => {
    params.push(value);
    conds.push(`${sql} $${params.length}`);
  };
  if (f.productId !== undefined) add(`${alias}.product_id =`, f.productId);
  if (f.principalId !== undefined) add(`${alias}.principal_id =`, f.principalId);
  if (f.status !== undefined) add(`${alias}.status =`, f.status);
  if (f.domains !== undefined) {
    if (f.domains.length === 0) conds.push('1 = 0');
    else {
      const marks = f.domains.map((d) => {
        params.push(d);
        return `$${params.length}`;
      });
      conds.push(`p.domain IN (${marks.join(', ')})`);
    }
  }
  return { sql: conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '', params };
}

/** Keeps access requests (`mw_access_requests`) and grants (`mw_grants`). */
export class AccessStore {
  /** Stores a new pending request and returns it. */
  async insertRequest(
    s: EngineSession,
    r: Omit<AccessRequest, 'id' | 'status' | 'decidedBy' | 'decidedAt' | 'comment' | 'grantId'>,
  ): Promise<AccessRequest> {
    const rows = await s.query(
      `INSERT INTO mw_access_requests (id, product_id, port, principal_id, purpose, pii, expires_at, status, created_at)
       VALUES (nextval('mw_access_requests_seq'), $1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING *`,
      [r.productId, r.port, r.principalId, r.purpose, r.pii, r.expiresAt, r.createdAt],
    );
    if (!rows[0]) throw new Error('storing an access request returned no row');
    return toRequest(rows[0]);
  }

  /** Records a decision on a pending request; returns false when it was no longer pending. */
  async decide(
    s: EngineSession,
    id: number,
    decision: {
      status: 'approved' | 'rejected';
      by: string;
      at: string;
      comment: string | null;
      grantId: number | null;
    },
  ): Promise<boolean> {
    const n = await s.execute(
      `UPDATE mw_access_requests SET status = $1, decided_by = $2, decided_at = $3, comment = $4, grant_id = $5
       WHERE id = $6 AND status = 'pending'`,
      [decision.status, decision.by, decision.at, decision.comment, decision.grantId, id],
    );
    return n > 0;
  }

  /** Finds a request, or undefined. */
  async findRequest(s: EngineSession, id: number): Promise<AccessRequest | undefined> {
    const rows = await s.query('SELECT * FROM mw_access_requests WHERE id = $1', [id]);
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  /** Lists requests, newest first. */
  async listRequests(s: EngineSession, f: AccessListFilter = {}): Promise<AccessRequest[]> {
    const w = where(f, 'r');
    const rows = await s.query(
      `SELECT r.* FROM mw_access_requests r LEFT JOIN mw_products p ON p.id = r.product_id${w.sql} ORDER BY r.id DESC`,
      w.params,
    );
    return rows.map(toRequest);
  }

  /** Stores a new grant and returns it. */
  async insertGrant(
    s: EngineSession,
    g: Omit<Grant, 'id' | 'revokedAt' | 'revokedBy' | 'revokeComment'>,
  ): Promise<Grant> {
    const rows = await s.query(
      `INSERT INTO mw_grants (id, request_id, product_id, port, principal_id, purpose, pii, major_version, granted_by,
         granted_at, expires_at) VALUES (nextval('mw_grants_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        g.requestId,
        g.productId,
        g.port,
        g.principalId,
        g.purpose,
        g.pii,
        g.majorVersion,
        g.grantedBy,
        g.grantedAt,
        g.expiresAt,
      ],
    );
    await bumpCatalogGeneration(s);
    if (!rows[0]) throw new Error('storing a grant returned no row');
    return toGrant(rows[0]);
  }

  /** Finds a grant, or undefined. */
  async findGrant(s: EngineSession, id: number): Promise<Grant | undefined> {
    const rows = await s.query('SELECT * FROM mw_grants WHERE id = $1', [id]);
    return rows[0] ? toGrant(rows[0]) : undefined;
  }

  /** Lists grants, newest first. */
  async listGrants(s: EngineSession, f: AccessListFilter = {}): Promise<Grant[]> {
    const { status: _status, ...grantFilter } = f;
    const w = where(grantFilter, 'g');
    const rows = await s.query(
      `SELECT g.* FROM mw_grants g LEFT JOIN mw_products p ON p.id = g.product_id${w.sql} ORDER BY g.id DESC`,
      w.params,
    );
    return rows.map(toGrant);
  }

  /** The grants of a product that work at a moment. */
  async activeGrants(s: EngineSession, productId: string, at: string): Promise<Grant[]> {
    const rows = await s.query(
      `SELECT * FROM mw_grants WHERE product_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
       ORDER BY id`,
      [productId, at],
    );
    return rows.map(toGrant);
  }

  /** Revokes a grant; returns false when it was already revoked. */
  async revokeGrant(
    s: EngineSession,
    id: number,
    at: string,
    by: string,
    comment: string | null,
  ): Promise<boolean> {
    const n = await s.execute(
      'UPDATE mw_grants SET revoked_at = $1, revoked_by = $2, revoke_comment = $3 WHERE id = $4 AND revoked_at IS NULL',
      [at, by, comment, id],
    );
    if (n > 0) await bumpCatalogGeneration(s);
    return n > 0;
  }
}
