import { MeshError } from './chunk-Z2USMJAC.js';

// dist/connectors/worldbank/worldbank-pull.js
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
var WORLDBANK_CONNECTOR = 'worldbank';
var SPEC_URL = new URL('./worldbank-product.yaml', import.meta.url);
async function worldBankProductSpec() {
  return parse(await readFile(SPEC_URL, 'utf8'));
}
function parseYears(text) {
  const m = /^\s*(\d{4})\s*(?::\s*(\d{4}))?\s*$/.exec(text);
  if (!m) throw new MeshError('invalid_input', `years must look like 2015:2023 or 2020, got "${text}"`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (from > to)
    throw new MeshError('invalid_input', `years ${text}: the first year must not be after the last`);
  return { from, to };
}
function worldBankPullScope(pull, countries) {
  const years = typeof pull.years === 'number' ? { from: pull.years, to: pull.years } : pull.years;
  const field = (name) => ({ kind: 'field', field: name });
  return {
    kind: 'and',
    items: [
      { kind: 'in', left: field('indicator_code'), values: [...pull.indicators], negated: false },
      { kind: 'in', left: field('country_code'), values: [...countries], negated: false },
      { kind: 'compare', left: field('year'), op: 'gte', value: years.from },
      { kind: 'compare', left: field('year'), op: 'lte', value: years.to },
    ],
  };
}

export { WORLDBANK_CONNECTOR, worldBankProductSpec, parseYears, worldBankPullScope };
