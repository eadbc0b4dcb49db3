import type { Mesh } from '../product/mesh.ts';
import type { CommandContext, StoreOptions } from './command-context.ts';

/** Opens the store a command points at, runs `fn` on it and closes it again, also when `fn` fails. */
export async function withMesh<T>(
  ctx: CommandContext,
  options: StoreOptions,
  fn: (mesh: Mesh) => Promise<T>,
): Promise<T> {
  const mesh = await ctx.openMesh(options);
  try {
    return await fn(mesh);
  } finally {
    await mesh.close();
  }
}
