import { MeshError } from '../../core/errors.ts';

/** One entry of the API's error payload `[{"message":[{id,key,value}]}]`. */
export interface WorldBankApiError {
  readonly id: string;
  readonly key: string;
  readonly value: string;
}

/** One page of a successful response: the pagination header, decoded, and the page's rows. */
export interface WorldBankEnvelope {
  readonly page: number;
  readonly pages: number;
  readonly perPage: number;
  readonly total: number;
  /** The header's `lastupdated` (a `YYYY-MM-DD` date in every recorded response), or null. */
  readonly lastUpdated: string | null;
  readonly rows: readonly unknown[];
}

/** What a request was for and where it went, so that errors can say both. */
export interface WorldBankRequestContext {
  /** Plain words naming what was asked, e.g. `indicator NY.GDP.MKTP.CD for countries BRA`. */
  readonly what: string;
  readonly url: string;
}

const BODY_SNIPPET_LENGTH = 200;

/** Shortens a response body for an error message or details. */
export function bodySnippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_SNIPPET_LENGTH ? `${flat.slice(0, BODY_SNIPPET_LENGTH)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds the error for a response whose shape is not what the API documents. */
export function unexpectedResponse(ctx: WorldBankRequestContext, problem: string): MeshError {
  return new MeshError(
    'upstream_failed',
    `World Bank API sent an unexpected response for ${ctx.what} (GET ${ctx.url}): ${problem}`,
    { details: { url: ctx.url, problem } },
  );
}

function readApiErrors(value: unknown): WorldBankApiError[] | undefined {
  if (!Array.isArray(value) || value.length !== 1 || !isRecord(value[0])) return undefined;
  const messages = value[0].message;
  if (!Array.isArray(messages)) return undefined;
  return messages.map((m) => {
    const entry = isRecord(m) ? m : {};
    return { id: String(entry.id ?? ''), key: String(entry.key ?? ''), value: String(entry.value ?? '') };
  });
}

function apiErrorMessage(ctx: WorldBankRequestContext, errors: readonly WorldBankApiError[]): string {
  // The API repeats one identical message per bad code, so name each distinct message once.
  const distinct = [...new Set(errors.map((e) => `${e.key}: ${e.value} (id ${e.id})`))];
  return (
    `World Bank API rejected the request for ${ctx.what}: ${distinct.join('; ')} (GET ${ctx.url}); ` +
    'check that every code and filter value exists in the World Bank catalogue'
  );
}

/** Reads a pagination number that the API sends either as a number or as a string of digits. */
function readCount(header: Record<string, unknown>, key: string, ctx: WorldBankRequestContext): number {
  const raw = header[key];
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return Number.parseInt(raw, 10);
  throw unexpectedResponse(
    ctx,
    `pagination field "${key}" should be a whole number, got ${JSON.stringify(raw)}`,
  );
}

/**
 * Parses one response body of the v2 API into its pagination header and rows.
 * @throws MeshError `upstream_failed` for malformed JSON, the API's error payload, or any other shape.
 */
export function parseWorldBankEnvelope(body: string, ctx: WorldBankRequestContext): WorldBankEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new MeshError(
      'upstream_failed',
      `World Bank API sent a body that is not valid JSON for ${ctx.what} (GET ${ctx.url}): ` +
        `${(error as Error).message}; body starts with ${JSON.stringify(bodySnippet(body).slice(0, 60))}`,
      { details: { url: ctx.url, body: bodySnippet(body) }, cause: error },
    );
  }
  const apiErrors = readApiErrors(json);
  if (apiErrors !== undefined) {
    throw new MeshError('upstream_failed', apiErrorMessage(ctx, apiErrors), {
      details: { url: ctx.url, apiErrors },
    });
  }
  if (!Array.isArray(json) || json.length !== 2 || !isRecord(json[0])) {
    throw unexpectedResponse(
      ctx,
      `expected a JSON array [pagination, rows], got ${bodySnippet(body).slice(0, 80)}`,
    );
  }
  const [header, rows] = json as [Record<string, unknown>, unknown];
  // A query that matches nothing is answered with `null` instead of an empty list.
  if (rows !== null && !Array.isArray(rows)) {
    throw unexpectedResponse(ctx, `expected the second element to be a list of rows, got ${typeof rows}`);
  }
  const lastUpdated = typeof header.lastupdated === 'string' ? header.lastupdated : null;
  return {
    page: readCount(header, 'page', ctx),
    pages: readCount(header, 'pages', ctx),
    perPage: readCount(header, 'per_page', ctx),
    total: readCount(header, 'total', ctx),
    lastUpdated,
    rows: rows ?? [],
  };
}
