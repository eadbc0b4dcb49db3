import type { ProductRecord } from '../../catalog/product-registry.ts';
import { SQL_TYPES } from '../../contract/to-sql-ddl.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { ContractViolationError, type Issue, MeshError } from '../../core/errors.ts';
import type { Scalar } from '../../core/schema.ts';
import {
  canIsolate,
  type EngineSession,
  type IsolatingEngine,
  type TransactionOptions,
} from '../../engine/engine.ts';
import { quoteAnsiIdent } from '../../engine/sql/sql-dialect.ts';
import type { MeshContext } from '../mesh-context.ts';
import { measureValidityCheck } from '../quality/measure-validity-check.ts';
import { compileContractChecks } from '../quality/quality-checks.ts';
import { toTableSpec } from '../table-spec.ts';
import { userSqlDeadline } from '../user-sql-deadline.ts';
import { checkDerivedSql } from './derived-sql.ts';

/** An input product as a refresh read it. */
export interface DerivedInput {
  readonly id: string;
  readonly version: string;
  /** ISO time of the input's last successful write, or null when never written. */
  readonly lastWriteAt: string | null;
  readonly records: number;
}

/** What a refresh did. */
export interface RefreshResult {
  readonly productId: string;
  readonly version: string;
  /** ISO time of the refresh (also the product's new last write time). */
  readonly refreshedAt: string;
  /** Records before the refresh. */
  readonly previousRecords: number;
  /** Records the transformation wrote (they replace all earlier ones). */
  readonly records: number;
  readonly inputs: readonly DerivedInput[];
}

/** Whether a derived product is behind its inputs. */
export interface DerivedStatus {
  readonly productId: string;
  /** ISO time of the last refresh, or null when never refreshed. */
  readonly refreshedAt: string | null;
  readonly inputs: readonly DerivedInput[];
  /** True when never refreshed, or when an input was written after the last refresh. */
  readonly stale: boolean;
  /** The inputs written since the last refresh. */
  readonly changedInputs: readonly string[];
}

function derivedOf(record: ProductRecord): NonNullable<ProductDescriptor['derived']> {
  const derived = record.descriptor.derived;
  if (derived === undefined) {
    throw new MeshError(
      'invalid_input',
      `product ${record.descriptor.id} is not derived, so there is nothing to refresh; load its data with \`meshwork ingest\`, or declare a derived section (SQL over input products)`,
      { details: { productId: record.descriptor.id } },
    );
  }
  return derived;
}

async function readInputs(
  ctx: MeshContext,
  s: EngineSession,
  record: ProductRecord,
): Promise<{ inputs: DerivedInput[]; records: ProductRecord[] }> {
  const inputs: DerivedInput[] = [];
  const records: ProductRecord[] = [];
  for (const id of derivedOf(record).inputs) {
    const input = await ctx.registry.find(s, id);
    if (!input) {
      throw new MeshError(
        'not_found',
        `input product ${id} of ${record.descriptor.id} is not in the catalog; create it first`,
        {
          details: { productId: record.descriptor.id, input: id },
        },
      );
    }
    if (input.descriptor.status === 'archived') {
      throw new MeshError(
        'conflict',
        `input product ${id} of ${record.descriptor.id} is archived; its data may no longer be read`,
        {
          details: { productId: record.descriptor.id, input: id },
        },
      );
    }
    // Table names come from the catalog (built from validated ids), never from the SQL's author.
    records.push(input);
    inputs.push({
      id,
      version: input.descriptor.version,
      lastWriteAt: input.lastWriteAt,
      records: await s.count(input.tableName),
    });
  }
  return { inputs, records };
}

/**
 * The select list that reads the transformation's result (`mw_src`) as the product's fields, each cast to its
 * contract type: an untyped `NULL AS x` or a text literal becomes the column's type on every engine.
 */
function castToFields(d: ProductDescriptor): string {
  return d.schema.fields
    .map((f) => `CAST(mw_src.${quoteAnsiIdent(f.name)} AS ${SQL_TYPES[f.type]}) AS ${quoteAnsiIdent(f.name)}`)
    .join(', ');
}

/**
 * Runs a transformation the guard allowed in an isolated store (no file access, no platform tables) over copies of
 * its inputs' tables, under their own names, and returns its rows in the order of the product's fields.
 */
async function runIsolated(
  engine: IsolatingEngine,
  tx: EngineSession,
  inputs: readonly ProductRecord[],
  source: string,
  d: ProductDescriptor,
  deadline: TransactionOptions,
): Promise<Scalar[][]> {
  const isolated = await engine.openIsolated();
  try {
    for (const input of inputs) {
      const spec = toTableSpec(input.descriptor, input.tableName);
      await isolated.createTable(spec);
      const rows = await tx.select(input.tableName, { columns: spec.columns });
      await isolated.insertRows(
        spec,
        rows.map((r) => spec.columns.map((c) => r[c.name] ?? null)),
        { assumeNew: true },
      );
    }
    const rows = await isolated.transaction(
      (t) => t.query(`SELECT ${castToFields(d)} FROM (${source}\n) AS mw_src`),
      deadline,
    );
    return rows.map((r) => d.schema.fields.map((f) => r[f.name] ?? null));
  } finally {
    await isolated.close();
  }
}

/** Re-raises an engine failure of the transformation as the user error it is. */
function transformationError(d: ProductDescriptor, error: unknown): MeshError {
  if (error instanceof MeshError && error.code !== 'internal' && error.code !== 'conflict') return error;
  const reason = error instanceof Error ? error.message.replace(/^running a statement: /, '') : String(error);
  const columns = d.schema.fields.map((f) => f.name).join(', ');
  if (error instanceof MeshError && error.code === 'conflict') {
    return new ContractViolationError(
      `refresh of ${d.id} refused: the transformation's rows break the table's constraints (${reason}); each ${d.schema.primaryKey.join(', ') || 'row'} must be unique and required fields must have values`,
      [{ path: ['derived', 'sql'], code: 'constraint', message: reason }],
      { cause: error },
    );
  }
  return new MeshError(
    'invalid_input',
    `the transformation of ${d.id} failed: ${reason}; its query must return the columns ${columns}`,
    { cause: error, details: { productId: d.id } },
  );
}

/**
 * Recomputes a derived product from its inputs in one transaction: runs its declared SQL (input placeholders resolved
 * to the inputs' tables by the platform), replaces every record with the result, checks the result against the
 * contract's rules and constraints in SQL, and records the write, the lineage from each input and an access-log entry.
 * Nothing changes when any step fails.
 * @throws MeshError `invalid_input` when the product is not derived or the SQL fails, `not_found`/`conflict` for a
 * missing or archived input; ContractViolationError when the result breaks the contract.
 * @example await refreshDerivedProduct(ctx, 'sales.customer_revenue')
 */
export async function refreshDerivedProduct(ctx: MeshContext, productId: string): Promise<RefreshResult> {
  // The whole refresh, and the query in its isolated store, are bounded by the time limit for user-written SQL.
  const deadline = userSqlDeadline(ctx.userSqlTimeoutMs);
  try {
    return await refreshWithin(ctx, productId, deadline.options);
  } finally {
    deadline.done();
  }
}

async function refreshWithin(
  ctx: MeshContext,
  productId: string,
  deadline: TransactionOptions,
): Promise<RefreshResult> {
  return ctx.engine.transaction(async (tx) => {
    const record = await ctx.registry.find(tx, productId);
    if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
    const d = record.descriptor;
    derivedOf(record);
    if (d.status === 'archived') {
      throw new MeshError('conflict', `product ${productId} is archived; archived products refuse writes`);
    }
    const { inputs, records: inputRecords } = await readInputs(ctx, tx, record);
    const target = quoteAnsiIdent(record.tableName);
    // No user SQL runs before the guard has read its parse tree; the tables it reads go to the access log.
    const { sql: source, tables: read } = await checkDerivedSql(tx, d, inputRecords, 'refresh');
    const previousRecords = await tx.count(record.tableName);
    let records: number;
    try {
      if (canIsolate(ctx.engine)) {
        // Second wall: the SQL runs in a store of its own with no file access, over copies of its inputs only.
        const rows = await runIsolated(ctx.engine, tx, inputRecords, source, d, deadline);
        await tx.execute(`DELETE FROM ${target}`);
        records = (await tx.insertRows(toTableSpec(d, record.tableName), rows, { assumeNew: true })).inserted;
      } else {
        // The SQL runs in a read-only transaction of its own, beside this one (which has written nothing yet).
        const result = await ctx.engine.transaction(
          (t) => t.query(`SELECT ${castToFields(d)} FROM (${source}\n) AS mw_src`),
          { ...deadline, readOnly: true },
        );
        const rows = result.map((r) => d.schema.fields.map((f) => r[f.name] ?? null));
        await tx.execute(`DELETE FROM ${target}`);
        records = (await tx.insertRows(toTableSpec(d, record.tableName), rows, { assumeNew: true })).inserted;
      }
    } catch (error) {
      throw transformationError(d, error);
    }
    const issues: Issue[] = [];
    for (const check of compileContractChecks(d.schema).validity) {
      const { invalid: broken } = await measureValidityCheck(tx, record.tableName, check, {
        total: records,
        keys: [],
        sampleLimit: 1,
      });
      if (broken > 0) {
        issues.push({
          path: ['derived', 'sql'],
          code: check.kind,
          message: `${broken} of ${records} computed record(s) break ${check.kind} ${check.name} (${check.expression})`,
        });
      }
    }
    if (issues.length > 0) {
      throw new ContractViolationError(
        `refresh of ${productId} refused: the transformation's result breaks the contract: ${issues.map((i) => i.message).join('; ')}`,
        issues,
      );
    }
    const at = ctx.now().toISOString();
    await ctx.registry.touchWrite(tx, productId, at);
    for (const input of inputs) {
      await ctx.lineage.add(tx, {
        from: input.id,
        to: productId,
        description: 'input of its SQL transformation',
        createdAt: at,
      });
    }
    await ctx.accessLog.record(tx, {
      at,
      actor: ctx.actor,
      operation: 'refresh',
      productId,
      productVersion: d.version,
      parameters: {
        inputs: inputs.map((i) => ({ id: i.id, version: i.version, records: i.records })),
        tablesRead: read,
        previousRecords,
      },
      rowsAffected: records,
      outcome: 'ok',
      message: null,
    });
    return { productId, version: d.version, refreshedAt: at, previousRecords, records, inputs };
  }, deadline);
}

/**
 * Tells whether a derived product is behind its inputs: never refreshed, or an input written after the last refresh.
 * @throws MeshError `not_found` for an unknown product, `invalid_input` when it is not derived.
 */
export async function derivedStatus(ctx: MeshContext, productId: string): Promise<DerivedStatus> {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  derivedOf(record);
  const { inputs } = await readInputs(ctx, ctx.engine, record);
  const refreshedAt = record.lastWriteAt;
  const changedInputs = inputs
    .filter((i) => i.lastWriteAt !== null && (refreshedAt === null || i.lastWriteAt > refreshedAt))
    .map((i) => i.id);
  return {
    productId,
    refreshedAt,
    inputs,
    stale: refreshedAt === null || changedInputs.length > 0,
    changedInputs,
  };
}
