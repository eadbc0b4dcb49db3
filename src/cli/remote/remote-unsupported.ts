import { MeshError } from '../../core/errors.ts';

/** The error for something a command cannot do through `--server`: usage (exit code 2), saying what to do instead. */
export function remoteUnsupported(what: string): MeshError {
  return new MeshError(
    'invalid_input',
    `${what} does not work through --server (or $MESHWORK_URL): the server has no route for it; run it on a local store with --store`,
  );
}
