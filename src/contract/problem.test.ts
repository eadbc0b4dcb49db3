import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANGE_CATALOG } from './contract-change.ts';
import { formatProblemsText, PROBLEM_CATALOG, type Problem } from './problem.ts';

const docs = readFileSync(new URL('../../docs/contracts.md', import.meta.url), 'utf8');

describe('the contracts documentation', () => {
  it.each(Object.keys(PROBLEM_CATALOG))('documents the problem code %s', (code) => {
    expect(docs).toContain(`\`${code}\``);
  });

  it.each(Object.keys(CHANGE_CATALOG))('documents the change code %s', (code) => {
    expect(docs).toContain(`\`${code}\``);
  });
});

describe('rendering problems as text', () => {
  it('lists each problem with its place and hint, errors and warnings counted', () => {
    const problem: Problem = {
      file: 'b.yaml',
      line: 7,
      column: 5,
      severity: 'error',
      code: 'schema_type',
      message: 'tags[0] must be a string, got 42',
      hint: 'write a string here',
      path: 'tags[0]',
    };
    const warning: Problem = {
      ...problem,
      file: 'a.yaml',
      line: 1,
      column: 1,
      severity: 'warning',
      code: 'owner_missing',
      message: 'no owner',
      hint: 'add team.name',
    };
    expect(formatProblemsText([problem, warning])).toBe(
      [
        'a.yaml:1:1  warning  owner_missing  no owner',
        '    hint: add team.name',
        'b.yaml:7:5  error  schema_type  tags[0] must be a string, got 42',
        '    hint: write a string here',
        '',
        '1 error(s), 1 warning(s)',
        '',
      ].join('\n'),
    );
    expect(formatProblemsText([])).toBe('no problems\n');
  });
});
