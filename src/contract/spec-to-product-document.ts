import { stringify } from 'yaml';
import type { ProductSpec } from '../core/descriptor.ts';
import { readOwner, readPurpose, readVersion } from './contract-to-spec.ts';
import { asArray, asObject, asString, cloneData, deepEqual, stringList } from './plain-data.ts';
import { dropIfEmpty, type EditableObject, ensureArray, ensureObject, setOrDelete } from './plain-edit.ts';
import { deriveProductId } from './product-id.ts';
import { type ProductDocument, readProductDocument, updateDocument } from './source-document.ts';
import { YAML_OPTIONS } from './yaml-options.ts';

/** The ODPS version Meshwork writes. */
export const ODPS_API_VERSION = 'v1.0.0';

/** How an upstream product id becomes an ODPS input port. */
export interface UpstreamPort {
  readonly version: string;
  readonly contractId: string;
}

/** Options for writing a product spec as an ODPS document. */
export interface SpecToProductDocumentOptions {
  /** The product status of a new document (default `draft`); an existing document keeps its own. */
  readonly status?: string;
  /** The id of the ODCS contract behind the output port; defaults to the product id. */
  readonly contractId?: string;
  /**
   * Pins the version and contract of an upstream product in its input port; without it (or when it returns
   * undefined) the port points at the product id with version `latest`.
   */
  readonly resolveUpstream?: (productId: string) => UpstreamPort | undefined;
  /** The file name of a new document, for messages. */
  readonly file?: string;
}

/**
 * Writes a product spec as an ODPS v1.0.0 product document; with `base`, the base is updated in place and keeps
 * everything Meshwork does not map (management ports, support, custom properties, comments, formatting).
 * @example writeDocument(specToProductDocument(spec, undefined, { contractId: 'sales.transactions' }))
 */
export function specToProductDocument(
  spec: ProductSpec,
  base?: ProductDocument,
  options: SpecToProductDocumentOptions = {},
): ProductDocument {
  if (base === undefined) {
    const skeleton: EditableObject = {
      apiVersion: ODPS_API_VERSION,
      kind: 'DataProduct',
      id: spec.id,
      name: spec.name,
      version: spec.version,
      status: options.status ?? 'draft',
      domain: spec.domain,
      // Placeholders fix the key order of a new document; the ones left empty are dropped below.
      description: undefined,
      tags: undefined,
      team: undefined,
    };
    const filled = applySpec(skeleton, spec, options);
    const data = Object.fromEntries(Object.entries(filled).filter(([, v]) => v !== undefined));
    const text = stringify(data, { ...YAML_OPTIONS, indent: 2, lineWidth: 0 });
    return readProductDocument(text, { file: options.file ?? `${spec.id}.odps.yaml` });
  }
  return updateDocument(base, applySpec(cloneData(base.data) as EditableObject, spec, options));
}

function productId(data: EditableObject): string {
  const name = asString(data.name) ?? asString(data.id) ?? 'product';
  return deriveProductId([asString(data.id)], asString(data.domain), name).id;
}

function applySpec(
  data: EditableObject,
  spec: ProductSpec,
  options: SpecToProductDocumentOptions,
): EditableObject {
  if (asString(data.name) !== spec.name) data.name = spec.name;
  if (asString(data.domain) === undefined || productId(data).split('.')[0] !== spec.domain)
    data.domain = spec.domain;
  // A product without a version of its own is versioned by its contract: leave it so.
  if (data.version !== undefined && readVersion(data.version) !== spec.version) data.version = spec.version;
  if (!deepEqual(stringList(data.tags), spec.tags))
    setOrDelete(data, 'tags', spec.tags.length > 0 ? [...spec.tags] : undefined);
  if ((readPurpose(data.description) ?? '') !== spec.description) {
    if (typeof data.description === 'string') delete data.description;
    setOrDelete(
      ensureObject(data, 'description'),
      'purpose',
      spec.description === '' ? undefined : spec.description,
    );
    dropIfEmpty(data, 'description');
  }
  if ((readOwner(data.team) ?? '') !== spec.owner) {
    setOrDelete(ensureObject(data, 'team'), 'name', spec.owner === '' ? undefined : spec.owner);
    dropIfEmpty(data, 'team');
  }
  const inputs = asArray(data.inputPorts);
  const names = inputs.map((p) => asString(asObject(p)?.name));
  if (!deepEqual([...new Set(names.filter((n) => n !== undefined))], spec.upstream)) {
    const kept = inputs.filter((_, i) => spec.upstream.includes(names[i] ?? ''));
    for (const id of spec.upstream.filter((u) => !names.includes(u))) {
      const port = options.resolveUpstream?.(id);
      kept.push({ name: id, version: port?.version ?? 'latest', contractId: port?.contractId ?? id });
    }
    setOrDelete(data, 'inputPorts', kept.length > 0 ? kept : undefined);
  }
  // The output port serving the contract: pinned by `contractId`, or created when the product has none.
  const contractId = options.contractId ?? spec.id;
  const outputs = ensureArray(data, 'outputPorts');
  const index = outputs.findIndex((p) => asObject(p)?.contractId === contractId);
  const port = asObject(outputs[index]);
  if (port === undefined && options.contractId === undefined && outputs.length > 0) {
    // An existing product with its own ports: leave them as they are.
  } else if (port === undefined) {
    outputs.push({
      name: spec.id.slice(spec.id.indexOf('.') + 1),
      type: 'tables',
      version: spec.version,
      contractId,
    });
  } else if (port.version !== spec.version) {
    outputs[index] = { ...port, version: spec.version };
  }
  if (productId(data) !== spec.id) data.id = spec.id;
  return data;
}
