import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { MeshError } from '../core/errors.ts';

/**
 * Reads a descriptor file (YAML or JSON) into plain data.
 * @throws MeshError `not_found` for a missing file, `invalid_input` for a malformed one.
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
  try {
    return parse(text, { prettyErrors: true });
  } catch (error) {
    const first = (error as Error).message.split('\n')[0] ?? '';
    throw new MeshError('invalid_input', `${path} is not valid YAML/JSON: ${first}`, { cause: error });
  }
}
