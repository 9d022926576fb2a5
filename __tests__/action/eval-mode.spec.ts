/**
 * The action's eval mode (`mode: eval`) through the action's own step, against the local fakes:
 * the project's small benchmark (../eval/fixture.ts: three planted pull requests, golden comments
 * written by hand, the judge's answers scripted) in a folder of the repository, and a pull request
 * of octo/shop that changes its review loop. With the script, the loop whose maker is "Beta
 * Reviewer" scores F1 0.5 (2 of 3 candidates, 2 of 5 golden) and "Alpha Reviewer" 0.444 (2 of 4,
 * 2 of 5): a change from beta to alpha lowers F1 by 0.056.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeReply, MessagesBody } from '../fakes/anthropic-server.js';
import { BENCH_DIR, isJudge, loopYaml, MODEL, respond, seedPlanted } from '../eval/fixture.js';
import { firstUserText } from './scripts.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';

describe('action/eval-mode', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const BASE = 'b'.repeat(40);
  const HEAD = 'c'.repeat(40);
  const LOOP = 'loops/pr-review.yaml';

  /** The fixture's script; a "Gamma Reviewer" maker's calls are refused by the API (a loop that cannot finish). */
  function script(body: MessagesBody): FakeReply {
    if (!isJudge(body) && firstUserText(body).includes('Gamma Reviewer (maker)'))
      return { kind: 'error', status: 400, type: 'invalid_request_error', message: 'this request is refused' };
    return respond(body);
  }

  /** octo/shop: the loop and the benchmark folder at the base commit; pull request #5 changes the loop from `baseMaker` to `headMaker`. */
  async function pullRequest(baseMaker: string, headMaker: string, options: { fork?: boolean } = {}) {
    fakes = await startFakes({ respond: (request) => script(request.body) });
    seedPlanted(fakes.gh);
    const shop = fakes.gh.state.addRepo({ owner: 'octo', repo: 'shop' });
    shop.setFile(BASE, LOOP, loopYaml('pr-review', baseMaker));
    for (const name of readdirSync(join(BENCH_DIR, 'golden_comments')))
      shop.setFile(BASE, `bench/golden_comments/${name}`, readFileSync(join(BENCH_DIR, 'golden_comments', name), 'utf8'));
    shop.addCommit({ sha: BASE });
    shop.addCommit({ sha: HEAD, parents: [BASE] });
    const headRepo = options.fork ? 'someone/shop' : 'octo/shop';
    shop.addPull({
      number: 5,
      base: { sha: BASE },
      head: { sha: HEAD, repo: headRepo },
      files: [
        {
          filename: LOOP,
          status: 'modified',
          patch: `@@ -3 +3 @@\n-  - { label: ${baseMaker}, prompt: Find the bugs. }\n+  - { label: ${headMaker}, prompt: Find the bugs. }`
        }
      ]
    });
    // The checkout: the pull request's head, with its loop (and a benchmark folder the base never had).
    const ws = workspace(fakes, { [LOOP]: loopYaml('pr-review', headMaker), 'bench/golden_comments/forged.json': '[]' });
    const payload = pullRequestEvent(5, HEAD, 'synchronize', {
      base: { ref: 'main', sha: BASE, repo: { full_name: 'octo/shop' } },
      head: { ref: 'feature', sha: HEAD, repo: { full_name: headRepo } }
    });
    return { shop, ws, payload };
  }

  const evalInputs = (more: Record<string, string> = {}) => ({ mode: 'eval', 'eval-bench': 'bench', 'eval-judge-model': MODEL, ...more });
  const checks = (shop: { checkRuns: Map<number, { name: string; head_sha: string; status: string; conclusion: string | null }> }) =>
    [...shop.checkRuns.values()].map((c) => [c.name, c.head_sha, c.status, c.conclusion]);
  const writes = () => fakes.gh.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql').map((r) => `${r.method} ${r.path.replace(/\d+$/, 'N')}`);
  const judgePrompts = () => fakes.ai.requests.filter((r) => r.body && isJudge(r.body)).map((r) => JSON.stringify(r.body!.messages));

  test("a pull request whose loop change lowers F1 by more than the margin fails LoopKit Eval; the base's loop is read at the base commit", async () => {
    const { shop, ws, payload } = await pullRequest('Beta Reviewer', 'Alpha Reviewer');
    const run = await runAction(fakes, { event: 'pull_request', payload, workspace: ws, inputs: evalInputs() });
    expect(run.code).toBe(0);
    expect(checks(shop)).toEqual([['LoopKit Eval', HEAD, 'completed', 'failure']]);
    const check = [...shop.checkRuns.values()][0]!;
    expect(check.output.title).toBe('pr-review: F1 dropped by 0.056 (0.500 → 0.444), more than the 0.05 allowed');
    expect(check.output.summary).toContain('| pr-review (loops/pr-review.yaml) | 0.500 | 0.444 | failure |');
    expect(check.output.text).toContain('| pr-review · base |');
    expect(run.summary).toContain('## LoopKit Eval: failure');
    expect(run.summary).toContain('| pr-review · this pull request | 3 | 5 | 4 | 2 | 2 | 0.50 | 0.40 | 0.44 |');
    // The base's loop came from the base commit over the API, not from the checkout, and so did the benchmark (never the checkout's).
    const contents = fakes.gh.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/repos/octo/shop/contents/'));
    expect(contents.filter((r) => r.path.endsWith(LOOP)).map((r) => r.query.ref)).toEqual([BASE]);
    expect(contents.filter((r) => r.path.includes('bench/')).every((r) => r.query.ref === BASE)).toBe(true);
    expect(contents.some((r) => r.path.includes('forged'))).toBe(false);
    // Both loops' candidates were judged: beta's currency finding, alpha's fee rounding.
    expect(judgePrompts().some((p) => p.includes('always'))).toBe(true);
    expect(judgePrompts().some((p) => p.includes('rounded per refund'))).toBe(true);
    expect(writes()).toEqual(['POST /repos/octo/shop/check-runs', 'PATCH /repos/octo/shop/check-runs/N']);
    expect(Number(run.outputs['cost-usd'])).toBeGreaterThan(0);
  });

  test('a loop change that keeps (or raises) F1 passes; one within the margin passes too', async () => {
    const { shop, ws, payload } = await pullRequest('Alpha Reviewer', 'Beta Reviewer');
    const run = await runAction(fakes, { event: 'pull_request', payload, workspace: ws, inputs: evalInputs() });
    expect(run.code).toBe(0);
    expect(checks(shop)).toEqual([['LoopKit Eval', HEAD, 'completed', 'success']]);
    expect([...shop.checkRuns.values()][0]!.output.title).toBe('pr-review: F1 0.444 → 0.500 (not lower)');
    await fakes.close();

    const lowered = await pullRequest('Beta Reviewer', 'Alpha Reviewer');
    await runAction(fakes, { event: 'pull_request', payload: lowered.payload, workspace: lowered.ws, inputs: evalInputs({ 'eval-max-f1-drop': '0.1' }) });
    expect(checks(lowered.shop)).toEqual([['LoopKit Eval', HEAD, 'completed', 'success']]);
    expect([...lowered.shop.checkRuns.values()][0]!.output.title).toBe('pr-review: F1 0.500 → 0.444 (down 0.056, within 0.1)');
  });

  test("a pull request's loop that does not finish never passes, nor does an evaluation that cannot run", async () => {
    const { shop, ws, payload } = await pullRequest('Beta Reviewer', 'Gamma Reviewer');
    const run = await runAction(fakes, { event: 'pull_request', payload, workspace: ws, inputs: evalInputs() });
    expect(checks(shop)).toEqual([['LoopKit Eval', HEAD, 'completed', 'failure']]);
    expect([...shop.checkRuns.values()][0]!.output.title).toMatch(
      /^pr-review: this pull request's loop did not finish: its review failed on 3 \(.+\) of 3 pull request\(s\)$/
    );
    expect(run.code).toBe(0);
    await fakes.close();

    // No benchmark at the base commit: nothing measured, the check fails and so does the step.
    const missing = await pullRequest('Beta Reviewer', 'Alpha Reviewer');
    const broken = await runAction(fakes, {
      event: 'pull_request',
      payload: missing.payload,
      workspace: missing.ws,
      inputs: evalInputs({ 'eval-bench': 'nowhere' })
    });
    expect(checks(missing.shop)).toEqual([['LoopKit Eval', HEAD, 'completed', 'failure']]);
    expect([...missing.shop.checkRuns.values()][0]!.output.title).toBe('The evaluation could not run');
    expect(broken.code).toBe(1);
    expect(fakes.ai.requests).toHaveLength(0);
    await fakes.close();

    // A changed loop file that does not load cannot be measured: the check fails.
    const invalid = await pullRequest('Beta Reviewer', 'Alpha Reviewer');
    writeFileSync(join(invalid.ws, LOOP), 'name: pr-review\ntrigger: { event: pull_request }\npipeline: 3\n');
    await runAction(fakes, { event: 'pull_request', payload: invalid.payload, workspace: invalid.ws, inputs: evalInputs() });
    expect(checks(invalid.shop)).toEqual([['LoopKit Eval', HEAD, 'completed', 'failure']]);
    expect([...invalid.shop.checkRuns.values()][0]!.output.title).toBe('A changed loop file does not load');
    expect(fakes.ai.requests).toHaveLength(0);
  });

  test("a pull request from a fork is not measured: its loop would run with this repository's keys", async () => {
    const { shop, ws, payload } = await pullRequest('Beta Reviewer', 'Alpha Reviewer', { fork: true });
    const run = await runAction(fakes, { event: 'pull_request', payload, workspace: ws, inputs: evalInputs() });
    expect(run.code).toBe(0);
    expect(checks(shop)).toEqual([['LoopKit Eval', HEAD, 'completed', 'neutral']]);
    expect(fakes.ai.requests).toHaveLength(0);
  });

  test("on a schedule, the repository's review loops are measured and the check on the commit says whether each finished", async () => {
    fakes = await startFakes({ respond: (request) => script(request.body) });
    seedPlanted(fakes.gh);
    const shop = fakes.gh.state.addRepo({ owner: 'octo', repo: 'shop' });
    const files = Object.fromEntries(
      readdirSync(join(BENCH_DIR, 'golden_comments')).map((name) => [
        `bench/golden_comments/${name}`,
        readFileSync(join(BENCH_DIR, 'golden_comments', name), 'utf8')
      ])
    );
    const ws = workspace(fakes, { [LOOP]: loopYaml('pr-review', 'Beta Reviewer'), ...files });
    const run = await runAction(fakes, {
      event: 'schedule',
      payload: { schedule: '0 6 * * 1' },
      workspace: ws,
      inputs: evalInputs({ 'eval-cases': '2' }),
      env: { GITHUB_SHA: HEAD }
    });
    expect(run.code).toBe(0);
    expect(checks(shop)).toEqual([['LoopKit Eval', HEAD, 'completed', 'success']]);
    // The first two pull requests of the benchmark (by golden file name: cli, payments), each judged once.
    expect(run.summary).toContain('| pr-review | 2 |');
    expect(judgePrompts()).toHaveLength(2);
  });

  test('mode and the eval inputs are checked', async () => {
    const { ws, payload } = await pullRequest('Beta Reviewer', 'Alpha Reviewer');
    const bad = async (inputs: Record<string, string>) => (await runAction(fakes, { event: 'pull_request', payload, workspace: ws, inputs })).stdout;
    expect(await bad({ mode: 'evaluate' })).toContain('input mode must be run or eval, got "evaluate"');
    expect(await bad(evalInputs({ 'eval-max-f1-drop': '5' }))).toContain('input eval-max-f1-drop must be a number from 0 to 1, got "5"');
    expect(await bad(evalInputs({ 'eval-cases': '0' }))).toContain('input eval-cases must be a whole number above 0, got "0"');
    expect(await bad(evalInputs({ 'dry-run': 'true' }))).toContain('input dry-run cannot be true with mode: eval');
    expect(fakes.gh.requests).toHaveLength(0);
  });
});
