import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { ACCESS_REQUEST_STATUSES, type AccessRequestStatus } from '../../governance/access-store.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import {
  formatGrants,
  formatMigration,
  formatNotifications,
  formatRequests,
} from '../render/format-access.ts';
import { withMesh, withReadOnlyMesh } from '../with-mesh.ts';

interface JsonOption extends StoreOptions {
  readonly json?: boolean;
}

function id(text: string, what: string): number {
  const n = Number(text.replace(/^#/, ''));
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new MeshError('invalid_input', `${what} must be a number such as 3, got ${text}`);
  return n;
}

/** `meshwork access request|approve|reject|list|revoke|migration` and `meshwork notifications`. */
export function registerAccess(program: Command, ctx: CommandContext): void {
  const access = program
    .command('access')
    .summary('access requests and grants: products are private to their domain until access is granted')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork access request customer.profiles --purpose "churn model"\n  meshwork access list --status pending\n  meshwork access approve 1 --comment "fine for Q4"\n  meshwork access list --grants --product customer.profiles',
    );
  withStoreOptions(
    access
      .command('request')
      .summary('ask for access to a product’s output port, with a purpose')
      .argument('<product>', 'product id')
      .requiredOption('--purpose <text>', 'why you need the data')
      .option('--pii', 'ask to read PII fields unmasked')
      .option('--expires <date>', 'when the grant should end (YYYY-MM-DD or ISO time)')
      .option('--port <port>', 'output port', 'default')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  MESHWORK_TOKEN=$BOB_TOKEN meshwork access request sales.transactions --purpose "churn model" --expires 2027-01-31\n  meshwork access request customer.profiles --purpose "fraud review" --pii --json',
      ),
  ).action(
    async (
      product: string,
      opts: JsonOption & { purpose: string; pii?: boolean; expires?: string; port: string },
    ) => {
      await withMesh(ctx, opts, async (mesh) => {
        const r = await mesh.governance.requestAccess({
          product,
          purpose: opts.purpose,
          port: opts.port,
          pii: opts.pii === true,
          ...(opts.expires ? { expiresAt: opts.expires } : {}),
        });
        if (opts.json) writeJson(ctx.io, r);
        else
          ctx.io.stdout.write(
            r.status === 'approved'
              ? `request #${r.id} for ${r.productId} was approved at once (grant #${r.grantId ?? ''}, ${r.decidedBy ?? ''})\n`
              : `request #${r.id} for ${r.productId} is waiting for an owner of its domain (meshwork access approve ${r.id})\n`,
          );
      });
    },
  );
  withStoreOptions(
    access
      .command('approve')
      .summary('approve a pending request (platform admins and owners of the product’s domain)')
      .argument('<request>', 'request number')
      .option('--comment <text>', 'a note for the consumer')
      .option('--expires <date>', 'end the grant at this date instead of the one asked for')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork access approve 3\n  meshwork access approve 3 --comment "fine for Q4" --expires 2027-01-31',
      ),
  ).action(async (request: string, opts: JsonOption & { comment?: string; expires?: string }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const g = await mesh.governance.approve(id(request, 'the request'), {
        ...(opts.comment ? { comment: opts.comment } : {}),
        ...(opts.expires ? { expiresAt: opts.expires } : {}),
      });
      if (opts.json) writeJson(ctx.io, g);
      else
        ctx.io.stdout.write(
          `request #${request.replace(/^#/, '')} approved: grant #${g.id} lets ${g.principalId} read ${g.productId} (major ${g.majorVersion}${g.pii ? ', with PII' : ', PII masked'}${g.expiresAt ? `, until ${g.expiresAt}` : ''})\n`,
        );
    });
  });
  withStoreOptions(
    access
      .command('reject')
      .summary('reject a pending request with a comment')
      .argument('<request>', 'request number')
      .requiredOption('--comment <text>', 'why, for the consumer')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExample:\n  meshwork access reject 3 --comment "use sales.orders, it has no PII"',
      ),
  ).action(async (request: string, opts: JsonOption & { comment: string }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const r = await mesh.governance.reject(id(request, 'the request'), opts.comment);
      if (opts.json) writeJson(ctx.io, r);
      else ctx.io.stdout.write(`request #${r.id} for ${r.productId} rejected\n`);
    });
  });
  withStoreOptions(
    access
      .command('list')
      .summary('list access requests, or grants with --grants')
      .option('--product <product>', 'only this product')
      .option('--principal <principal>', 'only this principal')
      .option('--status <status>', `only requests in this state (${ACCESS_REQUEST_STATUSES.join(', ')})`)
      .option('--grants', 'list grants instead of requests')
      .option('--all', 'with --grants: include revoked and expired ones')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork access list --status pending\n  meshwork access list --grants --product customer.profiles --all\n  meshwork access list --principal bob --json',
      ),
  ).action(
    async (
      opts: JsonOption & {
        product?: string;
        principal?: string;
        status?: string;
        grants?: boolean;
        all?: boolean;
      },
    ) => {
      if (
        opts.status !== undefined &&
        !(ACCESS_REQUEST_STATUSES as readonly string[]).includes(opts.status)
      ) {
        throw new MeshError('invalid_input', `--status must be one of ${ACCESS_REQUEST_STATUSES.join(', ')}`);
      }
      const filter = {
        ...(opts.product ? { product: opts.product } : {}),
        ...(opts.principal ? { principal: opts.principal } : {}),
        ...(opts.status ? { status: opts.status as AccessRequestStatus } : {}),
        ...(opts.all ? { all: true } : {}),
      };
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        if (opts.grants) {
          const list = await mesh.governance.listGrants(filter);
          if (opts.json) writeJson(ctx.io, list);
          else ctx.io.stdout.write(formatGrants(list, new Date().toISOString()));
        } else {
          const list = await mesh.governance.listRequests(filter);
          if (opts.json) writeJson(ctx.io, list);
          else ctx.io.stdout.write(formatRequests(list));
        }
      });
    },
  );
  withStoreOptions(
    access
      .command('revoke')
      .summary('revoke a grant: it stops working at once')
      .argument('<grant>', 'grant number')
      .option('--comment <text>', 'why, for the consumer')
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExample:\n  meshwork access revoke 1 --comment "project over"'),
  ).action(async (grant: string, opts: JsonOption & { comment?: string }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const g = await mesh.governance.revokeGrant(id(grant, 'the grant'), opts.comment);
      if (opts.json) writeJson(ctx.io, g);
      else ctx.io.stdout.write(`grant #${g.id} of ${g.principalId} on ${g.productId} revoked\n`);
    });
  });
  withStoreOptions(
    access
      .command('migration')
      .summary('which consumers still read an older major version, and until when they may')
      .argument('<product>', 'product id')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork access migration sales.transactions\n  meshwork access migration customer.profiles --json',
      ),
  ).action(async (product: string, opts: JsonOption) => {
    await withMesh(ctx, opts, async (mesh) => {
      const r = await mesh.governance.migrationReport(product);
      if (opts.json) writeJson(ctx.io, r);
      else ctx.io.stdout.write(formatMigration(r));
    });
  });

  withStoreOptions(
    program
      .command('notifications')
      .summary('messages the platform left: deprecations, decisions on access requests, revoked grants')
      .option('--for <principal>', 'whose notifications (default: yours; admins may read anyone’s)')
      .option('-l, --limit <n>', 'most notifications', '50')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork notifications\n  meshwork notifications --for bob --limit 10 --json',
      ),
  ).action(async (opts: JsonOption & { for?: string; limit: string }) => {
    const limit = Number(opts.limit);
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new MeshError('invalid_input', '--limit must be a whole number');
    await withMesh(ctx, opts, async (mesh) => {
      const list = await mesh.governance.notifications({ ...(opts.for ? { for: opts.for } : {}), limit });
      if (opts.json) writeJson(ctx.io, list);
      else ctx.io.stdout.write(formatNotifications(list));
    });
  });
}
