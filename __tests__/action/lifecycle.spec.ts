/**
 * Findings that live and die with the code, end to end through the review flow (the fake GitHub,
 * whose GraphQL answers the review-thread query and mutations, and the fake Anthropic): a review
 * posts findings on two files; a push that reverts one file resolves that file's thread with a
 * reply naming the new head and touches no other; a push that changes the other file elsewhere
 * asks the checker about its open finding and resolves nothing without the checker saying so; the
 * checker refuting it at a later head resolves it as fixed in that commit.
 */
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { maintainerReplyEvent, pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { firstUserText, findingIds, isChecker, reviewScript, SQL, XSS } from './scripts.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';

describe('action/lifecycle', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const C1 = '1'.repeat(40);
  const C2 = '2'.repeat(40);
  const C3 = '3'.repeat(40);
  const C4 = '4'.repeat(40);
  const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;
  const pull = () => repoOf().pulls.get(42)!;
  const lastCheck = () => [...repoOf().checkRuns.values()].filter((c) => c.name === 'LoopKit Review').at(-1)!;
  const threadOf = (path: string) => pull().reviewComments.find((c) => c.in_reply_to_id === undefined && c.path === path)!;
  const repliesTo = (id: number) => pull().reviewComments.filter((c) => c.in_reply_to_id === id);
  const RECHECK = 'was posted on an earlier commit of this pull request';
  const rechecks = () => fakes.ai.requests.filter((r) => r.body && isChecker(r.body) && firstUserText(r.body).includes(RECHECK));
  const makerCalls = () => fakes.ai.requests.filter((r) => r.body && !isChecker(r.body));

  type Request = RecordedRequest & { body: MessagesBody };

  function review(head: string, runId: number) {
    return runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, head, runId === 1000 ? 'opened' : 'synchronize'),
      workspace: workspace(fakes),
      inputs: { loop: 'pr-review' },
      runId
    });
  }

  /** A push from `from` to `to`: `revert` takes a file out of the pull request; `touch` adds a line at the end of one. */
  function push(from: string, to: string, change: { revert: string } | { touch: string }): void {
    const repo = repoOf();
    const pr = pull();
    for (const [path, text] of repo.contents.get(from)!) repo.setFile(to, path, text.toString());
    if ('revert' in change) pr.files = pr.files.filter((f) => f.filename !== change.revert);
    else {
      const file = pr.files.find((f) => f.filename === change.touch)!;
      const added = `// touched at ${to.slice(0, 7)}`;
      const hunks = file.patch!.split(/(?=^@@ )/m);
      const last = hunks.pop()!.replace(/^@@ -(\d+),(\d+) \+(\d+),(\d+) @@/, (_m, a, b, c, d) => `@@ -${a},${b} +${c},${Number(d) + 1} @@`);
      file.patch = [...hunks, `${last}\n+${added}`].join('');
      file.additions += 1;
      repo.setFile(to, change.touch, `${repo.contents.get(from)!.get(change.touch)!.toString()}\n${added}`);
    }
    repo.addCommit({ sha: to, parents: [from], message: 'a push', files: pr.files });
    pr.head.sha = to;
  }

  /** The makers say `findings`; the checker confirms what they find and answers `recheck` to a finding asked about again. */
  function model(findings: object[], recheck: 'confirmed' | 'refuted' | 'uncertain') {
    const script = reviewScript({ 'Security Reviewer': findings });
    return (request: Request): FakeReply => {
      if (!isChecker(request.body) || !firstUserText(request.body).includes(RECHECK)) return script(request);
      const verdicts = findingIds(request.body).map((id) => ({ id, verdict: recheck, confidence: 0.9, evidence: 'Line 6 of src/api/users.ts shows it.' }));
      return { kind: 'tool', name: 'report_verdicts', input: { verdicts } };
    };
  }

  test('findings close with the code: a reverted file resolves its thread, a changed file is asked about, only the checker fixes', async () => {
    let answer = model([SQL, XSS], 'confirmed');
    fakes = await startFakes({ respond: (request: Request) => answer(request) });
    seedSample(fakes.gh, 42, { headSha: C1 });
    await review(C1, 1000);
    const sql = threadOf(SQL.path);
    const xss = threadOf(XSS.path);
    expect(lastCheck().conclusion).toBe('failure');

    // A push that reverts src/util/format.ts: its thread resolves with one reply naming the head, without a model call about it.
    answer = model([], 'confirmed');
    push(C1, C2, { revert: XSS.path });
    const before = fakes.ai.requests.length;
    await review(C2, 1001);
    expect(fakes.ai.requests).toHaveLength(before);
    expect(repliesTo(xss.id).map((c) => c.body)).toEqual(['No longer part of this pull request (as of 2222222).']);
    expect(xss.thread_resolved_by).toBeDefined();
    expect(repliesTo(sql.id)).toEqual([]);
    expect(sql.thread_resolved_by).toBeUndefined();
    expect(lastCheck().conclusion).toBe('failure');
    expect(lastCheck().output.summary).toContain('loopkit-findings: {"open":{"critical":1},"fixed":{},"dismissed":{},"outdated":{"high":1}}');

    // A push that changes src/api/users.ts elsewhere: the makers no longer report the injection, the checker cannot tell. It stays open.
    answer = model([], 'uncertain');
    push(C2, C3, { touch: SQL.path });
    await review(C3, 1002);
    expect(rechecks()).toHaveLength(1);
    const asked = firstUserText(rechecks()[0]!.body!);
    expect(asked).toContain(SQL.claim);
    expect(asked).toContain('Code around the quoted line at the head commit');
    expect(repliesTo(sql.id)).toEqual([]);
    expect(sql.thread_resolved_by).toBeUndefined();
    expect(lastCheck().conclusion).toBe('failure');
    const summary = repoOf().issueComments.find((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))!.body;
    expect(summary).toContain('Findings on this pull request (1 open, 1 outdated)');
    expect(summary).toMatch(/\| open \| 🔴 Critical \| \[`src\/api\/users\.ts`\]\(http:\/\/[^)]+#discussion_r\d+\) \|/);

    // The checker, asked again at the next head, says it is gone: fixed in that commit, thread resolved, gate green.
    answer = model([], 'refuted');
    push(C3, C4, { touch: SQL.path });
    const makersBefore = makerCalls().length;
    await review(C4, 1003);
    expect(rechecks()).toHaveLength(2);
    expect(makerCalls().length).toBeGreaterThan(makersBefore);
    expect(repliesTo(sql.id).map((c) => c.body)).toEqual(['Fixed in 4444444.']);
    expect(sql.thread_resolved_by).toBeDefined();
    expect(lastCheck().conclusion).toBe('success');
    expect(lastCheck().output.summary).toContain('loopkit-findings: {"open":{},"fixed":{"critical":1},"dismissed":{},"outdated":{"high":1}}');
  });

  test('/loopkit recheck makes only checker calls, one for the open findings together, and closes those the checker says are gone', async () => {
    let answer = model([SQL, XSS], 'confirmed');
    fakes = await startFakes({ respond: (request: Request) => answer(request) });
    seedSample(fakes.gh, 42, { headSha: C1 });
    repoOf().setRole('maintainer', 'write');
    await review(C1, 1000);
    expect(lastCheck().conclusion).toBe('failure');

    answer = model([SQL, XSS], 'refuted');
    const before = fakes.ai.requests.length;
    const comment = repoOf().addIssueComment(42, '/loopkit recheck', { login: 'maintainer', type: 'User' });
    const run = await runAction(fakes, {
      event: 'issue_comment',
      payload: {
        action: 'created',
        issue: { number: 42, title: 'A pull request', state: 'open', user: { login: 'alice', type: 'User' }, labels: [], pull_request: { url: 'x' } },
        comment: {
          id: comment.id,
          body: comment.body,
          user: { login: 'maintainer', type: 'User' },
          author_association: 'MEMBER',
          created_at: comment.created_at
        },
        repository: { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } },
        sender: { login: 'maintainer', type: 'User' }
      },
      workspace: workspace(fakes),
      runId: 1001
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('recheck of 2 file(s) with open findings on request');
    const made = fakes.ai.requests.slice(before);
    // Only the checker, once, about both open findings (batched on the one prefix).
    expect(made.map((r) => isChecker(r.body!))).toEqual([true]);
    expect(findingIds(made[0]!.body!)).toHaveLength(2);
    expect(repliesTo(threadOf(SQL.path).id).map((c) => c.body)).toEqual(['Fixed in 1111111.']);
    expect(repliesTo(threadOf(XSS.path).id).map((c) => c.body)).toEqual(['Fixed in 1111111.']);
    expect(lastCheck().conclusion).toBe('success');
    expect(comment.reactions?.map((r) => r.content)).toEqual(['eyes', 'rocket']);
  });

  test("/loopkit fixed and /loopkit reopen in a finding's thread change the gate as they say", async () => {
    fakes = await startFakes({ respond: model([SQL], 'confirmed') });
    seedSample(fakes.gh, 42, { headSha: C1 });
    repoOf().setRole('maintainer', 'write');
    await review(C1, 1000);
    expect(lastCheck().conclusion).toBe('failure');
    const sql = threadOf(SQL.path);
    let runId = 1001;
    const steer = async (word: string) => {
      const typed = repoOf().addReviewComment(42, {
        path: sql.path,
        line: sql.line!,
        body: `/loopkit ${word}`,
        in_reply_to_id: sql.id,
        user: { login: 'maintainer', type: 'User' }
      });
      const run = await runAction(fakes, {
        event: 'pull_request_review_comment',
        payload: maintainerReplyEvent(42, C1, sql, typed),
        workspace: workspace(fakes),
        runId: runId++
      });
      expect(typed.reactions?.map((r) => r.content)).toEqual(['eyes', 'rocket']);
      return run;
    };

    await steer('fixed');
    expect(sql.thread_resolved_by).toBeDefined();
    expect(repliesTo(sql.id).at(-1)!.body).toBe('Marked fixed by maintainer.');
    const calls = fakes.ai.requests.length;
    await review(C1, runId++);
    expect(fakes.ai.requests).toHaveLength(calls);
    expect(lastCheck().conclusion).toBe('success');

    await steer('reopen');
    expect(sql.thread_resolved_by).toBeUndefined();
    expect(repliesTo(sql.id).at(-1)!.body).toBe('Reopened by maintainer: this finding counts again.');
    await review(C1, runId++);
    expect(fakes.ai.requests).toHaveLength(calls);
    expect(lastCheck().conclusion).toBe('failure');
  });

  test('a fixed finding that comes back is reopened, not posted again, and escalated once only', async () => {
    let answer = model([SQL], 'confirmed');
    fakes = await startFakes({ respond: (request: Request) => answer(request) });
    seedSample(fakes.gh, 42, { headSha: C1 });
    await review(C1, 1000);
    const sql = threadOf(SQL.path);
    answer = model([], 'refuted');
    push(C1, C2, { touch: SQL.path });
    await review(C2, 1001);
    expect(repliesTo(sql.id).map((c) => c.body)).toEqual(['Fixed in 2222222.']);
    const labelAdds = () => fakes.gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/42/labels')).length;
    expect(labelAdds()).toBe(0);

    // It comes back on the next two pushes: open again and escalated the first time, never posted again.
    answer = model([SQL], 'confirmed');
    push(C2, C3, { touch: SQL.path });
    await review(C3, 1002);
    expect(labelAdds()).toBe(1);
    expect(pull().labels).toContain('needs-human-review');
    expect(lastCheck().conclusion).toBe('failure');
    push(C3, C4, { touch: SQL.path });
    await review(C4, 1003);
    expect(labelAdds()).toBe(1);
    expect(pull().reviewComments.filter((c) => c.in_reply_to_id === undefined && c.path === SQL.path)).toHaveLength(1);
    expect(lastCheck().output.summary).toContain('loopkit-findings: {"open":{"critical":1},"fixed":{},"dismissed":{},"outdated":{}}');
  });

  test('a finding the checker refuted in two runs is not raised again', async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL] }, [SQL.claim]) });
    seedSample(fakes.gh, 42, { headSha: C1 });
    const askedAboutIt = () => fakes.ai.requests.filter((r) => r.body && isChecker(r.body) && firstUserText(r.body).includes(SQL.claim)).length;
    await review(C1, 1000);
    push(C1, C2, { touch: SQL.path });
    await review(C2, 1001);
    const asked = askedAboutIt();
    expect(asked).toBeGreaterThanOrEqual(2);
    push(C2, C3, { touch: SQL.path });
    const third = await review(C3, 1002);
    expect(askedAboutIt()).toBe(asked);
    expect(third.stdout).toContain('pr-review: complete · 0 finding(s), 0 verified');
    expect(pull().reviewComments).toHaveLength(0);
  });
});
