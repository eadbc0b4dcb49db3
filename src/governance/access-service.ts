import { DEFAULT_PORT } from '../core/access-spec.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import type { EngineSession } from '../engine/engine.ts';
import { type AccessRequest, type Grant, isGrantActive } from './access-store.ts';
import { assertCanManageDomain, unauthorized } from './authorization.ts';
import { audit, type GovernedContext, governanceStores, governed } from './governed-context.ts';
import { maskingPlanFor } from './masking.ts';
import { evaluateStoredPolicies } from './policy-facts.ts';
import { majorOf } from './policy-input.ts';
import { PolicyViolationError } from './policy-violation-error.ts';
import { canManageDomain, isPlatformAdmin, ownedDomains } from './principal.ts';

/** Who decides an auto-approved request. */
export const AUTO_APPROVER = 'system:auto-approval';

/** A consumer's request for access. */
export interface AccessRequestInput {
  readonly product: string;
  /** The output port (default `default`, the only one until products declare ports). */
  readonly port?: string;
  /** Why the data is needed; kept with the grant and shown to the owner. */
  readonly purpose: string;
  /** Ask to read PII fields unmasked. */
  readonly pii?: boolean;
  /** When the grant should end (ISO date or time); none by default. */
  readonly expiresAt?: string;
}

/** Options for approving a request. */
export interface ApproveOptions {
  readonly comment?: string;
  /** Overrides the expiry the consumer asked for (an owner may shorten it). */
  readonly expiresAt?: string;
}

async function productOf(s: EngineSession, g: GovernedContext, id: string): Promise<ProductDescriptor> {
  const record = await g.registry.find(s, id);
  if (!record) throw new MeshError('not_found', `product ${id} is not in the catalog`);
  return record.descriptor;
}

function toExpiry(g: GovernedContext, text: string | undefined, what: string): string | null {
  if (text === undefined) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(ms))
    throw new MeshError('invalid_input', `${what} must be a date (YYYY-MM-DD) or an ISO time, got ${text}`);
  const iso = new Date(ms).toISOString();
  if (iso <= g.now().toISOString())
    throw new MeshError('invalid_input', `${what} ${text} is already past; choose a later date`);
  return iso;
}

function autoApproves(d: ProductDescriptor, purpose: string, pii: boolean): boolean {
  const auto = d.access?.autoApprove;
  if (!auto) return false;
  if (auto.purposes.includes(purpose)) return true;
  // Without PII the consumer sees every PII field masked, which the owner declared acceptable.
  return auto.nonPii && (!pii || maskingPlanFor(d.schema).size === 0);
}

async function grantFor(
  g: GovernedContext,
  tx: EngineSession,
  request: AccessRequest,
  d: ProductDescriptor,
  by: string,
  comment: string | null,
  expiresAt: string | null,
): Promise<Grant> {
  const at = g.now().toISOString();
  const grant = await governanceStores.access.insertGrant(tx, {
    requestId: request.id,
    productId: request.productId,
    port: request.port,
    principalId: request.principalId,
    purpose: request.purpose,
    pii: request.pii,
    majorVersion: majorOf(d.version),
    grantedBy: by,
    grantedAt: at,
    expiresAt,
  });
  await governanceStores.access.decide(tx, request.id, {
    status: 'approved',
    by,
    at,
    comment,
    grantId: grant.id,
  });
  await governanceStores.notifications.add(tx, {
    recipient: request.principalId,
    kind: 'access_approved',
    productId: request.productId,
    message: `your access to ${request.productId} (${request.port}) was approved by ${by}${comment ? `: ${comment}` : ''}`,
    details: { requestId: request.id, grantId: grant.id, pii: grant.pii, expiresAt },
    createdAt: at,
  });
  return grant;
}

/**
 * Asks for access to a product's output port with a purpose. Refused by blocking `access` policies; approved at once
 * when the product's contract declares auto-approval for it; otherwise pending until an owner decides.
 * @throws MeshError `invalid_input`, `not_found`, `conflict` (a pending request or an active grant exists, or the
 * product is not published), `unauthorized` (no role to request with); PolicyViolationError.
 */
export function requestAccess(g: GovernedContext, input: AccessRequestInput): Promise<AccessRequest> {
  return governed(g, 'access.request', input.product, async (tx) => {
    const p = g.principal;
    if (p.roles.length === 0)
      throw unauthorized(p, 'request access', 'a principal needs a role (consumer at least)');
    const purpose = input.purpose?.trim() ?? '';
    if (purpose === '')
      throw new MeshError('invalid_input', 'an access request needs a purpose: say why you need the data');
    const port = input.port ?? DEFAULT_PORT;
    const d = await productOf(tx, g, input.product);
    if (port !== DEFAULT_PORT) {
      throw new MeshError(
        'not_found',
        `${d.id} has no output port ${port}; its only port is ${DEFAULT_PORT}`,
      );
    }
    if (canManageDomain(p, d.domain)) {
      throw new MeshError(
        'conflict',
        `${p.id} already reads ${d.id} as ${isPlatformAdmin(p) ? 'a platform admin' : `an owner of ${d.domain}`}`,
      );
    }
    if (d.status !== 'published' && d.status !== 'deprecated') {
      throw new MeshError('conflict', `${d.id} is ${d.status}; access can be requested once it is published`);
    }
    const expiresAt = toExpiry(g, input.expiresAt, 'expiresAt');
    const at = g.now().toISOString();
    const pending = await governanceStores.access.listRequests(tx, {
      productId: d.id,
      principalId: p.id,
      status: 'pending',
    });
    if (pending[0])
      throw new MeshError(
        'conflict',
        `request #${pending[0].id} for ${d.id} is already waiting for its owner`,
      );
    const current = majorOf(d.version);
    const grants = (
      await governanceStores.access.listGrants(tx, { productId: d.id, principalId: p.id })
    ).filter((gr) => isGrantActive(gr, at) && gr.majorVersion >= current && (gr.pii || !input.pii));
    if (grants[0]) throw new MeshError('conflict', `${p.id} already holds grant #${grants[0].id} on ${d.id}`);
    const pii = input.pii ?? false;
    const evaluation = await evaluateStoredPolicies(tx, d, 'access', at, {
      operation: 'request',
      principal: p,
      purpose,
      port,
      pii,
    });
    if (!evaluation.passed) throw new PolicyViolationError('access request', d.id, evaluation.blocking);
    const request = await governanceStores.access.insertRequest(tx, {
      productId: d.id,
      port,
      principalId: p.id,
      purpose,
      pii,
      expiresAt,
      createdAt: at,
    });
    await audit(g, tx, 'access.request', d.id, 'ok', { requestId: request.id, purpose, pii, expiresAt });
    if (autoApproves(d, purpose, pii)) {
      const grant = await grantFor(
        g,
        tx,
        request,
        d,
        AUTO_APPROVER,
        'auto-approved by the product contract',
        expiresAt,
      );
      await audit(g, tx, 'access.approve', d.id, 'ok', {
        requestId: request.id,
        grantId: grant.id,
        by: AUTO_APPROVER,
      });
      return (await governanceStores.access.findRequest(tx, request.id)) as AccessRequest;
    }
    await notifyOwners(tx, d, request);
    return request;
  });
}

async function notifyOwners(tx: EngineSession, d: ProductDescriptor, r: AccessRequest): Promise<void> {
  const owners = (await governanceStores.principals.list(tx)).filter((p) =>
    ownedDomains(p).includes(d.domain),
  );
  for (const owner of owners) {
    await governanceStores.notifications.add(tx, {
      recipient: owner.id,
      kind: 'access_requested',
      productId: d.id,
      message: `${r.principalId} asks to read ${d.id}${r.pii ? ' with PII' : ''} for: ${r.purpose} (meshwork access approve ${r.id})`,
      details: { requestId: r.id },
      createdAt: r.createdAt,
    });
  }
}

async function pendingRequest(tx: EngineSession, id: number): Promise<AccessRequest> {
  const r = await governanceStores.access.findRequest(tx, id);
  if (!r)
    throw new MeshError(
      'not_found',
      `there is no access request #${id}; list them with meshwork access list`,
    );
  if (r.status !== 'pending') {
    throw new MeshError(
      'conflict',
      `access request #${id} was already ${r.status} by ${r.decidedBy ?? ''} at ${r.decidedAt ?? ''}`,
    );
  }
  return r;
}

/**
 * Approves a pending request: creates a grant pinned to the product's current major version.
 * @throws MeshError `not_found`, `conflict` (already decided), `unauthorized` (not an admin or owner of the domain).
 */
export function approveRequest(
  g: GovernedContext,
  requestId: number,
  options: ApproveOptions = {},
): Promise<Grant> {
  return governed(g, 'access.approve', `request:${requestId}`, async (tx) => {
    const r = await pendingRequest(tx, requestId);
    const d = await productOf(tx, g, r.productId);
    assertCanManageDomain(g.principal, d.domain, `approve access to ${d.id}`);
    const expiresAt =
      options.expiresAt === undefined ? r.expiresAt : toExpiry(g, options.expiresAt, 'expiresAt');
    const grant = await grantFor(g, tx, r, d, g.principal.id, options.comment ?? null, expiresAt);
    await audit(g, tx, 'access.approve', d.id, 'ok', {
      requestId,
      grantId: grant.id,
      comment: options.comment ?? null,
    });
    return grant;
  });
}

/**
 * Rejects a pending request with a comment saying why.
 * @throws MeshError `invalid_input` without a comment, `not_found`, `conflict`, `unauthorized`.
 */
export function rejectRequest(
  g: GovernedContext,
  requestId: number,
  comment: string,
): Promise<AccessRequest> {
  return governed(g, 'access.reject', `request:${requestId}`, async (tx) => {
    const r = await pendingRequest(tx, requestId);
    const d = await productOf(tx, g, r.productId);
    assertCanManageDomain(g.principal, d.domain, `reject access to ${d.id}`);
    if (comment.trim() === '')
      throw new MeshError('invalid_input', 'a rejection needs a comment telling the consumer why');
    const at = g.now().toISOString();
    await governanceStores.access.decide(tx, requestId, {
      status: 'rejected',
      by: g.principal.id,
      at,
      comment,
      grantId: null,
    });
    await governanceStores.notifications.add(tx, {
      recipient: r.principalId,
      kind: 'access_rejected',
      productId: r.productId,
      message: `your access request #${requestId} to ${r.productId} was rejected by ${g.principal.id}: ${comment}`,
      details: { requestId },
      createdAt: at,
    });
    await audit(g, tx, 'access.reject', d.id, 'ok', { requestId, comment });
    return (await governanceStores.access.findRequest(tx, requestId)) as AccessRequest;
  });
}

/**
 * Revokes a grant: it stops working at once. Admins and owners of the product's domain may, and so may its holder.
 * @throws MeshError `not_found`, `conflict` (already revoked), `unauthorized`.
 */
export function revokeGrant(g: GovernedContext, grantId: number, comment?: string): Promise<Grant> {
  return governed(g, 'grant.revoke', `grant:${grantId}`, async (tx) => {
    const grant = await governanceStores.access.findGrant(tx, grantId);
    if (!grant)
      throw new MeshError(
        'not_found',
        `there is no grant #${grantId}; list them with meshwork access list --grants`,
      );
    const d = await productOf(tx, g, grant.productId);
    if (grant.principalId !== g.principal.id)
      assertCanManageDomain(g.principal, d.domain, `revoke grants on ${d.id}`);
    const at = g.now().toISOString();
    if (!(await governanceStores.access.revokeGrant(tx, grantId, at, g.principal.id, comment ?? null))) {
      throw new MeshError('conflict', `grant #${grantId} was already revoked at ${grant.revokedAt ?? ''}`);
    }
    if (grant.principalId !== g.principal.id) {
      await governanceStores.notifications.add(tx, {
        recipient: grant.principalId,
        kind: 'grant_revoked',
        productId: grant.productId,
        message: `your grant #${grantId} on ${grant.productId} was revoked by ${g.principal.id}${comment ? `: ${comment}` : ''}`,
        details: { grantId },
        createdAt: at,
      });
    }
    await audit(g, tx, 'grant.revoke', d.id, 'ok', {
      grantId,
      holder: grant.principalId,
      comment: comment ?? null,
    });
    return (await governanceStores.access.findGrant(tx, grantId)) as Grant;
  });
}
