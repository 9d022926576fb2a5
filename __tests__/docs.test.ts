/** The README's tables come from the code: a test keeps them equal. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { renderRuleTable } from '../src/lrs/index.js';
import { INPUT_NAMES } from '../src/action/inputs.js';

const readme = readFileSync('README.md', 'utf8');

test('the LRS table in the README is the one the code scores with', () => {
  const section = /<!-- lrs-table:start -->\n([\s\S]*?)\n<!-- lrs-table:end -->/.exec(readme)?.[1];
  expect(section).toBe(renderRuleTable());
});

test('action.yml declares exactly the inputs the action reads, and the README documents them', () => {
  const action = parse(readFileSync('action.yml', 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };
  expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  for (const name of INPUT_NAMES) expect(readme).toContain(`| \`${name}\` |`);
  for (const name of Object.keys(action.outputs)) expect(readme).toContain(`| \`${name}\` |`);
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js', 'post-if': 'always()' });
});

test('the README gives the two fresh-machine commands', () => {
  expect(readme).toContain('npm ci && npm run demo');
  expect(readme).toMatch(/^npm test\b/m);
});
