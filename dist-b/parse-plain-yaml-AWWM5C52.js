import { findUnsupportedTag, unsupportedTagMessage } from './chunk-47QYJMV7.js';
import { MeshError } from './chunk-Z2USMJAC.js';

// dist/contract/parse-plain-yaml.js
import { LineCounter, parseDocument } from 'yaml';
function parsePlainYaml(text, file, what = 'YAML/JSON') {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const [error] = doc.errors;
  if (error !== void 0) {
    const first = error.message.split('\n')[0] ?? '';
    throw new MeshError('invalid_input', `${file} is not valid ${what}: ${first}`, { cause: error });
  }
  const tag = findUnsupportedTag(doc, lineCounter);
  if (tag !== void 0) {
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
export { parsePlainYaml };
