import { MeshClient } from '../../client/mesh-client.ts';
import type { Mesh } from '../../product/mesh.ts';
import { RemoteMesh } from './remote-mesh.ts';
import { remoteUnsupported } from './remote-unsupported.ts';

/** Where the CLI reaches a server, and as whom. */
export interface RemoteTarget {
  readonly url: string;
  readonly token?: string;
  /** The command running, e.g. `meshwork quality`, named when it asks for something the server cannot do. */
  readonly command: string;
}

/**
 * Wraps an object so that reading a member it lacks throws the usage error naming the command, instead of the
 * TypeError a missing method would give (a bug report, exit code 1).
 */
function refuseMissing<T extends object>(target: T, command: string, path: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON')
        return Reflect.get(obj, prop, receiver);
      if (!(prop in obj)) throw remoteUnsupported(`${command} (it needs ${path}${prop})`);
      const value: unknown = Reflect.get(obj, prop, obj);
      if (obj instanceof RemoteMesh && prop === 'product')
        return async (id: string) => refuseMissing(await obj.product(id), command, 'product.');
      if (prop === 'segments' && typeof value === 'function')
        return () => refuseMissing((value as () => object).call(obj), command, 'product.segments().');
      if (typeof value === 'function') return value.bind(obj);
      if (typeof value === 'object' && value !== null && (prop === 'governance' || prop === 'webhooks'))
        return refuseMissing(value, command, `${path}${prop}.`);
      return value;
    },
  });
}

/**
 * Opens a server as the CLI's mesh. The commands are written against {@link Mesh}; the server answers the part of it
 * that {@link RemoteMesh} implements (type-checked against Mesh's own signatures), and every other member throws a
 * usage error naming the command. That is why the result is typed as a Mesh: a command reaching past the remote part
 * fails with a clear message, never with undefined behaviour.
 */
export function openRemoteMesh(target: RemoteTarget): Mesh {
  const client = new MeshClient({
    url: target.url,
    ...(target.token === undefined ? {} : { token: target.token }),
  });
  const remote = new RemoteMesh(client);
  return refuseMissing(remote, target.command, 'mesh.') as unknown as Mesh;
}
