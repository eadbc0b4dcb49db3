import { checkContractRules } from './contract-rules.ts';
import { lintContract, lintProduct } from './lint-rules.ts';
import { asArray, asObject, asString, type PlainObject } from './plain-data.ts';
import type { Problem, ValidationResult } from './problem.ts';
import { sortProblems } from './problem.ts';
import { ProblemCollector } from './problem-collector.ts';
import { checkDcsRules, checkDpdsRules, checkProductRules, type ProductLookup } from './product-rules.ts';
import { checkOfficialSchema } from './schema-validation.ts';
import { parseSourceDocument, type SourceDocument } from './source-document.ts';

/** A file to validate: its path (as shown in problems) and its text. */
export interface DocumentFile {
  readonly path: string;
  readonly text: string;
}

/** Options for {@link validateDocuments}. */
export interface ValidateOptions extends ProductLookup {
  /** Report Meshwork-readiness problems (owner, domain, version, types, field names) as errors, not warnings. */
  readonly strict?: boolean;
  /** Also run the lint rules (see {@link lintDocuments}). */
  readonly lint?: boolean;
}

/**
 * Validates documents: YAML syntax, the official JSON schema of each document's kind (ODCS v3.1.0, ODPS v1.0.0,
 * DCS 1.2.1, DPDS 1.0.0), then Meshwork's semantic rules; every problem has a file, line, column, code and hint.
 * @example const { problems } = validateDocuments([{ path: 'sales.odcs.yaml', text }], { strict: true })
 */
export function validateDocuments(
  files: readonly DocumentFile[],
  options: ValidateOptions = {},
): ValidationResult {
  const docs = files.map((f) => parseSourceDocument(f.text, { file: f.path }));
  const problems: Problem[] = [];
  const contractIds = new Set(
    docs
      .filter((d) => d.kind === 'odcs')
      .map((d) => asString(asObject(d.data)?.id))
      .filter((id) => id !== undefined),
  );
  const hasContracts = docs.some((d) => d.kind === 'odcs');
  for (const doc of docs) {
    const c = new ProblemCollector(doc, options.strict === true);
    if (!syntaxOk(doc, problems)) continue;
    const data = asObject(doc.data) ?? {};
    if (doc.kind === 'unknown') {
      c.add(
        'unknown_document_kind',
        [],
        `${doc.file} is not a document Meshwork knows`,
        'add kind: DataContract (ODCS) or kind: DataProduct (ODPS) with its apiVersion',
      );
      problems.push(...c.problems);
      continue;
    }
    checkOfficialSchema(c, doc.kind);
    if (doc.kind === 'odcs') checkContractRules(c, data);
    if (doc.kind === 'odps') {
      checkProductRules(c, data, options);
      if (hasContracts) checkOutputContracts(c, data, contractIds);
    }
    if (doc.kind === 'dcs') checkDcsRules(c, data);
    if (doc.kind === 'dpds') checkDpdsRules(c, data);
    if (options.lint === true) lint(c, data);
    problems.push(...c.problems);
  }
  return { problems: sortProblems(problems) };
}

/**
 * Lints documents for what makes a product pleasant to use (warnings only): descriptions, PII classification,
 * an SLA for published products, and examples.
 * @example lintDocuments([{ path: 'sales.odcs.yaml', text }]).problems
 */
export function lintDocuments(files: readonly DocumentFile[]): ValidationResult {
  const problems: Problem[] = [];
  for (const f of files) {
    const doc = parseSourceDocument(f.text, { file: f.path });
    if (!syntaxOk(doc, problems)) continue;
    const c = new ProblemCollector(doc, false);
    lint(c, asObject(doc.data) ?? {});
    problems.push(...c.problems);
  }
  return { problems: sortProblems(problems) };
}

function lint(c: ProblemCollector, data: PlainObject): void {
  if (c.doc.kind === 'odcs') lintContract(c, data);
  if (c.doc.kind === 'odps') lintProduct(c, data);
}

/** Adds a problem per syntax error; tells whether the document parsed cleanly. */
function syntaxOk(doc: SourceDocument, problems: Problem[]): boolean {
  for (const e of doc.syntaxErrors) {
    problems.push({
      file: doc.file,
      line: e.line,
      column: e.column,
      severity: 'error',
      code: 'yaml_syntax',
      message: e.message,
      hint:
        e.code === 'UNSUPPORTED_TAG'
          ? 'write a plain value here: remove the tag, or quote the value'
          : 'fix the YAML syntax here (indentation, quotes, brackets, duplicate keys)',
      path: '',
    });
  }
  return doc.syntaxErrors.length === 0;
}

function checkOutputContracts(
  c: ProblemCollector,
  data: PlainObject,
  contractIds: ReadonlySet<string>,
): void {
  asArray(data.outputPorts).forEach((raw, i) => {
    const id = asString(asObject(raw)?.contractId);
    if (id !== undefined && !contractIds.has(id)) {
      c.add(
        'output_contract_missing',
        ['outputPorts', i, 'contractId'],
        `output port ${asString(asObject(raw)?.name) ?? i} serves contract ${id}, which is not among the files`,
        'add that contract file, or fix the contractId',
      );
    }
  });
}
