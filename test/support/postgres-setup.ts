/**
 * Vitest globalSetup for the PostgreSQL tests: hands every worker one base folder for the run's throwaway cluster,
 * which the first worker needing PostgreSQL starts (postgres-cluster.ts), and stops and removes it at the end. A run
 * without PostgreSQL tests starts nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopCluster } from './postgres-server.ts';

export default function setup(project: TestProject): () => Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'meshwork-pg-'));
  project.provide('meshworkPostgresBase', base);
  return () => stopCluster(base);
}
