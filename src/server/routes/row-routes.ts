import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Filter } from '../../core/filter/ast.ts';
import { toFilter } from '../../core/filter/to-filter.ts';
import { MeshError } from '../../core/errors.ts';
import type { FieldType } from '../../core/field-type.ts';
import type { DataProduct } from '../../product/data-product.ts';
import { ON_EXISTING_MODES } from '../../product/ingest-result.ts';
import { readNdjson } from '../ndjson-records.ts';
import { decodeRowCursor, encodeRowCursor, type RowQueryShape } from '../row-cursor.ts';
import type { RouteDeps, ServerEnv } from '../server-env.ts';
import { ERROR_RESPONSES, jsonContent, ProductIdParams } from './common-schemas.ts';
import { commaList } from './query-values.ts';
import { IngestResultSchema } from './result-schemas.ts';

/** Query parameters of the rows routes; any other parameter is an equality filter on the field it names. */
const RESERVED = new Set([
  'filter',
  'columns',
  'order',
  'limit',
  'offset',
  'cursor',
  'version',
  'onExisting',
  'format',
  'formulaEscape',
]);

const RowsQuery = z.object({
  filter: z.string().optional().openapi({ example: "amount > 100 and region = 'Europe'" }),
  columns: z
    .string()
    .optional()
    .openapi({ description: 'comma-separated fields', example: 'transaction_id,amount' }),
  order: z
    .string()
    .optional()
    .openapi({ description: 'comma-separated, each optionally "desc"', example: 'amount desc' }),
  limit: z.coerce.number().int().min(1).optional(),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'rows to skip (offset paging; not together with cursor)' }),
  cursor: z.string().optional().openapi({ description: 'nextCursor of the previous page' }),
  version: z.string().optional().openapi({ description: 'an older published major, e.g. 1' }),
});

const RowsPage = z
  .object({
    rows: z.array(z.record(z.string(), z.unknown())),
    count: z.number().int(),
    nextCursor: z.string().nullable(),
  })
  .openapi('RowsPage');

/**
 * Records per batch of an HTTP ingest unless the request asks otherwise. Every other statement of the store waits
 * while a batch commits, so on a shared server smaller batches keep reads answering during a large ingest: measured
 * with 1M streamed records (RELIABILITY.md), reads took p50 8 s at 100,000 per batch and 0.85 s at 10,000, while the
 * ingest took about 1.5× as long.
 */
const SERVER_INGEST_BATCH = 10_000;

const IngestQuery = z.strictObject({
  onExisting: z.enum(ON_EXISTING_MODES).optional(),
  batchSize: z.coerce.number().int().min(1).max(100_000).optional().openapi({
    description:
      'records per batch (and per transaction); default 10,000, so that reads interleave between batches while a large ingest runs; at most 100,000 (faster bulk loads, longer pauses for other requests)',
  }),
  source: z.string().min(1).max(200).optional().openapi({
    description: 'what the records came from, as the access log names it (a label, e.g. sales.csv (csv))',
  }),
});
const UpdateBody = z
  .strictObject({
    filter: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    changes: z.record(z.string(), z.unknown()),
  })
  .openapi('UpdateRows');
const DeleteQuery = z.strictObject({ filter: z.string().min(1) });
const ExportQuery = RowsQuery.pick({ filter: true, columns: true, order: true, version: true }).extend({
  format: z.enum(['csv', 'ndjson', 'parquet']).optional(),
  formulaEscape: z.enum(['true', 'false']).optional().openapi({
    description:
      "CSV: false writes text cells starting with = + - @ tab or CR as they are (default true: a leading ' stops spreadsheets running them)",
  }),
});

const EXPORT_MEDIA = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

const tags = ['rows'];
const routes = {
  read: createRoute({
    method: 'get',
    path: '/products/{id}/rows',
    tags,
    summary: 'Read rows: filter (expression or field=value parameters), columns, order, cursor paging',
    request: { params: ProductIdParams, query: RowsQuery },
    responses: {
      200: jsonContent(RowsPage, 'A page of rows (PII masked unless the grant allows it)'),
      ...ERROR_RESPONSES,
    },
  }),
  ingest: createRoute({
    method: 'post',
    path: '/products/{id}/rows',
    tags,
    summary: 'Ingest rows: a JSON array, or NDJSON streamed (application/x-ndjson); rejects are reported',
    request: {
      params: ProductIdParams,
      query: IngestQuery,
      body: {
        required: false,
        content: {
          'application/json': { schema: z.array(z.record(z.string(), z.unknown())) },
          'application/x-ndjson': { schema: z.string() },
        },
      },
    },
    responses: {
      200: jsonContent(IngestResultSchema, 'What was stored and every rejected record with its reasons'),
      ...ERROR_RESPONSES,
    },
  }),
  update: createRoute({
    method: 'patch',
    path: '/products/{id}/rows',
    tags,
    summary: 'Change fields on the rows matching a (required) filter',
    request: {
      params: ProductIdParams,
      body: { required: true, content: { 'application/json': { schema: UpdateBody } } },
    },
    responses: {
      200: jsonContent(z.object({ updated: z.number().int() }), 'Rows changed'),
      ...ERROR_RESPONSES,
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/products/{id}/rows',
    tags,
    summary: 'Remove the rows matching a (required) filter',
    request: { params: ProductIdParams, query: DeleteQuery },
    responses: {
      200: jsonContent(z.object({ removed: z.number().int() }), 'Rows removed'),
      ...ERROR_RESPONSES,
    },
  }),
  export: createRoute({
    method: 'get',
    path: '/products/{id}/export',
    tags,
    summary: 'Export matching rows as CSV, NDJSON or Parquet, streamed',
    request: { params: ProductIdParams, query: ExportQuery },
    responses: {
      200: {
        description:
          'The file; X-Meshwork-Rows says how many rows it holds, X-Meshwork-Masked-Fields (JSON) which PII fields were written masked for the caller and how',
        headers: z.object({
          'X-Meshwork-Rows': z.string().openapi({ example: '42' }),
          'X-Meshwork-Masked-Fields': z.string().openapi({ example: '{"email":"redact"}' }),
        }),
        content: Object.fromEntries(Object.values(EXPORT_MEDIA).map((m) => [m, { schema: z.string() }])),
      },
      ...ERROR_RESPONSES,
    },
  }),
};

function coerce(value: string, type: FieldType | undefined): unknown {
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** The filter of a rows request: the `filter` expression and every field=value parameter, all of which must hold. */
async function requestFilter(
  product: DataProduct,
  expression: string | undefined,
  params: Record<string, string[]>,
): Promise<{ filter: Filter | undefined; key: string }> {
  const items: Filter[] = [];
  if (expression !== undefined) items.push(toFilter(expression));
  const fields = Object.entries(params).filter(([name]) => !RESERVED.has(name));
  if (fields.length > 0) {
    const types = new Map((await product.descriptor()).schema.fields.map((f) => [f.name, f.type]));
    const equal: Record<string, unknown> = {};
    for (const [name, values] of fields) {
      const typed = values.map((v) => coerce(v, types.get(name)));
      equal[name] = typed.length === 1 ? typed[0] : typed;
    }
    items.push(toFilter(equal as never));
  }
  const filter: Filter | undefined =
    items.length === 0 ? undefined : items.length === 1 ? items[0] : { kind: 'and', items };
  return { filter, key: JSON.stringify({ expression, fields }) };
}

/** Adds GET/POST/PATCH/DELETE /products/{id}/rows and GET /products/{id}/export. */
export function registerRowRoutes(app: OpenAPIHono<ServerEnv>, deps: RouteDeps): void {
  const max = deps.limits.maxRowsPerResponse;

  app.openapi(routes.read, async (c) => {
    const q = c.req.valid('query');
    const { id } = c.req.valid('param');
    if (q.limit !== undefined && q.limit > max) {
      throw new MeshError(
        'invalid_input',
        `limit ${q.limit} is over the server's ${max} rows per response; ask for at most ${max} and page with nextCursor`,
        { details: { limit: q.limit, max } },
      );
    }
    const product = await c.get('mesh').product(id);
    const { filter, key } = await requestFilter(product, q.filter, c.req.queries());
    const columns = commaList(q.columns);
    const order = commaList(q.order);
    const shape: RowQueryShape = { productId: id, filter: key, columns, order, version: q.version };
    const page = await product.query(filter, {
      limit: q.limit ?? Math.min(100, max),
      ...(q.offset === undefined ? {} : { offset: q.offset }),
      ...(columns === undefined ? {} : { columns }),
      ...(order === undefined ? {} : { orderBy: order }),
      ...(q.version === undefined ? {} : { version: q.version }),
      ...(q.cursor === undefined ? {} : { cursor: decodeRowCursor(shape, q.cursor) }),
    });
    return c.json(
      {
        rows: page.rows,
        count: page.rows.length,
        nextCursor: page.nextCursor === null ? null : encodeRowCursor(shape, page.nextCursor),
      },
      200,
    );
  });

  app.openapi(routes.ingest, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const q = c.req.valid('query');
    const options = {
      ...(q.onExisting === undefined ? {} : { onExisting: q.onExisting }),
      batchSize: q.batchSize ?? SERVER_INGEST_BATCH,
      ...(q.source === undefined ? {} : { sourceLabel: q.source }),
    };
    const type = c.req.header('content-type') ?? '';
    if (/^application\/(x-)?ndjson\b/i.test(type)) {
      if (c.req.raw.body === null)
        throw new MeshError('invalid_input', 'send NDJSON records in the request body');
      const source = readNdjson(c.req.raw.body);
      const result = await product.ingest(source.records, options);
      const rejected = result.rejected.map((r) => {
        const bad = source.malformed.get(r.index);
        return {
          ...r,
          line: source.lines[r.index] ?? null,
          ...(bad === undefined
            ? {}
            : {
                issues: [{ path: [], code: bad.code, message: bad.message }],
              }),
        };
      });
      return c.json({ ...result, rejected } as never, 200);
    }
    if (!/^application\/json\b/i.test(type)) {
      throw new MeshError(
        'invalid_input',
        'send a JSON array (application/json) or NDJSON (application/x-ndjson)',
      );
    }
    return c.json((await product.ingest(c.req.valid('json'), options)) as never, 200);
  });

  app.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json({ updated: await product.update(body.filter as never, body.changes) }, 200);
  });

  app.openapi(routes.remove, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json({ removed: await product.remove(c.req.valid('query').filter) }, 200);
  });

  app.openapi(routes.export, async (c) => {
    const q = c.req.valid('query');
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const format = q.format ?? 'csv';
    const { filter } = await requestFilter(product, q.filter, c.req.queries());
    const columns = commaList(q.columns);
    const order = commaList(q.order);
    // The engine writes the export to a file (its streaming path); the response streams that file and removes it.
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-export-'));
    const path = join(dir, `${product.id}.${format}`);
    let written: Awaited<ReturnType<DataProduct['exportFile']>>;
    try {
      written = await product.exportFile(path, {
        format,
        ...(q.formulaEscape === 'false' ? { csvFormulaEscape: false } : {}),
        ...(filter === undefined ? {} : { where: filter }),
        ...(columns === undefined ? {} : { columns }),
        ...(order === undefined ? {} : { orderBy: order }),
        ...(q.version === undefined ? {} : { version: q.version }),
      });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const file = createReadStream(path);
    file.on('close', () => {
      void rm(dir, { recursive: true, force: true });
    });
    c.header('content-type', EXPORT_MEDIA[format]);
    c.header('X-Meshwork-Rows', String(written.rows));
    c.header('X-Meshwork-Masked-Fields', JSON.stringify(written.maskedFields));
    c.header('content-disposition', `attachment; filename="${product.id}.${format}"`);
    return c.body(Readable.toWeb(file) as ReadableStream, 200) as never;
  });
}
