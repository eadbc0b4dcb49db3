import type { Filter } from '../../core/filter/ast.ts';
import { FORMULA_ESCAPE, FORMULA_TRIGGERS } from '../../core/csv-formula.ts';
import { isEmptyFilter } from '../../core/filter/ast.ts';
import type { Scalar } from '../../core/schema.ts';
import type {
  AggregateSpec,
  CarryOverSpec,
  ExportSpec,
  SelectSpec,
  TableColumn,
  TableSpec,
} from '../engine.ts';
import { compileFilterSql, SqlParams } from './compile-filter-sql.ts';
import { hmacPads } from './hmac-pads.ts';
import type { SqlDialect } from './sql-dialect.ts';

/** Renders a row count inline; it is a number the platform checked, never text from a user. */
function toCount(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`row count must be a non-negative integer, got ${n}`);
  return String(n);
}

/** A SQL statement with its bound parameters. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly Scalar[];
}

/** Builds the engine-neutral SQL statements for product tables in one dialect. */
export class SqlBuilder {
  readonly #d: SqlDialect;

  constructor(dialect: SqlDialect) {
    this.#d = dialect;
  }

  /** CREATE TABLE plus CREATE INDEX statements for a product table. */
  createTable(spec: TableSpec, exclusive = false): string[] {
    const q = (n: string) => this.#d.quoteIdent(n);
    const cols = spec.columns.map(
      (c) => `${q(c.name)} ${this.#d.columnType(c.type)}${c.notNull ? ' NOT NULL' : ''}`,
    );
    if (spec.primaryKey.length > 0)
      cols.push(`PRIMARY KEY (${spec.primaryKey.map(q).join(', ')})${this.#d.primaryKeyOptions ?? ''}`);
    const out = [`CREATE TABLE${exclusive ? '' : ' IF NOT EXISTS'} ${q(spec.name)} (${cols.join(', ')})`];
    for (const ix of spec.indexes) {
      const wanted = `${spec.name}__ix_${ix.join('_')}`;
      const name = this.#d.indexName?.(wanted) ?? wanted;
      out.push(`CREATE INDEX IF NOT EXISTS ${q(name)} ON ${q(spec.name)} (${ix.map(q).join(', ')})`);
    }
    return out;
  }

  #where(filter: Filter | undefined, columns: ReadonlyMap<string, TableColumn>, params: SqlParams): string {
    if (!filter || isEmptyFilter(filter)) return '';
    return ` WHERE ${compileFilterSql(filter, columns, this.#d, params)}`;
  }

  /** A SELECT over a product table. `allColumns` lists every column the filter may use. */
  select(table: string, spec: SelectSpec, allColumns: ReadonlyMap<string, TableColumn>): SqlStatement {
    const q = (n: string) => this.#d.quoteIdent(n);
    const params = new SqlParams(this.#d);
    const list = spec.columns
      .map((c) => `${this.#d.readColumn(q(c.name), c.type)} AS ${q(c.name)}`)
      .join(', ');
    let sql = `SELECT ${list} FROM ${q(table)}`;
    const conds: string[] = [];
    const where = this.#where(spec.where, allColumns, params);
    if (where !== '') conds.push(where.slice(' WHERE '.length));
    const order = spec.orderBy ?? [];
    if (spec.after !== undefined && order.length > 0) {
      const dir = order[0]?.direction ?? 'asc';
      const left = order.map((o) => q(o.column)).join(', ');
      const right = order
        .map((o, i) => params.add(spec.after?.[i] ?? null, allColumns.get(o.column)?.type))
        .join(', ');
      conds.push(`((${left}) ${dir === 'asc' ? '>' : '<'} (${right}))`);
    }
    if (conds.length > 0) sql += ` WHERE ${conds.join(' AND ')}`;
    if (order.length > 0) {
      sql += ` ORDER BY ${order.map((o) => `${q(o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
    }
    if (spec.limit !== undefined) sql += ` LIMIT ${toCount(spec.limit)}`;
    if (spec.offset !== undefined && spec.offset > 0) sql += ` OFFSET ${toCount(spec.offset)}`;
    return { sql, params: params.values };
  }

  /** The SELECT an export writes out: columns keep their stored types, so that typed formats (Parquet) keep them. */
  exportSelect(table: string, spec: ExportSpec, allColumns: ReadonlyMap<string, TableColumn>): SqlStatement {
    const q = (n: string) => this.#d.quoteIdent(n);
    const params = new SqlParams(this.#d);
    const list = spec.columns.map((c) => {
      const mask = spec.masks?.get(c.name);
      if (mask === undefined) {
        if (spec.escapeFormulas !== true || c.type !== 'string') return q(c.name);
        const triggers = FORMULA_TRIGGERS.map((t) => params.add(t, 'string')).join(', ');
        const prefix = params.add(FORMULA_ESCAPE, 'string');
        return `CASE WHEN substr(${q(c.name)}, 1, 1) IN (${triggers}) THEN ${prefix} || ${q(c.name)} ELSE ${q(c.name)} END AS ${q(c.name)}`;
      }
      let masked: string;
      if (mask.kind === 'replace') masked = params.add(mask.text, 'string');
      else {
        const pads = hmacPads(mask.key);
        const hmac = this.#d.hmacSha256Hex(
          this.#d.castToText(q(c.name)),
          params.add(pads.inner, 'string'),
          params.add(pads.outer, 'string'),
        );
        masked = `substr(${hmac}, 1, ${toCount(mask.length)})`;
      }
      return `CASE WHEN ${q(c.name)} IS NULL THEN NULL ELSE ${masked} END AS ${q(c.name)}`;
    });
    let sql = `SELECT ${list.join(', ')} FROM ${q(table)}${this.#where(spec.where, allColumns, params)}`;
    const order = spec.orderBy ?? [];
    if (order.length > 0) {
      sql += ` ORDER BY ${order.map((o) => `${q(o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
    }
    return { sql, params: params.values };
  }

  /**
   * The statements of a carry-over: the INSERT … SELECT of the rows that fit, the count of those that do not, and
   * the listing of those (old key columns as `__mw_key_<i>`, reasons joined with `; ` as `__mw_reasons`).
   */
  carryOver(spec: CarryOverSpec): {
    insert: SqlStatement;
    countRejected: SqlStatement;
    rejects: SqlStatement;
  } {
    const q = (n: string) => this.#d.quoteIdent(n);
    const items: string[] = [];
    const checks: { sql: string; reason: string }[] = [];
    spec.columns.forEach(({ target, source }, i) => {
      const { name, type } = target;
      let expr: string;
      if (source === null) expr = `CAST(NULL AS ${this.#d.columnType(type)})`;
      else if (source.type === type) expr = q(source.name);
      else {
        expr = this.#d.tryCast(q(source.name), type);
        // A number with a fraction converts to an integer only by rounding: that changes the value, so it is refused.
        const exact =
          source.type === 'number' && type === 'integer'
            ? ` AND CAST(${expr} AS ${this.#d.columnType('number')}) = ${q(source.name)}`
            : '';
        items.push(`(${q(source.name)} IS NULL OR (${expr} IS NOT NULL${exact})) AS ${q(`__mw_cast_${i}`)}`);
        checks.push({
          sql: q(`__mw_cast_${i}`),
          reason: `${name}: the stored ${source.type} does not convert to ${type}`,
        });
      }
      items.unshift(`${expr} AS ${q(name)}`);
      if (target.notNull) {
        // A value that does not convert is reported as such, not also as missing.
        const cast = source !== null && source.type !== type;
        checks.push({
          sql: cast ? `(${q(name)} IS NOT NULL OR NOT ${q(`__mw_cast_${i}`)})` : `${q(name)} IS NOT NULL`,
          reason:
            source === null
              ? `${name} is required and the previous version has no such column`
              : `${name} is required but empty`,
        });
      }
    });
    spec.keyColumns.forEach((k, i) => {
      items.push(`${q(k.name)} AS ${q(`__mw_key_${i}`)}`);
    });
    const columns = new Map(spec.columns.map((c) => [c.target.name, c.target] as const));
    const build = (params: SqlParams) => {
      const all = [
        ...checks,
        ...spec.checks.map((c) => ({
          sql: `COALESCE((${compileFilterSql(c.holds, columns, this.#d, params)}), TRUE)`,
          reason: c.reason,
        })),
      ];
      const pass = all.length === 0 ? 'TRUE' : all.map((c) => `(${c.sql})`).join(' AND ');
      return { all, pass };
    };
    const inner = `(SELECT ${items.join(', ')} FROM ${q(spec.from)}) AS c`;
    const names = spec.columns.map((c) => q(c.target.name)).join(', ');
    const p1 = new SqlParams(this.#d);
    const b1 = build(p1);
    const insert = {
      sql: `INSERT INTO ${q(spec.to)} (${names}) SELECT ${names} FROM ${inner} WHERE ${b1.pass}`,
      params: p1.values,
    };
    const p2 = new SqlParams(this.#d);
    const b2 = build(p2);
    const countRejected = {
      sql: `SELECT COUNT(*) AS n FROM ${inner} WHERE NOT (${b2.pass})`,
      params: p2.values,
    };
    const p3 = new SqlParams(this.#d);
    const b3 = build(p3);
    const keys = spec.keyColumns.map((_, i) => q(`__mw_key_${i}`));
    const reasons =
      b3.all.length === 0
        ? `${p3.add('', 'string')}`
        : `concat_ws('; ', ${b3.all.map((c) => `CASE WHEN NOT (${c.sql}) THEN ${p3.add(c.reason, 'string')} END`).join(', ')})`;
    const rejects = {
      sql: `SELECT ${[...keys, `${reasons} AS ${q('__mw_reasons')}`].join(', ')} FROM ${inner} WHERE NOT (${b3.pass})${
        keys.length > 0 ? ` ORDER BY ${keys.join(', ')}` : ''
      } LIMIT ${toCount(spec.rejectLimit)}`,
      params: p3.values,
    };
    return { insert, countRejected, rejects };
  }

  /** A COUNT(*) over a product table. */
  /** One scan counting all rows (`n`) and the rows matching each filter (`n0`, `n1`, …). */
  countEach(
    table: string,
    filters: readonly Filter[],
    allColumns: ReadonlyMap<string, TableColumn>,
  ): SqlStatement {
    const params = new SqlParams(this.#d);
    const items = filters.map((f, i) =>
      isEmptyFilter(f)
        ? `COUNT(*) AS n${i}`
        : `COUNT(*) FILTER (WHERE ${compileFilterSql(f, allColumns, this.#d, params)}) AS n${i}`,
    );
    const sql = `SELECT ${['COUNT(*) AS n', ...items].join(', ')} FROM ${this.#d.quoteIdent(table)}`;
    return { sql, params: params.values };
  }

  count(
    table: string,
    where: Filter | undefined,
    allColumns: ReadonlyMap<string, TableColumn>,
  ): SqlStatement {
    const params = new SqlParams(this.#d);
    const sql = `SELECT COUNT(*) AS n FROM ${this.#d.quoteIdent(table)}${this.#where(where, allColumns, params)}`;
    return { sql, params: params.values };
  }

  /** An UPDATE of the rows matching a filter. */
  update(
    table: string,
    where: Filter,
    changes: readonly { column: TableColumn; value: Scalar }[],
    allColumns: ReadonlyMap<string, TableColumn>,
  ): SqlStatement {
    const params = new SqlParams(this.#d);
    const sets = changes
      .map((c) => `${this.#d.quoteIdent(c.column.name)} = ${params.add(c.value, c.column.type)}`)
      .join(', ');
    const sql = `UPDATE ${this.#d.quoteIdent(table)} SET ${sets}${this.#where(where, allColumns, params)}`;
    return { sql, params: params.values };
  }

  /** A DELETE of the rows matching a filter. */
  delete(table: string, where: Filter, allColumns: ReadonlyMap<string, TableColumn>): SqlStatement {
    const params = new SqlParams(this.#d);
    const sql = `DELETE FROM ${this.#d.quoteIdent(table)}${this.#where(where, allColumns, params)}`;
    return { sql, params: params.values };
  }

  /** A GROUP BY query. */
  aggregate(table: string, spec: AggregateSpec, allColumns: ReadonlyMap<string, TableColumn>): SqlStatement {
    const q = (n: string) => this.#d.quoteIdent(n);
    const params = new SqlParams(this.#d);
    const groups = spec.groupBy.map((c) => `${this.#d.readColumn(q(c.name), c.type)} AS ${q(c.name)}`);
    const calls = (spec.groupByCalls ?? []).map((g) => ({
      sql: this.#d.applyFunction(g.fn, q(g.column.name)),
      as: g.as,
    }));
    groups.push(...calls.map((g) => `${g.sql} AS ${q(g.as)}`));
    const measures = spec.measures.map((m) => {
      const col = m.column ? q(m.column.name) : '*';
      const expr =
        m.fn === 'count_distinct'
          ? `COUNT(DISTINCT ${col})`
          : m.fn === 'count'
            ? `COUNT(${col})`
            : m.fn === 'avg' || m.fn === 'sum'
              ? `CAST(${m.fn.toUpperCase()}(${col}) AS DOUBLE PRECISION)`
              : m.column
                ? this.#d.readColumn(`${m.fn.toUpperCase()}(${col})`, m.column.type)
                : `${m.fn.toUpperCase()}(${col})`;
      return `${expr} AS ${q(m.as)}`;
    });
    let sql = `SELECT ${[...groups, ...measures].join(', ')} FROM ${q(table)}${this.#where(spec.where, allColumns, params)}`;
    const groupKeys = [...spec.groupBy.map((c) => q(c.name)), ...calls.map((g) => g.sql)];
    if (groupKeys.length > 0) sql += ` GROUP BY ${groupKeys.join(', ')}`;
    if (spec.orderBy && spec.orderBy.length > 0) {
      sql += ` ORDER BY ${spec.orderBy.map((o) => `${q(o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
    }
    if (spec.limit !== undefined) sql += ` LIMIT ${toCount(spec.limit)}`;
    return { sql, params: params.values };
  }
}
