/**
 * The action on broken loop and project files: it still publishes the `LoopKit LRS` check,
 * with every error as an annotation on its file and line, reports them in the log with file, line
 * and column, scores the loops that did load, and fails the step without a stack trace.
 */
import { readFileSync } from 'node:fs';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';

describe('bad-input/action', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const corpus = (name: string) => readFileSync(new URL(`./corpus/${name}`, import.meta.url));
  const checks = () => [...fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.checkRuns.values()];
  const shipped = { 'loops/pr-review.yaml': readFileSync('loops/pr-review.yaml', 'utf8') };

  async function run(files: Record<string, string | Buffer>) {
    fakes = await startFakes();
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const dir = workspace(fakes, files as Record<string, string>);
    return runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, inputs: { 'anthropic-api-key': '' } });
  }

  test('a project file with a syntax error: an annotation on its line, the loops still scored, the step failed', async () => {
    const result = await run({ 'loopkit.yaml': corpus('project-syntax.yaml').toString('utf8'), ...shipped });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error title=LoopKit,file=loopkit\.yaml,line=4,col=3::YAML syntax: Flow map/m);
    expect(result.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    const lrs = checks().find((c) => c.name === 'LoopKit LRS')!;
    expect(lrs).toMatchObject({ status: 'completed', conclusion: 'failure', head_sha: HEAD });
    expect(lrs.output.title).toMatch(/^1 problem\(s\) in the loop files · LRS \d+ \([A-F]\) · pr-review$/);
    expect(lrs.annotations).toContainEqual(expect.objectContaining({ path: 'loopkit.yaml', start_line: 4, end_line: 4, annotation_level: 'failure' }));
    // The loop file itself is fine and still scored.
    expect(lrs.output.summary).toContain('pr-review — LRS');
  });

  test('loop files with Latin-1 bytes and a YAML alias bomb beside a good one: both annotated, the good one scored', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('name: latin\ntrigger:\n  event: pull_request\npipeline:\n  - agent: { label: A, prompt: "caf'),
      Buffer.from([0xe9]),
      Buffer.from('" }\n')
    ]);
    const result = await run({
      'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8'),
      ...shipped,
      'loops/latin1.yaml': latin1,
      'loops/bomb.yaml': corpus('loop-alias-bomb.yaml')
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error title=LoopKit,file=loops\/latin1\.yaml,line=5,col=\d+::file is not valid UTF-8/m);
    expect(result.stdout).toMatch(/^::error title=LoopKit,file=loops\/bomb\.yaml,line=1,col=1::YAML aliases expand too far/m);
    expect(result.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    const lrs = checks().find((c) => c.name === 'LoopKit LRS')!;
    expect(lrs.conclusion).toBe('failure');
    expect(lrs.output.title).toMatch(/^2 problem\(s\) in the loop files/);
    expect(lrs.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'loops/latin1.yaml', start_line: 5, annotation_level: 'failure' }),
        expect.objectContaining({ path: 'loops/bomb.yaml', start_line: 1, annotation_level: 'failure' })
      ])
    );
    expect(lrs.output.summary).toContain('pr-review — LRS');
    // The good loop still ran as far as it could: no key, so the review is reported as not run.
    const reviewCheck = checks().find((c) => c.name === 'LoopKit Review')!;
    expect(reviewCheck).toMatchObject({ conclusion: 'neutral' });
  });
});
