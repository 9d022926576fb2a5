/** What a generic loop's agents read, by event, from the fake GitHub over HTTP: the event's subject always, connectors on top, within the limits. */
import { readDiffFileHeader } from '../../src/diff/index.js';
import { runGeneric } from '../../src/engine/generic.js';
import { CONTEXT_LIMITS, readEventContext, type EventInput } from '../../src/github/event-context.js';
import { pricing } from '../../src/providers/cost-model.js';
import { DryRunProvider } from '../../src/providers/dry-run.js';
import { githubTime, type FakeRepo } from '../fakes/github-server.js';
import { loopFrom } from '../helpers/loops.js';
import { startHarness, type Harness } from '../github/setup.js';

describe('generic/event-context', () => {
  let h: Harness;
  let repo: FakeRepo;
  beforeEach(async () => {
    h = await startHarness();
    repo = h.gh.state.addRepo({ owner: 'octo', repo: 'shop' });
  });
  afterEach(async () => h.gh.close());

  const REPO = { owner: 'octo', repo: 'shop' };
  const sha = (c: string) => c.repeat(40);
  const plain = (trigger = '  event: push') => loopFrom(`name: audit\ntrigger:\n${trigger}\npipeline:\n  - prompt: Look.\n`);
  const read = async (event: EventInput, yaml?: string) => readEventContext(h.octokit, REPO, event, (await (yaml ? loopFrom(yaml) : plain())).loop);
  const section = (sections: { name: string; text: string }[], name: string) => sections.find((s) => s.name === name)?.text;

  function seedHistory(): void {
    repo.addCommit({ sha: sha('1'), message: 'base' });
    repo.addCommit({
      sha: sha('2'),
      parents: [sha('1')],
      message: 'Add the cart\n\nlong text',
      files: [{ filename: 'src/cart.ts', status: 'added', patch: '@@ -0,0 +1,2 @@\n+export const cart = [];\n+export const total = 0;' }]
    });
    repo.addCommit({
      sha: sha('3'),
      parents: [sha('2')],
      message: 'Fix the total',
      files: [{ filename: 'src/cart.ts', patch: '@@ -1,2 +1,2 @@\n export const cart = [];\n-export const total = 0;\n+export const total = 1;' }]
    });
    repo.setBranch('main', sha('1'));
  }

  test('push: the commits and the diff of before...after, in one line of title', async () => {
    seedHistory();
    const got = await read({ name: 'push', payload: { ref: 'refs/heads/main', before: sha('1'), after: sha('3'), repository: { default_branch: 'main' } } });
    expect(got.context.title).toBe('push of 2 commit(s) to main (1111111..3333333)');
    expect(section(got.context.sections, 'commits')).toBe('- 2222222 Add the cart\n- 3333333 Fix the total');
    expect(section(got.context.sections, 'diff')).toContain('--- src/cart.ts (modified, +1 -1)\n@@ -1,2 +1,2 @@');
    expect(got).toMatchObject({ target: {}, headSha: sha('3'), eventKey: `push-${sha('3')}` });
    expect(h.gh.requests.map((r) => r.path)).toEqual([`/repos/octo/shop/compare/${sha('1')}...${sha('3')}`]);
  });

  test('push of a new branch compares with the default branch; a force push whose old head is gone shows the head commit', async () => {
    seedHistory();
    const created = await read({
      name: 'push',
      payload: { ref: 'refs/heads/feature', before: '0'.repeat(40), after: sha('3'), created: true, repository: { default_branch: 'main' } }
    });
    expect(created.context.title).toBe('push of 2 commit(s) to feature (new branch at 3333333)');
    const forced = await read({
      name: 'push',
      payload: { ref: 'refs/heads/main', before: sha('9'), after: sha('3'), forced: true, repository: { default_branch: 'main' } }
    });
    expect(forced.context.title).toBe('force push of 1 commit(s) to main (9999999..3333333)');
    expect(section(forced.context.sections, 'commits')).toBe(
      `${sha('9').slice(0, 12)} is no longer in the repository (a force push?): the head commit's own diff is shown\n- 3333333 Fix the total`
    );
    expect(section(forced.context.sections, 'diff')).toContain('+export const total = 1;');
  });

  test('a diff is bounded: files past the cap and patches past the budget are named, not read', async () => {
    const files = Array.from({ length: CONTEXT_LIMITS.files + 5 }, (_, i) => ({ filename: `f${i}.ts`, patch: `@@ -1 +1 @@\n-a\n+${'b'.repeat(100)}` }));
    repo.addCommit({ sha: sha('1') });
    repo.addCommit({ sha: sha('2'), parents: [sha('1')], files });
    const got = await read({ name: 'push', payload: { ref: 'refs/heads/main', before: sha('1'), after: sha('2') } });
    const diff = section(got.context.sections, 'diff')!;
    expect(diff.match(/^--- /gm)).toHaveLength(CONTEXT_LIMITS.files);
    expect(diff).toContain('(5 more file(s) changed, not read: the diff is read up to 50 files)');
  });

  test('release: the release and the pull requests merged since the previous published release', async () => {
    const day = (d: number) => githubTime(Date.UTC(2026, 0, d));
    repo.addRelease({ tagName: 'v1.0.0', publishedAt: day(1) });
    repo.addRelease({ tagName: 'v1.1.0-draft', draft: true });
    const release = repo.addRelease({ tagName: 'v1.1.0', body: 'Written by hand.', publishedAt: day(10) });
    repo.addPull({ number: 3, title: 'Before the previous release', mergedAt: day(0) });
    repo.addPull({ number: 4, title: 'Add the cart', mergedAt: day(5) });
    repo.addPull({ number: 5, title: 'After this release', mergedAt: day(11) });
    repo.addPull({ number: 6, title: 'Still open' });
    const got = await read(
      {
        name: 'release',
        payload: { action: 'published', release: { id: release.id, tag_name: 'v1.1.0', name: 'v1.1.0', body: 'Written by hand.', published_at: day(10) } }
      },
      'name: notes\ntrigger: { event: release }\npipeline:\n  - prompt: Write.\n'
    );
    expect(got.context.title).toBe('release v1.1.0 published (previous: v1.0.0)');
    expect(section(got.context.sections, 'release')).toBe('v1.1.0\n\nWritten by hand.');
    expect(section(got.context.sections, 'pull requests merged since v1.0.0')).toBe('- #4 Add the cart (@octocat)');
    expect(got).toMatchObject({ target: { release: true }, releaseId: release.id, eventKey: `release-${release.id}` });
  });

  test('a comment command: the comment and the issue it is on; the issue is the target', async () => {
    repo.addIssue({ number: 9, title: 'Checkout is slow', body: 'Since Monday.', labels: ['bug'] });
    const got = await read({
      name: 'issue_comment',
      payload: { action: 'created', issue: { number: 9 }, comment: { id: 77, body: '/loopkit digest\nplease look', user: { login: 'alice' } } }
    });
    expect(got.context.title).toBe('comment by @alice on issue #9: Checkout is slow');
    expect(got.context.sections).toEqual([
      { name: 'comment by @alice', text: '/loopkit digest\nplease look' },
      { name: 'issue', text: '#9 Checkout is slow\nby @octocat · open · labels: bug\n\nSince Monday.' }
    ]);
    expect(got).toMatchObject({ target: { issue: 9 }, eventKey: 'comment-77' });
  });

  test('a schedule reads what its connectors declare: the changed issues and repository files; its key is the run', async () => {
    repo.addIssue({ number: 1, title: 'Old', updatedAt: githubTime(Date.now() - 30 * 86_400_000) });
    repo.addIssue({ number: 2, title: 'Fresh', body: 'It broke.', labels: ['bug'] });
    repo.setFile(sha('4'), 'CONTRIBUTING.md', 'Be kind.');
    const yaml =
      'name: digest\ntrigger:\n  cron: "0 6 * * 1"\nconnectors:\n  - type: github-issues\n    lookbackDays: 7\n  - type: repo-files\n    paths: [CONTRIBUTING.md, MISSING.md]\npipeline:\n  - prompt: Digest.\noutputs:\n  issue: { max: 1 }\n';
    const got = await read({ name: 'schedule', payload: { schedule: '0 6 * * 1' }, runId: '123', sha: sha('4') }, yaml);
    expect(got.context.title).toBe('scheduled run (0 6 * * 1)');
    expect(section(got.context.sections, 'open issues changed in the last 7 day(s)')).toMatch(/^- #2 Fresh \[bug\] \(updated .+\)\n {2}It broke\.$/);
    expect(section(got.context.sections, 'file CONTRIBUTING.md')).toBe('Be kind.');
    expect(section(got.context.sections, 'file MISSING.md')).toBe('(not found)');
    expect(got).toMatchObject({ target: {}, headSha: sha('4'), eventKey: 'run-123' });
  });

  test('a pull request: its text and diff, its head for the check', async () => {
    repo.addPull({
      number: 7,
      title: 'Add login',
      body: 'Adds it.',
      head: { sha: sha('a') },
      files: [{ filename: 'src/login.ts', status: 'added', patch: '@@ -0,0 +1 @@\n+login();' }]
    });
    const got = await read(
      { name: 'pull_request', payload: { action: 'opened', pull_request: { number: 7 } }, pullNumber: 7 },
      'name: x\ntask: generic\ntrigger: { event: pull_request }\npipeline:\n  - prompt: Look.\n'
    );
    expect(got.context.title).toBe('pull request #7: Add login');
    expect(section(got.context.sections, 'diff')).toBe('--- src/login.ts (added, +1 -0)\n@@ -0,0 +1 @@\n+login();');
    expect(got).toMatchObject({ target: { issue: 7 }, headSha: sha('a'), eventKey: `pull-7-${sha('a')}` });
  });

  test("the dry run reads the diff the action writes: findings at the file and line of the context's own header format", async () => {
    repo.addCommit({ sha: sha('1'), message: 'base' });
    repo.addCommit({
      sha: sha('2'),
      parents: [sha('1')],
      message: 'Run the input',
      files: [
        { filename: 'docs/old.sql', status: 'modified', patch: '@@ -1,2 +1,1 @@\n-- a removed SQL comment\n keep' },
        { filename: 'src/run.js', status: 'modified', patch: '@@ -4,2 +4,3 @@\n const input = read();\n+eval(input);\n done();' }
      ]
    });
    const loaded = await loopFrom(
      'name: audit\ntrigger: { event: push }\npipeline:\n  - { label: Auditor, prompt: Look. }\nverify: { checker: Verifier }\noutputs:\n  check: {}\n'
    );
    const got = await readEventContext(h.octokit, REPO, { name: 'push', payload: { ref: 'refs/heads/main', before: sha('1'), after: sha('2') } }, loaded.loop);
    // The removed "-- a removed SQL comment" line reads "--- a removed …" in the patch: never taken for a file header.
    expect(readDiffFileHeader('--- a removed SQL comment')).toBeUndefined();
    expect(readDiffFileHeader('--- src/a.ts → src/b.ts (renamed, +1 -0)')).toEqual({
      path: 'src/b.ts',
      previousPath: 'src/a.ts',
      status: 'renamed',
      additions: 1,
      deletions: 0
    });
    const result = await runGeneric({ loaded, context: got.context, target: got.target, provider: new DryRunProvider(), pricing, defaultModel: 'claude-test' });
    expect(result.plan.findings.map((f) => [f.path, f.line])).toEqual([['src/run.js', 5]]);
  });
});
