import type { ProductSpec } from '../core/descriptor.ts';
import { type AccessListOptions, listGrants, listRequests } from './access-listing.ts';
import {
  type AccessRequestInput,
  type ApproveOptions,
  approveRequest,
  rejectRequest,
  requestAccess,
  revokeGrant,
} from './access-service.ts';
import type { AccessRequest, Grant } from './access-store.ts';
import type {
  AuditEntry,
  AuditHead,
  AuditQuery,
  AuditVerification,
  AuditVerifyOptions,
} from './audit-log.ts';
import { assertPlatformAdmin } from './authorization.ts';
import { type ComplianceReport, complianceReport } from './compliance.ts';
import type { TraceNode } from './explain-expression.ts';
import { audit, type GovernedContext, governanceStores } from './governed-context.ts';
import {
  addPrincipal,
  type CreatedToken,
  type CreateTokenOptions,
  authenticateToken,
  createToken,
  listPrincipals,
  listTokens,
  type NewPrincipal,
  revokeToken,
  setPrincipalRoles,
} from './identity-service.ts';
import { type MigrationReport, migrationReport } from './migration-report.ts';
import type { Notification } from './notification-store.ts';
import type { PolicyEvaluation, PolicyEvent, StoredPolicy } from './policy.ts';
import {
  type ApplyPoliciesResult,
  applyPolicies,
  enforcePolicies,
  evaluatePolicies,
  findPolicy,
  listPolicies,
  type PolicyHookContext,
  type PolicyTestResult,
  policyHistory,
  storedPolicyResults,
  testPolicy,
} from './policy-service.ts';
import type { PolicyVersion, StoredPolicyResult } from './policy-store.ts';
import type { Principal, Role } from './principal.ts';
import type { StoredPrincipal } from './principal-store.ts';
import { manageRefusal } from './product-gate.ts';
import type { TokenInfo } from './token-store.ts';
import type { CatalogCache } from '../catalog/catalog-cache.ts';

/**
 * Governance of one mesh handle, acting as its principal: principals and tokens, policies as code and compliance,
 * access requests and grants, notifications and the tamper-evident audit log.
 * @example
 * const gov = mesh.governance;
 * const request = await (await mesh.as('bob')).governance.requestAccess({ product: 'sales.transactions', purpose: 'churn model' });
 * await gov.approve(request.id, { comment: 'ok for Q4' });
 */
export class Governance {
  readonly #g: GovernedContext;
  /** The mesh's per-process cache, for token checks (which sync it first). */
  readonly #cache: CatalogCache | undefined;

  /** @internal Use `mesh.governance`. */
  constructor(g: GovernedContext, cache?: CatalogCache) {
    this.#g = g;
    this.#cache = cache;
  }

  /** The principal this handle acts as. */
  get principal(): Principal {
    return this.#g.principal;
  }

  // Principals and tokens

  /** Registers a user or service account with roles (admins only). */
  addPrincipal(input: NewPrincipal): Promise<StoredPrincipal> {
    return addPrincipal(this.#g, input);
  }

  /** Replaces a principal's roles (admins only). */
  setRoles(principalId: string, roles: readonly (string | Role)[]): Promise<StoredPrincipal> {
    return setPrincipalRoles(this.#g, principalId, roles);
  }

  /** Lists principals (admins see all, others themselves). */
  listPrincipals(): Promise<StoredPrincipal[]> {
    return listPrincipals(this.#g);
  }

  /** Creates an API token; the returned `token` is the only time its secret is shown. */
  createToken(options: CreateTokenOptions = {}): Promise<CreatedToken> {
    return createToken(this.#g, options);
  }

  /** Lists tokens without their secrets. */
  listTokens(principalId?: string): Promise<TokenInfo[]> {
    return listTokens(this.#g, principalId);
  }

  /** Revokes a token at once. */
  revokeToken(tokenId: string): Promise<TokenInfo> {
    return revokeToken(this.#g, tokenId);
  }

  /**
   * Tells whose an API token is, as `Mesh.open({ token })` does, without opening the store again: a server uses it
   * once per request and then acts with `mesh.as(principal)`. Every refusal is audited (without the secret).
   * @throws MeshError `unauthorized` for an empty, malformed, unknown, wrong, expired or revoked token, or a removed
   * principal.
   * @example const principal = await mesh.governance.authenticate(bearer); const handle = await mesh.as(principal);
   */
  authenticate(token: string): Promise<Principal> {
    return authenticateToken(this.#g.engine, token, this.#g.now(), this.#g.audit, this.#cache);
  }

  // Policies and compliance

  /** Applies a policy document (parsed YAML): new policies or new versions, then re-evaluates affected products. */
  applyPolicies(document: unknown): Promise<ApplyPoliciesResult> {
    return applyPolicies(this.#g, document);
  }

  /** Lists policies; with a domain, the global ones and that domain's. */
  listPolicies(filter: { domain?: string } = {}): Promise<StoredPolicy[]> {
    return listPolicies(this.#g, filter);
  }

  /** Reads one policy. */
  policy(id: string): Promise<StoredPolicy> {
    return findPolicy(this.#g, id);
  }

  /** Lists every version of a policy. */
  policyHistory(id: string): Promise<PolicyVersion[]> {
    return policyHistory(this.#g, id);
  }

  /** Evaluates one policy against one product and names the offending paths. */
  async testPolicy(policyId: string, productId: string, event?: PolicyEvent): Promise<PolicyTestResult> {
    const { trace: _trace, ...result } = await testPolicy(this.#g, policyId, productId, event);
    return result;
  }

  /** Evaluates one policy against one product with the full evaluation trace. */
  explainPolicy(
    policyId: string,
    productId: string,
    event?: PolicyEvent,
  ): Promise<PolicyTestResult & { readonly trace: TraceNode }> {
    return testPolicy(this.#g, policyId, productId, event);
  }

  /**
   * The policy hook for publish pipelines: evaluates every policy that applies to a product (registered or about to
   * be) at an event and returns blocking violations and warnings, each with its offending path.
   */
  evaluatePolicies(event: PolicyEvent, context: PolicyHookContext): Promise<PolicyEvaluation> {
    return evaluatePolicies(this.#g, event, context);
  }

  /**
   * Like {@link Governance.evaluatePolicies}, but throws when a blocking policy fails.
   * @throws PolicyViolationError listing every blocking violation.
   */
  enforcePolicies(event: PolicyEvent, context: PolicyHookContext): Promise<PolicyEvaluation> {
    return enforcePolicies(this.#g, event, context);
  }

  /**
   * The gate for publish pipelines (e.g. `publishSpec`'s `beforePublish`): checks that the acting principal may
   * publish products of the spec's domain, then enforces the publish policies on the spec as it would be published.
   * @throws MeshError `unauthorized`; PolicyViolationError listing every blocking violation. Both are audited.
   */
  async checkPublish(spec: ProductSpec): Promise<PolicyEvaluation> {
    const refusal = manageRefusal(this.#g, spec.domain, `publish ${spec.id}`);
    if (refusal) {
      await audit(this.#g, this.#g.engine, 'product.publish', spec.id, 'denied', {
        message: refusal.message,
      });
      throw refusal;
    }
    return enforcePolicies(this.#g, 'publish', {
      product: { ...spec, status: 'published' },
      request: { operation: 'publish', to: 'published' },
    });
  }

  /** Evaluates compliance for a product, a domain or the whole mesh, and stores the results. */
  compliance(options: { domain?: string; product?: string } = {}): Promise<ComplianceReport> {
    return complianceReport(this.#g, options);
  }

  /** Reads stored policy results with the policy version each used. */
  policyResults(productId?: string): Promise<StoredPolicyResult[]> {
    return storedPolicyResults(this.#g, productId);
  }

  // Access

  /** Requests access to a product's output port with a purpose. */
  requestAccess(input: AccessRequestInput): Promise<AccessRequest> {
    return requestAccess(this.#g, input);
  }

  /** Approves a pending request (admins and owners of the product's domain). */
  approve(requestId: number, options: ApproveOptions = {}): Promise<Grant> {
    return approveRequest(this.#g, requestId, options);
  }

  /** Rejects a pending request with a comment. */
  reject(requestId: number, comment: string): Promise<AccessRequest> {
    return rejectRequest(this.#g, requestId, comment);
  }

  /** Lists the access requests this principal may see. */
  listRequests(options: AccessListOptions = {}): Promise<AccessRequest[]> {
    return listRequests(this.#g, options);
  }

  /** Lists the grants this principal may see (active ones unless `all`). */
  listGrants(options: AccessListOptions = {}): Promise<Grant[]> {
    return listGrants(this.#g, options);
  }

  /** Revokes a grant. */
  revokeGrant(grantId: number, comment?: string): Promise<Grant> {
    return revokeGrant(this.#g, grantId, comment);
  }

  /** Reports consumers still on an older major version of a product. */
  migrationReport(productId: string): Promise<MigrationReport> {
    return migrationReport(this.#g, productId);
  }

  // Notifications and audit

  /**
   * Lists notifications for a principal (default: the acting one); only admins read others'.
   * @throws MeshError `unauthorized` for another principal's without being an admin.
   */
  async notifications(options: { for?: string; limit?: number } = {}): Promise<Notification[]> {
    const recipient = options.for ?? this.#g.principal.id;
    if (recipient !== this.#g.principal.id)
      await this.#assertAdmin(
        'notifications.read',
        `principal:${recipient}`,
        `read the notifications of ${recipient}`,
      );
    return governanceStores.notifications.list(this.#g.engine, recipient, options.limit);
  }

  /** Commits the queued read entries, so that the log read next holds every read made so far. */
  async #flushReads(): Promise<void> {
    if (this.#g.readTrail !== undefined && !this.#g.engine.readOnly) await this.#g.readTrail.flush();
  }

  /**
   * Reads the audit log (admins only).
   * @throws MeshError `unauthorized`.
   */
  async auditLog(query: AuditQuery = {}): Promise<AuditEntry[]> {
    await this.#assertAdmin('audit.read', '', 'read the audit log');
    await this.#flushReads();
    return this.#g.audit.list(this.#g.engine, query);
  }

  /**
   * Walks the audit chain and reports the first altered, moved or removed entry (admins only).
   * @throws MeshError `unauthorized`.
   */
  async verifyAudit(options: AuditVerifyOptions = {}): Promise<AuditVerification> {
    await this.#assertAdmin('audit.verify', '', 'verify the audit log');
    await this.#flushReads();
    return this.#g.engine.transaction((tx) => this.#g.audit.verify(tx, options));
  }

  /**
   * The audit chain's current head (`<seq>:<hash>` as `anchor`), to keep outside the store and verify against later
   * with `verifyAudit({ expectHead })` (admins only); undefined for an empty log.
   * @throws MeshError `unauthorized` for anyone but a platform admin.
   * @example const { anchor } = (await mesh.governance.auditHead()) ?? {}; // later: verifyAudit({ expectHead: parseAuditAnchor(anchor) })
   */
  async auditHead(): Promise<AuditHead | undefined> {
    await this.#assertAdmin('audit.head', '', 'read the audit head');
    await this.#flushReads();
    return this.#g.audit.head(this.#g.engine);
  }

  /**
   * Starts keying an audit chain written without a key so far, with the key this mesh was opened with: from the
   * `audit.key` entry it appends on, every entry and the head carry an HMAC (admins only). Run it once, after
   * verifying the unkeyed chain (and, best, against an anchor kept elsewhere).
   * @throws MeshError `unauthorized`; `invalid_input` without a key; `conflict` when the chain is keyed already.
   */
  async enrollAuditKey(): Promise<AuditEntry> {
    await this.#assertAdmin('audit.key', '', 'key the audit log');
    await this.#flushReads();
    return this.#g.audit.enrollKey(this.#g.engine, this.#g.now().toISOString(), this.#g.actor);
  }

  /** Refuses anyone but a platform admin, recording the refusal in the audit log as every denial is. */
  async #assertAdmin(action: string, target: string, what: string): Promise<void> {
    try {
      assertPlatformAdmin(this.#g.principal, what);
    } catch (error) {
      // A read-only handle cannot append; its refusal still stands (docs/governance.md, read-only opens).
      if (!this.#g.engine.readOnly)
        await audit(this.#g, this.#g.engine, action, target, 'denied', { message: (error as Error).message });
      throw error;
    }
  }
}
