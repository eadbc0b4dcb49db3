import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { STORE_LOCATION_HELP } from '../../engine/open-engine.ts';
import { type CommandContext, writeJson } from '../command-context.ts';
import { progressWriter } from './backup.ts';

interface RestoreCliOptions {
  readonly store?: string;
  readonly json?: boolean;
  readonly progress: boolean;
}

/** `meshwork restore <dir> --store <location>`: rebuilds a store from a backup, on either engine. */
export function registerRestore(program: Command, ctx: CommandContext): void {
  program
    .command('restore')
    .summary('rebuild a store from a backup into a new, empty store (also moves a store between engines)')
    .description(
      'Checks the backup (manifest, SHA-256 of every file, store schema version), sets up a new store at --store, loads every platform table, product table and sequence in one transaction, then verifies the audit chain with the configured audit key ($MESHWORK_AUDIT_KEY or $MESHWORK_AUDIT_KEY_FILE; it must be the key the chain was written with). A target store that is not empty is refused; a failed restore into a new file removes it.',
    )
    .argument('<dir>', 'a folder written by meshwork backup')
    .requiredOption('--store <location>', `the new, empty store to rebuild; ${STORE_LOCATION_HELP}`)
    .option('--no-progress', 'do not report progress on stderr')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork restore ./backups/2026-12-05 --store ./restored.duckdb\n  MESHWORK_AUDIT_KEY_FILE=/etc/meshwork/audit.key meshwork restore ./backups/2026-12-05 --store ./mesh.duckdb --json',
    )
    .action(async (dir: string, opts: RestoreCliOptions) => {
      if (opts.store === undefined || opts.store === '')
        throw new MeshError('invalid_input', 'restore needs --store <location>: the new store to rebuild');
      const [{ restoreBackup }, { AuditKey }] = await Promise.all([
        import('../../backup/restore-backup.ts'),
        import('../../governance/audit-key.ts'),
      ]);
      const key = ctx.auditKey();
      const onProgress = progressWriter(ctx, opts.progress && opts.json !== true, 'restore');
      const result = await restoreBackup(dir, opts.store, {
        ...(key ? { auditKey: AuditKey.from(key.secret, key.source) } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      if (opts.json)
        writeJson(ctx.io, {
          store: result.store,
          rows: result.rows,
          sourceEngine: result.manifest.sourceEngine,
          audit: result.audit,
        });
      else
        ctx.io.stdout.write(
          `restored ${result.manifest.productTables.length} product tables and ${result.manifest.platformTables.length} platform tables (${result.rows} rows) into ${result.store}; audit chain verified (${result.audit.headSeq} entries)\n`,
        );
    });
}
