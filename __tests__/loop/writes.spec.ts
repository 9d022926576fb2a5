/** What a loop may write, given its task: taskOf's defaults and the file:line problems of a write the task cannot make. */
import { loadProject, taskOf } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { ORIGINAL_TRIAGE } from './original-files.js';

describe('loop/writes', () => {
  const load = (yaml: string) => loadProject(new MemoryLoopSource({ 'loops/x.yaml': yaml }));
  const loop = (trigger: string, extra = '') => `name: x\ntrigger:\n${trigger}\npipeline:\n  - prompt: Look.\n${extra}`;

  test('taskOf: declared; review on pull requests; generic with generic outputs; triage on issues or a loop that reads them; generic on push/release/dispatch; else triage', async () => {
    const task = async (yaml: string) => {
      const project = await load(yaml);
      expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return taskOf(project.loops[0]!.loop);
    };
    expect(await task(loop('  event: pull_request'))).toBe('review');
    expect(await task(loop('  event: pull_request', 'task: generic\n'))).toBe('generic');
    expect(await task(loop('  event: issues'))).toBe('triage');
    expect(await task(loop('  cron: "0 9 * * *"', 'connectors:\n  - type: github-issues\n'))).toBe('triage');
    expect(await task(loop('  cron: "0 9 * * *"', 'connectors:\n  - type: github-issues\noutputs:\n  issue: {}\n'))).toBe('generic');
    expect(await task(loop('  type: webhook\n  event: push'))).toBe('generic');
    expect(await task(loop('  type: event\n  event: deployed'))).toBe('generic');
    expect(await task(loop('  type: cron\n  cron: "0 9 * * *"', 'outputs:\n  issue: { max: 1 }\n'))).toBe('generic');
    // The original's cron loop, a bare agent reading the new issues with no connector, stays a triage.
    expect(await task(ORIGINAL_TRIAGE)).toBe('triage');
  });

  test('a write the loop cannot make is an error at its line, with the fix; the loop is not loaded', async () => {
    const project = await load(loop('  event: pull_request', 'outputs:\n  issue: { max: 1 }\n  release: {}\n'));
    expect(project.loops).toEqual([]);
    expect(project.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'loops/x.yaml',
        line: 7,
        path: 'outputs.issue',
        message: '`outputs.issue` is written by generic loops only; this is a review loop (its trigger makes it a review loop)',
        fix: 'add `task: generic`, or remove `outputs.issue`'
      }),
      expect.objectContaining({
        severity: 'error',
        line: 8,
        path: 'outputs.release',
        message: '`outputs.release` is written by generic loops only; this is a review loop (its trigger makes it a review loop)'
      }),
      expect.objectContaining({
        severity: 'error',
        line: 8,
        path: 'outputs.release',
        message: '`outputs.release` writes into the release the event is about, and the trigger does not listen to release'
      })
    ]);
  });

  test('review outputs only on review loops; branches only with push', async () => {
    const review = await load(loop('  event: push', 'outputs:\n  review: { maxComments: 3 }\n'));
    expect(review.diagnostics).toEqual([
      expect.objectContaining({ path: 'outputs.review', line: 7, message: expect.stringContaining('only review loops do; this is a generic loop') })
    ]);
    const branches = await load(loop('  cron: "0 9 * * *"\n  branches: [main]'));
    expect(branches.diagnostics).toEqual([
      expect.objectContaining({
        path: 'trigger.branches',
        line: 4,
        message: '`trigger.branches` filters push events, and the trigger does not listen to push',
        fix: 'add `event: push`, or remove `branches`'
      })
    ]);
  });

  test('a comment a generic loop can land nowhere is a warning; the loop still loads', async () => {
    const project = await load(loop('  event: push', 'outputs:\n  comment: { max: 1 }\n  issue: { max: 1 }\n'));
    expect(project.loops).toHaveLength(1);
    expect(project.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'outputs.comment', message: expect.stringContaining('no event of this loop (push) is about one') })
    ]);
    expect((await load(loop('  event: [push, issues]', 'task: generic\noutputs:\n  comment: { max: 1 }\n'))).diagnostics).toEqual([]);
  });

  test('`outputs.notes` without `memory.notesFile` is an error at its line, with the fix; with one, a cron loop that declares it is generic', async () => {
    const without = await load(loop('  cron: "0 7 * * 1"', 'connectors:\n  - type: github-feedback\noutputs:\n  notes: { max: 5 }\n'));
    expect(without.loops).toEqual([]);
    expect(without.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'loops/x.yaml',
        line: 9,
        path: 'outputs.notes',
        message: '`outputs.notes` proposes lessons as edits of `memory.notesFile`, and the loop names no notes file',
        fix: expect.stringContaining('memory: { notesFile: .github/loopkit-notes.md }')
      })
    ]);
    const withFile = await load(loop('  cron: "0 7 * * 1"', 'memory:\n  notesFile: NOTES.md\noutputs:\n  notes: {}\n'));
    expect(taskOf(withFile.loops[0]!.loop)).toBe('generic');
    // Without the connector no lesson can be proposed: a warning, the loop still loads.
    expect(withFile.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'warning', path: 'outputs.notes', fix: 'add `connectors: [{ type: github-feedback }]`, or remove `outputs.notes`' })
    );
  });

  test('lessons written to a notes file no other loop reads are a warning at `outputs.notes`; a review loop that reads it silences it', async () => {
    const learn = loop('  cron: "0 7 * * 1"', 'connectors:\n  - type: github-feedback\nmemory:\n  notesFile: NOTES.md\noutputs:\n  notes: {}\n');
    const review = (notes: string) => `name: review\ntrigger:\n  event: pull_request\npipeline:\n  - prompt: Review.\nmemory:\n  notesFile: ${notes}\n`;
    const unread = await loadProject(new MemoryLoopSource({ 'loops/x.yaml': learn, 'loops/review.yaml': review('OTHER.md') }));
    expect(unread.loops).toHaveLength(2);
    expect(unread.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'loops/x.yaml',
        line: 11,
        path: 'outputs.notes',
        message: 'the lessons go to NOTES.md, and no other loop here reads it: the review loops learn nothing from them',
        fix: 'add `memory: { notesFile: NOTES.md }` to the loops that should follow the lessons'
      })
    ]);
    const read = await loadProject(new MemoryLoopSource({ 'loops/x.yaml': learn, 'loops/review.yaml': review('NOTES.md') }));
    expect(read.diagnostics).toEqual([]);
    // The same file written with a leading "./".
    const dotted = await loadProject(new MemoryLoopSource({ 'loops/x.yaml': learn, 'loops/review.yaml': review('./NOTES.md') }));
    expect(dotted.diagnostics).toEqual([]);
  });
});
