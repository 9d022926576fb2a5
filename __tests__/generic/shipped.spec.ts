/** The shipped generic loop, loops/release-notes.yaml: what `loopkit init --release-notes` writes, with the workflow's `on:` block that starts it. */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { join } from 'node:path';
import { neverFires, parseWorkflow } from '../../src/cli/workflows.js';
import { RELEASE_NOTES_TEMPLATE, TRIAGE_TEMPLATE } from '../../src/cli/templates.js';
import { loadProject, taskOf } from '../../src/loop/index.js';
import { scoreLoaded } from '../../src/lrs/project.js';
import { cli, tempFolders } from '../cli/run-cli.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('generic/shipped', () => {
  const folder = tempFolders('loopkit-generic-');

  test('the shipped daily-triage loop is what init --triage writes, and scores A', async () => {
    const text = readFileSync('loops/daily-triage.yaml', 'utf8');
    expect(text).toBe(TRIAGE_TEMPLATE);
    const project = await loadProject(new MemoryLoopSource({ 'loops/daily-triage.yaml': text }));
    expect(project.diagnostics).toEqual([]);
    expect(scoreLoaded(project.loops[0]!, project.settings).grade).toBe('A');
  });

  test('the shipped release-notes loop is what init writes; it validates as a generic loop that writes only its release section and scores A', async () => {
    const text = readFileSync('loops/release-notes.yaml', 'utf8');
    expect(text).toBe(RELEASE_NOTES_TEMPLATE);
    const project = await loadProject(new MemoryLoopSource({ 'loops/release-notes.yaml': text }));
    expect(project.diagnostics).toEqual([]);
    const [loaded] = project.loops;
    expect(taskOf(loaded!.loop)).toBe('generic');
    expect(Object.keys(loaded!.loop.outputs!).filter((k) => k !== 'close')).toEqual(['release']);
    const report = scoreLoaded(loaded!, project.settings);
    expect(report.blockers).toEqual([]);
    expect(report.grade).toBe('A');
  });

  test('init --release-notes scaffolds the loop and a workflow that listens to published releases and may edit them', async () => {
    const dir = folder();
    const { code, out } = await cli(['init', '--release-notes', '--cwd', dir]);
    expect(code).toBe(0);
    expect(out).toContain('wrote loops/release-notes.yaml');
    const workflow = readFileSync(join(dir, '.github/workflows/loopkit.yml'), 'utf8');
    expect(workflow).toContain('  release:                        # release-notes\n    types: [published]\n');
    const parsed = parseWorkflow('loopkit.yml', workflow);
    if ('problem' in parsed) throw new Error(parsed.problem);
    // Only the release job may write contents; the pull request reviews read them.
    const jobs = YAML.parse(workflow) as { permissions: Record<string, string>; jobs: Record<string, { if: string; permissions?: Record<string, string> }> };
    expect(jobs.permissions.contents).toBe('read');
    expect(jobs.jobs['release-notes']).toMatchObject({ if: "github.event_name == 'release'", permissions: { contents: 'write', 'pull-requests': 'read' } });
    expect(jobs.jobs.loopkit!.permissions).toBeUndefined();
    expect(jobs.jobs.loopkit!.if).toMatch(/^github\.event_name != 'release' && \(/);
    const project = await loadProject(new MemoryLoopSource({ 'loops/release-notes.yaml': readFileSync(join(dir, 'loops/release-notes.yaml'), 'utf8') }));
    expect(neverFires(project.loops[0]!.loop, [parsed])).toEqual([]);
    // Without the flag the workflow neither listens to releases nor asks to write contents.
    const plain = folder();
    await cli(['init', '--cwd', plain]);
    const without = readFileSync(join(plain, '.github/workflows/loopkit.yml'), 'utf8');
    expect(without).not.toContain('release:');
    expect(without).toContain('  contents: read');
  });
});
