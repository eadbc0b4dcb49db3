import type { Logger } from 'pino';
import type { WorldBankClientOptions } from '../connectors/worldbank/worldbank-client.ts';
import type { Mesh } from '../product/mesh.ts';
import type { WebhookDispatcher } from '../product/webhooks/webhook-dispatcher.ts';
import type { ServerLimits } from './server-options.ts';

/** What every route finds on its context: the caller's mesh handle, who it is, and the request id. */
export interface ServerVariables {
  /** The mesh handle acting as the authenticated principal (`mesh.as(principal)`). */
  mesh: Mesh;
  principalId: string;
  requestId: string;
}

/** The Hono environment of the Meshwork server. */
export interface ServerEnv {
  Variables: ServerVariables;
}

/** What the route modules need besides the request. */
export interface RouteDeps {
  readonly limits: ServerLimits;
  readonly logger: Logger;
  /** How connector routes reach the World Bank API. */
  readonly worldBank: WorldBankClientOptions;
  /** The process's webhook dispatcher, for `POST /webhooks/dispatch`. */
  readonly webhookDispatcher: () => WebhookDispatcher;
}
