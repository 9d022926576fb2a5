/** `loopkit init --learn`: the learning loop, its notes file and its job, written once, safe to run again, and validated. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli, tempFolders } from './run-cli.js';

describe('cli/init-learn', () => {
  const tempRepo = tempFolders('loopkit-init-learn-');
  const NOTES = '.github/loopkit-notes.md';

  interface Workflow {
    on: { schedule: { cron: string }[] };
    jobs: Record<string, { if?: string; permissions?: Record<string, string>; steps: { uses: string; with?: Record<string, unknown> }[] }>;
  }

  test('init --learn writes the learning loop, its notes file, a review loop that reads it and a job of its own; validate accepts it and scores it well', async () => {
    const dir = tempRepo();
    const first = await cli(['init', '--cwd', dir, '--learn']);
    expect(first.code).toBe(0);
    for (const path of ['loops/learn.yaml', NOTES, 'loops/pr-review.yaml']) expect(first.out).toContain(`wrote ${path}`);
    expect(readFileSync(join(dir, 'loops/pr-review.yaml'), 'utf8')).toContain(`notesFile: ${NOTES}`);
    const workflow = parse(readFileSync(join(dir, '.github/workflows/loopkit.yml'), 'utf8')) as Workflow;
    expect(workflow.on.schedule).toEqual([{ cron: '0 7 * * 1' }]);
    const learn = workflow.jobs.learn!;
    expect(learn.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', issues: 'read' });
    expect(learn.steps.find((s) => s.uses.startsWith('loopkit/action'))!.with).toMatchObject({ loop: 'learn' });
    // The review job never runs the learning loop with the write access it lacks.
    expect(workflow.jobs.loopkit!.if).toContain("github.event.schedule != '0 7 * * 1'");
    expect(workflow.jobs.loopkit!.permissions).toBeUndefined();

    const validated = await cli(['validate', '--cwd', dir, '--json']);
    expect(validated.err).toBe('');
    expect(validated.code).toBe(0);
    const report = JSON.parse(validated.out) as {
      ok: boolean;
      diagnostics: unknown[];
      warnings: unknown[];
      loops: { file: string; report: { score: number } }[];
    };
    expect(report.diagnostics).toEqual([]);
    expect(report.warnings).toEqual([]);
    const loop = report.loops.find((l) => l.file.endsWith('learn.yaml'))!;
    expect(loop.report.score).toBeGreaterThanOrEqual(80);
  });

  test('init --learn again never touches the notes file, even with --force, and says what an existing review loop lacks', async () => {
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    const added = await cli(['init', '--cwd', dir, '--learn']);
    expect(added.code).toBe(0);
    expect(added.out).toContain('wrote loops/learn.yaml');
    expect(added.out).toContain(`add \`notesFile: ${NOTES}\` under \`memory:\` in loops/pr-review.yaml`);
    writeFileSync(join(dir, NOTES), '# Notes\n\n- A maintainer lesson.\n');
    const again = await cli(['init', '--cwd', dir, '--learn', '--force']);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`skip  ${NOTES} (exists)`);
    expect(readFileSync(join(dir, NOTES), 'utf8')).toBe('# Notes\n\n- A maintainer lesson.\n');
  });
});
