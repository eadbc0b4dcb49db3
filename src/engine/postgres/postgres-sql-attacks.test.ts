import { describeSqlAttackSuite } from '../../../test/support/sql-attack-suite.ts';
import { CORPUS_DIFFERENCES } from '../../../test/support/sql-attacks.ts';
import { describePostgresQuery } from './postgres-query-shape.ts';

describeSqlAttackSuite(
  'PostgreSQL',
  () => ({ describeQuery: describePostgresQuery }),
  CORPUS_DIFFERENCES.postgres,
);
