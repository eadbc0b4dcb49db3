import { toSqlDdl } from './chunk-FBN763SF.js';
import {
  compileContractLevelChecks,
  compileQualityChecks,
  describeQualityCheck,
  isProductSpec,
  measuredQuantity,
} from './chunk-3HSDKXCL.js';
import { specToContract, specToProductDocument } from './chunk-Y3P7SELF.js';
import { documentData, formatThreshold, odcsToFieldType } from './chunk-5YITE3UL.js';
import { publishedContract } from './chunk-B2BX6XU6.js';
import { parseSourceDocument, writeDocument } from './chunk-XYK6DAA3.js';
import { asArray, asObject, asString, stringList } from './chunk-EKUJCVLF.js';

// dist/contract/to-json-schema.js
var JSON_TYPES = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  timestamp: { type: 'string', format: 'date-time' },
};
function fieldSchema(field) {
  const { type, format } = JSON_TYPES[field.type];
  const out = { type: field.required ? type : [type, 'null'] };
  if (field.description !== void 0) out.description = field.description;
  const fmt = field.format ?? format;
  if (fmt !== void 0) out.format = fmt;
  if (field.pattern !== void 0) out.pattern = `^(?:${field.pattern})$`;
  for (const key of [
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minLength',
    'maxLength',
  ]) {
    if (field[key] !== void 0) out[key] = field[key];
  }
  if (field.enum !== void 0)
    out.enum = field.required || field.enum.includes(null) ? [...field.enum] : [...field.enum, null];
  if (field.examples !== void 0) out.examples = [...field.examples];
  if (field.pii === true) out['x-pii'] = true;
  if (field.classification !== void 0) out['x-classification'] = field.classification;
  return out;
}
function toJsonSchema(spec) {
  const properties = Object.fromEntries(spec.schema.fields.map((f) => [f.name, fieldSchema(f)]));
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:meshwork:product:${spec.id}:${spec.version}`,
    title: spec.name,
  };
  if (spec.description !== '') schema.description = spec.description;
  schema.type = 'object';
  schema.properties = properties;
  schema.required = spec.schema.fields.filter((f) => f.required).map((f) => f.name);
  schema.additionalProperties = false;
  return schema;
}

// dist/contract/to-markdown.js
function cell(text) {
  return text.replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
}
function code(text) {
  return `\`${text.replaceAll('`', "'")}\``;
}
function scalar(value) {
  return typeof value === 'string' ? value : String(value);
}
function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}
function constraints(f) {
  const out = [];
  if (f.enum !== void 0) out.push(`one of ${f.enum.map((v) => code(scalar(v))).join(', ')}`);
  if (f.minimum !== void 0) out.push(`>= ${f.minimum}`);
  if (f.exclusiveMinimum !== void 0) out.push(`> ${f.exclusiveMinimum}`);
  if (f.maximum !== void 0) out.push(`<= ${f.maximum}`);
  if (f.exclusiveMaximum !== void 0) out.push(`< ${f.exclusiveMaximum}`);
  if (f.minLength !== void 0) out.push(`at least ${f.minLength} characters`);
  if (f.maxLength !== void 0) out.push(`at most ${f.maxLength} characters`);
  if (f.format !== void 0) out.push(`format ${f.format}`);
  if (f.pattern !== void 0) out.push(`matches ${code(f.pattern)}`);
  return out.join('; ');
}
function toMarkdown(spec, options = {}) {
  const lines = [`# ${spec.name} (${code(spec.id)})`, ''];
  if (spec.description !== '') lines.push(spec.description, '');
  const facts = [
    ['Id', code(spec.id)],
    ['Domain', spec.domain],
    ['Owner', spec.owner || '\u2014'],
    ['Version', spec.version],
    ...(options.status === void 0 ? [] : [['Status', options.status]]),
    ['Quality level', spec.qualityLevel],
    ['Tags', spec.tags.join(', ') || '\u2014'],
    ['Upstream', spec.upstream.map(code).join(', ') || '\u2014'],
  ];
  lines.push(...table(['Fact', 'Value'], facts), '');
  const key = new Set(spec.schema.primaryKey);
  lines.push('## Schema', '');
  lines.push(
    ...table(
      ['Field', 'Type', 'Required', 'Key', 'PII', 'Description', 'Constraints'],
      spec.schema.fields.map((f) => [
        code(f.name),
        f.type,
        f.required ? 'yes' : 'no',
        key.has(f.name) ? 'yes' : '',
        f.pii ? `yes${f.masking === void 0 ? '' : ` (${f.masking})`}` : (f.classification ?? ''),
        f.description ?? '',
        constraints(f),
      ]),
    ),
    '',
  );
  if (spec.schema.primaryKey.length > 0)
    lines.push(`Primary key: ${spec.schema.primaryKey.map(code).join(', ')}.`, '');
  if (spec.schema.rules.length > 0) {
    lines.push('## Rules', '', 'Every record satisfies:', '');
    for (const r of spec.schema.rules) {
      lines.push(
        `- ${code(r.name)}: ${code(r.check)}${r.description === void 0 ? '' : ` \u2014 ${r.description}`}`,
      );
    }
    lines.push('');
  }
  const checks = [
    ...compileQualityChecks(spec),
    ...(options.contract === void 0 ? [] : compileContractLevelChecks(options.contract)),
  ];
  if (checks.length > 0) {
    lines.push('## Quality checks', '');
    lines.push(
      ...table(
        ['Check', 'Requires', 'Threshold', 'Severity', 'From'],
        checks.map((c) => [
          code(c.id),
          c.description === void 0
            ? describeQualityCheck(c)
            : `${describeQualityCheck(c)} \u2014 ${c.description}`,
          `${measuredQuantity(c)} ${formatThreshold(c.threshold)}`,
          c.severity,
          c.origin === 'declared' ? 'contract' : 'schema',
        ]),
      ),
      '',
    );
  }
  const sla = [];
  if (spec.sla.availability !== void 0) sla.push(['Availability', `${spec.sla.availability}%`]);
  if (spec.sla.freshnessMinutes !== void 0)
    sla.push(['Freshness', `written at least every ${spec.sla.freshnessMinutes} min`]);
  if (spec.sla.completeness !== void 0) sla.push(['Completeness', `${spec.sla.completeness}%`]);
  if (spec.sla.accuracy !== void 0) sla.push(['Accuracy', `${spec.sla.accuracy}%`]);
  if (sla.length > 0) lines.push('## Service levels', '', ...table(['Target', 'Promise'], sla), '');
  return `${lines.join('\n').trimEnd()}
`;
}

// dist/contract/to-mermaid-er.js
function mermaidName(name) {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
function comment(text) {
  if (text === void 0) return void 0;
  const flat = text.replace(/\s+/g, ' ').replaceAll('"', "'").trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
function entity(name, attributes) {
  const lines = [`  ${mermaidName(name)} {`];
  for (const a of attributes) {
    const keys = a.keys.length > 0 ? ` ${a.keys.join(', ')}` : '';
    const note = a.comment === void 0 || a.comment === '' ? '' : ` "${a.comment}"`;
    lines.push(`    ${a.type} ${mermaidName(a.name)}${keys}${note}`);
  }
  lines.push('  }');
  return lines;
}
function toMermaidEr(input) {
  const lines = ['erDiagram'];
  if (isProductSpec(input)) {
    const attrs = input.schema.fields.map((f) => {
      const a = {
        type: f.type,
        name: f.name,
        keys: input.schema.primaryKey.includes(f.name) ? ['PK'] : [],
      };
      const c = comment(f.description);
      return c === void 0 ? a : { ...a, comment: c };
    });
    lines.push(...entity(input.id.replaceAll('.', '_'), attrs));
    return `${lines.join('\n')}
`;
  }
  const objects = asArray(asObject(documentData(input))?.schema).map(asObject);
  const names = new Set(objects.map((o) => asString(o?.name)).filter((n) => n !== void 0));
  const links = [];
  const link = (from, to, label) => {
    const [toObject] = to.split('.');
    if (toObject === void 0 || !names.has(toObject)) return;
    const line = `  ${mermaidName(from)} }o--|| ${mermaidName(toObject)} : "${comment(label) ?? ''}"`;
    if (!links.includes(line)) links.push(line);
  };
  for (const object of objects) {
    const name = asString(object?.name);
    if (object === void 0 || name === void 0) continue;
    const attrs = asArray(object.properties).flatMap((raw) => {
      const p = asObject(raw);
      const prop = asString(p?.name);
      if (p === void 0 || prop === void 0) return [];
      const rels = asArray(p.relationships).map(asObject);
      const keys = [];
      if (p.primaryKey === true) keys.push('PK');
      if (rels.length > 0) keys.push('FK');
      if (p.unique === true && p.primaryKey !== true) keys.push('UK');
      for (const r of rels) for (const to of refs(r?.to)) link(name, to, prop);
      const a = { type: odcsToFieldType(p.logicalType, p.physicalType).type, name: prop, keys };
      const c = comment(asString(p.description));
      return [c === void 0 ? a : { ...a, comment: c }];
    });
    lines.push(...entity(name, attrs));
    for (const r of asArray(object.relationships).map(asObject)) {
      const from = refs(r?.from).map((f) => f.slice(f.lastIndexOf('.') + 1));
      for (const to of refs(r?.to).slice(0, 1)) link(name, to, from.join(', '));
    }
  }
  return `${[...lines, ...links].join('\n')}
`;
}
function refs(value) {
  return typeof value === 'string' ? [value] : stringList(value);
}

// dist/product/contract-export.js
var STANDARD_STATUS = {
  draft: 'draft',
  published: 'active',
  deprecated: 'deprecated',
  archived: 'retired',
};
function productDocument(documents) {
  const found = documents.find((d) => d.role === 'product');
  if (found === void 0) return void 0;
  const doc = parseSourceDocument(found.text, { file: found.file });
  return doc.kind === 'odps' && doc.syntaxErrors.length === 0 ? { ...doc, kind: 'odps' } : void 0;
}
function renderContractExport(d, documents, format) {
  const contract = publishedContract(documents);
  const product = productDocument(documents);
  const status = STANDARD_STATUS[d.status];
  const out = (source, text) => ({
    productId: d.id,
    version: d.version,
    format,
    source,
    text,
  });
  switch (format) {
    // A stored document maps to this very version, so writing the descriptor into it changes nothing: the bytes
    // come back as published (comments, key order, unknown fields and all).
    case 'odcs':
      return contract === void 0
        ? out('generated', writeDocument(specToContract(d, void 0, { status })))
        : out('stored', writeDocument(specToContract(d, contract)));
    case 'odps': {
      const contractId = contract === void 0 ? d.id : String(contract.data.id ?? d.id);
      return product === void 0
        ? out('generated', writeDocument(specToProductDocument(d, void 0, { status, contractId })))
        : out('stored', writeDocument(specToProductDocument(d, product)));
    }
    case 'json-schema':
      return out(
        'generated',
        `${JSON.stringify(toJsonSchema(d), null, 2)}
`,
      );
    case 'sql':
      return out('generated', toSqlDdl(d));
    case 'mermaid':
      return out('generated', toMermaidEr(contract ?? d));
    case 'markdown':
      return out('generated', toMarkdown(d, { status: d.status, ...(contract ? { contract } : {}) }));
  }
}
async function exportContract(product, format) {
  const d = await product.descriptor();
  return renderContractExport(d, await product.publishedDocuments(d.version), format);
}

export { renderContractExport, exportContract };
