import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { AUDIT_OUTCOMES, type AuditOutcome, parseAuditAnchor } from '../../governance/audit-log.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { formatAuditLog, formatVerification } from '../render/format-access.ts';
import { withMesh, withReadOnlyMesh } from '../with-mesh.ts';

interface AuditCliOptions extends StoreOptions {
  readonly json?: boolean;
  readonly action?: string;
  readonly target?: string;
  readonly principal?: string;
  readonly outcome?: string;
  readonly limit: string;
}

const KEY_HELP = `
The key: $MESHWORK_AUDIT_KEY, else the file named by $MESHWORK_AUDIT_KEY_FILE, else audit_key_file: in
meshwork.yaml. With it the chain is keyed (HMAC-SHA256) and verify detects any rewrite by someone without the key;
without it the chain has plain hashes, which only detect accidental damage. The key is never printed.`;

/** `meshwork audit verify|head|list`: the append-only, hash-chained audit log. */
export function registerAudit(program: Command, ctx: CommandContext): void {
  const audit = program
    .command('audit')
    .summary('the tamper-evident audit log: verify the chain, print its head, list entries')
    .addHelpText(
      'after',
      `\nExamples:\n  meshwork audit verify\n  meshwork audit head > audit-anchor.txt   # keep it outside the store\n  meshwork audit verify --expect-head "$(cat audit-anchor.txt)"\n  meshwork audit list --outcome denied --limit 20\n${KEY_HELP}`,
    );
  withStoreOptions(
    audit
      .command('verify')
      .summary('walk the hash chain; exits 4 naming the first edited, moved, inserted or deleted entry')
      .option(
        '--expect-head <seq:hash>',
        'an anchor printed earlier by `meshwork audit head`: the chain must still hold that entry with that hash',
      )
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        `\nExamples:\n  meshwork audit verify\n  meshwork audit verify --expect-head 1042:9f2c41d09f2c41d09f2c41d09f2c41d09f2c41d09f2c41d09f2c41d09f2c41d0\n  MESHWORK_AUDIT_KEY_FILE=/etc/meshwork/audit.key meshwork audit verify --json\n\nWith --expect-head a cut tail or a history rewritten up to the anchor is detected even without a key;\nchanges after the anchor are detected only with the key.\n${KEY_HELP}`,
      ),
  ).action(async (opts: StoreOptions & { json?: boolean; expectHead?: string }) => {
    const expectHead = opts.expectHead === undefined ? undefined : parseAuditAnchor(opts.expectHead);
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const v = await mesh.governance.verifyAudit(expectHead ? { expectHead } : {});
      if (opts.json) writeJson(ctx.io, v);
      else (v.ok ? ctx.io.stdout : ctx.io.stderr).write(formatVerification(v));
      if (!v.ok) ctx.setExitCode(EXIT.conflict);
    });
  });
  withStoreOptions(
    audit
      .command('head')
      .summary('print the chain head as <seq>:<hash>, an anchor to keep outside the store')
      .option('--json', 'print as JSON ({ seq, hash, keyId, anchor })')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork audit head >> /secure/elsewhere/audit-anchors.txt\n  meshwork audit head --json\n\nLater, `meshwork audit verify --expect-head <seq:hash>` proves the chain still holds that entry unchanged.',
      ),
  ).action(async (opts: StoreOptions & { json?: boolean }) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const head = await mesh.governance.auditHead();
      if (!head) {
        throw new MeshError(
          'not_found',
          `the audit log of ${mesh.store} is empty, so it has no head; run meshwork audit verify to see whether it was wiped`,
        );
      }
      if (opts.json) writeJson(ctx.io, head);
      else ctx.io.stdout.write(`${head.anchor}\n`);
    });
  });
  withStoreOptions(
    audit
      .command('enroll-key')
      .summary('start keying an audit chain written without a key so far (once, with the key set)')
      .option('--json', 'print the audit.key entry as JSON')
      .addHelpText(
        'after',
        `\nExamples:\n  meshwork audit verify && MESHWORK_AUDIT_KEY_FILE=/etc/meshwork/audit.key meshwork audit enroll-key\n\nA store created with a key is keyed from its first entry and needs no enrollment. Enrolling is never\nautomatic: done silently it would also bless a chain rewritten without the key, so verify first.\nIt works on a local store only (not with --server): the chain is keyed with the key of the process that opens the store.\n${KEY_HELP}`,
      ),
  ).action(async (opts: StoreOptions & { json?: boolean }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const entry = await mesh.governance.enrollAuditKey();
      if (opts.json) writeJson(ctx.io, entry);
      else
        ctx.io.stdout.write(
          `audit chain keyed from entry ${entry.seq} on (key ${entry.keyId}); entries before it keep their plain hashes\n`,
        );
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
