import { isPlatformAdmin } from '../governance/principal.ts';
import type { Mesh } from '../product/mesh.ts';

/** The principal a first start creates when the store has no platform admin. */
export const BOOTSTRAP_ADMIN_ID = 'admin';

/** What {@link ensureAdminPrincipal} did. */
export type AdminBootstrap =
  | { readonly created: false }
  | {
      readonly created: true;
      readonly principalId: string;
      readonly token: string;
      readonly expiresAt: string;
    };

/**
 * Makes sure a store served over HTTP has a platform admin who can authenticate: when no registered principal has
 * the admin role, registers `admin` and creates its token, returned once here and never again (the caller shows
 * it; the library prints nothing). `mesh` must act as the local admin (opened without a token).
 * @throws MeshError `unauthorized` when `mesh` is not an admin; `already_exists` when a non-admin `admin` exists.
 */
export async function ensureAdminPrincipal(mesh: Mesh): Promise<AdminBootstrap> {
  const gov = mesh.governance;
  if ((await gov.listPrincipals()).some((p) => isPlatformAdmin(p))) return { created: false };
  await gov.addPrincipal({
    id: BOOTSTRAP_ADMIN_ID,
    roles: ['admin'],
    displayName: 'Server admin (first start)',
  });
  const token = await gov.createToken({ principal: BOOTSTRAP_ADMIN_ID, name: 'serve-bootstrap' });
  return { created: true, principalId: BOOTSTRAP_ADMIN_ID, token: token.token, expiresAt: token.expiresAt };
}
