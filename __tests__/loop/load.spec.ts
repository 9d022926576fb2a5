import { readFileSync } from 'node:fs';
import { loadProject, formatDiagnostic, FileSystemLoopSource, type Diagnostic } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('loop/load', () => {
  const minimal = `name: demo
trigger:
  event: pull_request
pipeline:
  - agent:
      label: Reviewer
      prompt: Find bugs.
`;

  async function errorsOf(files: Record<string, string | Uint8Array>): Promise<Diagnostic[]> {
    const project = await loadProject(new MemoryLoopSource(files));
    return project.diagnostics.filter((d) => d.severity === 'error');
  }

  describe('loadProject', () => {
    test('the shipped loops and project file validate', async () => {
      const project = await loadProject(new FileSystemLoopSource(process.cwd()));
      expect(project.diagnostics).toEqual([]);
      expect(project.loops.map((l) => l.loop.name)).toEqual(['daily-triage', 'pr-review', 'release-notes']);
      const review = project.loops.find((l) => l.loop.name === 'pr-review')!;
      expect(review.makers.map((m) => m.label)).toEqual(['Security Reviewer', 'Logic Reviewer']);
      expect(review.checkers.map((c) => c.label)).toEqual(['Code Verifier']);
      const triage = project.loops.find((l) => l.loop.name === 'daily-triage')!;
      expect(triage.loop.trigger.cron).toBe('0 9 * * 1-5');
      expect(triage.makers.map((m) => m.label)).toEqual(['Issue Triage']);
      expect(triage.checkers.map((c) => c.label)).toEqual(['Triage Verifier']);
      expect(triage.loop.verify?.maxRounds).toBe(2);
      // the loop's own budget wins over the project defaults (maxDurationMinutes 15, maxIterations 20)
      expect(triage.loop.budget).toEqual({ maxTokens: 300000, maxDurationMinutes: 10, maxIterations: 12, maxCostUsd: 1 });
    });

    test('a minimal loop gets the schema defaults', async () => {
      const project = await loadProject(new MemoryLoopSource({ 'loops/demo.yaml': minimal }));
      expect(project.diagnostics).toEqual([]);
      expect(project.hasConfig).toBe(false);
      expect(project.loops[0]!.loop.trigger.manual).toBe(true);
      expect(project.loops[0]!.makers.map((m) => m.label)).toEqual(['Reviewer']);
      expect(project.loops[0]!.checkers).toEqual([]);
    });

    test('YAML syntax error names file, line and column', async () => {
      const [error] = await errorsOf({ 'loops/bad.yaml': 'name: x\ntrigger:\n  event: [pull_request\npipeline: []\n' });
      expect(error).toMatchObject({ file: 'loops/bad.yaml', severity: 'error' });
      expect(error!.message).toMatch(/^YAML syntax/);
      expect(error!.line).toBeGreaterThanOrEqual(3);
    });

    test('unknown key gets a did-you-mean at the key itself', async () => {
      const text = minimal.replace('pipeline:', 'modle: claude\npipeline:');
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({ line: 4, column: 1, path: 'modle', message: 'unknown key "modle"', fix: 'did you mean "model"?' });
      expect(formatDiagnostic(error!)).toBe('loops/demo.yaml:4:1: error: unknown key "modle" (at modle)\n    fix: did you mean "model"?');
    });

    test('unknown key deep in the pipeline', async () => {
      const text = minimal.replace('      prompt: Find bugs.', '      prompt: Find bugs.\n      skil: x.md');
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({ line: 8, column: 7, path: 'pipeline[0].agent.skil', fix: 'did you mean "skill"?' });
    });

    test('wrong type says what was expected and what was found', async () => {
      const text = minimal + 'budget:\n  maxCostUsd: lots\n';
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({ line: 9, column: 15, path: 'budget.maxCostUsd', message: 'expected a number, got text "lots"' });
    });

    test('enum typo is suggested', async () => {
      const text = minimal + 'memory:\n  store: cach\n';
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({ path: 'memory.store', fix: 'did you mean "cache"?', line: 9 });
    });

    test('missing required key', async () => {
      const [error] = await errorsOf({ 'loops/demo.yaml': 'name: demo\npipeline:\n  - agent: { label: A, prompt: B }\n' });
      expect(error).toMatchObject({ path: 'trigger', message: expect.stringMatching(/missing required key "trigger"/) });
    });

    test('empty pipeline', async () => {
      const [error] = await errorsOf({ 'loops/demo.yaml': 'name: demo\ntrigger: { event: pull_request }\npipeline: []\n' });
      expect(error).toMatchObject({ path: 'pipeline', line: 3, message: expect.stringMatching(/pipeline is empty/) });
    });

    test('a step with two kinds', async () => {
      const text = minimal.replace('  - agent:', '  - parallel: [{ label: P, prompt: Q }]\n    agent:');
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({ path: 'pipeline[0]', message: expect.stringMatching(/not `agent` and `parallel`/) });
    });

    test('a checker that names no agent', async () => {
      const text = minimal + 'agents:\n  - label: Verifier\n    prompt: Refute.\nverify:\n  checker: Verifer\n';
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({
        line: 12,
        column: 12,
        path: 'verify.checker',
        message: 'checker "Verifer" names no agent',
        fix: 'did you mean "Verifier"?'
      });
    });

    test('a maker that names no agent', async () => {
      const text = minimal + 'verify:\n  maker: [Reviewer, Ghost]\n  checker: { label: V, prompt: Refute. }\n';
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({ path: 'verify.maker[1]', message: 'maker "Ghost" names no agent' });
    });

    test('duplicate labels', async () => {
      const text = minimal + 'agents:\n  - label: Reviewer\n    prompt: again\n';
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({ line: 9, path: 'agents[0].label', message: 'duplicate agent label "Reviewer"' });
    });

    test('a cron that does not parse', async () => {
      const [bad] = await errorsOf({ 'loops/demo.yaml': minimal.replace('event: pull_request', 'cron: "61 9 * * *"') });
      expect(bad).toMatchObject({ path: 'trigger.cron', line: 3, message: expect.stringMatching(/does not parse/) });
      const [six] = await errorsOf({ 'loops/demo.yaml': minimal.replace('event: pull_request', 'cron: "0 0 9 * * *"') });
      expect(six).toMatchObject({ message: expect.stringMatching(/needs 5 fields/), fix: expect.stringMatching(/0 9 \* \* 1-5/) });
    });

    test('a missing skill file', async () => {
      const text = minimal.replace('      prompt: Find bugs.', '      prompt: Find bugs.\n      skill: skills/sec/SKILL.md');
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error).toMatchObject({ line: 8, path: 'pipeline[0].agent.skill', message: expect.stringMatching(/not found/) });
      const ok = await loadProject(new MemoryLoopSource({ 'loops/demo.yaml': text, 'skills/sec/SKILL.md': '# Security\nCheck authz.' }));
      expect(ok.diagnostics).toEqual([]);
      expect(ok.loops[0]!.skills).toEqual({ 'skills/sec/SKILL.md': '# Security\nCheck authz.' });
    });

    test('a skill path that leaves the repository', async () => {
      const text = minimal.replace('      prompt: Find bugs.', '      prompt: Find bugs.\n      skill: ../../etc/passwd');
      const [error] = await errorsOf({ 'loops/demo.yaml': text });
      expect(error!.message).toMatch(/leaves the repository/);
    });

    test('non-UTF-8 bytes are reported with their line', async () => {
      const bytes = new Uint8Array([...new TextEncoder().encode('name: demo\ndescription: caf'), 0xe9, 0x0a]);
      const [error] = await errorsOf({ 'loops/demo.yaml': bytes });
      expect(error).toMatchObject({ line: 2, column: 17, message: expect.stringMatching(/not valid UTF-8/) });
    });

    test('an alias bomb is refused', async () => {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 9; i++)
        lines.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(96 + i)}`)
            .join(',')}]`
        );
      const [error] = await errorsOf({ 'loops/bomb.yaml': lines.join('\n') + '\n' });
      expect(error!.message).toMatch(/aliases/);
    });

    test('a huge file is refused before parsing', async () => {
      const [error] = await errorsOf({ 'loops/huge.yaml': 'description: "' + 'x'.repeat(300 * 1024) + '"\n' });
      expect(error!.message).toMatch(/limited to/);
    });

    test('duplicate keys and duplicate loop names', async () => {
      const [dupKey] = await errorsOf({ 'loops/a.yaml': minimal + 'name: again\n' });
      expect(dupKey!.message).toMatch(/YAML syntax/);
      const errors = await errorsOf({ 'loops/a.yaml': minimal, 'loops/b.yaml': minimal });
      expect(errors).toEqual([expect.objectContaining({ file: 'loops/b.yaml', message: expect.stringMatching(/already used in loops\/a.yaml/) })]);
    });

    test('a loop file that is not a mapping', async () => {
      const [error] = await errorsOf({ 'loops/list.yaml': '- a\n- b\n' });
      expect(error!.message).toMatch(/is a mapping/);
    });

    test('project file: inline loops, defaults and errors with positions', async () => {
      const config = `version: "1"
settings:
  defaultModel: claude-haiku-4-5
  defaultBudget: { maxCostUsd: 2, maxTokens: 1000 }
loops:
  - name: inline
    trigger: { event: pull_request }
    budget: { maxTokens: 5000 }
    pipeline:
      - agent: { label: A, prompt: B }
`;
      const project = await loadProject(new MemoryLoopSource({ 'loopkit.yaml': config }));
      expect(project.diagnostics).toEqual([]);
      expect(project.loops[0]!.loop).toMatchObject({ model: 'claude-haiku-4-5', budget: { maxCostUsd: 2, maxTokens: 5000 } });
      expect(project.loops[0]!.locate(['budget'])).toEqual({ line: 8, column: 13 });

      const broken = await errorsOf({ 'loopkit.yaml': config.replace('version: "1"', 'version: 1') });
      expect(broken[0]).toMatchObject({ file: 'loopkit.yaml', line: 1, path: 'version' });
    });

    test('checker given inline may not be a string of nothing', async () => {
      const errors = await errorsOf({ 'loops/demo.yaml': minimal + 'verify:\n  checker: { label: V }\n' });
      expect(errors[0]).toMatchObject({ path: 'verify.checker.prompt' });
    });

    test('shipped loop files are the ones the README documents', () => {
      const text = readFileSync('loops/daily-triage.yaml', 'utf8');
      expect(text).toContain('label: Issue Triage');
      expect(text).toContain('checker: Triage Verifier');
    });
  });
});
