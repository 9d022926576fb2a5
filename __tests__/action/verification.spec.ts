/**
 * Verification that means it, end to end through the review flow (in process, the fake Anthropic
 * and the fake GitHub over real HTTP): an id the checker leaves out is asked for again in the same
 * run and the review completes; a checker that stays uncertain has the findings checked again in
 * round 2, then the loop escalates and the check is not success; every maker failing passes no round.
 */
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { EMPTY_CATCH, findingIds, firstUserText, isChecker, reviewScript, SQL } from './scripts.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';

describe('action/verification', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;
  const lastCheck = () => [...repoOf().checkRuns.values()].filter((c) => c.name === 'LoopKit Review').at(-1)!;
  const checkerBodies = () => fakes.ai.requests.flatMap((r) => (r.body && isChecker(r.body) ? [r.body] : []));

  function review(runId: number) {
    return runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD, runId === 1000 ? 'opened' : 'synchronize'),
      workspace: workspace(fakes),
      inputs: { loop: 'pr-review' },
      runId
    });
  }

  type Request = RecordedRequest & { body: MessagesBody };

  test('a checker that leaves one id out is asked about that id alone in the same run, and the review completes', async () => {
    const confirming = reviewScript({ 'Logic Reviewer': [EMPTY_CATCH], 'Security Reviewer': [SQL] });
    const about = (body: MessagesBody, id: string) => {
      const text = firstUserText(body);
      return text.slice(text.indexOf(`### ${id}`)).split('\n### ')[0]!;
    };
    let leftOut = false;
    fakes = await startFakes({
      respond: (request: Request): FakeReply => {
        const reply = confirming(request);
        if (leftOut || !isChecker(request.body) || reply.kind !== 'tool') return reply;
        // The first checker answer on the empty-catch finding gives no verdict on it.
        const input = reply.input as { verdicts: { id: string }[] };
        const kept = input.verdicts.filter((v) => !about(request.body, v.id).includes(EMPTY_CATCH.claim));
        leftOut = kept.length < input.verdicts.length;
        return { ...reply, input: { verdicts: kept } };
      }
    });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review(1000);
    const asked = checkerBodies().map((body) => findingIds(body));
    const emptyCatch = asked.flat().find((id) => checkerBodies().some((body) => findingIds(body).includes(id) && about(body, id).includes(EMPTY_CATCH.claim)))!;
    // Asked about twice: once with the others of its call, once alone.
    expect(asked.filter((ids) => ids.includes(emptyCatch))).toEqual([expect.arrayContaining([emptyCatch]), [emptyCatch]]);
    expect(
      firstUserText(
        checkerBodies().find((body) => findingIds(body).length === 1 && findingIds(body)[0] === emptyCatch && firstUserText(body).includes('gave no verdict'))!
      )
    ).toContain(`Your previous answer gave no verdict on ${emptyCatch}`);
    // Complete: the check is not neutral for want of a verdict (the verified SQL injection fails it).
    expect(lastCheck()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(lastCheck().output.title).not.toMatch(/partial|no verdict/i);
    expect(run.stdout).toContain('pr-review: complete · 2 finding(s), 2 verified');
    // The state says complete: the same head again makes no model call.
    const calls = fakes.ai.requests.length;
    const again = await review(1001);
    expect(fakes.ai.requests).toHaveLength(calls);
    expect(again.stdout).toContain('already reviewed completely');
  });

  test('a checker that answers uncertain to everything: round 2 checks the findings again, the loop escalates, the check is not success', async () => {
    const makers = reviewScript({ 'Logic Reviewer': [EMPTY_CATCH] });
    fakes = await startFakes({
      respond: (request: Request): FakeReply =>
        isChecker(request.body)
          ? {
              kind: 'tool',
              name: 'report_verdicts',
              input: { verdicts: findingIds(request.body).map((id) => ({ id, verdict: 'uncertain', confidence: 0.5, evidence: 'Cannot tell from the diff.' })) }
            }
          : makers(request)
    });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    await review(1000);
    const [round1, round2] = checkerBodies();
    expect(findingIds(round1!)).toHaveLength(1);
    // The round-2 checker request names the uncertain finding, with its earlier verdict.
    expect(findingIds(round2!)).toEqual(findingIds(round1!));
    expect(firstUserText(round2!)).toContain('## Asked again');
    expect(firstUserText(round2!)).toContain('earlier verdict: uncertain (confidence 0.5) by Code Verifier: Cannot tell from the diff.');
    expect(repoOf().pulls.get(42)!.labels).toContain('needs-human-review');
    expect(lastCheck()).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(lastCheck().output.title).toBe('No verified findings · verification unsettled, a person decides');
    expect(lastCheck().output.summary).toContain('Verification unsettled, a person decides: batch 1: ');
    // The same head again pays nothing and still leaves it to a person: never success on a re-run.
    const calls = fakes.ai.requests.length;
    await review(1001);
    expect(fakes.ai.requests).toHaveLength(calls);
    expect(lastCheck()).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(lastCheck().output.title).toMatch(/^Already reviewed at [0-9a-f]{12}: verification unsettled, a person decides$/);
  });

  test('every maker failing: no round is recorded as passed', async () => {
    fakes = await startFakes({ respond: () => ({ kind: 'error', status: 529 }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    await review(1000);
    expect(lastCheck()).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    const summary = repoOf().issueComments.find((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))!.body;
    expect(summary).toContain('| Batch | Round | Findings | Confirmed | Refuted | Uncertain | Score | Passed |');
    expect(summary).toContain('| 1 | 1 | 0 | 0 | 0 | 0 | 0% | no |');
  });
});
