import { type Document, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import { ContractViolationError, type Issue } from '../core/errors.ts';
import { type DocumentKind, describeDocumentKind, detectDocumentKind } from './document-kind.ts';
import { deepEqual, deepFreeze } from './plain-data.ts';
import { YAML_OPTIONS } from './yaml-options.ts';
import { findUnsupportedTag, unsupportedTagMessage } from './yaml-tags.ts';
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

/** The longest document text read (in characters): contracts are kilobytes; anything this big is refused unread. */
export const MAX_DOCUMENT_LENGTH = 8 * 1024 * 1024;

/** Parses source text into a {@link SourceDocument} without throwing; syntax errors are listed on the result. */
export function parseSourceDocument(text: string, options: ReadDocumentOptions = {}): SourceDocument {
  if (text.length > MAX_DOCUMENT_LENGTH) return tooLarge(text, options.file ?? '<input>');
  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { ...YAML_OPTIONS, lineCounter, keepSourceTokens: true });
  const syntaxErrors = yaml.errors.map((e) => toSyntaxProblem(e, lineCounter));
  let data: unknown;
  // A tag outside the core schema (`!!binary`, `!foo`) is refused before the data is built: it would give binary
  // data, sets or dates, or a string with its tag silently dropped.
  const tag = syntaxErrors.length > 0 ? undefined : findUnsupportedTag(yaml, lineCounter);
  if (tag !== undefined) {
    syntaxErrors.push({
      line: tag.line,
      column: tag.column,
      code: 'UNSUPPORTED_TAG',
      message: unsupportedTagMessage(tag.tag),
    });
  } else if (syntaxErrors.length > 0) data = safeToJs(yaml);
  else {
    const read = readData(yaml, lineCounter);
    data = read.data;
    if (read.problem !== undefined) syntaxErrors.push(read.problem);
  }
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

function tooLarge(text: string, file: string): SourceDocument {
  const yaml = parseDocument('', YAML_OPTIONS);
  const megabytes = Math.round((text.length / 1024 / 1024) * 10) / 10;
  return {
    file,
    kind: 'unknown',
    text,
    yaml,
    lineCounter: new LineCounter(),
    data: undefined,
    syntaxErrors: [
      {
        line: 1,
        column: 1,
        code: 'TOO_LARGE',
        message: `the document has ${megabytes} MB of text, more than the ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MB a contract or product document may have; it was not read`,
      },
    ],
  };
}

/**
 * Reads a well-formed document's data. Aliases are expanded at most `yaml`'s default 100 times per document: an
 * alias bomb (aliases of aliases, growing exponentially) is refused at once as a problem on its first alias.
 */
function readData(
  doc: Document.Parsed,
  lineCounter: LineCounter,
): { data: unknown; problem?: SyntaxProblem } {
  try {
    return { data: deepFreeze(doc.toJS()) };
  } catch (error) {
    if (!(error instanceof ReferenceError && /alias/i.test(error.message))) throw error;
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const pos = lineCounter.linePos(offset);
    return {
      data: undefined,
      problem: {
        line: pos.line,
        column: pos.col,
        code: 'ALIAS_LIMIT',
        message:
          'the document expands its aliases too often (an alias bomb) and was not read; write the values out instead of nesting aliases',
      },
    };
  }
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
