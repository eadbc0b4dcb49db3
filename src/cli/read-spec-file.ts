import { readFile } from 'node:fs/promises';
import { MeshError } from '../core/errors.ts';

/**
 * Reads a descriptor file (YAML or JSON) into plain data.
 * @throws MeshError `not_found` for a missing file, `invalid_input` for a malformed one or one with a YAML tag such as
 * `!!binary`.
 */
export async function readSpecFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new MeshError(
      'not_found',
      `descriptor file ${path} does not exist or cannot be read; check the path`,
      { cause: error },
    );
  }
  // The YAML parser is loaded by the commands that read a descriptor, not at start-up.
  const { parsePlainYaml } = await import('../contract/parse-plain-yaml.ts');
  return parsePlainYaml(text, path);
}
