import type { Command } from 'commander';
import { isEventType } from '../../catalog/events/event-types.ts';
import { MeshError } from '../../core/errors.ts';
import { type CommandContext, type StoreOptions, withStoreOptions } from '../command-context.ts';
import { withMesh, withReadOnlyMesh } from '../with-mesh.ts';

interface EventsCliOptions extends StoreOptions {
  readonly after?: string;
  readonly type?: string[];
  readonly product?: string;
  readonly domain?: string;
  readonly limit: string;
  readonly json?: boolean;
}

interface WebhookAddOptions extends StoreOptions {
  readonly product?: string;
  readonly domain?: string;
  readonly type?: string[];
  readonly after?: string;
  readonly description?: string;
  readonly json?: boolean;
}

interface JsonOption extends StoreOptions {
  readonly json?: boolean;
  readonly limit?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function wholeNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new MeshError('invalid_input', `${flag} must be a whole number ≥ 0, got ${text}`);
  return n;
}

function eventTypes(list: readonly string[] | undefined): string[] {
  for (const t of list ?? [])
    if (!isEventType(t))
      throw new MeshError('invalid_input', `--type ${t} is not an event type; see docs/events.md`);
  return [...(list ?? [])];
}

/** `meshwork events` and `meshwork webhook add|list|remove|deliveries|redeliver|dispatch`: the events outbox and webhooks. */
export function registerEvents(program: Command, ctx: CommandContext): void {
  const out = (text: string): void => {
    ctx.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  withStoreOptions(
    program
      .command('events')
      .summary('read the events outbox after a cursor (oldest first)')
      .option('--after <cursor>', 'only events after this cursor', '0')
      .option('--type <type>', 'only events of this type (repeatable)', collect)
      .option('--product <id>', 'only events of this product')
      .option('--domain <name>', 'only events of this domain')
      .option('-l, --limit <n>', 'most events', '100')
      .option('--json', 'one JSON event per line'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork events\n  meshwork events --after 42 --type product.published --json',
    )
    .action(async (opts: EventsCliOptions) => {
      const types = eventTypes(opts.type) as never[];
      const after = wholeNumber(opts.after, '--after') ?? 0;
      const limit = wholeNumber(opts.limit, '--limit') ?? 100;
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        const events = await mesh.events({
          after,
          limit,
          ...(types.length > 0 ? { types } : {}),
          ...(opts.product ? { product: opts.product } : {}),
          ...(opts.domain ? { domain: opts.domain } : {}),
        });
        if (opts.json) {
          for (const e of events) out(JSON.stringify(e));
          return;
        }
        if (events.length === 0) return out('no events');
        for (const e of events)
          out(
            `${e.cursor}\t${e.time}\t${e.type}\t${e.productId ?? e.domain ?? '-'}\t${e.principal}\t${e.id}`,
          );
      });
    });

  const webhook = program
    .command('webhook')
    .summary('register webhooks and inspect their deliveries')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork webhook add https://hooks.example.com/mesh --domain sales --type product.published\n  meshwork webhook list --json',
    );
  withStoreOptions(
    webhook
      .command('add')
      .summary('register a webhook; prints its secret once')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork webhook add https://hooks.example.com/mesh --product sales.transactions --type ingest.batch_committed',
      )
      .argument('<url>', 'where deliveries are POSTed')
      .option('--product <id>', 'only events of this product')
      .option('--domain <name>', 'only events of this domain')
      .option('--type <type>', 'only events of this type (repeatable)', collect)
      .option('--after <cursor>', 'deliver events after this cursor (default: from now on)')
      .option('--description <text>', 'what it is for')
      .option('--json', 'JSON output'),
  ).action(async (url: string, opts: WebhookAddOptions) => {
    const after = wholeNumber(opts.after, '--after');
    await withMesh(ctx, opts, async (mesh) => {
      const { webhook: w, secret } = await mesh.webhooks.register({
        url,
        types: eventTypes(opts.type),
        ...(opts.product ? { product: opts.product } : {}),
        ...(opts.domain ? { domain: opts.domain } : {}),
        ...(after === undefined ? {} : { after }),
        ...(opts.description ? { description: opts.description } : {}),
      });
      if (opts.json) return out(JSON.stringify({ ...w, secret }));
      out(`webhook ${w.id} → ${w.url}\nsecret (shown once, keep it to verify signatures): ${secret}`);
    });
  });
  withStoreOptions(
    webhook
      .command('list')
      .summary('list webhooks')
      .addHelpText('after', '\nExamples:\n  meshwork webhook list --json')
      .option('--json', 'JSON output'),
  ).action(async (opts: JsonOption) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const list = await mesh.webhooks.list();
      if (opts.json) return out(JSON.stringify(list));
      if (list.length === 0) return out('no webhooks');
      for (const w of list)
        out(
          `${w.id}\t${w.url}\t${w.productId ?? w.domain ?? '*'}\t${w.types.join(',') || '*'}\tafter ${w.after}\t${w.createdBy}`,
        );
    });
  });
  withStoreOptions(
    webhook
      .command('remove')
      .summary('remove a webhook')
      .addHelpText('after', '\nExamples:\n  meshwork webhook remove 0b6f3c1e-2d1a-4c59-9a49-1f7d2f0c8e11')
      .argument('<id>'),
  ).action(async (id: string, opts: StoreOptions) => {
    await withMesh(ctx, opts, async (mesh) => {
      await mesh.webhooks.remove(id);
      out(`removed webhook ${id}`);
    });
  });
  withStoreOptions(
    webhook
      .command('deliveries')
      .summary("a webhook's delivery log (newest first)")
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork webhook deliveries 0b6f3c1e-2d1a-4c59-9a49-1f7d2f0c8e11 --limit 10',
      )
      .argument('<id>')
      .option('-l, --limit <n>', 'most attempts', '50')
      .option('--json', 'JSON output'),
  ).action(async (id: string, opts: JsonOption) => {
    const limit = wholeNumber(opts.limit, '--limit') ?? 50;
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const log = await mesh.webhooks.deliveries(id, limit);
      if (opts.json) return out(JSON.stringify(log));
      if (log.length === 0) return out('no deliveries');
      for (const d of log)
        out(
          `${d.attemptedAt}\tevent ${d.eventCursor}\tattempt ${d.attempt}${d.manual ? ' (manual)' : ''}\t${d.status}\t${d.httpStatus ?? '-'}\t${d.error ?? ''}\t${d.nextAttemptAt ?? ''}`,
        );
    });
  });
  withStoreOptions(
    webhook
      .command('redeliver')
      .summary('send one event to a webhook again now')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork webhook redeliver 0b6f3c1e-2d1a-4c59-9a49-1f7d2f0c8e11 5f0e9b8a-7c6d-4e3f-8a1b-2c3d4e5f6a7b',
      )
      .argument('<id>')
      .argument('<event-id>')
      .option('--json', 'JSON output'),
  ).action(async (id: string, eventId: string, opts: JsonOption) => {
    await withMesh(ctx, opts, async (mesh) => {
      const d = await mesh.webhooks.redeliver(id, eventId);
      if (opts.json) return out(JSON.stringify(d));
      out(`${d.status} (attempt ${d.attempt}, HTTP ${d.httpStatus ?? '-'})${d.error ? `: ${d.error}` : ''}`);
      if (d.status !== 'succeeded') ctx.setExitCode(1);
    });
  });
  withStoreOptions(
    webhook
      .command('dispatch')
      .summary(
        'deliver due events to every webhook once (with --server: a pass of the server’s own dispatcher, after the one under way)',
      )
      .addHelpText('after', '\nExamples:\n  meshwork webhook dispatch --json')
      .option('--json', 'JSON output'),
  ).action(async (opts: JsonOption) => {
    await withMesh(ctx, opts, async (mesh) => {
      const pass = await mesh.webhooks.dispatcher().runOnce();
      out(opts.json ? JSON.stringify(pass) : `delivered ${pass.delivered}, failed ${pass.failed}`);
    });
  });
}
