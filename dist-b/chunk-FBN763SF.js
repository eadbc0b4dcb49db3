// dist/contract/to-sql-ddl.js
var SQL_TYPES = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};
function quoteAnsiIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}
function literal(value) {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(value)) throw new Error(`cannot write the number ${value} as SQL`);
  return String(value);
}
function checks(field, column) {
  const out = [];
  const values = field.enum?.filter((v) => v !== null);
  if (values !== void 0 && values.length > 0) out.push(`${column} IN (${values.map(literal).join(', ')})`);
  if (field.type === 'integer' || field.type === 'number') {
    if (field.minimum !== void 0) out.push(`${column} >= ${literal(field.minimum)}`);
    if (field.maximum !== void 0) out.push(`${column} <= ${literal(field.maximum)}`);
    if (field.exclusiveMinimum !== void 0) out.push(`${column} > ${literal(field.exclusiveMinimum)}`);
    if (field.exclusiveMaximum !== void 0) out.push(`${column} < ${literal(field.exclusiveMaximum)}`);
  }
  if (field.type === 'string') {
    if (field.minLength !== void 0) out.push(`LENGTH(${column}) >= ${literal(field.minLength)}`);
    if (field.maxLength !== void 0) out.push(`LENGTH(${column}) <= ${literal(field.maxLength)}`);
  }
  return out;
}
function toSqlDdl(spec, options = {}) {
  const q = options.quoteIdent ?? quoteAnsiIdent;
  const tableName = options.table ?? spec.id.replaceAll('.', '_');
  const table = q(tableName);
  const lines = spec.schema.fields.map((f) => {
    const column = q(f.name);
    const constraints = options.checks === false ? [] : checks(f, column);
    const check = constraints.length === 0 ? '' : ` CHECK (${constraints.join(' AND ')})`;
    return `  ${column} ${SQL_TYPES[f.type]}${f.required ? ' NOT NULL' : ''}${check}`;
  });
  if (spec.schema.primaryKey.length > 0)
    lines.push(`  PRIMARY KEY (${spec.schema.primaryKey.map(q).join(', ')})`);
  const body = lines.map((line, i) => {
    const field = spec.schema.fields[i];
    const comma = i < lines.length - 1 ? ',' : '';
    const note = field?.description === void 0 ? '' : ` -- ${field.description.replace(/\s+/g, ' ')}`;
    return `${line}${comma}${note}`;
  });
  const header = `-- ${spec.name} (${spec.id} ${spec.version})`.replace(/\s+/g, ' ');
  const out = [header, `CREATE TABLE ${table} (`, ...body, ');'];
  spec.schema.indexes.forEach((ix) => {
    out.push(`CREATE INDEX ${q(`${tableName}_${ix.join('_')}_idx`)} ON ${table} (${ix.map(q).join(', ')});`);
  });
  return `${out.join('\n')}
`;
}

export { SQL_TYPES, toSqlDdl };
