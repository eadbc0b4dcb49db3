import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { MeshServer } from './create-mesh-server.ts';

/** A server listening on a socket. */
export interface RunningServer {
  /** The address it listens on (the real port when 0 was asked for). */
  readonly host: string;
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  /**
   * Stops accepting connections, lets the requests under way finish (closing idle keep-alive connections), then
   * resolves; after `graceMs` the remaining connections are cut.
   */
  close(graceMs?: number): Promise<void>;
}

/** Where to listen. */
export interface ListenOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/**
 * Serves a Meshwork app with @hono/node-server and resolves once it listens.
 * @example const running = await startServer(createMeshServer({ mesh }), { host: '127.0.0.1', port: 0 });
 */
export function startServer(server: MeshServer, options: ListenOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const http = serve(
      { fetch: server.app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          host: info.address,
          port: info.port,
          url: `http://${host}:${info.port}`,
          close: (graceMs = 10_000) =>
            new Promise<void>((done) => {
              const timer = setTimeout(() => {
                if ('closeAllConnections' in http) http.closeAllConnections();
              }, graceMs);
              timer.unref();
              http.close(() => {
                clearTimeout(timer);
                done();
              });
              if ('closeIdleConnections' in http) http.closeIdleConnections();
            }),
        });
      },
    );
    http.once('error', reject);
  });
}
