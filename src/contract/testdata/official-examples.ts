import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the copied official examples. */
export const OFFICIAL_DIR = fileURLToPath(new URL('./official/', import.meta.url));

/** One official example file: its path under `official/` and its exact text. */
export interface OfficialExample {
  readonly name: string;
  readonly text: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Lists the official examples of one standard whose names end with one of the given extensions. */
export function officialExamples(
  standard: 'odcs' | 'odps' | 'dcs' | 'dpds',
  extensions: readonly string[],
): OfficialExample[] {
  return walk(join(OFFICIAL_DIR, standard))
    .filter((file) => extensions.some((ext) => file.endsWith(ext)))
    .sort()
    .map((file) => ({ name: relative(OFFICIAL_DIR, file), text: readFileSync(file, 'utf8') }));
}

/** Reads one official example by its path under `official/`. */
export function officialExample(name: string): string {
  return readFileSync(join(OFFICIAL_DIR, name), 'utf8');
}
