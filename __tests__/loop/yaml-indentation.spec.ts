/**
 * One mis-indented line is one error, at that line, with the indentation it should have — not the
 * two to six parser errors around it, some suggesting quotes that do not apply.
 */
import { describe, expect, test } from '@jest/globals';
import { loadProject } from '../../src/loop/index.js';
import { misindentedLine, parseYaml } from '../../src/loop/yaml-document.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('loop/yaml-indentation', () => {
  const LOOP = (lines: string[]) => `${lines.join('\n')}\n`;

  const CASES: Record<string, { text: string; line: number; column: number; message: RegExp; fix: RegExp }> = {
    'a key deeper than the key above it, which has its value': {
      text: LOOP(['name: g', 'trigger:', '  type: webhook', '   event: pull_request', 'pipeline:', '  - label: A', '    prompt: find bugs']),
      line: 4,
      column: 4,
      message: /line 4 is indented by 3 spaces, but the key above it \(line 3: `type: webhook`\) is indented by 2 and already has its value/,
      fix: /2 spaces/
    },
    'a key of a list item one space too deep': {
      text: LOOP([
        'name: d',
        'trigger:',
        '  event: pull_request',
        'pipeline:',
        '  - parallel:',
        '      - label: A',
        '        prompt: find bugs',
        '      - label: B',
        '         prompt: find more'
      ]),
      line: 9,
      column: 10,
      message: /line 9 is indented by 9 spaces/,
      fix: /8 spaces/
    },
    'a key between two levels': {
      text: LOOP([
        'name: a',
        'trigger:',
        '  event: pull_request',
        'pipeline:',
        '  - parallel:',
        '      - label: A',
        '        prompt: find bugs',
        '       model: claude-haiku-5-5'
      ]),
      line: 8,
      column: 8,
      message: /line 8 is indented by 7 spaces, but no key above it is indented by that much/,
      fix: /6 spaces or 8 spaces/
    },
    'a line of a text block less indented than the block': {
      text: LOOP([
        'name: f',
        'trigger:',
        '  event: pull_request',
        'pipeline:',
        '  - label: A',
        '    prompt: |',
        '      find bugs',
        '     and more',
        'verify:',
        '  checker: Verifier'
      ]),
      line: 8,
      column: 6,
      message: /the text block it is in .* is indented by 6/,
      fix: /6 spaces/
    },
    'a nested key under a scalar in verify': {
      text: LOOP([
        'name: e',
        'trigger:',
        '  event: pull_request',
        'pipeline:',
        '  - label: A',
        '    prompt: find bugs',
        'verify:',
        '  checker: Adversarial Verifier',
        '    maxRounds: 2'
      ]),
      line: 9,
      column: 5,
      message: /line 9 is indented by 4 spaces/,
      fix: /2 spaces/
    }
  };

  describe('a mis-indented line', () => {
    test.each(Object.entries(CASES))('%s: one error, at the line, with the indentation to use', (_, { text, line, column, message, fix }) => {
      const parsed = parseYaml('loops/x.yaml', text);
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ line, column });
      expect(errors[0]!.message).toMatch(message);
      expect(errors[0]!.fix).toMatch(fix);
      expect(errors[0]!.fix).not.toMatch(/quote/);
    });

    test('valid files have no such line: list items at their key’s indentation, plain text continued on deeper lines, text blocks', () => {
      const valid = LOOP([
        'name: ok',
        'trigger:',
        '  event: pull_request',
        '  types: [opened, synchronize]',
        'pipeline:',
        '- label: A',
        '  prompt: Find bugs on the',
        '    changed lines only.',
        '- parallel:',
        '    - label: B',
        '      prompt: |',
        '        Look for injection.',
        '',
        '          Indented more inside the block.',
        '    - { label: C, prompt: Quality }',
        'verify:',
        '  checker: Verifier # the built-in one',
        '  maxRounds: 2'
      ]);
      expect(parseYaml('loops/ok.yaml', valid).diagnostics).toEqual([]);
      expect(misindentedLine(valid)).toBeUndefined();
    });

    test('a flow collection over several lines is not judged by indentation', () => {
      expect(misindentedLine(LOOP(['name: x', 'labels: [', '   a,', ' b ]', 'trigger:', '   event: push']))).toBeUndefined();
    });

    test('other syntax errors keep their own message, one per line', () => {
      const parsed = parseYaml('loops/x.yaml', LOOP(['name: x', 'name: y', 'trigger:', '  event: push']));
      expect(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([expect.stringMatching(/Map keys must be unique/)]);
    });
  });

  describe('a key indented under its neighbour (valid YAML, wrong place)', () => {
    const errorsOf = async (text: string) =>
      (await loadProject(new MemoryLoopSource({ 'loops/x.yaml': text }))).diagnostics.filter((d) => d.severity === 'error');

    test('`pipeline:` under `trigger:` is one error at that key, saying where it belongs — not also "missing pipeline"', async () => {
      const errors = await errorsOf(LOOP(['name: c', 'trigger:', '  event: pull_request', '  pipeline:', '  - label: A', '    prompt: find bugs']));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ line: 4, column: 3, path: 'trigger.pipeline' });
      expect(errors[0]!.message).toBe('"pipeline" is indented under "trigger", where it is not a key; it belongs at the top level');
      expect(errors[0]!.fix).toBe('indent `pipeline:` like `trigger:` (column 1)');
    });

    test('a key that is already where it belongs stays an unknown key with its "did you mean"', async () => {
      const errors = await errorsOf(
        LOOP(['name: c', 'trigger:', '  event: pull_request', '  pipelin: x', 'pipeline:', '  - label: A', '    prompt: find bugs'])
      );
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toBe('unknown key "pipelin"');
    });
  });
});
