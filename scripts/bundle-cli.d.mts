/** Bundles the CLI at `entry` into `outdir` (inside the project); see bundle-cli.mjs. */
export function bundleCli(options: { entry: string; outdir: string; sourcemap?: boolean }): Promise<void>;
