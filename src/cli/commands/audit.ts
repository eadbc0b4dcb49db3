import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { AUDIT_OUTCOMES, type AuditOutcome } from '../../governance/audit-log.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { formatAuditLog, formatVerification } from '../render/format-access.ts';
import { withReadOnlyMesh } from '../with-mesh.ts';

interface AuditCliOptions extends StoreOptions {
  readonly json?: boolean;
  readonly action?: string;
  readonly target?: string;
  readonly principal?: string;
  readonly outcome?: string;
  readonly limit: string;
}

/** `meshwork audit verify|list`: the append-only, hash-chained audit log. */
export function registerAudit(program: Command, ctx: CommandContext): void {
  const audit = program
    .command('audit')
    .summary('the tamper-evident audit log: verify the chain, list entries')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork audit verify\n  meshwork audit list --outcome denied --limit 20',
    );
  withStoreOptions(
    audit
      .command('verify')
      .summary('walk the hash chain; exits 4 naming the first edited, moved or deleted entry')
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExamples:\n  meshwork audit verify\n  meshwork audit verify --json'),
  ).action(async (opts: StoreOptions & { json?: boolean }) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const v = await mesh.governance.verifyAudit();
      if (opts.json) writeJson(ctx.io, v);
      else (v.ok ? ctx.io.stdout : ctx.io.stderr).write(formatVerification(v));
      if (!v.ok) ctx.setExitCode(EXIT.conflict);
    });
  });
  withStoreOptions(
    audit
      .command('list')
      .summary('list audit entries, newest first')
      .option('--action <action>', 'only this action, e.g. product.query or access.approve')
      .option('--target <target>', 'only this target, e.g. a product id')
      .option('--principal <principal>', 'only entries of this principal')
      .option('--outcome <outcome>', `only this outcome (${AUDIT_OUTCOMES.join(', ')})`)
      .option('-l, --limit <n>', 'most entries', '50')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork audit list --outcome denied --limit 20\n  meshwork audit list --action access.approve --target customer.profiles --json\n  meshwork audit list --principal bob',
      ),
  ).action(async (opts: AuditCliOptions) => {
    const limit = Number(opts.limit);
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new MeshError('invalid_input', '--limit must be a whole number');
    if (opts.outcome !== undefined && !(AUDIT_OUTCOMES as readonly string[]).includes(opts.outcome)) {
      throw new MeshError('invalid_input', `--outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`);
    }
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const entries = await mesh.governance.auditLog({
        ...(opts.action ? { action: opts.action } : {}),
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.principal ? { principal: opts.principal } : {}),
        ...(opts.outcome ? { outcome: opts.outcome as AuditOutcome } : {}),
        limit,
      });
      if (opts.json) writeJson(ctx.io, entries);
      else ctx.io.stdout.write(formatAuditLog(entries));
    });
  });
}
