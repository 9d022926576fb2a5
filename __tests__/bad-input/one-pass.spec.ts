/**
 * Every problem of a file in one pass, not in waves (fix one, run again, meet the next), and
 * messages that say what is wrong with values YAML allows but a loop cannot use: infinities,
 * NaN, and nesting deep enough to exhaust a parser.
 */
import { loadProject } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('bad-input/one-pass', () => {
  const load = (text: string) => loadProject(new MemoryLoopSource({ 'loops/a.yaml': text }));

  test('an unknown key, a checker typo and a missing skill are reported together', async () => {
    const project = await load(
      'name: a\ntrigger: { event: pull_request }\nmodle: x\npipeline:\n  - { label: Bug Review, prompt: Find bugs., skill: skills/none.md }\nagents:\n  - { label: Code Verifier, prompt: Refute. }\nverify:\n  checker: Code Verifer\n'
    );
    expect(project.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [3, 'unknown key "modle"'],
      [9, 'checker "Code Verifer" names no agent'],
      [5, 'skill file "skills/none.md" not found']
    ]);
  });

  test('.inf and .nan are named as what they are, with a fix', async () => {
    const project = await load('name: a\ntrigger: { event: pull_request }\npipeline:\n  - prompt: Look.\nbudget:\n  maxCostUsd: .inf\n  maxTokens: .nan\n');
    expect([...project.diagnostics].sort((a, b) => a.line - b.line)).toEqual([
      expect.objectContaining({ line: 6, column: 15, message: 'expected a finite number, got infinity (.inf)', fix: 'write a number, e.g. 3' }),
      expect.objectContaining({ line: 7, column: 14, message: 'expected a finite number, got NaN (.nan)', fix: 'write a number, e.g. 3' })
    ]);
  });

  test('nesting too deep for a loop file is one clear error, not a crash', async () => {
    const depth = 5000;
    const project = await load(`name: a\ntrigger: { event: pull_request }\npipeline:\n  - prompt: Look.\ntags: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expect(project.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line: 5, message: expect.stringMatching(/nested \d+ levels deep; a loop file needs at most 64/) })
    ]);
  });

  test('nesting by indentation alone is caught as well', async () => {
    const depth = 100;
    const nested = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    const project = await load(`name: a\ntrigger: { event: pull_request }\npipeline:\n  - prompt: Look.\ntags:\n${nested.replace(/^/gm, '  ')} x\n`);
    expect(project.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(/nested (\d+ levels deep|deeper than the parser can follow); a loop file needs at most 64/)
      })
    ]);
  });
});
