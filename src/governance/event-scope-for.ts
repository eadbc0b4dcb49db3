import { ALL_EVENTS, type EventScope } from '../catalog/events/event-scope.ts';
import type { EngineSession } from '../engine/engine.ts';
import { isGrantActive } from './access-store.ts';
import { governanceStores } from './governed-context.ts';
import { isPlatformAdmin, ownedDomains, type Principal } from './principal.ts';

/**
 * The events a principal may read (docs/events.md, "Who reads which events"): a platform admin reads all; anyone else
 * reads the events of the domains it owns, the product events (not access, token, principal or policy ones) of the
 * products it holds an active grant on, and the events of the changes it made itself.
 */
export async function eventScopeFor(s: EngineSession, principal: Principal, at: string): Promise<EventScope> {
  if (isPlatformAdmin(principal)) return ALL_EVENTS;
  const grants = await governanceStores.access.listGrants(s, { principalId: principal.id });
  const products = [...new Set(grants.filter((g) => isGrantActive(g, at)).map((g) => g.productId))];
  return { kind: 'restricted', principal: principal.id, domains: ownedDomains(principal), products };
}
