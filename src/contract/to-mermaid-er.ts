import type { ProductSpec } from '../core/descriptor.ts';
import { documentData } from './contract-to-spec.ts';
import { odcsToFieldType } from './field-type-mapping.ts';
import { asArray, asObject, asString, stringList } from './plain-data.ts';
import { isProductSpec } from './quality-check.ts';
import type { SourceDocument } from './source-document.ts';

interface Attribute {
  readonly type: string;
  readonly name: string;
  readonly keys: readonly ('PK' | 'FK' | 'UK')[];
  readonly comment?: string;
}

/** Mermaid entity and attribute names allow letters, digits, `_` and `-` only. */
function mermaidName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function comment(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const flat = text.replace(/\s+/g, ' ').replaceAll('"', "'").trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

function entity(name: string, attributes: readonly Attribute[]): string[] {
  const lines = [`  ${mermaidName(name)} {`];
  for (const a of attributes) {
    const keys = a.keys.length > 0 ? ` ${a.keys.join(', ')}` : '';
    const note = a.comment === undefined || a.comment === '' ? '' : ` "${a.comment}"`;
    lines.push(`    ${a.type} ${mermaidName(a.name)}${keys}${note}`);
  }
  lines.push('  }');
  return lines;
}

/**
 * Draws a Mermaid ER diagram: one entity for a product spec, or every schema object of an ODCS contract with its
 * relationships (`from` many to `to` one).
 * @example toMermaidEr(readContractDocument(text))
 */
export function toMermaidEr(input: ProductSpec | SourceDocument | Readonly<Record<string, unknown>>): string {
  const lines = ['erDiagram'];
  if (isProductSpec(input)) {
    const attrs = input.schema.fields.map((f) => {
      const a: Attribute = {
        type: f.type,
        name: f.name,
        keys: input.schema.primaryKey.includes(f.name) ? ['PK'] : [],
      };
      const c = comment(f.description);
      return c === undefined ? a : { ...a, comment: c };
    });
    lines.push(...entity(input.id.replaceAll('.', '_'), attrs));
    return `${lines.join('\n')}\n`;
  }
  const objects = asArray(asObject(documentData(input))?.schema).map(asObject);
  const names = new Set(objects.map((o) => asString(o?.name)).filter((n) => n !== undefined));
  const links: string[] = [];
  const link = (from: string, to: string, label: string): void => {
    const [toObject] = to.split('.');
    if (toObject === undefined || !names.has(toObject)) return;
    const line = `  ${mermaidName(from)} }o--|| ${mermaidName(toObject)} : "${comment(label) ?? ''}"`;
    if (!links.includes(line)) links.push(line);
  };
  for (const object of objects) {
    const name = asString(object?.name);
    if (object === undefined || name === undefined) continue;
    const attrs = asArray(object.properties).flatMap((raw) => {
      const p = asObject(raw);
      const prop = asString(p?.name);
      if (p === undefined || prop === undefined) return [];
      const rels = asArray(p.relationships).map(asObject);
      const keys: Attribute['keys'][number][] = [];
      if (p.primaryKey === true) keys.push('PK');
      if (rels.length > 0) keys.push('FK');
      if (p.unique === true && p.primaryKey !== true) keys.push('UK');
      for (const r of rels) for (const to of refs(r?.to)) link(name, to, prop);
      const a: Attribute = { type: odcsToFieldType(p.logicalType, p.physicalType).type, name: prop, keys };
      const c = comment(asString(p.description));
      return [c === undefined ? a : { ...a, comment: c }];
    });
    lines.push(...entity(name, attrs));
    for (const r of asArray(object.relationships).map(asObject)) {
      const from = refs(r?.from).map((f) => f.slice(f.lastIndexOf('.') + 1));
      for (const to of refs(r?.to).slice(0, 1)) link(name, to, from.join(', '));
    }
  }
  return `${[...lines, ...links].join('\n')}\n`;
}

function refs(value: unknown): string[] {
  return typeof value === 'string' ? [value] : stringList(value);
}
