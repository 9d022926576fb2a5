/**
 * Anthropic misbehaving while the action runs: overloaded on every try, a rate limit with
 * retry-after, a call that never answers, an answer that breaks its schema, a reply cut off at
 * max_tokens, a refusal. The run always finishes (exit 0), names the agent that failed, keeps what the others
 * found and verified, and the `LoopKit Review` check is neutral with the reason in its title —
 * never success.
 */
import { readFileSync } from 'node:fs';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, XSS, firstUserText, reviewScript } from '../action/scripts.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';

describe('faults/anthropic', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;
  const pull = () => repoOf().pulls.get(42)!;
  const reviewCheck = () => [...repoOf().checkRuns.values()].find((c) => c.name === 'LoopKit Review')!;
  const summaryComment = () => repoOf().issueComments.find((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))!;

  /** The Security Reviewer finds SQL injection and XSS; the Logic Reviewer a medium finding only. */
  const FINDINGS = { 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] };

  const agentOf = (body: MessagesBody) => /## Your role: (.+?) \((?:maker|checker)\)/.exec(firstUserText(body))?.[1] ?? '';
  const callsBy = (agent: string) => fakes.ai.requests.filter((r) => r.body && agentOf(r.body) === agent);

  /** The review script, except for the agents named: they answer with `fault(nth call of that agent)`. */
  function withFaults(faults: Record<string, (nth: number) => FakeReply | undefined>) {
    const base = reviewScript(FINDINGS);
    const seen = new Map<string, number>();
    return (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
      const agent = agentOf(request.body);
      const nth = (seen.get(agent) ?? 0) + 1;
      seen.set(agent, nth);
      return faults[agent]?.(nth) ?? base(request);
    };
  }

  /** The shipped pr-review loop with a time budget of three seconds. */
  function shortBudget(): string {
    const loop = readFileSync('loops/pr-review.yaml', 'utf8').replace(/maxDurationMinutes: \d+/, 'maxDurationMinutes: 0.05');
    if (!loop.includes('maxDurationMinutes: 0.05')) throw new Error('loops/pr-review.yaml has no maxDurationMinutes to shorten');
    return loop;
  }

  function review(dir = workspace(fakes)) {
    return runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, inputs: { loop: 'pr-review' } });
  }

  /** What every fault must leave behind: exit 0, a neutral check that says why, the agent named. */
  function expectNeutral(run: Awaited<ReturnType<typeof review>>, reason: RegExp, agent: string): void {
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(reviewCheck()).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(reviewCheck().output.title).toMatch(reason);
    expect(run.stdout).toContain(agent);
    expect(run.summary).toContain(agent);
  }

  test('529 overloaded on every try: the agent is retried, then reported; the others’ verified findings are posted', async () => {
    fakes = await startFakes({ respond: withFaults({ 'Security Reviewer': () => ({ kind: 'error', status: 529 }) }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review();

    expectNeutral(run, /^Review partial\b.*agent Security Reviewer failed \(overloaded\)/, 'Security Reviewer');
    expect(callsBy('Security Reviewer').length).toBeGreaterThan(1);
    expect(run.stdout).toMatch(/::warning::Security Reviewer failed on batch 1: .*529/);
    expect(summaryComment().body).toMatch(/Security Reviewer.*overloaded/);
    // What the Logic Reviewer found and the checker confirmed still reaches the pull request.
    expect(pull().reviewComments.map((c) => [c.path, c.line])).toEqual([['src/api/users.ts', 21]]);
  });

  test('529 for every agent: the review failed, nothing is posted as verified, the check is neutral', async () => {
    fakes = await startFakes({ respond: () => ({ kind: 'error', status: 529 }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review();

    expectNeutral(run, /^Review failed\b.*overloaded/, 'Logic Reviewer');
    expect(reviewCheck().output.title).toContain('Security Reviewer');
    expect(pull().reviewComments).toEqual([]);
    expect(run.outputs['verified-findings']).toBe('0');
  });

  test('429 with retry-after, then an answer: the wait is honoured and the review is complete', async () => {
    fakes = await startFakes({
      respond: withFaults({ 'Security Reviewer': (nth) => (nth === 1 ? { kind: 'error', status: 429, retryAfterSeconds: 1 } : undefined) })
    });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review();

    expect(run.code).toBe(0);
    const [limited, answered, ...more] = callsBy('Security Reviewer');
    expect(more).toEqual([]);
    expect(limited!.status).toBe(429);
    expect(answered!.status).toBe(200);
    expect(answered!.arrivedAt - limited!.arrivedAt).toBeGreaterThanOrEqual(900);
    expect(run.stdout).not.toContain('failed on batch');
    // Complete, so the gate decides: a verified critical finding fails the check.
    expect(reviewCheck()).toMatchObject({ conclusion: 'failure' });
    expect(reviewCheck().output.title).toBe('3 verified findings (1 critical, 1 high, 1 medium)');
    expect(pull().reviewComments).toHaveLength(3);
  });

  test('a call that never answers ends with the time budget: partial, the agent named, what was verified meanwhile kept', async () => {
    // The Logic Reviewer's call is accepted and then never answered. (When the call that opens the
    // shared prompt cache hangs instead, see hang.spec.ts.)
    fakes = await startFakes({ respond: withFaults({ 'Logic Reviewer': () => ({ kind: 'hang' }) }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review(workspace(fakes, { 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8'), 'loops/pr-review.yaml': shortBudget() }));

    expect(run.code).toBe(0);
    // The checker verified what the Security Reviewer found while the Logic Reviewer hung (pipelined):
    // the verified findings fail the check, which still says the review is partial and why.
    expect(reviewCheck()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(reviewCheck().output.title).toMatch(/not reviewed yet/);
    expect(reviewCheck().output.summary).toMatch(/Review partial:\*\* stopped by budget: time budget of 0\.05 min used up while Logic Reviewer was answering/);
    // The log names the call that did not answer (the summaries give the budget as the reason).
    expect(run.stdout).toMatch(/✗ maker Logic Reviewer .*aborted/);
    expect(run.summary).toContain('time budget of 0.05 min');
    expect(callsBy('Security Reviewer')).toHaveLength(1);
    expect(
      pull()
        .reviewComments.map((c) => c.path)
        .sort()
    ).toEqual(['src/api/users.ts', 'src/util/format.ts']);
    expect(summaryComment().body).toMatch(/Review partial/);
  });

  test('an answer that breaks what its JSON schema cannot say: one repair request, then the agent is reported as failed', async () => {
    const broken = { kind: 'tool', name: 'report_findings', input: { findings: [{ ...SQL, line: 0, claim: 'x'.repeat(500) }] } } as const;
    fakes = await startFakes({ respond: withFaults({ 'Security Reviewer': () => broken }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review();

    expectNeutral(run, /^Review partial\b.*agent Security Reviewer failed \(malformed\)/, 'Security Reviewer');
    const [first, repair, ...more] = callsBy('Security Reviewer');
    expect(more).toEqual([]);
    expect(first!.body!.messages).toHaveLength(1);
    // The repair turn gives the answer back with the schema problem and asks again.
    expect(repair!.body!.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(repair!.body!.messages.at(-1))).toContain('Answer again');
    expect(pull().reviewComments.map((c) => [c.path, c.line])).toEqual([['src/api/users.ts', 21]]);
  });

  test('a reply cut off at max_tokens twice is never trusted: asked once more with twice the room, then reported, its half-answers dropped', async () => {
    fakes = await startFakes({
      respond: withFaults({ 'Security Reviewer': () => ({ kind: 'tool', name: 'report_findings', input: { findings: [SQL, XSS] }, stopReason: 'max_tokens' }) })
    });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review();

    expectNeutral(run, /^Review partial\b.*agent Security Reviewer failed \(truncated\)/, 'Security Reviewer');
    const [first, again] = callsBy('Security Reviewer');
    expect(callsBy('Security Reviewer')).toHaveLength(2);
    expect(again!.body!.max_tokens).toBeGreaterThan(first!.body!.max_tokens);
    expect(run.stdout).toContain('the answer was cut at the output limit');
    expect(pull().reviewComments.some((c) => c.path === 'src/util/format.ts' || c.line === 5)).toBe(false);
  });

  test('a reply cut off at max_tokens once: asked again with more room, and nothing is lost', async () => {
    fakes = await startFakes({
      respond: withFaults({
        'Security Reviewer': (nth) => (nth === 1 ? { kind: 'tool', input: { findings: [SQL, XSS] }, stopReason: 'max_tokens' } : undefined)
      })
    });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review();

    expect(run.code).toBe(0);
    expect(callsBy('Security Reviewer')).toHaveLength(2);
    expect(reviewCheck().output.title).toBe('3 verified findings (1 critical, 1 high, 1 medium)');
    expect(pull().reviewComments).toHaveLength(3);
  });

  test('a refusal: the agent is recorded as refused with the reason, the review is partial and neutral, the others’ findings are posted', async () => {
    const refusal: FakeReply = {
      kind: 'content',
      content: [],
      stopReason: 'refusal',
      stopDetails: { category: 'cyber', explanation: 'The request could enable exploit development.' }
    };
    fakes = await startFakes({ respond: withFaults({ 'Security Reviewer': () => refusal }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review();

    expectNeutral(run, /^Review partial\b.*agent Security Reviewer refused to answer/, 'Security Reviewer');
    expect(run.summary).toContain('exploit development');
    // A refusal is the model's answer: not repaired, not retried.
    expect(callsBy('Security Reviewer')).toHaveLength(1);
    expect(pull().reviewComments.map((c) => [c.path, c.line])).toEqual([['src/api/users.ts', 21]]);
  });

  test('the checker overloaded: findings stay unverified and none is posted as verified', async () => {
    fakes = await startFakes({ respond: withFaults({ 'Code Verifier': () => ({ kind: 'error', status: 529 }) }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await review();

    expectNeutral(run, /^Review partial\b.*checker Code Verifier failed \(overloaded\)/, 'Code Verifier');
    expect(pull().reviewComments).toEqual([]);
    expect(run.outputs).toMatchObject({ findings: '3', 'verified-findings': '0' });
  });
});
