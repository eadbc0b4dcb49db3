import { LineCounter, parseDocument } from 'yaml';
import { MeshError } from '../core/errors.ts';
import { findUnsupportedTag, unsupportedTagMessage } from './yaml-tags.ts';

/**
 * Parses a YAML (or JSON) file holding plain data: descriptors, policy files, `meshwork.yaml`. Nothing is printed
 * (the `yaml` package's `parse` would warn on the console).
 * @throws MeshError `invalid_input` naming the file for malformed YAML, and its line, column and the tag for a tag
 * outside YAML's core schema (`!!binary`, `!!set`, `!foo`, …).
 * @example const data = parsePlainYaml(readFileSync('policies.yaml', 'utf8'), 'policies.yaml')
 */
export function parsePlainYaml(text: string, file: string, what = 'YAML/JSON'): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const [error] = doc.errors;
  if (error !== undefined) {
    const first = error.message.split('\n')[0] ?? '';
    throw new MeshError('invalid_input', `${file} is not valid ${what}: ${first}`, { cause: error });
  }
  const tag = findUnsupportedTag(doc, lineCounter);
  if (tag !== undefined) {
    throw new MeshError(
      'invalid_input',
      `${file}:${tag.line}:${tag.column}: ${unsupportedTagMessage(tag.tag)}`,
      {
        details: { file, line: tag.line, column: tag.column, tag: tag.tag },
      },
    );
  }
  return doc.toJS();
}
