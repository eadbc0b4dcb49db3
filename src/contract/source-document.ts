import { type Document, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ContractViolationError, type Issue } from '../core/errors.ts';
import { type DocumentKind, describeDocumentKind, detectDocumentKind } from './document-kind.ts';
import { deepEqual, deepFreeze } from './plain-data.ts';
import { YAML_OPTIONS } from './yaml-options.ts';
import { patchYamlText } from './yaml-patch.ts';

/** A YAML (or JSON) syntax error with its 1-based position. */
export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
}

/**
 * A document as read from a file: the exact source text, the parsed `yaml` Document (with source positions)
 * and a frozen plain view of its data. Writing an unchanged document gives back the same bytes.
 */
export interface SourceDocument {
  /** The file name used in problems and messages. */
  readonly file: string;
  readonly kind: DocumentKind;
  /** The exact source text. */
  readonly text: string;
  /** The parsed document; changes made through the `yaml` Document API are picked up by {@link writeDocument}. */
  readonly yaml: Document.Parsed;
  /** Maps offsets in {@link text} to lines and columns. */
  readonly lineCounter: LineCounter;
  /** The plain data as read (frozen). */
  readonly data: unknown;
  /** Syntax errors found while parsing (empty for a well-formed document). */
  readonly syntaxErrors: readonly SyntaxProblem[];
}

/** An ODCS data contract document. */
export interface ContractDocument extends SourceDocument {
  readonly kind: 'odcs';
}

/** An ODPS data product document. */
export interface ProductDocument extends SourceDocument {
  readonly kind: 'odps';
}

/** Options for reading a document. */
export interface ReadDocumentOptions {
  /** The file name to report in problems; defaults to `<input>`. */
  readonly file?: string;
}

/** Parses source text into a {@link SourceDocument} without throwing; syntax errors are listed on the result. */
export function parseSourceDocument(text: string, options: ReadDocumentOptions = {}): SourceDocument {
  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { ...YAML_OPTIONS, lineCounter, keepSourceTokens: true });
  const syntaxErrors = yaml.errors.map((e) => toSyntaxProblem(e, lineCounter));
  const data: unknown = syntaxErrors.length === 0 ? deepFreeze(yaml.toJS()) : safeToJs(yaml);
  return {
    file: options.file ?? '<input>',
    kind: detectDocumentKind(data),
    text,
    yaml,
    lineCounter,
    data,
    syntaxErrors,
  };
}

function safeToJs(doc: Document.Parsed): unknown {
  try {
    return deepFreeze(doc.toJS());
  } catch {
    return undefined;
  }
}

function toSyntaxProblem(error: YAMLError, lineCounter: LineCounter): SyntaxProblem {
  const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  const firstLine = error.message.split('\n')[0] ?? error.message;
  return {
    line: pos.line,
    column: pos.col,
    code: error.code,
    message: firstLine.replace(/ at line \d+, column \d+:?$/, ''),
  };
}

/**
 * Reads a YAML or JSON document of any supported kind, keeping its source for a lossless write.
 * @throws ContractViolationError when the text is not well-formed YAML or not a mapping.
 * @example const doc = readDocument(readFileSync('product.odps.yaml', 'utf8'), { file: 'product.odps.yaml' })
 */
export function readDocument(text: string, options: ReadDocumentOptions = {}): SourceDocument {
  const doc = parseSourceDocument(text, options);
  const issues: Issue[] = doc.syntaxErrors.map((e) => ({
    path: [],
    code: 'yaml_syntax',
    message: `${doc.file}:${e.line}:${e.column}: ${e.message}`,
  }));
  if (issues.length === 0 && (typeof doc.data !== 'object' || doc.data === null || Array.isArray(doc.data))) {
    issues.push({
      path: [],
      code: 'not_a_mapping',
      message: `${doc.file}: the document must be a mapping of keys to values`,
    });
  }
  if (issues.length > 0) {
    throw new ContractViolationError(`cannot read ${doc.file}: ${issues[0]?.message ?? ''}`, issues);
  }
  return doc;
}

/**
 * Reads an ODCS data contract, keeping its source for a lossless write.
 * @throws ContractViolationError when the text is not well-formed YAML or is another kind of document.
 * @example const contract = readContractDocument(text, { file: 'sales.odcs.yaml' })
 */
export function readContractDocument(text: string, options: ReadDocumentOptions = {}): ContractDocument {
  return expectKind(readDocument(text, options), 'odcs');
}

/**
 * Reads an ODPS data product document, keeping its source for a lossless write.
 * @throws ContractViolationError when the text is not well-formed YAML or is another kind of document.
 * @example const product = readProductDocument(text, { file: 'sales.odps.yaml' })
 */
export function readProductDocument(text: string, options: ReadDocumentOptions = {}): ProductDocument {
  return expectKind(readDocument(text, options), 'odps');
}

function expectKind<K extends 'odcs' | 'odps'>(doc: SourceDocument, kind: K): SourceDocument & { kind: K } {
  if (doc.kind !== kind && doc.kind !== 'unknown') {
    const message = `${doc.file} is ${withArticle(describeDocumentKind(doc.kind))}, expected ${withArticle(describeDocumentKind(kind))}`;
    throw new ContractViolationError(message, [{ path: ['kind'], code: 'wrong_kind', message }]);
  }
  return { ...doc, kind };
}

function withArticle(noun: string): string {
  return `${/^[AEIOUaeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/**
 * Renders a document back to text: the exact source bytes when nothing changed, otherwise the source with only
 * the changed values rewritten (changes made to `doc.yaml` through the Document API are included).
 */
export function writeDocument(doc: SourceDocument): string {
  // A document that did not parse cannot have been changed through its data: give its text back.
  if (doc.syntaxErrors.length > 0) return doc.text;
  const current: unknown = doc.yaml.toJS();
  if (deepEqual(current, doc.data)) return doc.text;
  return patchYamlText(doc.text, current);
}

/** Returns a new document holding `data`, with the source text changed only where the values differ. */
export function updateDocument<D extends SourceDocument>(doc: D, data: unknown): D {
  const text = patchYamlText(writeDocument(doc), data);
  const next = parseSourceDocument(text, { file: doc.file });
  return { ...next, kind: doc.kind } as D;
}
