/**
 * A check run must never stay in progress: one 502 on the update that completes it is retried (the
 * update is idempotent), and a job stopped mid-review leaves its check to the post step, which
 * completes it as neutral with the reason. The retries run in process (waits of milliseconds); the
 * stopped job needs a process to stop, so it is the built action and its post step.
 */
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, runBuiltAction, runPost, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, UNPLACEABLE, XSS, reviewScript } from '../action/scripts.js';

describe('faults/check-runs', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const FINDINGS = { 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH, UNPLACEABLE] };
  const checks = () => [...fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.checkRuns.values()];
  const check = (name: string) => checks().find((c) => c.name === name)!;
  const step = () => ({ event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: workspace(fakes), inputs: { loop: 'pr-review' } });
  const review = () => runAction(fakes, step());
  const completing = (name: string) => (r: { method: string; path: string; body?: unknown }) =>
    r.method === 'PATCH' &&
    /\/check-runs\/\d+$/.test(r.path) &&
    (r.body as { conclusion?: string } | undefined)?.conclusion !== undefined &&
    check(name).id === Number(r.path.split('/').pop());

  const creatingLrs = (r: { method: string; path: string; body?: unknown }) =>
    r.method === 'POST' && /\/check-runs$/.test(r.path) && (r.body as { name?: string } | undefined)?.name === 'LoopKit LRS';

  test('one 502 on the update that completes LoopKit Review, and on the request that publishes LoopKit LRS: both checks complete, once', async () => {
    fakes = await startFakes({ respond: reviewScript(FINDINGS) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    fakes.gh.failNext(completing('LoopKit Review'), 502);
    // The LRS is created completed in one request; a 502 that did not create it: looked for, then sent again.
    fakes.gh.failNext(creatingLrs, 502);
    const run = await review();

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Could not complete');
    expect(check('LoopKit Review')).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check('LoopKit LRS')).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(checks().filter((c) => c.name === 'LoopKit LRS')).toHaveLength(1);
    // Nothing left for the post step.
    expect(JSON.parse(run.state['open-check-runs'] ?? '[]')).toEqual([]);
    const before = fakes.gh.requests.length;
    expect((await runPost(run)).code).toBe(0);
    expect(fakes.gh.requests).toHaveLength(before);
  });

  test('the LRS check created but its answer lost: found by its id and not created twice', async () => {
    fakes = await startFakes({ respond: reviewScript(FINDINGS) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    fakes.gh.loseAnswerNext(creatingLrs, 502);
    const run = await review();

    expect(run.code).toBe(0);
    expect(checks().filter((c) => c.name === 'LoopKit LRS')).toHaveLength(1);
    expect(check('LoopKit LRS')).toMatchObject({ status: 'completed', conclusion: 'success' });
    // Annotations arrived once.
    const annotations = check('LoopKit LRS').annotations.map((a) => JSON.stringify(a));
    expect(annotations.length).toBeGreaterThan(0);
    expect(new Set(annotations).size).toBe(annotations.length);
  });

  test('a job stopped mid-review: the post step completes the check it left in progress as neutral, with the reason', async () => {
    // Model calls slow enough that the stop lands while the makers are at work.
    fakes = await startFakes({ respond: reviewScript(FINDINGS), latencyMs: 5_000 });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await runBuiltAction(fakes, { ...step(), stopWhen: () => fakes.ai.requests.length > 0 });

    expect(run.code).not.toBe(0);
    expect(check('LoopKit Review')).toMatchObject({ status: 'in_progress' });
    const post = await runPost(run);

    expect(post.code).toBe(0);
    expect(post.stdout).toContain('LoopKit Review: completed as neutral');
    expect(check('LoopKit Review')).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(check('LoopKit Review').output.title).toBe('Not finished: the job was cancelled or timed out, or the step was stopped, before LoopKit finished');
    // The LRS check had completed before the stop: the post step leaves it as it is.
    expect(check('LoopKit LRS')).toMatchObject({ status: 'completed', conclusion: 'success' });
  });
});
