import { loadProject } from '../../src/loop/index.js';
import { scoreLoaded } from '../../src/lrs/project.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('lrs/skills', () => {
  const loop = (skill: string) =>
    `name: demo\ntrigger: { event: pull_request }\npipeline:\n  - agent: { label: Reviewer, prompt: Find bugs., skill: ${skill} }\n`;

  async function reportFor(files: Record<string, string>) {
    const project = await loadProject(new MemoryLoopSource(files));
    return { project, report: project.loops[0] && scoreLoaded(project.loops[0], project.settings) };
  }

  test('a skill without front matter is an LRS warning that says how to fix it', async () => {
    const { report } = await reportFor({ 'loops/demo.yaml': loop('skills/Bug Hunting/SKILL.md'), 'skills/Bug Hunting/SKILL.md': 'Check bounds.' });
    expect(report!.warnings).toEqual([
      'skill skills/Bug Hunting/SKILL.md has no front matter: its text reaches the agents, but not what it is for; fix: start it with `---`, `name: bug-hunting`, `description: <what it does and when to use it>`, `---` (the SKILL.md format)'
    ]);
  });

  test('a skill in the SKILL.md format adds no warning', async () => {
    const { report } = await reportFor({
      'loops/demo.yaml': loop('skills/b'),
      'skills/b/SKILL.md': '---\nname: b\ndescription: Finds bugs.\n---\nCheck bounds.\n'
    });
    expect(report!.warnings).toEqual([]);
  });

  test('a skill that is missing or does not parse keeps the loop from loading: an error with its line and fix, never a score', async () => {
    for (const files of [
      { 'loops/demo.yaml': loop('skills/none') } as Record<string, string>,
      { 'loops/demo.yaml': loop('skills/b'), 'skills/b/SKILL.md': '---\nname: B B\ndescription: d\n---\nx\n' }
    ]) {
      const { project, report } = await reportFor(files);
      expect(report).toBeUndefined();
      expect(project.diagnostics).toEqual([expect.objectContaining({ severity: 'error', fix: expect.any(String) })]);
    }
  });
});
