/** The documentation's tables come from the code: a test keeps them equal. And the README stays a five-minute read. */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { renderRuleTable } from '../src/lrs/index.js';
import { INPUT_NAMES } from '../src/action/inputs.js';

const readme = readFileSync('README.md', 'utf8');
const action = readFileSync('docs/action.md', 'utf8');
const lrs = readFileSync('docs/lrs.md', 'utf8');

test('the LRS table in docs/lrs.md is the one the code scores with', () => {
  const section = /<!-- lrs-table:start -->\n([\s\S]*?)\n<!-- lrs-table:end -->/.exec(lrs)?.[1];
  expect(section).toBe(renderRuleTable());
});

test('action.yml declares exactly the inputs the action reads, and docs/action.md documents them', () => {
  const manifest = parse(readFileSync('action.yml', 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };
  expect(Object.keys(manifest.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  for (const name of INPUT_NAMES) expect(action).toContain(`| \`${name}\` |`);
  for (const name of Object.keys(manifest.outputs)) expect(action).toContain(`| \`${name}\` |`);
  expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js', 'post-if': 'always()' });
});

test('the README gives the workflow step and the two fresh-machine commands on its first screen, and stays under 350 lines', () => {
  const firstScreen = readme.split('\n').slice(0, 60).join('\n');
  expect(firstScreen).toContain('uses: loopkit/action@v1');
  expect(firstScreen).toContain('npm ci && npm run demo');
  expect(firstScreen).toMatch(/^npm test\b/m);
  expect(readme.split('\n').length).toBeLessThan(350);
});

test('every page the README links to exists', () => {
  for (const [, target] of readme.matchAll(/\]\(([\w./-]+\.(?:md|yaml))\)/g)) expect(existsSync(target!)).toBe(true);
});
