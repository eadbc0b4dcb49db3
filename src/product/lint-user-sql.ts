import { productTableName } from '../catalog/product-registry.ts';
import { compileContractLevelChecks } from '../contract/compile-quality-checks.ts';
import { detectDocumentKind } from '../contract/document-kind.ts';
import type { Problem } from '../contract/problem.ts';
import { locate } from '../contract/problem-collector.ts';
import { isMeshworkSpec } from '../contract/product-folder.ts';
import { parseSourceDocument, type SourceDocument } from '../contract/source-document.ts';
import type { DocumentFile } from '../contract/validate-documents.ts';
import { bindInputs } from '../core/derived-spec.ts';
import { isMeshError } from '../core/errors.ts';
import { safeParseProductSpec } from '../core/parse-product-spec.ts';
import type { EngineSession } from '../engine/engine.ts';
import { quoteAnsiIdent } from '../engine/sql/sql-dialect.ts';
import { checkUserSql } from '../governance/user-sql-guard.ts';
import { guardContractSql } from './quality/contract-sql-check.ts';

function problemAt(
  doc: SourceDocument,
  path: readonly (string | number)[],
  code: 'derived_sql_unsafe' | 'quality_sql_unsafe',
  message: string,
  hint: string,
): Problem {
  const { line, column } = locate(doc, [...path]);
  return { file: doc.file, line, column, severity: 'error', code, message, hint, path: path.join('.') };
}

/**
 * Checks the SQL users write in product documents — a Meshwork descriptor's `derived.sql`, an ODCS contract's SQL
 * quality checks — with the user-SQL guard on the engine's parse tree, as create, publish, refresh and quality runs
 * will. Tables are named as the platform would name them; nothing is read or run, so any session will do (an
 * in-memory store for `meshwork validate`). Documents that do not parse are left to the other checks.
 * @example const problems = await lintUserSql(engine, await collectDocumentFiles(['orders/']))
 */
export async function lintUserSql(s: EngineSession, files: readonly DocumentFile[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const f of files) {
    const doc = parseSourceDocument(f.text, { file: f.path });
    if (doc.syntaxErrors.length > 0) continue;
    if (isMeshworkSpec(doc.data)) {
      const parsed = safeParseProductSpec(doc.data);
      const spec = parsed.ok ? parsed.value : undefined;
      if (spec?.derived === undefined) continue;
      const tables = new Map(spec.derived.inputs.map((id) => [id, productTableName(id, '1.0.0')]));
      try {
        await checkUserSql(
          s,
          bindInputs(spec.derived.sql, new Map([...tables].map(([id, t]) => [id, quoteAnsiIdent(t)]))),
          {
            operation: `the SQL of ${spec.id}`,
            tables: new Map([...tables].map(([id, t]) => [t, id])),
            howToRead: '{{domain.name}} placeholders of its declared inputs',
          },
        );
      } catch (error) {
        if (!isMeshError(error) || error.code !== 'policy_denied') throw error;
        problems.push(
          problemAt(
            doc,
            ['derived', 'sql'],
            'derived_sql_unsafe',
            error.message,
            'see "User-written SQL" in docs/governance.md',
          ),
        );
      }
    } else if (detectDocumentKind(doc.data) === 'odcs') {
      let checks: ReturnType<typeof compileContractLevelChecks>;
      try {
        checks = compileContractLevelChecks(doc);
      } catch {
        continue;
      }
      const id =
        typeof (doc.data as { id?: unknown }).id === 'string'
          ? String((doc.data as { id: string }).id)
          : 'contract';
      for (const check of checks) {
        if (check.kind !== 'sql') continue;
        try {
          await guardContractSql(s, check, productTableName('contract.check', '1.0.0'), id);
        } catch (error) {
          if (!isMeshError(error) || (error.code !== 'policy_denied' && error.code !== 'invalid_input'))
            throw error;
          problems.push(
            problemAt(
              doc,
              [...(check.path ?? '').split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), 'query'],
              'quality_sql_unsafe',
              `Meshwork will not run this SQL check: ${error.message}`,
              // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
              'write one SELECT that reads only ${table} (or the object) with allow-listed functions, e.g. SELECT COUNT(*) FROM ${table} WHERE amount < 0',
            ),
          );
        }
      }
    }
  }
  return problems;
}
