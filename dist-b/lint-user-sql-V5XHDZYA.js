import { checkUserSql, guardContractSql, productTableName } from './chunk-IKI7PMAW.js';
import { isMeshworkSpec, locate } from './chunk-3W3RW7QW.js';
import { bindInputs, safeParseProductSpec } from './chunk-CMCKDKFV.js';
import './chunk-N4LOYPPM.js';
import './chunk-RH4LIB2Q.js';
import './chunk-FXK5COB7.js';
import { quoteAnsiIdent } from './chunk-U5VUA65D.js';
import { compileContractLevelChecks } from './chunk-3HSDKXCL.js';
import './chunk-5YITE3UL.js';
import './chunk-K5DZIQWA.js';
import './chunk-VAFVFMKZ.js';
import { detectDocumentKind, parseSourceDocument } from './chunk-XYK6DAA3.js';
import './chunk-EKUJCVLF.js';
import './chunk-47QYJMV7.js';
import { isMeshError } from './chunk-Z2USMJAC.js';

// dist/product/lint-user-sql.js
function problemAt(doc, path, code, message, hint) {
  const { line, column } = locate(doc, [...path]);
  return { file: doc.file, line, column, severity: 'error', code, message, hint, path: path.join('.') };
}
async function lintUserSql(s, files) {
  const problems = [];
  for (const f of files) {
    const doc = parseSourceDocument(f.text, { file: f.path });
    if (doc.syntaxErrors.length > 0) continue;
    if (isMeshworkSpec(doc.data)) {
      const parsed = safeParseProductSpec(doc.data);
      const spec = parsed.ok ? parsed.value : void 0;
      if (spec?.derived === void 0) continue;
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
      let checks;
      try {
        checks = compileContractLevelChecks(doc);
      } catch {
        continue;
      }
      const id = typeof doc.data.id === 'string' ? String(doc.data.id) : 'contract';
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
export { lintUserSql };
