/** Whether a loop can ever fire, read from the workflows: `loopkit validate`'s warnings, init's workflow, the documented one (docs/action.md). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/index.js';
import { bufferOutput } from '../../src/cli/output.js';
import { neverFires, parseWorkflow, type WorkflowTriggers } from '../../src/cli/workflows.js';
import { loadProject } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('routing/workflows', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function workflow(text: string): WorkflowTriggers {
    const parsed = parseWorkflow('.github/workflows/x.yml', text);
    if ('problem' in parsed) throw new Error(parsed.problem);
    return parsed;
  }

  const STEPS = 'jobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: loopkit/action@v1\n';

  async function shipped() {
    const project = await loadProject(
      new MemoryLoopSource({
        'loops/pr-review.yaml': readFileSync('loops/pr-review.yaml', 'utf8'),
        'loops/daily-triage.yaml': readFileSync('loops/daily-triage.yaml', 'utf8')
      })
    );
    return Object.fromEntries(project.loops.map((l) => [l.loop.name, l.loop]));
  }

  test('every form of `on:` is read: a name, a list, a map with types, schedules', () => {
    expect([...workflow(`on: pull_request\n${STEPS}`).events.keys()]).toEqual(['pull_request']);
    expect([...workflow(`on: [push, issues]\n${STEPS}`).events.keys()]).toEqual(['push', 'issues']);
    const map = workflow(`on:\n  issues:\n    types: [opened]\n  issue_comment:\n  schedule:\n    - cron: "0 9 * * 1-5"\n    - cron: '0 6 * * 1'\n${STEPS}`);
    expect(map.events.get('issues')).toEqual(['opened']);
    expect(map.events.get('issue_comment')).toBeUndefined();
    expect(map.events.has('issue_comment')).toBe(true);
    expect(map.crons).toEqual(['0 9 * * 1-5', '0 6 * * 1']);
    expect(map.runsLoopKit).toBe(true);
    expect(workflow('on: push\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n').runsLoopKit).toBe(false);
    expect(parseWorkflow('w.yml', 'on: [unclosed')).toMatchObject({ problem: expect.stringMatching(/^not valid YAML/) });
  });

  test('a loop that can never fire says how: its cron, its event, its command, or no LoopKit workflow at all', async () => {
    const { 'pr-review': review, 'daily-triage': triage } = await shipped();
    const onlyPrs = workflow(`on:\n  pull_request:\n    types: [opened, synchronize]\n${STEPS}`);
    expect(neverFires(review!, [onlyPrs])).toEqual([
      "pr-review's command `/loopkit review` never arrives: no LoopKit workflow in .github/workflows listens to issue_comment (created)"
    ]);
    expect(neverFires(triage!, [onlyPrs])).toEqual([
      'daily-triage can never fire on its schedule: no LoopKit workflow in .github/workflows schedules "0 9 * * 1-5" (add `- cron: "0 9 * * 1-5"` under `on.schedule`)',
      "daily-triage's command `/loopkit triage` never arrives: no LoopKit workflow in .github/workflows listens to issue_comment (created)"
    ]);
    const closedOnly = workflow(`on:\n  pull_request:\n    types: [closed]\n  issue_comment:\n${STEPS}`);
    expect(neverFires(review!, [closedOnly])).toEqual([
      'pr-review can never fire on pull_request: no LoopKit workflow in .github/workflows listens to pull_request (opened, synchronize, reopened, ready_for_review)'
    ]);
    const ci = workflow('on: [pull_request, issue_comment]\njobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: npm test\n');
    expect(neverFires(review!, [ci])).toEqual(['pr-review can never fire: no workflow in .github/workflows uses the LoopKit action']);
  });

  test('the workflow init writes fits the loops it scaffolds, and validate warns about the ones it does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopkit-workflows-'));
    dirs.push(dir);
    const io = bufferOutput();
    await main(['init', '--cwd', dir], io, {});
    const clean = bufferOutput();
    expect(await main(['validate', '--cwd', dir], clean, {})).toBe(0);
    expect(clean.errors.join('\n')).not.toContain('warning:');

    // A triage loop added beside it: nothing schedules it yet. A warning, not a failure.
    mkdirSync(join(dir, 'loops'), { recursive: true });
    writeFileSync(join(dir, 'loops/daily-triage.yaml'), readFileSync('loops/daily-triage.yaml', 'utf8'));
    const warned = bufferOutput();
    expect(await main(['validate', '--cwd', dir], warned, {})).toBe(0);
    expect(warned.errors).toContain(
      'warning: daily-triage can never fire on its schedule: no LoopKit workflow in .github/workflows schedules "0 9 * * 1-5" (add `- cron: "0 9 * * 1-5"` under `on.schedule`)'
    );
    const json = bufferOutput();
    await main(['validate', '--cwd', dir, '--json'], json, {});
    expect((JSON.parse(json.lines.join('\n')) as { warnings: string[] }).warnings).toHaveLength(1);
  });

  test('the documented workflow (docs/action.md) runs both shipped loops on every trigger they declare', async () => {
    const readme = readFileSync('docs/action.md', 'utf8');
    const section = readme.slice(readme.indexOf('# Use it in a workflow'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const fromReadme = workflow(yaml);
    const { 'pr-review': review, 'daily-triage': triage } = await shipped();
    expect(neverFires(review!, [fromReadme])).toEqual([]);
    expect(neverFires(triage!, [fromReadme])).toEqual([]);
    for (const event of ['pull_request', 'schedule', 'workflow_dispatch', 'issues', 'issue_comment', 'pull_request_review_comment'])
      expect(fromReadme.events.has(event)).toBe(true);
  });
});
