/**
 * The generic writers against the fake GitHub over HTTP: only what `outputs` declare, capped again
 * at write time, escaped, on what the event is about; a re-run edits or finds what it wrote, and a
 * refused write leaves the others standing.
 */
import { applyGenericPlan, type GenericWritePlan, type WriteTarget } from '../../src/github/generic-outputs.js';
import { TokenIdentity } from '../../src/github/trust.js';
import type { FakeRepo } from '../fakes/github-server.js';
import { loopFrom } from '../helpers/loops.js';
import { countRequests, startHarness, type Harness } from '../github/setup.js';

describe('generic/outputs', () => {
  let h: Harness;
  let repo: FakeRepo;
  beforeEach(async () => {
    h = await startHarness();
    repo = h.gh.state.addRepo({ owner: 'octo', repo: 'shop' });
    repo.addIssue({ number: 5, title: 'Checkout is slow' });
    repo.addLabel('bug');
    repo.addLabel('audit');
  });
  afterEach(async () => h.gh.close());

  const REPO = { owner: 'octo', repo: 'shop' };
  const HEAD = 'c'.repeat(40);
  const LOOP = `name: audit
task: generic
trigger: { event: [push, issues] }
pipeline:
  - prompt: Audit.
outputs:
  comment: { max: 1 }
  labels: { allowed: [bug, perf, security], max: 1 }
  issue: { max: 1, labels: [audit], titlePrefix: "[audit] " }
  check: { name: LoopKit Audit }
`;
  const PLAN: GenericWritePlan = {
    comment: 'Two findings. <!-- loopkit:generic:audit --> @octo/team',
    labels: ['bug', 'security', 'wontfix'],
    issues: [
      { title: 'SQL built from input', body: 'In `src/db.ts`.', labels: ['anything'] },
      { title: 'Second issue', body: 'Over the cap.', labels: [] }
    ],
    findings: [{ severity: 'high', title: 'SQL built from input', detail: 'Quoted.', path: 'src/db.ts', line: 3 }],
    check: { conclusion: 'failure', title: '1 verified finding at or above high' }
  };
  const target = (over: Partial<WriteTarget> = {}): WriteTarget => ({
    issue: 5,
    headSha: HEAD,
    eventKey: `push-${HEAD}`,
    event: 'push of 1 commit(s) to main',
    ...over
  });

  async function write(plan: GenericWritePlan = PLAN, over: Partial<WriteTarget> = {}, yaml = LOOP, complete = true) {
    const { loop } = await loopFrom(yaml);
    return applyGenericPlan(h.octokit, REPO, plan, target(over), { loop, identity: new TokenIdentity(h.octokit), complete, repoLabels: ['bug', 'audit'] });
  }

  test('writes only what outputs declare, capped: one issue with the declared labels and prefix, allowed labels up to max, one comment, the check', async () => {
    const applied = await write();
    const opened = [...repo.issues.values()].filter((i) => i.number !== 5);
    expect(opened.map((i) => [i.title, i.labels])).toEqual([['[audit] SQL built from input', ['audit']]]);
    expect(opened[0]!.body).toMatch(/<!-- loopkit:issue:audit:push-c{40} -->$/);
    expect(repo.issues.get(5)!.labels).toEqual(['bug']);
    expect(applied.refused).toEqual([
      { kind: 'issue', what: '[audit] Second issue', reason: 'past `outputs.issue.max` (1) for this event' },
      { kind: 'label', what: 'security', reason: 'the repository has no such label (`outputs.labels.create` is false)' },
      { kind: 'label', what: 'wontfix', reason: 'not in `outputs.labels.allowed`' }
    ]);
    const comments = repo.issueComments.filter((c) => c.issue_number === 5);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith('<!-- loopkit:generic:audit -->')).toBe(true);
    // Model text cannot forge a marker or ping anyone.
    expect(comments[0]!.body.match(/<!--/g)).toHaveLength(1);
    expect(comments[0]!.body).toContain('@\u200bocto/team');
    expect(comments[0]!.body).toContain(`Issues opened: #${opened[0]!.number}`);
    const [check] = [...repo.checkRuns.values()];
    expect(check).toMatchObject({ name: 'LoopKit Audit', head_sha: HEAD, conclusion: 'failure' });
    expect(check!.annotations).toEqual([expect.objectContaining({ path: 'src/db.ts', start_line: 3, annotation_level: 'failure' })]);
    expect(applied).toMatchObject({ comment: 'created', labels: ['bug'], check: { name: 'LoopKit Audit', conclusion: 'failure' }, problems: [] });
  });

  test('a re-run of the same event edits its comment and opens no issue again; another event opens one', async () => {
    await write();
    const again = await write({ ...PLAN, comment: 'Edited.' });
    expect(again.comment).toBe('edited');
    expect(again.issues).toEqual([expect.objectContaining({ title: '[audit] SQL built from input', existed: true })]);
    expect(repo.issueComments.filter((c) => c.issue_number === 5)).toHaveLength(1);
    expect(repo.issues.size).toBe(2);
    expect(countRequests(h.gh, 'POST', /\/issues$/)).toBe(1);
    await write(PLAN, { eventKey: `push-${'d'.repeat(40)}` });
    expect(repo.issues.size).toBe(3);
  });

  test("an issue with LoopKit's marker written by someone else does not stop LoopKit from opening its own", async () => {
    repo.addIssue({
      number: 6,
      title: '[audit] SQL built from input',
      body: `x\n\n<!-- loopkit:issue:audit:push-${HEAD} -->`,
      labels: ['audit'],
      user: { login: 'mallory', type: 'User' }
    });
    const applied = await write();
    expect(applied.issues).toEqual([expect.objectContaining({ existed: false })]);
  });

  test('a run that did not complete never gets a success check', async () => {
    const applied = await write({ ...PLAN, check: { conclusion: 'success', title: 'No verified findings' } }, {}, LOOP, false);
    expect(applied.check).toEqual({ name: 'LoopKit Audit', conclusion: 'neutral' });
    expect([...repo.checkRuns.values()][0]!.output.title).toBe('Incomplete: No verified findings');
  });

  test('nothing undeclared is written, nor what the event cannot take', async () => {
    const bare = 'name: audit\ntrigger: { event: push }\npipeline:\n  - prompt: Audit.\n';
    const applied = await write({ ...PLAN, releaseNotes: 'Notes.' }, {}, bare);
    expect(applied.refused.map((r) => `${r.kind}: ${r.reason}`).sort()).toEqual([
      'check: the loop declares no `outputs.check`',
      'comment: the loop declares no `outputs.comment`',
      'issue: the loop declares no `outputs.issue`',
      'issue: the loop declares no `outputs.issue`',
      'label: the loop declares no `outputs.labels`',
      'label: the loop declares no `outputs.labels`',
      'label: the loop declares no `outputs.labels`',
      'release_notes: the loop declares no `outputs.release`'
    ]);
    const noSubject = await write({ ...PLAN, issues: [] }, { issue: undefined, headSha: undefined });
    expect(noSubject.refused.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['the event is about no issue or pull request', 'the event names no commit'])
    );
    expect(h.gh.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql')).toEqual([]);
  });

  test('GitHub refusing one write keeps the others; a create that failed with a 5xx is not sent again and counts against the cap', async () => {
    h.gh.failNext({ method: 'POST', path: '/repos/octo/shop/issues' }, 502);
    h.gh.failNext({ method: 'POST', path: '/repos/octo/shop/issues/5/labels' }, 422, { message: 'Validation Failed', errors: [{ message: 'label refused' }] });
    const applied = await write();
    expect(applied.problems).toEqual(['issue "[audit] SQL built from input" not opened: Bad Gateway', 'labels not added: label refused']);
    // The failed create may have happened: the second issue would pass `max`, so it is not opened either.
    expect(countRequests(h.gh, 'POST', /\/issues$/)).toBe(1);
    expect(applied.refused[0]).toEqual({ kind: 'issue', what: '[audit] Second issue', reason: 'past `outputs.issue.max` (1) for this event' });
    expect(applied.comment).toBe('created');
    expect(applied.check?.conclusion).toBe('failure');
  });

  test("release notes are appended below what people wrote; a re-run replaces only its own section, at the body's end", async () => {
    const release = repo.addRelease({ tagName: 'v2.0.0', body: 'Hand-written intro.' });
    const yaml = 'name: notes\ntrigger: { event: release }\npipeline:\n  - prompt: Write.\noutputs:\n  release: {}\n';
    const plan = (notes: string): GenericWritePlan => ({ labels: [], issues: [], findings: [], releaseNotes: notes });
    expect((await write(plan('- Added the cart (#4)'), { releaseId: release.id }, yaml)).release).toBe('appended');
    const first = 'Hand-written intro.\n\n<!-- loopkit:release:notes -->\n\n- Added the cart (#4)\n\n<!-- /loopkit:release:notes -->';
    expect(release.body).toBe(first);
    expect((await write(plan('- Added the cart (#4)\n- Fixed <b>totals</b>'), { releaseId: release.id }, yaml)).release).toBe('replaced');
    const second =
      'Hand-written intro.\n\n<!-- loopkit:release:notes -->\n\n- Added the cart (#4)\n- Fixed &lt;b>totals&lt;/b>\n\n<!-- /loopkit:release:notes -->';
    expect(release.body).toBe(second);
    expect((await write(plan('- Added the cart (#4)\n- Fixed <b>totals</b>'), { releaseId: release.id }, yaml)).release).toBe('unchanged');
    // A person wrote below the section: it is no longer LoopKit's alone, so it stays as it is and a new one ends the body.
    release.body = `${second}\n\nAdded by a person later.`;
    expect((await write(plan('- Added the cart (#4)'), { releaseId: release.id }, yaml)).release).toBe('appended');
    expect(release.body).toBe(
      `${second}\n\nAdded by a person later.\n\n<!-- loopkit:release:notes -->\n\n- Added the cart (#4)\n\n<!-- /loopkit:release:notes -->`
    );
  });

  test('markers copied into a release body (pull request titles of generated notes) are text: every maintainer line stays', async () => {
    const maintained = [
      "## What's Changed",
      '* Explain <!-- loopkit:release:notes --> in the docs by @ann in #7',
      '* Maintainer line one',
      '<!-- loopkit:release:notes -->',
      '* Maintainer line two, between copied markers',
      '* Drop <!-- /loopkit:release:notes --> from titles by @bob in #8',
      '<!-- /loopkit:release:notes -->',
      '**Full Changelog**: v1.0.0...v2.0.0'
    ].join('\n');
    const release = repo.addRelease({ tagName: 'v2.0.0', body: maintained });
    const yaml = 'name: notes\ntrigger: { event: release }\npipeline:\n  - prompt: Write.\noutputs:\n  release: {}\n';
    const plan: GenericWritePlan = { labels: [], issues: [], findings: [], releaseNotes: '- The cart (#7)' };
    expect((await write(plan, { releaseId: release.id }, yaml)).release).toBe('appended');
    expect(release.body).toBe(`${maintained}\n\n<!-- loopkit:release:notes -->\n\n- The cart (#7)\n\n<!-- /loopkit:release:notes -->`);
    // The next run replaces its own section only.
    expect((await write({ ...plan, releaseNotes: '- The cart (#7), reworded' }, { releaseId: release.id }, yaml)).release).toBe('replaced');
    expect(release.body).toBe(`${maintained}\n\n<!-- loopkit:release:notes -->\n\n- The cart (#7), reworded\n\n<!-- /loopkit:release:notes -->`);
  });

  test('links and images a model wrote: in the issue, the comment and the release notes, images are dropped and every link shows its URL', async () => {
    const hidden = 'Read [the official fix](https://evil.example/steal) ![](https://t.example/pixel.gif) or [see][1].\n\n[1]: https://evil.example/ref';
    const release = repo.addRelease({ tagName: 'v3.0.0', body: 'Maintainer notes.' });
    const yaml = `${LOOP.replace('[push, issues]', '[push, issues, release]')}  release: {}\n`;
    const plan: GenericWritePlan = {
      comment: hidden,
      labels: [],
      issues: [{ title: 'Hidden links', body: hidden, labels: [] }],
      findings: [],
      releaseNotes: hidden
    };
    await write(plan, { releaseId: release.id }, yaml);
    const opened = [...repo.issues.values()].find((i) => i.title.includes('Hidden links'))!;
    const bodies = [opened.body ?? '', repo.issueComments.find((c) => c.issue_number === 5)!.body, release.body ?? ''];
    for (const body of bodies) {
      expect(body).toContain('Read the official fix (https://evil.example/steal) (image omitted) or &#91;see&#93;&#91;1&#93;.');
      expect(body).toContain('&#91;1&#93;: https://evil.example/ref');
      expect(body).not.toMatch(/!\[|\]\(|\]\[|^\[1\]:/m);
    }
  });

  test("verification that still fell short adds `escalation.label` to the event's issue, and says so when there is none", async () => {
    const yaml = `${LOOP}escalation: { label: needs-human }\n`;
    const { loop } = await loopFrom(yaml);
    const none: GenericWritePlan = { labels: [], issues: [], findings: [] };
    const escalate = (over: Partial<WriteTarget>) =>
      applyGenericPlan(h.octokit, REPO, none, target(over), { loop, identity: new TokenIdentity(h.octokit), complete: true, repoLabels: [], escalated: true });
    expect((await escalate({})).labels).toEqual(['needs-human']);
    expect(repo.issues.get(5)!.labels).toEqual(['needs-human']);
    expect((await escalate({ issue: undefined })).refused).toEqual([
      { kind: 'escalation', what: 'needs-human', reason: 'the event is about no issue or pull request to label' }
    ]);
    // Not escalated: nothing.
    expect(
      (await applyGenericPlan(h.octokit, REPO, none, target(), { loop, identity: new TokenIdentity(h.octokit), complete: true, repoLabels: [] })).labels
    ).toEqual([]);
  });

  test('lessons are written only by a loop that declares `outputs.notes`, and at most `max` of them at write time', async () => {
    const plan: GenericWritePlan = { labels: [], issues: [], findings: [], notes: ['Lesson one. (source: https://github.com/octo/shop/pull/1#discussion_r1)'] };
    const undeclared = await write(plan, {}, 'name: learn\ntrigger: { cron: "0 7 * * 1" }\npipeline:\n  - prompt: Learn.\noutputs:\n  issue: {}\n');
    expect(undeclared.refused).toEqual([{ kind: 'lesson', what: plan.notes![0], reason: 'the loop declares no `outputs.notes`' }]);
    expect(h.gh.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql')).toEqual([]);

    repo.addCommit({ sha: '1'.repeat(40), message: 'base' });
    repo.setBranch('main', '1'.repeat(40));
    const yaml = 'name: learn\ntrigger: { cron: "0 7 * * 1" }\npipeline:\n  - prompt: Learn.\nmemory: { notesFile: NOTES.md }\noutputs:\n  notes: { max: 1 }\n';
    const two = { ...plan, notes: [...plan.notes!, 'Lesson two. (source: https://github.com/octo/shop/pull/2#discussion_r2)'] };
    const applied = await write(two, {}, yaml);
    expect(applied.notes).toMatchObject({ outcome: 'opened', added: 1 });
    expect(applied.refused).toEqual([{ kind: 'lesson', what: two.notes[1], reason: 'past `outputs.notes.max` (1)' }]);
    const branch = repo.branches.get('loopkit/lessons-learn')!;
    expect(repo.contents.get(branch)!.get('NOTES.md')!.toString()).toContain('- Lesson one.');
    expect(repo.contents.get(branch)!.get('NOTES.md')!.toString()).not.toContain('Lesson two');
  });
});
