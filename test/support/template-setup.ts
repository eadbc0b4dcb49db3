/** Vitest globalSetup: one folder of template stores per test run (see template-stores.ts), removed at the end. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder of template stores (see template-stores.ts). */
    meshworkTemplates: string;
  }
}

export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'meshwork-templates-'));
  project.provide('meshworkTemplates', folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
