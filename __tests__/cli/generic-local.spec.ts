/**
 * `loopkit run <generic loop>` on a local event: a push made of a commit range of a real git
 * repository made here, a release from a saved webhook payload. The plan and the markdown the
 * action would post are printed; nothing is written (a fake GitHub in the environment hears nothing).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, genericVerdict } from '../../src/cli/exit.js';
import type { GenericResult } from '../../src/engine/generic.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/generic-local', () => {
  const tempRepo = tempFolders('loopkit-generic-');

  const PUSH_AUDIT = `name: push-audit
trigger: { event: push }
pipeline:
  - { label: Auditor, prompt: Look for risky code in the pushed commits. }
verify: { checker: Verifier }
outputs:
  check: {}
  issue: { max: 1, labels: [audit], titlePrefix: "[audit] " }
`;

  const RELEASE_NOTES = `name: notes
trigger: { event: release }
pipeline:
  - { label: Writer, prompt: Draft the release notes. }
verify: { checker: Editor }
outputs:
  release: {}
`;

  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub();
  });
  afterAll(async () => gh.close());

  /** A token and an API address in the environment: a local run must not use them. */
  const env = (): NodeJS.ProcessEnv => ({ GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.url });

  function git(dir: string, ...args: string[]): string {
    return execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' }
    }).trim();
  }

  function repoWith(files: Record<string, string>): string {
    const dir = tempRepo(files);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.email', 'dev@example.com');
    git(dir, 'config', 'user.name', 'Dev');
    git(dir, 'config', 'commit.gpgsign', 'false');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    return dir;
  }

  function commit(dir: string, path: string, text: string, message: string): string {
    writeFileSync(join(dir, path), text);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', message);
    return git(dir, 'rev-parse', 'HEAD');
  }

  const RISKY = 'const input = read();\neval(input);\n';

  test('a push loop on --range A..B: the commits of the range, the plan, the issue and check as they would be posted, nothing written', async () => {
    const dir = repoWith({ 'loops/audit.yaml': PUSH_AUDIT, 'app.js': 'const a = 1;\n' });
    const base = git(dir, 'rev-parse', 'HEAD');
    commit(dir, 'app.js', `const a = 1;\n${RISKY}`, 'Run the input');
    const head = commit(dir, 'notes.md', 'hello\n', 'Add notes');
    commit(dir, 'later.js', 'eval(later);\n', 'Later, not in the range');
    const before = gh.requests.length;

    const run = await cli(['run', 'push-audit', '--dry-run', '--range', `${base}..${head}`, '--cwd', dir], env());
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toContain(`subject: the commits ${base.slice(0, 7)}..${head.slice(0, 7)} of the local clone: push of 2 commit(s) to main (`);
    expect(run.out).toMatch(/^ {2}issue: \[audit\] 1 finding\(s\) in push of 2 commit/m);
    expect(run.out).toMatch(/^ {2}check: neutral \(Dry run: no model was called, nothing was verified\)$/m);
    // The issue as the action would open it: its body, footer and marker, exactly.
    expect(run.out).toContain('── open issue "[audit] 1 finding(s) in push of 2 commit(s)');
    expect(run.out).toMatch(/- high: .* \(app\.js:3\)/);
    expect(run.out).toContain(`<!-- loopkit:issue:push-audit:push-${head} -->`);
    expect(run.out).toContain('── check "LoopKit · push-audit" on');
    expect(run.out).not.toContain('later.js');
    expect(run.out).toContain('Nothing was written');
    expect(run.out.split('\n').at(-1)).toMatch(/^verdict: DRY RUN — .* \(exit 0\)$/);
    expect(gh.requests.length).toBe(before);
  });

  test('a push loop with no --range: the current branch against its base', async () => {
    const dir = repoWith({ 'loops/audit.yaml': PUSH_AUDIT, 'app.js': 'const a = 1;\n' });
    commit(dir, 'main.js', 'x\n', 'On main');
    git(dir, 'checkout', '-qb', 'feature');
    commit(dir, 'app.js', `const a = 1;\n${RISKY}`, 'Run the input');
    const run = await cli(['run', 'push-audit', '--dry-run', '--cwd', dir, '--json'], env());
    expect(run.code).toBe(EXIT.ok);
    const parsed = JSON.parse(run.out) as { event: string; source: string; wouldPost: { what: string; markdown?: string }[] };
    expect(parsed.event).toMatch(/^push of 1 commit\(s\) to feature \([0-9a-f]{7}\.\.[0-9a-f]{7}\)$/);
    expect(parsed.source).toContain('(feature against its base main)');
    expect(parsed.wouldPost.map((p) => p.what)).toEqual([
      expect.stringMatching(/^open issue "\[audit\] 1 finding/),
      expect.stringMatching(/^check "LoopKit · push-audit"/)
    ]);
    expect(run.err).toMatch(/verdict: DRY RUN/);
  });

  test('a release loop on a saved event: the release notes appended to the release body as they would be posted, nothing written', async () => {
    const dir = repoWith({ 'loops/notes.yaml': RELEASE_NOTES, 'app.js': 'a\n' });
    git(dir, 'tag', 'v1.0.0');
    commit(dir, 'cart.js', 'cart\n', 'Add the cart (#12)');
    commit(dir, 'tidy.js', 'tidy\n', 'Tidy up');
    commit(dir, 'fix.js', 'fix\n', 'Fix the total (#13)');
    git(dir, 'tag', 'v1.1.0');
    const event = join(dir, 'release.json');
    writeFileSync(
      event,
      JSON.stringify({
        action: 'published',
        release: { id: 7, tag_name: 'v1.1.0', name: 'v1.1.0', body: 'Written by hand.', published_at: '2026-01-02T00:00:00Z', prerelease: false },
        repository: { full_name: 'octo/shop', default_branch: 'main' }
      })
    );
    const before = gh.requests.length;
    const run = await cli(['run', 'notes', '--dry-run', '--event', event, '--cwd', dir], env());
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toContain(`subject: the release event saved in ${event}: release v1.1.0 published (previous: v1.0.0)`);
    expect(run.out).toMatch(/^ {2}release notes$/m);
    const posted = run.out.slice(run.out.indexOf("── release notes: the body of the release, with the loop's section"));
    // What people wrote stays first; the loop's section, between its markers, lists the merged pull requests.
    expect(posted).toMatch(/^── release notes.*\nWritten by hand\.\n\n<!-- loopkit:release:notes -->\n/);
    // Newest first, as GitHub lists the merged pull requests; the commit between the tags that names none is no pull request.
    expect(posted).toContain('- #13 Fix the total\n- #12 Add the cart\n\n<!-- /loopkit:release:notes -->');
    expect(gh.requests.length).toBe(before);
  });

  test('the event name comes from --event-name, the payload or the trigger; a loop with no way to its event says what to pass', async () => {
    const dir = repoWith({ 'loops/notes.yaml': RELEASE_NOTES });
    const missing = await cli(['run', 'notes', '--dry-run', '--cwd', dir]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('notes runs on release: pass --event FILE, a saved webhook payload');
    const both = await cli(['run', 'notes', '--dry-run', '--cwd', dir, '--range', 'HEAD..HEAD', '--event', 'x.json']);
    expect(both.code).toBe(EXIT.usage);
    expect(both.err).toContain('pass one of them');
    writeFileSync(join(dir, 'odd.json'), JSON.stringify({ action: 'created', thing: {} }));
    // The trigger has one event: that is the payload's name; this one is no release, and the builder says so.
    const odd = await cli(['run', 'notes', '--dry-run', '--cwd', dir, '--event', join(dir, 'odd.json')]);
    expect(odd.code).toBe(EXIT.usage);
    expect(odd.err).toMatch(/^Could not read the event \(the release event saved in .*odd\.json\): /m);
    const badRange = await cli(['run', 'notes', '--dry-run', '--cwd', dir, '--range', 'nope..HEAD']);
    expect(badRange.code).toBe(EXIT.usage);
    expect(badRange.err).toContain('--range: "nope" is no commit of the repository');
  });

  test('a review loop refuses --range and --event; a generic loop refuses --repo', async () => {
    const dir = repoWith({ 'loops/audit.yaml': PUSH_AUDIT });
    await cli(['init', '--cwd', dir]);
    const review = await cli(['run', 'pr-review', '--dry-run', '--cwd', dir, '--range', 'HEAD..HEAD']);
    expect(review.code).toBe(EXIT.usage);
    expect(review.err).toContain('"pr-review" is a review loop');
    const remote = await cli(['run', 'push-audit', '--dry-run', '--cwd', dir, '--repo', 'octo/shop'], env());
    expect(remote.code).toBe(EXIT.usage);
    expect(remote.err).toContain('run it here with --range A..B (a push) or --event FILE');
  });

  const ISSUE_HELPER = `name: issue-helper
trigger: { event: issues }
task: generic
pipeline:
  - { label: Helper, prompt: Answer the issue. }
verify: { checker: Reviewer }
outputs:
  comment: { max: 1 }
  labels: { allowed: [bug, question], max: 1 }
`;

  test('an issue loop on a saved issues event: the comment and the label it would post on that issue, nothing written', async () => {
    const dir = repoWith({ 'loops/helper.yaml': ISSUE_HELPER });
    const event = join(dir, 'issue.json');
    writeFileSync(
      event,
      JSON.stringify({
        action: 'opened',
        issue: { number: 31, title: 'Checkout crashes', body: 'This looks like a bug in the cart.', user: { login: 'ana' }, state: 'open', labels: [] }
      })
    );
    const before = gh.requests.length;
    const run = await cli(['run', 'issue-helper', '--dry-run', '--event', event, '--cwd', dir], env());
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toContain(`subject: the issues event saved in ${event}: issue #31: Checkout crashes`);
    expect(run.out).toContain('── add labels to #31: bug');
    const comment = run.out.slice(run.out.indexOf('── comment on #31 (edited on later runs)'));
    expect(comment).toMatch(
      /^── comment on #31 \(edited on later runs\)\n<!-- loopkit:generic:issue-helper -->\n\n\*\*LoopKit · issue-helper\*\*\n\nDry run, no model: /
    );
    expect(gh.requests.length).toBe(before);
  });

  describe("a generic run's exit code follows its check, and never passes a run that did not complete", () => {
    const result = (over: Partial<GenericResult>): GenericResult =>
      ({
        loop: 'audit',
        provider: 'anthropic',
        dryRun: false,
        status: 'complete',
        reasons: [],
        proposals: [],
        plan: { labels: [], issues: [], findings: [], dropped: [] },
        summary: [],
        rounds: [],
        escalated: false,
        ...over
      }) as GenericResult;
    test('its declared check fails: 1', () => {
      expect(
        genericVerdict(
          result({ plan: { labels: [], issues: [], notes: [], findings: [], dropped: [], check: { conclusion: 'failure', title: '1 verified finding(s)' } } })
        )
      ).toEqual({
        code: EXIT.gateFailed,
        word: 'FAIL',
        why: '1 verified finding(s)'
      });
    });
    test('partial, failed or escalated: 3; complete: 0; a dry run: 0', () => {
      expect(genericVerdict(result({ status: 'partial', reasons: ['budget'] })).code).toBe(EXIT.incomplete);
      expect(genericVerdict(result({ status: 'failed', reasons: ['model'] })).code).toBe(EXIT.incomplete);
      expect(genericVerdict(result({ escalated: true, escalation: 'unsettled' })).code).toBe(EXIT.incomplete);
      expect(genericVerdict(result({})).code).toBe(EXIT.ok);
      expect(genericVerdict(result({ dryRun: true, status: 'partial' })).word).toBe('DRY RUN');
    });
  });
});
