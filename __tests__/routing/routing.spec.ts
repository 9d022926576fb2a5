import { readFileSync } from 'node:fs';
import { parseCommand, routeEvent, type EventInfo } from '../../src/flows/routing.js';
import { loadProject, type LoadedLoop } from '../../src/loop/index.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('routing/routing', () => {
  const REVIEW = readFileSync('loops/pr-review.yaml', 'utf8');
  const TRIAGE = readFileSync('loops/daily-triage.yaml', 'utf8');
  const ON_ISSUES = TRIAGE.replace('name: daily-triage', 'name: issue-triage').replace('  cron: "0 9 * * 1-5"\n  command: triage\n', '  event: issues\n');
  const WEEKLY = TRIAGE.replace('name: daily-triage', 'name: weekly-triage').replace('"0 9 * * 1-5"', '"0 6 * * 1"').replace('  command: triage\n', '');

  async function loops(files: Record<string, string> = { 'loops/pr-review.yaml': REVIEW, 'loops/daily-triage.yaml': TRIAGE }): Promise<LoadedLoop[]> {
    const project = await loadProject(new MemoryLoopSource(files));
    expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return project.loops;
  }

  function route(all: LoadedLoop[], name: string, payload: Record<string, unknown>, only?: string) {
    const event: EventInfo = { name, payload, ...(only ? { only } : {}) };
    const routing = routeEvent(all, event);
    return { ...routing, ran: routing.run.map((r) => r.loaded.loop.name), why: Object.fromEntries(routing.skipped.map((s) => [s.loop, s.reason])) };
  }

  const REPOSITORY = { full_name: 'octo/shop', default_branch: 'main' };
  const WRITER = { login: 'maintainer', type: 'User' };

  describe('pull_request', () => {
    test('the usual types run review loops; triage loops say why not', async () => {
      const r = route(await loops(), 'pull_request', { action: 'synchronize', number: 7, pull_request: { number: 7, draft: false } });
      expect(r.run).toEqual([expect.objectContaining({ pullNumber: 7 })]);
      expect(r.ran).toEqual(['pr-review']);
      expect(r.why['daily-triage']).toBe('its trigger does not listen to pull_request');
    });

    test('other types, drafts and pull_request_target without opting in are skipped with the reason', async () => {
      const all = await loops();
      expect(route(all, 'pull_request', { action: 'closed', pull_request: { number: 7 } }).why['pr-review']).toBe(
        'pull_request.closed is not one of its trigger types (opened, synchronize, reopened, ready_for_review)'
      );
      expect(route(all, 'pull_request', { action: 'opened', pull_request: { number: 7, draft: true } }).why['pr-review']).toBe(
        'the pull request is a draft (set `trigger.drafts: true` to review drafts)'
      );
      const drafts = await loops({ 'loops/pr-review.yaml': REVIEW.replace('  command: review\n', '  command: review\n  drafts: true\n') });
      expect(route(drafts, 'pull_request', { action: 'opened', pull_request: { number: 7, draft: true } }).ran).toEqual(['pr-review']);
      expect(route(all, 'pull_request_target', { action: 'opened', pull_request: { number: 7 } }).why['pr-review']).toBe(
        'its trigger does not listen to pull_request_target'
      );
      const target = await loops({ 'loops/pr-review.yaml': REVIEW.replace('event: pull_request', 'event: [pull_request, pull_request_target]') });
      expect(route(target, 'pull_request_target', { action: 'opened', pull_request: { number: 7 } }).ran).toEqual(['pr-review']);
    });

    test('a payload without a pull request skips everything, with the reason', async () => {
      expect(route(await loops(), 'pull_request', { action: 'opened' }).why).toEqual({
        'pr-review': 'the event carries no pull request',
        'daily-triage': 'the event carries no pull request'
      });
    });
  });

  describe('schedule', () => {
    test('a loop runs when its cron is exactly the schedule string, so several cron loops share one workflow', async () => {
      const all = await loops({ 'loops/pr-review.yaml': REVIEW, 'loops/daily-triage.yaml': TRIAGE, 'loops/weekly-triage.yaml': WEEKLY });
      const daily = route(all, 'schedule', { schedule: '0 9 * * 1-5', repository: REPOSITORY });
      expect(daily.ran).toEqual(['daily-triage']);
      expect(daily.run[0]!.issueNumber).toBeUndefined();
      expect(daily.why['weekly-triage']).toBe('this schedule is "0 9 * * 1-5", the loop\'s cron is "0 6 * * 1"');
      expect(daily.why['pr-review']).toBe('its trigger has no cron');
      expect(route(all, 'schedule', { schedule: '0 6 * * 1' }).ran).toEqual(['weekly-triage']);
    });

    test('a review loop with a cron is skipped: a schedule carries no pull request', async () => {
      const all = await loops({ 'loops/pr-review.yaml': REVIEW.replace('  command: review\n', '  command: review\n  cron: "0 9 * * 1-5"\n') });
      expect(route(all, 'schedule', { schedule: '0 9 * * 1-5' }).why['pr-review']).toBe('a review loop needs a pull request, and a schedule carries none');
    });
  });

  describe('workflow_dispatch', () => {
    test('the `command` input asks a review loop for the full review or the recheck of its open findings', async () => {
      const all = await loops();
      const dispatch = (command: string) => route(all, 'workflow_dispatch', { inputs: { loop: 'pr-review', pr: '42', command } });
      expect(dispatch('review').run).toEqual([expect.objectContaining({ pullNumber: 42, force: true })]);
      expect(dispatch('recheck').run).toEqual([expect.objectContaining({ pullNumber: 42, recheck: true })]);
      const plain = dispatch('').run[0]!;
      expect(plain.force ?? plain.recheck).toBeUndefined();
      expect(dispatch('audit').why['pr-review']).toBe('the `command` input "audit" is not `review` or `recheck` (leave it empty to review what changed)');
    });

    test('runs the loop named by the input: a review with its pr, a triage on one issue or on all', async () => {
      const all = await loops();
      const review = route(all, 'workflow_dispatch', { inputs: { loop: 'pr-review', pr: '42' }, ref: 'refs/heads/main' });
      expect(review.run).toEqual([expect.objectContaining({ pullNumber: 42 })]);
      expect(review.why['daily-triage']).toBe('the run asked for pr-review');
      expect(route(all, 'workflow_dispatch', { inputs: { loop: 'pr-review' } }).why['pr-review']).toBe(
        'a manual review needs the pull request number in the `pr` input'
      );
      const one = route(all, 'workflow_dispatch', { inputs: { loop: 'daily-triage', issue: '12' } });
      expect(one.run).toEqual([expect.objectContaining({ issueNumber: 12 })]);
      const every = route(all, 'workflow_dispatch', { inputs: { loop: 'daily-triage', pr: '', issue: '' } });
      expect(every.ran).toEqual(['daily-triage']);
      expect(every.run[0]!.issueNumber).toBeUndefined();
      expect(route(all, 'workflow_dispatch', { inputs: { loop: 'daily-triage', issue: 'twelve' } }).why['daily-triage']).toBe(
        'the `issue` input "twelve" is not an issue number'
      );
      expect(route(all, 'workflow_dispatch', { inputs: {} }).why['pr-review']).toBe('a manual run names its loop with the `loop` input');
    });

    test('the action input wins over the dispatch input, and manual: false refuses', async () => {
      const all = await loops({
        'loops/daily-triage.yaml': TRIAGE.replace('  command: triage\n', '  command: triage\n  manual: false\n'),
        'loops/pr-review.yaml': REVIEW
      });
      expect(route(all, 'workflow_dispatch', { inputs: { loop: 'pr-review', pr: '1' } }, 'daily-triage').why['daily-triage']).toBe('`trigger.manual` is false');
    });
  });

  describe('issues', () => {
    test('opened, edited and labeled triage that issue for loops listening to issues', async () => {
      const all = await loops({ 'loops/pr-review.yaml': REVIEW, 'loops/issue-triage.yaml': ON_ISSUES, 'loops/daily-triage.yaml': TRIAGE });
      for (const action of ['opened', 'edited', 'labeled']) {
        const r = route(all, 'issues', { action, issue: { number: 5 }, sender: WRITER, repository: REPOSITORY });
        expect(r.run).toEqual([expect.objectContaining({ issueNumber: 5 })]);
        expect(r.ran).toEqual(['issue-triage']);
        expect(r.why['daily-triage']).toBe('its trigger does not listen to issues');
      }
      expect(route(all, 'issues', { action: 'closed', issue: { number: 5 }, sender: WRITER }).why['issue-triage']).toBe(
        'issues.closed is not one of its trigger types (opened, edited, labeled)'
      );
    });

    test("a bot's change (LoopKit's own labels) never starts a triage", async () => {
      const all = await loops({ 'loops/issue-triage.yaml': ON_ISSUES });
      expect(route(all, 'issues', { action: 'labeled', issue: { number: 5 }, sender: { login: 'github-actions[bot]', type: 'Bot' } }).why['issue-triage']).toBe(
        'the event was caused by a bot (github-actions[bot])'
      );
    });
  });

  describe('comment commands', () => {
    const comment = (body: string, extra: Record<string, unknown> = {}) => ({
      action: 'created',
      issue: { number: 9, ...extra },
      comment: { id: 501, body, user: WRITER, author_association: 'MEMBER' },
      repository: REPOSITORY,
      sender: WRITER
    });

    test('/loopkit review on a pull request forces a full review of it', async () => {
      const r = route(await loops(), 'issue_comment', comment('/loopkit review', { pull_request: { url: 'https://api.github.com/repos/octo/shop/pulls/9' } }));
      expect(r.run).toEqual([expect.objectContaining({ pullNumber: 9, force: true })]);
      expect(r.command).toEqual({
        word: 'review',
        kind: 'loops',
        author: 'maintainer',
        comment: { kind: 'issue', issueNumber: 9, commentId: 501 },
        subject: { kind: 'pull_request', number: 9 }
      });
      expect(r.why['daily-triage']).toBe('its command is `/loopkit triage`');
    });

    test('/loopkit triage on an issue triages it; each command only where its loop runs', async () => {
      const all = await loops();
      const triage = route(all, 'issue_comment', comment('/loopkit triage\nplease'));
      expect(triage.run).toEqual([expect.objectContaining({ issueNumber: 9 })]);
      const review = route(all, 'issue_comment', comment('/loopkit review'));
      expect(review.run).toEqual([]);
      expect(review.why['pr-review']).toBe('a review loop runs on pull requests, and this is an issue');
      expect(review.command?.kind).toBe('loops');
    });

    test('help, ignore and unknown words are commands; plain comments, edits and bots are not', async () => {
      const all = await loops();
      expect(route(all, 'issue_comment', comment('/loopkit')).command?.kind).toBe('help');
      expect(route(all, 'issue_comment', comment('/loopkit help')).why['pr-review']).toBe('`/loopkit help` runs no loop');
      expect(route(all, 'issue_comment', comment('/loopkit frobnicate')).command?.kind).toBe('unknown');
      const plain = route(all, 'issue_comment', comment('Looks good to me'));
      expect(plain.command).toBeUndefined();
      expect(plain.why['pr-review']).toBe('the comment holds no `/loopkit` command');
      expect(route(all, 'issue_comment', { ...comment('/loopkit triage'), action: 'edited' }).why['daily-triage']).toBe(
        'the comment was edited: only new comments carry commands'
      );
      const bot = route(all, 'issue_comment', {
        ...comment('/loopkit triage'),
        comment: { id: 1, body: '/loopkit triage', user: { login: 'github-actions[bot]', type: 'Bot' } }
      });
      expect(bot.command).toBeUndefined();
      expect(bot.run).toEqual([]);
    });

    test('/loopkit ignore as a reply in a review thread names the comment it answers', async () => {
      const r = route(await loops(), 'pull_request_review_comment', {
        action: 'created',
        pull_request: { number: 42, head: { sha: 'c'.repeat(40) } },
        comment: { id: 900, body: '/loopkit ignore', in_reply_to_id: 777, user: WRITER, path: 'src/a.ts' },
        repository: REPOSITORY
      });
      expect(r.run).toEqual([]);
      expect(r.command).toEqual({
        word: 'ignore',
        kind: 'ignore',
        author: 'maintainer',
        comment: { kind: 'review', pullNumber: 42, commentId: 900, threadId: 777 },
        subject: { kind: 'pull_request', number: 42 },
        inReplyTo: 777
      });
    });
  });

  test('parseCommand reads the first non-empty line only; a quote is not a command', () => {
    expect(parseCommand('\n  /loopkit Review  now\nmore')).toBe('review');
    expect(parseCommand('/loopkit')).toBe('help');
    expect(parseCommand('> /loopkit review\nI agree')).toBeUndefined();
    expect(parseCommand('please /loopkit review')).toBeUndefined();
    expect(parseCommand('/loopkitreview')).toBeUndefined();
  });

  test('events LoopKit does not handle skip every loop with the reason', async () => {
    expect(route(await loops(), 'push', { ref: 'refs/heads/main' }).why).toEqual({
      'pr-review': 'its trigger does not listen to push',
      'daily-triage': 'its trigger does not listen to push'
    });
    expect(route(await loops(), 'deployment', {}).why).toEqual({
      'pr-review': 'LoopKit does not run loops on deployment events',
      'daily-triage': 'LoopKit does not run loops on deployment events'
    });
  });
});
