import { afterAll, describe } from 'vitest';
import { describeEngine } from '../../../test/support/describe-engine.ts';
import { dropFreshPostgresDatabases, freshPostgresDatabase } from '../../../test/support/postgres-cluster.ts';
import { openPostgresEngine } from './postgres-engine.ts';

afterAll(dropFreshPostgresDatabases);

describeEngine('postgres', async () => openPostgresEngine({ url: await freshPostgresDatabase() }));

describe('PostgreSQL engine', () => {});
