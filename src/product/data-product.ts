import { basename } from 'node:path';
import type { AccessLogEntry, AccessLogQuery, Operation } from '../catalog/access-log.ts';
import type { ProductReader } from '../catalog/lineage/impact-analysis.ts';
import { type OutputPort, outputPortsOf } from '../catalog/output-ports.ts';
import type { StoredProductDocument } from '../catalog/product-document-store.ts';
import {
  generationLabel,
  type ProductRecord,
  type ProductVersionEntry,
  parseGeneration,
  storageGeneration,
} from '../catalog/product-registry.ts';
import type { QualityRunSummary } from '../catalog/quality-run-store.ts';
import type { IngestRun } from '../catalog/write-journal.ts';
import { type OpenRecordFileOptions, openRecordFile } from '../connectors/files/open-record-file.ts';
import type { RecordChunks, SourceRecord } from '../connectors/files/record-source.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { PRODUCT_ID_PATTERN } from '../core/descriptor.ts';
import { ContractViolationError, type Issue, MeshError } from '../core/errors.ts';
import type { Filter } from '../core/filter/ast.ts';
import { isEmptyFilter } from '../core/filter/ast.ts';
import { bindFilter } from '../core/filter/bind-filter.ts';
import { formatFilter } from '../core/filter/format-filter.ts';
import { type FilterInput, toFilter } from '../core/filter/to-filter.ts';
import { allowedTransitions, canTransition, type ProductStatus } from '../core/lifecycle.ts';
import type { Lineage, LineageNode } from '../core/lineage.ts';
import type { Scalar } from '../core/schema.ts';
import { compileRecordValidator, type RecordValidator } from '../core/validation/compile-record-validator.ts';
import type { EngineSession, TableColumn } from '../engine/engine.ts';
import { maskRows } from '../governance/masking.ts';
import type { AnalyticsOptions, AnalyticsResult, BreakdownResult } from './analytics/analytics-result.ts';
import { computeAnalytics } from './analytics/compute-analytics.ts';
import { assertDerivedAllowed } from './derived/derived-sql.ts';
import {
  type DerivedStatus,
  derivedStatus,
  type RefreshResult,
  refreshDerivedProduct,
} from './derived/refresh-derived-product.ts';
import { type ExportOptions, type ExportResult, resolveExport, toExportMasks } from './export-options.ts';
import { EXTERNAL_SOURCE_PATTERN } from './external-source.ts';
import { runIngest } from './ingest-pipeline.ts';
import type { IngestOptions, IngestResult } from './ingest-result.ts';
import {
  interruptedIngests,
  runningIngests,
  SHOWN_RUNS,
  startIngestRun,
  unfinishedIngests,
} from './ingest-trail.ts';
import type { LifecycleResult } from './lifecycle-result.ts';
import type { MeshContext } from './mesh-context.ts';
import { ProductGuard } from './product-guard.ts';
import { type ProductMetrics, toDenseUsage, usageSince } from './product-metrics.ts';
import { loadReadableProduct } from './product-record.ts';
import { readPublishedDocuments } from './published-documents.ts';
import { assertContractSqlAllowed } from './quality/assert-contract-sql.ts';
import { maskQualityReport } from './quality/mask-quality-report.ts';
import type { QualityReport, QualityRunOptions, SlaStatus } from './quality/quality-report.ts';
import {
  listQualityRuns,
  measureProductSla,
  readQualityRun,
  runQualityReport,
} from './quality/run-quality-report.ts';
import { nextCursorFor, type QueryOptions, type QueryResult, resolveQuery } from './query-options.ts';
import { ProductSegments } from './segments/product-segments.ts';
import { toTableSpec } from './table-spec.ts';

/** Options for {@link DataProduct.deprecate}. */
/** What `deprecate` recorded: when, the sunset date and the reason (null when not given). */
export interface DeprecationNotice {
  readonly at: string;
  readonly sunset: string | null;
  readonly reason: string | null;
}

export interface DeprecateOptions {
  /** ISO date after which consumers should no longer rely on the product. */
  readonly sunset?: string;
  readonly reason?: string;
}

/** Records per block handed to the ingest pipeline from memory. */
const BLOCK = 8192;

function* fromArray(records: readonly unknown[]): Iterable<readonly SourceRecord[]> {
  for (let start = 0; start < records.length; start += BLOCK) {
    const end = Math.min(records.length, start + BLOCK);
    const block: SourceRecord[] = new Array(end - start);
    for (let i = start; i < end; i++) block[i - start] = { value: records[i] };
    yield block;
  }
}

async function* fromAsync(records: AsyncIterable<unknown>): AsyncIterable<readonly SourceRecord[]> {
  let block: SourceRecord[] = [];
  for await (const value of records) {
    block.push({ value });
    if (block.length >= BLOCK) {
      yield block;
      block = [];
    }
  }
  if (block.length > 0) yield block;
}

/**
 * A data product as a user holds it: ingest, query, update and remove records through its contract,
 * move it through its lifecycle, and read its access log, metrics and lineage.
 */
export class DataProduct {
  readonly id: string;
  readonly #ctx: MeshContext;
  /** Governance: who may change and read this product, masking, policies and lifecycle guards. */
  readonly #guard: ProductGuard;
  #validator: { version: string; validator: RecordValidator } | undefined;

  /** @internal Use `mesh.product(id)` or `mesh.createProduct(spec)`. */
  constructor(ctx: MeshContext, id: string) {
    this.#ctx = ctx;
    this.id = id;
    this.#guard = new ProductGuard(ctx);
  }

  async #record(s: EngineSession = this.#ctx.engine): Promise<ProductRecord> {
    const record = await this.#ctx.registry.find(s, this.id);
    if (!record) throw new MeshError('not_found', `product ${this.id} is not in the catalog`);
    return record;
  }

  /**
   * Starts a read: syncs the per-process catalog cache with the store (one small query, so that a change any handle
   * or process committed before is seen), then loads the product's entry through it. The entry's `lastWriteAt` may be
   * older than the store's (writes of records do not move the generation): use {@link DataProduct.#record} for it.
   */
  async #readRecord(): Promise<ProductRecord> {
    const { cache, engine, registry } = this.#ctx;
    if (cache === undefined) return this.#record();
    await cache.sync(engine);
    const record = await cache.get(`product:${this.id}`, () => registry.find(engine, this.id));
    if (!record) throw new MeshError('not_found', `product ${this.id} is not in the catalog`);
    return record;
  }

  /** Loads the product for a data operation; archived products refuse data access. */
  async #open(operation: Operation): Promise<ProductRecord> {
    const record = operation === 'query' ? await this.#readRecord() : await this.#record();
    if (record.descriptor.status === 'archived') {
      throw new MeshError(
        'conflict',
        `product ${this.id} is archived; archived products refuse ${operation === 'query' ? 'reads' : 'writes'} (its data is kept for audit only)`,
        { details: { productId: this.id, status: 'archived', operation } },
      );
    }
    const derived = record.descriptor.derived;
    if (derived !== undefined && operation !== 'query') {
      throw new MeshError(
        'conflict',
        `product ${this.id} is derived from ${derived.inputs.join(' and ')}: its records are computed by \`meshwork refresh ${this.id}\`, not written directly`,
        { details: { productId: this.id, operation } },
      );
    }
    if (operation !== 'query') await this.#guard.assertWrite(record.descriptor, operation);
    return record;
  }

  /**
   * Loads the product for a read of one storage generation: the one asked for, else the older major a consumer's
   * grant pins (inside its migration window), else the current one. `served` is set when it is not the current one.
   * @throws MeshError `invalid_input` for an unreadable version; `not_found` for a version never published.
   */
  async #openRead(version: string | undefined): Promise<{
    current: ProductDescriptor;
    descriptor: ProductDescriptor;
    tableName: string;
    served?: ProductDescriptor;
  }> {
    const record = await this.#open('query');
    const current = record.descriptor;
    let generation = version === undefined ? undefined : parseGeneration(version);
    if (generation === undefined) {
      const pinned = await this.#guard.pinnedMajor(current);
      if (pinned !== undefined) generation = String(pinned);
    }
    if (generation === undefined || generation === storageGeneration(current.version))
      return { current, descriptor: current, tableName: record.tableName };
    const found = await this.#ctx.registry.findGeneration(this.#ctx.engine, record, generation);
    if (found === undefined || !(await this.#ctx.engine.tableExists(found.tableName))) {
      if (version === undefined) return { current, descriptor: current, tableName: record.tableName };
      const known = [
        ...new Set(
          (await this.#ctx.registry.versions(this.#ctx.engine, this.id)).map((v) =>
            generationLabel(storageGeneration(v.version)),
          ),
        ),
      ];
      throw new MeshError(
        'not_found',
        `${this.id} has no published version ${version} to read; its versions are ${known.join(', ')} (current ${current.version})`,
        { details: { productId: this.id, version, versions: known } },
      );
    }
    return { current, descriptor: found.descriptor, tableName: found.tableName, served: found.descriptor };
  }

  #validatorFor(d: ProductDescriptor, options: { partial?: boolean } = {}): RecordValidator {
    if (options.partial) return compileRecordValidator(d.schema, { partial: true });
    if (this.#validator?.version !== d.version) {
      this.#validator = { version: d.version, validator: compileRecordValidator(d.schema) };
    }
    return this.#validator.validator;
  }

  async #log(
    s: EngineSession,
    d: ProductDescriptor,
    operation: Operation,
    parameters: Record<string, unknown>,
    rowsAffected: number,
  ): Promise<void> {
    await this.#ctx.accessLog.record(s, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      operation,
      productId: d.id,
      productVersion: d.version,
      parameters,
      rowsAffected,
      outcome: 'ok',
      message: null,
    });
  }

  /** Records a successful read: queued for the read trail's next group commit (docs/governance.md). */
  async #logRead(
    d: ProductDescriptor,
    operation: 'query' | 'export',
    parameters: Record<string, unknown>,
    rowsAffected: number,
  ): Promise<void> {
    await this.#ctx.accessLog.recordRead(this.#ctx.engine, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      operation,
      productId: d.id,
      productVersion: d.version,
      parameters,
      rowsAffected,
      outcome: 'ok',
      message: null,
    });
  }

  /**
   * The product's current descriptor from the catalog (through the per-process cache, synced with the store first,
   * so a change committed anywhere before the call is seen).
   */
  async descriptor(): Promise<ProductDescriptor> {
    return (await this.#readRecord()).descriptor;
  }

  /** Every version of the product the catalog has recorded, oldest first, with its state and table. */
  async versions(): Promise<ProductVersionEntry[]> {
    await this.#readRecord();
    return this.#ctx.registry.versionEntries(this.#ctx.engine, this.id);
  }

  /**
   * The output ports consumers read the product through: `default`, serving the current version, and serving each
   * older published major that keeps its table (read with `version`), newest first.
   */
  async outputPorts(): Promise<OutputPort[]> {
    const record = await this.#readRecord();
    const { descriptor, tableName } = record;
    const generations = [
      ...new Set(
        (await this.#ctx.registry.versions(this.#ctx.engine, this.id))
          .filter((v) => v.status !== 'draft' || v.version === descriptor.version)
          .map((v) => storageGeneration(v.version)),
      ),
    ].filter((g) => g !== storageGeneration(descriptor.version));
    const older = [];
    for (const generation of generations.reverse()) {
      const found = await this.#ctx.registry.findGeneration(this.#ctx.engine, record, generation);
      if (found === undefined || !(await this.#ctx.engine.tableExists(found.tableName))) continue;
      older.push({
        version: found.descriptor.version,
        table: found.tableName,
        readAs: generationLabel(generation),
      });
    }
    return outputPortsOf(descriptor, tableName, older);
  }

  /**
   * Validates records against the contract and stores the valid ones, one transaction per batch.
   * Accepts one record, an array, or an async iterable (streamed in batches).
   * @example await product.ingest([{ transaction_id: 'TXN001', amount: 150 }])
   */
  async ingest(records: unknown, options: IngestOptions = {}): Promise<IngestResult> {
    const source: RecordChunks = Array.isArray(records)
      ? fromArray(records)
      : typeof records === 'object' && records !== null && Symbol.asyncIterator in records
        ? fromAsync(records as AsyncIterable<unknown>)
        : fromArray([records]);
    return this.#ingestSource(
      source,
      () => undefined,
      { source: options.sourceLabel ?? (Array.isArray(records) ? 'array' : 'records') },
      options,
    );
  }

  /**
   * Reads a JSON array, NDJSON, CSV or Parquet file and ingests its records; NDJSON, CSV and Parquet are streamed,
   * never loaded whole, and CSV cells are typed to the contract's fields.
   * @throws MeshError `not_found` for a missing file, `invalid_input` for malformed JSON or a non-array document,
   * `contract_violation` (nothing written) for a CSV file without a column for a required field.
   */
  async ingestFile(path: string, options: IngestOptions & OpenRecordFileOptions = {}): Promise<IngestResult> {
    const { descriptor } = await this.#open('ingest');
    const fieldTypes = Object.fromEntries(descriptor.schema.fields.map((f) => [f.name, f.type]));
    const requiredFields = descriptor.schema.fields.filter((f) => f.required).map((f) => f.name);
    const source = await openRecordFile(path, { fieldTypes, requiredFields, ...options });
    return this.#ingestSource(
      source.chunks(),
      () => source.progress(),
      { source: source.description },
      options,
    );
  }

  /**
   * Atomically replaces the records matching `scope` with `records`: in one transaction the matching records are
   * removed and the new ones written. Every new record must pass the contract and keys must be unique, otherwise
   * nothing changes. Connectors use this to refresh what they materialized without ever duplicating it.
   * @throws ContractViolationError listing the refused records; MeshError `invalid_input` for an empty scope.
   */
  async replace(
    scope: FilterInput,
    records: readonly unknown[],
  ): Promise<{ removed: number; inserted: number }> {
    const { descriptor: d, tableName } = await this.#open('ingest');
    const where = this.#requireFilter(d, scope, 'replace');
    const validator = this.#validatorFor(d);
    const table = toTableSpec(d, tableName);
    const rows: unknown[][] = [];
    const issues: Issue[] = [];
    const keyAt = table.primaryKey.map((k) => table.columns.findIndex((c) => c.name === k));
    const seen = new Set<string>();
    records.forEach((record, index) => {
      const checked = validator.validate(record, index);
      if (!checked.ok) {
        issues.push(...checked.issues);
        return;
      }
      if (keyAt.length > 0) {
        const key = JSON.stringify(keyAt.map((i) => checked.row[i]));
        if (seen.has(key)) {
          issues.push({
            path: [index],
            code: 'duplicate_key',
            message: `record ${index} repeats the key ${key}`,
          });
          return;
        }
        seen.add(key);
      }
      rows.push(checked.row);
    });
    if (issues.length > 0) {
      throw new ContractViolationError(
        `replace in ${this.id} refused: ${issues.length} problem(s) in the new records, nothing was changed; first: ${issues[0]?.message ?? ''}`,
        issues,
      );
    }
    return this.#ctx.engine.transaction(async (tx) => {
      const removed = await tx.delete(tableName, where);
      const result = await tx.insertRows(table, rows);
      if (result.duplicateIndexes.length > 0) {
        const i = result.duplicateIndexes[0] as number;
        throw new ContractViolationError(
          `replace in ${this.id} refused: ${result.duplicateIndexes.length} new record(s) collide with stored records outside the scope (first: ${JSON.stringify(keyAt.map((k) => rows[i]?.[k]))}); nothing was changed`,
          result.duplicateIndexes.map((index) => ({
            path: [index],
            code: 'duplicate_key',
            message: 'key is stored outside the replaced scope',
          })),
        );
      }
      const at = this.#ctx.now().toISOString();
      await this.#ctx.registry.touchWrite(tx, this.id, at);
      await this.#log(
        tx,
        d,
        'ingest',
        { mode: 'replace', scope: formatFilter(where), removed, inserted: result.inserted },
        result.inserted,
      );
      return { removed, inserted: result.inserted };
    });
  }

  async #ingestSource(
    source: RecordChunks,
    progress: () => ReturnType<Parameters<typeof runIngest>[3]>,
    parameters: Record<string, unknown>,
    options: IngestOptions,
  ): Promise<IngestResult> {
    const { descriptor: d, tableName } = await this.#open('ingest');
    const table = toTableSpec(d, tableName);
    // Every committed batch writes its own trail (journal row in its transaction, then its access-log and audit
    // entries); the run's summary entry below comes only when the whole ingest returns.
    const run = await startIngestRun(this.#ctx, d, parameters);
    let result: IngestResult;
    try {
      result = await runIngest(
        this.#ctx,
        { descriptor: d, table, validator: this.#validatorFor(d) },
        source,
        progress,
        options,
        run.trail,
      );
    } catch (error) {
      try {
        await run.finish('failed');
      } catch {
        // The store may be what failed (closed, disk full): the ingest's own error is the one to report, and the next
        // open of the store records the run, still marked running, as interrupted.
      }
      throw error;
    }
    // A run stopped by its signal is recorded as interrupted, like one cut short by the process ending. The run's
    // state and its summary entry go in one transaction: one commit less per call, which small writes feel.
    await this.#ctx.engine.transaction(async (tx) => {
      await run.finish(result.interrupted ? 'interrupted' : 'finished', tx);
      await this.#log(
        tx,
        d,
        'ingest',
        {
          ...parameters,
          run: run.runId,
          onExisting: options.onExisting ?? 'reject',
          total: result.total,
          accepted: result.accepted,
          rejected: result.rejectedCount,
          skipped: result.skipped,
          updated: result.updated,
          batches: result.batches,
          ...(result.interrupted ? { interrupted: true } : {}),
        },
        result.accepted,
      );
    });
    return result;
  }

  #bind(d: ProductDescriptor, filter: FilterInput | undefined): Filter {
    return bindFilter(toFilter(filter), d.schema);
  }

  /**
   * Reads records matching a filter (`{ region: 'Europe' }`, `"amount > 100 and region = 'Europe'"`, or a Filter tree).
   * @throws MeshError `invalid_input` for unknown fields or malformed filters; `conflict` when archived.
   */
  async query(filter?: FilterInput, options: QueryOptions = {}): Promise<QueryResult> {
    const { current, descriptor: d, tableName, served } = await this.#openRead(options.version);
    const where = this.#bind(d, filter);
    const plan = resolveQuery(d, options);
    const asked =
      options.orderBy === undefined ? 0 : Array.isArray(options.orderBy) ? options.orderBy.length : 1;
    const access = await this.#guard.read(
      current,
      'query',
      {
        filter: where,
        // A cursor carries the values of every order field, the key included: keyset paging on a masked field is refused.
        orderBy: plan.orderBy
          .slice(0, options.cursor === undefined ? asked : plan.orderBy.length)
          .map((o) => o.column),
      },
      served,
    );
    const rows = await this.#ctx.engine.select(tableName, {
      columns: plan.columns,
      where,
      orderBy: plan.orderBy,
      ...(plan.limit === undefined ? {} : { limit: plan.limit }),
      ...(plan.offset === undefined ? {} : { offset: plan.offset }),
      ...(plan.after === undefined ? {} : { after: plan.after }),
    });
    const nextCursor = plan.orderBy.some((o) => access.masked.has(o.column))
      ? null
      : nextCursorFor(plan, rows);
    if (plan.hidden.length > 0) for (const r of rows) for (const h of plan.hidden) delete r[h];
    maskRows(rows, access.masked, access.maskingKey);
    await this.#logRead(
      d,
      'query',
      {
        filter: isEmptyFilter(where) ? null : formatFilter(where),
        ...(options.columns ? { columns: options.columns } : {}),
        ...(options.orderBy ? { orderBy: options.orderBy } : {}),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.offset === undefined ? {} : { offset: options.offset }),
        ...(options.cursor === undefined ? {} : { cursor: true }),
        ...(served === undefined ? {} : { version: served.version }),
      },
      rows.length,
    );
    return { rows, nextCursor };
  }

  /**
   * Counts the records matching a filter (all records without one); logged as a `query` access like any read.
   * @throws MeshError `unauthorized` without read access; `policy_denied` for a filter on a field masked for the reader.
   */
  async count(filter?: FilterInput, options: { readonly version?: string } = {}): Promise<number> {
    const { current, descriptor: d, tableName, served } = await this.#openRead(options.version);
    const where = this.#bind(d, filter);
    await this.#guard.read(current, 'query', { filter: where }, served);
    const n = await this.#ctx.engine.count(tableName, where);
    await this.#logRead(
      d,
      'query',
      {
        count: true,
        filter: isEmptyFilter(where) ? null : formatFilter(where),
        ...(served === undefined ? {} : { version: served.version }),
      },
      0,
    );
    return n;
  }

  /**
   * Writes the records matching a filter to a CSV, NDJSON or Parquet file (replacing it); the engine streams the rows,
   * so memory does not grow with the product. PII fields the reader may not see are written masked, as `query` shows
   * them. In CSV, text cells that a spreadsheet would run as a formula get a leading `'` unless `csvFormulaEscape` is
   * `false`. Logged as an `export` access.
   * @throws MeshError `conflict` when archived; `invalid_input` for a bad filter, field, order or format; `not_found`
   * when the file's folder does not exist; `unauthorized`/`policy_denied` when the reader may not read it.
   * @example await sales.exportFile('europe.parquet', { where: "region = 'Europe'" })
   */
  async exportFile(path: string, options: ExportOptions = {}): Promise<ExportResult> {
    const { current, descriptor: d, tableName, served } = await this.#openRead(options.version);
    const plan = resolveExport(d, path, options);
    const where = this.#bind(d, options.where);
    const access = await this.#guard.read(
      current,
      'export',
      { filter: where, orderBy: plan.orderBy.map((o) => o.column) },
      served,
    );
    const masks = toExportMasks(access.masked, plan.columns, access.maskingKey);
    const rows = await this.#ctx.engine.exportTo(
      tableName,
      { columns: plan.columns, where, orderBy: plan.orderBy, masks, escapeFormulas: plan.escapeFormulas },
      plan.path,
      plan.format,
    );
    const maskedFields = Object.fromEntries([...access.masked].filter(([name]) => masks.has(name)));
    await this.#logRead(
      d,
      'export',
      {
        format: plan.format,
        file: basename(plan.path),
        filter: isEmptyFilter(where) ? null : formatFilter(where),
        ...(options.columns ? { columns: options.columns } : {}),
        ...(Object.keys(maskedFields).length > 0 ? { masked: Object.keys(maskedFields) } : {}),
        ...(plan.format === 'csv' && !plan.escapeFormulas ? { csvFormulaEscape: false } : {}),
        ...(served === undefined ? {} : { version: served.version }),
      },
      rows,
    );
    return {
      productId: d.id,
      version: d.version,
      path: plan.path,
      format: plan.format,
      rows,
      maskedFields,
      formulasEscaped: plan.escapeFormulas,
    };
  }

  #requireFilter(d: ProductDescriptor, filter: FilterInput | undefined, operation: string): Filter {
    const where = this.#bind(d, filter);
    if (isEmptyFilter(where)) {
      throw new MeshError(
        'invalid_input',
        `${operation} needs a filter naming the records to change; an empty filter is refused so that no call changes everything by accident`,
      );
    }
    return where;
  }

  /**
   * Changes fields on the records matching a non-empty filter; changes are validated against the contract.
   * @throws MeshError `invalid_input` for an empty filter or a key change; ContractViolationError for invalid changes.
   */
  async update(filter: FilterInput, changes: Readonly<Record<string, unknown>>): Promise<number> {
    const { descriptor: d, tableName } = await this.#open('update');
    const where = this.#requireFilter(d, filter, 'update');
    // A key set to undefined is absent, as in JSON; binding it would fail in the engine.
    const names = Object.keys(changes).filter((n) => changes[n] !== undefined);
    if (names.length === 0) throw new MeshError('invalid_input', 'update needs at least one field to change');
    const keyChanges = names.filter((n) => d.schema.primaryKey.includes(n));
    if (keyChanges.length > 0) {
      throw new MeshError(
        'invalid_input',
        `update cannot change the primary key (${keyChanges.join(', ')}); remove the record and ingest it again instead`,
      );
    }
    const checked = this.#validatorFor(d, { partial: true }).validate(changes, 0);
    if (!checked.ok) {
      const issues = checked.issues.map((i) => ({ ...i, path: ['changes', ...i.path.slice(1)] }));
      throw new ContractViolationError(
        `update of ${this.id} refused: ${issues.map((i) => i.message).join('; ')}`,
        issues,
      );
    }
    const set: { column: TableColumn; value: Scalar }[] = [];
    d.schema.fields.forEach((f, i) => {
      if (Object.hasOwn(changes, f.name) && changes[f.name] !== undefined) {
        set.push({
          column: { name: f.name, type: f.type, notNull: f.required },
          value: checked.row[i] as Scalar,
        });
      }
    });
    const ruleChecks = d.schema.rules.map((r) => ({
      rule: r,
      filter: bindFilter(toFilter(r.check), d.schema),
    }));
    return this.#ctx.engine.transaction(async (tx) => {
      const n = await tx.update(tableName, where, set);
      for (const { rule, filter: ok } of ruleChecks) {
        // A rule holds only where its check is true: rows where it is false or unknown (null) both break it.
        const broken = (await tx.count(tableName)) - (await tx.count(tableName, ok));
        if (broken > 0) {
          throw new ContractViolationError(
            `update of ${this.id} refused: it would break rule ${rule.name} (${rule.check}) on ${broken} record(s)`,
            [
              {
                path: ['changes'],
                code: 'rule',
                message: `rule ${rule.name} (${rule.check}) would fail on ${broken} record(s)`,
              },
            ],
          );
        }
      }
      if (n > 0) await this.#ctx.registry.touchWrite(tx, this.id, this.#ctx.now().toISOString());
      await this.#log(tx, d, 'update', { filter: formatFilter(where), fields: names }, n);
      return n;
    });
  }

  /**
   * Removes the records matching a non-empty filter and returns how many were removed.
   * @throws MeshError `invalid_input` for an empty filter.
   */
  async remove(filter: FilterInput): Promise<number> {
    const { descriptor: d, tableName } = await this.#open('remove');
    const where = this.#requireFilter(d, filter, 'remove');
    return this.#ctx.engine.transaction(async (tx) => {
      const n = await tx.delete(tableName, where);
      if (n > 0) await this.#ctx.registry.touchWrite(tx, this.id, this.#ctx.now().toISOString());
      await this.#log(tx, d, 'remove', { filter: formatFilter(where) }, n);
      return n;
    });
  }

  async #transition(
    to: ProductStatus,
    operation: Operation,
    checks: (d: ProductDescriptor) => { reasons: string[]; warnings: string[] },
    parameters: { sunset?: string; reason?: string } = {},
  ): Promise<LifecycleResult> {
    const outcome = await this.#ctx.engine.transaction(
      async (tx): Promise<{ result: LifecycleResult } | { refused: MeshError; d: ProductDescriptor }> => {
        const { descriptor: d } = await this.#record(tx);
        const from = d.status;
        const reasons: string[] = [];
        if (!canTransition(from, to)) {
          const allowed = allowedTransitions(from);
          reasons.push(
            `a ${from} product cannot become ${to}${allowed.length > 0 ? `; from ${from} it may become ${allowed.join(' or ')}` : `; ${from} is final`}`,
          );
        }
        // Who may change it first, then the guards (only for an allowed transition) and, to publish, the policies.
        const gate = await this.#guard.transition(tx, d, to, parameters, reasons.length === 0);
        if (gate instanceof MeshError) return { refused: gate, d };
        const checked = checks(d);
        reasons.push(...checked.reasons, ...gate.reasons);
        if (reasons.length > 0) {
          return { result: { ok: false, from, status: from, reasons, warnings: checked.warnings } };
        }
        const next: ProductDescriptor = { ...d, status: to, updatedAt: this.#ctx.now().toISOString() };
        await this.#ctx.registry.update(tx, next);
        await this.#log(tx, next, operation, { from, to, ...parameters }, 0);
        await this.#guard.after(tx, next, gate, parameters);
        return {
          result: {
            ok: true,
            from,
            status: to,
            reasons: [],
            warnings: [...checked.warnings, ...gate.warnings],
          },
        };
      },
    );
    if ('refused' in outcome) return this.#guard.deny(outcome.d, operation, outcome.refused);
    return outcome.result;
  }

  /**
   * Publishes the product when its lifecycle guards pass (name, version, domain, owner, at least one field, a passing
   * quality run); otherwise says why not. The quality checks run first, on the data as it is now, and the run is kept
   * in the history: a product with failing data cannot be published, one with no data yet can. Every publish policy
   * is evaluated: warnings are returned and recorded.
   * @throws PolicyViolationError (`policy_denied`) listing every blocking violation; MeshError `unauthorized` unless
   * a platform admin or an owner of the product's domain.
   */
  async publish(): Promise<LifecycleResult> {
    const { descriptor } = await this.#record();
    // A derived product is published only by someone who may read all it reads, with SQL the guard allows.
    if (canTransition(descriptor.status, 'published') && this.#guard.mayManage(descriptor)) {
      await assertDerivedAllowed(this.#ctx, this.#guard, descriptor, 'publish');
      // And so are its contract's SQL quality checks (stored with a draft made before the guard checked them).
      await assertContractSqlAllowed(this.#ctx, descriptor, await this.publishedDocuments(), 'publish');
    }
    // Only for a move that may happen, by someone who may make it: a refused publish changes nothing.
    if (canTransition(descriptor.status, 'published') && this.#guard.mayManage(descriptor))
      await runQualityReport(this.#ctx, this.id);
    // Name, version, domain, owner, fields and the quality run are lifecycle guards (governance/lifecycle-guards.ts).
    return this.#transition('published', 'publish', (d) => {
      const reasons: string[] = [];
      const warnings =
        d.qualityLevel === 'bronze'
          ? ['publishing at bronze quality level: consumers get raw, unvalidated data']
          : [];
      return { reasons, warnings };
    });
  }

  /**
   * Marks the product deprecated: consumers should move off it before the sunset date, which is required; every
   * consumer holding an active grant is notified.
   */
  deprecate(options: DeprecateOptions = {}): Promise<LifecycleResult> {
    return this.#transition(
      'deprecated',
      'deprecate',
      // The sunset date is a lifecycle guard (governance/lifecycle-guards.ts); consumers with a grant are notified.
      () => ({ reasons: [], warnings: [] }),
      {
        ...(options.sunset ? { sunset: options.sunset } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      },
    );
  }

  /**
   * The notice of the product's deprecation — when, the sunset date and the reason given to `deprecate` — or null
   * while it is not deprecated (or archived after a deprecation). Catalog metadata: readable by anyone who can see
   * the product, like its status.
   */
  async deprecation(): Promise<DeprecationNotice | null> {
    const { descriptor } = await this.#readRecord();
    if (descriptor.status !== 'deprecated' && descriptor.status !== 'archived') return null;
    const entries = await this.#ctx.accessLog.list(this.#ctx.engine, {
      productId: this.id,
      operation: 'deprecate',
      limit: 20,
    });
    const done = entries.find((e) => e.outcome === 'ok');
    if (done === undefined) return null;
    const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
    return { at: done.at, sunset: text(done.parameters.sunset), reason: text(done.parameters.reason) };
  }

  /** Archives the product: its data is kept but no longer read or written; refused while consumers hold active grants. */
  archive(): Promise<LifecycleResult> {
    return this.#transition('archived', 'archive', () => ({ reasons: [], warnings: [] }));
  }

  /**
   * Who reads this product most (successful `query` and `export` entries of its access log), with their read count
   * and last read, most reads first: what an owner looks at before a change. Other readers are not shown who else
   * reads it.
   * @throws MeshError `unauthorized` unless a platform admin or an owner of the product's domain.
   */
  async topConsumers(limit = 10): Promise<ProductReader[]> {
    await this.#guard.assertOwner((await this.#record()).descriptor, 'log');
    const n = Math.max(1, Math.min(100, Math.trunc(limit)));
    const readers = await this.#ctx.accessLog.readers(this.#ctx.engine, [this.id]);
    return (readers.get(this.id) ?? []).slice(0, n);
  }

  /**
   * Reads this product's access log entries, newest first unless asked otherwise.
   * @throws MeshError `unauthorized` unless a platform admin or an owner of the product's domain.
   */
  async accessLog(query: Omit<AccessLogQuery, 'productId'> = {}): Promise<AccessLogEntry[]> {
    await this.#guard.assertOwner((await this.#record()).descriptor, 'log');
    return this.#ctx.accessLog.list(this.#ctx.engine, { ...query, productId: this.id });
  }

  /**
   * Tells how the acting principal reads this product: as an admin, an owner or through a grant, and which fields it
   * sees masked (exports and other readers mask the same fields as `query`).
   * @throws MeshError `unauthorized` when it may not read the product.
   */
  async readAccess(): Promise<{
    via: 'admin' | 'owner' | 'grant';
    grantId: number | null;
    maskedFields: Readonly<Record<string, 'redact' | 'hash'>>;
    migration: { pinnedMajor: number; currentMajor: number; windowEndsAt: string } | null;
  }> {
    const access = await this.#guard.read((await this.#readRecord()).descriptor, 'query');
    return {
      via: access.via,
      grantId: access.grant?.id ?? null,
      maskedFields: Object.fromEntries(access.masked),
      migration: access.migration ?? null,
    };
  }

  /**
   * Tells whether the acting principal may read this product's data now (as an admin, an owner or through an active
   * grant, with the `access` policies passing). Nothing is read, so nothing is logged.
   */
  async mayRead(): Promise<boolean> {
    return this.#guard.mayRead((await this.#readRecord()).descriptor);
  }

  /**
   * This product's ingest runs that were cut short (Ctrl-C, a killed or crashed process), newest first, with the
   * batches and rows each committed: what `metrics().interruptedIngests` reports, read from the catalog's run records
   * alone, so nothing of the data is read and nothing is logged. For readers, like the figures of `metrics`. On a store
   * file opened read-only, a run still marked running is reported as interrupted: no process can be writing while the
   * file is open read-only, so its process died, and the next handle that may write records it so.
   * @throws MeshError `unauthorized` when the acting principal may not read the product's data.
   */
  async interruptedIngests(): Promise<IngestRun[]> {
    const { descriptor } = await this.#readRecord();
    if (!(await this.#guard.mayRead(descriptor))) {
      throw new MeshError(
        'unauthorized',
        `${this.#ctx.actor} may not read ${this.id}, so its ingest runs are not shown; request access with \`meshwork access request ${this.id} --purpose "…"\``,
      );
    }
    const engine = this.#ctx.engine;
    const runs = await unfinishedIngests(engine, this.id);
    const cutShort = runs.filter((r) => r.state === 'interrupted').slice(0, SHOWN_RUNS);
    if (!(engine.readOnly && engine.capabilities.localFile) || !runs.some((r) => r.state === 'running')) {
      return cutShort;
    }
    // Runs still marked running: what the journal holds for them is what they committed.
    const running = (await runningIngests(engine, this.id)).map((r) => ({
      ...r,
      state: 'interrupted' as const,
    }));
    return [...running, ...cutShort]
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .slice(0, SHOWN_RUNS);
  }

  /**
   * Usage and state figures: records, accesses by operation, freshness against the SLA. They are computed from the
   * product's data, so reading them needs read access like `query`; the read is audited as `product.metrics`.
   * @throws MeshError `unauthorized` without read access (an archived product's figures stay readable to its owners).
   */
  async metrics(): Promise<ProductMetrics> {
    await this.#ctx.cache?.sync(this.#ctx.engine);
    const { descriptor: d, tableName, lastWriteAt } = await this.#record();
    await this.#guard.readFigures(d, 'metrics');
    const { engine, accessLog } = this.#ctx;
    const now = this.#ctx.now();
    // Independent reads, run at once: they go to the engine's read connections, beside the flush of this handle's
    // queued read entries that the usage figures wait for (both share that one flush).
    const [totalRecords, accessesByOperation, usage, interrupted] = await Promise.all([
      engine.count(tableName),
      accessLog.counts(engine, this.id),
      accessLog.byDay(engine, this.id, usageSince(now)),
      interruptedIngests(engine, this.id),
    ]);
    const totalAccesses = Object.values(accessesByOperation).reduce((a, b) => a + b, 0);
    const byDay = toDenseUsage(usage, now);
    const ageMinutes =
      lastWriteAt === null ? null : Math.max(0, (now.getTime() - Date.parse(lastWriteAt)) / 60_000);
    const maxMinutes = d.sla.freshnessMinutes ?? null;
    await this.#guard.recordRead(d, 'metrics');
    return {
      productId: d.id,
      version: d.version,
      status: d.status,
      qualityLevel: d.qualityLevel,
      sla: d.sla,
      totalRecords,
      accessesByOperation,
      totalAccesses,
      interruptedIngests: interrupted,
      freshness: {
        lastWriteAt,
        ageMinutes: ageMinutes === null ? null : Math.round(ageMinutes * 100) / 100,
        maxMinutes,
        stale: maxMinutes === null ? null : ageMinutes === null || ageMinutes > maxMinutes,
      },
      byDay,
    };
  }

  async #node(id: string, linkedAt: string): Promise<LineageNode> {
    if (!PRODUCT_ID_PATTERN.test(id)) return { id, kind: 'external', linkedAt };
    // Through the catalog cache, which lineage() synced first.
    const { cache, engine, registry } = this.#ctx;
    const load = () => registry.find(engine, id);
    const record = cache === undefined ? await load() : await cache.get(`product:${id}`, load);
    if (!record) return { id, kind: 'product', linkedAt };
    const d = record.descriptor;
    return {
      id,
      kind: 'product',
      domain: d.domain,
      owner: d.owner,
      version: d.version,
      status: d.status,
      description: d.description,
      linkedAt,
    };
  }

  /** The products (and external sources) this product reads from, and the products reading from it. */
  async lineage(): Promise<Lineage> {
    await this.#readRecord();
    const upstream = await this.#ctx.lineage.into(this.#ctx.engine, this.id);
    const downstream = await this.#ctx.lineage.outOf(this.#ctx.engine, this.id);
    return {
      productId: this.id,
      upstream: await Promise.all(upstream.map((e) => this.#node(e.from, e.createdAt))),
      downstream: await Promise.all(downstream.map((e) => this.#node(e.to, e.createdAt))),
    };
  }

  async #link(from: string, to: string, description?: string): Promise<boolean> {
    const other = from === this.id ? to : from;
    if (other === this.id) throw new MeshError('invalid_input', `product ${this.id} cannot depend on itself`);
    await this.#guard.assertWrite((await this.#record()).descriptor, 'lineage');
    return this.#ctx.engine.transaction(async (tx) => {
      const { descriptor: d } = await this.#record(tx);
      if (PRODUCT_ID_PATTERN.test(other) && !(await this.#ctx.registry.find(tx, other))) {
        throw new MeshError(
          'not_found',
          `product ${other} is not in the catalog; create it first, or name an external source as "scheme:location"`,
        );
      }
      if (!PRODUCT_ID_PATTERN.test(other) && !EXTERNAL_SOURCE_PATTERN.test(other)) {
        throw new MeshError(
          'invalid_input',
          `"${other}" is neither a product id (domain.name) nor an external source (scheme:location)`,
        );
      }
      const at = this.#ctx.now().toISOString();
      const added = await this.#ctx.lineage.add(tx, {
        from,
        to,
        createdAt: at,
        ...(description ? { description } : {}),
      });
      await this.#log(tx, d, 'lineage', { from, to, added }, 0);
      return added;
    });
  }

  /** Records that this product consumes `source` (a product id or an external `scheme:location`). */
  addUpstream(source: string, description?: string): Promise<boolean> {
    return this.#link(source, this.id, description);
  }

  /** Records that product `consumer` consumes this product. */
  addDownstream(consumer: string, description?: string): Promise<boolean> {
    return this.#link(this.id, consumer, description);
  }

  /**
   * Computes the product's declared measures and breakdowns in the engine, over all records, a filter or a segment.
   * @throws MeshError `invalid_input` for a bad filter or top, `not_found` for an unknown segment or breakdown.
   * @example (await sales.analytics({ top: 3 })).measures // [{ name: 'total_revenue', value: 895.75, … }, …]
   */
  async analytics(options: AnalyticsOptions = {}): Promise<AnalyticsResult> {
    const record = await loadReadableProduct(this.#ctx, this.id);
    const d = record.descriptor;
    // Figures over masked fields (min/max, group keys, filters) would reveal PII: refused for readers without PII.
    await this.#guard.read(d, 'query', await this.#guard.analyticsUse(d, options));
    const result = await computeAnalytics(this.#ctx, record, options);
    await this.#logRead(
      d,
      'query',
      {
        analytics: {
          ...(options.breakdowns === undefined ? {} : { breakdowns: options.breakdowns }),
          ...(options.where === undefined ? {} : { where: formatFilter(this.#bind(d, options.where)) }),
          ...(options.segment === undefined ? {} : { segment: options.segment }),
          ...(options.top === undefined ? {} : { top: options.top }),
        },
      },
      0,
    );
    return result;
  }

  /**
   * Computes one declared breakdown, e.g. `revenue_by_region`: a shortcut for `analytics({ breakdowns: [name] })`.
   * @throws MeshError `not_found` when the product declares no such breakdown.
   */
  async breakdown(
    name: string,
    options: Omit<AnalyticsOptions, 'breakdowns'> = {},
  ): Promise<BreakdownResult> {
    const result = await this.analytics({ ...options, breakdowns: [name] });
    const [found] = result.breakdowns;
    if (found === undefined) throw new Error(`breakdown ${name} of ${this.id} was computed but not returned`);
    return found;
  }

  /**
   * The product's segments: declared in its contract or created in the catalog, evaluated afresh on every read. Their
   * counts and members are read under the same access rules as `query`; creating and removing them is for owners.
   */
  segments(): ProductSegments {
    return new ProductSegments(this.#ctx, this.id, {
      members: (filter, options) => this.query(filter, options),
      guard: this.#guard,
    });
  }

  /**
   * Checks the stored records against the contract (completeness, key uniqueness, validity), compares them with the
   * SLA, derives the quality level they earn and keeps the run in the history.
   * @throws MeshError `conflict` when the product is archived.
   */
  async checkQuality(options: QualityRunOptions = {}): Promise<QualityReport> {
    await this.#guard.assertOwner((await this.#record()).descriptor, 'quality');
    return runQualityReport(this.#ctx, this.id, options);
  }

  /** Lists the stored quality runs, newest first. */
  async qualityHistory(limit = 20): Promise<QualityRunSummary[]> {
    await this.#readRecord();
    return listQualityRuns(this.#ctx, this.id, limit);
  }

  /**
   * Reads one stored quality run's full report. It lists keys of duplicate and failing records, so it needs read
   * access like `query`; key fields masked for the reader are masked in it. The read is audited as
   * `product.quality_report`.
   * @throws MeshError `not_found` when there is no such run; `unauthorized` without read access.
   */
  async qualityRun(runId: number): Promise<QualityReport> {
    const { descriptor: d } = await this.#readRecord();
    const access = await this.#guard.readFigures(d, 'quality_report');
    const report = maskQualityReport(
      await readQualityRun(this.#ctx, this.id, runId),
      access.masked,
      access.maskingKey,
    );
    await this.#guard.recordRead(d, 'quality_report', { runId });
    return report;
  }

  /** Measures the SLA now: freshness from the last write, completeness and accuracy from the latest quality run. */
  slaStatus(): Promise<SlaStatus> {
    return measureProductSla(this.#ctx, this.id);
  }

  /**
   * Recomputes a derived product from its input products (see the descriptor's `derived` section).
   * @throws MeshError `invalid_input` when the product is not derived; ContractViolationError when the result breaks it.
   */
  async refresh(): Promise<RefreshResult> {
    const { descriptor } = await this.#record();
    await this.#guard.assertWrite(descriptor, 'refresh');
    await assertDerivedAllowed(this.#ctx, this.#guard, descriptor, 'refresh');
    return refreshDerivedProduct(this.#ctx, this.id);
  }

  /** Tells whether a derived product is behind its inputs. */
  derivedStatus(): Promise<DerivedStatus> {
    return derivedStatus(this.#ctx, this.id);
  }

  /**
   * The ODCS and ODPS documents a version (default: the current one) was published from, byte for byte; empty when
   * it was published from a spec alone.
   * @throws MeshError `not_found` for a version the catalog never recorded.
   */
  publishedDocuments(version?: string): Promise<StoredProductDocument[]> {
    return readPublishedDocuments(this.#ctx, this.id, version);
  }
}
