/** Where a contract's SQL quality query is pointed: the product's own table (and the checked column). */
export interface ContractSqlTarget {
  /** The product table, already quoted; `${table}`, `{table}` and `FROM <object name>` become this. */
  readonly table: string;
  /** The schema object the query was written against (its name reads the product table). */
  readonly object?: string;
  /** The checked column, already quoted, for `${column}`; absent for object-level checks. */
  readonly column?: string;
}

/** A contract query made safe to run, or why it cannot be. */
export type ContractSqlResult =
  | { readonly ok: true; readonly sql: string }
  | { readonly ok: false; readonly problems: readonly string[] };

type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'placeholder' | 'punct' | 'space';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Words lowercased, quoted identifiers unquoted, placeholders by name; else the text. */
  readonly value: string;
}

const PLACEHOLDER = /^\$?\{(table|object|model|column|property|field)\}/;
const TABLE_PLACEHOLDERS = new Set(['table', 'object', 'model']);

/** Statements and clauses that write, change settings, reach outside the query or read other relations. */
const FORBIDDEN = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'upsert',
  'create',
  'drop',
  'alter',
  'truncate',
  'attach',
  'detach',
  'copy',
  'install',
  'load',
  'pragma',
  'call',
  'set',
  'reset',
  'grant',
  'revoke',
  'export',
  'import',
  'checkpoint',
  'vacuum',
  'into',
  'execute',
  'prepare',
  'deallocate',
  'begin',
  'commit',
  'rollback',
  'lock',
  'notify',
  'listen',
  'use',
  'recursive',
  // Statements DuckDB or PostgreSQL accept as a parenthesised query, each reading a relation it names.
  'table',
  'pivot',
  'unpivot',
  'pivot_wider',
  'pivot_longer',
  'summarize',
  'describe',
  'show',
  'explain',
]);

/** Keywords that may stand right before an opening parenthesis without being a function call. */
const KEYWORDS_BEFORE_PAREN = new Set([
  'all',
  'and',
  'any',
  'array',
  'as',
  'between',
  'by',
  'case',
  'cube',
  'distinct',
  'else',
  'escape',
  'except',
  'exclude',
  'exists',
  'filter',
  'from',
  'group',
  'grouping',
  'having',
  'ilike',
  'in',
  'intersect',
  'interval',
  'is',
  'join',
  'lateral',
  'like',
  'limit',
  'materialized',
  'not',
  'offset',
  'on',
  'or',
  'order',
  'over',
  'partition',
  'qualify',
  'rollup',
  'row',
  'select',
  'sets',
  'similar',
  'some',
  'then',
  'union',
  'using',
  'values',
  'when',
  'where',
  'window',
  'with',
  'within',
]);

/**
 * Functions (and parameterised type names) a quality query may call: aggregates, window functions and pure scalar
 * functions on the row's values. Table functions and anything reading files, settings or other relations are left out.
 */
const FUNCTIONS = new Set([
  // aggregates
  'count',
  'count_if',
  'countif',
  'sum',
  'avg',
  'mean',
  'min',
  'max',
  'median',
  'mode',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'quantile',
  'quantile_cont',
  'quantile_disc',
  'percentile_cont',
  'percentile_disc',
  'approx_count_distinct',
  'approx_quantile',
  'bool_and',
  'bool_or',
  'every',
  'any_value',
  'first',
  'last',
  'arg_min',
  'arg_max',
  'string_agg',
  'corr',
  'covar_pop',
  'covar_samp',
  // window functions
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
  // conditionals
  'coalesce',
  'nullif',
  'ifnull',
  'greatest',
  'least',
  'if',
  // numbers
  'abs',
  'round',
  'floor',
  'ceil',
  'ceiling',
  'trunc',
  'sqrt',
  'cbrt',
  'power',
  'pow',
  'exp',
  'ln',
  'log',
  'log10',
  'log2',
  'mod',
  'sign',
  'isnan',
  'isinf',
  'isfinite',
  // text
  'length',
  'char_length',
  'character_length',
  'octet_length',
  'strlen',
  'lower',
  'upper',
  'lcase',
  'ucase',
  'trim',
  'ltrim',
  'rtrim',
  'btrim',
  'substring',
  'substr',
  'replace',
  'concat',
  'concat_ws',
  'left',
  'right',
  'lpad',
  'rpad',
  'position',
  'strpos',
  'instr',
  'starts_with',
  'ends_with',
  'contains',
  'split_part',
  'reverse',
  'repeat',
  'regexp_matches',
  'regexp_full_match',
  'regexp_replace',
  'regexp_extract',
  'regexp_like',
  'regexp_count',
  'md5',
  // dates and times
  'extract',
  'date_part',
  'datepart',
  'date_trunc',
  'datetrunc',
  'date_diff',
  'datediff',
  'date_sub',
  'date_add',
  'age',
  'now',
  'current_date',
  'current_timestamp',
  'make_date',
  'make_timestamp',
  'epoch',
  'epoch_ms',
  'year',
  'month',
  'day',
  'dayofweek',
  'dayofyear',
  'week',
  'quarter',
  'hour',
  'minute',
  'second',
  'last_day',
  'strftime',
  'strptime',
  'to_char',
  'to_date',
  'to_timestamp',
  'to_number',
  'date',
  // casts and parameterised types
  'cast',
  'try_cast',
  'typeof',
  'varchar',
  'char',
  'character',
  'decimal',
  'numeric',
  'timestamp',
  'time',
  'float',
  // lists
  'array_length',
  'cardinality',
  'len',
  'list_contains',
  'array_contains',
]);

/** Functions whose arguments use FROM as a keyword (`extract(year FROM d)`), not as a list of tables. */
const FROM_ARGUMENTS = new Set(['extract', 'substring', 'trim', 'overlay', 'position']);

/** Words that end a FROM list: after them a comma no longer introduces another table. */
const END_OF_FROM = new Set([
  'where',
  'group',
  'having',
  'order',
  'limit',
  'offset',
  'qualify',
  'window',
  'union',
  'except',
  'intersect',
  'fetch',
  'returning',
]);

/** Words that may follow a table name when it has no alias. */
const NOT_AN_ALIAS = new Set([
  ...END_OF_FROM,
  'anti',
  'asof',
  'cross',
  'full',
  'inner',
  'join',
  'left',
  'natural',
  'on',
  'outer',
  'positional',
  'right',
  'semi',
  'tablesample',
  'using',
]);

function hasAlias(next: Token | undefined): boolean {
  if (next === undefined) return false;
  if (next.kind === 'quoted') return true;
  return next.kind === 'word' && !NOT_AN_ALIAS.has(next.value);
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

function tokenize(sql: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string, value = text) => tokens.push({ kind, text, value });
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const ch = sql[i] ?? '';
    if (/\s/.test(ch)) {
      const m = /^\s+/.exec(rest)?.[0] ?? ch;
      push('space', m);
      i += m.length;
    } else if (rest.startsWith('--')) {
      const end = sql.indexOf('\n', i);
      // A comment becomes a space, so that it cannot swallow what the platform writes after the query.
      push('space', ' ');
      i = end < 0 ? sql.length : end;
    } else if (rest.startsWith('/*')) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) {
        problems.push('a /* comment is not closed');
        return tokens;
      }
      push('space', ' ');
      i = end + 2;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(ch, j);
        if (k < 0) {
          problems.push(`a ${ch === "'" ? 'string' : 'quoted name'} is not closed (${ch})`);
          return tokens;
        }
        if (sql[k + 1] === ch) j = k + 2;
        else {
          j = k + 1;
          break;
        }
      }
      const text = sql.slice(i, j);
      const inner = text.slice(1, -1).replaceAll(ch + ch, ch);
      push(ch === "'" ? 'string' : 'quoted', text, inner);
      i = j;
    } else if (ch === '$' || ch === '{') {
      const m = PLACEHOLDER.exec(rest);
      if (m) {
        push('placeholder', m[0], m[1]);
        i += m[0].length;
      } else {
        if (ch === '$') problems.push('$ parameters and $$ quoted strings are not allowed');
        push('punct', ch);
        i += 1;
      }
    } else if (/[\p{L}_]/u.test(ch)) {
      const word = /^[\p{L}\p{N}_]+/u.exec(rest)?.[0] ?? ch;
      const after = sql[i + word.length];
      if (after === "'" && /^[eE]$/.test(word)) problems.push("escape strings (E'…') are not allowed");
      if (after === '&' && /^[uU]$/.test(word)) problems.push('Unicode escapes (U&…) are not allowed');
      push('word', word, word.toLowerCase());
      i += word.length;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /^\.[0-9]/.test(rest))) {
      const num = /^(?:[0-9]*\.?[0-9]+|[0-9]+\.)(?:[eE][+-]?[0-9]+)?/.exec(rest)?.[0] ?? ch;
      push('number', num);
      i += num.length;
    } else {
      push('punct', ch);
      i += 1;
    }
  }
  return tokens;
}

const isWord = (t: Token | undefined, ...values: string[]): boolean =>
  t?.kind === 'word' && (values.length === 0 || values.includes(t.value));
const isPunct = (t: Token | undefined, text: string): boolean => t?.kind === 'punct' && t.text === text;

/** The name a relation token stands for, folded the way PostgreSQL folds it (unquoted names lowercase). */
function relationName(t: Token): string | undefined {
  if (t.kind === 'word') return t.value;
  if (t.kind === 'quoted') return t.value;
  return undefined;
}

interface Cte {
  readonly name: string;
  /** The name token's index: the definition, not a reference. */
  readonly at: number;
  /** Index of the body's closing parenthesis: the name refers to the CTE only after it. */
  readonly visibleAfter: number;
}

function matchingClose(sig: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < sig.length; k++) {
    if (isPunct(sig[k], '(')) depth++;
    else if (isPunct(sig[k], ')') && --depth === 0) return k;
  }
  return -1;
}

/** Reads the common table expressions of a leading WITH; each becomes visible once its body is closed. */
function topLevelCtes(sig: readonly Token[]): Cte[] {
  const ctes: Cte[] = [];
  if (!isWord(sig[0], 'with')) return ctes;
  let k = 1;
  for (;;) {
    const nameToken = sig[k];
    const name = nameToken === undefined ? undefined : relationName(nameToken);
    if (name === undefined) return ctes;
    const at = k;
    k++;
    if (isPunct(sig[k], '(')) {
      const close = matchingClose(sig, k);
      if (close < 0) return ctes;
      k = close + 1;
    }
    if (!isWord(sig[k], 'as')) return ctes;
    k++;
    if (isWord(sig[k], 'not')) k++;
    if (isWord(sig[k], 'materialized')) k++;
    if (!isPunct(sig[k], '(')) return ctes;
    const close = matchingClose(sig, k);
    if (close < 0) return ctes;
    ctes.push({ name, at, visibleAfter: close });
    k = close + 1;
    if (!isPunct(sig[k], ',')) return ctes;
    k++;
  }
}

interface Frame {
  readonly open: string;
  /** The word before the parenthesis, e.g. `extract` or `in`. */
  readonly opener: string | undefined;
  /** A parenthesis where a table was expected: `FROM (a JOIN b)` holds table references too. */
  readonly tableGroup: boolean;
  sawSelect: boolean;
  inFrom: boolean;
  first: boolean;
}

/**
 * Checks the SQL of a contract's quality check and points it at the product's table. The query must be one
 * read-only SELECT (or WITH … SELECT) whose every relation — after FROM, JOIN or a comma in a FROM list, at any
 * depth — is the product table (`${table}`, `{table}`, or the schema object's name), a subquery, or a CTE defined
 * before it; it may call only the listed pure functions; `$` parameters, dollar quoting, escape strings, further
 * statements and statements that write or read other relations are refused. Comments become spaces. The check is
 * static and conservative: a query it cannot prove safe is refused with the reason.
 * @example bindContractSql('SELECT COUNT(*) FROM orders WHERE total < 0', { table: '"data_sales__orders__v1"', object: 'orders' })
 */
export function bindContractSql(query: string, target: ContractSqlTarget): ContractSqlResult {
  const problems: string[] = [];
  const tokens = tokenize(query, problems);
  if (problems.length > 0) return { ok: false, problems };
  const positions: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'space') positions.push(i);
  });
  if (isPunct(tokens[positions.at(-1) ?? -1], ';')) positions.pop();
  const sig = positions.map((p) => tokens[p] as Token);
  const replace = new Map<number, string>();
  if (!isWord(sig[0], 'select', 'with')) problems.push('the query must start with SELECT or WITH');
  const object = target.object;
  const ctes = topLevelCtes(sig);
  const cteNames = new Set(ctes.map((c) => c.at));
  const tableRef = (k: number): void => {
    const t = sig[k] as Token;
    const name = relationName(t);
    const isObject =
      object !== undefined &&
      name !== undefined &&
      (t.kind === 'word' ? name === object.toLowerCase() : name === object);
    if (t.kind === 'placeholder' && TABLE_PLACEHOLDERS.has(t.value)) {
      replace.set(positions[k] as number, target.table);
    } else if (isObject) {
      // Keep the object's name as the alias, so that `orders.total` still resolves once `orders` is the real table.
      replace.set(
        positions[k] as number,
        hasAlias(sig[k + 1]) ? target.table : `${target.table} AS ${t.text}`,
      );
    } else if (!ctes.some((c) => c.name === name && k > c.visibleAfter)) {
      problems.push(
        `the query reads ${t.text}, but a quality check may only read the product's own table: write FROM \${table}${object === undefined ? '' : ` or FROM ${object}`}`,
      );
      return;
    }
    if (isPunct(sig[k + 1], '.') || isPunct(sig[k + 1], '(')) {
      problems.push(
        `the query reads ${t.text}${sig[k + 1]?.text ?? ''}…; name the table alone, without a schema`,
      );
    }
  };
  const frames: Frame[] = [
    { open: '', opener: undefined, tableGroup: false, sawSelect: false, inFrom: false, first: true },
  ];
  let expectTable = false;
  for (let k = 0; k < sig.length; k++) {
    const t = sig[k] as Token;
    const prev = sig[k - 1];
    const next = sig[k + 1];
    const frame = frames.at(-1) as Frame;
    const first = frame.first;
    frame.first = false;
    if (t.kind === 'punct' && t.text === ';') {
      problems.push('the query must be a single statement (remove the extra ";")');
      continue;
    }
    if (frame.tableGroup && first && !isPunct(t, '(') && !isWord(t, 'select', 'with', 'values', 'from')) {
      expectTable = true;
      frame.inFrom = true;
    }
    if (expectTable) {
      expectTable = false;
      if (isPunct(t, '(')) {
        frames.push({
          open: '(',
          opener: undefined,
          tableGroup: true,
          sawSelect: false,
          inFrom: false,
          first: true,
        });
        continue;
      }
      if (isWord(t, 'lateral') && isPunct(next, '(')) {
        expectTable = true;
        continue;
      }
      tableRef(k);
      continue;
    }
    if (t.kind === 'punct') {
      const close = CLOSERS[t.text];
      if (close !== undefined) {
        frames.push({
          open: t.text,
          opener: prev?.kind === 'word' ? prev.value : undefined,
          tableGroup: t.text === '(' && frame.tableGroup && first,
          sawSelect: false,
          inFrom: false,
          first: true,
        });
      } else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (frames.length === 1 || CLOSERS[frame.open] !== t.text) {
          problems.push(`the query has an unmatched ${t.text}`);
          break;
        }
        frames.pop();
      } else if (t.text === ',' && frame.inFrom) expectTable = true;
      continue;
    }
    if (t.kind === 'placeholder') {
      if (TABLE_PLACEHOLDERS.has(t.value)) replace.set(positions[k] as number, target.table);
      else if (target.column !== undefined) replace.set(positions[k] as number, target.column);
      else problems.push(`${t.text} names a column, but this check belongs to no property`);
      continue;
    }
    if (t.kind === 'word') {
      if (FORBIDDEN.has(t.value)) {
        problems.push(`a quality check may only read data, but the query uses ${t.text.toUpperCase()}`);
        continue;
      }
      if (t.value === 'select') {
        frame.sawSelect = true;
        frame.inFrom = false;
      } else if (t.value === 'from') {
        const distinctFrom = isWord(prev, 'distinct') && isWord(sig[k - 2], 'is', 'not');
        if (!distinctFrom && (frame.sawSelect || !FROM_ARGUMENTS.has(frame.opener ?? ''))) {
          expectTable = true;
          frame.inFrom = true;
        }
      } else if (t.value === 'join') expectTable = true;
      else if (END_OF_FROM.has(t.value)) frame.inFrom = false;
    }
    if ((t.kind === 'word' || t.kind === 'quoted') && isPunct(next, '(')) {
      const call = t.kind === 'word' && (KEYWORDS_BEFORE_PAREN.has(t.value) || FUNCTIONS.has(t.value));
      if (isPunct(prev, '.'))
        problems.push(`the query calls ${t.text} through a schema; call functions by name`);
      else if (!call && !isWord(prev, 'as') && !cteNames.has(k)) {
        problems.push(
          `the query calls ${t.text}(…), which quality checks may not use; use aggregates and functions on the row's values (count, sum, avg, min, max, coalesce, length, lower, regexp_matches, date_trunc, …)`,
        );
      }
    }
  }
  if (expectTable) problems.push('the query ends where a table name is expected');
  if (problems.length === 0 && frames.length > 1)
    problems.push(`the query does not close its ${frames.at(-1)?.open}`);
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const kept = new Set(positions);
  const sql = tokens
    .map((t, i) => {
      const swapped = replace.get(i);
      if (swapped !== undefined) return swapped;
      // A trailing semicolon is dropped; spaces and comments are kept as whitespace.
      return t.kind === 'space' || kept.has(i) ? t.text : '';
    })
    .join('')
    .trim();
  return { ok: true, sql };
}
