import { describeSqlAttackSuite, readSqlAttacks } from '../../../test/support/sql-attack-suite.ts';
import { describePostgresQuery } from './postgres-query-shape.ts';

describeSqlAttackSuite('PostgreSQL', () => ({ describeQuery: describePostgresQuery }), {
  // DuckDB-only syntax: FROM-first queries, file names in FROM (replacement scans), DESCRIBE and SUMMARIZE.
  unparsable: [
    'd-replacement-scan-csv',
    'd-replacement-scan-passwd',
    'd-from-first',
    'd-describe',
    'd-summarize',
    'q-from-first-subquery',
    'q-replacement-scan',
    'q-summarize',
  ],
  // PostgreSQL folds unquoted names to lowercase where DuckDB keeps them as written.
  refusedNodes: { 'd-upper-case': { kind: 'relation', name: 'mw_tokens' } },
  extraPayloads: readSqlAttacks('sql-attacks-postgres.json'),
});
