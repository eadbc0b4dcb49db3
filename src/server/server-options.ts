import type { WebhookDispatcher } from '../product/webhooks/webhook-dispatcher.ts';
import type { Logger } from 'pino';
import type { WorldBankClientOptions } from '../connectors/worldbank/worldbank-client.ts';
import type { Mesh } from '../product/mesh.ts';

/** Limits a server applies to every client; each breach is answered with a problem naming the limit. */
export interface ServerLimits {
  /** Largest JSON request body in bytes (default 1 MiB); larger is 413. */
  readonly maxBodyBytes: number;
  /** Largest streamed NDJSON ingest body in bytes (default 256 MiB); larger is 413. */
  readonly maxIngestBytes: number;
  /** Most rows one response returns (default 1000); asking for more is 400. */
  readonly maxRowsPerResponse: number;
  /** Requests a token (or, unauthenticated, a client address) may make per window (default 600). */
  readonly rateLimit: number;
  /** The rate-limit window in milliseconds (default 60,000). */
  readonly rateWindowMs: number;
  /**
   * Longest a read (a GET) may spend in the store, in milliseconds (default 30,000; 0: no limit). A read still running
   * then is interrupted and answered 503 `query_timeout`; the store stays usable.
   */
  readonly queryTimeoutMs: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 1024 * 1024,
  maxIngestBytes: 256 * 1024 * 1024,
  maxRowsPerResponse: 1000,
  rateLimit: 600,
  rateWindowMs: 60_000,
  queryTimeoutMs: 30_000,
};

/** Options for {@link createMeshServer}. */
export interface MeshServerOptions {
  /** The mesh every request is served from (opened once per process, as its local admin). */
  readonly mesh: Mesh;
  /** Where JSON logs go (default: silent). */
  readonly logger?: Logger;
  /** Serve without tokens, every request acting as the local admin: only for development on a loopback host. */
  readonly dev?: boolean;
  /** Origins allowed by CORS; none by default (closed). */
  readonly corsOrigins?: readonly string[];
  /** Overrides of {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<ServerLimits>;
  /** The clock (default: the system clock); used by the rate limiter. */
  readonly now?: () => number;
  /**
   * How `POST /connectors/worldbank/refresh` reaches the World Bank API; `baseUrl`, when given, replaces the location
   * stored by the last pull (default: that location, else the public API).
   */
  readonly worldBank?: WorldBankClientOptions;
  /**
   * The dispatcher delivering webhooks in this process (`meshwork serve` runs one): `POST /webhooks/dispatch` runs a
   * pass of it, after the pass under way. Without one, the route runs passes of a dispatcher of its own.
   */
  readonly webhookDispatcher?: WebhookDispatcher;
  /**
   * The folder of the built web catalog served at `/` (default: the one built into the package, see
   * `findWebCatalog`); `false` serves no UI.
   */
  readonly webCatalog?: string | false;
}
