/**
 * A cost cap on a model LoopKit has no price for, in the action: never billed at a guess. Named
 * in the loop file, the LRS blocks the loop (the check says which model, where, and the fix)
 * and no model is called; given only by the action's `model` input, which the LRS cannot see,
 * the budget meter refuses the first call and the review is partial, saying why.
 */
import { readFileSync } from 'node:fs';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { SQL, reviewScript } from '../action/scripts.js';

describe('faults/budget-unpriced', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const checkNamed = (name: string) => [...fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.checkRuns.values()].find((c) => c.name === name)!;
  const check = () => checkNamed('LoopKit Review');
  /** The shipped pr-review loop: it caps dollars (`maxCostUsd: 3`) and names no model. */
  const SHIPPED = readFileSync('loops/pr-review.yaml', 'utf8');

  test('a loop that names an unpriced model under maxCostUsd is blocked before any model call, the check naming the model, its line and the fix', async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const loop = SHIPPED.replace(/^name: .*\n/m, (line) => `${line}model: claude-imaginary-9\n`);
    const line = loop.split('\n').indexOf('model: claude-imaginary-9') + 1;
    const dir = workspace(fakes, { 'loopkit.yaml': 'version: "1"\n', 'loops/pr-review.yaml': loop });
    const run = await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, inputs: { loop: 'pr-review' } });

    expect(run.code).toBe(0);
    expect(fakes.ai.requests).toHaveLength(0);
    expect(check().conclusion).toBe('neutral');
    const blocker = `claude-imaginary-9 (loops/pr-review.yaml:${line}) has no price in LoopKit's model table, so \`budget.maxCostUsd\` cannot be kept on it`;
    expect(check().output.title).toBe(`Review not run: the loop has blockers (${blocker})`);
    // The LRS check gives the fix, at the line.
    expect(checkNamed('LoopKit LRS').output.summary).toContain(`⛔ ${blocker} (line ${line}) — **Fix:** Pick a priced model or drop \`budget.maxCostUsd\``);
  });

  test("the action's model input on an unpriced model under maxCostUsd: the meter refuses the first call, no model is called, the review is partial with the reason", async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const dir = workspace(fakes, { 'loopkit.yaml': 'version: "1"\n', 'loops/pr-review.yaml': SHIPPED });
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: dir,
      inputs: { loop: 'pr-review', model: 'claude-imaginary-9' }
    });

    expect(run.code).toBe(0);
    expect(fakes.ai.requests).toHaveLength(0);
    expect(check().conclusion).toBe('neutral');
    expect(check().output.title).toContain(
      "claude-imaginary-9 has no price in LoopKit's model table, so the cost budget of $3 cannot be kept: pick a priced model or drop budget.maxCostUsd"
    );
  });
});
