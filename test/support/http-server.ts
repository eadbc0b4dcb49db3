/**
 * Serves a governed example mesh over a real socket on 127.0.0.1 (a free port) for the HTTP end-to-end tests, with a
 * token per principal and a small fetch helper that sends one.
 */
import { createMeshServer } from '../../src/server/create-mesh-server.ts';
import type { MeshServerOptions } from '../../src/server/server-options.ts';
import { type RunningServer, startServer } from '../../src/server/start-server.ts';
import { type GovernedMesh, type GovernedMeshOptions, openGovernedMesh } from './governed-mesh.ts';

/** A governed mesh served on loopback. */
export interface ServedMesh {
  readonly gm: GovernedMesh;
  readonly server: RunningServer;
  readonly url: string;
  /** Tokens of erin (admin), alice (owner of sales), carol (owner of customer), bob and dave (consumers). */
  readonly tokens: Readonly<Record<'erin' | 'alice' | 'carol' | 'bob' | 'dave', string>>;
  /** Fetches a path with a principal's token (or none). */
  call(path: string, init?: RequestInit & { as?: keyof ServedMesh['tokens'] | null }): Promise<Response>;
  close(): Promise<void>;
}

/** Opens a governed mesh, creates tokens and serves it on 127.0.0.1 port 0. */
export async function serveGovernedMesh(
  options: Omit<MeshServerOptions, 'mesh'> & { mesh?: GovernedMeshOptions } = {},
): Promise<ServedMesh> {
  const { mesh: meshOptions, ...serverOptions } = options;
  const gm = await openGovernedMesh(meshOptions);
  const names = ['erin', 'alice', 'carol', 'bob', 'dave'] as const;
  const tokens = {} as Record<(typeof names)[number], string>;
  for (const n of names)
    tokens[n] = (await gm.mesh.governance.createToken({ principal: n, name: 'test' })).token;
  const server = await startServer(createMeshServer({ ...serverOptions, mesh: gm.mesh }), {
    host: '127.0.0.1',
    port: 0,
  });
  return {
    gm,
    server,
    url: server.url,
    tokens,
    call: (path, init = {}) => {
      const { as = 'erin', ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as !== null) headers.set('authorization', `Bearer ${tokens[as]}`);
      if (typeof rest.body === 'string' && !headers.has('content-type'))
        headers.set('content-type', 'application/json');
      return fetch(`${server.url}${path}`, { ...rest, headers });
    },
    close: async () => {
      await server.close(1000);
      await gm.cleanup();
    },
  };
}
