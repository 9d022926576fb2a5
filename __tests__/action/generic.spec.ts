/**
 * Generic loops written in the original LoopKit format (`trigger.type`, bare agent steps, a checker
 * named but not declared), run by the built action (dist/index.js) as the runner runs it, against
 * the local fakes: a loop on push and a loop on a cron, each with makers and a checker, write only
 * what their `outputs` declare (at most one issue, with the declared labels and title prefix), and
 * the fake GitHub sees no other write.
 */
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';
import { POST_MERGE_AUDIT, WEEKLY_DIGEST } from '../helpers/generic-loops.js';
import { runBuiltAction, startFakes, workspace, type Fakes } from './harness.js';
import { firstUserText } from './scripts.js';

describe('action/generic', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const BEFORE = '1'.repeat(40);
  const AFTER = '2'.repeat(40);

  /** Makers propose what `proposals` holds (their schema offers no kind the loop does not declare); the checker confirms everything. */
  function script(proposals: object[]) {
    return (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
      const text = firstUserText(request.body);
      if (text.includes('(checker)')) {
        const ids = [...text.matchAll(/^### (\S+) · /gm)].map((m) => m[1]!);
        // One format for both roles: the checker leaves the makers' fields empty, as a model under the format does.
        return {
          kind: 'tool',
          name: 'report_verdicts',
          input: { summary: '', verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The context shows it.' })) }
        };
      }
      return { kind: 'tool', name: 'report_proposals', input: { summary: 'What happened.', proposals } };
    };
  }

  const roles = (fakes: Fakes) =>
    fakes.ai.requests.map((r) => /## Your role: (.+?) \((maker|checker)\)/.exec(firstUserText(r.body!))?.slice(1, 3).join(' ')).sort();
  const writes = (fakes: Fakes) => fakes.gh.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql').map((r) => `${r.method} ${r.path}`);

  test('a push loop in the original format opens at most one issue, with the declared labels and prefix, and its check, and writes nothing else', async () => {
    fakes = await startFakes({
      respond: script([
        { kind: 'issue', title: 'eval of read input in src/run.js', body: 'src/run.js:2 evaluates what it reads.', reason: 'code execution' },
        { kind: 'issue', title: 'A second issue', body: 'Over the cap.', reason: 'the cap says no' }
      ])
    });
    const repo = fakes.gh.state.addRepo({ owner: 'octo', repo: 'shop' });
    repo.addCommit({ sha: BEFORE, message: 'base' });
    repo.addCommit({
      sha: AFTER,
      parents: [BEFORE],
      message: 'Run the input',
      files: [{ filename: 'src/run.js', patch: '@@ -1,2 +1,3 @@\n const input = read();\n+eval(input);\n done();' }]
    });
    const ws = workspace(fakes, { 'loops/post-merge-audit.yaml': POST_MERGE_AUDIT });
    const run = await runBuiltAction(fakes, {
      event: 'push',
      payload: { ref: 'refs/heads/main', before: BEFORE, after: AFTER, repository: { default_branch: 'main', full_name: 'octo/shop' } },
      workspace: ws,
      env: { GITHUB_SHA: AFTER }
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(roles(fakes)).toEqual(['Adversarial Verifier checker', 'Auditor maker', 'Second Auditor maker']);
    // The diff reached the makers in the shared (cached) context.
    expect(JSON.stringify(fakes.ai.requests[0]!.body!.system)).toContain('+eval(input);');
    const opened = [...repo.issues.values()];
    expect(opened).toHaveLength(1);
    expect(opened[0]!.title).toMatch(/^\[audit\] (eval of read input in src\/run\.js|A second issue)$/);
    expect(opened[0]!.labels).toEqual(['audit']);
    expect([...repo.checkRuns.values()].map((c) => [c.name, c.head_sha, c.conclusion])).toEqual([['LoopKit Audit', AFTER, 'success']]);
    expect(writes(fakes)).toEqual(['POST /repos/octo/shop/issues', 'POST /repos/octo/shop/check-runs']);
    expect(run.summary).toContain('### post-merge-audit — complete');
  });

  test('a cron loop in the original format opens one issue on its schedule; a re-run of the same run opens none again', async () => {
    fakes = await startFakes({ respond: script([{ kind: 'issue', title: 'week 12', body: 'Nothing broke this week.', reason: 'the weekly digest' }]) });
    const repo = fakes.gh.state.addRepo({ owner: 'octo', repo: 'shop' });
    const ws = workspace(fakes, { 'loops/weekly-digest.yaml': WEEKLY_DIGEST });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const run = await runBuiltAction(fakes, {
        event: 'schedule',
        payload: { schedule: '0 6 * * 1' },
        workspace: ws,
        runId: 3000,
        env: { GITHUB_RUN_ATTEMPT: String(attempt) }
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    expect([...repo.issues.values()].map((i) => [i.title, i.labels])).toEqual([['Weekly: week 12', ['digest']]]);
    expect(writes(fakes)).toEqual(['POST /repos/octo/shop/issues']);
    expect(roles(fakes)).toEqual(['Adversarial Verifier checker', 'Adversarial Verifier checker', 'Digest Writer maker', 'Digest Writer maker']);
  });
});
