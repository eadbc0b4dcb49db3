import { type Command, Option } from 'commander';
import { POLICY_EVENTS, type PolicyEvent } from '../../governance/policy.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { readSpecFile } from '../read-spec-file.ts';
import {
  formatApplied,
  formatCompliance,
  formatPolicies,
  formatPolicy,
  formatPolicyResult,
  formatTrace,
} from '../render/format-policies.ts';
import { withMesh, withReadOnlyMesh } from '../with-mesh.ts';

interface JsonOption extends StoreOptions {
  readonly json?: boolean;
}

/** `meshwork policy apply|list|show|test|explain` and `meshwork compliance`: policies as code. */
export function registerPolicy(program: Command, ctx: CommandContext): void {
  const policy = program
    .command('policy')
    .summary('policies as code: apply, list, show, test and explain')
    .description(
      'Policies are CEL expressions over product, contract, request, quality and grants, stored and versioned in the catalog. Global policies apply to every product; a domain may add stricter policies, never loosen global ones.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork policy list --domain sales\n  meshwork policy apply policies/sales.yaml\n  meshwork policy explain fields-described sales.transactions',
    );
  withStoreOptions(
    policy
      .command('apply')
      .summary('store the policies of a YAML file (new ones, or new versions) and re-evaluate compliance')
      .argument('<file>', 'YAML or JSON: a list of policies or { policies: [...] }')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        `\nExample file:\n  policies:\n    - id: sales-fields-described\n      description: every field of a sales product is described\n      severity: blocking\n      scope: domain:sales\n      events: [publish]\n      expression: "product.schema.fields.all(f, f.description != '')"\n\nExample:\n  meshwork policy apply policies/sales.yaml`,
      ),
  ).action(async (file: string, opts: JsonOption) => {
    const document = await readSpecFile(file);
    await withMesh(ctx, opts, async (mesh) => {
      const result = await mesh.governance.applyPolicies(document);
      if (opts.json) writeJson(ctx.io, result);
      else ctx.io.stdout.write(formatApplied(result));
    });
  });
  withStoreOptions(
    policy
      .command('list')
      .summary('list the policies (global and per domain)')
      .option('--domain <domain>', 'only global policies and this domain’s')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork policy list\n  meshwork policy list --domain sales --json',
      ),
  ).action(async (opts: JsonOption & { domain?: string }) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const list = await mesh.governance.listPolicies(opts.domain ? { domain: opts.domain } : {});
      if (opts.json) writeJson(ctx.io, list);
      else ctx.io.stdout.write(formatPolicies(list));
    });
  });
  withStoreOptions(
    policy
      .command('show')
      .summary('show one policy and every version of it')
      .argument('<policy>', 'policy id')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork policy show fields-described\n  meshwork policy show pii-classified --json',
      ),
  ).action(async (id: string, opts: JsonOption) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const p = await mesh.governance.policy(id);
      const versions = await mesh.governance.policyHistory(id);
      if (opts.json) writeJson(ctx.io, { ...p, versions });
      else ctx.io.stdout.write(formatPolicy(p, versions));
    });
  });
  const eventOption = (): Option =>
    new Option('--event <event>', 'the event to evaluate at (default: the policy’s first)').choices([
      ...POLICY_EVENTS,
    ]);
  withStoreOptions(
    policy
      .command('test')
      .summary('evaluate one policy against one product; exits 6 when it fails')
      .argument('<policy>', 'policy id')
      .argument('<product>', 'product id')
      .addOption(eventOption())
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExample:\n  meshwork policy test fields-described sales.transactions'),
  ).action(async (policyId: string, productId: string, opts: JsonOption & { event?: PolicyEvent }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const r = await mesh.governance.testPolicy(policyId, productId, opts.event);
      if (opts.json) writeJson(ctx.io, r);
      else ctx.io.stdout.write(formatPolicyResult(productId, r.result, r.applies));
      if (!r.result.passed) ctx.setExitCode(EXIT.denied);
    });
  });
  withStoreOptions(
    policy
      .command('explain')
      .summary('show the evaluation trace of one policy on one product, with the offending paths')
      .argument('<policy>', 'policy id')
      .argument('<product>', 'product id')
      .addOption(eventOption())
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExample:\n  meshwork policy explain pii-classified customer.profiles'),
  ).action(async (policyId: string, productId: string, opts: JsonOption & { event?: PolicyEvent }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const r = await mesh.governance.explainPolicy(policyId, productId, opts.event);
      if (opts.json) writeJson(ctx.io, r);
      else
        ctx.io.stdout.write(
          `${formatPolicyResult(productId, r.result, r.applies)}\ntrace:\n${formatTrace(r.trace)}`,
        );
    });
  });
  withStoreOptions(
    program
      .command('compliance')
      .summary('policy compliance per product, per domain and for the whole mesh (evaluated now)')
      .option('--domain <domain>', 'only this domain')
      .option('--product <product>', 'only this product')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork compliance\n  meshwork compliance --domain sales --json',
      ),
  ).action(async (opts: JsonOption & { domain?: string; product?: string }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const report = await mesh.governance.compliance({
        ...(opts.domain ? { domain: opts.domain } : {}),
        ...(opts.product ? { product: opts.product } : {}),
      });
      if (opts.json) writeJson(ctx.io, report);
      else ctx.io.stdout.write(formatCompliance(report));
    });
  });
}
