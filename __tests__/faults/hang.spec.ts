/**
 * A first call on the shared prefix that never starts answering must not hold the other makers
 * back: they start after a bounded wait, the hung agent is named, and the review is partial.
 */
import { readFileSync } from 'node:fs';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, XSS, firstUserText, reviewScript } from '../action/scripts.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';

describe('faults/hang', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const agentOf = (body: MessagesBody) => /## Your role: (.+?) \((?:maker|checker)\)/.exec(firstUserText(body))?.[1] ?? '';

  test('a hung first call does not keep the other makers from being called', async () => {
    const base = reviewScript({ 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] });
    const respond = (request: RecordedRequest & { body: MessagesBody }): FakeReply =>
      agentOf(request.body) === 'Security Reviewer' ? { kind: 'hang' } : base(request);
    fakes = await startFakes({ respond });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const loop = readFileSync('loops/pr-review.yaml', 'utf8').replace(/maxDurationMinutes: \d+/, 'maxDurationMinutes: 0.05');
    const dir = workspace(fakes, { 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8'), 'loops/pr-review.yaml': loop });
    const run = await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, inputs: { loop: 'pr-review' } });

    expect(run.code).toBe(0);
    expect(fakes.ai.requests.filter((r) => r.body && agentOf(r.body) === 'Logic Reviewer')).toHaveLength(1);
    const check = [...fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.checkRuns.values()].find((c) => c.name === 'LoopKit Review')!;
    expect(check.conclusion).toBe('neutral');
    expect(check.output.title).toMatch(/^Review partial\b/);
  });
});
