import {
  DEFAULT_STORE,
  EXPORT_FORMATS,
  EXTERNAL_SOURCE_PATTERN,
  INVALID_UTF8_POLICIES,
  OPERATIONS,
  RECORD_FORMATS,
  STORE_ENV_VAR,
  STORE_LOCATION_HELP,
  isPostgresUrl,
  openEngine,
} from './chunk-MM3F4P5N.js';
import { PRODUCT_STATUSES, SEARCH_FACETS, parseSearchFilters } from './chunk-N4LOYPPM.js';
import { SCAFFOLD_FORMATS } from './chunk-RLX2OZZX.js';
import { DEFAULT_LIMITS, ON_EXISTING_MODES, isLoopbackHost } from './chunk-XW5VXV64.js';
import {
  ACCESS_REQUEST_STATUSES,
  AUDIT_OUTCOMES,
  POLICY_EVENTS,
  formatPolicyScope,
  formatRole,
  formatViolation,
  isEventType,
  parseAuditAnchor,
  parseLineageWalkOptions,
} from './chunk-CZYLR5LO.js';
import { formatProblemsText, hasErrors, sortProblems } from './chunk-RH4LIB2Q.js';
import { closestName } from './chunk-FXK5COB7.js';
import { escapeFormulaText } from './chunk-O5HYQHYQ.js';
import { CONTRACT_EXPORT_FORMATS } from './chunk-A2DVDANQ.js';
import { PRODUCT_ID_PATTERN } from './chunk-K5DZIQWA.js';
import { ContractViolationError, MeshError, formatPath, isMeshError } from './chunk-Z2USMJAC.js';

// dist/cli/main.js
import { Command, CommanderError } from 'commander';

// dist/cli/cli-config.js
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option as Option2 } from 'commander';

// dist/cli/command-context.js
import { Option } from 'commander';
var TOKEN_ENV_VAR = 'MESHWORK_TOKEN';
function withStoreOptions(cmd) {
  return cmd
    .addOption(
      new Option(
        '--store <location>',
        `${STORE_LOCATION_HELP} (default: $${STORE_ENV_VAR}, then ./.meshwork/mesh.duckdb); only commands that write create a missing one, and catalog reads open it read-only (README: which commands create, write or only read the store)`,
      ),
    )
    .addOption(
      // No default here: an absent flag lets $MESHWORK_ACTOR, then meshwork.yaml, then `anonymous` decide.
      new Option(
        '--actor <principal>',
        'principal id recorded in the access log (default: $MESHWORK_ACTOR, then meshwork.yaml, then anonymous)',
      ),
    )
    .addOption(
      new Option(
        '--token <token>',
        `API token to act as its principal (default: $${TOKEN_ENV_VAR}; an empty one is refused; with neither: the local admin, see docs/governance.md)`,
      ),
    );
}
function withFormulaEscapeOption(cmd) {
  return cmd.option(
    '--no-formula-escape',
    "CSV: write text cells starting with = + - @ tab or CR as they are, without the leading ' that stops spreadsheets running them as formulas (for machine consumers)",
  );
}
var CARD_FORMATS = ['text', 'json'];
function withFormatOption(cmd, formats, fallback) {
  const option = new Option('--format <format>', 'output format').choices([...formats]).default(fallback);
  OUTPUT_FORMAT_OPTIONS.add(option);
  return cmd.addOption(option).option('--json', 'same as --format json');
}
var OUTPUT_FORMAT_OPTIONS = /* @__PURE__ */ new WeakSet();
function outputFormat(options) {
  return options.json ? 'json' : (options.format ?? 'table');
}
function writeJson(io, value2) {
  io.stdout.write(`${JSON.stringify(value2, null, 2)}
`);
}

// dist/cli/cli-config.js
var CONFIG_FILE = 'meshwork.yaml';
var ACTOR_ENV_VAR = 'MESHWORK_ACTOR';
var AUDIT_KEY_ENV_VAR = 'MESHWORK_AUDIT_KEY';
var AUDIT_KEY_FILE_ENV_VAR = 'MESHWORK_AUDIT_KEY_FILE';
var CONFIG_FORMATS = ['table', 'json', 'ndjson', 'csv'];
var SETTINGS_HELP = `Settings (a flag wins over an environment variable, which wins over ${CONFIG_FILE} in the current folder):
  store   --store <path>     $${STORE_ENV_VAR}   store: <path>   default ${DEFAULT_STORE}
  actor   --actor <name>     $${ACTOR_ENV_VAR}   actor: <name>   default anonymous
  format  --format/--json    -                  format: json    default table (table, json, ndjson or csv)
  audit key  -  $${AUDIT_KEY_ENV_VAR}, else a file named by $${AUDIT_KEY_FILE_ENV_VAR}, else audit_key_file: <path>   default none (unkeyed chain)`;
function text(file, key, value2) {
  if (value2 === void 0 || value2 === null) return void 0;
  if (typeof value2 !== 'string' || value2.trim() === '') {
    throw new MeshError(
      'invalid_input',
      `${file}: ${key} must be non-empty text, e.g. ${key}: ${key === 'store' ? './mesh.duckdb' : 'alice'}`,
    );
  }
  return value2.trim();
}
async function loadCliConfig(folder) {
  const file = join(folder, CONFIG_FILE);
  let raw;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const { parsePlainYaml } = await import('./parse-plain-yaml-AWWM5C52.js');
  const data = parsePlainYaml(raw, file, 'YAML');
  if (data === null || data === void 0) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new MeshError('invalid_input', `${file} must hold settings such as "store: ./mesh.duckdb"`);
  }
  const settings = data;
  for (const key of Object.keys(settings)) {
    if (!['store', 'actor', 'format', 'audit_key_file', 'host', 'port', 'cors_origins'].includes(key)) {
      throw new MeshError(
        'invalid_input',
        `${file}: unknown setting ${key}; the settings are store, actor, format, audit_key_file, host, port and cors_origins`,
      );
    }
  }
  const store = text(file, 'store', settings.store);
  const actor = text(file, 'actor', settings.actor);
  const format = text(file, 'format', settings.format);
  const auditKeyFile = text(file, 'audit_key_file', settings.audit_key_file);
  const host = text(file, 'host', settings.host);
  const port = text(file, 'port', typeof settings.port === 'number' ? String(settings.port) : settings.port);
  const corsOrigins = text(file, 'cors_origins', settings.cors_origins);
  if (format !== void 0 && !CONFIG_FORMATS.includes(format)) {
    throw new MeshError(
      'invalid_input',
      `${file}: format must be one of ${CONFIG_FORMATS.join(', ')}; got ${format}`,
    );
  }
  return {
    ...(store === void 0 ? {} : { store: /^[a-z]+:\/\//i.test(store) ? store : resolve(folder, store) }),
    ...(actor === void 0 ? {} : { actor }),
    ...(format === void 0 ? {} : { format }),
    ...(auditKeyFile === void 0 ? {} : { auditKeyFile: resolve(folder, auditKeyFile) }),
    ...(host === void 0 ? {} : { host }),
    ...(port === void 0 ? {} : { port }),
    ...(corsOrigins === void 0 ? {} : { corsOrigins }),
  };
}
function first(...values) {
  return values.find((v) => v !== void 0 && v !== '');
}
function resolveCliStore(flag, env, config) {
  return first(flag, env[STORE_ENV_VAR], config.store) ?? DEFAULT_STORE;
}
function resolveCliActor(flag, env, config) {
  return first(flag, env[ACTOR_ENV_VAR], config.actor);
}
function resolveCliAuditKey(env, config) {
  const inline = env[AUDIT_KEY_ENV_VAR];
  if (inline !== void 0 && inline !== '') return { secret: inline, source: `$${AUDIT_KEY_ENV_VAR}` };
  const fromEnv = first(env[AUDIT_KEY_FILE_ENV_VAR]);
  const file = fromEnv ?? config.auditKeyFile;
  if (file === void 0) return void 0;
  const source = fromEnv
    ? `the audit key file ${file} (from $${AUDIT_KEY_FILE_ENV_VAR})`
    : `the audit key file ${file} (audit_key_file in ${CONFIG_FILE})`;
  try {
    return { secret: readFileSync(file, 'utf8'), source };
  } catch (error) {
    throw new MeshError(
      'not_found',
      `cannot read ${source}: ${error.code ?? 'error'}; check the path and its permissions`,
      {
        cause: error,
      },
    );
  }
}
function applyConfigDefaults(program, config) {
  const format = config.format;
  if (format === void 0) return;
  const visit = (cmd) => {
    const options = cmd.options;
    const output = options.find((o) => OUTPUT_FORMAT_OPTIONS.has(o));
    if (output !== void 0) {
      if (output.argChoices?.includes(format)) cmd.setOptionValueWithSource('format', format, 'config');
    } else if (format === 'json' && options.some((o) => o.long === '--json')) {
      cmd.setOptionValueWithSource('json', true, 'config');
      if (!options.some((o) => o.long === '--no-json')) {
        cmd.addOption(
          new Option2('--no-json', `print for people (overrides format: json in ${CONFIG_FILE})`),
        );
      }
    }
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
}

// dist/cli/cli-io.js
function processIo() {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read lazily: touching process.stdin sets up a handle, which only `init` on a terminal needs.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

// dist/cli/render/table.js
function cell(value2) {
  if (value2 === null || value2 === void 0) return '';
  if (typeof value2 === 'number')
    return Number.isInteger(value2) ? String(value2) : String(Math.round(value2 * 100) / 100);
  return String(value2).replaceAll('\n', ' ');
}
function renderTable(rows, columns) {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  if (cols.length === 0) return '(no rows)\n';
  const numeric = cols.map(
    (c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number'),
  );
  const body = rows.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (values) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  if (rows.length === 0) out.push('(no rows)');
  return `${out.join('\n')}
`;
}
function renderPairs(pairs) {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return `${pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}
`;
}

// dist/cli/render/format-access.js
var time = (iso) => (iso === null ? '' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
function formatPrincipals(principals) {
  return renderTable(
    principals.map((p) => ({
      id: p.id,
      kind: p.kind,
      roles: p.roles.map(formatRole).join(', '),
      name: p.displayName ?? '',
      created: time(p.createdAt),
    })),
    ['id', 'kind', 'roles', 'name', 'created'],
  );
}
function formatTokens(tokens, now) {
  return renderTable(
    tokens.map((t) => ({
      id: t.id,
      principal: t.principalId,
      name: t.name ?? '',
      state: t.revokedAt !== null ? 'revoked' : t.expiresAt <= now ? 'expired' : 'active',
      expires: time(t.expiresAt),
      'last used': time(t.lastUsedAt),
    })),
    ['id', 'principal', 'name', 'state', 'expires', 'last used'],
  );
}
function formatRequests(requests) {
  return renderTable(
    requests.map((r) => ({
      request: r.id,
      product: r.productId,
      port: r.port,
      principal: r.principalId,
      purpose: r.purpose,
      pii: r.pii ? 'yes' : 'no',
      status: r.status,
      decided: r.decidedBy === null ? '' : `${r.decidedBy} ${time(r.decidedAt)}`,
      comment: r.comment ?? '',
    })),
    ['request', 'product', 'port', 'principal', 'purpose', 'pii', 'status', 'decided', 'comment'],
  );
}
function formatGrants(grants, now) {
  return renderTable(
    grants.map((g) => ({
      grant: g.id,
      product: g.productId,
      principal: g.principalId,
      purpose: g.purpose,
      pii: g.pii ? 'yes' : 'no',
      major: g.majorVersion,
      state:
        g.revokedAt !== null ? 'revoked' : g.expiresAt !== null && g.expiresAt <= now ? 'expired' : 'active',
      expires: time(g.expiresAt),
      'granted by': g.grantedBy,
    })),
    ['grant', 'product', 'principal', 'purpose', 'pii', 'major', 'state', 'expires', 'granted by'],
  );
}
function formatNotifications(list4) {
  if (list4.length === 0) return '(no notifications)\n';
  return `${list4.map((n) => `${time(n.createdAt)}  ${n.recipient}  [${n.kind}] ${n.message}`).join('\n')}
`;
}
function formatAuditLog(entries) {
  return renderTable(
    entries.map((e) => ({
      seq: e.seq,
      time: time(e.at),
      principal: e.principal,
      actor: e.actor,
      action: e.action,
      target: e.target,
      outcome: e.outcome,
      hash: e.hash.slice(0, 12),
    })),
    ['seq', 'time', 'principal', 'actor', 'action', 'target', 'outcome', 'hash'],
  );
}
function formatVerification(v) {
  const notes = v.notes
    .map(
      (n) => `note: ${n}
`,
    )
    .join('');
  const how =
    v.protection === 'keyed'
      ? `keyed with key ${v.keyId}${v.keyedFrom !== null && v.keyedFrom > 1 ? ` from entry ${v.keyedFrom}` : ''}`
      : 'UNKEYED: plain hashes';
  const anchor = v.anchor ? `, anchor ${v.anchor.seq}:${v.anchor.hash.slice(0, 16)}\u2026` : '';
  if (v.ok) {
    return `audit chain intact: ${v.entries} entries, head ${v.headSeq}:${v.headHash} (${how}${anchor})
${notes}`;
  }
  return `audit chain BROKEN at entry ${v.seq} (${v.problem}): ${v.message}
(${v.entries} entries verified before it; ${how}${anchor})
${notes}`;
}
function formatMigration(r) {
  const rows = [...r.onCurrent, ...r.onOlder].map((c) => ({
    grant: c.grantId,
    principal: c.principalId,
    'pinned major': c.pinnedMajor,
    purpose: c.purpose,
    state: c.pinnedMajor < r.currentMajor ? 'must migrate' : 'current',
  }));
  return `${r.productId} ${r.version}: major ${r.currentMajor} since ${time(r.majorSince)}; migration window ${r.windowOpen ? 'open until' : 'closed at'} ${time(r.windowEndsAt)}
${renderTable(rows, ['grant', 'principal', 'pinned major', 'purpose', 'state'])}${r.onOlder.length} consumer grant(s) still on an older major
`;
}

// dist/cli/with-mesh.js
async function withMesh(ctx, options, fn, access = 'write') {
  const mesh = await ctx.openMesh(options, access);
  try {
    return await fn(mesh);
  } finally {
    await mesh.close();
  }
}
function withReadOnlyMesh(ctx, options, fn) {
  return withMesh(ctx, options, fn, 'read-only');
}

// dist/cli/commands/access.js
function id(text2, what) {
  const n = Number(text2.replace(/^#/, ''));
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new MeshError('invalid_input', `${what} must be a number such as 3, got ${text2}`);
  return n;
}
function registerAccess(program, ctx) {
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
      .summary('ask for access to a product\u2019s output port, with a purpose')
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
  ).action(async (product, opts) => {
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
            ? `request #${r.id} for ${r.productId} was approved at once (grant #${r.grantId ?? ''}, ${r.decidedBy ?? ''})
`
            : `request #${r.id} for ${r.productId} is waiting for an owner of its domain (meshwork access approve ${r.id})
`,
        );
    });
  });
  withStoreOptions(
    access
      .command('approve')
      .summary('approve a pending request (platform admins and owners of the product\u2019s domain)')
      .argument('<request>', 'request number')
      .option('--comment <text>', 'a note for the consumer')
      .option('--expires <date>', 'end the grant at this date instead of the one asked for')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork access approve 3\n  meshwork access approve 3 --comment "fine for Q4" --expires 2027-01-31',
      ),
  ).action(async (request, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const g = await mesh.governance.approve(id(request, 'the request'), {
        ...(opts.comment ? { comment: opts.comment } : {}),
        ...(opts.expires ? { expiresAt: opts.expires } : {}),
      });
      if (opts.json) writeJson(ctx.io, g);
      else
        ctx.io.stdout.write(`request #${request.replace(/^#/, '')} approved: grant #${g.id} lets ${g.principalId} read ${g.productId} (major ${g.majorVersion}${g.pii ? ', with PII' : ', PII masked'}${g.expiresAt ? `, until ${g.expiresAt}` : ''})
`);
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
  ).action(async (request, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const r = await mesh.governance.reject(id(request, 'the request'), opts.comment);
      if (opts.json) writeJson(ctx.io, r);
      else
        ctx.io.stdout.write(`request #${r.id} for ${r.productId} rejected
`);
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
  ).action(async (opts) => {
    if (opts.status !== void 0 && !ACCESS_REQUEST_STATUSES.includes(opts.status)) {
      throw new MeshError('invalid_input', `--status must be one of ${ACCESS_REQUEST_STATUSES.join(', ')}`);
    }
    const filter = {
      ...(opts.product ? { product: opts.product } : {}),
      ...(opts.principal ? { principal: opts.principal } : {}),
      ...(opts.status ? { status: opts.status } : {}),
      ...(opts.all ? { all: true } : {}),
    };
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      if (opts.grants) {
        const list4 = await mesh.governance.listGrants(filter);
        if (opts.json) writeJson(ctx.io, list4);
        else ctx.io.stdout.write(formatGrants(list4, /* @__PURE__ */ new Date().toISOString()));
      } else {
        const list4 = await mesh.governance.listRequests(filter);
        if (opts.json) writeJson(ctx.io, list4);
        else ctx.io.stdout.write(formatRequests(list4));
      }
    });
  });
  withStoreOptions(
    access
      .command('revoke')
      .summary('revoke a grant: it stops working at once')
      .argument('<grant>', 'grant number')
      .option('--comment <text>', 'why, for the consumer')
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExample:\n  meshwork access revoke 1 --comment "project over"'),
  ).action(async (grant, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const g = await mesh.governance.revokeGrant(id(grant, 'the grant'), opts.comment);
      if (opts.json) writeJson(ctx.io, g);
      else
        ctx.io.stdout.write(`grant #${g.id} of ${g.principalId} on ${g.productId} revoked
`);
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
  ).action(async (product, opts) => {
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
      .option('--for <principal>', 'whose notifications (default: yours; admins may read anyone\u2019s)')
      .option('-l, --limit <n>', 'most notifications', '50')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork notifications\n  meshwork notifications --for bob --limit 10 --json',
      ),
  ).action(async (opts) => {
    const limit = Number(opts.limit);
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new MeshError('invalid_input', '--limit must be a whole number');
    await withMesh(ctx, opts, async (mesh) => {
      const list4 = await mesh.governance.notifications({ ...(opts.for ? { for: opts.for } : {}), limit });
      if (opts.json) writeJson(ctx.io, list4);
      else ctx.io.stdout.write(formatNotifications(list4));
    });
  });
}

// dist/cli/exit-codes.js
var EXIT = {
  ok: 0,
  internal: 1,
  invalidInput: 2,
  notFound: 3,
  conflict: 4,
  contractViolation: 5,
  denied: 6,
  unavailable: 7,
};
var BY_CODE = {
  invalid_input: EXIT.invalidInput,
  not_found: EXIT.notFound,
  already_exists: EXIT.conflict,
  conflict: EXIT.conflict,
  contract_violation: EXIT.contractViolation,
  policy_denied: EXIT.denied,
  unauthorized: EXIT.denied,
  storage_unavailable: EXIT.unavailable,
  upstream_failed: EXIT.unavailable,
  internal: EXIT.internal,
};
function exitCodeFor(code) {
  return BY_CODE[code];
}
var EXIT_CODES_HELP = `Exit codes:
  0  success
  1  internal error (a bug: please report it)
  2  invalid input or usage (unknown command or flag, bad filter, malformed file)
  3  not found (product, file, segment, quality run)
  4  conflict (already exists, not-empty folder, lifecycle refused, archived product)
  5  contract violation (invalid descriptor, breaking change refused, rejected records, failed checks)
  6  denied by policy or missing authorization
  7  storage or upstream service unavailable (store in use, API down)`;

// dist/cli/commands/audit.js
var KEY_HELP = `
The key: $MESHWORK_AUDIT_KEY, else the file named by $MESHWORK_AUDIT_KEY_FILE, else audit_key_file: in
meshwork.yaml. With it the chain is keyed (HMAC-SHA256) and verify detects any rewrite by someone without the key;
without it the chain has plain hashes, which only detect accidental damage. The key is never printed.`;
function registerAudit(program, ctx) {
  const audit = program
    .command('audit')
    .summary('the tamper-evident audit log: verify the chain, print its head, list entries')
    .addHelpText(
      'after',
      `
Examples:
  meshwork audit verify
  meshwork audit head > audit-anchor.txt   # keep it outside the store
  meshwork audit verify --expect-head "$(cat audit-anchor.txt)"
  meshwork audit list --outcome denied --limit 20
${KEY_HELP}`,
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
        `
Examples:
  meshwork audit verify
  meshwork audit verify --expect-head 1042:9f2c41d09f2c41d09f2c41d09f2c41d09f2c41d09f2c41d09f2c41d09f2c41d0
  MESHWORK_AUDIT_KEY_FILE=/etc/meshwork/audit.key meshwork audit verify --json

With --expect-head a cut tail or a history rewritten up to the anchor is detected even without a key;
changes after the anchor are detected only with the key.
${KEY_HELP}`,
      ),
  ).action(async (opts) => {
    const expectHead = opts.expectHead === void 0 ? void 0 : parseAuditAnchor(opts.expectHead);
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
  ).action(async (opts) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const head = await mesh.governance.auditHead();
      if (!head) {
        throw new MeshError(
          'not_found',
          `the audit log of ${mesh.store} is empty, so it has no head; run meshwork audit verify to see whether it was wiped`,
        );
      }
      if (opts.json) writeJson(ctx.io, head);
      else
        ctx.io.stdout.write(`${head.anchor}
`);
    });
  });
  withStoreOptions(
    audit
      .command('enroll-key')
      .summary('start keying an audit chain written without a key so far (once, with the key set)')
      .option('--json', 'print the audit.key entry as JSON')
      .addHelpText(
        'after',
        `
Examples:
  meshwork audit verify && MESHWORK_AUDIT_KEY_FILE=/etc/meshwork/audit.key meshwork audit enroll-key

A store created with a key is keyed from its first entry and needs no enrollment. Enrolling is never
automatic: done silently it would also bless a chain rewritten without the key, so verify first.
${KEY_HELP}`,
      ),
  ).action(async (opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const entry = await mesh.governance.enrollAuditKey();
      if (opts.json) writeJson(ctx.io, entry);
      else
        ctx.io.stdout.write(`audit chain keyed from entry ${entry.seq} on (key ${entry.keyId}); entries before it keep their plain hashes
`);
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
  ).action(async (opts) => {
    const limit = Number(opts.limit);
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new MeshError('invalid_input', '--limit must be a whole number');
    if (opts.outcome !== void 0 && !AUDIT_OUTCOMES.includes(opts.outcome)) {
      throw new MeshError('invalid_input', `--outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`);
    }
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const entries = await mesh.governance.auditLog({
        ...(opts.action ? { action: opts.action } : {}),
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.principal ? { principal: opts.principal } : {}),
        ...(opts.outcome ? { outcome: opts.outcome } : {}),
        limit,
      });
      if (opts.json) writeJson(ctx.io, entries);
      else ctx.io.stdout.write(formatAuditLog(entries));
    });
  });
}

// dist/cli/commands/completion.js
import { existsSync } from 'node:fs';

// dist/cli/completion-script.js
var COMPLETION_SHELLS = ['bash', 'zsh', 'fish'];
var COMPLETE_PRODUCTS = '__complete products';
function isHidden(cmd) {
  return cmd._hidden === true;
}
function toNode(cmd) {
  const flags = cmd.options
    .filter((o) => !o.hidden)
    .flatMap((o) => [o.long, o.short].filter((f) => f !== void 0));
  return {
    name: cmd.name(),
    summary: (cmd.summary() || cmd.description()).split('\n')[0] ?? '',
    flags: [...flags, '--help'],
    children: cmd.commands.filter((c) => !isHidden(c)).map(toNode),
    takesProduct: cmd.registeredArguments[0]?.name() === 'product',
  };
}
function paths(root) {
  return root.children.flatMap((c) => [
    { words: [c.name], node: c },
    ...c.children.map((s) => ({ words: [c.name, s.name], node: s })),
  ]);
}
var shellWord = (text2) => `'${text2.replaceAll("'", `'\\''`)}'`;
function bashScript(root, bin) {
  const cases = paths(root)
    .map(({ words, node: node2 }) => {
      const sub = node2.children.map((c) => c.name).join(' ');
      return `    ${shellWord(words.join(' '))}) flags=${shellWord(node2.flags.join(' '))}; subs=${shellWord(sub)}; product=${node2.takesProduct ? 1 : 0} ;;`;
    })
    .join('\n');
  return `# bash completion for ${bin} (generated by \`${bin} completion bash\`).
# Load it with: source <(${bin} completion bash)
_${bin}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local cmdpath="" positional=0 i word top
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in
      -*) continue ;;
    esac
    top="\${cmdpath%% *}"
    if [[ -z "$cmdpath" ]]; then
      cmdpath="$word"
    elif [[ "$cmdpath" != *" "* && " $(_${bin}_subs "$top") " == *" $word "* ]]; then
      cmdpath="$cmdpath $word"
    else
      positional=$((positional + 1))
    fi
  done
  local flags="" subs="" product=0
  if [[ -z "$cmdpath" ]]; then
    flags=${shellWord(root.flags.join(' '))}
    subs=${shellWord(root.children.map((c) => c.name).join(' '))}
  else
    case "$cmdpath" in
${cases}
    esac
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ -n "$subs" && $positional -eq 0 ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  elif [[ $product -eq 1 && $positional -eq 0 ]]; then
    COMPREPLY=($(compgen -W "$(${bin} ${COMPLETE_PRODUCTS} 2>/dev/null)" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
_${bin}_subs() {
  case "$1" in
${root.children
  .filter((c) => c.children.length > 0)
  .map((c) => `    ${shellWord(c.name)}) echo ${shellWord(c.children.map((s) => s.name).join(' '))} ;;`)
  .join('\n')}
  esac
}
complete -o default -F _${bin} ${bin}
`;
}
var zshDescribed = (nodes) =>
  nodes.map((n) => shellWord(`${n.name}:${n.summary.replaceAll(':', '\\:')}`)).join(' ');
function zshScript(root, bin) {
  const cases = paths(root)
    .map(({ words, node: node2 }) => {
      const lines = [`      flags=(${node2.flags.map(shellWord).join(' ')})`];
      if (node2.children.length > 0) lines.push(`      subs=(${zshDescribed(node2.children)})`);
      if (node2.takesProduct) lines.push('      product=1');
      return `    ${shellWord(words.join(' '))})
${lines.join('\n')}
      ;;`;
    })
    .join('\n');
  return `#compdef ${bin}
# zsh completion for ${bin} (generated by \`${bin} completion zsh\`).
# Load it with: source <(${bin} completion zsh), or save it as _${bin} in a folder of $fpath.
_${bin}() {
  local -a flags subs
  local cmdpath="" product=0 positional=0 word i
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    if [[ -z "$cmdpath" ]]; then
      cmdpath="$word"
    elif [[ "$cmdpath" != *" "* && " $(_${bin}_subs "$cmdpath") " == *" $word "* ]]; then
      cmdpath="$cmdpath $word"
    else
      positional=$((positional + 1))
    fi
  done
  if [[ -z "$cmdpath" ]]; then
    flags=(${root.flags.map(shellWord).join(' ')})
    subs=(${zshDescribed(root.children)})
  else
    case "$cmdpath" in
${cases}
    esac
  fi
  if [[ "$PREFIX" == -* ]]; then
    compadd -- $flags
  elif (( \${#subs} > 0 && positional == 0 )); then
    _describe 'command' subs
  elif (( product == 1 && positional == 0 )); then
    compadd -- \${(f)"$(${bin} ${COMPLETE_PRODUCTS} 2>/dev/null)"}
  else
    _files
  fi
}
_${bin}_subs() {
  case "$1" in
${root.children
  .filter((c) => c.children.length > 0)
  .map((c) => `    ${shellWord(c.name)}) echo ${shellWord(c.children.map((s) => s.name).join(' '))} ;;`)
  .join('\n')}
  esac
}
if (( $+functions[compdef] )); then
  compdef _${bin} ${bin}
fi
`;
}
function fishScript(root, bin) {
  const lines = [
    `# fish completion for ${bin} (generated by \`${bin} completion fish\`).`,
    `# Load it with: ${bin} completion fish | source, or save it as ~/.config/fish/completions/${bin}.fish`,
    `complete -c ${bin} -f`,
  ];
  const topNames = root.children.map((c) => c.name).join(' ');
  for (const flag of root.flags.filter((f) => f.startsWith('--')))
    lines.push(`complete -c ${bin} -n '__fish_use_subcommand' -l ${flag.slice(2)}`);
  for (const c of root.children)
    lines.push(`complete -c ${bin} -n '__fish_use_subcommand' -a ${c.name} -d ${shellWord(c.summary)}`);
  for (const c of root.children) {
    const seen = `__fish_seen_subcommand_from ${c.name}`;
    const childNames = c.children.map((s) => s.name).join(' ');
    const leaf = c.children.length > 0 ? `${seen}; and not __fish_seen_subcommand_from ${childNames}` : seen;
    for (const s of c.children)
      lines.push(`complete -c ${bin} -n ${shellWord(leaf)} -a ${s.name} -d ${shellWord(s.summary)}`);
    const targets =
      c.children.length > 0
        ? c.children.map((s) => ({
            node: s,
            when: `${seen}; and __fish_seen_subcommand_from ${s.name}`,
          }))
        : [{ node: c, when: seen }];
    for (const { node: node2, when } of targets) {
      for (const flag of node2.flags.filter((f) => f.startsWith('--')))
        lines.push(`complete -c ${bin} -n ${shellWord(when)} -l ${flag.slice(2)}`);
      if (node2.takesProduct)
        lines.push(`complete -c ${bin} -n ${shellWord(when)} -a '(${bin} ${COMPLETE_PRODUCTS} 2>/dev/null)'`);
      else lines.push(`complete -c ${bin} -n ${shellWord(when)} -F`);
    }
  }
  lines.push(`# top-level commands: ${topNames}`);
  return `${lines.join('\n')}
`;
}
function toCompletionScript(program, shell) {
  const root = toNode(program);
  const bin = program.name();
  if (shell === 'bash') return bashScript(root, bin);
  if (shell === 'zsh') return zshScript(root, bin);
  return fishScript(root, bin);
}

// dist/cli/commands/completion.js
async function storeProductIds(location) {
  if (isPostgresUrl(location) || location.startsWith(':memory:') || !existsSync(location)) return [];
  try {
    const { queryStoreFileReadOnly } = await import('./read-store-file-62BDO2IV.js');
    const rows = await queryStoreFileReadOnly(location, 'SELECT id FROM mw_products ORDER BY id');
    return rows.map((r) => String(r.id));
  } catch {
    return [];
  }
}
function registerCompletion(program, ctx) {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh or fish)')
    .description(
      'Prints a script that completes commands, options and (where a command takes a product) the product ids of the store, which it reads with `meshwork __complete products`.',
    )
    .argument('<shell>', `the shell: ${COMPLETION_SHELLS.join(', ')}`)
    .addHelpText(
      'after',
      '\nExamples:\n  source <(meshwork completion bash)          # in ~/.bashrc\n  source <(meshwork completion zsh)           # in ~/.zshrc\n  meshwork completion fish > ~/.config/fish/completions/meshwork.fish',
    )
    .action((shell) => {
      if (!COMPLETION_SHELLS.includes(shell)) {
        throw new MeshError(
          'invalid_input',
          `completion: unknown shell "${shell}"; use one of ${COMPLETION_SHELLS.join(', ')}`,
        );
      }
      ctx.io.stdout.write(toCompletionScript(program, shell));
    });
  withStoreOptions(
    program
      .command('__complete', { hidden: true })
      .description('prints completion candidates: `products` lists the product ids of the store, one a line')
      .argument('<what>', 'what to list: products'),
  )
    .addHelpText('after', '\nExample:\n  meshwork __complete products --store /tmp/demo.duckdb')
    .action(async (what, opts) => {
      if (what !== 'products') return;
      const ids = await storeProductIds(ctx.storeLocation(opts));
      if (ids.length > 0)
        ctx.io.stdout.write(`${ids.join('\n')}
`);
    });
}

// dist/cli/commands/connect.js
function list(flag, text2) {
  const items = text2
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0)
    throw new MeshError('invalid_input', `${flag} needs at least one code, e.g. ${flag} BRA,USA`);
  return items;
}
function positive(flag, text2) {
  const n = Number(text2);
  if (!Number.isFinite(n) || n <= 0)
    throw new MeshError('invalid_input', `${flag} must be a positive number, got ${text2}`);
  return n;
}
function registerConnect(program, ctx) {
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
  ).action(async (opts) => {
    const [{ parseYears }, { materializeWorldBank }] = await Promise.all([
      import('./worldbank-pull-EGUNCGJ6.js'),
      import('./materialize-worldbank-K5VI3I7O.js'),
    ]);
    const pull = {
      indicators: list('--indicators', opts.indicators),
      countries: list('--countries', opts.countries),
      years: parseYears(opts.years),
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    };
    const timeoutMs = positive('--timeout', opts.timeout) * 1e3;
    const ttlMs = positive('--cache-ttl', opts.cacheTtl) * 6e4;
    const mesh = await ctx.openMesh(opts);
    try {
      const result2 = await materializeWorldBank(mesh, pull, {
        timeoutMs,
        ...(opts.cacheDir ? { cache: { dir: opts.cacheDir, ttlMs } } : {}),
      });
      if (opts.json) writeJson(ctx.io, result2);
      else {
        ctx.io.stdout.write(`${result2.productId}: ${result2.inserted} record(s) stored (${result2.removed} replaced, ${result2.nullValues} without a value)${result2.created ? '; product created and published' : ''}
`);
      }
    } finally {
      await mesh.close();
    }
  });
}

// dist/cli/commands/contract.js
import { writeFile } from 'node:fs/promises';
import { Option as Option3 } from 'commander';
function registerContract(program, ctx) {
  withStoreOptions(
    program
      .command('contract')
      .summary(
        'export a product\u2019s contract: ODCS, ODPS, JSON Schema, SQL DDL, Mermaid ER or a Markdown page',
      )
      .description(
        'Prints the contract of a product\u2019s current version in a standard format. ODCS and ODPS give back the documents the version was published from byte for byte (comments, key order and unknown fields kept) when it was published from files, and are written from the catalog otherwise. sql is DDL that DuckDB and PostgreSQL both accept; markdown is a documentation page (facts, schema, rules, quality checks, SLA).',
      )
      .argument('<product>', 'product id')
      .addOption(
        new Option3('--format <format>', 'what to write')
          .choices([...CONTRACT_EXPORT_FORMATS])
          .default('odcs'),
      )
      .option('-o, --output <file>', 'write to this file instead of standard output')
      .option('--json', 'print { productId, version, format, source, text } as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork contract sales.orders > contract.odcs.yaml\n  meshwork contract sales.transactions --format markdown -o docs/sales.md\n  meshwork contract sales.transactions --format sql',
      ),
  ).action(async (productId, opts) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const { exportContract } = await import('./contract-export-62HAEG3Z.js');
      const exported = await exportContract(await mesh.product(productId), opts.format);
      if (opts.output !== void 0) {
        await writeFile(opts.output, exported.text);
        if (opts.json) writeJson(ctx.io, { ...exported, text: void 0, path: opts.output });
        else
          ctx.io.stdout.write(`${exported.productId} ${exported.version} written to ${opts.output} (${exported.format}, ${exported.source})
`);
        return;
      }
      if (opts.json) writeJson(ctx.io, exported);
      else
        ctx.io.stdout.write(
          exported.text.endsWith('\n')
            ? exported.text
            : `${exported.text}
`,
        );
    });
  });
}

// dist/cli/read-spec-file.js
import { readFile } from 'node:fs/promises';
async function readSpecFile(path) {
  let text2;
  try {
    text2 = await readFile(path, 'utf8');
  } catch (error) {
    throw new MeshError(
      'not_found',
      `descriptor file ${path} does not exist or cannot be read; check the path`,
      { cause: error },
    );
  }
  const { parsePlainYaml } = await import('./parse-plain-yaml-AWWM5C52.js');
  return parsePlainYaml(text2, path);
}

// dist/cli/commands/create.js
function registerCreate(program, ctx) {
  withStoreOptions(
    program
      .command('create')
      .summary('register a new data product from a descriptor file')
      .description('Registers a product as a draft from a YAML or JSON descriptor and creates its table.')
      .argument('<spec-file>', 'product descriptor (YAML or JSON)')
      .option('--if-exists <action>', 'when the id is taken: error or reuse', 'error')
      .option('--json', 'print the stored descriptor as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork create examples/sales/product.yaml\n  meshwork create product.yaml --if-exists reuse',
      ),
  ).action(async (file, opts) => {
    const spec = await readSpecFile(file);
    const mesh = await ctx.openMesh(opts);
    try {
      const product = await mesh.createProduct(spec, {
        ifExists: opts.ifExists === 'reuse' ? 'reuse' : 'error',
      });
      const d = await product.descriptor();
      if (opts.json) writeJson(ctx.io, d);
      else
        ctx.io.stdout.write(`${d.id} ${d.version} is registered (${d.status}); table holds ${d.schema.fields.length} field(s)
`);
    } finally {
      await mesh.close();
    }
  });
}

// dist/cli/commands/demo.js
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// dist/cli/render/format-access-log.js
function summarize(parameters) {
  const text2 = Object.entries(parameters)
    .filter(([, v]) => v !== null && v !== void 0)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return text2.length > 70 ? `${text2.slice(0, 69)}\u2026` : text2;
}
function formatAccessLog(entries) {
  return renderTable(
    entries.map((e) => ({
      time: e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      actor: e.actor,
      operation: e.operation,
      product: `${e.productId}@${e.productVersion}`,
      rows: e.rowsAffected,
      parameters: summarize(e.parameters),
    })),
    ['time', 'actor', 'operation', 'product', 'rows', 'parameters'],
  );
}

// dist/cli/render/format-analytics.js
function value(v) {
  if (v === null) return '-';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : (Math.round(v * 100) / 100).toFixed(2);
  return String(v);
}
function formatBreakdown(b) {
  const order = `${b.orderBy.by} ${b.orderBy.direction}`;
  const top = b.top === void 0 ? '' : `, top ${b.top}`;
  const by = b.bucket === void 0 ? b.by : `${b.by} per ${b.bucket}`;
  const title = `${b.name} (by ${by}, ${order}${top})${b.description ? ` \u2014 ${b.description}` : ''}`;
  return `${title}
${renderTable(b.rows, [b.key, ...b.measures])}`;
}
function formatAnalytics(a) {
  const scope = [a.segment === void 0 ? void 0 : `segment ${a.segment}`, a.filter ?? void 0].filter(
    (x) => x !== void 0,
  );
  const header = `analytics of ${a.productId} ${a.version}${scope.length > 0 ? ` (${scope.join(': ')})` : ' (all records)'}, data as of ${a.lastWriteAt ?? 'never written'}
`;
  if (a.measures.length === 0 && a.breakdowns.length === 0) {
    return `${header}(no analytics declared; add an analytics section to the product descriptor)
`;
  }
  const parts = [header];
  if (a.measures.length > 0) parts.push(renderPairs(a.measures.map((m) => [m.name, value(m.value)])));
  for (const b of a.breakdowns)
    parts.push(`
${formatBreakdown(b)}`);
  return parts.join('');
}

// dist/cli/render/format-ingest.js
function formatIngestResult(productId, result2, maxShown = 20, file) {
  if (result2.total === 0)
    return `${productId}: ${file === void 0 ? 'the input' : `the file ${file}`} holds no records; nothing was written
`;
  const extra = [
    result2.updated > 0 ? `${result2.updated} of the accepted replaced a stored record` : void 0,
    result2.skipped > 0 ? `${result2.skipped} skipped (key already stored)` : void 0,
  ].filter((x) => x !== void 0);
  const lines = [
    `${productId}: ${result2.accepted} accepted, ${result2.rejectedCount} rejected of ${result2.total} record(s)${extra.length > 0 ? `; ${extra.join(', ')}` : ''}`,
  ];
  for (const r of result2.rejected.slice(0, maxShown)) {
    const where = r.line === void 0 ? `record ${r.index}` : `record ${r.index} (line ${r.line})`;
    for (const issue of r.issues) {
      const path = formatPath(issue.path.slice(1));
      lines.push(`  rejected ${where}${path ? ` ${path}` : ''}: ${issue.message}`);
    }
  }
  if (result2.rejectedCount > maxShown) {
    lines.push(
      `  \u2026 ${result2.rejectedCount - maxShown} more rejected record(s); use --rejects <file> to keep them all`,
    );
  }
  return `${lines.join('\n')}
`;
}

// dist/cli/render/format-metrics.js
function formatMetrics(m) {
  const sla2 = m.sla;
  const f = m.freshness;
  const ops = Object.entries(m.accessesByOperation)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return renderPairs([
    ['product', `${m.productId} ${m.version}`],
    ['status', m.status],
    ['quality level', m.qualityLevel],
    ['records', String(m.totalRecords)],
    ['accesses', `${m.totalAccesses}${ops ? ` (${ops})` : ''}`],
    ['last write', f.lastWriteAt ?? 'never'],
    [
      'freshness',
      f.maxMinutes === null
        ? 'no SLA target'
        : `${f.ageMinutes === null ? 'never written' : `${f.ageMinutes} min old`}, target ${f.maxMinutes} min: ${f.stale ? 'STALE' : 'fresh'}`,
    ],
    [
      'SLA',
      `availability ${sla2.availability ?? '-'}%, freshness ${sla2.freshnessMinutes ?? '-'} min, completeness ${sla2.completeness ?? '-'}%, accuracy ${sla2.accuracy ?? '-'}%`,
    ],
  ]);
}

// dist/cli/render/format-quality.js
function pct(n) {
  return n === null ? 'n/a' : `${Math.round(n * 100) / 100}%`;
}
function result(passed) {
  return passed === null ? '-' : passed ? 'ok' : 'FAIL';
}
function met(m) {
  return m === null ? 'not measured' : m ? 'met' : 'MISSED';
}
function target(name, t) {
  if (t.target === null) return `${name}: no target`;
  return `${name} ${pct(t.measured)} / target ${t.target}%: ${met(t.met)}`;
}
function formatSlaStatus(sla2) {
  const f = sla2.freshness;
  const freshness =
    f.targetMinutes === null
      ? 'freshness: no target'
      : `freshness ${f.ageMinutes === null ? 'never written' : `${f.ageMinutes} min old`} / target ${f.targetMinutes} min: ${met(f.met)}`;
  const verdict = sla2.verdict === 'met' ? 'met' : sla2.verdict === 'missed' ? 'MISSED' : 'unknown';
  const a = sla2.availability;
  const availability =
    a.target === null
      ? 'availability: no target'
      : a.measured === null
        ? `availability target ${a.target}%: not measured (${a.basis})`
        : `availability ${pct(a.measured)} / target ${a.target}%: ${met(a.met)} (${a.basis})`;
  const lines = [
    sla2.declaredTargets === 0
      ? 'SLA: none declared'
      : `SLA: ${verdict} (${sla2.measuredTargets} of ${sla2.declaredTargets} declared target(s) measured${sla2.verdict === 'unknown' ? '; an unmeasured target is never counted as met' : ''})`,
    `  ${freshness}`,
    `  ${target('completeness', sla2.completeness)} (${sla2.completeness.basis})`,
    `  ${target('accuracy', sla2.accuracy)} (${sla2.accuracy.basis})`,
    `  ${availability}`,
  ];
  return `${lines.join('\n')}
`;
}
function formatQualityReport(r) {
  const out = [];
  const run = r.runId > 0 ? `run ${r.runId}` : 'unsaved run';
  out.push(`quality of ${r.productId} ${r.version} \u2014 ${run} at ${r.checkedAt}: ${r.verdict.toUpperCase()} (${r.totalRecords} record(s))
`);
  out.push(`
completeness: ${pct(r.completeness.overall)} of required values present (SLA target ${r.completeness.target}%): ${result(r.completeness.passed)}
`);
  out.push(
    renderTable(
      r.completeness.items.map((c) => ({
        field: c.field,
        required: c.required ? 'yes' : 'no',
        present: c.present,
        missing: c.missing,
        rate: pct(c.rate),
        target: c.target === null ? '-' : `${c.target}%`,
        result: result(c.passed),
      })),
    ),
  );
  const u = r.uniqueness;
  if (u === null) out.push('\nuniqueness: the product has no primary key\n');
  else {
    out.push(`
uniqueness of ${u.key.join(', ')}: ${pct(u.rate)} (${u.distinct} distinct of ${u.total}, ${u.duplicateRecords} duplicate record(s)): ${result(u.passed)}
`);
    for (const d of u.duplicates) {
      out.push(`  ${Object.entries(d.key)
        .map(([k, v2]) => `${k} ${String(v2)}`)
        .join(', ')} occurs ${d.count} times
`);
    }
  }
  const v = r.validity;
  out.push(`
validity: ${pct(v.accuracy)} of records pass every check (${v.validRecords} of ${r.totalRecords}; SLA accuracy target ${v.target}%): ${result(v.passed)}
`);
  if (v.items.length > 0) {
    out.push(
      renderTable(
        v.items.map((i) => ({
          check: i.name,
          kind: i.kind,
          expression: i.expression,
          valid: i.valid,
          invalid: i.invalid,
          rate: pct(i.rate),
          result: result(i.passed),
        })),
      ),
    );
  }
  for (const i of v.items) {
    if (i.invalidKeys.length > 0) {
      const keys = i.invalidKeys.map((k) => Object.values(k).map(String).join('/')).join(', ');
      out.push(`  ${i.name} fails for ${keys}${i.invalid > i.invalidKeys.length ? ' \u2026' : ''}
`);
    }
  }
  if (!v.validRecordsExact)
    out.push('  (format or pattern checks failed: records passing every check is a lower bound)\n');
  const contract = r.contractChecks;
  if (contract !== void 0 && contract.items.length > 0) {
    out.push(`
contract checks (${contract.contract ?? 'contract'}): ${result(contract.passed)}
`);
    out.push(
      renderTable(
        contract.items.map((c) => ({
          check: c.id,
          kind: c.kind,
          severity: c.severity,
          expected: c.expected,
          measured: c.measured === null ? '-' : Math.round(c.measured * 100) / 100,
          result: c.passed === false && c.severity !== 'error' ? 'warn' : result(c.passed),
        })),
      ),
    );
    for (const c of contract.items) {
      if (c.failingKeys.length > 0) {
        const keys = c.failingKeys.map((k) => Object.values(k).map(String).join('/')).join(', ');
        out.push(`  ${c.id} fails for ${keys}${(c.failing ?? 0) > c.failingKeys.length ? ' \u2026' : ''}
`);
      }
      if (c.note !== void 0)
        out.push(`  ${c.id}: ${c.note}
`);
    }
  }
  out.push(`
${formatSlaStatus(r.sla)}`);
  const level = r.qualityLevel;
  out.push(`
quality level: derived ${level.derived} (declared ${level.declared}; rules from the ${level.rulesSource})
`);
  for (const [name, reasons] of Object.entries(level.unmet)) {
    if (reasons !== void 0 && reasons.length > 0)
      out.push(`  ${name} not earned: ${reasons.join('; ')}
`);
  }
  if (r.failures.length > 0)
    out.push(`
failures:
${r.failures
  .map(
    (f) => `  - ${f}
`,
  )
  .join('')}`);
  return out.join('');
}
function formatQualityHistory(productId, runs) {
  if (runs.length === 0)
    return `${productId} has no quality runs yet; run \`meshwork quality ${productId}\`
`;
  return renderTable(
    runs.map((r) => ({
      run: r.runId,
      checked_at: r.checkedAt,
      version: r.productVersion,
      verdict: r.verdict,
      records: r.totalRecords,
      completeness: pct(r.completeness),
      validity: pct(r.validity),
      uniqueness: pct(r.uniqueness),
      level: r.derivedLevel,
    })),
  );
}

// dist/cli/render/format-refresh.js
function formatRefresh(r) {
  const inputs = r.inputs.map(
    (i) => `  from ${i.id} ${i.version}: ${i.records} record(s), last written ${i.lastWriteAt ?? 'never'}
`,
  );
  return `${r.productId} ${r.version} refreshed at ${r.refreshedAt}: ${r.records} record(s) (before: ${r.previousRecords})
${inputs.join('')}`;
}
function formatDerivedStatus(s) {
  const state =
    s.refreshedAt === null
      ? 'never refreshed'
      : s.stale
        ? `stale: ${s.changedInputs.join(', ')} changed since`
        : 'up to date';
  const inputs = s.inputs.map(
    (i) => `  ${i.id} ${i.version}: ${i.records} record(s), last written ${i.lastWriteAt ?? 'never'}
`,
  );
  return `${s.productId}: ${state} (last refresh ${s.refreshedAt ?? 'never'})
${inputs.join('')}`;
}
function formatSourceStatus(s) {
  const age = s.ageMinutes === null ? null : `${Math.round(s.ageMinutes)} min old`;
  const window = s.freshnessMinutes === null ? 'no freshness SLA' : `SLA freshness ${s.freshnessMinutes} min`;
  const state =
    s.dataAsOf === null ? 'stale: never pulled' : `${s.stale ? 'stale' : 'fresh'}: data ${age} (${window})`;
  const pull =
    s.lastPullAt === null
      ? 'never'
      : `${s.lastPullAt} (${s.lastOutcome ?? 'unknown'}${s.lastMessage ? `: ${s.lastMessage}` : ''})`;
  return `${s.productId}: ${state}
  source: ${s.connector} (${s.upstream.join(', ') || 'no upstream recorded'})
  last pull: ${pull}
  data as of: ${s.dataAsOf ?? 'never'}
  settings: ${JSON.stringify(s.settings)}
`;
}

// dist/cli/render/format-segments.js
function share(n) {
  return `${Math.round(n * 100) / 100}%`;
}
function formatSegmentStatistics(s) {
  if (s.segments.length === 0) {
    return `${s.productId} has no segments; create one with \`meshwork segments create ${s.productId} <name> --where "<filter>"\`
`;
  }
  const table2 = renderTable(
    s.segments.map((x) => ({
      segment: x.name,
      records: x.count ?? 'withheld',
      share: x.share === null ? '-' : share(x.share),
      source: x.source,
      where: x.where,
    })),
  );
  const withheld = s.segments.flatMap((x) =>
    x.count === null
      ? [
          `  ${x.name}: ${x.withheld}
`,
        ]
      : [],
  );
  return `segments of ${s.productId} (${s.total} record(s) in all, counted at ${s.computedAt})
${table2}${
  withheld.length > 0
    ? `sizes withheld:
${withheld.join('')}`
    : ''
}`;
}
function formatSegmentStatistic(s) {
  const by =
    s.source === 'catalog' && s.createdBy !== void 0
      ? `, created by ${s.createdBy} at ${s.createdAt ?? ''}`
      : '';
  return `segment ${s.name} of ${s.productId} (${s.source}${by}): ${s.count} record(s), ${share(s.share)} of all
  where ${s.where}
${
  s.description
    ? `  ${s.description}
`
    : ''
}`;
}

// dist/cli/commands/demo.js
var EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));
function registerDemo(program, ctx) {
  withStoreOptions(
    program
      .command('demo')
      .summary('walk through the sales and customer products on the store (safe to run again)')
      .description(
        'Creates sales.transactions and customer.profiles from examples/, loads their sample data, lists sales, finds customers, updates an e-mail, removes a sale, and prints metrics and the access log. Running it again shows that the store kept everything (records already stored are reported as duplicates).',
      )
      .option('--reset', 'delete the store file first and start from scratch')
      .addHelpText('after', '\nExamples:\n  meshwork demo\n  meshwork demo --reset --store /tmp/demo.duckdb'),
  ).action(async (opts) => {
    const out = (s) => ctx.io.stdout.write(s);
    const step = (title) =>
      out(`
== ${title}
`);
    const location = ctx.storeLocation(opts);
    if (opts.reset && !location.includes('://') && !location.startsWith(':memory:')) {
      await rm(location, { force: true });
      await rm(`${location}.wal`, { force: true });
    }
    const { Mesh } = await import('./mesh-7YI6CUF6.js');
    const mesh = await Mesh.open({
      store: location,
      actor: opts.actor === void 0 || opts.actor === 'anonymous' ? 'demo' : opts.actor,
    });
    try {
      out(`Meshwork demo on store ${mesh.store}
`);
      step('1. Create the sales and customer data products (from examples/*/product.yaml)');
      const sales = await mesh.createProduct(await readSpecFile(`${EXAMPLES_DIR}sales/product.yaml`), {
        ifExists: 'reuse',
      });
      const customers = await mesh.createProduct(
        await readSpecFile(`${EXAMPLES_DIR}customers/product.yaml`),
        {
          ifExists: 'reuse',
        },
      );
      for (const p of [sales, customers]) {
        const d = await p.descriptor();
        if (d.status === 'draft') {
          const r = await p.publish();
          out(`${d.id} ${d.version}: ${r.ok ? `published` : `not published: ${r.reasons.join('; ')}`}
`);
        } else {
          out(`${d.id} ${d.version}: already ${d.status} (kept from an earlier run)
`);
        }
      }
      step('2. Load the sample data (records already stored are refused as duplicates)');
      out(formatIngestResult(sales.id, await sales.ingestFile(`${EXAMPLES_DIR}sales/sample_sales.json`), 3));
      out(
        formatIngestResult(
          customers.id,
          await customers.ingestFile(`${EXAMPLES_DIR}customers/sample_customers.json`),
          3,
        ),
      );
      step('3. Bad records are rejected with reasons; valid ones in the same batch land');
      const bad2 = await sales.ingest([
        {
          transaction_id: 'TXN900',
          product_id: 'PROD9',
          customer_id: 'CUST9',
          amount: -5,
          date: '2025-10-09',
          product_category: 'Books',
          region: 'Europe',
        },
        {
          transaction_id: 'TXN901',
          product_id: 'PROD9',
          customer_id: 'CUST9',
          amount: 10,
          date: '2025-13-40',
          product_category: 'Books',
          region: 'Europe',
        },
        {
          transaction_id: 'TXN001',
          product_id: 'PROD9',
          customer_id: 'CUST9',
          amount: 10,
          date: '2025-10-09',
          product_category: 'Books',
          region: 'Europe',
        },
        {
          transaction_id: 'TXN902',
          product_id: 'PROD9',
          customer_id: 'CUST9',
          amount: 42,
          date: '2025-10-09',
          product_category: 'Books',
          region: 'Europe',
        },
      ]);
      out(formatIngestResult(sales.id, bad2));
      const badCustomer = await customers.ingest({
        customer_id: 'CUST900',
        name: 'Test Person',
        email: 'not-an-email',
        registration_date: '2025-01-01',
        lifetime_value: 10,
        tier: 'platinum',
      });
      out(formatIngestResult(customers.id, badCustomer));
      step('4. List all sales');
      const fields = (await sales.descriptor()).schema.fields.map((f) => f.name);
      out(renderTable((await sales.query(void 0, { orderBy: 'transaction_id' })).rows, fields));
      step("5. Find customers by a field value: tier = 'gold'");
      out(
        renderTable(
          (
            await customers.query(
              { tier: 'gold' },
              { columns: ['customer_id', 'name', 'tier', 'lifetime_value'] },
            )
          ).rows,
        ),
      );
      step('6. Update a customer e-mail (CUST002)');
      const updated = await customers.update(
        { customer_id: 'CUST002' },
        { email: 'maria.santos@newmail.example' },
      );
      out(`${updated} record(s) updated
`);
      out(
        renderTable(
          (await customers.query({ customer_id: 'CUST002' }, { columns: ['customer_id', 'email'] })).rows,
        ),
      );
      step('7. Remove a sale (TXN006) and show it is gone');
      const removed = await sales.remove({ transaction_id: 'TXN006' });
      out(`${removed} record(s) removed
`);
      const after = await sales.query({ transaction_id: 'TXN006' });
      out(`query transaction_id = 'TXN006' now returns ${after.rows.length} record(s)
`);
      step('8. Metrics');
      out(formatMetrics(await sales.metrics()));
      out('\n');
      out(formatMetrics(await customers.metrics()));
      step('9. Sales analytics, computed by the engine from the current data (declared in the descriptor)');
      out(
        formatAnalytics(
          await sales.analytics({
            breakdowns: ['revenue_by_category', 'revenue_by_region', 'top_customers'],
          }),
        ),
      );
      step('10. Customer segments: named filters kept in the contract, evaluated on every read');
      out(formatSegmentStatistics(await customers.segments().statistics()));
      await customers.update({ customer_id: 'CUST003' }, { tier: 'gold', lifetime_value: 3500 });
      out('after CUST003 becomes gold with a lifetime value of 3500, high_value follows at once:\n');
      out(formatSegmentStatistic(await customers.segments().statistic('high_value')));
      step('11. Quality report of customer.profiles, kept in its quality history');
      out(formatQualityReport(await customers.checkQuality()));
      step(
        '12. A derived product: sales.customer_revenue, computed from sales and customers by declared SQL',
      );
      const revenue = await mesh.createProduct(
        await readSpecFile(`${EXAMPLES_DIR}customer_revenue/product.yaml`),
        {
          ifExists: 'reuse',
        },
      );
      await customers.ingest({
        customer_id: 'CUST456',
        name: 'Rui Alves',
        email: 'rui.alves@example.com',
        registration_date: '2025-02-02',
        lifetime_value: 450.5,
        tier: 'silver',
      });
      out(formatRefresh(await revenue.refresh()));
      out(renderTable((await revenue.query(void 0, { orderBy: 'revenue desc' })).rows));
      const lineage = await revenue.lineage();
      out(`lineage: ${lineage.upstream.map((n) => n.id).join(' + ')} \u2192 ${revenue.id}
`);
      step('13. Access log (latest 12 entries)');
      out(formatAccessLog(await mesh.accessLog({ limit: 12 })));
      out(`
The store keeps everything: run \`meshwork demo\` again, or try
  meshwork query sales.transactions --where "region = 'Europe'"
  meshwork metrics sales.transactions --breakdown top_customers --top 3
  meshwork segments show customer.profiles high_value
  meshwork quality sales.transactions
`);
    } finally {
      await mesh.close();
    }
  });
}

// dist/cli/commands/diff.js
import { Option as Option4 } from 'commander';
function registerDiff(program, ctx) {
  program
    .command('diff')
    .summary('classify contract changes as breaking or not and check the version bump')
    .description(
      'Compares two versions of a product (files or folders: Meshwork YAML, or ODPS + ODCS). Breaking changes (field removed or renamed, type narrowed, field made required, key changed, allowed values reduced, SLA weakened, \u2026) need a major version bump (below 1.0.0 a minor step counts as major). With ODCS contracts on both sides, every schema object is compared by name (a removed object is breaking, an added one is not), nested properties of objects and array items at every depth with their paths (schema.orders.customer.address.zip), and changed quality checks (tightened, loosened, added, removed) and servers. Exit code 5 when the version bump does not match the changes.',
    )
    .argument('<old>', 'the previous version (file or folder)')
    .argument('<new>', 'the new version (file or folder)')
    .addOption(
      new Option4('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'),
    )
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork diff v1/ v2/\n  meshwork diff old.odcs.yaml new.odcs.yaml --format junit > contract-diff.xml',
    )
    .action(async (oldPath, newPath, opts) => {
      const [
        { diffVersions },
        { formatDiffJUnit, formatDiffText },
        { collectDocumentFiles, readProductFolder },
        { publishedContract },
        { checkVersionBump },
      ] = await Promise.all([
        import('./contract-diff-M7KWLD2T.js'),
        import('./format-diff-IOAHMHMI.js'),
        import('./product-folder-H2MZQLNJ.js'),
        import('./published-document-72KPMG3S.js'),
        import('./version-bump-HCMQIMPN.js'),
      ]);
      const old = readProductFolder(await collectDocumentFiles([oldPath]));
      const next = readProductFolder(await collectDocumentFiles([newPath]));
      const before = old.spec;
      const after = next.spec;
      const diff = diffVersions(
        { spec: before, contract: publishedContract(old.documents) },
        { spec: after, contract: publishedContract(next.documents) },
      );
      const bump = checkVersionBump(before.version, after.version, diff.changes);
      const format = opts.json ? 'json' : opts.format;
      if (format === 'json') writeJson(ctx.io, { ...diff, versionBump: bump });
      else if (format === 'junit')
        ctx.io.stdout.write(
          formatDiffJUnit(diff, { suiteName: `${after.id} ${before.version} \u2192 ${after.version}` }),
        );
      else {
        ctx.io.stdout.write(`${after.id}: ${before.version} \u2192 ${after.version}
${formatDiffText(diff)}`);
        ctx.io.stdout.write(
          bump.ok
            ? `version bump ok (needs ${bump.required}, is ${bump.actual})
`
            : `version bump refused: ${bump.issue.message}
`,
        );
      }
      if (!bump.ok) ctx.setExitCode(EXIT.contractViolation);
    });
}

// dist/cli/render/format-domains.js
function shorten(text2, max) {
  return text2.length > max ? `${text2.slice(0, max - 1)}\u2026` : text2;
}
function formatDomains(domains) {
  if (domains.length === 0) {
    return '(no domains yet: they appear with their first product, or with `meshwork domains set <name>`)\n';
  }
  return renderTable(
    domains.map((d) => ({
      domain: d.name,
      owner_team: d.ownerTeam ?? '-',
      products: d.products.total,
      draft: d.products.draft,
      published: d.products.published,
      deprecated: d.products.deprecated,
      archived: d.products.archived,
      description: d.description === null ? '-' : shorten(d.description, 60),
    })),
    ['domain', 'owner_team', 'products', 'draft', 'published', 'deprecated', 'archived', 'description'],
  );
}

// dist/cli/render/format-rows.js
var ROW_FORMATS = ['table', 'json', 'ndjson', 'csv'];
function csvCell(value2, formulaEscape) {
  if (value2 === null || value2 === void 0) return '';
  const s = typeof value2 === 'string' && formulaEscape ? escapeFormulaText(value2) : String(value2);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
function formatRows(rows, columns, format, nextCursor, options = {}) {
  const escapeFormulas = options.formulaEscape !== false;
  switch (format) {
    case 'table':
      return renderTable(rows, columns);
    case 'json':
      return `${JSON.stringify({ rows, nextCursor }, null, 2)}
`;
    case 'ndjson':
      return rows
        .map(
          (r) => `${JSON.stringify(r)}
`,
        )
        .join('');
    case 'csv':
      return `${[columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c], escapeFormulas)).join(','))].join('\n')}
`;
  }
}

// dist/cli/render/format-list.js
function formatList(items, format, flat, table2) {
  switch (format) {
    case 'json':
      return `${JSON.stringify(items, null, 2)}
`;
    case 'ndjson':
      return items
        .map(
          (item) => `${JSON.stringify(item)}
`,
        )
        .join('');
    case 'csv':
      return formatRows(items.map(flat.row), flat.columns, 'csv', null);
    case 'table':
      return table2(items);
  }
}

// dist/cli/commands/domains.js
function registerDomains(program, ctx) {
  const domains = program
    .command('domains')
    .summary('list domains with their owner team and product counts per status (or set one)')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork domains\n  meshwork domains --json\n  meshwork domains set sales --description "Orders and revenue" --owner-team sales-team',
    );
  withFormatOption(
    withStoreOptions(
      domains
        .command('list', { isDefault: true })
        .summary('list domains (the default)')
        .description(
          'Lists every domain (registered when its first product is created, or with `domains set`) with its description, owner team and how many of its products are draft, published, deprecated and archived.',
        ),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork domains\n  meshwork domains list --json\n  meshwork domains --format csv',
    )
    .action(async (opts) => {
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        const list4 = await mesh.listDomains();
        ctx.io.stdout.write(
          formatList(
            list4,
            outputFormat(opts),
            {
              columns: [
                'domain',
                'owner_team',
                'products',
                'draft',
                'published',
                'deprecated',
                'archived',
                'description',
              ],
              row: (d) => ({
                domain: d.name,
                owner_team: d.ownerTeam,
                products: d.products.total,
                draft: d.products.draft,
                published: d.products.published,
                deprecated: d.products.deprecated,
                archived: d.products.archived,
                description: d.description,
              }),
            },
            formatDomains,
          ),
        );
      });
    });
  withStoreOptions(
    domains
      .command('set')
      .summary('create a domain or set its description and owner team')
      .argument('<name>', 'domain name, e.g. sales')
      .option('-d, --description <text>', 'what the domain covers')
      .option('-o, --owner-team <team>', 'the team answering for its products')
      .option('--json', 'print the domain as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork domains set sales --description "Orders, invoices and revenue" --owner-team sales-team\n  meshwork domains set customer --owner-team crm-team',
      ),
  ).action(async (name, opts) => {
    if (opts.description === void 0 && opts.ownerTeam === void 0) {
      throw new MeshError(
        'invalid_input',
        `domains set ${name} changes nothing; give --description and/or --owner-team`,
      );
    }
    await withMesh(ctx, opts, async (mesh) => {
      const domain = await mesh.defineDomain({
        name,
        ...(opts.description === void 0 ? {} : { description: opts.description }),
        ...(opts.ownerTeam === void 0 ? {} : { ownerTeam: opts.ownerTeam }),
      });
      if (opts.json) writeJson(ctx.io, domain);
      else
        ctx.io.stdout.write(`domain ${domain.name}: ${domain.description ?? '(no description)'}; owner team ${domain.ownerTeam ?? '(none)'}; ${domain.products.total} product(s)
`);
    });
  });
}

// dist/cli/commands/export.js
import { Option as Option5 } from 'commander';
function list2(text2) {
  return text2
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}
function registerExport(program, ctx) {
  withStoreOptions(
    withFormulaEscapeOption(
      program
        .command('export')
        .summary('write a product\u2019s records to a CSV, NDJSON or Parquet file')
        .description(
          "Writes the records matching a filter to a file (replacing it), streamed by the engine. PII fields you may not read are written masked, as `query` shows them. In CSV, text cells starting with = + - @ tab or CR get a leading ' so that spreadsheets show them as text (--no-formula-escape writes them as they are). The export is recorded in the access log.",
        )
        .argument('<product>', 'product id')
        .argument('<file>', 'file to write; the format comes from its extension (.csv, .ndjson, .parquet)')
        .addOption(
          new Option5('--format <format>', 'file format (default: from the extension)').choices([
            ...EXPORT_FORMATS,
          ]),
        )
        .option('-w, --where <expression>', 'only records matching this filter')
        .option('-c, --columns <list>', 'comma-separated fields to write (default: all)')
        .option('-o, --order-by <list>', "comma-separated order, e.g. 'date,amount desc'")
        .option(
          '--version <major>',
          'export an older published major version (e.g. 1) until its migration window closes',
        )
        .option('--json', 'print the result as JSON'),
    ).addHelpText(
      'after',
      `
Examples:
  meshwork export sales.transactions sales.csv
  meshwork export sales.transactions europe.parquet --where "region = 'Europe'"
  meshwork export customer.profiles gold.ndjson -w "tier = 'gold'" -c customer_id,name
  meshwork export sales.transactions raw.csv --no-formula-escape   # for machines: text as stored`,
    ),
  ).action(async (productId, file, opts) => {
    const columns = list2(opts.columns);
    const orderBy = list2(opts.orderBy);
    await withMesh(
      ctx,
      opts,
      async (mesh) => {
        const product = await mesh.product(productId);
        const result2 = await product.exportFile(file, {
          ...(opts.format ? { format: opts.format } : {}),
          ...(opts.where ? { where: opts.where } : {}),
          ...(columns ? { columns } : {}),
          ...(orderBy ? { orderBy } : {}),
          ...(opts.formulaEscape === false ? { csvFormulaEscape: false } : {}),
          ...(opts.version === void 0 ? {} : { version: opts.version }),
        });
        if (opts.json) {
          writeJson(ctx.io, result2);
          return;
        }
        ctx.io.stdout.write(`${result2.rows} record(s) of ${result2.productId}${opts.version === void 0 ? '' : ` ${result2.version}`} written to ${result2.path} (${result2.format})
`);
        const masked = Object.entries(result2.maskedFields);
        if (masked.length > 0) {
          ctx.io.stderr.write(`note: PII written masked for you: ${masked.map(([f, how]) => `${f} (${how})`).join(', ')}; request access with PII to export them
`);
        }
      },
      'read',
    );
  });
}

// dist/cli/commands/ingest.js
import { createWriteStream } from 'node:fs';
import { Option as Option6 } from 'commander';

// dist/cli/render/rejects-line.js
function rejectsLine(rejected, record, text2) {
  const head = JSON.stringify({ index: rejected.index, line: rejected.line, issues: rejected.issues });
  const body = text2 === void 0 ? JSON.stringify(record) : text2.replace(/[\r\n]+/g, ' ').trim();
  return body === void 0
    ? `${head}
`
    : `${head.slice(0, -1)},"record":${body}}
`;
}

// dist/cli/commands/ingest.js
var EXIT_INTERRUPTED = 130;
function shellWord2(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
function registerIngest(program, ctx) {
  withStoreOptions(
    program
      .command('ingest')
      .summary('load records from a JSON, NDJSON, CSV or Parquet file into a product')
      .description(
        "Validates every record against the product contract and stores the valid ones in batches (one transaction each). NDJSON, CSV and Parquet files are streamed (memory does not grow with the file); CSV cells are typed to the contract's fields. Rejected records are listed with their reasons; the exit code is 5 when any record was rejected. A file without records says so (exit 0); a CSV header without a column for a required field is refused before anything is written. A record whose key is stored already is rejected by default; --on-existing skip leaves the stored one (how an interrupted ingest is resumed) and update replaces it. On Ctrl-C the batches under way finish committing, the command says how many records were committed and how to resume, and exits with 130.",
      )
      .argument('<product>', 'product id, e.g. sales.transactions')
      .argument(
        '<file>',
        'JSON array, NDJSON (one record per line), CSV (with a header line) or Parquet file',
      )
      .addOption(
        new Option6('--format <format>', 'file format (default: from the extension)').choices([
          ...RECORD_FORMATS,
        ]),
      )
      .option('--batch-size <n>', 'records per transaction', '100000')
      .option(
        '--rejects <file>',
        'write every rejected record with its reasons to this NDJSON file (records as they came, e.g. 1e400)',
      )
      .addOption(
        new Option6(
          '--invalid-utf8 <policy>',
          'bytes that are not UTF-8 in a JSON or NDJSON file: reject (an NDJSON line becomes a rejected record, a JSON file is refused, naming line and byte offset) or replace them with U+FFFD',
        )
          .choices([...INVALID_UTF8_POLICIES])
          .default('reject'),
      )
      .addOption(
        new Option6(
          '--on-existing <mode>',
          'a record whose key is stored already: reject it (listed with the rejected), skip it (counted apart; resumes an interrupted ingest) or update the stored record with it',
        )
          .choices([...ON_EXISTING_MODES])
          .default('reject'),
      )
      .option('--no-progress', 'do not show a progress bar')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork ingest sales.transactions examples/sales/sample_sales.json\n  meshwork ingest sales.transactions big.ndjson --rejects rejects.ndjson --json\n  meshwork ingest sales.transactions sales.csv\n  meshwork ingest sales.transactions sales.parquet --batch-size 50000\n  meshwork ingest sales.transactions big.ndjson --on-existing skip     # resume after Ctrl-C\n  meshwork ingest sales.transactions corrections.csv --on-existing update',
      ),
  ).action(async (productId, file, opts) => {
    const batchSize = Number(opts.batchSize);
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new MeshError(
        'invalid_input',
        `--batch-size must be a positive whole number, got ${opts.batchSize}; e.g. --batch-size 50000`,
      );
    }
    const mesh = await ctx.openMesh(opts);
    const rejects = opts.rejects ? createWriteStream(opts.rejects, { encoding: 'utf8' }) : void 0;
    const showBar = opts.progress && ctx.io.stderr.isTTY && !opts.json;
    const bar = showBar
      ? new (await import('cli-progress')).SingleBar({
          format:
            'ingesting {bar} {percentage}% | {processed} records | {committed} committed in {batches} batch(es) | {rate} rec/s | ETA {eta_formatted}',
          // The bar redraws its line with cursor moves, which only a terminal (checked above) understands.
          stream: ctx.io.stderr,
          hideCursor: true,
        })
      : void 0;
    const started = Date.now();
    const stop = new AbortController();
    const onSigint = () => {
      if (stop.signal.aborted) process.exit(EXIT_INTERRUPTED);
      stop.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      const product = await mesh.product(productId);
      bar?.start(100, 0, { processed: 0, committed: 0, batches: 0, rate: 0 });
      const result2 = await product.ingestFile(file, {
        batchSize,
        onExisting: opts.onExisting,
        signal: stop.signal,
        ...(opts.format ? { format: opts.format } : {}),
        invalidUtf8: opts.invalidUtf8,
        onProgress: (p) => {
          const pct4 = p.totalBytes ? Math.round(((p.bytesRead ?? 0) / p.totalBytes) * 100) : 0;
          const secs = Math.max(1e-3, (Date.now() - started) / 1e3);
          bar?.update(pct4, {
            processed: p.processed,
            committed: p.accepted,
            batches: p.batches,
            rate: Math.round(p.processed / secs),
          });
        },
        ...(rejects
          ? {
              onRejected: (r, record, text2) => {
                rejects.write(rejectsLine(r, record, text2));
              },
            }
          : {}),
      });
      if (result2.interrupted) {
        bar?.stop();
        const resume = ['meshwork', 'ingest', productId, file, '--on-existing', 'skip']
          .concat(opts.store === void 0 ? [] : ['--store', String(opts.store)])
          .map(shellWord2)
          .join(' ');
        if (opts.json) writeJson(ctx.io, { ...result2, resume });
        ctx.io.stderr.write(`interrupted: ${result2.accepted} record(s) committed in ${result2.batches} batch(es) to ${productId}; the records read after them were not stored
to resume, run: ${resume}
`);
        ctx.setExitCode(EXIT_INTERRUPTED);
        return;
      }
      bar?.update(100);
      bar?.stop();
      if (opts.json) writeJson(ctx.io, result2);
      else ctx.io.stdout.write(formatIngestResult(productId, result2, void 0, file));
      if (result2.rejectedCount > 0) ctx.setExitCode(EXIT.contractViolation);
    } finally {
      process.off('SIGINT', onSigint);
      bar?.stop();
      if (rejects) await new Promise((resolve2) => rejects.end(resolve2));
      await mesh.close();
    }
  });
}

// dist/cli/commands/init.js
import { mkdir, readdir, writeFile as writeFile2 } from 'node:fs/promises';
import { join as join2 } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Option as Option7 } from 'commander';
async function ask(ctx, opts) {
  const missing = ['id', 'owner'].filter((k) => !opts[k]);
  if (missing.length === 0) return opts;
  const input = ctx.io.stdin;
  if (input === void 0 || !input.isTTY || !ctx.io.stdout.isTTY) {
    throw new MeshError(
      'invalid_input',
      `init needs ${missing.map((m) => `--${m}`).join(' and ')} when not run on a terminal, e.g. meshwork init orders --id sales.orders --owner sales-team`,
    );
  }
  const rl = createInterface({ input, output: ctx.io.stdout, terminal: false });
  const question = async (text2, valid) => {
    for (;;) {
      const answer = (await rl.question(text2)).trim();
      const problem = valid(answer);
      if (problem === void 0) return answer;
      ctx.io.stdout.write(`  ${problem}
`);
    }
  };
  try {
    const id2 =
      opts.id ??
      (await question('Product id (domain.name, e.g. sales.orders): ', (a) =>
        PRODUCT_ID_PATTERN.test(a)
          ? void 0
          : 'use domain.name in lowercase letters, digits and underscores, e.g. sales.orders',
      ));
    const owner =
      opts.owner ??
      (await question('Owner (team or person): ', (a) =>
        a === '' ? 'a product needs an owner, e.g. sales-team' : void 0,
      ));
    const description =
      opts.description ?? ((await question('Description (optional): ', () => void 0)) || void 0);
    return { ...opts, id: id2, owner, ...(description ? { description } : {}) };
  } finally {
    rl.close();
  }
}
async function assertWritable(dir, force) {
  let existing;
  try {
    existing = await readdir(dir);
  } catch (error) {
    if (error.code === 'ENOENT') return;
    if (error.code === 'ENOTDIR') {
      throw new MeshError('conflict', `${dir} is a file; choose a new folder name`, { cause: error });
    }
    throw new MeshError('invalid_input', `${dir} cannot be read; choose another folder`, { cause: error });
  }
  if (existing.length > 0 && !force) {
    throw new MeshError('conflict', `${dir} is not empty; choose a new folder or pass --force`);
  }
}
function registerInit(program, ctx) {
  program
    .command('init')
    .summary('scaffold a new product folder: descriptor, contract and sample data')
    .description(
      'Writes an ODPS product descriptor and an ODCS contract (or one Meshwork YAML with --format meshwork) with a starter schema, and sample data that passes it. On a terminal it asks for the answers no flag gave; elsewhere --id and --owner are required. Next: meshwork validate <dir>, meshwork publish <dir>, meshwork ingest <id> <dir>/sample-data.json',
    )
    .argument('<dir>', 'folder to create (must be empty or new)')
    .option('--id <id>', 'product id, domain.name in lowercase')
    .option('--owner <owner>', 'owning team or person')
    .option('--description <text>', 'what the product holds')
    .addOption(
      new Option7('--format <format>', 'document style (not an output format)')
        .choices([...SCAFFOLD_FORMATS])
        .default('odcs'),
    )
    .option(
      '--force',
      'write into a folder that is not empty (existing files with the same names are replaced)',
    )
    .option('--json', 'print the folder, product id and files written as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork init orders                                   # on a terminal: asks for id, owner, description\n  meshwork init orders --id sales.orders --owner sales-team\n  meshwork init orders --id sales.orders --owner sales-team --format meshwork',
    )
    .action(async (dir, raw) => {
      await assertWritable(dir, raw.force);
      const opts = await ask(ctx, raw);
      const { scaffoldProduct } = await import('./scaffold-product-CS7ATKKS.js');
      const files = scaffoldProduct({
        id: opts.id,
        owner: opts.owner,
        format: opts.format,
        ...(opts.description ? { description: opts.description } : {}),
      });
      await mkdir(dir, { recursive: true });
      for (const f of files) await writeFile2(join2(dir, f.path), f.text, 'utf8');
      const sample = join2(dir, 'sample-data.json');
      if (opts.json) {
        writeJson(ctx.io, { dir, productId: opts.id, files: files.map((f) => join2(dir, f.path)) });
        return;
      }
      ctx.io.stdout.write(`created ${dir}/ with ${files.map((f) => f.path).join(', ')}
next: meshwork validate ${dir} && meshwork publish ${dir} && meshwork ingest ${opts.id} ${sample}
`);
    });
}

// dist/cli/commands/lifecycle.js
import { stat, writeFile as writeFile3 } from 'node:fs/promises';
import { dirname } from 'node:path';

// dist/cli/catalog-lookup.js
async function catalogLookup(mesh) {
  const known = new Set((await mesh.listProducts()).map((d) => d.id));
  return { knownProducts: known, resolveProduct: (ref) => EXTERNAL_SOURCE_PATTERN.test(ref.name) };
}

// dist/cli/render/format-policies.js
var time2 = (iso) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
function formatPolicies(policies) {
  return renderTable(
    policies.map((p) => ({
      id: p.id,
      version: p.version,
      severity: p.severity,
      scope: formatPolicyScope(p.scope),
      events: p.events.join(','),
      description: p.description,
    })),
    ['id', 'version', 'severity', 'scope', 'events', 'description'],
  );
}
function formatPolicy(p, versions) {
  return `${renderPairs([
    ['id', p.id],
    ['description', p.description],
    ['severity', p.severity],
    ['scope', formatPolicyScope(p.scope)],
    ['events', p.events.join(', ')],
    ['expression', p.expression],
    ['version', `${p.version} (${time2(p.updatedAt)} by ${p.updatedBy})`],
  ])}
versions:
${renderTable(
  versions.map((v) => ({
    version: v.version,
    created: time2(v.createdAt),
    by: v.createdBy,
    severity: v.definition.severity,
    expression: v.definition.expression,
  })),
  ['version', 'created', 'by', 'severity', 'expression'],
)}`;
}
function formatApplied(result2) {
  return `${renderTable(
    result2.policies.map((p) => ({ id: p.id, scope: p.scope, version: p.version, change: p.change })),
    ['id', 'scope', 'version', 'change'],
  )}re-evaluated ${result2.reevaluated} product(s)
`;
}
function formatPolicyResult(productId, r, applies = true) {
  const head = `${r.passed ? 'PASS' : 'FAIL'} ${r.policyId} v${r.policyVersion} [${r.severity}] on ${productId}: ${r.description}
`;
  const note = applies
    ? ''
    : `  (the policy belongs to ${formatPolicyScope(r.scope)} and does not apply to ${productId})
`;
  return `${head}${note}${r.violations
    .map(
      (v) => `  - ${formatViolation(v)}
`,
    )
    .join('')}`;
}
var offendingPath = (v) => `${v.path}${v.element === void 0 ? '' : ` (${v.element})`}`;
function celDetail(v, description) {
  const prefix = `${description} (`;
  return v.message.startsWith(prefix) && v.message.endsWith(')')
    ? v.message.slice(prefix.length, -1)
    : v.message;
}
function formatPolicyWarnings(productId, warnings, verbose = false) {
  return warnings
    .map((w) => {
      const paths2 = [...new Set(w.violations.filter((v) => v.path !== '').map(offendingPath))];
      const line = `warning: policy ${w.policyId}: ${w.description}${paths2.length > 0 ? ` (at ${paths2.join(', ')})` : ''}
`;
      if (!verbose) return line;
      const detail = w.violations.map(
        (v) => `  ${v.path === '' ? w.policyId : offendingPath(v)}: ${celDetail(v, w.description)}
`,
      );
      return `${line}${detail.join('')}  trace: meshwork policy explain ${w.policyId} ${productId} --event publish
`;
    })
    .join('');
}
function traceLines(node2, depth, out) {
  const mark =
    node2.error !== void 0
      ? '!'
      : node2.value === true
        ? '\u2713'
        : node2.value === false
          ? '\u2717'
          : '\xB7';
  const value2 = node2.error !== void 0 ? `error: ${node2.error}` : JSON.stringify(node2.value);
  const where = node2.element
    ? `  [${node2.element.path}${node2.element.name ? ` (${node2.element.name})` : ''}]`
    : '';
  const reads = node2.reads
    ? `  reads ${Object.entries(node2.reads)
        .map(([k, v]) => `${k || '(product)'}=${JSON.stringify(v)}`)
        .join(', ')}`
    : '';
  out.push(`${'  '.repeat(depth)}${mark} ${node2.expression} \u2192 ${value2}${where}${reads}`);
  for (const child of node2.children) traceLines(child, depth + 1, out);
}
function formatTrace(trace) {
  const out = [];
  traceLines(trace, 0, out);
  return `${out.join('\n')}
`;
}
function formatCompliance(report2) {
  const products = renderTable(
    report2.products.map((p) => ({
      product: p.productId,
      domain: p.domain,
      status: p.status,
      score: p.score,
      compliant: p.compliant ? 'yes' : 'no',
      failing: p.results
        .filter((r) => !r.passed)
        .map((r) => `${r.policyId}${r.severity === 'warning' ? '(w)' : ''}`)
        .join(', '),
    })),
    ['product', 'domain', 'status', 'score', 'compliant', 'failing'],
  );
  const domains = renderTable(
    report2.domains.map((d) => ({
      domain: d.domain,
      products: d.products,
      compliant: d.compliant,
      score: d.score,
    })),
    ['domain', 'products', 'compliant', 'score'],
  );
  const violations = report2.products.flatMap((p) =>
    p.results.flatMap((r) => r.violations.map((v) => `  ${p.productId}: ${formatViolation(v)}`)),
  );
  const s = report2.summary;
  return `${products}
${domains}
${s.compliant} of ${s.products} product(s) compliant, score ${s.score}; ${s.blockingViolations} blocking violation(s), ${s.warnings} warning(s)
${
  violations.length > 0
    ? `
violations:
${violations.join('\n')}
`
    : ''
}`;
}

// dist/cli/commands/lifecycle.js
async function writeWarnings(ctx, mesh, productId, warnings, verbose) {
  const policies = [];
  const grouped = /* @__PURE__ */ new Set();
  if (warnings.some((w) => w.startsWith('policy '))) {
    try {
      const described = new Map((await mesh.governance.listPolicies()).map((p) => [p.id, p.description]));
      for (const r of await mesh.governance.policyResults(productId)) {
        const description = described.get(r.policyId);
        const lines = r.violations.map((v) => `policy ${formatViolation(v)}`);
        if (r.passed || description === void 0 || !lines.some((l) => warnings.includes(l))) continue;
        policies.push({ policyId: r.policyId, description, violations: r.violations });
        for (const l of lines) grouped.add(l);
      }
    } catch {
      policies.length = 0;
      grouped.clear();
    }
  }
  for (const w of warnings)
    if (!grouped.has(w))
      ctx.io.stderr.write(`warning: ${w}
`);
  ctx.io.stderr.write(formatPolicyWarnings(productId, policies, verbose));
}
async function report(ctx, mesh, id2, verb, r, opts) {
  if (opts.json) writeJson(ctx.io, { productId: id2, ...r });
  else if (r.ok) {
    ctx.io.stdout.write(`${id2} ${verb}: ${r.from} \u2192 ${r.status}
`);
    await writeWarnings(ctx, mesh, id2, r.warnings, opts.verbose === true);
  } else {
    ctx.io.stderr.write(`meshwork: error: ${id2} was not ${verb}:
${r.reasons
  .map(
    (x) => `  - ${x}
`,
  )
  .join('')}`);
  }
  if (!r.ok) ctx.setExitCode(EXIT.conflict);
}
async function exists(path) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
async function publishFromFiles(ctx, path, opts) {
  const { collectDocumentFiles, readProductFolder, validateProductFiles } = await import(
    './product-folder-H2MZQLNJ.js'
  );
  const files = await collectDocumentFiles([path]);
  const refuse = (problems2) => {
    if (opts.json) writeJson(ctx.io, { ok: false, problems: problems2 });
    else
      ctx.io.stderr.write(`meshwork: error: ${path} is not valid; nothing was published
${formatProblemsText(problems2.filter((p) => p.severity === 'error'))}`);
    ctx.setExitCode(EXIT.contractViolation);
  };
  const { problems } = validateProductFiles(files, { strict: true, lint: false });
  if (hasErrors(problems)) {
    refuse(problems);
    return;
  }
  const mesh = await ctx.openMesh(opts);
  try {
    const ports = validateProductFiles(files, { strict: true, lint: false, ...(await catalogLookup(mesh)) });
    if (hasErrors(ports.problems)) {
      refuse(ports.problems);
      return;
    }
    const root = (await stat(path)).isDirectory() ? path : dirname(path);
    const { spec, documents } = readProductFolder(files, { root });
    const outcome = await mesh.publishSpec(spec, {
      documents,
      ...(opts.empty === true ? { empty: true } : {}),
      // A rejects file lists every row left behind; otherwise the first few are shown.
      ...(opts.rejects === void 0 ? {} : { rejectLimit: Number.MAX_SAFE_INTEGER }),
    });
    const storage = outcome.storage;
    if (opts.rejects !== void 0 && storage !== null) {
      await writeFile3(
        opts.rejects,
        storage.rejects
          .map(
            (r) => `${JSON.stringify({ key: r.key, reasons: r.reasons })}
`,
          )
          .join(''),
        'utf8',
      );
    }
    if (opts.json) writeJson(ctx.io, { ok: true, ...outcome });
    else {
      const what =
        outcome.action === 'created'
          ? 'registered and published'
          : outcome.action === 'unchanged'
            ? 'unchanged (already published)'
            : `upgraded from ${outcome.previousVersion ?? '?'} (${outcome.changes.length} change(s))`;
      ctx.io.stdout.write(`${outcome.productId} ${outcome.version}: ${what}
`);
      if (storage !== null)
        ctx.io.stdout.write(storageLines(outcome.previousVersion ?? '?', storage, opts.rejects));
      const warnings = outcome.lifecycle?.warnings ?? [];
      await writeWarnings(ctx, mesh, outcome.productId, warnings, opts.verbose === true);
    }
  } finally {
    await mesh.close();
  }
}
function storageLines(previous, storage, rejectsFile) {
  if (storage.mode === 'empty') {
    return `  new table ${storage.table}, started empty (--empty): no rows carried over from ${previous}, which keeps its rows in ${storage.previousTable}
`;
  }
  const lines = [
    `  new table ${storage.table}: ${storage.carried} row(s) carried over from ${previous}, ${storage.rejected} rejected (they stay in ${storage.previousTable})`,
  ];
  if (storage.rejected > 0) {
    if (rejectsFile !== void 0) lines.push(`  rejected rows and reasons written to ${rejectsFile}`);
    else {
      for (const r of storage.rejects.slice(0, 5))
        lines.push(`  - ${JSON.stringify(r.key)}: ${r.reasons.join('; ')}`);
      lines.push('  list every rejected row with --rejects <file>');
    }
  }
  return `${lines.join('\n')}
`;
}
function registerLifecycle(program, ctx) {
  withStoreOptions(
    program
      .command('publish')
      .summary('publish a product: from its descriptor files (validate, check changes, migrate), or by id')
      .description(
        'With a folder or file: validates the descriptor (Meshwork YAML, or ODPS + ODCS) strictly, checks the change against the published version (a breaking change needs a major version; the refusal names what it breaks), creates or migrates storage, keeps the ODCS/ODPS documents with the version (for meshwork test and exports), and publishes. Running it again on an unchanged version does nothing. A new major version (or a new minor below 1.0.0) gets a new table: the rows that fit the new contract are carried over in the same transaction (dropped columns dropped, new optional columns empty), the others are reported and stay in the previous table, which keeps serving the previous major (query --version) until its migration window closes. A refused publish leaves at most a draft, which the next publish of that version replaces. With a product id: moves a draft to published after the completeness checks.',
      )
      .argument('<product>', 'a product folder or descriptor file, or a product id')
      .option('--json', 'print the result as JSON')
      .option('--empty', 'start a new major version empty instead of carrying the previous rows over')
      .option('--rejects <file>', 'write every row a carry-over leaves behind, with its reasons, as NDJSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork publish examples/sales\n  meshwork publish orders/ --json\n  meshwork publish sales.transactions\n  meshwork publish orders/ --rejects carry-over-rejects.ndjson\n  meshwork publish orders/ --empty',
      ),
  ).action(async (arg, cliOpts, cmd) => {
    const opts = { ...cliOpts, verbose: cmd.optsWithGlobals().verbose === true };
    if (await exists(arg)) {
      await publishFromFiles(ctx, arg, opts);
      return;
    }
    const mesh = await ctx.openMesh(opts);
    try {
      const product = await mesh.product(arg);
      await report(ctx, mesh, product.id, 'published', await product.publish(), opts);
    } finally {
      await mesh.close();
    }
  });
  withStoreOptions(
    program
      .command('deprecate')
      .summary('deprecate a published product')
      .argument('<product>', 'product id')
      .option('--sunset <date>', 'date (YYYY-MM-DD) after which consumers should not rely on it')
      .option('--reason <text>', 'why it is deprecated')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExample:\n  meshwork deprecate sales.transactions --sunset 2027-01-31 --reason "replaced by sales.orders"',
      ),
  ).action(async (id2, opts) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const product = await mesh.product(id2);
      const r = await product.deprecate({
        ...(opts.sunset ? { sunset: opts.sunset } : {}),
        ...(opts.reason ? { reason: opts.reason } : {}),
      });
      await report(ctx, mesh, id2, 'deprecated', r, opts);
    } finally {
      await mesh.close();
    }
  });
  withStoreOptions(
    program
      .command('archive')
      .summary('archive a product: its data is kept but no longer read or written')
      .argument('<product>', 'product id')
      .option('--json', 'print the result as JSON')
      .addHelpText('after', '\nExample:\n  meshwork archive sales.transactions'),
  ).action(async (id2, opts) => {
    const mesh = await ctx.openMesh(opts);
    try {
      await report(ctx, mesh, id2, 'archived', await (await mesh.product(id2)).archive(), opts);
    } finally {
      await mesh.close();
    }
  });
}

// dist/catalog/lineage/to-lineage-mermaid.js
function label(text2) {
  return text2.replaceAll('"', '#quot;').replaceAll('<', '#lt;').replaceAll('>', '#gt;');
}
function nodeLine(key, n) {
  if (n.kind === 'external') return `  ${key}(["${label(n.id)}"])`;
  const details = [n.status, n.owner].filter((x) => x !== void 0).join(', ');
  const more = n.truncated ? ' \u2026' : '';
  return `  ${key}["${label(n.id)}${details ? `<br/>${label(details)}` : ''}${more}"]`;
}
function toLineageMermaid(view) {
  const keys = new Map(view.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of view.nodes) lines.push(nodeLine(keys.get(n.id) ?? '', n));
  for (const e of view.edges) {
    const from = keys.get(e.from);
    const to = keys.get(e.to);
    if (from === void 0 || to === void 0) continue;
    const note = e.description ? `|"${label(e.description).replaceAll('|', '/')}"|` : '';
    lines.push(`  ${from} -->${note} ${to}`);
  }
  const external = view.nodes.filter((n) => n.kind === 'external').map((n) => keys.get(n.id));
  if (external.length > 0) {
    lines.push('  classDef external fill:#f4f4f4,stroke:#999,stroke-dasharray:3 3');
    lines.push(`  class ${external.join(',')} external`);
  }
  if (view.root !== null) {
    lines.push('  classDef root fill:#fff3c4,stroke:#d4a000,stroke-width:2px');
    lines.push(`  class ${keys.get(view.root)} root`);
  }
  return `${lines.join('\n')}
`;
}

// dist/cli/render/format-lineage.js
function label2(n, id2) {
  if (n === void 0) return id2;
  if (n.kind === 'external') return `${id2} (external)`;
  const details = [n.status, n.owner].filter((x) => x !== void 0);
  return `${id2}${details.length > 0 ? ` (${details.join(', ')})` : ' (not in the catalog)'}`;
}
function tree(root, next, nodes, depthLimited) {
  const lines = [];
  const walk = (id2, prefix, path) => {
    const children2 = next(id2);
    children2.forEach((child, i) => {
      const last = i === children2.length - 1;
      const node2 = nodes.get(child);
      const cycle = path.has(child);
      const cut = !cycle && depthLimited && node2?.truncated === true && next(child).length === 0;
      lines.push(
        `${prefix}${last ? '\u2514\u2500 ' : '\u251C\u2500 '}${label2(node2, child)}${cycle ? ' \u21BB cycle' : ''}${cut ? ' \u2026 (more beyond --depth)' : ''}`,
      );
      if (!cycle)
        walk(child, `${prefix}${last ? '   ' : '\u2502  '}`, /* @__PURE__ */ new Set([...path, child]));
    });
  };
  walk(root, '  ', /* @__PURE__ */ new Set([root]));
  return lines;
}
function children(edges, direction) {
  const map = /* @__PURE__ */ new Map();
  for (const e of edges) {
    const [from, to] = direction === 'down' ? [e.from, e.to] : [e.to, e.from];
    map.set(from, [...(map.get(from) ?? []), to]);
  }
  return (id2) => map.get(id2) ?? [];
}
function formatLineageTree(view) {
  const nodes = new Map(view.nodes.map((n) => [n.id, n]));
  const limited = view.depth !== null;
  if (view.root === null) {
    if (view.nodes.length === 0) return '(no products in the catalog yet)\n';
    const down = children(view.edges, 'down');
    const targets = new Set(view.edges.map((e) => e.to));
    const roots = view.nodes.map((n) => n.id).filter((id2) => !targets.has(id2));
    const out2 = [];
    const drawn = /* @__PURE__ */ new Set();
    for (const r of roots) {
      out2.push(label2(nodes.get(r), r), ...tree(r, down, nodes, false));
      drawn.add(r);
    }
    for (const e of view.edges) {
      if (drawn.has(e.from) || roots.length > 0) continue;
      out2.push(label2(nodes.get(e.from), e.from), ...tree(e.from, down, nodes, false));
      drawn.add(e.from);
      break;
    }
    return `${out2.join('\n')}
`;
  }
  const root = view.root;
  const out = [label2(nodes.get(root), root)];
  if (view.direction !== 'down') {
    const up = tree(root, children(view.edges, 'up'), nodes, limited);
    out.push(`upstream (reads from):${up.length === 0 ? ' none' : ''}`, ...up);
  }
  if (view.direction !== 'up') {
    const down = tree(root, children(view.edges, 'down'), nodes, limited);
    out.push(`downstream (read by):${down.length === 0 ? ' none' : ''}`, ...down);
  }
  return `${out.join('\n')}
`;
}
function readers(list4) {
  if (list4.length === 0) return '-';
  const shown = list4.slice(0, 3).map((r) => `${r.actor} (${r.reads})`);
  return `${shown.join(', ')}${list4.length > 3 ? ` +${list4.length - 3}` : ''}`;
}
function formatImpact(report2) {
  const what = report2.field === null ? report2.productId : `field ${report2.field} of ${report2.productId}`;
  const lines = [`impact of a change to ${what}`];
  lines.push(`read directly by: ${readers(report2.readers)}`);
  if (report2.products.length === 0) {
    lines.push('no downstream products: nothing else reads it');
    return `${lines.join('\n')}
`;
  }
  const counts = ['affected', 'potentially_affected', 'unlikely'].map(
    (l) => `${report2.products.filter((p) => p.level === l).length} ${l.replace('_', ' ')}`,
  );
  lines.push(`${report2.products.length} downstream product(s): ${counts.join(', ')}`, '');
  const table2 = renderTable(
    report2.products.map((p) => ({
      product: p.productId,
      level: p.level.replace('_', ' '),
      distance: p.distance,
      owner: p.owner ?? '-',
      readers: readers(p.readers),
      why: p.reason,
    })),
    ['product', 'level', 'distance', 'owner', 'readers', 'why'],
  );
  return `${lines.join('\n')}
${table2}
rule: ${report2.rule}
`;
}

// dist/cli/commands/lineage.js
var LINEAGE_FORMATS = ['tree', 'mermaid', 'json', 'openlineage'];
function parseDepth(text2) {
  if (text2 === void 0) return void 0;
  const n = Number(text2);
  if (text2.trim() === '' || !Number.isSafeInteger(n) || n < 1) {
    throw new MeshError('invalid_input', `--depth must be a whole number of 1 or more, got ${text2}`);
  }
  return n;
}
function registerLineage(program, ctx) {
  withFormatOption(
    withStoreOptions(
      program
        .command('lineage')
        .summary(
          'show lineage: upstream and downstream of a product (or the whole graph) as a tree, Mermaid or JSON',
        )
        .description(
          'Walks the lineage graph from a product up (what it reads), down (what reads it) or both, to any depth; cycles are marked, not followed. Without a product, shows the whole graph. Formats: tree (indented text), mermaid (flowchart LR), json (nodes and edges), openlineage (OpenLineage RunEvents, one per product).',
        )
        .argument('[product]', 'product id (or external source); all lineage when left out')
        .option('--direction <direction>', 'up, down or both', 'both')
        .option('--depth <n>', 'most edges to follow (default: no limit)')
        .option('--namespace <namespace>', 'OpenLineage namespace of products', 'meshwork'),
    ),
    LINEAGE_FORMATS,
    'tree',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork lineage sales.transactions\n  meshwork lineage sales.customer_revenue --direction up --depth 1\n  meshwork lineage --format mermaid > lineage.mmd\n  meshwork lineage sales.transactions --format openlineage > events.json',
    )
    .action(async (root, opts) => {
      const format = outputFormat(opts);
      const walk = parseLineageWalkOptions({ direction: opts.direction, depth: parseDepth(opts.depth) });
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        if (format === 'openlineage') {
          writeJson(
            ctx.io,
            await mesh.openLineage(root, {
              ...walk,
              ...(opts.namespace ? { namespace: opts.namespace } : {}),
            }),
          );
          return;
        }
        const view = await mesh.lineageGraph(root, walk);
        if (format === 'json') writeJson(ctx.io, view);
        else if (format === 'mermaid') ctx.io.stdout.write(toLineageMermaid(view));
        else ctx.io.stdout.write(formatLineageTree(view));
      });
    });
  withFormatOption(
    withStoreOptions(
      program
        .command('impact')
        .summary('list the downstream products and readers a change of a product (or one field) reaches')
        .description(
          'Lists every product downstream of the product with how surely the change reaches it: affected, potentially affected or unlikely (a derived product whose SQL never names the field), and who reads each one.',
        )
        .argument('<product>', 'product id')
        .option('-f, --field <field>', 'the field that changes (default: the product as a whole)'),
    ),
    CARD_FORMATS,
    'text',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork impact sales.transactions\n  meshwork impact sales.transactions --field amount --json',
    )
    .action(async (productId, opts) => {
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        const report2 = await mesh.impact(productId, opts.field === void 0 ? {} : { field: opts.field });
        if (outputFormat(opts) === 'json') writeJson(ctx.io, report2);
        else ctx.io.stdout.write(formatImpact(report2));
      });
    });
}

// dist/cli/commands/list.js
function table(products) {
  return renderTable(
    products.map((p) => ({
      id: p.id,
      version: p.version,
      status: p.status,
      quality: p.qualityLevel,
      owner: p.owner,
      description: p.description.length > 60 ? `${p.description.slice(0, 59)}\u2026` : p.description,
    })),
    ['id', 'version', 'status', 'quality', 'owner', 'description'],
  );
}
function registerList(program, ctx) {
  withFormatOption(
    withStoreOptions(
      program
        .command('list')
        .summary('list data products')
        .description(
          'Lists the products in the catalog by id. --json (--format json) and --format ndjson give the whole descriptors; --format csv gives id, domain, version, status, quality, owner, tags and description.',
        )
        .option('--domain <domain>', 'only products of this domain')
        .option(
          '--status <status>',
          `only products in this lifecycle state (${PRODUCT_STATUSES.join(', ')})`,
        ),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork list\n  meshwork list --domain sales --json\n  meshwork list --status published --format csv > products.csv',
    )
    .action(async (opts) => {
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        const products = await mesh.listProducts({
          ...(opts.domain ? { domain: opts.domain } : {}),
          ...(opts.status ? { status: opts.status } : {}),
        });
        ctx.io.stdout.write(
          formatList(
            products,
            outputFormat(opts),
            {
              columns: ['id', 'domain', 'version', 'status', 'quality', 'owner', 'tags', 'description'],
              row: (p) => ({
                id: p.id,
                domain: p.domain,
                version: p.version,
                status: p.status,
                quality: p.qualityLevel,
                owner: p.owner,
                tags: p.tags.join(';'),
                description: p.description,
              }),
            },
            table,
          ),
        );
      });
    });
}

// dist/cli/commands/log.js
import { Option as Option8 } from 'commander';
function registerLog(program, ctx) {
  withFormatOption(
    withStoreOptions(
      program
        .command('log')
        .summary('read the access log (newest first)')
        .argument('[product]', 'only entries of this product')
        .addOption(new Option8('--operation <op>', 'only this operation').choices([...OPERATIONS]))
        .option('--by <principal>', 'only entries by this principal')
        .option('--since <iso-time>', 'only entries at or after this time')
        .option('-l, --limit <n>', 'most entries', '20')
        .option('--offset <n>', 'entries to skip', '0'),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork log\n  meshwork log sales.transactions --operation query --limit 5\n  meshwork log sales.transactions --since 2025-10-01 --format ndjson',
    )
    .action(async (productId, opts) => {
      const limit = Number(opts.limit);
      const offset = Number(opts.offset);
      if (!Number.isSafeInteger(limit) || limit < 0 || !Number.isSafeInteger(offset) || offset < 0) {
        throw new MeshError('invalid_input', '--limit and --offset must be whole numbers of 0 or more');
      }
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        if (productId !== void 0) await mesh.product(productId);
        const entries = await mesh.accessLog({
          ...(productId ? { productId } : {}),
          ...(opts.operation ? { operation: opts.operation } : {}),
          ...(opts.by ? { actor: opts.by } : {}),
          ...(opts.since ? { since: opts.since } : {}),
          limit,
          offset,
        });
        ctx.io.stdout.write(
          formatList(
            entries,
            outputFormat(opts),
            {
              columns: ['time', 'actor', 'operation', 'product', 'version', 'rows', 'outcome', 'parameters'],
              row: (e) => ({
                time: e.at,
                actor: e.actor,
                operation: e.operation,
                product: e.productId,
                version: e.productVersion,
                rows: e.rowsAffected,
                outcome: e.outcome,
                parameters: JSON.stringify(e.parameters),
              }),
            },
            formatAccessLog,
          ),
        );
      });
    });
}

// dist/cli/commands/metrics.js
function positive2(flag, value2) {
  const n = Number(value2);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new MeshError('invalid_input', `${flag} must be a whole number of 1 or more, got ${value2}`);
  return n;
}
function registerMetrics(program, ctx) {
  withFormatOption(
    withStoreOptions(
      program
        .command('metrics')
        .summary(
          'show a product\u2019s records, accesses, SLA and declared analytics (computed in the engine)',
        )
        .description(
          'Shows usage figures, freshness and the SLA measured against the latest quality run, then the measures and breakdowns the product declares in its analytics section, computed by the engine from the current data.',
        )
        .argument('<product>', 'product id')
        .option('--top <n>', 'N for top-N breakdowns (default: as declared, e.g. 5)')
        .option('-b, --breakdown <name...>', 'show only these breakdowns, e.g. revenue_by_region')
        .option('-w, --where <expression>', 'compute the analytics over the records matching a filter only')
        .option('-s, --segment <name>', 'compute the analytics over a segment\u2019s records only'),
    ),
    CARD_FORMATS,
    'text',
  )
    .addHelpText(
      'after',
      `
Examples:
  meshwork metrics sales.transactions
  meshwork metrics sales.transactions --breakdown revenue_by_region revenue_by_category
  meshwork metrics sales.transactions --breakdown top_customers --top 3
  meshwork metrics sales.transactions --where "region = 'Europe'" --json
  meshwork metrics customer.profiles --segment high_value`,
    )
    .action(async (productId, opts) => {
      const top = opts.top === void 0 ? void 0 : positive2('--top', opts.top);
      const mesh = await ctx.openMesh(opts, 'read');
      try {
        const product = await mesh.product(productId);
        const metrics = await product.metrics();
        const sla2 = await product.slaStatus();
        const [latest] = await product.qualityHistory(1);
        const archived = (await product.descriptor()).status === 'archived';
        const analytics = archived
          ? null
          : await product.analytics({
              ...(top === void 0 ? {} : { top }),
              ...(opts.breakdown === void 0 ? {} : { breakdowns: opts.breakdown }),
              ...(opts.where === void 0 ? {} : { where: opts.where }),
              ...(opts.segment === void 0 ? {} : { segment: opts.segment }),
            });
        const measuredLevel =
          latest === void 0
            ? null
            : { level: latest.derivedLevel, runId: latest.runId, checkedAt: latest.checkedAt };
        if (outputFormat(opts) === 'json') {
          writeJson(ctx.io, { ...metrics, measuredQualityLevel: measuredLevel, slaStatus: sla2, analytics });
          return;
        }
        const level =
          measuredLevel === null
            ? 'not measured yet (run `meshwork quality`)'
            : `${measuredLevel.level} (quality run ${measuredLevel.runId} at ${measuredLevel.checkedAt})`;
        ctx.io.stdout.write(formatMetrics(metrics));
        const figures =
          analytics === null
            ? 'analytics: not computed, the product is archived\n'
            : formatAnalytics(analytics);
        ctx.io.stdout.write(`
${formatSlaStatus(sla2)}measured quality level: ${level}

${figures}`);
      } finally {
        await mesh.close();
      }
    });
}

// dist/cli/commands/policy.js
import { Option as Option9 } from 'commander';
function registerPolicy(program, ctx) {
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
        `
Example file:
  policies:
    - id: sales-fields-described
      description: every field of a sales product is described
      severity: blocking
      scope: domain:sales
      events: [publish]
      expression: "product.schema.fields.all(f, f.description != '')"

Example:
  meshwork policy apply policies/sales.yaml`,
      ),
  ).action(async (file, opts) => {
    const document = await readSpecFile(file);
    await withMesh(ctx, opts, async (mesh) => {
      const result2 = await mesh.governance.applyPolicies(document);
      if (opts.json) writeJson(ctx.io, result2);
      else ctx.io.stdout.write(formatApplied(result2));
    });
  });
  withStoreOptions(
    policy
      .command('list')
      .summary('list the policies (global and per domain)')
      .option('--domain <domain>', 'only global policies and this domain\u2019s')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork policy list\n  meshwork policy list --domain sales --json',
      ),
  ).action(async (opts) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const list4 = await mesh.governance.listPolicies(opts.domain ? { domain: opts.domain } : {});
      if (opts.json) writeJson(ctx.io, list4);
      else ctx.io.stdout.write(formatPolicies(list4));
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
  ).action(async (id2, opts) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const p = await mesh.governance.policy(id2);
      const versions = await mesh.governance.policyHistory(id2);
      if (opts.json) writeJson(ctx.io, { ...p, versions });
      else ctx.io.stdout.write(formatPolicy(p, versions));
    });
  });
  const eventOption = () =>
    new Option9('--event <event>', 'the event to evaluate at (default: the policy\u2019s first)').choices([
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
  ).action(async (policyId, productId, opts) => {
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
  ).action(async (policyId, productId, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const r = await mesh.governance.explainPolicy(policyId, productId, opts.event);
      if (opts.json) writeJson(ctx.io, r);
      else
        ctx.io.stdout.write(`${formatPolicyResult(productId, r.result, r.applies)}
trace:
${formatTrace(r.trace)}`);
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
  ).action(async (opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const report2 = await mesh.governance.compliance({
        ...(opts.domain ? { domain: opts.domain } : {}),
        ...(opts.product ? { product: opts.product } : {}),
      });
      if (opts.json) writeJson(ctx.io, report2);
      else ctx.io.stdout.write(formatCompliance(report2));
    });
  });
}

// dist/cli/commands/principal.js
var collect = (value2, previous = []) => [...previous, value2];
function days(text2) {
  const m = /^(\d+(?:\.\d+)?)(d|h)?$/.exec(text2.trim());
  if (!m)
    throw new MeshError(
      'invalid_input',
      `--expires-in must be a number of days (90, 90d) or hours (12h), got ${text2}`,
    );
  const n = Number(m[1]);
  return m[2] === 'h' ? n / 24 : n;
}
function registerPrincipal(program, ctx) {
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
  ).action(async (id2, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const p = await mesh.governance.addPrincipal({
        id: id2,
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
  ).action(async (id2, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const p = await mesh.governance.setRoles(id2, opts.role);
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
  ).action(async (opts) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const list4 = await mesh.governance.listPrincipals();
      if (opts.json) writeJson(ctx.io, list4);
      else ctx.io.stdout.write(formatPrincipals(list4));
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
  ).action(async (opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const created = await mesh.governance.createToken({
        ...(opts.for ? { principal: opts.for } : {}),
        expiresInDays: days(opts.expiresIn),
        ...(opts.name ? { name: opts.name } : {}),
      });
      if (opts.json) writeJson(ctx.io, created);
      else {
        ctx.io.stdout.write(`${created.token}
`);
        ctx.io.stderr.write(`token ${created.id} for ${created.principalId}, expires ${created.expiresAt}; store it now: it is not shown again
`);
      }
    });
  });
  withStoreOptions(
    token
      .command('list')
      .summary('list tokens (never their secrets)')
      .option('--for <principal>', 'only this principal\u2019s')
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExamples:\n  meshwork token list\n  meshwork token list --for etl-bot --json'),
  ).action(async (opts) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const list4 = await mesh.governance.listTokens(opts.for);
      if (opts.json) writeJson(ctx.io, list4);
      else ctx.io.stdout.write(formatTokens(list4, /* @__PURE__ */ new Date().toISOString()));
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
  ).action(async (id2, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const t = await mesh.governance.revokeToken(id2);
      if (opts.json) writeJson(ctx.io, t);
      else
        ctx.io.stdout.write(`token ${t.id} of ${t.principalId} revoked
`);
    });
  });
}

// dist/cli/commands/quality.js
function wholeNumber(flag, value2, min) {
  const n = Number(value2);
  if (!Number.isSafeInteger(n) || n < min)
    throw new MeshError('invalid_input', `${flag} must be a whole number of ${min} or more, got ${value2}`);
  return n;
}
function registerQuality(program, ctx) {
  withFormatOption(
    withStoreOptions(
      program
        .command('quality')
        .summary('check a product\u2019s data against its contract and SLA, and keep the run in its history')
        .description(
          'Runs the quality checks its contract implies, in the engine: completeness per field, uniqueness of the key, validity of every rule and constraint. Each is compared with the SLA targets; the run gets a verdict and the quality level its results earn (rules per level from the contract), and is stored so history can be shown.',
        )
        .argument('<product>', 'product id')
        .option('--history', 'list the stored runs instead of running the checks')
        .option(
          '--run <n>',
          'show one stored run: its number among this product\u2019s runs (1 is the first), as --history lists them',
        )
        .option('-l, --limit <n>', 'most runs to list with --history', '20')
        .option('--no-save', 'do not keep this run in the history')
        .option('--strict', 'exit with code 5 when the verdict is fail'),
    ),
    CARD_FORMATS,
    'text',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork quality sales.transactions\n  meshwork quality customer.profiles --strict --json\n  meshwork quality sales.transactions --history\n  meshwork quality sales.transactions --run 3',
    )
    .action(async (productId, opts) => {
      const json = outputFormat(opts) === 'json';
      const limit = wholeNumber('--limit', opts.limit, 0);
      const runId = opts.run === void 0 ? void 0 : wholeNumber('--run', opts.run, 1);
      if (opts.history && runId !== void 0)
        throw new MeshError('invalid_input', 'use either --history or --run, not both');
      const mesh = await ctx.openMesh(opts, 'read');
      try {
        const product = await mesh.product(productId);
        if (opts.history) {
          const runs = await product.qualityHistory(limit);
          if (json) writeJson(ctx.io, runs);
          else ctx.io.stdout.write(formatQualityHistory(productId, runs));
          return;
        }
        const report2 =
          runId === void 0
            ? await product.checkQuality({ store: opts.save })
            : await product.qualityRun(runId);
        if (json) writeJson(ctx.io, report2);
        else ctx.io.stdout.write(formatQualityReport(report2));
        if (opts.strict && report2.verdict === 'fail') ctx.setExitCode(EXIT.contractViolation);
      } finally {
        await mesh.close();
      }
    });
}

// dist/cli/commands/query.js
function wholeNumber2(flag, value2) {
  const n = Number(value2);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new MeshError('invalid_input', `${flag} must be a whole number of 0 or more, got ${value2}`);
  return n;
}
function registerQuery(program, ctx) {
  withFormatOption(
    withStoreOptions(
      withFormulaEscapeOption(
        program
          .command('query')
          .summary('read records of a product with a filter')
          .description(
            'Reads records matching a filter expression. Filter language: field = value, != < <= > >=, in (...), like, contains, is [not] null, and/or/not, parentheses, year()/month()/day()/lower()/upper()/length(). Strings in single quotes. Every published major keeps its own table: --version reads an older one (a consumer whose grant pins an older major reads that one by default) while the migration window of the current major is open; owners may until the product is archived.',
          )
          .argument('<product>', 'product id, e.g. sales.transactions')
          .option('-w, --where <expression>', `filter, e.g. "region = 'Europe' and amount > 100"`)
          .option('-c, --columns <list>', 'comma-separated fields to show')
          .option('-o, --order-by <list>', "comma-separated order, e.g. 'amount desc,date'")
          .option('-l, --limit <n>', 'most rows to return', '100')
          .option('--offset <n>', 'rows to skip')
          .option('--cursor <cursor>', 'continue after a previous page (see nextCursor in JSON output)')
          .option('--all', 'return every matching row (no limit)')
          .option(
            '--version <major>',
            'read an older published major version (e.g. 1, or 0.2 below 1.0.0) until its migration window closes',
          ),
      ),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      `
Examples:
  meshwork query sales.transactions --where "region = 'Europe'"
  meshwork query customer.profiles -w "lifetime_value > 3000 and tier = 'gold'" -c customer_id,tier --json
  meshwork query sales.transactions -o 'amount desc' -l 3 --format csv
  meshwork query sales.transactions --version 1`,
    )
    .action(async (productId, opts) => {
      const format = outputFormat(opts);
      const limit = opts.all ? void 0 : wholeNumber2('--limit', opts.limit);
      const columns = opts.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const orderBy = opts.orderBy
        ?.split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const mesh = await ctx.openMesh(opts, 'read');
      try {
        const product = await mesh.product(productId);
        const result2 = await product.query(opts.where, {
          ...(columns ? { columns } : {}),
          ...(orderBy ? { orderBy } : {}),
          ...(limit === void 0 ? {} : { limit }),
          ...(opts.offset ? { offset: wholeNumber2('--offset', opts.offset) } : {}),
          ...(opts.cursor ? { cursor: opts.cursor } : {}),
          ...(opts.version === void 0 ? {} : { version: opts.version }),
        });
        const first2 = result2.rows[0];
        const shown =
          columns ??
          (first2 === void 0
            ? (await product.descriptor()).schema.fields.map((f) => f.name)
            : Object.keys(first2));
        ctx.io.stdout.write(
          formatRows(result2.rows, shown, format, result2.nextCursor, {
            formulaEscape: opts.formulaEscape !== false,
          }),
        );
        if (format === 'table' && limit !== void 0 && result2.rows.length === limit) {
          ctx.io.stderr.write(`(first ${limit} rows; more may match: use --limit, --all or --cursor ${result2.nextCursor ?? ''})
`);
        }
      } finally {
        await mesh.close();
      }
    });
}

// dist/cli/commands/refresh.js
function registerRefresh(program, ctx) {
  withStoreOptions(
    program
      .command('refresh')
      .summary('recompute a derived product, or pull a connector-fed product again')
      .description(
        'Runs a derived product\u2019s declared SQL over its input products (their tables are resolved by the platform), once the user-SQL guard has checked it on DuckDB\u2019s parse tree (one SELECT, only its inputs\u2019 tables, allow-listed functions) and you may still read every input (exit code 6 otherwise); on DuckDB it runs in an isolated in-memory store without file access over copies of the inputs. It replaces its records with the result in one transaction, checks the result against its contract, and records the write and the lineage from every input. With --status, only tells whether it is behind its inputs. For a product fed by a connector (meshwork connect), pulls the source again with the settings of the last pull; a failure leaves the stored product as it was.',
      )
      .argument('<product>', 'id of a derived or connector-fed product')
      .option(
        '--status',
        'only tell whether the product is behind: a derived product, which inputs changed since; a connector-fed one, its source, last pull, and whether its data is older than its SLA freshness',
      )
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork create examples/customer_revenue/product.yaml\n  meshwork refresh sales.customer_revenue\n  meshwork refresh sales.customer_revenue --status --json\n  meshwork refresh external.worldbank_indicators\n  meshwork refresh external.worldbank_indicators --status',
      ),
  ).action(async (productId, opts) => {
    const mesh = await ctx.openMesh(opts, 'read');
    try {
      const product = await mesh.product(productId);
      const source = await mesh.source(productId);
      const [{ WORLDBANK_CONNECTOR }, { refreshWorldBank }] = await Promise.all([
        import('./worldbank-pull-EGUNCGJ6.js'),
        import('./materialize-worldbank-K5VI3I7O.js'),
      ]);
      if (source?.connector === WORLDBANK_CONNECTOR && !opts.status) {
        const pulled = await refreshWorldBank(mesh, productId);
        if (opts.json) writeJson(ctx.io, { connector: source.connector, ...pulled });
        else {
          ctx.io.stdout.write(`${pulled.productId}: pulled again from ${source.connector}: ${pulled.inserted} record(s) stored (${pulled.removed} replaced)
`);
        }
        return;
      }
      if (source !== void 0 && opts.status) {
        const status = await mesh.sourceStatus(productId);
        if (opts.json) writeJson(ctx.io, status);
        else ctx.io.stdout.write(formatSourceStatus(status));
        return;
      }
      if (opts.status) {
        const status = await product.derivedStatus();
        if (opts.json) writeJson(ctx.io, status);
        else ctx.io.stdout.write(formatDerivedStatus(status));
        return;
      }
      const result2 = await product.refresh();
      if (opts.json) writeJson(ctx.io, result2);
      else ctx.io.stdout.write(formatRefresh(result2));
    } finally {
      await mesh.close();
    }
  });
}

// dist/cli/render/format-search.js
var PLACE_LABELS = {
  name: 'name',
  field: 'field',
  tag: 'tag',
  domain: 'domain',
  owner: 'owner',
  description: 'description',
  field_description: 'field description',
};
function shorten2(text2, max) {
  const flat = text2.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}
function describeMatches(matched, max = 3) {
  const seen = /* @__PURE__ */ new Set();
  const parts = [];
  for (const m of matched) {
    const text2 =
      m.place === 'description'
        ? PLACE_LABELS[m.place]
        : m.place === 'field_description'
          ? `${PLACE_LABELS[m.place]} of ${m.value}`
          : `${PLACE_LABELS[m.place]} ${m.value}`;
    if (seen.has(text2)) continue;
    seen.add(text2);
    parts.push(text2);
  }
  const more = parts.length > max ? ` (+${parts.length - max})` : '';
  return `${parts.slice(0, max).join('; ')}${more}`;
}
function formatSearchHits(text2, hits) {
  if (hits.length === 0) {
    return text2.trim() === ''
      ? '(no products pass these filters)\n'
      : `(no products match "${text2}"; try fewer or shorter words, or other filters)
`;
  }
  return renderTable(
    hits.map((h) => ({
      product: h.productId,
      score: h.score,
      status: h.status,
      quality: h.qualityLevel,
      owner: h.owner,
      matched: text2.trim() === '' ? '-' : describeMatches(h.matched),
      description: shorten2(h.description, 50),
    })),
    ['product', 'score', 'status', 'quality', 'owner', 'matched', 'description'],
  );
}
var FACET_LABELS = {
  domain: 'domain',
  status: 'status',
  tag: 'tag',
  qualityLevel: 'quality',
  owner: 'owner',
  pii: 'PII',
};
function formatSearchFacets(facets) {
  const total = Object.values(facets.status).reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  const lines = SEARCH_FACETS.map((name) => {
    const counts = Object.entries(facets[name]).filter(([, n]) => n > 0);
    const text2 = counts.length === 0 ? '-' : counts.map(([v, n]) => `${v} ${n}`).join(', ');
    return `  ${FACET_LABELS[name]}: ${text2}`;
  });
  return `
found ${total} product(s); by
${lines.join('\n')}
`;
}

// dist/cli/commands/search.js
function registerSearch(program, ctx) {
  withFormatOption(
    withStoreOptions(
      program
        .command('search')
        .summary('find products by text (ids, names, fields, tags, owners, descriptions) and filters')
        .description(
          'Every word must match the start of a word in a product: its id or name, field names, tags, domain, owner, description or field descriptions. Results come best first: exact name > name prefix > field name > tag > domain/owner > description text (see docs/catalog.md). An empty text ("") lists the products passing the filters. Archived products are left out unless --status archived. Under the results come the counts of everything found per domain, status, tag, quality level, owner and PII (--json: an object { hits, facets }).',
        )
        .argument('<text>', 'words to find, e.g. "customer email"; "" for filters only')
        .option('--domain <domain>', 'only products of this domain')
        .option('--status <status>', 'only products in this state (draft, published, deprecated, archived)')
        .option('--tag <tag>', 'only products with this tag')
        .option('--quality <level>', 'only products of this quality level (bronze, silver, gold)')
        .option('--owner <owner>', 'only products of this owner')
        .option('--pii', 'only products with PII fields')
        .option('--no-pii', 'only products without PII fields')
        .option('-l, --limit <n>', 'most results (1 to 1000)', '20'),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork search revenue\n  meshwork search "customer email" --pii\n  meshwork search "" --domain sales --status published --json\n  meshwork search trans --quality silver --owner sales-team --limit 5\n  meshwork search "" --tag gdpr --format csv',
    )
    .action(async (text2, opts) => {
      const limit = Number(opts.limit);
      if (!Number.isSafeInteger(limit)) {
        throw new MeshError(
          'invalid_input',
          `--limit must be a whole number from 1 to 1000, got ${opts.limit}`,
        );
      }
      const filters = parseSearchFilters({
        domain: opts.domain,
        status: opts.status,
        tag: opts.tag,
        qualityLevel: opts.quality,
        owner: opts.owner,
        pii: opts.pii,
        limit,
      });
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        const hits = await mesh.search(text2, filters);
        const format = outputFormat(opts);
        if (format === 'json') {
          writeJson(ctx.io, { hits: [...hits], facets: hits.facets });
          return;
        }
        ctx.io.stdout.write(
          formatList(
            hits,
            format,
            {
              columns: ['product', 'score', 'domain', 'status', 'quality', 'owner', 'matched', 'description'],
              row: (h) => ({
                product: h.productId,
                score: h.score,
                domain: h.domain,
                status: h.status,
                quality: h.qualityLevel,
                owner: h.owner,
                matched: describeMatches(h.matched, Number.POSITIVE_INFINITY),
                description: h.description,
              }),
            },
            (list4) => `${formatSearchHits(text2, list4)}${formatSearchFacets(hits.facets)}`,
          ),
        );
      });
    });
}

// dist/cli/commands/segments.js
function wholeNumber3(flag, value2) {
  const n = Number(value2);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new MeshError('invalid_input', `${flag} must be a whole number of 0 or more, got ${value2}`);
  return n;
}
function list3(value2) {
  return value2
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}
function registerSegments(program, ctx) {
  const segments = program
    .command('segments')
    .summary('list, show, create and remove a product\u2019s segments (named filters, always current)')
    .description(
      'A segment is a named filter expression over a product\u2019s records, declared in its contract or created here and kept in the catalog. It is evaluated by the engine on every read, so counts and members follow every change.',
    )
    .addHelpText(
      'after',
      `
Examples:
  meshwork segments customer.profiles
  meshwork segments show customer.profiles high_value
  meshwork segments create customer.profiles silver_tier --where "tier = 'silver'" --description 'Silver customers'
  meshwork segments remove customer.profiles silver_tier`,
    );
  withStoreOptions(
    segments
      .command('list', { isDefault: true })
      .summary('list a product\u2019s segments with their current size and share (the default)')
      .argument('<product>', 'product id')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork segments list customer.profiles\n  meshwork segments customer.profiles --json',
      ),
  ).action(async (productId, opts) => {
    const mesh = await ctx.openMesh(opts, 'read');
    try {
      const stats = await (await mesh.product(productId)).segments().statistics();
      if (opts.json) writeJson(ctx.io, stats);
      else ctx.io.stdout.write(formatSegmentStatistics(stats));
    } finally {
      await mesh.close();
    }
  });
  withFormatOption(
    withStoreOptions(
      withFormulaEscapeOption(segments.command('show'))
        .summary('show a segment\u2019s size and its member records')
        .argument('<product>', 'product id')
        .argument('<segment>', 'segment name')
        .option('-w, --where <expression>', 'narrow the members with another filter')
        .option('-c, --columns <list>', 'comma-separated fields to show')
        .option('-o, --order-by <list>', "comma-separated order, e.g. 'lifetime_value desc'")
        .option('-l, --limit <n>', 'most members to show', '100')
        .option('--all', 'show every member (no limit)'),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork segments show customer.profiles high_value\n  meshwork segments show customer.profiles recent_interactions -c customer_id,last_interaction --json',
    )
    .action(async (productId, name, opts) => {
      const format = outputFormat(opts);
      const limit = opts.all ? void 0 : wholeNumber3('--limit', opts.limit);
      const columns = list3(opts.columns);
      const orderBy = list3(opts.orderBy);
      const mesh = await ctx.openMesh(opts, 'read');
      try {
        const product = await mesh.product(productId);
        const seg = product.segments();
        const statistic = await seg.statistic(name);
        const members = await seg.members(name, {
          ...(opts.where === void 0 ? {} : { where: opts.where }),
          ...(columns ? { columns } : {}),
          ...(orderBy ? { orderBy } : {}),
          ...(limit === void 0 ? {} : { limit }),
        });
        if (format === 'json') {
          writeJson(ctx.io, { segment: statistic, rows: members.rows, nextCursor: members.nextCursor });
          return;
        }
        const shown = columns ?? (await product.descriptor()).schema.fields.map((f) => f.name);
        if (format === 'table') ctx.io.stdout.write(formatSegmentStatistic(statistic));
        ctx.io.stdout.write(
          formatRows(members.rows, shown, format, members.nextCursor, {
            formulaEscape: opts.formulaEscape !== false,
          }),
        );
      } finally {
        await mesh.close();
      }
    });
  withStoreOptions(
    segments
      .command('create')
      .summary('keep a new segment in the catalog')
      .argument('<product>', 'product id')
      .argument('<segment>', 'segment name: lowercase letters, digits, _ and -')
      .requiredOption('-w, --where <expression>', `the filter members satisfy, e.g. "tier = 'gold'"`)
      .option('-d, --description <text>', 'what the segment is for')
      .option('--json', 'print the stored segment as JSON')
      .addHelpText(
        'after',
        `
Examples:
  meshwork segments create customer.profiles silver_tier --where "tier = 'silver'"
  meshwork segments create sales.transactions big_sales -w 'amount >= 200' -d 'Sales of 200 or more'`,
      ),
  ).action(async (productId, name, opts) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const seg = (await mesh.product(productId)).segments();
      await seg.create({
        name,
        where: opts.where,
        ...(opts.description === void 0 ? {} : { description: opts.description }),
      });
      const statistic = await seg.statistic(name);
      if (opts.json) writeJson(ctx.io, statistic);
      else
        ctx.io.stdout.write(`segment ${name} of ${productId} is stored: ${statistic.count} record(s) match now
`);
    } finally {
      await mesh.close();
    }
  });
  withStoreOptions(
    segments
      .command('remove')
      .summary('remove a segment created in the catalog')
      .argument('<product>', 'product id')
      .argument('<segment>', 'segment name')
      .option('--json', 'print the removed segment as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork segments remove customer.profiles silver_tier\n  meshwork segments remove customer.profiles silver_tier --json',
      ),
  ).action(async (productId, name, opts) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const seg = (await mesh.product(productId)).segments();
      const removed = opts.json ? await seg.get(name) : void 0;
      await seg.remove(name);
      if (removed) writeJson(ctx.io, { ...removed, removed: true });
      else
        ctx.io.stdout.write(`segment ${name} of ${productId} is removed
`);
    } finally {
      await mesh.close();
    }
  });
  for (const sub of segments.commands) sub.exitOverride();
}

// dist/cli/commands/events.js
var collect2 = (value2, previous = []) => [...previous, value2];
function wholeNumber4(text2, flag) {
  if (text2 === void 0) return void 0;
  const n = Number(text2);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new MeshError('invalid_input', `${flag} must be a whole number \u2265 0, got ${text2}`);
  return n;
}
function eventTypes(list4) {
  for (const t of list4 ?? [])
    if (!isEventType(t))
      throw new MeshError('invalid_input', `--type ${t} is not an event type; see docs/events.md`);
  return [...(list4 ?? [])];
}
function registerEvents(program, ctx) {
  const out = (text2) => {
    ctx.io.stdout.write(
      text2.endsWith('\n')
        ? text2
        : `${text2}
`,
    );
  };
  withStoreOptions(
    program
      .command('events')
      .summary('read the events outbox after a cursor (oldest first)')
      .option('--after <cursor>', 'only events after this cursor', '0')
      .option('--type <type>', 'only events of this type (repeatable)', collect2)
      .option('--product <id>', 'only events of this product')
      .option('--domain <name>', 'only events of this domain')
      .option('-l, --limit <n>', 'most events', '100')
      .option('--json', 'one JSON event per line'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork events\n  meshwork events --after 42 --type product.published --json',
    )
    .action(async (opts) => {
      const types = eventTypes(opts.type);
      const after = wholeNumber4(opts.after, '--after') ?? 0;
      const limit = wholeNumber4(opts.limit, '--limit') ?? 100;
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
            `${e.cursor}	${e.time}	${e.type}	${e.productId ?? e.domain ?? '-'}	${e.principal}	${e.id}`,
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
      .option('--type <type>', 'only events of this type (repeatable)', collect2)
      .option('--after <cursor>', 'deliver events after this cursor (default: from now on)')
      .option('--description <text>', 'what it is for')
      .option('--json', 'JSON output'),
  ).action(async (url, opts) => {
    const after = wholeNumber4(opts.after, '--after');
    await withMesh(ctx, opts, async (mesh) => {
      const { webhook: w, secret } = await mesh.webhooks.register({
        url,
        types: eventTypes(opts.type),
        ...(opts.product ? { product: opts.product } : {}),
        ...(opts.domain ? { domain: opts.domain } : {}),
        ...(after === void 0 ? {} : { after }),
        ...(opts.description ? { description: opts.description } : {}),
      });
      if (opts.json) return out(JSON.stringify({ ...w, secret }));
      out(`webhook ${w.id} \u2192 ${w.url}
secret (shown once, keep it to verify signatures): ${secret}`);
    });
  });
  withStoreOptions(
    webhook
      .command('list')
      .summary('list webhooks')
      .addHelpText('after', '\nExamples:\n  meshwork webhook list --json')
      .option('--json', 'JSON output'),
  ).action(async (opts) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const list4 = await mesh.webhooks.list();
      if (opts.json) return out(JSON.stringify(list4));
      if (list4.length === 0) return out('no webhooks');
      for (const w of list4)
        out(
          `${w.id}	${w.url}	${w.productId ?? w.domain ?? '*'}	${w.types.join(',') || '*'}	after ${w.after}	${w.createdBy}`,
        );
    });
  });
  withStoreOptions(
    webhook
      .command('remove')
      .summary('remove a webhook')
      .addHelpText('after', '\nExamples:\n  meshwork webhook remove 0b6f3c1e-2d1a-4c59-9a49-1f7d2f0c8e11')
      .argument('<id>'),
  ).action(async (id2, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      await mesh.webhooks.remove(id2);
      out(`removed webhook ${id2}`);
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
  ).action(async (id2, opts) => {
    const limit = wholeNumber4(opts.limit, '--limit') ?? 50;
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const log = await mesh.webhooks.deliveries(id2, limit);
      if (opts.json) return out(JSON.stringify(log));
      if (log.length === 0) return out('no deliveries');
      for (const d of log)
        out(
          `${d.attemptedAt}	event ${d.eventCursor}	attempt ${d.attempt}${d.manual ? ' (manual)' : ''}	${d.status}	${d.httpStatus ?? '-'}	${d.error ?? ''}	${d.nextAttemptAt ?? ''}`,
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
  ).action(async (id2, eventId, opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const d = await mesh.webhooks.redeliver(id2, eventId);
      if (opts.json) return out(JSON.stringify(d));
      out(`${d.status} (attempt ${d.attempt}, HTTP ${d.httpStatus ?? '-'})${d.error ? `: ${d.error}` : ''}`);
      if (d.status !== 'succeeded') ctx.setExitCode(1);
    });
  });
  withStoreOptions(
    webhook
      .command('dispatch')
      .summary('deliver due events to every webhook once')
      .addHelpText('after', '\nExamples:\n  meshwork webhook dispatch --json')
      .option('--json', 'JSON output'),
  ).action(async (opts) => {
    await withMesh(ctx, opts, async (mesh) => {
      const pass = await mesh.webhooks.dispatcher().runOnce();
      out(opts.json ? JSON.stringify(pass) : `delivered ${pass.delivered}, failed ${pass.failed}`);
    });
  });
}

// dist/cli/commands/serve.js
import { Option as Option10 } from 'commander';
var SERVE_ENV = {
  host: 'MESHWORK_HOST',
  port: 'MESHWORK_PORT',
  cors: 'MESHWORK_CORS_ORIGINS',
  logLevel: 'MESHWORK_LOG_LEVEL',
};
function whole(name, value2, min, max) {
  if (value2 === void 0 || value2 === '') return void 0;
  const n = Number(value2);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new MeshError(
      'invalid_input',
      `${name} must be a whole number from ${min} to ${max}, got ${value2}`,
    );
  }
  return n;
}
function nextStopSignal() {
  return new Promise((resolve2) => {
    const stop = (signal) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve2(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
function registerServe(program, ctx) {
  program
    .command('serve')
    .summary('run the HTTP API (OpenAPI at /openapi.json, reference at /docs) on a store')
    .description(
      'Serves the whole platform over HTTP on one store, opened once. Requests authenticate with Authorization: Bearer mwt_\u2026 (meshwork token create); on a first start with no admin principal, an `admin` principal is created and its token printed once. Logs are JSON lines on standard output. SIGTERM or SIGINT finishes the requests under way, then closes the store. See docs/server.md.',
    )
    .addOption(
      new Option10(
        '--host <host>',
        `address to listen on (default: $${SERVE_ENV.host}, then host in meshwork.yaml, then 127.0.0.1)`,
      ),
    )
    .addOption(
      new Option10(
        '--port <port>',
        `port, 0 for any free one (default: $${SERVE_ENV.port}, then port in meshwork.yaml, then 8080)`,
      ),
    )
    .addOption(
      new Option10(
        '--store <location>',
        'the store (default: $MESHWORK_STORE, then meshwork.yaml, then ./.meshwork/mesh.duckdb)',
      ),
    )
    .option('--dev', 'no tokens: every request acts as an admin; only on a loopback host')
    .addOption(
      new Option10(
        '--cors <origins>',
        `comma-separated origins allowed by CORS (default: $${SERVE_ENV.cors}, then cors_origins in meshwork.yaml, then none)`,
      ),
    )
    .addOption(
      new Option10(
        '--max-body <bytes>',
        `largest JSON request body (default ${DEFAULT_LIMITS.maxBodyBytes})`,
      ),
    )
    .addOption(
      new Option10('--max-rows <n>', `most rows per response (default ${DEFAULT_LIMITS.maxRowsPerResponse})`),
    )
    .addOption(
      new Option10('--rate-limit <n>', `requests per token per minute (default ${DEFAULT_LIMITS.rateLimit})`),
    )
    .addOption(new Option10('--log-level <level>', `pino level (default: $${SERVE_ENV.logLevel}, then info)`))
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork serve --store ./mesh.duckdb\n  meshwork serve --port 0 --dev\n  curl -H "Authorization: Bearer $MESHWORK_TOKEN" http://127.0.0.1:8080/products',
    )
    .action(async (opts) => {
      const env = ctx.io.env;
      const config = await loadCliConfig(ctx.io.cwd);
      const host = opts.host ?? env[SERVE_ENV.host] ?? config.host ?? '127.0.0.1';
      const port = whole('--port', opts.port ?? env[SERVE_ENV.port] ?? config.port, 0, 65535) ?? 8080;
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
      const limits = {
        ...(opts.maxBody === void 0 ? {} : { maxBodyBytes: whole('--max-body', opts.maxBody, 1, 2 ** 31) }),
        ...(opts.maxRows === void 0 ? {} : { maxRowsPerResponse: whole('--max-rows', opts.maxRows, 1, 1e6) }),
        ...(opts.rateLimit === void 0 ? {} : { rateLimit: whole('--rate-limit', opts.rateLimit, 1, 1e7) }),
      };
      const auditKey = resolveCliAuditKey(env, config);
      const [{ Mesh }, { AuditKey }, { createMeshServer, ensureAdminPrincipal, startServer }, { pino }] =
        await Promise.all([
          import('./mesh-7YI6CUF6.js'),
          import('./audit-key-QIJK2JUT.js'),
          import('./server-RTVZQTN6.js'),
          import('pino'),
        ]);
      const mesh = await Mesh.open({
        store: ctx.storeLocation(opts),
        ...(auditKey ? { auditKey: AuditKey.from(auditKey.secret, auditKey.source) } : {}),
      });
      try {
        const err = ctx.io.stderr;
        if (dev) {
          err.write(
            'meshwork: WARNING: --dev: no authentication, every request acts as the local admin; never expose this server\n',
          );
        } else {
          const bootstrap = await ensureAdminPrincipal(mesh);
          if (bootstrap.created) {
            err.write(`meshwork: first start: created principal ${bootstrap.principalId} (admin). Its token, shown only this once:
${bootstrap.token}
(expires ${bootstrap.expiresAt}; keep it secret, e.g. export MESHWORK_TOKEN=\u2026)
`);
          }
        }
        const logger = pino(
          { level: opts.logLevel ?? env[SERVE_ENV.logLevel] ?? 'info', base: null },
          { write: (line) => ctx.io.stdout.write(line) },
        );
        const server = createMeshServer({ mesh, logger, dev, corsOrigins: cors, limits });
        const stopped = nextStopSignal();
        const running = await startServer(server, { host, port });
        const dispatcher = mesh.webhooks.dispatcher({
          logger: {
            debug: (message, fields) => logger.debug(fields, message),
            warn: (message, fields) => logger.warn(fields, message),
          },
        });
        dispatcher.start();
        err.write(`meshwork: serving ${mesh.store} at ${running.url} (API reference: ${running.url}/docs)
`);
        const signal = await stopped;
        err.write(`meshwork: ${signal}: finishing requests under way, then closing the store
`);
        await running.close();
        await dispatcher.stop();
      } finally {
        await mesh.close();
      }
      ctx.io.stderr.write('meshwork: stopped\n');
    });
}

// dist/cli/render/format-product-card.js
function slaStatusText(s) {
  if (s.declaredTargets === 0) return 'no targets declared';
  const unmeasured = [
    s.freshness.targetMinutes !== null && s.freshness.met === null ? 'freshness' : void 0,
    s.completeness.target !== null && s.completeness.met === null ? 'completeness' : void 0,
    s.accuracy.target !== null && s.accuracy.met === null ? 'accuracy' : void 0,
    s.availability.target !== null && s.availability.met === null ? 'availability' : void 0,
  ].filter((x) => x !== void 0);
  return `${s.verdict} (${s.measuredTargets} of ${s.declaredTargets} declared target(s) measured${unmeasured.length > 0 ? `; not measured: ${unmeasured.join(', ')}` : ''})`;
}
function domainText(card) {
  const d = card.domain;
  if (d === null) return card.descriptor.domain;
  const about = [d.description, d.ownerTeam === null ? null : `owner team ${d.ownerTeam}`].filter(
    (x) => x !== null,
  );
  return about.length > 0 ? `${d.name} \u2014 ${about.join('; ')}` : d.name;
}
function portText(p) {
  const read =
    p.readAs === void 0 ? 'query, export' : `query --version ${p.readAs}, export --version ${p.readAs}`;
  return `${p.name}: version ${p.version} in table ${p.table}; ${read} ${p.exportFormats.join('/')}`;
}
function pct2(n) {
  return n === null ? 'n/a' : `${Math.round(n * 100) / 100}%`;
}
function sla(d) {
  const s = d.sla;
  const parts = [
    s.availability === void 0 ? void 0 : `availability ${s.availability}%`,
    s.freshnessMinutes === void 0 ? void 0 : `freshness ${s.freshnessMinutes} min`,
    s.completeness === void 0 ? void 0 : `completeness ${s.completeness}%`,
    s.accuracy === void 0 ? void 0 : `accuracy ${s.accuracy}%`,
  ].filter((x) => x !== void 0);
  return parts.length > 0 ? parts.join(', ') : 'none declared';
}
function node(n) {
  if (n.kind === 'external') return `${n.id} (external)`;
  return `${n.id}${n.status ? ` (${n.status})` : ''}`;
}
function formatProductCard(card) {
  const d = card.descriptor;
  const m = card.metrics;
  const q = card.quality;
  const ops = Object.entries(m?.accessesByOperation ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const quality =
    q === null
      ? `${d.qualityLevel} declared; not measured yet (run \`meshwork quality ${d.id}\`)`
      : q.verdict === 'no_data'
        ? // A run on no records measured nothing (publish runs one, often before any ingest): say so, not a level.
          `${d.qualityLevel} declared; not measured yet: run ${q.runId} at ${q.checkedAt} found no records (run \`meshwork quality ${d.id}\`)`
        : `${d.qualityLevel} declared; measured ${q.derivedLevel} (run ${q.runId} at ${q.checkedAt}: ${q.verdict.toUpperCase()}, completeness ${pct2(q.completeness)}, validity ${pct2(q.validity)}, uniqueness ${pct2(q.uniqueness)})`;
  const header = `${d.id} \u2014 ${d.name}
${
  d.description
    ? `${d.description}
`
    : ''
}
`;
  const pairs = renderPairs([
    ['id', d.id],
    ['name', d.name],
    ['owner', d.owner],
    ['domain', domainText(card)],
    ['status', d.status],
    ...(card.deprecation === null
      ? []
      : [
          [
            'deprecated',
            `since ${card.deprecation.at.slice(0, 10)}; sunset ${card.deprecation.sunset ?? 'not given'}; reason: ${card.deprecation.reason ?? 'not given'}`,
          ],
        ]),
    ['version', d.version],
    [
      'versions',
      card.versions.map((v) => `${v.version} (${v.status}, ${v.recordedAt.slice(0, 10)})`).join(', ') ||
        d.version,
    ],
    ['output ports', card.outputPorts.map(portText).join('; ') || 'none'],
    ['quality level', quality],
    ['tags', d.tags.length > 0 ? d.tags.join(', ') : '-'],
    ['SLA', sla(d)],
    ['SLA status', slaStatusText(card.slaStatus)],
    ...(m === null
      ? [
          [
            'records',
            `not shown: you have no read access (meshwork access request ${d.id} --purpose "\u2026")`,
          ],
        ]
      : [
          ['records', `${m.totalRecords} (last write ${m.freshness.lastWriteAt ?? 'never'})`],
          ['usage', `${m.totalAccesses} access(es)${ops ? `: ${ops}` : ''}`],
          ...m.interruptedIngests.map((r) => [
            'interrupted ingest',
            `run ${r.runId} by ${r.actor}, started ${r.startedAt}, did not finish: ${r.rowsCommitted} row(s) in ${r.batches} batch(es) committed (each audited as ingest_batch)`,
          ]),
        ]),
    ['created', d.createdAt],
    ['updated', d.updatedAt],
  ]);
  const key = new Set(d.schema.primaryKey);
  const schema = renderTable(
    d.schema.fields.map((f) => ({
      field: f.name,
      type: f.type,
      required: f.required ? 'yes' : 'no',
      key: key.has(f.name) ? 'PK' : '',
      pii: f.pii ? `PII${f.masking ? ` (${f.masking})` : ''}` : '',
      description: f.description ?? '',
    })),
    ['field', 'type', 'required', 'key', 'pii', 'description'],
  );
  const rules =
    d.schema.rules.length === 0
      ? ''
      : `rules:
${d.schema.rules
  .map(
    (r) => `  ${r.name}: ${r.check}${r.description ? ` \u2014 ${r.description}` : ''}
`,
  )
  .join('')}`;
  const up = card.lineage.upstream;
  const down = card.lineage.downstream;
  const lineage = `lineage:
  upstream:   ${up.length === 0 ? 'none' : up.map(node).join(', ')}
  downstream: ${down.length === 0 ? 'none' : down.map(node).join(', ')}
`;
  const keyText = d.schema.primaryKey.length > 0 ? `key ${d.schema.primaryKey.join(', ')}` : 'no key';
  return `${header}${pairs}
schema (${d.schema.fields.length} field(s), ${keyText}):
${schema}${rules}
${lineage}`;
}

// dist/cli/commands/show.js
function registerShow(program, ctx) {
  withFormatOption(
    withStoreOptions(
      program
        .command('show')
        .summary(
          'show a product card: owner, domain, status, versions, output ports, SLA, quality, usage, schema, lineage',
        )
        .description(
          'Prints what a consumer needs to use a product without asking anyone: who owns it and its domain, its state, every recorded version, its output ports, SLA, declared and last measured quality, usage counts, the schema with keys and PII badges, rules, and upstream/downstream lineage. --json gives the same card as data.',
        )
        .argument('<product>', 'product id'),
    ),
    CARD_FORMATS,
    'text',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork show sales.transactions\n  meshwork show customer.profiles --json',
    )
    .action(async (productId, opts) => {
      await withMesh(
        ctx,
        opts,
        async (mesh) => {
          const product = await mesh.product(productId);
          const [latest] = await product.qualityHistory(1);
          const descriptor = await product.descriptor();
          const domain = (await mesh.listDomains()).find((d) => d.name === descriptor.domain);
          const card = {
            descriptor,
            // Record counts and usage are figures of the data: shown to readers only (the rest is catalog metadata).
            metrics: (await product.mayRead()) ? await product.metrics() : null,
            quality: latest ?? null,
            lineage: await product.lineage(),
            domain:
              domain === void 0
                ? null
                : {
                    name: domain.name,
                    description: domain.description,
                    ownerTeam: domain.ownerTeam,
                    createdAt: domain.createdAt,
                    updatedAt: domain.updatedAt,
                  },
            versions: await product.versions(),
            outputPorts: await product.outputPorts(),
            deprecation: await product.deprecation(),
            slaStatus: await product.slaStatus(),
          };
          if (outputFormat(opts) === 'json') writeJson(ctx.io, card);
          else ctx.io.stdout.write(formatProductCard(card));
        },
        'read',
      );
    });
}

// dist/cli/commands/test-contract.js
import { Option as Option11 } from 'commander';

// dist/cli/render/format-contract-tests.js
function round(n) {
  return Math.round(n * 100) / 100;
}
function contractCase(c) {
  const name =
    c.id === c.kind || c.id.startsWith(`${c.kind}:`) ? `contract ${c.id}` : `contract ${c.kind}: ${c.id}`;
  const measured =
    c.measured === null
      ? (c.note ?? 'not measured')
      : `measured ${round(c.measured)}, expected ${c.expected}`;
  return {
    name,
    passed: c.passed,
    failing: c.failing ?? 0,
    detail: `${c.expression} \u2014 ${measured}${c.measured !== null && c.note !== void 0 ? ` (${c.note})` : ''}`,
    samples: c.failingKeys,
    location: c.location,
    severity: c.severity,
    measured: c.measured,
    expected: c.expected,
  };
}
function failsRun(c) {
  return c.passed === false && (c.severity === void 0 || c.severity === 'error');
}
function pct3(rate) {
  return rate === null ? 'n/a' : `${Math.round(rate * 100) / 100}%`;
}
function toContractTests(report2) {
  const cases = [];
  for (const c of report2.completeness.items.filter((i) => i.required)) {
    cases.push({
      name: `not null: ${c.field}`,
      passed: c.passed,
      failing: c.missing,
      detail: `${pct3(c.rate)} present, target ${c.target ?? '-'}%`,
      samples: [],
    });
  }
  const u = report2.uniqueness;
  if (u) {
    cases.push({
      name: `unique: ${u.key.join(', ')}`,
      passed: u.passed,
      failing: u.duplicateRecords,
      detail: `${u.distinct} distinct of ${u.total}`,
      samples: u.duplicates.map((d) => d.key),
    });
  }
  for (const v of report2.validity.items) {
    cases.push({
      name: `${v.kind}: ${v.name}`,
      passed: v.passed,
      failing: v.invalid,
      detail: `${v.expression} \u2014 ${pct3(v.rate)} valid, target ${v.target}%`,
      samples: v.invalidKeys,
    });
  }
  for (const c of report2.contractChecks.items) cases.push(contractCase(c));
  const f = report2.sla.freshness;
  if (f.targetMinutes !== null) {
    cases.push({
      name: 'freshness',
      passed: f.met,
      failing: f.met === false ? 1 : 0,
      detail:
        f.ageMinutes === null
          ? 'never written'
          : `${Math.round(f.ageMinutes)} min since the last write, target ${f.targetMinutes} min`,
      samples: [],
    });
  }
  return cases;
}
function formatContractTests(productId, cases, total) {
  const lines = [`${productId}: ${cases.length} check(s) on ${total} record(s)`];
  for (const c of cases) {
    const mark = c.passed === false ? (failsRun(c) ? 'FAIL' : 'WARN') : c.passed === null ? 'n/a ' : 'pass';
    const where = c.location === void 0 ? '' : `  [${c.location}]`;
    lines.push(`  ${mark}  ${c.name}  (${c.detail}${c.failing > 0 ? `; ${c.failing} failing` : ''})${where}`);
    for (const s of c.samples.slice(0, 5)) lines.push(`        e.g. ${JSON.stringify(s)}`);
  }
  const failed = cases.filter(failsRun).length;
  const warned = cases.filter((c) => c.passed === false && !failsRun(c)).length;
  const skipped = cases.filter((c) => c.passed === null).length;
  lines.push(
    `${cases.length - failed - warned - skipped} passed, ${failed} failed${warned > 0 ? `, ${warned} warning(s)` : ''}${skipped > 0 ? `, ${skipped} not run` : ''}`,
  );
  return `${lines.join('\n')}
`;
}
function xml(text2) {
  return text2.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
function formatContractTestsJUnit(productId, cases) {
  const failed = cases.filter(failsRun).length;
  const skipped = cases.filter((c) => c.passed === null).length;
  const body = cases
    .map((c) => {
      const open = `    <testcase classname="${xml(productId)}" name="${xml(c.name)}"`;
      if (failsRun(c)) {
        return `${open}>
      <failure message="${xml(`${c.failing > 0 ? `${c.failing} failing: ` : ''}${c.detail}`)}">${xml(JSON.stringify(c.samples))}</failure>
    </testcase>`;
      }
      if (c.passed === false) {
        return `${open}>
      <system-out>${xml(`${c.severity ?? 'warning'}: ${c.failing > 0 ? `${c.failing} failing: ` : ''}${c.detail} ${JSON.stringify(c.samples)}`)}</system-out>
    </testcase>`;
      }
      if (c.passed === null)
        return `${open}>
      <skipped message="${xml(c.detail)}"/>
    </testcase>`;
      return `${open}/>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="${xml(productId)}" tests="${cases.length}" failures="${failed}" skipped="${skipped}">
${body}
  </testsuite>
</testsuites>
`;
}

// dist/cli/commands/test-contract.js
function registerTestContract(program, ctx) {
  withStoreOptions(
    program
      .command('test')
      .summary('run the contract\u2019s quality checks against the stored data')
      .description(
        'Runs every check the contract declares (not null, unique key, allowed values, ranges, formats and patterns, record rules, freshness) as SQL on the stored data and reports pass/fail with failing counts and sample keys. For a product published from ODCS files, the contract\u2019s own quality entries run too (row counts, SQL checks that read the product\u2019s table, checks with a tolerance); entries of other engines are listed as not run. The run is kept in the quality history (see meshwork quality --history). Exit code 5 when a check of severity error fails (a failed warning is shown as WARN).',
      )
      .argument('<product>', 'product id')
      .addOption(
        new Option11('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'),
      )
      .option('--json', 'same as --format json')
      .option('--no-save', 'do not keep the run in the quality history')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork test sales.transactions\n  meshwork test customer.profiles --format junit > quality.xml',
      ),
  ).action(async (productId, opts) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const report2 = await (await mesh.product(productId)).checkQuality({ store: opts.save });
      const cases = toContractTests(report2);
      const format = opts.json ? 'json' : opts.format;
      if (format === 'json')
        writeJson(ctx.io, {
          productId,
          version: report2.version,
          runId: report2.runId,
          totalRecords: report2.totalRecords,
          contract: report2.contractChecks.contract,
          checks: cases,
        });
      else if (format === 'junit') ctx.io.stdout.write(formatContractTestsJUnit(productId, cases));
      else ctx.io.stdout.write(formatContractTests(productId, cases, report2.totalRecords));
      if (cases.some(failsRun)) ctx.setExitCode(EXIT.contractViolation);
    } finally {
      await mesh.close();
    }
  });
}

// dist/cli/parse-assignments.js
var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
function unquote(text2) {
  const m = /^(['"])([\s\S]*)\1$/.exec(text2);
  return m ? { text: m[2].replaceAll(`${m[1]}${m[1]}`, m[1]), quoted: true } : { text: text2, quoted: false };
}
function bad(assignment, f, expected, got) {
  return new MeshError(
    'invalid_input',
    `--set ${assignment}: ${f.name} is ${expected}, got ${got}; fix the value after "="`,
    { details: { field: f.name } },
  );
}
function parseValue(assignment, f, raw) {
  const { text: text2, quoted } = unquote(raw.trim());
  if (!quoted && text2 === 'null') return null;
  switch (f.type) {
    case 'integer': {
      const n = Number(text2);
      if (!/^[+-]?\d+$/.test(text2) || !Number.isSafeInteger(n)) {
        throw bad(assignment, f, 'a whole number (integer)', JSON.stringify(raw));
      }
      return n;
    }
    case 'number': {
      const n = Number(text2);
      if (!NUMBER.test(text2) || !Number.isFinite(n))
        throw bad(assignment, f, 'a number', JSON.stringify(raw));
      return n;
    }
    case 'boolean': {
      const lower = text2.toLowerCase();
      if (lower !== 'true' && lower !== 'false')
        throw bad(assignment, f, 'true or false', JSON.stringify(raw));
      return lower === 'true';
    }
    default:
      return text2;
  }
}
function parseAssignments(assignments, schema) {
  if (assignments.length === 0) {
    throw new MeshError('invalid_input', 'update needs at least one --set field=value');
  }
  const fields = new Map(schema.fields.map((f) => [f.name, f]));
  const out = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    const name = eq < 0 ? '' : assignment.slice(0, eq).trim();
    if (eq < 0 || name === '') {
      throw new MeshError('invalid_input', `--set ${assignment} is not field=value, e.g. --set amount=12.5`);
    }
    const f = fields.get(name);
    if (!f) {
      const guess = closestName(name, [...fields.keys()]);
      throw new MeshError(
        'invalid_input',
        `--set ${assignment}: unknown field ${name}${guess ? `; did you mean ${guess}?` : `; fields are ${[...fields.keys()].join(', ')}`}`,
      );
    }
    if (Object.hasOwn(out, name))
      throw new MeshError('invalid_input', `--set names ${name} twice; give each field once`);
    out[name] = parseValue(assignment, f, assignment.slice(eq + 1));
  }
  return out;
}

// dist/cli/commands/update-remove.js
function collect3(value2, previous) {
  return [...previous, value2];
}
function requireWhere(command, where) {
  if (where === void 0 || where.trim() === '') {
    throw new MeshError(
      'invalid_input',
      `${command} needs --where "<filter>" naming the records to change; it never changes every record by accident`,
    );
  }
  return where;
}
function registerUpdateRemove(program, ctx) {
  withStoreOptions(
    program
      .command('update')
      .summary('change fields of the records matching a filter')
      .description(
        'Sets fields on every record matching --where. Values are read as the field types of the contract (numbers, integers, true/false; text may be quoted; null clears an optional field) and checked against the contract and its rules before anything changes. The primary key cannot be changed.',
      )
      .argument('<product>', 'product id')
      .option('-w, --where <expression>', 'filter naming the records to change (required)')
      .option('-s, --set <field=value>', 'a field and its new value (repeat for several)', collect3, [])
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        `
Examples:
  meshwork update customer.profiles --where "customer_id = 'C001'" --set email=new@example.com
  meshwork update sales.transactions -w "region = 'EU'" --set region=Europe --set amount=10.5`,
      ),
  ).action(async (productId, opts) => {
    const where = requireWhere('update', opts.where);
    await withMesh(ctx, opts, async (mesh) => {
      const product = await mesh.product(productId);
      const changes = parseAssignments(opts.set, (await product.descriptor()).schema);
      const updated = await product.update(where, changes);
      if (opts.json) writeJson(ctx.io, { productId, updated, fields: Object.keys(changes) });
      else
        ctx.io.stdout.write(`${updated} record(s) of ${productId} updated (${Object.keys(changes).join(', ')})
`);
    });
  });
  withStoreOptions(
    program
      .command('remove')
      .summary('remove the records matching a filter')
      .argument('<product>', 'product id')
      .option('-w, --where <expression>', 'filter naming the records to remove (required)')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        `
Examples:
  meshwork remove sales.transactions --where "transaction_id = 'TXN001'"
  meshwork remove sales.transactions -w "date < '2024-01-01'" --json`,
      ),
  ).action(async (productId, opts) => {
    const where = requireWhere('remove', opts.where);
    await withMesh(ctx, opts, async (mesh) => {
      const removed = await (await mesh.product(productId)).remove(where);
      if (opts.json) writeJson(ctx.io, { productId, removed });
      else
        ctx.io.stdout.write(`${removed} record(s) removed from ${productId}
`);
    });
  });
}

// dist/cli/commands/validate.js
function registerValidate(program, ctx) {
  program
    .command('validate')
    .summary('check product descriptors and contracts (ODCS, ODPS, Meshwork YAML)')
    .description(
      'Checks each document against its official JSON schema (ODCS v3.1.0, ODPS v1.0.0, DCS, DPDS) or Meshwork\u2019s own format, then against Meshwork\u2019s rules; lint warnings follow good practice. SQL written in documents (derived.sql, SQL quality checks) is checked on DuckDB\u2019s own parse tree, as publish and refresh check it. Every problem has file:line:column, a code and a fix hint. Exit code 5 when any error is found (warnings alone exit 0).',
    )
    .argument('<paths...>', 'files or folders (folders are searched for .yaml/.yml/.json documents)')
    .option(
      '--strict',
      'treat Meshwork-readiness warnings (owner, domain, semver, types, a contract without fields) as errors, as publish does',
    )
    .option('--no-lint', 'skip the good-practice warnings')
    .option('--store <location>', 'also check that input ports name products this store knows')
    .option('--json', 'print problems as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork validate examples/sales\n  meshwork validate contracts/orders.odcs.yaml --strict --json\n  meshwork validate orders/ --store ./.meshwork/mesh.duckdb   # input ports must name known products',
    )
    .action(async (paths2, opts) => {
      const [{ collectDocumentFiles, validateProductFiles }, { lintUserSql }] = await Promise.all([
        import('./product-folder-H2MZQLNJ.js'),
        import('./lint-user-sql-V5XHDZYA.js'),
      ]);
      const files = await collectDocumentFiles(paths2);
      const lookup =
        opts.store === void 0
          ? {}
          : await withReadOnlyMesh(ctx, { store: opts.store }, (mesh) => catalogLookup(mesh));
      const checked = validateProductFiles(files, {
        strict: opts.strict === true,
        lint: opts.lint,
        ...lookup,
      });
      const engine = await openEngine(':memory:');
      let problems;
      try {
        problems = sortProblems([...checked.problems, ...(await lintUserSql(engine, files))]);
      } finally {
        await engine.close();
      }
      if (opts.json) writeJson(ctx.io, { files: files.map((f) => f.path), problems });
      else {
        ctx.io.stdout.write(files.length === 0 ? 'no documents found\n' : formatProblemsText(problems));
        const errors = problems.filter((p) => p.severity === 'error').length;
        ctx.io.stdout.write(`${files.length} document(s), ${errors} error(s), ${problems.length - errors} warning(s)
`);
      }
      if (hasErrors(problems)) ctx.setExitCode(EXIT.contractViolation);
    });
}

// dist/cli/main.js
var GET_STARTED_HELP = `Examples:
  meshwork init orders --id sales.orders --owner sales-team   # a product folder with a contract and sample data
  meshwork publish orders && meshwork ingest sales.orders orders/sample-data.json
  meshwork search order && meshwork query sales.orders --where "amount > 10" --json
Every command has --help with examples. Commands that print data take --json, the same as --format json.`;
var CLI_VERSION = '0.1.0';
function buildProgram(ctx) {
  const program = new Command('meshwork')
    .description(
      'Meshwork: contract-driven data products on an embedded store, with catalog, lineage and audit.',
    )
    .version(CLI_VERSION, '-V', 'output the version number (also --version as the only argument)')
    .option(
      '--verbose',
      'more detail: on errors the error code, details, causes and every issue; after publish, what each policy warning found',
    )
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .addHelpText(
      'after',
      `
${GET_STARTED_HELP}

${EXIT_CODES_HELP}

${SETTINGS_HELP}`,
    );
  program.commandsGroup('Describe and publish products:');
  registerInit(program, ctx);
  registerValidate(program, ctx);
  registerDiff(program, ctx);
  registerContract(program, ctx);
  registerLifecycle(program, ctx);
  registerCreate(program, ctx);
  program.commandsGroup('Write and read data:');
  registerIngest(program, ctx);
  registerQuery(program, ctx);
  registerExport(program, ctx);
  registerUpdateRemove(program, ctx);
  registerRefresh(program, ctx);
  registerConnect(program, ctx);
  program.commandsGroup('Discover (the catalog):');
  registerSearch(program, ctx);
  registerList(program, ctx);
  registerShow(program, ctx);
  registerDomains(program, ctx);
  registerLineage(program, ctx);
  registerLog(program, ctx);
  program.commandsGroup('Quality and usage:');
  registerMetrics(program, ctx);
  registerQuality(program, ctx);
  registerTestContract(program, ctx);
  registerSegments(program, ctx);
  program.commandsGroup('Governance:');
  registerPolicy(program, ctx);
  registerPrincipal(program, ctx);
  registerAccess(program, ctx);
  registerAudit(program, ctx);
  program.commandsGroup('Events and the shared service:');
  registerEvents(program, ctx);
  registerServe(program, ctx);
  program.commandsGroup('Try it:');
  registerDemo(program, ctx);
  registerCompletion(program, ctx);
  const override = (cmd, path) => {
    cmd.exitOverride();
    cmd.configureOutput({
      outputError: (text2, write) =>
        write(`meshwork: ${text2.trim().replace(/\s*\n\s*/g, ' ')}; see \`${path} --help\`
`),
    });
    for (const sub of cmd.commands) override(sub, `${path} ${sub.name()}`);
  };
  override(program, 'meshwork');
  return program;
}
function causes(error) {
  const out = [];
  let cause = error.cause;
  while (cause !== void 0 && out.length < 5) {
    out.push(cause instanceof Error ? cause.message : String(cause));
    cause = cause instanceof Error ? cause.cause : void 0;
  }
  return out;
}
function reportError(io, error, verbose) {
  if (isMeshError(error)) {
    io.stderr.write(`meshwork: error: ${error.message}
`);
    if (error instanceof ContractViolationError) {
      const shown = verbose ? error.issues : error.issues.slice(0, 10);
      for (const issue of shown) {
        const path = formatPath(issue.path);
        io.stderr.write(`  - ${path ? `${path}: ` : ''}${issue.message}
`);
      }
      if (shown.length < error.issues.length)
        io.stderr.write(`  \u2026 ${error.issues.length - shown.length} more (--verbose)
`);
    }
    if (verbose) {
      io.stderr.write(`  code: ${error.code} (exit code ${exitCodeFor(error.code)})
`);
      if (error.details !== void 0)
        io.stderr.write(`  details: ${JSON.stringify(error.details)}
`);
      for (const cause of causes(error))
        io.stderr.write(`  cause: ${cause.replace(/\n/g, '\n    ')}
`);
    }
    return exitCodeFor(error.code);
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`meshwork: internal error: ${err.message}
  this is a bug; please report it with the command you ran
`);
  if (verbose && err.stack)
    io.stderr.write(`${err.stack}
`);
  return EXIT.internal;
}
async function main(argv, io = processIo()) {
  let exitCode = EXIT.ok;
  let config = {};
  const ctx = {
    io,
    openMesh: async (opts, access = 'write') => {
      const fromFlag = opts.token !== void 0;
      const token = fromFlag ? opts.token : io.env[TOKEN_ENV_VAR];
      const actor = resolveCliActor(opts.actor, io.env, config);
      const auditKey = resolveCliAuditKey(io.env, config);
      const [{ Mesh }, { AuditKey }] = await Promise.all([
        import('./mesh-7YI6CUF6.js'),
        import('./audit-key-QIJK2JUT.js'),
      ]);
      return Mesh.open({
        store: resolveCliStore(opts.store, io.env, config),
        ...(auditKey ? { auditKey: AuditKey.from(auditKey.secret, auditKey.source) } : {}),
        readOnly: access === 'read-only',
        create: access === 'write',
        ...(token !== void 0
          ? { token, tokenSource: fromFlag ? '--token' : `$${TOKEN_ENV_VAR}` }
          : actor
            ? { actor }
            : {}),
      });
    },
    storeLocation: (opts) => resolveCliStore(opts.store, io.env, config),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${CLI_VERSION}
`);
    return EXIT.ok;
  }
  const program = buildProgram(ctx);
  const verbose = argv.includes('--verbose');
  try {
    config = await loadCliConfig(io.cwd);
    applyConfigDefaults(program, config);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT.ok;
      }
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
    }
    return reportError(io, error, verbose);
  }
}
export { buildProgram, main };
