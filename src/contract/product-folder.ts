import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { ProductSpec } from '../core/descriptor.ts';
import { ContractViolationError, MeshError } from '../core/errors.ts';
import { safeParseProductSpec } from '../core/parse-product-spec.ts';
import { contractToSpec } from './contract-to-spec.ts';
import { asArray, asObject, asString } from './plain-data.ts';
import { type Problem, sortProblems, type ValidationResult } from './problem.ts';
import type { PublishedDocument } from './published-document.ts';
import { parseSourceDocument, type SourceDocument } from './source-document.ts';
import { type DocumentFile, type ValidateOptions, validateDocuments } from './validate-documents.ts';

const DOCUMENT_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Tells whether plain data looks like Meshwork's own product spec (an `id` and a `schema`, no standard's keys). */
export function isMeshworkSpec(data: unknown): boolean {
  const o = asObject(data);
  return o !== undefined && 'id' in o && 'schema' in o && !('apiVersion' in o) && !('kind' in o);
}

async function walk(dir: string, out: string[]): Promise<void> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (DOCUMENT_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
}

/**
 * Reads the descriptor documents named by `paths`: files as given, folders searched for YAML/JSON files whose top
 * level is a mapping (data files holding arrays, such as sample records, are skipped).
 * @throws MeshError `not_found` for a path that does not exist.
 */
export async function collectDocumentFiles(paths: readonly string[]): Promise<DocumentFile[]> {
  const files: DocumentFile[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch (error) {
      throw new MeshError('not_found', `${path} does not exist; give a descriptor file or a product folder`, {
        cause: error,
      });
    }
    if (!isDir) {
      files.push({ path, text: await readFile(path, 'utf8') });
      continue;
    }
    const found: string[] = [];
    await walk(path, found);
    for (const file of found) {
      const text = await readFile(file, 'utf8');
      const doc = parseSourceDocument(text, { file });
      if (doc.syntaxErrors.length === 0 && isSeq(doc.yaml.contents)) continue;
      if (doc.syntaxErrors.length === 0 && !isMap(doc.yaml.contents)) continue;
      files.push({ path: file, text });
    }
  }
  return files;
}

/** Turns a Meshwork spec's issues into problems with line and column from the YAML source. */
export function meshworkSpecProblems(doc: SourceDocument): Problem[] {
  const result = safeParseProductSpec(doc.data);
  if (result.ok) return [];
  return result.issues.map((issue) => {
    const node = doc.yaml.getIn(issue.path, true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0] ?? 0;
    const pos = doc.lineCounter.linePos(offset);
    return {
      file: doc.file,
      line: pos.line,
      column: pos.col,
      severity: 'error',
      code: `spec_${issue.code}` as Problem['code'],
      message: issue.message,
      hint: 'see examples/sales/product.yaml for the Meshwork descriptor format',
      path: issue.path.join('.'),
    };
  });
}

/** A product as read from its documents: the spec, and the standard documents it came from. */
export interface ProductFolder {
  readonly spec: ProductSpec;
  /** The ODCS and ODPS documents, the spec's contract first; empty for a Meshwork descriptor. */
  readonly documents: readonly PublishedDocument[];
}

/** Options for {@link readProductFolder}. */
export interface ReadProductFolderOptions {
  /** The folder the files were found in: documents are named relative to it (else by their base name). */
  readonly root?: string;
}

function documentName(file: string, root: string | undefined): string {
  const rel = root === undefined ? basename(file) : relative(root, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? basename(file) : rel.split(sep).join('/');
}

/**
 * Builds a product spec from a product's documents: a Meshwork descriptor, or an ODPS product with its ODCS
 * contract (the one its output port names when there are several).
 * @throws ContractViolationError when the documents do not describe exactly one product.
 */
export function specFromDocuments(files: readonly DocumentFile[]): ProductSpec {
  return readProductFolder(files).spec;
}

/**
 * Reads a product from its documents (see {@link specFromDocuments}) and keeps the ODCS and ODPS documents it came
 * from, byte for byte, so that they can be stored with the published version.
 * @throws ContractViolationError when the documents do not describe exactly one product.
 * @example const { spec, documents } = readProductFolder(await collectDocumentFiles(['orders/']), { root: 'orders/' })
 */
export function readProductFolder(
  files: readonly DocumentFile[],
  options: ReadProductFolderOptions = {},
): ProductFolder {
  const docs = files.map((f) => parseSourceDocument(f.text, { file: f.path }));
  const broken = docs.filter((d) => d.syntaxErrors.length > 0);
  if (broken.length > 0) {
    throw new ContractViolationError(
      `${broken[0]?.file ?? ''} is not valid YAML: ${broken[0]?.syntaxErrors[0]?.message ?? ''}`,
      broken.map((d) => ({
        path: [d.file],
        code: 'syntax',
        message: d.syntaxErrors[0]?.message ?? 'syntax error',
      })),
    );
  }
  const meshwork = docs.filter((d) => isMeshworkSpec(d.data));
  const contracts = docs.filter((d) => d.kind === 'odcs');
  const products = docs.filter((d) => d.kind === 'odps');
  const fail = (message: string) =>
    new ContractViolationError(message, [{ path: [], code: 'product_documents', message }]);
  if (meshwork.length + products.length > 1) {
    throw fail(
      `found ${meshwork.length + products.length} product descriptors; publish one product folder at a time`,
    );
  }
  const only = meshwork[0];
  if (only) {
    const result = safeParseProductSpec(only.data);
    if (!result.ok) {
      throw new ContractViolationError(
        `${only.file}: invalid product descriptor: ${result.issues[0]?.message ?? ''}`,
        result.issues,
      );
    }
    return { spec: result.value, documents: [] };
  }
  if (contracts.length === 0) {
    throw fail(
      'no data contract found: a product folder needs an ODCS contract (kind: DataContract) or a Meshwork product.yaml',
    );
  }
  const product = products[0];
  let contract = contracts[0] as SourceDocument;
  if (contracts.length > 1) {
    const wanted = new Set(
      (asArray(asObject(product?.data)?.outputPorts) ?? [])
        .map((p) => asString(asObject(p)?.contractId))
        .filter((id) => id !== undefined),
    );
    const chosen = contracts.filter((c) => wanted.has(asString(asObject(c.data)?.id) ?? ''));
    if (chosen.length !== 1) {
      throw fail(
        `found ${contracts.length} contracts and no single one named by the product's output port contractId`,
      );
    }
    contract = chosen[0] as SourceDocument;
  }
  const keep = (doc: SourceDocument, role: PublishedDocument['role']): PublishedDocument => ({
    role,
    file: documentName(doc.file, options.root),
    text: doc.text,
  });
  const documents = [
    keep(contract, 'contract'),
    ...(product === undefined ? [] : [keep(product, 'product')]),
    ...contracts.filter((c) => c !== contract).map((c) => keep(c, 'port_contract')),
  ];
  return { spec: contractToSpec(contract, product), documents };
}

/**
 * Validates descriptor files of any kind Meshwork reads: Meshwork's own product specs by its parser, the open
 * standards against their official schemas and rules (see {@link validateDocuments}).
 */
export function validateProductFiles(
  files: readonly DocumentFile[],
  options: ValidateOptions = {},
): ValidationResult {
  const own: Problem[] = [];
  const standard: DocumentFile[] = [];
  for (const f of files) {
    const doc = parseSourceDocument(f.text, { file: f.path });
    if (doc.syntaxErrors.length === 0 && isMeshworkSpec(doc.data)) own.push(...meshworkSpecProblems(doc));
    else standard.push(f);
  }
  const rest = standard.length > 0 ? validateDocuments(standard, options).problems : [];
  return { problems: sortProblems([...own, ...rest]) };
}
