/** `memory.learn` and `memory.notesFile` as the loader reads them. */
import { formatDiagnostic, loadProject } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('loop/memory-config', () => {
  const loop = (memory: string, name = 'demo') =>
    `name: ${name}\ntrigger: { event: pull_request }\npipeline:\n  - agent: { label: Reviewer, prompt: Find bugs. }\n${memory}`;

  async function memoryOf(files: Record<string, string>) {
    const project = await loadProject(new MemoryLoopSource(files));
    return { project, memory: (name: string) => project.loops.find((l) => l.loop.name === name)?.loop.memory };
  }

  test('store: claude learns unless told not to; other stores learn only when told', async () => {
    const { project, memory } = await memoryOf({
      'loops/a.yaml': loop('memory: { store: claude }\n', 'a'),
      'loops/b.yaml': loop('memory: { store: claude, learn: false }\n', 'b'),
      'loops/c.yaml': loop('memory: { store: cache }\n', 'c'),
      'loops/d.yaml': loop('memory: { store: filesystem, learn: true, notesFile: .loopkit/notes/d.md }\n', 'd')
    });
    expect(project.diagnostics).toEqual([]);
    expect(memory('a')).toEqual({ store: 'cache', learn: true });
    expect(memory('b')).toEqual({ store: 'cache', learn: false });
    expect(memory('c')).toEqual({ store: 'cache' });
    expect(memory('d')).toEqual({ store: 'filesystem', learn: true, notesFile: '.loopkit/notes/d.md' });
    const notes = project.loops.find((l) => l.loop.name === 'd')!.notes.join('\n');
    expect(notes).toMatch(/the loop learns: what maintainers teach it/);
    expect(notes).toMatch(/notes in .loopkit\/notes\/d.md \(one per "- " line\) are given to the agents; LoopKit never writes the file/);
  });

  test("learning is a project-wide policy, like persistence: a loop with its own store keeps the project's unless it says otherwise", async () => {
    const { memory } = await memoryOf({
      'loopkit.yaml': 'version: "1"\nsettings:\n  defaultMemory: { store: claude }\n',
      'loops/a.yaml': loop('memory: { store: filesystem }\n', 'a'),
      'loops/b.yaml': loop('memory: { store: cache, learn: false }\n', 'b'),
      'loops/c.yaml': loop('', 'c')
    });
    expect(memory('a')).toEqual({ store: 'filesystem', learn: true });
    expect(memory('b')).toEqual({ store: 'cache', learn: false });
    expect(memory('c')).toEqual({ store: 'cache', learn: true });
  });

  test.each(['../notes.md', '/etc/notes.md', 'docs/../../notes.md'])(
    'a notes file outside the repository (%s) is an error at its line, with a fix',
    async (path) => {
      const { project } = await memoryOf({ 'loops/a.yaml': loop(`memory:\n  store: cache\n  notesFile: ${path}\n`, 'a') });
      expect(project.loops).toEqual([]);
      expect(project.diagnostics.map(formatDiagnostic)).toEqual([
        'loops/a.yaml:7:14: error: the notes file must be inside the repository (at memory.notesFile)\n    fix: give a path from the repository root, e.g. .loopkit/notes/pr-review.md'
      ]);
    }
  );
});
