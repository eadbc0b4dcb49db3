import { createWriteStream } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StoredProductDocument } from '../../catalog/product-document-store.ts';
import type { ProductCard } from '../../client/client-types.ts';
import type { MeshClient } from '../../client/mesh-client.ts';
import type { InvalidUtf8Policy } from '../../connectors/files/open-record-file.ts';
import type { RecordFormat } from '../../connectors/files/record-source.ts';
import { MeshError } from '../../core/errors.ts';
import type { FilterInput } from '../../core/filter/to-filter.ts';
import type { DataProduct } from '../../product/data-product.ts';
import type { DerivedStatus, RefreshResult } from '../../product/derived/refresh-derived-product.ts';
import type { ExportOptions, ExportResult } from '../../product/export-options.ts';
import type { IngestOptions, IngestResult } from '../../product/ingest-result.ts';
import type { QualityReport, QualityRunOptions } from '../../product/quality/quality-report.ts';
import type { QueryOptions, QueryResult } from '../../product/query-options.ts';
import { ingestFileThroughServer } from './remote-ingest.ts';
import { expression, order } from './remote-query-values.ts';
import { remoteSegments } from './remote-segments.ts';
import { remoteUnsupported } from './remote-unsupported.ts';

/** A product's metrics as the server answers them. */
type ServerMetrics = Awaited<ReturnType<MeshClient['metrics']>>['metrics'];

/** The part of {@link DataProduct} the CLI's commands use that a server can answer. */
export type RemoteProductMethods = Pick<
  DataProduct,
  | 'id'
  | 'descriptor'
  | 'versions'
  | 'outputPorts'
  | 'deprecation'
  | 'slaStatus'
  | 'qualityHistory'
  | 'qualityRun'
  | 'checkQuality'
  | 'refresh'
  | 'derivedStatus'
  | 'metrics'
  | 'mayRead'
  | 'interruptedIngests'
  | 'lineage'
  | 'analytics'
  | 'publish'
  | 'deprecate'
  | 'archive'
  | 'query'
  | 'ingestFile'
  | 'update'
  | 'remove'
  | 'exportFile'
  | 'publishedDocuments'
>;

/** Counts the records of a CSV text: lines outside quoted cells, less the header. */
function csvRecords(text: string): number {
  let records = 0;
  let quoted = false;
  let inRecord = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (ch === '\n' && !quoted) {
      if (inRecord) records += 1;
      inRecord = false;
    } else if (ch !== '\r') inRecord = true;
  }
  if (inRecord) records += 1;
  return Math.max(0, records - 1);
}

/** A product on a Meshwork server, answering the CLI's calls through {@link MeshClient}. */
export class RemoteProduct implements RemoteProductMethods {
  readonly id: string;
  readonly #client: MeshClient;
  #card: ProductCard | undefined;
  #metrics: Promise<ServerMetrics | null> | undefined;

  constructor(client: MeshClient, card: ProductCard) {
    this.#client = client;
    this.id = card.descriptor.id;
    this.#card = card;
  }

  async #current(): Promise<ProductCard> {
    this.#card ??= await this.#client.product(this.id);
    return this.#card;
  }

  async descriptor() {
    return (await this.#current()).descriptor;
  }
  async versions() {
    return (await this.#current()).versions;
  }
  async outputPorts() {
    return (await this.#current()).outputPorts;
  }
  async deprecation() {
    return (await this.#current()).deprecation;
  }
  async slaStatus() {
    return (await this.#current()).slaStatus;
  }

  qualityHistory(limit = 20) {
    return this.#client.qualityHistory(this.id, limit);
  }
  qualityRun(runId: number) {
    return this.#client.qualityRun(this.id, runId);
  }
  refresh(): Promise<RefreshResult> {
    return this.#client.refresh(this.id);
  }

  derivedStatus(): Promise<DerivedStatus> {
    return this.#client.derivedStatus(this.id);
  }

  checkQuality(options: QualityRunOptions = {}): Promise<QualityReport> {
    return this.#client.checkQuality(this.id, options.store === undefined ? {} : { store: options.store });
  }
  async metrics() {
    return (await this.#client.metrics(this.id)).metrics;
  }

  /**
   * The server's metrics of the product, asked once per command (a read of the data, audited there), or null when
   * the caller may not read them: the server answers them only to readers.
   */
  #readerMetrics(): Promise<ServerMetrics | null> {
    this.#metrics ??= this.#client.metrics(this.id).then(
      (answer) => answer.metrics,
      (error: unknown) => {
        if (error instanceof MeshError && (error.code === 'unauthorized' || error.code === 'policy_denied'))
          return null;
        throw error;
      },
    );
    return this.#metrics;
  }

  /** Whether the caller may read the data. */
  async mayRead(): Promise<boolean> {
    return (await this.#readerMetrics()) !== null;
  }

  /** Ingest runs cut short, from the server's metrics of the product. */
  async interruptedIngests() {
    const metrics = await this.#readerMetrics();
    if (metrics === null) {
      throw new MeshError('unauthorized', `you may not read ${this.id}, so its ingest runs are not shown`);
    }
    return [...metrics.interruptedIngests];
  }

  /** The product's segments: statistics, members, and creating and removing them, through the segment routes. */
  segments() {
    return remoteSegments(this.#client, this.id);
  }

  async lineage() {
    return (await this.#client.lineage(this.id)).direct;
  }
  analytics(options: Parameters<DataProduct['analytics']>[0] = {}) {
    if (options.where !== undefined && typeof options.where !== 'string')
      throw remoteUnsupported('analytics with a structured filter');
    return this.#client.analytics(this.id, {
      ...(options.where === undefined ? {} : { filter: options.where }),
      ...(options.segment === undefined ? {} : { segment: options.segment }),
      ...(options.top === undefined ? {} : { top: options.top }),
      ...(options.breakdowns === undefined ? {} : { breakdowns: options.breakdowns }),
    });
  }

  async #transition(t: Parameters<MeshClient['transition']>[1]) {
    const result = await this.#client.transition(this.id, t);
    this.#card = undefined;
    return result;
  }
  publish() {
    return this.#transition({ action: 'publish' });
  }
  deprecate(options: Parameters<DataProduct['deprecate']>[0] = {}) {
    return this.#transition({
      action: 'deprecate',
      ...(options.sunset === undefined ? {} : { sunset: String(options.sunset) }),
      ...(options.reason === undefined ? {} : { reason: options.reason }),
    });
  }
  archive() {
    return this.#transition({ action: 'archive' });
  }

  /** One page of rows; without a limit, every page (the server caps each one). */
  async query(filter?: FilterInput, options: QueryOptions = {}): Promise<QueryResult> {
    const where = expression(filter, 'query');
    const base = {
      ...(where === undefined ? {} : { filter: where }),
      ...(options.columns === undefined ? {} : { columns: options.columns }),
      ...(options.orderBy === undefined ? {} : { order: order(options.orderBy) ?? [] }),
      ...(options.version === undefined ? {} : { version: options.version }),
    };
    const offset = options.offset === undefined ? {} : { offset: options.offset };
    if (options.limit === undefined) {
      const rows: QueryResult['rows'] = [];
      for await (const page of this.#client.pages(this.id, { ...base, ...offset })) rows.push(...page.rows);
      return { rows, nextCursor: null };
    }
    if (options.limit === 0) return { rows: [], nextCursor: null };
    const page = await this.#client.query(this.id, {
      ...base,
      ...offset,
      limit: options.limit,
      ...(options.cursor === undefined ? {} : { cursor: String(options.cursor) }),
    });
    return { rows: page.rows, nextCursor: page.nextCursor };
  }

  /**
   * Ingests a JSON, NDJSON, CSV or Parquet file through the server: read here, on the client's side, and streamed as
   * NDJSON (see {@link ingestFileThroughServer}).
   */
  async ingestFile(
    path: string,
    options: IngestOptions & { format?: RecordFormat; invalidUtf8?: InvalidUtf8Policy } = {},
  ): Promise<IngestResult> {
    return ingestFileThroughServer(this.#client, this.id, (await this.descriptor()).schema, path, options);
  }

  update(filter: FilterInput, changes: Readonly<Record<string, unknown>>) {
    return this.#client.update(this.id, expression(filter, 'update') ?? '', changes);
  }
  remove(filter: FilterInput) {
    return this.#client.remove(this.id, expression(filter, 'remove') ?? '');
  }

  /** Streams the server's export into the file; the server says how many rows it wrote and which it masked. */
  async exportFile(path: string, options: ExportOptions = {}): Promise<ExportResult> {
    const format = options.format ?? (extname(path).slice(1).toLowerCase() || 'csv');
    if (format !== 'csv' && format !== 'ndjson' && format !== 'parquet')
      throw new MeshError('invalid_input', `export format ${format} is not one of csv, ndjson, parquet`);
    const where = expression(options.where, 'export');
    const formulas = options.csvFormulaEscape === false ? { formulaEscape: false } : {};
    const exported = await this.#client.exportStream(this.id, {
      ...(where === undefined ? {} : { filter: where }),
      ...(options.columns === undefined ? {} : { columns: options.columns }),
      ...(options.orderBy === undefined ? {} : { order: order(options.orderBy) ?? [] }),
      ...(options.version === undefined ? {} : { version: options.version }),
      ...formulas,
      format,
    });
    let text = '';
    const keep = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (exported.rows === null && format !== 'parquet') text += chunk.toString('utf8');
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(exported.body as never), keep, createWriteStream(path));
    // A server older than the X-Meshwork-Rows header: count the text file's records.
    const rows =
      exported.rows ??
      (format === 'csv' ? csvRecords(text) : text.split('\n').filter((l) => l.trim() !== '').length);
    const descriptor = await this.descriptor();
    return {
      formulasEscaped: format === 'csv' && options.csvFormulaEscape !== false,
      productId: this.id,
      version: options.version ?? descriptor.version,
      path: resolve(path),
      format,
      rows,
      maskedFields: exported.maskedFields,
    };
  }

  /** The stored ODCS and ODPS documents of the current version, read back through the contract route. */
  async publishedDocuments(): Promise<StoredProductDocument[]> {
    const out: StoredProductDocument[] = [];
    for (const [format, role] of [
      ['odcs', 'contract'],
      ['odps', 'product'],
    ] as const) {
      const doc = await this.#client.contract(this.id, format);
      if (doc.source !== 'stored') continue;
      out.push({
        productId: this.id,
        version: doc.version,
        kind: format,
        role,
        file: `${format === 'odcs' ? 'contract.odcs' : 'product.odps'}.yaml`,
        text: doc.text,
        storedAt: '',
      });
    }
    return out;
  }
}
