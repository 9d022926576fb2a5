/** `loopkit init --eval`: the eval workflow (the action's `mode: eval`), written once, safe to run again. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../../src/action/inputs.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/init-eval', () => {
  const tempRepo = tempFolders('loopkit-init-eval-');
  const EVAL_WORKFLOW = '.github/workflows/loopkit-eval.yml';

  interface Workflow {
    on: { schedule: { cron: string }[]; pull_request: { paths: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: { uses: string; with?: Record<string, unknown> }[] }>;
  }

  test('init --eval writes the eval workflow: a schedule and pull requests that change loops/, the least permissions, inputs the action has', async () => {
    const dir = tempRepo();
    const first = await cli(['init', '--cwd', dir, '--eval']);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`wrote ${EVAL_WORKFLOW}`);
    const workflow = parse(readFileSync(join(dir, EVAL_WORKFLOW), 'utf8')) as Workflow;
    expect(workflow.on.schedule).toHaveLength(1);
    expect(workflow.on.pull_request).toEqual({ paths: ['loops/**'] });
    expect(workflow.permissions).toEqual({ contents: 'read', checks: 'write', 'pull-requests': 'read' });
    const step = Object.values(workflow.jobs)[0]!.steps.find((s) => s.uses.startsWith('loopkit/action'))!;
    expect(step.with).toMatchObject({ mode: 'eval', 'eval-bench': 'martian', 'eval-max-f1-drop': 0.05 });
    for (const input of Object.keys(step.with!)) expect(INPUT_NAMES).toContain(input);
    // Without --eval there is none.
    const plain = tempRepo();
    expect((await cli(['init', '--cwd', plain])).out).not.toContain('loopkit-eval');
  });

  test('init --eval again leaves an edited workflow as it is, and an initialised repository gains only the eval workflow', async () => {
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    const added = await cli(['init', '--cwd', dir, '--eval']);
    expect(added.code).toBe(0);
    expect(added.out).toContain(`wrote ${EVAL_WORKFLOW}`);
    expect(added.out).toContain('skip  .github/workflows/loopkit.yml (exists; --force overwrites it)');
    expect(added.out).not.toContain('added .loopkit/ to .gitignore');

    const edited = readFileSync(join(dir, EVAL_WORKFLOW), 'utf8').replace('eval-cases: 10', 'eval-cases: 3');
    writeFileSync(join(dir, EVAL_WORKFLOW), edited);
    const again = await cli(['init', '--cwd', dir, '--eval']);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`skip  ${EVAL_WORKFLOW} (exists; --force overwrites it)`);
    expect(readFileSync(join(dir, EVAL_WORKFLOW), 'utf8')).toBe(edited);
  });

  test('validate does not count the eval workflow as one that runs loops: it runs none on its events', async () => {
    const dir = tempRepo();
    await cli(['init', '--cwd', dir, '--eval']);
    rmSync(join(dir, '.github/workflows/loopkit.yml'));
    const validated = await cli(['validate', '--cwd', dir]);
    expect(validated.out + validated.err).toContain('pr-review can never fire: no workflow in .github/workflows uses the LoopKit action');
  });
});
