import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';

interface ConnectWorldBankOptions extends StoreOptions {
  readonly indicators: string;
  readonly countries: string;
  readonly years: string;
  readonly baseUrl?: string;
  readonly cacheDir?: string;
  readonly cacheTtl: string;
  readonly timeout: string;
  readonly json?: boolean;
}

function list(flag: string, text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0)
    throw new MeshError('invalid_input', `${flag} needs at least one code, e.g. ${flag} BRA,USA`);
  return items;
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new MeshError('invalid_input', `${flag} must be a positive number, got ${text}`);
  return n;
}

/** `meshwork connect worldbank`: materializes World Bank indicators as the product external.worldbank_indicators. */
export function registerConnect(program: Command, ctx: CommandContext): void {
  const connect = program
    .command('connect')
    .summary('pull external data into a data product through a connector')
    .description(
      'Connectors turn an external source into a governed data product with a contract and lineage.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork connect worldbank --indicators SP.POP.TOTL,NY.GDP.PCAP.CD --countries BRA,USA --years 2015:2023\n  meshwork refresh external.worldbank_indicators',
    );
  withStoreOptions(
    connect
      .command('worldbank')
      .summary('materialize World Bank indicators as external.worldbank_indicators')
      .description(
        'Pulls indicator values from the World Bank Indicators API v2 and stores them in external.worldbank_indicators (created on first use, with lineage from the API). Re-running replaces the pulled scope in one transaction: it updates, never duplicates, and a failure leaves the stored product as it was. `meshwork refresh` pulls again.',
      )
      .requiredOption(
        '--indicators <codes>',
        'comma-separated indicator codes, e.g. NY.GDP.MKTP.CD,SP.POP.TOTL',
      )
      .requiredOption('--countries <codes>', 'comma-separated ISO3 (or ISO2) codes, e.g. BRA,USA,CHN')
      .requiredOption('--years <range>', 'year range like 2015:2023, or one year')
      .option('--base-url <url>', 'API location (default https://api.worldbank.org/v2)')
      .option('--cache-dir <dir>', 'keep API responses on disk here')
      .option('--cache-ttl <minutes>', 'how long cached responses stay valid', '1440')
      .option('--timeout <seconds>', 'give up on one request after this long', '15')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork connect worldbank --indicators NY.GDP.MKTP.CD,SP.POP.TOTL,NY.GDP.PCAP.CD --countries BRA,CHN,DEU,IND --years 2015:2022\n  meshwork connect worldbank --indicators SP.POP.TOTL --countries BRA --years 2020 --base-url http://127.0.0.1:8080/v2',
      ),
  ).action(async (opts: ConnectWorldBankOptions) => {
    const [{ parseYears }, { materializeWorldBank }] = await Promise.all([
      import('../../connectors/worldbank/worldbank-pull.ts'),
      import('../../product/materialize-worldbank.ts'),
    ]);
    const pull = {
      indicators: list('--indicators', opts.indicators),
      countries: list('--countries', opts.countries),
      years: parseYears(opts.years),
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    };
    const timeoutMs = positive('--timeout', opts.timeout) * 1000;
    const ttlMs = positive('--cache-ttl', opts.cacheTtl) * 60_000;
    const mesh = await ctx.openMesh(opts);
    try {
      const result = await materializeWorldBank(mesh, pull, {
        timeoutMs,
        ...(opts.cacheDir ? { cache: { dir: opts.cacheDir, ttlMs } } : {}),
      });
      if (opts.json) writeJson(ctx.io, result);
      else {
        ctx.io.stdout.write(
          `${result.productId}: ${result.inserted} record(s) stored (${result.removed} replaced, ${result.nullValues} without a value)${result.created ? '; product created and published' : ''}\n`,
        );
      }
    } finally {
      await mesh.close();
    }
  });
}
