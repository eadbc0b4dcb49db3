import type { ProductRecord } from '../../catalog/product-registry.ts';
import {
  type AnalyticsSpec,
  type BreakdownSpec,
  breakdownKey,
  type MeasureSpec,
  type TimeBucket,
} from '../../core/analytics-spec.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import type { Filter } from '../../core/filter/ast.ts';
import { isEmptyFilter } from '../../core/filter/ast.ts';
import { bindFilter } from '../../core/filter/bind-filter.ts';
import { formatFilter } from '../../core/filter/format-filter.ts';
import { toFilter } from '../../core/filter/to-filter.ts';
import type { Scalar } from '../../core/schema.ts';
import type { EngineSession, GroupCall, Measure, OrderTerm, Row, TableColumn } from '../../engine/engine.ts';
import type { MeshContext } from '../mesh-context.ts';
import { findSegmentDefinition, segmentFilter } from '../segments/segment-definition.ts';
import type { AnalyticsOptions, AnalyticsResult, BreakdownResult, MeasureValue } from './analytics-result.ts';

/** The calendar parts grouped by for each bucket; the key label is built from them. */
const BUCKET_PARTS: Readonly<Record<TimeBucket, readonly ('year' | 'month' | 'day')[]>> = {
  year: ['year'],
  month: ['year', 'month'],
  day: ['year', 'month', 'day'],
};

/** Aliases of the calendar parts in engine rows; measure names cannot clash with them (they contain `$`). */
const PART_ALIAS = (part: string) => `$${part}`;

function column(d: ProductDescriptor, name: string): TableColumn {
  const f = d.schema.fields.find((x) => x.name === name);
  if (f === undefined)
    throw new Error(`analytics of ${d.id} name field ${name}, which the schema does not have`);
  return { name: f.name, type: f.type, notNull: f.required };
}

function toMeasure(d: ProductDescriptor, m: MeasureSpec): Measure {
  return m.field === undefined
    ? { fn: m.fn, as: m.name }
    : { fn: m.fn, column: column(d, m.field), as: m.name };
}

function pad(n: Scalar | undefined, width: number): string {
  return String(n ?? '').padStart(width, '0');
}

function bucketLabel(row: Row, bucket: TimeBucket): Scalar {
  const year = row[PART_ALIAS('year')];
  if (year === null || year === undefined) return null;
  const parts = [pad(year, 4)];
  if (bucket !== 'year') parts.push(pad(row[PART_ALIAS('month')], 2));
  if (bucket === 'day') parts.push(pad(row[PART_ALIAS('day')], 2));
  return parts.join('-');
}

function checkTop(top: number | undefined): number | undefined {
  if (top === undefined) return undefined;
  if (!Number.isSafeInteger(top) || top < 1) {
    throw new MeshError('invalid_input', `top must be a whole number of 1 or more, got ${top}`);
  }
  return top;
}

async function computeBreakdown(
  s: EngineSession,
  table: string,
  d: ProductDescriptor,
  spec: AnalyticsSpec,
  b: BreakdownSpec,
  where: Filter,
  top: number | undefined,
): Promise<BreakdownResult> {
  const measures = b.measures.map((name) => {
    const m = spec.measures.find((x) => x.name === name);
    if (m === undefined) throw new Error(`breakdown ${b.name} of ${d.id} lists undeclared measure ${name}`);
    return toMeasure(d, m);
  });
  const key = breakdownKey(b);
  const by = column(d, b.by);
  const parts = b.bucket === undefined ? [] : BUCKET_PARTS[b.bucket];
  const calls: GroupCall[] = parts.map((part) => ({ fn: part, column: by, as: PART_ALIAS(part) }));
  const keyOrder: OrderTerm[] =
    calls.length > 0
      ? calls.map((c) => ({ column: c.as, direction: b.orderBy.direction }))
      : [{ column: by.name, direction: b.orderBy.direction }];
  // Ties on a measure are broken by the key, so that equal figures always come out in the same order.
  const orderBy: OrderTerm[] =
    b.orderBy.by === key
      ? keyOrder
      : [
          { column: b.orderBy.by, direction: b.orderBy.direction },
          ...keyOrder.map((o) => ({ ...o, direction: 'asc' as const })),
        ];
  const limit = b.top === undefined ? undefined : (top ?? b.top);
  const rows = await s.aggregate(table, {
    groupBy: calls.length > 0 ? [] : [by],
    groupByCalls: calls,
    measures,
    ...(isEmptyFilter(where) ? {} : { where }),
    orderBy,
    ...(limit === undefined ? {} : { limit }),
  });
  const out = rows.map((row) => {
    const shaped: Record<string, Scalar> = {
      [key]: b.bucket === undefined ? (row[by.name] ?? null) : bucketLabel(row, b.bucket),
    };
    for (const m of measures) shaped[m.as] = row[m.as] ?? null;
    return shaped;
  });
  return {
    name: b.name,
    by: b.by,
    ...(b.bucket === undefined ? {} : { bucket: b.bucket }),
    key,
    measures: b.measures,
    orderBy: b.orderBy,
    ...(limit === undefined ? {} : { top: limit }),
    ...(b.description === undefined ? {} : { description: b.description }),
    rows: out,
  };
}

/**
 * Computes a product's declared measures and breakdowns in the engine (one aggregate query for the measures and one
 * per breakdown), optionally restricted to a filter and/or a segment, so the figures always reflect the stored data.
 * @throws MeshError `invalid_input` for a bad filter or top, `not_found` for an unknown segment or breakdown.
 */
export async function computeAnalytics(
  ctx: MeshContext,
  record: ProductRecord,
  options: AnalyticsOptions = {},
): Promise<AnalyticsResult> {
  const { descriptor: d, tableName } = record;
  const spec: AnalyticsSpec = d.analytics ?? { measures: [], breakdowns: [] };
  const top = checkTop(options.top);
  const s = ctx.engine;
  const filters: Filter[] = [];
  if (options.segment !== undefined) {
    filters.push(segmentFilter(await findSegmentDefinition(s, d, options.segment), d));
  }
  if (options.where !== undefined) filters.push(bindFilter(toFilter(options.where), d.schema));
  const where = bindFilter({ kind: 'and', items: filters }, d.schema);
  const wanted = options.breakdowns ?? spec.breakdowns.map((b) => b.name);
  const breakdownSpecs = wanted.map((name) => {
    const b = spec.breakdowns.find((x) => x.name === name);
    if (b === undefined) {
      const known = spec.breakdowns.map((x) => x.name);
      throw new MeshError(
        'not_found',
        `product ${d.id} declares no breakdown ${name}${known.length > 0 ? `; its breakdowns: ${known.join(', ')}` : ''}`,
      );
    }
    return b;
  });
  const computedAt = ctx.now().toISOString();
  let measures: MeasureValue[] = [];
  if (spec.measures.length > 0) {
    const [row] = await s.aggregate(tableName, {
      groupBy: [],
      measures: spec.measures.map((m) => toMeasure(d, m)),
      ...(isEmptyFilter(where) ? {} : { where }),
    });
    measures = spec.measures.map((m) => ({ ...m, value: row?.[m.name] ?? null }));
  }
  const breakdowns: BreakdownResult[] = [];
  for (const b of breakdownSpecs)
    breakdowns.push(await computeBreakdown(s, tableName, d, spec, b, where, top));
  return {
    productId: d.id,
    version: d.version,
    computedAt,
    lastWriteAt: record.lastWriteAt,
    filter: isEmptyFilter(where) ? null : formatFilter(where),
    ...(options.segment === undefined ? {} : { segment: options.segment }),
    measures,
    breakdowns,
  };
}
