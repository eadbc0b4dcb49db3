import { documentData } from './contract-to-spec.ts';
import { asArray, asObject, asString, type PlainObject } from './plain-data.ts';
import type { SourceDocument } from './source-document.ts';

/**
 * What an importer reads from a document: `true` for a key read whole, a nested map for a mapping read key by key,
 * `'*'` as a key for "every key of this mapping, each read as its value says".
 */
export interface ReadKeys {
  readonly [key: string]: true | ReadKeys;
}

/** Lists the paths (`info.contact`, `models.orders.fields.id.tags`) of a value that `read` does not cover. */
export function unreadPaths(value: unknown, read: ReadKeys, at = ''): string[] {
  const obj = asObject(value);
  if (obj === undefined) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(obj)) {
    const path = at === '' ? key : `${at}.${key}`;
    const rule = read[key] ?? read['*'];
    if (rule === undefined) out.push(path);
    else if (rule !== true) out.push(...unreadPaths(child, rule, path));
  }
  return out;
}

const DCS_FIELD: ReadKeys = {
  type: true,
  required: true,
  description: true,
  title: true,
  pii: true,
  classification: true,
  format: true,
  pattern: true,
  minLength: true,
  maxLength: true,
  minimum: true,
  maximum: true,
  exclusiveMinimum: true,
  exclusiveMaximum: true,
  enum: true,
  examples: true,
  example: true,
  primaryKey: true,
  primary: true,
  unique: true,
  $ref: true,
};

/**
 * Lists what {@link dataContractToSpec} leaves out of a Data Contract Specification document: every path it does not
 * map (other models, field tags, quality, terms, servers, …), so an import can say what was not carried over.
 */
export function dataContractUnmapped(
  input: SourceDocument | unknown,
  options: { model?: string } = {},
): string[] {
  const data = asObject(documentData(input)) ?? {};
  const model = options.model ?? Object.keys(asObject(data.models) ?? {})[0] ?? '';
  return unreadPaths(data, {
    dataContractSpecification: true,
    id: true,
    tags: true,
    definitions: { '*': DCS_FIELD },
    info: { title: true, owner: true, description: true, version: true },
    models: { [model]: { description: true, primaryKey: true, fields: { '*': DCS_FIELD } } },
    servicelevels: {
      availability: { percentage: true },
      freshness: { threshold: true },
      latency: { threshold: true },
    },
  });
}

/**
 * Lists what {@link dpdsToSpec} leaves out of an Open Data Mesh (DPDS) descriptor: every path it does not map
 * (other output ports, components other than ports, port keys other than the API, SLA and SLO), so an import can say
 * what was not carried over. Contents behind a `$ref` are not walked.
 */
export function dpdsUnmapped(input: SourceDocument | unknown, options: { port?: string } = {}): string[] {
  const data = asObject(documentData(input)) ?? {};
  const ports = asObject(data.interfaceComponents);
  const outputs = asArray(ports?.outputPorts);
  const chosen =
    options.port === undefined ? 0 : outputs.findIndex((p) => asString(asObject(p)?.name) === options.port);
  const unread = unreadPaths(data, {
    dataProductDescriptor: true,
    info: {
      fullyQualifiedName: true,
      name: true,
      displayName: true,
      domain: true,
      owner: true,
      description: true,
      tags: true,
      version: true,
    },
    interfaceComponents: { inputPorts: true, outputPorts: true },
  });
  outputs.forEach((port, i) => {
    const path = `interfaceComponents.outputPorts[${i}]`;
    if (i !== chosen) {
      unread.push(path);
      return;
    }
    const read: ReadKeys = {
      name: true,
      fullyQualifiedName: true,
      $ref: true,
      promises: { api: true, slo: true },
      obligations: { sla: true },
    };
    unread.push(...unreadPaths(port as PlainObject, read, path));
  });
  return unread;
}
