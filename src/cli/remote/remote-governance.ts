import type { GovernanceClient } from '../../client/governance-client.ts';
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
