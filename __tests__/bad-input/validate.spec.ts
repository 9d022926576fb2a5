/**
 * `loopkit validate` on broken loop and project files: the corpus in ./corpus (one broken file
 * each, loop-*.yaml placed in loops/, project-*.yaml as loopkit.yaml) and a few generated ones
 * (too large, not UTF-8). Each must give a message that starts with file:line:column, exit
 * non-zero, and never show a stack trace.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/index.js';
import { bufferOutput } from '../../src/cli/output.js';

describe('bad-input/validate', () => {
  const CORPUS = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

  const VALID_PROJECT = 'version: "1"\n';
  const VALID_LOOP = `name: valid-review
description: Find bugs that a pull request introduces and post only what the checker confirms.
trigger:
  event: pull_request
pipeline:
  - agent: { label: Bug Hunter, prompt: Find bugs on the changed lines. }
agents:
  - { label: Verifier, prompt: Try to refute every finding with evidence from the code. }
verify:
  checker: Verifier
budget:
  maxIterations: 6
memory:
  store: cache
`;

  interface Expected {
    /** Where the message must point. */
    line: number;
    column: number;
    /** The message after `error: `. */
    message: RegExp;
  }

  /** Every corpus file, with where its problem is and what the message says. */
  const CORPUS_CASES: Record<string, Expected> = {
    // The parser notices the missing quote where the file ends; the message points where it opens.
    'loop-syntax-unclosed-quote.yaml': { line: 2, column: 14, message: /YAML syntax: the double quote opened on line 2 is never closed/ },
    // Line 4 is indented one space more than its sibling: YAML reads it as more of line 3's value.
    'loop-syntax-bad-indent.yaml': { line: 4, column: 4, message: /YAML indentation: line 4 is indented by 3 spaces, but the key above it/ },
    'loop-syntax-unclosed-flow.yaml': { line: 5, column: 1, message: /YAML syntax: Flow sequence .* end with a \]/ },
    'loop-tabs.yaml': { line: 3, column: 1, message: /YAML syntax: Tabs are not allowed as indentation/ },
    'loop-duplicate-key.yaml': { line: 6, column: 1, message: /YAML syntax: Map keys must be unique/ },
    'loop-unknown-key-top.yaml': { line: 4, column: 1, message: /unknown key "modle"/ },
    'loop-unknown-key-nested.yaml': { line: 7, column: 9, message: /unknown key "promt"/ },
    'loop-wrong-type-budget.yaml': { line: 7, column: 14, message: /expected a number, got text "lots"/ },
    'loop-wrong-type-pipeline.yaml': { line: 4, column: 11, message: /expected a list/ },
    'loop-negative-cost.yaml': { line: 7, column: 15, message: /too small: expected number to be >0/ },
    'loop-bad-cron-fields.yaml': { line: 3, column: 9, message: /cron needs 5 fields/ },
    'loop-bad-cron-value.yaml': { line: 3, column: 9, message: /cron "61 9 \* \* 1-5" does not parse/ },
    'loop-empty-pipeline.yaml': { line: 4, column: 11, message: /the pipeline is empty/ },
    'loop-unknown-skill.yaml': { line: 8, column: 14, message: /skill file "skills\/bugs\/SKILL\.md" not found/ },
    'loop-skill-outside-repo.yaml': { line: 8, column: 14, message: /leaves the repository/ },
    'loop-alias-bomb.yaml': { line: 1, column: 1, message: /YAML aliases expand too far/ },
    'loop-bad-name.yaml': { line: 1, column: 7, message: /a loop needs a name/ },
    'loop-unknown-event.yaml': { line: 3, column: 10, message: /expected one of "pull_request", .*got text "pull_requests"/ },
    'loop-bad-severity.yaml': { line: 6, column: 9, message: /expected one of "critical", .*got text "severe"/ },
    'loop-step-two-kinds.yaml': {
      line: 5,
      column: 5,
      message: /a pipeline step has one of `agent`, `parallel` or `agents` or is an agent itself, not `agent` and `parallel`/
    },
    // An LRS blocker (enforceMakerChecker), reported like a file problem.
    'loop-maker-is-checker.yaml': { line: 13, column: 3, message: /checker .*maker/ },
    'loop-checker-typo.yaml': { line: 10, column: 12, message: /checker "Code Verifer" names no agent/ },
    'loop-duplicate-labels.yaml': { line: 7, column: 18, message: /duplicate agent label "Bug Hunter"/ },
    'loop-threshold-percent.yaml': { line: 10, column: 18, message: /too big: expected number to be <=1/ },
    'loop-max-rounds-zero.yaml': { line: 10, column: 14, message: /too small: expected number to be >=1/ },
    'loop-not-a-mapping.yaml': { line: 1, column: 1, message: /a loop file is a mapping/ },
    'loop-empty-trigger.yaml': { line: 2, column: 10, message: /a trigger needs at least one of `event`, `cron`, `command` or `type`/ },
    'loop-bad-condition.yaml': { line: 6, column: 21, message: /write a comparison such as ">= 1"/ },
    'loop-bad-memory.yaml': { line: 7, column: 10, message: /expected one of "cache", "filesystem", "memory", "claude", got text "redis"/ },
    'loop-close-issues.yaml': { line: 7, column: 10, message: /expected one of false, got boolean true/ },
    'loop-bad-command.yaml': { line: 4, column: 12, message: /a command is one lower-case word/ },
    'loop-two-documents.yaml': { line: 6, column: 1, message: /YAML syntax: Source contains multiple documents/ },
    'loop-empty-file.yaml': { line: 1, column: 1, message: /a loop file is a mapping/ },
    'loop-unknown-connector.yaml': {
      line: 5,
      column: 11,
      message: /expected one of "github-pull-request", "github-issues", "repo-files", "github-feedback", "repository", "mcp", got text "slack-channel"/
    },
    'loop-agent-without-prompt.yaml': { line: 6, column: 7, message: /missing required key "prompt"/ },
    'loop-model-number.yaml': { line: 4, column: 8, message: /expected text, got number 5/ },
    'loop-max-comments-too-many.yaml': { line: 8, column: 18, message: /too big: expected number to be <=100/ },
    'project-wrong-version.yaml': { line: 1, column: 10, message: /expected one of "1", got text "2"/ },
    'project-version-number.yaml': { line: 1, column: 10, message: /expected one of "1", got number 1/ },
    'project-unknown-setting.yaml': { line: 3, column: 3, message: /unknown key "enforceMakerCheckers"/ },
    'project-syntax.yaml': { line: 4, column: 3, message: /YAML syntax: Flow map .* end with a \}/ },
    'project-inline-loop-bad.yaml': { line: 7, column: 57, message: /unknown key "temperature"/ },
    'project-default-budget-string.yaml': { line: 3, column: 18, message: /expected a mapping/ },
    'project-loops-dir-number.yaml': { line: 3, column: 13, message: /expected text, got number 7/ }
  };

  /** Broken files made in code: too large, not UTF-8, a skill too large to send. */
  const GENERATED_CASES: Record<string, Expected & { file: string; files: () => Record<string, string | Buffer> }> = {
    'a loop file over 256 KB': {
      file: 'loops/huge.yaml',
      files: () => ({ 'loops/huge.yaml': `name: huge\ndescription: ${'x'.repeat(300 * 1024)}\ntrigger:\n  event: pull_request\n` }),
      line: 1,
      column: 1,
      message: /file is \d+ bytes; loop files are limited to 262144 bytes/
    },
    'a loop file with Latin-1 bytes': {
      file: 'loops/latin1.yaml',
      files: () => ({
        'loops/latin1.yaml': Buffer.concat([
          Buffer.from('name: review\ntrigger:\n  event: pull_request\npipeline:\n  - agent: { label: Bug Hunter, prompt: "Find bugs in the caf'),
          Buffer.from([0xe9]), // é in Latin-1: not UTF-8
          Buffer.from(' code." }\n')
        ])
      }),
      line: 5,
      column: 62,
      message: /file is not valid UTF-8 \(byte offset \d+\)/
    },
    'a project file in UTF-16': {
      file: 'loopkit.yaml',
      files: () => ({ 'loopkit.yaml': Buffer.from(`\ufeffversion: "1"\n`, 'utf16le'), 'loops/review.yaml': VALID_LOOP }),
      line: 1,
      column: 1,
      message: /not valid UTF-8/
    },
    'a skill file over 64 KB': {
      file: 'loops/review.yaml',
      files: () => ({
        'loops/review.yaml': VALID_LOOP.replace(
          'prompt: Find bugs on the changed lines. }',
          'prompt: Find bugs on the changed lines., skill: skills/big/SKILL.md }'
        ),
        'skills/big/SKILL.md': `# Big\n\n${'Check every line twice. '.repeat(4000)}`
      }),
      line: 6,
      column: 81,
      message: /skill file "skills\/big\/SKILL\.md" is \d+ bytes; at most 65536/
    }
  };

  /** A repository holding the files, with a valid project file unless the case replaces it. */
  function repository(files: Record<string, string | Buffer>): string {
    const root = mkdtempSync(join(tmpdir(), 'loopkit-bad-input-'));
    const all = { 'loopkit.yaml': VALID_PROJECT, ...files };
    for (const [path, content] of Object.entries(all)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }

  function corpusFiles(name: string): { file: string; files: Record<string, string | Buffer> } {
    const bytes = readFileSync(join(CORPUS, name));
    if (name.startsWith('project-')) return { file: 'loopkit.yaml', files: { 'loopkit.yaml': bytes, 'loops/review.yaml': VALID_LOOP } };
    return { file: `loops/${name}`, files: { [`loops/${name}`]: bytes } };
  }

  async function validate(root: string): Promise<{ code: number; text: string }> {
    const io = bufferOutput();
    try {
      const code = await main(['validate', '--cwd', root], io, {});
      return { code, text: [...io.lines, ...io.errors].join('\n') };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  function expectReported(result: { code: number; text: string }, file: string, expected: Expected): void {
    if (process.env.LOOPKIT_PROBE) console.log(`${file}\n${result.text}`);
    expect(result.code).not.toBe(0);
    const where = new RegExp(`^${escape(file)}:${expected.line}:${expected.column}: error: (.*)$`, 'm');
    const line = where.exec(result.text);
    expect({ file, output: result.text, matched: line !== null }).toMatchObject({ matched: true });
    expect(line![1]).toMatch(expected.message);
    // No stack trace, no crash dressed as a message.
    expect(result.text).not.toMatch(/^\s+at .+(:\d+:\d+\)?|\(native\))$/m);
    expect(result.text).not.toMatch(/\b(TypeError|ReferenceError|RangeError|Maximum call stack)\b/);
  }

  test('the corpus holds at least 30 broken files, and every one has an expectation here', () => {
    const names = readdirSync(CORPUS)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(names.filter((n) => !(n in CORPUS_CASES))).toEqual([]);
    expect(Object.keys(CORPUS_CASES).filter((n) => !names.includes(n))).toEqual([]);
  });

  test.each(Object.entries(CORPUS_CASES))('%s: file:line:column, non-zero exit, no stack trace', async (name, expected) => {
    const { file, files } = corpusFiles(name);
    expectReported(await validate(repository(files)), file, expected);
  });

  test.each(Object.entries(GENERATED_CASES))('%s: file:line:column, non-zero exit, no stack trace', async (_name, { file, files, ...expected }) => {
    expectReported(await validate(repository(files())), file, expected);
  });

  test('the JSON output carries the same positions, for editors and CI', async () => {
    const { files } = corpusFiles('loop-unknown-key-nested.yaml');
    const io = bufferOutput();
    const root = repository(files);
    try {
      const code = await main(['validate', '--cwd', root, '--json'], io, {});
      expect(code).toBe(2);
      const report = JSON.parse(io.lines.join('\n')) as { ok: boolean; diagnostics: { file: string; line: number; column: number; severity: string }[] };
      expect(report.ok).toBe(false);
      expect(report.diagnostics).toContainEqual(expect.objectContaining({ file: 'loops/loop-unknown-key-nested.yaml', line: 7, column: 9, severity: 'error' }));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
