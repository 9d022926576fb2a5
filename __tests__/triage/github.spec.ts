/** The GitHub side of triage and commands, over HTTP against the fake GitHub. */
import { TokenIdentity } from '../../src/github/trust.js';
import type { IssuePlan } from '../../src/engine/triage.js';
import {
  applyTriagePlan,
  cacheEntries,
  listOpenIssuesSince,
  listRecentIssues,
  permissionOf,
  react,
  readIssue,
  reply,
  triageIssuesOf
} from '../../src/github/index.js';
import { githubTime, type FakeGitHub } from '../fakes/github-server.js';
import { startHarness, type Harness } from '../github/setup.js';

describe('triage/github', () => {
  let h: Harness;
  afterEach(async () => h?.gh.close());
  const REPO = { owner: 'octo', repo: 'shop' };
  const DAY = 86_400_000;

  async function start() {
    h = await startHarness();
    return h.gh.state.addRepo(REPO);
  }

  function seed(gh: FakeGitHub) {
    const repo = gh.state.repo('octo', 'shop')!;
    for (let n = 1; n <= 130; n++) repo.addIssue({ number: n, title: `Issue ${n}`, updatedAt: githubTime(Date.now() - n * 60_000) });
    repo.addIssue({ number: 200, title: 'Closed', state: 'closed' });
    repo.addIssue({ number: 201, title: 'Stale', updatedAt: githubTime(Date.now() - 30 * DAY) });
    repo.addPull({ number: 300, title: 'A pull request' });
    return repo;
  }

  test('open issues changed since a time: every page, oldest change first, no pull requests, no closed issues', async () => {
    const repo = await start();
    seed(h.gh);
    const { issues, truncated } = await listOpenIssuesSince(h.octokit, REPO, new Date(Date.now() - DAY).toISOString(), 500);
    expect(truncated).toBe(false);
    expect(issues).toHaveLength(130);
    expect(issues[0]!.number).toBe(130);
    expect(issues.some((i) => i.number === 300 || i.number === 200 || i.number === 201)).toBe(false);
    expect(h.gh.requests.filter((r) => r.path === '/repos/octo/shop/issues')).toHaveLength(2);
    const capped = await listOpenIssuesSince(h.octokit, REPO, new Date(Date.now() - DAY).toISOString(), 50);
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.issues).toHaveLength(50);
    expect((await readIssue(h.octokit, { ...REPO, issueNumber: 300 })).pullRequest).toBe(true);
    expect((await listRecentIssues(h.octokit, REPO, 100)).map((i) => i.number)).not.toContain(300);
    expect(repo.issues.size).toBe(132);
  });

  test("an issue as the engine reads it leaves LoopKit's own comments out", async () => {
    const repo = await start();
    const issue = repo.addIssue({ number: 1, title: 'Crash', body: 'It crashes.' });
    repo.addIssueComment(1, 'Me too.', { login: 'bob', type: 'User' });
    repo.addIssueComment(1, '<!-- loopkit:triage:daily-triage -->\nearlier triage', { login: 'github-actions[bot]', type: 'Bot' });
    const [read] = await triageIssuesOf(h.octokit, REPO, [await readIssue(h.octokit, { ...REPO, issueNumber: 1 })], true);
    expect(read!.comments).toEqual([{ author: 'bob', body: 'Me too.' }]);
    expect(read!.updatedAt).toBe(issue.updatedAt);
    const [bare] = await triageIssuesOf(h.octokit, REPO, [await readIssue(h.octokit, { ...REPO, issueNumber: 1 })], false);
    expect(bare!.comments).toEqual([]);
  });

  test('applying a plan: labels, one comment edited in place, and the updated_at after LoopKit’s own writes', async () => {
    const repo = await start();
    repo.addLabel('bug');
    const issue = repo.addIssue({ number: 4, title: 'Crash', updatedAt: githubTime(Date.now() - DAY) });
    // A contributor's comment that forges the marker is never taken for LoopKit's.
    repo.addIssueComment(4, '<!-- loopkit:triage:daily-triage -->\nforged', { login: 'mallory', type: 'User', association: 'CONTRIBUTOR' });
    const plan: IssuePlan = {
      issue: 4,
      title: 'Crash',
      updatedAt: issue.updatedAt,
      labels: ['bug'],
      comment: true,
      reply: 'Thanks.',
      proposals: [],
      dropped: [],
      escalated: true
    };
    const options = {
      marker: '<!-- loopkit:triage:daily-triage -->',
      comment: (labels: string[]) => `<!-- loopkit:triage:daily-triage -->\nlabels: ${labels.join(', ') || 'none'}`,
      escalationLabel: 'needs-human',
      identity: new TokenIdentity(h.octokit)
    };
    const first = await applyTriagePlan(h.octokit, REPO, plan, options);
    expect(first).toMatchObject({ issue: 4, labels: ['bug', 'needs-human'], comment: 'created', problems: [] });
    expect(first.updatedAt).toBe(repo.issues.get(4)!.updatedAt);
    expect(Date.parse(first.updatedAt!)).toBeGreaterThan(Date.parse(plan.updatedAt));
    const second = await applyTriagePlan(h.octokit, REPO, { ...plan, labels: [], escalated: false }, options);
    expect(second.comment).toBe('edited');
    const ours = repo.issueComments.filter((c) => c.user.type === 'Bot');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('labels: none');

    // Adding labels is idempotent, so a 5xx is retried: refused means past the retries.
    for (let i = 0; i < 4; i += 1) h.gh.failNext({ method: 'POST', path: '/repos/octo/shop/issues/4/labels' }, 500);
    const refused = await applyTriagePlan(h.octokit, REPO, plan, options);
    expect(refused.updatedAt).toBeUndefined();
    expect(refused.problems[0]).toMatch(/^labels not added:/);
  });

  test('cache entries: under the exact prefix, on the refs the run can restore, newest first', async () => {
    await start();
    const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 9, minutes)).toISOString();
    h.gh.state.actionsCaches = () => [
      { id: 1, key: 'loopkit-state-v1-octo_shop-daily-triage-issues-nohead-1-1', ref: 'refs/heads/main', version: 'v', createdAt: at(1), sizeInBytes: 10 },
      { id: 2, key: 'loopkit-state-v1-octo_shop-daily-triage-issues-nohead-3-1', ref: 'refs/heads/main', version: 'v', createdAt: at(3), sizeInBytes: 10 },
      { id: 3, key: 'loopkit-state-v1-octo_shop-daily-triage-issues-nohead-4-1', ref: 'refs/pull/7/merge', version: 'v', createdAt: at(4), sizeInBytes: 10 },
      { id: 4, key: 'loopkit-state-v1-octo_shop-pr-review-pr7-aaaaaaaaaaaa-5-1', ref: 'refs/heads/main', version: 'v', createdAt: at(5), sizeInBytes: 10 }
    ];
    const keys = (await cacheEntries(h.octokit, REPO, 'loopkit-state-v1-octo_shop-daily-triage-issues-nohead-', ['refs/heads/main'])).map((e) => e.key);
    expect(keys).toEqual(['loopkit-state-v1-octo_shop-daily-triage-issues-nohead-3-1', 'loopkit-state-v1-octo_shop-daily-triage-issues-nohead-1-1']);
    h.gh.failNext({ path: '/repos/octo/shop/actions/caches' }, 403, { message: 'Resource not accessible by integration' });
    await expect(cacheEntries(h.octokit, REPO, 'x', [])).rejects.toMatchObject({ status: 403 });
  });

  test('who may command: GitHub maps maintain to write and triage to read', async () => {
    const repo = await start();
    repo.setRole('lead', 'maintain');
    repo.setRole('helper', 'triage');
    expect(await permissionOf(h.octokit, REPO, 'lead')).toBe('write');
    expect(await permissionOf(h.octokit, REPO, 'helper')).toBe('read');
    expect(await permissionOf(h.octokit, REPO, 'stranger')).toBe('read');
  });

  test('reactions and replies land where the command was typed; a review-thread reply answers the thread', async () => {
    const repo = await start();
    repo.addPull({ number: 7, files: [{ filename: 'a.ts', patch: '@@ -0,0 +1 @@\n+x' }] });
    const top = repo.addReviewComment(7, { path: 'a.ts', line: 1, body: 'finding' });
    const command = repo.addReviewComment(7, { path: 'a.ts', line: 1, body: '/loopkit ignore', in_reply_to_id: top.id });
    const ref = { kind: 'review' as const, pullNumber: 7, commentId: command.id, threadId: top.id };
    await react(h.octokit, REPO, ref, 'eyes');
    await react(h.octokit, REPO, ref, 'eyes');
    expect(command.reactions?.map((r) => r.content)).toEqual(['eyes']);
    await reply(h.octokit, REPO, ref, 'done');
    expect(repo.pulls.get(7)!.reviewComments.at(-1)).toMatchObject({ body: 'done', in_reply_to_id: top.id });

    const issue = repo.addIssue({ number: 8 });
    const said = repo.addIssueComment(8, '/loopkit help', { login: 'lead', type: 'User' });
    await react(h.octokit, REPO, { kind: 'issue', issueNumber: 8, commentId: said.id }, 'rocket');
    await reply(h.octokit, REPO, { kind: 'issue', issueNumber: 8, commentId: said.id }, 'help text');
    expect(said.reactions.map((r) => r.content)).toEqual(['rocket']);
    expect(repo.issueComments.at(-1)).toMatchObject({ issue_number: issue.number, body: 'help text' });
    await expect(react(h.octokit, REPO, { kind: 'issue', issueNumber: 8, commentId: said.id }, 'party' as 'rocket')).rejects.toMatchObject({ status: 422 });
  });
});
