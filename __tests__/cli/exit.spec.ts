/**
 * `loopkit run` tells the story the gate tells: no PASS and no full coverage for a run in which
 * nothing was verified, exit codes a pre-push hook can act on (exit.ts), and `loopkit status`
 * never reading a failed run as reviewed. Against the fake Anthropic over HTTP.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notRunVerdict, reviewVerdict, triageVerdict, EXIT } from '../../src/cli/exit.js';
import { main } from '../../src/cli/index.js';
import { bufferOutput } from '../../src/cli/output.js';
import { printReview } from '../../src/cli/report.js';
import type { TriageResult } from '../../src/engine/triage.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions, type FakeReply } from '../fakes/anthropic-server.js';
import { EMPTY_CATCH, reviewScript, SQL } from '../action/scripts.js';
import { PARTIAL, reviewResult } from '../render/fixtures.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/exit', () => {
  const tempRepo = tempFolders('loopkit-exit-');
  const SAMPLE = join(process.cwd(), 'samples/sample-pr.json');
  const SAMPLE_HEAD = '0d0614ccdd7a';

  /** Every model call answers a server error, as when the API is down: 500 and 529 (overloaded) in turn, with no retry-after (the retries wait run-cli's milliseconds). */
  const down = (_request: unknown, i: number): FakeReply => ({ kind: 'error', status: i % 2 === 0 ? 500 : 529 });

  async function withModel(respond: FakeAnthropicOptions['respond'], body: (env: NodeJS.ProcessEnv, ai: FakeAnthropic) => Promise<void>) {
    const ai = await startFakeAnthropic({ respond, ttfbMs: 1, latencyMs: 1 });
    try {
      await body({ ANTHROPIC_API_KEY: ai.apiKey, ANTHROPIC_BASE_URL: ai.url }, ai);
    } finally {
      await ai.close();
    }
  }

  async function initialised(): Promise<string> {
    const dir = tempRepo();
    await cli(['init', '--cwd', dir]);
    return dir;
  }

  test('every model call failing: no PASS, no full coverage, exit 3, and `loopkit status` does not say passed', async () => {
    await withModel(down, async (env, ai) => {
      const dir = await initialised();
      const run = await cli(['run', 'pr-review', '--pr-file', SAMPLE, '--cwd', dir], env);
      expect(ai.requests.length).toBeGreaterThan(0);
      expect(ai.requests.every((r) => r.status === 500 || r.status === 529)).toBe(true);
      expect(run.code).toBe(EXIT.incomplete);
      expect(run.out).not.toMatch(/\bPASS\b/);
      expect(run.out).toMatch(/^round 1: \[!\] NO VERDICT \(score \d\.\d\d\): 0 checked/m);
      expect(run.out).toMatch(/^status: failed/m);
      // Nothing was settled: the five reviewable files were sent and never reviewed to the end.
      expect(run.out).toMatch(/^coverage: 0 of 7 files reviewed to the end, 2 left out by the loop's rules; 5 sent to the makers but not settled/m);
      const lines = run.out.split('\n');
      expect(lines.at(-1)).toMatch(/^verdict: INCOMPLETE — Review failed: .* \(exit 3\)$/);

      const status = await cli(['status', '--cwd', dir]);
      const line = status.out.split('\n').find((l) => l.startsWith('  pr-review pull_request'))!;
      expect(line).toMatch(/: last reviewed never; last run on [0-9a-f]{12} at \S+: failed \(/);
      expect(line).not.toMatch(/(?<!not )passed/);
    });
  });

  test('a failed run after a complete one leaves the reviewed head where it was', async () => {
    const dir = await initialised();
    await withModel(reviewScript({}), async (env) => {
      expect((await cli(['run', 'pr-review', '--pr-file', SAMPLE, '--cwd', dir], env)).code).toBe(EXIT.ok);
    });
    const reviewed = (await cli(['status', '--cwd', dir])).out;
    expect(reviewed).toMatch(
      new RegExp(`last reviewed ${SAMPLE_HEAD} at (\\S+); last run on ${SAMPLE_HEAD} at \\1: complete \\(round \\d, score 1\\.00, passed\\)`)
    );
    const at = /last reviewed [0-9a-f]{12} at (\S+);/.exec(reviewed)![1]!;
    await withModel(down, async (env) => {
      expect((await cli(['run', 'pr-review', '--pr-file', SAMPLE, '--cwd', dir], env)).code).toBe(EXIT.incomplete);
    });
    const after = (await cli(['status', '--cwd', dir])).out;
    expect(after).toContain(`last reviewed ${SAMPLE_HEAD} at ${at}; last run on ${SAMPLE_HEAD} at `);
    expect(after).toMatch(/: failed \(.*\) \(round \d, score \d\.\d\d, not passed\); .* 2 run\(s\)/);
  });

  test('the waits before the model SDK retries are the caller’s retryWaits, as the action’s are', async () => {
    // Longer than the SDK's own first wait (at most 0.5 s), so only a wait taken from retryWaits passes.
    const waits = { modelBackoffMs: 1_300 };
    const script = reviewScript({});
    let calls = 0;
    await withModel(
      (request) => (++calls === 1 ? { kind: 'error', status: 529 } : script(request)),
      async (env, ai) => {
        const io = bufferOutput();
        const code = await main(['run', 'pr-review', '--pr-file', SAMPLE, '--cwd', await initialised()], io, env, { retryWaits: waits });
        expect(code).toBe(EXIT.ok);
        // The SDK's retry sends the same request again; other agents' calls may arrive in between.
        const overloaded = ai.requests.find((r) => r.status === 529)!;
        const again = ai.requests.find((r) => r !== overloaded && r.rawBody === overloaded.rawBody)!;
        expect(again.arrivedAt - overloaded.arrivedAt).toBeGreaterThanOrEqual(waits.modelBackoffMs);
      }
    );
  });

  test('a verified finding at or above failOn: FAIL and exit 1', async () => {
    await withModel(reviewScript({ 'Security Reviewer': [SQL] }), async (env) => {
      const dir = await initialised();
      const run = await cli(['run', 'pr-review', '--pr-file', SAMPLE, '--cwd', dir], env);
      expect(run.code).toBe(EXIT.gateFailed);
      expect(run.out).toMatch(/^round 1: \[ok\] PASS \(score 1\.00\): 1 checked, 1 confirmed/m);
      expect(run.out).toMatch(/^coverage: 5 of 7 files reviewed to the end, 2 left out by the loop's rules; \d+ of \d+ changed lines sent/m);
      expect(run.out.split('\n').at(-1)).toBe('verdict: FAIL — 1 verified finding(s) at or above high (1 critical) (exit 1)');
      // --json keeps stdout to the result; the verdict goes to stderr.
      const json = await cli(['run', 'pr-review', '--pr-file', SAMPLE, '--cwd', dir, '--json'], env);
      expect(json.code).toBe(EXIT.gateFailed);
      expect((JSON.parse(json.out) as { verified: unknown[] }).verified).toHaveLength(1);
      expect(json.err.split('\n').at(-1)).toBe('verdict: FAIL — 1 verified finding(s) at or above high (1 critical) (exit 1)');
    });
  });

  test('verified findings under failOn, or none at all: PASS and exit 0', async () => {
    await withModel(reviewScript({ 'Logic Reviewer': [EMPTY_CATCH] }), async (env) => {
      const run = await cli(['run', 'pr-review', '--pr-file', SAMPLE, '--cwd', await initialised()], env);
      expect(run.code).toBe(EXIT.ok);
      expect(run.out.split('\n').at(-1)).toBe('verdict: PASS — 1 verified finding(s), none at or above high (exit 0)');
    });
    await withModel(reviewScript({}), async (env) => {
      const run = await cli(['run', 'pr-review', '--pr-file', SAMPLE, '--cwd', await initialised()], env);
      expect(run.code).toBe(EXIT.ok);
      // The makers answered and reported nothing: nothing was verified, so the round is not called PASS.
      expect(run.out).toMatch(/^round 1: \[ok\] nothing reported, nothing to verify \(score 1\.00\)/m);
      expect(run.out).not.toMatch(/\[ok\] PASS/);
      expect(run.out.split('\n').at(-1)).toBe('verdict: PASS — No verified findings (exit 0)');
    });
  });

  test('a dry run exits 0 and says it proved nothing', async () => {
    const run = await cli(['run', 'pr-review', '--dry-run', '--pr-file', SAMPLE]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).not.toMatch(/PASS/);
    expect(run.out).toMatch(/^round 1: \[dry run\] would (not )?pass, nothing verified/m);
    expect(run.out.split('\n').at(-1)).toBe('verdict: DRY RUN — no model was called, nothing was verified; a dry run exits 0 and proves nothing (exit 0)');
  });

  test('a triage with every model call failing: no PASS, exit 3', async () => {
    await withModel(down, async (env) => {
      const dir = await initialised();
      await cli(['init', '--cwd', dir, '--triage']);
      writeFileSync(join(dir, 'issue.json'), JSON.stringify({ number: 12, title: 'Export crashes', body: 'Exporting a report crashes the app.', labels: [] }));
      const run = await cli(['run', 'daily-triage', '--issue-file', join(dir, 'issue.json'), '--cwd', dir], env);
      expect(run.code).toBe(EXIT.incomplete);
      expect(run.out).not.toMatch(/\bPASS\b/);
      expect(run.out).toMatch(/verdict: INCOMPLETE — triage failed: /);
    });
  });

  test('usage errors exit 2; a run that cannot start exits 3, never 1 (which is the gate)', async () => {
    expect((await cli(['run', 'no-such-loop', '--dry-run'])).code).toBe(EXIT.usage);
    expect((await cli(['run', 'daily-triage', '--dry-run'])).code).toBe(EXIT.usage);
    expect((await cli(['run', 'pr-review', '--pr-file', SAMPLE], {})).code).toBe(EXIT.incomplete);
    expect((await cli(['run', 'pr-review', '--dry-run', '--pr-file', join(tempRepo(), 'missing.json')])).code).toBe(EXIT.incomplete);
  });

  test('the exit codes are in `loopkit --help` and `loopkit run --help`', async () => {
    for (const args of [['--help'], ['run', '--help']]) {
      const { code, out } = await cli(args);
      expect(code).toBe(0);
      expect(out).toContain('Exit codes (every command; docs/cli.md has the table per command):');
      expect(out).toMatch(/^ {2}1 {3}a gate or threshold failed/m);
      expect(out).toMatch(/^ {2}2 {3}usage or loop-file error/m);
      expect(out).toMatch(/^ {2}3 {3}did not complete: it crashed/m);
    }
  });

  describe('the verdict follows the gate and never passes an unfinished run', () => {
    const success = { conclusion: 'success' as const, title: 'No verified findings' };
    test('a complete run the gate passes: 0', () => {
      expect(reviewVerdict(reviewResult(), success)).toMatchObject({ code: EXIT.ok, word: 'PASS' });
    });
    test('escalated, partial or failed: 3 even when the gate (or the engine) says success', () => {
      expect(reviewVerdict(reviewResult({ escalated: true, escalation: 'still uncertain after 2 rounds' }), success)).toEqual({
        code: EXIT.incomplete,
        word: 'INCOMPLETE',
        why: 'a person must decide: still uncertain after 2 rounds'
      });
      expect(reviewVerdict(reviewResult({ status: 'partial' }), success).code).toBe(EXIT.incomplete);
      expect(reviewVerdict(reviewResult({ status: 'failed' }), { conclusion: 'neutral', title: 'Review failed: x' }).code).toBe(EXIT.incomplete);
    });
    test('the gate failing is 1, also in a run that stopped early; a dry run is 0', () => {
      const failure = { conclusion: 'failure' as const, title: '1 verified finding(s) at or above high (1 high)' };
      expect(reviewVerdict(reviewResult({ status: 'partial' }), failure)).toMatchObject({ code: EXIT.gateFailed, word: 'FAIL' });
      expect(reviewVerdict(reviewResult({ dryRun: true }), success)).toMatchObject({ code: EXIT.ok, word: 'DRY RUN' });
    });
    test('no review ran: what is known decides, else 3', () => {
      expect(notRunVerdict({ conclusion: 'failure', title: 'Already reviewed: 2 open' }, 'unchanged').code).toBe(EXIT.gateFailed);
      expect(notRunVerdict({ conclusion: 'success', title: 'Already reviewed' }, 'unchanged').code).toBe(EXIT.ok);
      expect(notRunVerdict(undefined, 'no github-token')).toEqual({ code: EXIT.incomplete, word: 'INCOMPLETE', why: 'not run: no github-token' });
    });
    test('a triage: escalated or a failed write is 3', () => {
      const triage = { dryRun: false, status: 'complete', reasons: [], plans: [], escalated: false } as unknown as TriageResult;
      expect(triageVerdict(triage).code).toBe(EXIT.ok);
      expect(triageVerdict({ ...triage, escalated: true }).code).toBe(EXIT.incomplete);
      expect(triageVerdict(triage, 1).code).toBe(EXIT.incomplete);
    });
  });

  test('a round the engine passed is not printed PASS in a run that did not complete or was escalated', () => {
    const lines = (result: Parameters<typeof printReview>[0]) => {
      const io = bufferOutput();
      printReview(result, io);
      return io.lines.filter((l) => l.startsWith('round '));
    };
    expect(lines(reviewResult())[1]).toMatch(/^round 1 \(batch 2\): \[ok\] PASS/);
    expect(lines(PARTIAL)[1]).toMatch(/^round 1 \(batch 2\): \[!\] NOT PASSED \(the run is partial\)/);
    expect(lines(reviewResult({ escalated: true, escalation: 'x' }))[1]).toMatch(/\[!\] NOT PASSED \(the run is escalated\)/);
    // The engine said passed, yet the makers' findings got no verdict: nothing was verified.
    const unjudged = reviewResult({ rounds: [{ batch: 1, round: 1, findings: 3, confirmed: 0, refuted: 0, uncertain: 0, score: 1, passed: true }] });
    expect(lines(unjudged)).toEqual(['round 1 (batch 1): [!] NO VERDICT (score 1.00): 3 checked, 0 confirmed, 0 refuted, 0 uncertain']);
  });
});
