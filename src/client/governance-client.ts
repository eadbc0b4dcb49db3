import type { AccessLogEntry, AccessLogQuery } from '../catalog/access-log.ts';
import type { AccessListOptions } from '../governance/access-listing.ts';
import type { AccessRequestInput, ApproveOptions } from '../governance/access-service.ts';
import type { AccessRequest, Grant } from '../governance/access-store.ts';
import type { AuditEntry, AuditHead, AuditQuery, AuditVerification } from '../governance/audit-log.ts';
import type { ComplianceReport } from '../governance/compliance.ts';
import type { CreatedToken, CreateTokenOptions, NewPrincipal } from '../governance/identity-service.ts';
import type { MigrationReport } from '../governance/migration-report.ts';
import type { Notification } from '../governance/notification-store.ts';
import type { StoredPolicy } from '../governance/policy.ts';
import type { ApplyPoliciesResult, PolicyTestResult } from '../governance/policy-service.ts';
import type { PolicyEvent } from '../governance/policy.ts';
import type { PolicyVersion, StoredPolicyResult } from '../governance/policy-store.ts';
import type { TraceNode } from '../governance/explain-expression.ts';
import type { StoredPrincipal } from '../governance/principal-store.ts';
import type { TokenInfo } from '../governance/token-store.ts';
import type { HttpTransport } from './http-transport.ts';

/** Governance over HTTP: policies, compliance, principals, tokens, access requests, grants, notifications, audit. */
export class GovernanceClient {
  readonly #http: HttpTransport;

  constructor(http: HttpTransport) {
    this.#http = http;
  }

  /** Lists the global policies and, with a domain, that domain's. */
  async listPolicies(filter: { readonly domain?: string } = {}): Promise<StoredPolicy[]> {
    return (await this.#http.json<{ policies: StoredPolicy[] }>({ path: '/policies', query: { ...filter } }))
      .policies;
  }

  /** Applies a policy document (as the YAML file holds it): new policies or new versions. */
  applyPolicies(document: unknown): Promise<ApplyPoliciesResult> {
    return this.#http.json({ method: 'POST', path: '/policies', json: document });
  }

  /** One policy with its version history. @throws MeshClientError `not_found`. */
  policy(id: string): Promise<{ policy: StoredPolicy; history: PolicyVersion[] }> {
    return this.#http.json({ path: `/policies/${encodeURIComponent(id)}` });
  }

  /**
   * Evaluates one policy against one product now (stores nothing), with the offending paths.
   * @throws MeshClientError `not_found` for an unknown policy or product.
   */
  async testPolicy(policyId: string, productId: string, event?: PolicyEvent): Promise<PolicyTestResult> {
    const { trace: _trace, ...result } = await this.explainPolicy(policyId, productId, event);
    return result;
  }

  /** Evaluates one policy against one product now, with the full evaluation trace. */
  explainPolicy(
    policyId: string,
    productId: string,
    event?: PolicyEvent,
  ): Promise<PolicyTestResult & { readonly trace: TraceNode }> {
    return this.#http.json({
      path: `/policies/${encodeURIComponent(policyId)}/evaluation`,
      query: { product: productId, event },
    });
  }

  /** The policy results the last evaluations stored (at publish), of one product or of all. */
  async policyResults(productId?: string): Promise<StoredPolicyResult[]> {
    return (
      await this.#http.json<{ results: StoredPolicyResult[] }>({
        path: '/policy-results',
        query: { product: productId },
      })
    ).results;
  }

  /**
   * The access log, newest first: all of it for platform admins, one product's for the owners of its domain.
   * @throws MeshClientError `unauthorized` for anyone else.
   */
  async accessLog(query: AccessLogQuery = {}): Promise<AccessLogEntry[]> {
    return (
      await this.#http.json<{ entries: AccessLogEntry[] }>({
        path: '/access-log',
        query: {
          product: query.productId,
          operation: query.operation,
          by: query.actor,
          since: query.since,
          until: query.until,
          limit: query.limit,
          offset: query.offset,
          order: query.order,
        },
      })
    ).entries;
  }

  /** Which consumers still read an older major version of a product, and until when they may. */
  migrationReport(productId: string): Promise<MigrationReport> {
    return this.#http.json({ path: `/products/${encodeURIComponent(productId)}/migration` });
  }

  /** Policy compliance per product and domain. */
  compliance(
    options: { readonly domain?: string; readonly product?: string } = {},
  ): Promise<ComplianceReport> {
    return this.#http.json({ path: '/compliance', query: { ...options } });
  }

  /** Lists principals (an admin sees all, anyone else itself). */
  async listPrincipals(): Promise<StoredPrincipal[]> {
    return (await this.#http.json<{ principals: StoredPrincipal[] }>({ path: '/principals' })).principals;
  }

  /** Registers a user or service account (admins only). */
  addPrincipal(input: NewPrincipal): Promise<StoredPrincipal> {
    return this.#http.json({ method: 'POST', path: '/principals', json: input });
  }

  /** Replaces a principal's roles (admins only). */
  setRoles(principalId: string, roles: readonly string[]): Promise<StoredPrincipal> {
    return this.#http.json({
      method: 'PUT',
      path: `/principals/${encodeURIComponent(principalId)}/roles`,
      json: { roles },
    });
  }

  /** Lists tokens, never their secrets. */
  async listTokens(principal?: string): Promise<TokenInfo[]> {
    return (await this.#http.json<{ tokens: TokenInfo[] }>({ path: '/tokens', query: { principal } })).tokens;
  }

  /** Creates a token; the answer is the only time its secret is shown. */
  createToken(options: CreateTokenOptions = {}): Promise<CreatedToken> {
    return this.#http.json({ method: 'POST', path: '/tokens', json: options });
  }

  /** Revokes a token at once. */
  revokeToken(tokenId: string): Promise<TokenInfo> {
    return this.#http.json({ method: 'DELETE', path: `/tokens/${encodeURIComponent(tokenId)}` });
  }

  /** Lists access requests. */
  async listRequests(options: AccessListOptions = {}): Promise<AccessRequest[]> {
    return (
      await this.#http.json<{ requests: AccessRequest[] }>({
        path: '/access-requests',
        query: { ...options },
      })
    ).requests;
  }

  /** Asks for access to a product's port, with a purpose. */
  requestAccess(input: AccessRequestInput): Promise<AccessRequest> {
    return this.#http.json({ method: 'POST', path: '/access-requests', json: input });
  }

  /** Approves a request (the domain's owner or an admin) and returns the grant. */
  approve(requestId: number, options: ApproveOptions = {}): Promise<Grant> {
    return this.#http.json({ method: 'POST', path: `/access-requests/${requestId}/approve`, json: options });
  }

  /** Rejects a request with a comment. */
  reject(requestId: number, comment: string): Promise<AccessRequest> {
    return this.#http.json({
      method: 'POST',
      path: `/access-requests/${requestId}/reject`,
      json: { comment },
    });
  }

  /** Lists grants (active ones unless `all`). */
  async listGrants(options: AccessListOptions = {}): Promise<Grant[]> {
    const { all, ...rest } = options as AccessListOptions & { all?: boolean };
    return (
      await this.#http.json<{ grants: Grant[] }>({
        path: '/grants',
        query: { ...rest, ...(all === true ? { all: 'true' } : {}) },
      })
    ).grants;
  }

  /** Revokes a grant. */
  revokeGrant(grantId: number, comment?: string): Promise<Grant> {
    return this.#http.json({ method: 'DELETE', path: `/grants/${grantId}`, query: { comment } });
  }

  /** Notifications for the caller (an admin may ask for anyone's). */
  async notifications(
    options: { readonly for?: string; readonly limit?: number } = {},
  ): Promise<Notification[]> {
    return (
      await this.#http.json<{ notifications: Notification[] }>({
        path: '/notifications',
        query: { ...options },
      })
    ).notifications;
  }

  /** Audit log entries (admins only). */
  async auditLog(query: AuditQuery = {}): Promise<AuditEntry[]> {
    return (await this.#http.json<{ entries: AuditEntry[] }>({ path: '/audit', query: { ...query } }))
      .entries;
  }

  /** Verifies the audit chain, optionally against an anchor kept from {@link auditHead}. */
  verifyAudit(
    options: { readonly expectHead?: { seq: number; hash: string } } = {},
  ): Promise<AuditVerification> {
    const head = options.expectHead;
    return this.#http.json({
      path: '/audit/verify',
      query: head === undefined ? {} : { expectSeq: head.seq, expectHash: head.hash },
    });
  }

  /** The chain's head, to keep outside the store as an anchor; undefined for an empty chain. */
  async auditHead(): Promise<AuditHead | undefined> {
    return (await this.#http.json<{ head: AuditHead | null }>({ path: '/audit/head' })).head ?? undefined;
  }
}
