import { MeshError } from '../../core/errors.ts';
import type { QueryShape } from '../query-shape.ts';

/**
 * Placeholder: describes a query with PostgreSQL's own parser (libpg-query). Written in parallel on another branch
 * and replaced at merge; until then it refuses.
 * @throws MeshError `storage_unavailable` always, for now.
 */
export async function describePostgresQuery(_sql: string): Promise<QueryShape> {
  throw new MeshError('storage_unavailable', 'describeQuery is not built yet for PostgreSQL');
}
