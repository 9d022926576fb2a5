/** `loopkit run <loop> --repo owner/name --pr N | --issue N [--post]` against the local fakes. */
import { main } from '../../src/cli/index.js';
import { bufferOutput } from '../../src/cli/output.js';
import { reviewScript, SQL, XSS } from '../action/scripts.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { seedSample } from '../helpers/sample.js';

describe('triage/cli-remote', () => {
  let gh: FakeGitHub;
  let ai: FakeAnthropic;
  afterEach(async () => Promise.all([gh?.close(), ai?.close()]));

  async function start(anthropic: FakeAnthropicOptions = {}) {
    gh = await startFakeGitHub();
    ai = await startFakeAnthropic({ ttfbMs: 1, latencyMs: 1, ...anthropic });
    const repo = gh.state.addRepo({ owner: 'octo', repo: 'shop' });
    for (const label of ['bug', 'question', 'needs-info']) repo.addLabel(label);
    repo.addIssue({ number: 3, title: 'Crash when exporting', body: 'Export crashes with an error on version 2.0. Steps: 1. export. Expected: a file.' });
    return repo;
  }

  const env = () => ({ GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.url, ANTHROPIC_API_KEY: ai.apiKey, ANTHROPIC_BASE_URL: ai.url });

  async function cli(args: string[], environment: NodeJS.ProcessEnv = env()) {
    const io = bufferOutput();
    const code = await main(args, io, environment);
    return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
  }

  test('a triage loop on one issue: the plan is printed and nothing is written without --post', async () => {
    const repo = await start();
    const run = await cli(['run', 'daily-triage', '--repo', 'octo/shop', '--issue', '3', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('#3 · labels: bug · type bug · priority high');
    expect(run.err).toContain('Nothing was written (pass --post to apply the plan).');
    expect(repo.issues.get(3)!.labels).toEqual([]);
    expect(repo.issueComments).toEqual([]);
    expect(gh.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  test('--post applies the confirmed triage, and a second --post edits the one comment instead of adding one', async () => {
    const repo = await start({
      respond: (request) => {
        const text = JSON.stringify(request.body.messages);
        if (text.includes('(checker)')) {
          const ids = [...text.matchAll(/### (I\d+-[A-Z]\d+)/g)].map((m) => m[1]!);
          return {
            kind: 'tool',
            name: 'report_triage_verdicts',
            input: { verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'It says so.' })) }
          };
        }
        return {
          kind: 'tool',
          name: 'report_triage',
          input: { issues: [{ issue: 3, labels: [{ name: 'bug', reason: 'crash' }], comment: 'Thanks, we can reproduce the export crash.' }] }
        };
      }
    });
    const first = await cli(['run', 'daily-triage', '--repo', 'octo/shop', '--issue', '3', '--post']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('posted #3: labels bug · comment created');
    expect(repo.issues.get(3)!.labels).toEqual(['bug']);
    const second = await cli(['run', 'daily-triage', '--repo', 'octo/shop', '--issue', '3', '--post']);
    expect(second.code).toBe(0);
    expect(second.out).toContain('posted #3: labels none · comment ');
    const comments = repo.issueComments.filter((c) => c.issue_number === 3);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith('<!-- loopkit:triage:daily-triage -->')).toBe(true);
  });

  test('a review loop on a pull request: printed without --post; --post posts once, as the action does, and never twice', async () => {
    await start({ respond: reviewScript({ 'Security Reviewer': [SQL, XSS] }) });
    seedSample(gh, 42);
    const pull = () => gh.state.repo('octo', 'shop')!.pulls.get(42)!;
    const look = await cli(['run', 'pr-review', '--repo', 'octo/shop', '--pr', '42']);
    // SQL injection and XSS are verified at or above failOn: the gate fails (exit 1), posted or not.
    expect(look.code).toBe(1);
    expect(look.out).toContain('src/api/users.ts:5');
    expect(pull().reviews).toEqual([]);

    const posted = await cli(['run', 'pr-review', '--repo', 'octo/shop', '--pr', '42', '--post']);
    expect(posted.code).toBe(1);
    expect(posted.out).toContain('posted: 2 inline comment(s), 0 in the review body; the summary comment is updated');
    expect(pull().reviewComments).toHaveLength(2);
    // The action's review flow: the summary's record says this head was reviewed completely, so nothing runs or is posted again.
    const again = await cli(['run', 'pr-review', '--repo', 'octo/shop', '--pr', '42', '--post']);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/pr-review: Already reviewed at [0-9a-f]{12}: 2 verified finding\(s\) at or above high still open/);
    expect(pull().reviews).toHaveLength(1);
    expect(gh.state.repo('octo', 'shop')!.issueComments.filter((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))).toHaveLength(1);
  });

  test('what the remote run refuses, and why', async () => {
    await start();
    expect((await cli(['run', 'daily-triage'])).err).toContain(
      '"daily-triage" is a triage loop: it triages issues. Pass --issue-file FILE (a saved issue) or --repo owner/name --issue N.'
    );
    expect((await cli(['run', 'daily-triage', '--repo', 'octo/shop', '--issue', '3', '--post', '--dry-run'])).code).toBe(2);
    expect((await cli(['run', 'daily-triage', '--repo', 'octo/shop', '--dry-run'])).err).toContain('daily-triage is a triage loop: pass --issue N');
    expect((await cli(['run', 'pr-review', '--pr', '4'])).err).toContain('--pr and --issue name a pull request or issue on GitHub: add --repo owner/name');
    expect((await cli(['run', 'pr-review', '--repo', 'octo/shop', '--pr', 'x'])).err).toContain('--pr takes a pull request number, got "x"');
    const noToken = await cli(['run', 'daily-triage', '--repo', 'octo/shop', '--issue', '3', '--dry-run'], {});
    expect(noToken.code).toBe(3);
    expect(noToken.err).toContain('GITHUB_TOKEN is not set');
  });
});
