import type { GovernanceClient } from '../../client/governance-client.ts';
import { MeshError } from '../../core/errors.ts';
import type { StoredPolicy } from '../../governance/policy.ts';
import type { PolicyVersion } from '../../governance/policy-store.ts';

/**
 * Governance through a server under the SDK's method names, for the CLI's commands: each call is the client's, except
 * that `policy` and `policyHistory` are the two halves of the one route that answers both.
 */
export function remoteGovernance(g: GovernanceClient) {
  return {
    listPolicies: g.listPolicies.bind(g),
    applyPolicies: g.applyPolicies.bind(g),
    policy: async (id: string): Promise<StoredPolicy> => (await g.policy(id)).policy,
    policyHistory: async (id: string): Promise<PolicyVersion[]> => (await g.policy(id)).history,
    testPolicy: g.testPolicy.bind(g),
    explainPolicy: g.explainPolicy.bind(g),
    policyResults: g.policyResults.bind(g),
    migrationReport: g.migrationReport.bind(g),
    /** Keying the chain uses the key of the process that opens the store: the server's, never one the CLI holds. */
    enrollAuditKey: (): Promise<never> =>
      Promise.reject(
        new MeshError(
          'invalid_input',
          "audit enroll-key does not work through --server (or $MESHWORK_URL): the chain is keyed with the key of the process that opens the store, so a key set for this command would not be used; stop the server and run it with --store on the server's machine, with the server's key set (MESHWORK_AUDIT_KEY or MESHWORK_AUDIT_KEY_FILE)",
        ),
      ),
    compliance: g.compliance.bind(g),
    listPrincipals: g.listPrincipals.bind(g),
    addPrincipal: g.addPrincipal.bind(g),
    setRoles: g.setRoles.bind(g),
    listTokens: g.listTokens.bind(g),
    createToken: g.createToken.bind(g),
    revokeToken: g.revokeToken.bind(g),
    listRequests: g.listRequests.bind(g),
    requestAccess: g.requestAccess.bind(g),
    approve: g.approve.bind(g),
    reject: g.reject.bind(g),
    listGrants: g.listGrants.bind(g),
    revokeGrant: g.revokeGrant.bind(g),
    notifications: g.notifications.bind(g),
    auditLog: g.auditLog.bind(g),
    verifyAudit: g.verifyAudit.bind(g),
    auditHead: g.auditHead.bind(g),
  };
}
