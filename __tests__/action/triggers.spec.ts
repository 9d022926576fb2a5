/**
 * The action on every trigger beyond a pull request push: the schedule, a
 * manual run, issue events, comment commands and `/loopkit ignore` in a review thread, against
 * the local fakes. Payloads are shaped as GitHub's webhook documentation shows them.
 */
import { readFileSync } from 'node:fs';
import { RunRecord } from '../../src/flows/run-record.js';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';
import { githubTime, type FakeRepo, type FakeUser } from '../fakes/github-server.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { maintainerReplyEvent, pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { EMPTY_CATCH, firstUserText, SQL, XSS, reviewScript } from './scripts.js';

describe('action/triggers', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const DAY = 86_400_000;
  const MARKER = '<!-- loopkit:triage:daily-triage -->';
  const ALICE: FakeUser = { login: 'alice', type: 'User', association: 'NONE' };
  const MAINTAINER: FakeUser = { login: 'maintainer', type: 'User', association: 'MEMBER' };
  const READER: FakeUser = { login: 'visitor', type: 'User', association: 'CONTRIBUTOR' };
  const REPOSITORY = { id: 1296269, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER, type: 'User' }, private: false, default_branch: 'main' };
  const ON_MAIN = { GITHUB_REF: 'refs/heads/main' };

  const repoOf = (): FakeRepo => fakes.gh.state.repo(OWNER, REPO)!;
  const issue = (n: number) => repoOf().issues.get(n)!;
  const triageComments = (n: number) => repoOf().issueComments.filter((c) => c.issue_number === n && c.body.startsWith(MARKER));
  const commentsOn = (n: number) => repoOf().issueComments.filter((c) => c.issue_number === n);

  /** The repository's labels and issues: two recent, one older than the look-back, one closed, and a pull request in the same list. */
  function seedIssues(): FakeRepo {
    const repo = fakes.gh.state.repo(OWNER, REPO) ?? fakes.gh.state.addRepo({ owner: OWNER, repo: REPO });
    for (const label of ['bug', 'enhancement', 'question', 'documentation', 'duplicate', 'needs-info']) repo.addLabel(label);
    repo.addIssue({
      number: 1,
      title: 'App crashes when saving a file',
      body: 'Saving crashes with a stack trace.',
      user: ALICE,
      updatedAt: githubTime(Date.now() - DAY)
    });
    repo.addIssue({
      number: 2,
      title: 'How do I change the theme?',
      body: 'I could not find the setting.',
      user: ALICE,
      updatedAt: githubTime(Date.now() - 2 * DAY)
    });
    repo.addIssue({ number: 3, title: 'Old report', body: 'Something from last month.', user: ALICE, updatedAt: githubTime(Date.now() - 30 * DAY) });
    repo.addIssue({ number: 4, title: 'Fixed already', body: 'Closed.', user: ALICE, state: 'closed', updatedAt: githubTime(Date.now() - DAY) });
    repo.addPull({ number: 5, title: 'A pull request', body: 'Listed among issues by GitHub.' });
    repo.addIssueComment(1, 'Same here on version 2.1.', { login: 'bob', type: 'User' });
    repo.setRole('maintainer', 'write');
    repo.setRole('visitor', 'read');
    // GitHub's REST list of cache entries shows what the cache service holds, all saved on main here.
    fakes.gh.state.actionsCaches = () =>
      fakes.cache.entries.map((e) => ({
        id: e.id,
        key: e.key,
        ref: 'refs/heads/main',
        version: e.version,
        createdAt: new Date(e.createdAt).toISOString(),
        sizeInBytes: e.bytes.length
      }));
    return repo;
  }

  /** Makers propose a label, a type and a reply per issue asked about; the checker confirms everything. */
  function triageScript() {
    let makerCalls = 0;
    return (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
      const text = firstUserText(request.body);
      if (text.includes('(checker)')) {
        const ids = [...text.matchAll(/### (I\d+-[A-Z]\d+)/g)].map((m) => m[1]!);
        return {
          kind: 'tool',
          name: 'report_triage_verdicts',
          input: { verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The issue text says so.' })) }
        };
      }
      makerCalls += 1;
      const numbers = [...(/one entry for each of these issues: ([^\n]*)\./.exec(text)?.[1] ?? '').matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
      return {
        kind: 'tool',
        name: 'report_triage',
        input: {
          issues: numbers.map((n) => ({
            issue: n,
            labels: [{ name: n === 2 ? 'question' : 'bug', reason: 'The text says so.' }],
            type: { value: n === 2 ? 'question' : 'bug', reason: 'The text says so.' },
            comment: `Thanks for the report (triage ${makerCalls}).`
          }))
        }
      };
    };
  }

  const schedule = (runId: number) =>
    runAction(fakes, {
      event: 'schedule',
      payload: { schedule: '0 9 * * 1-5', workflow: '.github/workflows/loopkit.yml', repository: REPOSITORY },
      workspace: workspace(fakes),
      runId,
      env: ON_MAIN
    });

  test('schedule: the first run triages the issues of the look-back window, the second triages nothing, an edited issue is triaged again and its comment edited', async () => {
    fakes = await startFakes({ respond: triageScript() });
    seedIssues();

    const first = await schedule(1000);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(issue(1).labels).toEqual(['bug']);
    expect(issue(2).labels).toEqual(['question']);
    expect(triageComments(1)).toHaveLength(1);
    expect(triageComments(2)).toHaveLength(1);
    expect(triageComments(1)[0]!.body).toContain('Thanks for the report (triage 1).');
    expect(triageComments(1)[0]!.body).toContain('| Labels added | `bug` |');
    // Outside the window, closed, or a pull request: untouched.
    expect(issue(3).labels).toEqual([]);
    expect(commentsOn(3)).toEqual([]);
    expect(commentsOn(4)).toEqual([]);
    expect(repoOf().pulls.get(5)!.labels).toEqual([]);
    // The makers read the human comment, never LoopKit's own.
    expect(JSON.stringify(fakes.ai.requests[0]!.body!.system)).toContain('Same here on version 2.1.');
    expect(first.stdout).toContain('skipped pr-review: its trigger has no cron');
    expect(first.summary).toContain('daily-triage — 2 issues triaged · 2 labelled · 2 commented');
    expect(Number(first.outputs.tokens)).toBeGreaterThan(0);
    expect(fakes.cache.entries.map((e) => e.key)).toEqual(['loopkit-state-v1-octo_shop-daily-triage-issues-nohead-1000-1']);

    const calls = fakes.ai.requests.length;
    const bodies = repoOf().issueComments.map((c) => [c.id, c.body, c.updated_at]);
    const second = await schedule(1001);
    expect(second.code).toBe(0);
    expect(fakes.ai.requests.length).toBe(calls);
    expect(repoOf().issueComments.map((c) => [c.id, c.body, c.updated_at])).toEqual(bodies);
    expect(second.stdout).toContain('0 to triage, 2 unchanged');
    expect(second.summary).toContain('#1 — unchanged since the last triage');
    // The state was found through GitHub's list of cache entries, by the loop's exact key prefix.
    expect(
      fakes.gh.requests.some((r) => r.path === '/repos/octo/shop/actions/caches' && r.query.key === 'loopkit-state-v1-octo_shop-daily-triage-issues-nohead-')
    ).toBe(true);

    repoOf().editIssue(1, { body: 'Saving crashes with a stack trace. Version 2.1, steps: open, save.' });
    const third = await schedule(1002);
    expect(third.code).toBe(0);
    expect(fakes.ai.requests.length).toBeGreaterThan(calls);
    expect(third.stdout).toContain('1 to triage, 1 unchanged');
    expect(triageComments(1)).toHaveLength(1);
    expect(triageComments(1)[0]!.body).toContain('(triage 2)');
    expect(triageComments(2)[0]!.body).toContain('(triage 1)');
    expect(issue(1).labels).toEqual(['bug']);
  });

  test('a dry run on the schedule prints the plan and writes nothing', async () => {
    fakes = await startFakes();
    seedIssues();
    const run = await runAction(fakes, {
      event: 'schedule',
      payload: { schedule: '0 9 * * 1-5', repository: REPOSITORY },
      workspace: workspace(fakes),
      inputs: { 'dry-run': 'true', 'anthropic-api-key': '' },
      env: ON_MAIN
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '#1 · labels: bug, needs-info · type bug · priority high · missing: steps to reproduce; what was expected instead · comment: Thanks for opening this.'
    );
    expect(run.stdout).toContain('dry run: nothing is written to the issues');
    expect(run.summary).toContain('Dry run · 2 issues triaged, nothing written');
    expect(issue(1).labels).toEqual([]);
    expect(triageComments(1)).toEqual([]);
    expect(fakes.cache.entries).toEqual([]);
    expect(fakes.ai.requests).toEqual([]);
  });

  test('issues: an opened issue is triaged on its own; a bot labelling it starts nothing', async () => {
    fakes = await startFakes({ respond: triageScript() });
    seedIssues();
    repoOf().addIssue({ number: 6, title: 'Export fails with an error', body: 'Exporting fails.', user: ALICE });
    const loop = readFileSync('loops/daily-triage.yaml', 'utf8')
      .replace('name: daily-triage', 'name: issue-triage')
      .replace('  cron: "0 9 * * 1-5"\n', '  event: issues\n  types: [opened, edited, labeled]\n');
    const dir = workspace(fakes, { 'loops/issue-triage.yaml': loop, 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8') });
    const opened = {
      action: 'opened',
      issue: {
        number: 6,
        title: 'Export fails with an error',
        body: 'Exporting fails.',
        user: { login: 'alice', type: 'User' },
        labels: [],
        state: 'open',
        author_association: 'NONE'
      },
      repository: REPOSITORY,
      sender: { login: 'alice', type: 'User' }
    };
    const run = await runAction(fakes, { event: 'issues', payload: opened, workspace: dir, env: ON_MAIN });
    expect(run.code).toBe(0);
    expect(issue(6).labels).toEqual(['bug']);
    expect(repoOf().issueComments.filter((c) => c.issue_number === 6 && c.body.startsWith('<!-- loopkit:triage:issue-triage -->'))).toHaveLength(1);
    expect(issue(1).labels).toEqual([]);
    // The run record says what the triage wrote, in numbers, and that its proposals were confirmed.
    const [triaged] = RunRecord.parse(JSON.parse(readFileSync(run.outputs['run-record']!, 'utf8'))).loops;
    expect(triaged).toMatchObject({
      loop: 'issue-triage',
      task: 'triage',
      outcome: 'complete',
      written: ['issue #6: 1 label(s)', 'issue #6: comment created']
    });
    expect(triaged!.verdicts.confirmed).toBeGreaterThan(0);

    const calls = fakes.ai.requests.length;
    const labeled = { ...opened, action: 'labeled', label: { name: 'bug' }, sender: { login: 'github-actions[bot]', type: 'Bot' } };
    const again = await runAction(fakes, { event: 'issues', payload: labeled, workspace: dir, runId: 1001, env: ON_MAIN });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('skipped issue-triage: the event was caused by a bot (github-actions[bot])');
    expect(fakes.ai.requests.length).toBe(calls);
  });

  test('workflow_dispatch: one issue by number, and every changed issue without one', async () => {
    fakes = await startFakes({ respond: triageScript() });
    seedIssues();
    const dispatch = (inputs: Record<string, string>, runId: number) =>
      runAction(fakes, {
        event: 'workflow_dispatch',
        payload: {
          inputs,
          ref: 'refs/heads/main',
          repository: REPOSITORY,
          sender: { login: 'maintainer', type: 'User' },
          workflow: '.github/workflows/loopkit.yml'
        },
        workspace: workspace(fakes),
        runId,
        env: ON_MAIN
      });
    const one = await dispatch({ loop: 'daily-triage', pr: '', issue: '2' }, 1000);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('skipped pr-review: the run asked for daily-triage');
    expect(issue(2).labels).toEqual(['question']);
    expect(issue(1).labels).toEqual([]);
    const all = await dispatch({ loop: 'daily-triage', pr: '', issue: '' }, 1001);
    expect(all.code).toBe(0);
    // Issue 2 was triaged by the manual run, and the state says so.
    expect(all.stdout).toContain('1 to triage, 1 unchanged');
    expect(issue(1).labels).toEqual(['bug']);
    expect(triageComments(2)).toHaveLength(1);
  });

  function commentEvent(number: number, body: string, user: FakeUser, onPull = false) {
    const comment = repoOf().addIssueComment(number, body, user);
    return {
      comment,
      payload: {
        action: 'created',
        issue: {
          number,
          title: onPull ? 'A pull request' : `Issue #${number}`,
          state: 'open',
          user: { login: 'alice', type: 'User' },
          labels: [],
          ...(onPull
            ? {
                pull_request: {
                  url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`,
                  html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`
                }
              }
            : {})
        },
        comment: {
          id: comment.id,
          body,
          user: { login: user.login, type: user.type },
          author_association: user.association ?? 'NONE',
          created_at: comment.created_at,
          html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}#issuecomment-${comment.id}`
        },
        repository: REPOSITORY,
        sender: { login: user.login, type: user.type }
      }
    };
  }

  test('issue_comment: /loopkit triage from a writer triages the issue, with eyes at once and a rocket when done', async () => {
    fakes = await startFakes({ respond: triageScript() });
    seedIssues();
    const { comment, payload } = commentEvent(1, '/loopkit triage', MAINTAINER);
    const run = await runAction(fakes, { event: 'issue_comment', payload, workspace: workspace(fakes), env: ON_MAIN });
    expect(run.code).toBe(0);
    expect(comment.reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);
    expect(triageComments(1)).toHaveLength(1);
    expect(issue(1).labels).toEqual(['bug']);
    expect(issue(2).labels).toEqual([]);
    // The eyes came before any model call, the rocket after the triage comment.
    const reactions = fakes.gh.requests.filter((r) => r.path.endsWith('/reactions'));
    const posted = fakes.gh.requests.find((r) => r.method === 'POST' && r.path === '/repos/octo/shop/issues/1/comments')!;
    expect(reactions[0]!.at).toBeLessThanOrEqual(posted.at);
    expect(reactions[1]!.at).toBeGreaterThanOrEqual(posted.at);
  });

  test('issue_comment: a command from a read-only user runs nothing and gets a one-line answer', async () => {
    fakes = await startFakes({ respond: triageScript() });
    seedIssues();
    // author_association says CONTRIBUTOR; GitHub's permission answer (read) is what counts.
    const { comment, payload } = commentEvent(2, '/loopkit triage', READER);
    const run = await runAction(fakes, { event: 'issue_comment', payload, workspace: workspace(fakes), env: ON_MAIN });
    expect(run.code).toBe(0);
    expect(fakes.ai.requests).toEqual([]);
    expect(issue(2).labels).toEqual([]);
    expect(comment.reactions).toEqual([]);
    const answers = commentsOn(2).filter((c) => c.id !== comment.id);
    expect(answers.map((c) => c.body)).toEqual([
      '<!-- loopkit:refused -->\nOnly people with write access to this repository can run LoopKit commands; `/loopkit triage` was not run.'
    ]);
    expect(run.stdout).toContain('/loopkit triage not run: visitor has read access; commands need write access or more');
    expect(fakes.gh.requests.some((r) => r.path === '/repos/octo/shop/collaborators/visitor/permission')).toBe(true);
  });

  test('issue_comment: a reader typing commands again gets one answer per issue, then only a confused reaction', async () => {
    fakes = await startFakes({ respond: triageScript() });
    seedIssues();
    // A reader's copy of the marker is not LoopKit's answer: it does not silence the first one.
    repoOf().addIssueComment(2, '<!-- loopkit:refused -->\nalready answered, honest', READER);
    const typed = [];
    for (const word of ['triage', 'review', 'triage']) {
      const { comment, payload } = commentEvent(2, `/loopkit ${word}`, READER);
      typed.push(comment);
      expect((await runAction(fakes, { event: 'issue_comment', payload, workspace: workspace(fakes), env: ON_MAIN })).code).toBe(0);
    }
    const answers = commentsOn(2).filter((c) => c.body.includes('Only people with write access'));
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toContain('`/loopkit triage` was not run.');
    expect(typed.map((c) => c.reactions.map((r) => r.content))).toEqual([[], ['confused'], ['confused']]);
    expect(fakes.ai.requests).toEqual([]);
  });

  test('issue_comment: /loopkit help lists the commands; bots and plain comments are ignored', async () => {
    fakes = await startFakes();
    seedIssues();
    const { comment, payload } = commentEvent(2, '/loopkit help', MAINTAINER);
    const run = await runAction(fakes, { event: 'issue_comment', payload, workspace: workspace(fakes), env: ON_MAIN });
    expect(run.code).toBe(0);
    const help = commentsOn(2).find((c) => c.id !== comment.id)!;
    expect(help.body).toContain('| `/loopkit review` | pr-review on pull requests');
    expect(help.body).toContain('| `/loopkit triage` | daily-triage on issues');
    expect(help.body).toContain('`/loopkit ignore`');
    expect(comment.reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);

    const before = repoOf().issueComments.length;
    const bot = commentEvent(2, '/loopkit triage', { login: 'github-actions[bot]', type: 'Bot' });
    const quiet = await runAction(fakes, { event: 'issue_comment', payload: bot.payload, workspace: workspace(fakes), runId: 1001, env: ON_MAIN });
    expect(quiet.code).toBe(0);
    expect(repoOf().issueComments.length).toBe(before + 1);
    expect(fakes.gh.requests.filter((r) => r.path.includes('/permission'))).toHaveLength(1);
  });

  const HEAD = 'c'.repeat(40);
  const FINDINGS = { 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] };

  test('/loopkit review re-reviews in full; /loopkit ignore in a review thread keeps that finding off the next run', async () => {
    fakes = await startFakes({ respond: reviewScript(FINDINGS) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    seedIssues();
    const pull = () => repoOf().pulls.get(42)!;
    const summary = () => repoOf().issueComments.find((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))!;
    const reviewChecks = () => [...repoOf().checkRuns.values()].filter((c) => c.name === 'LoopKit Review');

    const first = await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: workspace(fakes), runId: 1000 });
    expect(first.code).toBe(0);
    expect(pull().reviewComments).toHaveLength(3);
    expect(reviewChecks().at(-1)!.output.title).toBe('3 verified findings (1 critical, 1 high, 1 medium)');

    // A maintainer answers the SQL finding's thread with /loopkit ignore.
    const sql = pull().reviewComments.find((c) => c.path === SQL.path && c.line === SQL.line)!;
    const ignore = repoOf().addReviewComment(42, { path: sql.path, line: sql.line, body: '/loopkit ignore', in_reply_to_id: sql.id, user: MAINTAINER });
    const reviewCommentEvent = maintainerReplyEvent(42, HEAD, sql, ignore);

    const ignored = await runAction(fakes, { event: 'pull_request_review_comment', payload: reviewCommentEvent, workspace: workspace(fakes), runId: 1001 });
    expect(ignored.code).toBe(0);
    expect(ignore.reactions?.map((r) => r.content)).toEqual(['eyes', 'rocket']);
    const answer = pull().reviewComments.at(-1)!;
    expect(answer).toMatchObject({ in_reply_to_id: sql.id, user: { type: 'Bot' } });
    expect(answer.body).toMatch(/^Ignored: LoopKit will not report this finding on this pull request again\.\n\n<!-- loopkit:ignored:[A-Za-z0-9_-]+ -->$/);
    expect(summary().body).toContain('Ignored on request (`/loopkit ignore`): `src/api/users.ts` — SQL injection');
    expect(fakes.cache.entries).toHaveLength(2);

    // The next run (a full re-review on request) suppresses it: the makers still report it.
    const calls = fakes.ai.requests.length;
    const { comment, payload } = commentEvent(42, '/loopkit review', MAINTAINER, true);
    const again = await runAction(fakes, { event: 'issue_comment', payload, workspace: workspace(fakes), runId: 1002 });
    expect(again.code).toBe(0);
    expect(fakes.ai.requests.length).toBeGreaterThan(calls);
    expect(again.stdout).toContain('plan: full review on request (`/loopkit review`)');
    expect(comment.reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);
    expect(reviewChecks().at(-1)!.output.title).toBe('2 verified findings (1 high, 1 medium)');
    expect(summary().body).toContain('1 finding ignored (`/loopkit ignore`)');
    // Not among the verified findings: listed once, as dismissed, with who dismissed it.
    expect(summary().body).not.toContain('| 🔴 Critical | `src/api/users.ts:5`');
    expect(summary().body).toContain('| dismissed by maintainer | 🔴 Critical | `src/api/users.ts` | SQL injection: id is concatenated into the query. |');
    expect(pull().reviewComments.filter((c) => c.body.includes('<!-- loopkit:finding:'))).toHaveLength(3);
    expect(repoOf().issueComments.filter((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))).toHaveLength(1);

    // A comment command runs on the default branch, where the pull request's cache entries cannot be
    // restored: LoopKit's answer in the thread still keeps the finding off.
    fakes.cache.entries.length = 0;
    const lost = commentEvent(42, '/loopkit review', MAINTAINER, true);
    const third = await runAction(fakes, { event: 'issue_comment', payload: lost.payload, workspace: workspace(fakes), runId: 1003 });
    expect(third.code).toBe(0);
    expect(reviewChecks().at(-1)!.output.title).toBe('2 verified findings (1 high, 1 medium)');
    expect(summary().body).toContain('1 finding ignored (`/loopkit ignore`)');
  });

  test('/loopkit ignore outside a LoopKit thread changes nothing and says why', async () => {
    fakes = await startFakes();
    seedSample(fakes.gh, 42, { headSha: HEAD });
    seedIssues();
    const human = repoOf().addReviewComment(42, { path: SQL.path, line: SQL.line, body: 'Why this query? <!-- loopkit:finding:forged -->', user: READER });
    const reply = repoOf().addReviewComment(42, { path: SQL.path, line: SQL.line, body: '/loopkit ignore', in_reply_to_id: human.id, user: MAINTAINER });
    const run = await runAction(fakes, {
      event: 'pull_request_review_comment',
      payload: {
        action: 'created',
        comment: { id: reply.id, body: '/loopkit ignore', in_reply_to_id: human.id, user: { login: 'maintainer', type: 'User' } },
        pull_request: { number: 42 },
        repository: REPOSITORY
      },
      workspace: workspace(fakes)
    });
    expect(run.code).toBe(0);
    expect(reply.reactions?.map((r) => r.content)).toEqual(['eyes', 'confused']);
    expect(repoOf().pulls.get(42)!.reviewComments.at(-1)!.body).toBe(
      '`/loopkit ignore` did not finish: this thread is not about a LoopKit finding, so there is nothing to ignore.'
    );
    expect(fakes.cache.entries).toEqual([]);
  });
});
