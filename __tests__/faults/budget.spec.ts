/**
 * A budget that runs out in the middle of a maker/checker round, in the action: the run
 * stops launching calls, reports what it has as partial and says which budget ran out; what the
 * checker never saw is labelled "not verified" and is not posted as a verified finding.
 */
import { readFileSync } from 'node:fs';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, XSS, isChecker, reviewScript } from '../action/scripts.js';

describe('faults/budget', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;

  /** The shipped pr-review loop, with `budget` replaced. */
  function loopWithBudget(budget: string): Record<string, string> {
    const shipped = readFileSync('loops/pr-review.yaml', 'utf8');
    const loop = shipped.replace(/^budget:\n(?: {2}.*\n)+/m, `budget:\n${budget}`);
    if (loop === shipped) throw new Error('loops/pr-review.yaml has no budget block to replace');
    // The project's default budget would fill in the caps the loop leaves out.
    return { 'loopkit.yaml': 'version: "1"\n', 'loops/pr-review.yaml': loop };
  }

  test('the iteration budget runs out before the checker: partial, the reason given, findings labelled not verified', async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const dir = workspace(fakes, loopWithBudget('  maxIterations: 2\n  maxDurationMinutes: 10\n'));
    const run = await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, inputs: { loop: 'pr-review' } });

    expect(run.code).toBe(0);
    // Two makers ran; the checker's call was refused before it was made.
    expect(fakes.ai.requests).toHaveLength(2);
    expect(fakes.ai.requests.some((r) => r.body && isChecker(r.body))).toBe(false);

    const check = [...repoOf().checkRuns.values()].find((c) => c.name === 'LoopKit Review')!;
    expect(check.conclusion).toBe('neutral');
    expect(check.output.title).toMatch(/^Review partial\b.*iteration budget of 2 model calls/);

    // What was found is reported, as found and not verified; nothing is posted as verified.
    expect(run.outputs).toMatchObject({ findings: '3', 'verified-findings': '0' });
    const pull = repoOf().pulls.get(42)!;
    expect(pull.reviewComments).toEqual([]);
    const summary = repoOf().issueComments.find((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))!.body;
    expect(summary).toMatch(/\*\*Review partial:\*\* stopped by budget before every finding was verified: iteration budget of 2 model calls used up/);
    expect(summary).toContain('Not verified (3)');
    expect(summary).toContain(SQL.claim);
    expect(run.summary).toMatch(/partial/i);
  });
});
