import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import type { BackupProgress } from '../../backup/create-backup.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { withMesh } from '../with-mesh.ts';

interface BackupCliOptions extends StoreOptions {
  readonly json?: boolean;
  readonly progress: boolean;
}

/** Writes one progress line per table to stderr (backups and restores are long; results go to stdout). */
export function progressWriter(
  ctx: CommandContext,
  enabled: boolean,
  verb: string,
): ((p: BackupProgress) => void) | undefined {
  if (!enabled) return undefined;
  return (p) => {
    const step =
      p.phase === 'verify'
        ? 'verifying the audit chain'
        : `${p.phase} table ${p.done + 1}/${p.total}: ${p.table}`;
    ctx.io.stderr.write(`${verb}: ${step}\n`);
  };
}

/** `meshwork backup <dir>`: a consistent snapshot of the whole store, while it keeps serving. */
export function registerBackup(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('backup')
      .summary('write a consistent snapshot of the whole store into a new folder (platform admins only)')
      .description(
        'Writes the catalog, every product version’s data (Parquet), contracts and documents, principals, tokens (hashes), grants, policies, the audit chain, events and secrets into <dir>, read in one snapshot transaction while the store keeps serving. The files are written to <dir>.partial-<random> and renamed to <dir> only once complete, with manifest.json (row counts, SHA-256 of every file) last: a backup killed at any moment leaves the store untouched and no folder that looks complete. The backup holds the store’s secrets (masking key, token hashes): keep it as safe as the store.',
      )
      .argument('<dir>', 'folder to create (it must not exist, or be empty)')
      .option('--no-progress', 'do not report progress on stderr')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork backup ./backups/2026-12-05\n  meshwork backup /mnt/backups/mesh-2026-12-05 --store ./.meshwork/mesh.duckdb --json\n  meshwork restore ./backups/2026-12-05 --store ./restored.duckdb   # bring it back (see meshwork restore --help)',
      ),
  ).action(async (dir: string, opts: BackupCliOptions) => {
    const { createBackup } = await import('../../backup/create-backup.ts');
    await withMesh(
      ctx,
      opts,
      async (mesh) => {
        if (typeof (mesh as Partial<typeof mesh>).snapshot !== 'function') {
          throw new MeshError(
            'invalid_input',
            'meshwork backup does not work through --server (or $MESHWORK_URL): run it with --store on the store’s machine',
          );
        }
        const onProgress = progressWriter(ctx, opts.progress && opts.json !== true, 'backup');
        const { dir: written, manifest } = await createBackup(mesh, dir, onProgress ? { onProgress } : {});
        const rows = [...manifest.platformTables, ...manifest.productTables].reduce((n, t) => n + t.rows, 0);
        if (opts.json) writeJson(ctx.io, { dir: written, manifest });
        else
          ctx.io.stdout.write(
            `backed up ${manifest.productTables.length} product tables and ${manifest.platformTables.length} platform tables (${rows} rows) to ${written}\n`,
          );
      },
      'read',
    );
  });
}
