import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { isLoopbackHost } from '../../server/is-loopback.ts';
import { DEFAULT_LIMITS, type ServerLimits } from '../../server/server-options.ts';
import { loadCliConfig, resolveCliAuditKey } from '../cli-config.ts';
import type { CommandContext } from '../command-context.ts';

/** Environment variables `meshwork serve` reads (a flag wins over them). */
export const SERVE_ENV = {
  host: 'MESHWORK_HOST',
  port: 'MESHWORK_PORT',
  cors: 'MESHWORK_CORS_ORIGINS',
  logLevel: 'MESHWORK_LOG_LEVEL',
  worldBankBaseUrl: 'MESHWORK_WORLDBANK_BASE_URL',
  queryTimeout: 'MESHWORK_QUERY_TIMEOUT',
  webDir: 'MESHWORK_WEB_DIR',
  durableAudit: 'MESHWORK_DURABLE_AUDIT',
  webhookAllowPrivate: 'MESHWORK_WEBHOOK_ALLOW_PRIVATE',
} as const;

interface ServeOptions {
  readonly host?: string;
  readonly port?: string;
  readonly store?: string;
  readonly dev?: boolean;
  readonly cors?: string;
  readonly maxBody?: string;
  readonly maxRows?: string;
  readonly rateLimit?: string;
  readonly logLevel?: string;
  readonly worldbankBaseUrl?: string;
  readonly queryTimeout?: string;
  readonly examples?: boolean;
  readonly durableAudit?: boolean;
  readonly webhookAllowPrivate?: boolean;
}

/** Reads a yes/no setting given as text (`true`/`false`, `1`/`0`, `yes`/`no`). */
function yesNo(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new MeshError('invalid_input', `${name} must be true or false, got ${value}`);
}

function whole(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new MeshError(
      'invalid_input',
      `${name} must be a whole number from ${min} to ${max}, got ${value}`,
    );
  }
  return n;
}

/** Resolves after SIGTERM or SIGINT, once. */
function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** `meshwork serve`: the HTTP API over one store, until SIGTERM or SIGINT. */
export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .summary('run the HTTP API (OpenAPI at /openapi.json, reference at /docs) on a store')
    .description(
      'Serves the whole platform over HTTP on one store, opened once. Requests authenticate with Authorization: Bearer mwt_… (meshwork token create); on a first start with no admin principal, an `admin` principal is created and its token printed once. Logs are JSON lines on standard output. SIGTERM or SIGINT finishes the requests under way, then closes the store. See docs/server.md.',
    )
    .addOption(
      new Option(
        '--host <host>',
        `address to listen on (default: $${SERVE_ENV.host}, then host in meshwork.yaml, then 127.0.0.1)`,
      ),
    )
    .addOption(
      new Option(
        '--port <port>',
        `port, 0 for any free one (default: $${SERVE_ENV.port}, then port in meshwork.yaml, then 8080)`,
      ),
    )
    .addOption(
      new Option(
        '--store <location>',
        'the store (default: $MESHWORK_STORE, then meshwork.yaml, then ./.meshwork/mesh.duckdb)',
      ),
    )
    .option('--dev', 'no tokens: every request acts as an admin; only on a loopback host')
    .option(
      '--examples',
      'when the store holds no product, load the example products first (sales, customers and a derived product, with sample data)',
    )
    .addOption(
      new Option(
        '--cors <origins>',
        `comma-separated origins allowed by CORS (default: $${SERVE_ENV.cors}, then cors_origins in meshwork.yaml, then none)`,
      ),
    )
    .addOption(
      new Option('--max-body <bytes>', `largest JSON request body (default ${DEFAULT_LIMITS.maxBodyBytes})`),
    )
    .addOption(
      new Option('--max-rows <n>', `most rows per response (default ${DEFAULT_LIMITS.maxRowsPerResponse})`),
    )
    .addOption(
      new Option('--rate-limit <n>', `requests per token per minute (default ${DEFAULT_LIMITS.rateLimit})`),
    )
    .addOption(
      new Option(
        '--query-timeout <ms>',
        `longest a read may run before it is stopped and answered 503 query_timeout, 0 for no limit (default: $${SERVE_ENV.queryTimeout}, then query_timeout in meshwork.yaml, then ${DEFAULT_LIMITS.queryTimeoutMs})`,
      ),
    )
    .addOption(
      new Option(
        '--worldbank-base-url <url>',
        `World Bank API location for POST /connectors/worldbank/refresh (default: $${SERVE_ENV.worldBankBaseUrl}, then worldbank_base_url in meshwork.yaml, then the location of the last pull, else https://api.worldbank.org/v2)`,
      ),
    )
    .addOption(
      new Option(
        '--durable-audit',
        `answer a read only once its access-log and audit entries are committed (default: $${SERVE_ENV.durableAudit}, then durable_audit in meshwork.yaml, then off: committed in groups a few milliseconds later)`,
      ),
    )
    .addOption(
      new Option(
        '--webhook-allow-private',
        `let webhooks deliver to loopback, private and link-local addresses (default: $${SERVE_ENV.webhookAllowPrivate}, then webhook_allow_private in meshwork.yaml, then off: such URLs are refused at registration and at delivery)`,
      ),
    )
    .addOption(new Option('--log-level <level>', `pino level (default: $${SERVE_ENV.logLevel}, then info)`))
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork serve --store ./mesh.duckdb\n  meshwork serve --port 0 --dev\n  meshwork serve --dev --examples     # what npm start runs\n  curl -H "Authorization: Bearer $MESHWORK_TOKEN" http://127.0.0.1:8080/products',
    )
    .action(async (opts: ServeOptions) => {
      const env = ctx.io.env;
      const config = await loadCliConfig(ctx.io.cwd);
      const host = opts.host ?? env[SERVE_ENV.host] ?? config.host ?? '127.0.0.1';
      const port = whole('--port', opts.port ?? env[SERVE_ENV.port] ?? config.port, 0, 65_535) ?? 8080;
      const dev = opts.dev === true;
      if (dev && !isLoopbackHost(host)) {
        throw new MeshError(
          'invalid_input',
          `--dev serves without tokens, so it listens only on a loopback host (127.0.0.1, ::1 or localhost), not ${host}`,
        );
      }
      const cors = (opts.cors ?? env[SERVE_ENV.cors] ?? config.corsOrigins ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== '');
      let limits: Partial<ServerLimits> = {
        ...(opts.maxBody === undefined
          ? {}
          : { maxBodyBytes: whole('--max-body', opts.maxBody, 1, 2 ** 31) }),
        ...(opts.maxRows === undefined
          ? {}
          : { maxRowsPerResponse: whole('--max-rows', opts.maxRows, 1, 1_000_000) }),
        ...(opts.rateLimit === undefined
          ? {}
          : { rateLimit: whole('--rate-limit', opts.rateLimit, 1, 10_000_000) }),
      } as Partial<ServerLimits>;
      const queryTimeoutMs = whole(
        '--query-timeout',
        opts.queryTimeout ?? env[SERVE_ENV.queryTimeout] ?? config.queryTimeout,
        0,
        86_400_000,
      );
      if (queryTimeoutMs !== undefined) limits = { ...limits, queryTimeoutMs };
      const worldBankBaseUrl =
        opts.worldbankBaseUrl ?? env[SERVE_ENV.worldBankBaseUrl] ?? config.worldBankBaseUrl;
      if (worldBankBaseUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(worldBankBaseUrl)) {
        throw new MeshError(
          'invalid_input',
          `the World Bank API location must be an http(s) URL such as https://api.worldbank.org/v2, got ${worldBankBaseUrl}`,
        );
      }
      const durableAudit =
        opts.durableAudit === true ||
        (yesNo(`$${SERVE_ENV.durableAudit}`, env[SERVE_ENV.durableAudit]) ??
          yesNo('durable_audit in meshwork.yaml', config.durableAudit) ??
          false);
      const webhookAllowPrivate =
        opts.webhookAllowPrivate === true ||
        (yesNo(`$${SERVE_ENV.webhookAllowPrivate}`, env[SERVE_ENV.webhookAllowPrivate]) ??
          yesNo('webhook_allow_private in meshwork.yaml', config.webhookAllowPrivate) ??
          false);
      const auditKey = resolveCliAuditKey(env, config);
      // Loaded only when serving, so that the CLI starts without the platform and the HTTP stack.
      const [
        { Mesh },
        { AuditKey },
        { createMeshServer, ensureAdminPrincipal, findWebCatalog, startServer },
        { pino },
      ] = await Promise.all([
        import('../../product/mesh.ts'),
        import('../../governance/audit-key.ts'),
        import('../../server/index.ts'),
        import('pino'),
      ]);
      const mesh = await Mesh.open({
        store: ctx.storeLocation(opts),
        durableAudit,
        webhookTargets: webhookAllowPrivate ? 'any' : 'public',
        ...(auditKey ? { auditKey: AuditKey.from(auditKey.secret, auditKey.source) } : {}),
      });
      try {
        const err = ctx.io.stderr;
        if (opts.examples === true && (await mesh.listProducts()).length === 0) {
          const { loadExampleProducts } = await import('../load-example-products.ts');
          const loaded = await loadExampleProducts(mesh);
          err.write(`meshwork: the store was empty: loaded the example products ${loaded.join(', ')}\n`);
        }
        if (dev) {
          err.write(
            'meshwork: WARNING: --dev: no authentication, every request acts as the local admin; never expose this server\n',
          );
        } else {
          const bootstrap = await ensureAdminPrincipal(mesh);
          if (bootstrap.created) {
            err.write(
              `meshwork: first start: created principal ${bootstrap.principalId} (admin). Its token, shown only this once:\n${bootstrap.token}\n(expires ${bootstrap.expiresAt}; keep it secret, e.g. export MESHWORK_TOKEN=…)\n`,
            );
          }
        }
        const logger = pino(
          { level: opts.logLevel ?? env[SERVE_ENV.logLevel] ?? 'info', base: null },
          { write: (line: string) => ctx.io.stdout.write(line) },
        );
        // The web catalog: the build in the package unless another build is named (e.g. a development build).
        const webDir = env[SERVE_ENV.webDir];
        const webCatalog = webDir === undefined || webDir === '' ? findWebCatalog() : webDir;
        // Webhooks are delivered by this process while it serves (docs/events.md); the dispatcher resumes from each
        // webhook's stored cursor, so a restart loses and repeats nothing that was acknowledged. The server gets it
        // too, so that POST /webhooks/dispatch runs its passes (never beside one, which could send an event twice).
        const dispatcher = mesh.webhooks.dispatcher({
          logger: {
            debug: (message, fields) => logger.debug(fields, message),
            warn: (message, fields) => logger.warn(fields, message),
          },
        });
        const server = createMeshServer({
          mesh,
          ...(webCatalog === undefined ? {} : { webCatalog }),
          logger,
          dev,
          corsOrigins: cors,
          limits,
          webhookDispatcher: dispatcher,
          ...(worldBankBaseUrl === undefined ? {} : { worldBank: { baseUrl: worldBankBaseUrl } }),
        });
        // Listen for the stop signals before saying where it serves, so a signal sent at once is not missed.
        const stopped = nextStopSignal();
        const running = await startServer(server, { host, port });
        dispatcher.start();
        if (durableAudit) {
          err.write(
            'meshwork: --durable-audit: each read is answered once its audit entries are committed\n',
          );
        }
        err.write(
          `meshwork: serving ${mesh.store} at ${running.url} (web catalog: ${running.url}/, API reference: ${running.url}/docs)\n`,
        );
        if (webCatalog === undefined || !existsSync(join(webCatalog, 'index.html'))) {
          err.write(
            `meshwork: no web catalog build ${webCatalog === undefined ? '(npm run build)' : `in ${webCatalog}`}; / says so, the API is unaffected\n`,
          );
        }
        const signal = await stopped;
        err.write(`meshwork: ${signal}: finishing requests under way, then closing the store\n`);
        await running.close();
        await dispatcher.stop();
      } finally {
        await mesh.close();
      }
      ctx.io.stderr.write('meshwork: stopped\n');
    });
}
