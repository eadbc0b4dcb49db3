import type { Mesh } from '../product/mesh.ts';
import type { CommandContext, StoreAccess, StoreOptions } from './command-context.ts';

/** Opens the store a command points at (as `access` says), runs `fn` on it and closes it again, also when `fn` fails. */
export async function withMesh<T>(
  ctx: CommandContext,
  options: StoreOptions,
  fn: (mesh: Mesh) => Promise<T>,
  access: StoreAccess = 'write',
): Promise<T> {
  const mesh = await ctx.openMesh(options, access);
  try {
    return await fn(mesh);
  } finally {
    await mesh.close();
  }
}

/** {@link withMesh} for commands that only read the catalog: the store must exist and is opened read-only. */
export function withReadOnlyMesh<T>(
  ctx: CommandContext,
  options: StoreOptions,
  fn: (mesh: Mesh) => Promise<T>,
): Promise<T> {
  return withMesh(ctx, options, fn, 'read-only');
}
