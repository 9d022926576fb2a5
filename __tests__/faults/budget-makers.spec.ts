/**
 * When the budget refuses one maker of a parallel step, what the other makers already found (and
 * was paid for) is still reported, unverified, and the run is marked partial.
 */
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, XSS, reviewScript } from '../action/scripts.js';

describe('faults/budget-makers', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const LOOP = `name: pr-review
description: Find bugs and security problems that a pull request introduces; post what the checker confirms.
trigger:
  event: pull_request
pipeline:
  - parallel:
      - label: Security Reviewer
        prompt: Find security vulnerabilities on the changed lines.
      - label: Logic Reviewer
        prompt: Find bugs on the changed lines.
      - label: Style Reviewer
        prompt: Find confusing code on the changed lines.
agents:
  - label: Code Verifier
    prompt: Try to refute every finding with evidence from the code; confirm only what the code proves.
verify:
  checker: Code Verifier
budget:
  maxIterations: 2
  maxDurationMinutes: 10
memory:
  store: cache
`;

  test('a maker refused by the budget mid-round: what the other makers found is still reported', async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const dir = workspace(fakes, { 'loopkit.yaml': 'version: "1"\n', 'loops/pr-review.yaml': LOOP });
    const run = await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, inputs: { loop: 'pr-review' } });

    expect(run.code).toBe(0);
    expect(fakes.ai.requests).toHaveLength(2);
    const repo = fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;
    expect([...repo.checkRuns.values()].find((c) => c.name === 'LoopKit Review')!.conclusion).toBe('neutral');
    expect(run.outputs).toMatchObject({ findings: '3', 'verified-findings': '0' });
    const summary = repo.issueComments.find((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))!.body;
    expect(summary).toContain('Not verified (3)');
    expect(repo.pulls.get(42)!.reviewComments).toEqual([]);
  });
});
