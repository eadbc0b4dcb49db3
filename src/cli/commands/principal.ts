import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { formatPrincipals, formatTokens } from '../render/format-access.ts';
import { withMesh, withReadOnlyMesh } from '../with-mesh.ts';

interface JsonOption extends StoreOptions {
  readonly json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function days(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(d|h)?$/.exec(text.trim());
  if (!m)
    throw new MeshError(
      'invalid_input',
      `--expires-in must be a number of days (90, 90d) or hours (12h), got ${text}`,
    );
  const n = Number(m[1]);
  return m[2] === 'h' ? n / 24 : n;
}

/** `meshwork principal add|list|roles` and `meshwork token create|list|revoke`: who may do what. */
export function registerPrincipal(program: Command, ctx: CommandContext): void {
  const principal = program
    .command('principal')
    .summary('users and service accounts with roles: admin, owner:<domain>, consumer')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork principal add alice --role owner:sales\n  meshwork principal roles alice --role owner:sales --role consumer\n  meshwork principal list',
    );
  withStoreOptions(
    principal
      .command('add')
      .summary('register a user or service account (platform admins)')
      .argument('<id>', 'principal id, e.g. alice or etl-bot')
      .option('--role <role>', 'admin, consumer or owner:<domain>; repeat for several', collect, [])
      .option('--service', 'a service account rather than a person')
      .option('--name <name>', 'display name')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork principal add alice --role owner:sales\n  meshwork principal add etl-bot --service --role owner:sales --role consumer',
      ),
  ).action(async (id: string, opts: JsonOption & { role: string[]; service?: boolean; name?: string }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const p = await mesh.governance.addPrincipal({
        id,
        kind: opts.service ? 'service' : 'user',
        roles: opts.role,
        ...(opts.name ? { displayName: opts.name } : {}),
      });
      if (opts.json) writeJson(ctx.io, p);
      else ctx.io.stdout.write(formatPrincipals([p]));
    });
  });
  withStoreOptions(
    principal
      .command('roles')
      .summary('replace the roles of a principal (platform admins)')
      .argument('<id>', 'principal id')
      .option('--role <role>', 'admin, consumer or owner:<domain>; repeat for several', collect, [])
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork principal roles alice --role owner:sales --role owner:customer\n  meshwork principal roles etl-bot --role consumer --json',
      ),
  ).action(async (id: string, opts: JsonOption & { role: string[] }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const p = await mesh.governance.setRoles(id, opts.role);
      if (opts.json) writeJson(ctx.io, p);
      else ctx.io.stdout.write(formatPrincipals([p]));
    });
  });
  withStoreOptions(
    principal
      .command('list')
      .summary('list principals and their roles')
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExamples:\n  meshwork principal list\n  meshwork principal list --json'),
  ).action(async (opts: JsonOption) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const list = await mesh.governance.listPrincipals();
      if (opts.json) writeJson(ctx.io, list);
      else ctx.io.stdout.write(formatPrincipals(list));
    });
  });

  const token = program
    .command('token')
    .summary('API tokens: random, shown once, stored as a hash, expiring')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork token create --for etl-bot --expires-in 30 --name nightly\n  meshwork token list --for etl-bot\n  meshwork token revoke q1W2e3R4t5Y6',
    );
  withStoreOptions(
    token
      .command('create')
      .summary('create an API token; it is printed once and never again')
      .option('--for <principal>', 'whose token (default: yourself; admins may create for anyone)')
      .option('--expires-in <days>', 'lifetime in days (90, 30d) or hours (12h)', '90')
      .option('--name <label>', 'a label, e.g. ci')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExample:\n  meshwork token create --for etl-bot --expires-in 30 --name nightly\n  export MESHWORK_TOKEN=<the printed token>',
      ),
  ).action(async (opts: JsonOption & { for?: string; expiresIn: string; name?: string }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const created = await mesh.governance.createToken({
        ...(opts.for ? { principal: opts.for } : {}),
        expiresInDays: days(opts.expiresIn),
        ...(opts.name ? { name: opts.name } : {}),
      });
      if (opts.json) writeJson(ctx.io, created);
      else {
        ctx.io.stdout.write(`${created.token}\n`);
        ctx.io.stderr.write(
          `token ${created.id} for ${created.principalId}, expires ${created.expiresAt}; store it now: it is not shown again\n`,
        );
      }
    });
  });
  withStoreOptions(
    token
      .command('list')
      .summary('list tokens (never their secrets)')
      .option('--for <principal>', 'only this principal’s')
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExamples:\n  meshwork token list\n  meshwork token list --for etl-bot --json'),
  ).action(async (opts: JsonOption & { for?: string }) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const list = await mesh.governance.listTokens(opts.for);
      if (opts.json) writeJson(ctx.io, list);
      else ctx.io.stdout.write(formatTokens(list, new Date().toISOString()));
    });
  });
  withStoreOptions(
    token
      .command('revoke')
      .summary('revoke a token: it stops working at once')
      .argument('<token-id>', 'the token id shown by token list')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExample:\n  meshwork token revoke q1W2e3R4t5Y6   # a token id from meshwork token list',
      ),
  ).action(async (id: string, opts: JsonOption) => {
    await withMesh(ctx, opts, async (mesh) => {
      const t = await mesh.governance.revokeToken(id);
      if (opts.json) writeJson(ctx.io, t);
      else ctx.io.stdout.write(`token ${t.id} of ${t.principalId} revoked\n`);
    });
  });
}
