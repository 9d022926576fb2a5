/**
 * After a fresh start (the cached state lost), a finding posted earlier in the review body — not
 * as an inline comment — is recognised by the body's marker and not posted again.
 */
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, UNPLACEABLE, XSS, reviewScript } from '../action/scripts.js';

describe('faults/fresh-start', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);

  test('after a fresh start, a finding posted in the review body is not posted again', async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH, UNPLACEABLE] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const review = (runId: number) =>
      runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: workspace(fakes), inputs: { loop: 'pr-review' }, runId });
    await review(1000);
    fakes.cache.corrupt(fakes.cache.entries[0]!.key);
    const run = await review(1001);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('not loaded');
    const pull = fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.pulls.get(42)!;
    expect(pull.reviews.filter((r) => r.body.includes(UNPLACEABLE.claim))).toHaveLength(1);
    expect(pull.reviews).toHaveLength(1);
  });
});
