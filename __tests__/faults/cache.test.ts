/**
 * The Actions cache service down, failing, or answering garbage while the action runs: state
 * is a convenience, so each is a warning and a fresh start, never a crash and never a comment
 * posted twice (the markers in LoopKit's own comments still know what is there).
 */
import { readReviewRecord } from '../../src/render/markers.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, runBuiltAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, UNPLACEABLE, XSS, reviewScript } from '../action/scripts.js';

let fakes: Fakes;
let extra: Server | undefined;
afterEach(async () => {
  await fakes?.close();
  if (extra?.listening) await new Promise((resolve) => extra!.close(resolve));
  extra = undefined;
});

const HEAD = 'c'.repeat(40);
// Three findings get inline comments; the fourth cannot be placed and goes into the review body.
const FINDINGS = { 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH, UNPLACEABLE] };
const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;
const pull = () => repoOf().pulls.get(42)!;
const summaries = () => repoOf().issueComments.filter((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'));
const reviewChecks = () => [...repoOf().checkRuns.values()].filter((c) => c.name === 'LoopKit Review');

/**
 * `built`: the bundle in a process of its own. With the cache service down, @actions/cache goes on
 * retrying after LoopKit stopped waiting for it, which only the entry's ending the process stops:
 * in process, those retries would outlive the test.
 */
function review(runId: number, env: Record<string, string> = {}, inputs: Record<string, string> = {}, built = false) {
  return (built ? runBuiltAction : runAction)(fakes, {
    event: 'pull_request',
    payload: pullRequestEvent(42, HEAD),
    workspace: workspace(fakes),
    inputs: { loop: 'pr-review', ...inputs },
    runId,
    env
  });
}

async function listen(server: Server): Promise<string> {
  extra = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** A first run that saves its state and points at it from the summary comment. */
async function firstRun(): Promise<void> {
  fakes = await startFakes({ respond: reviewScript(FINDINGS) });
  seedSample(fakes.gh, 42, { headSha: HEAD });
  const run = await review(1000);
  expect(run.code).toBe(0);
  expect(fakes.cache.entries).toHaveLength(1);
  expect(summaries()[0]!.body).toMatch(/<!-- loopkit:state \S+ -->$/);
  expect(pull().reviewComments).toHaveLength(3);
}

/**
 * A run on the same head after the first one that could not use the state: the summary's record
 * still says the head was reviewed completely and what is open, so nothing is paid for or posted twice.
 */
function expectFreshStartNothingTwice(run: Awaited<ReturnType<typeof review>>, modelCalls: number): void {
  expect(run.code).toBe(0);
  expect(run.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
  expect(run.stdout).toMatch(/::warning::State "loopkit-state-v1-[^"]+" not loaded: .+ Starting fresh\./);
  expect(run.stdout).toContain('was already reviewed completely');
  expect(fakes.ai.requests).toHaveLength(modelCalls);
  expect(reviewChecks().at(-1)!.output.title).toBe('Already reviewed at cccccccccccc: 3 verified finding(s) at or above high still open');
  expect(pull().reviewComments).toHaveLength(3);
  expect(pull().reviews).toHaveLength(1);
  expect(summaries()).toHaveLength(1);
  expect(reviewChecks().at(-1)).toMatchObject({ status: 'completed', conclusion: 'failure' });
}

test('the cache service refusing connections: a warning on load and on save, a fresh start, no crash', async () => {
  await firstRun();
  // A port that was just closed: connection refused.
  const url = await listen(createServer());
  await new Promise((resolve) => extra!.close(resolve));
  const calls = fakes.ai.requests.length;
  const run = await review(1001, { ACTIONS_RESULTS_URL: url });

  expectFreshStartNothingTwice(run, calls);
  // The cause is @actions/cache's own line; LoopKit's says what it means for the run.
  expect(run.stdout).toMatch(/::warning::Failed to restore: .*ECONNREFUSED/);
  expect(run.stdout).toMatch(/::warning::State "loopkit-state-v1-[^"]+" not loaded: .* or the lookup failed/);
  // The summary keeps pointing at the last good entry.
  expect(summaries()[0]!.body).toMatch(/<!-- loopkit:state \S+ -->$/);
});

test('a 500 from the cache service is retried and the state is used', async () => {
  await firstRun();
  fakes.cache.failNext('GetCacheEntryDownloadURL', 500, 1);
  const calls = fakes.ai.requests.length;
  const run = await review(1001);

  expect(run.code).toBe(0);
  expect(run.stdout).not.toContain('not loaded');
  // The state was read: the same head is not reviewed again.
  expect(fakes.ai.requests).toHaveLength(calls);
  expect(reviewChecks().at(-1)!.output.title).toMatch(/^Already reviewed at cccccccccccc/);
});

test('a cache service answering garbage: a warning, a fresh start, no crash', async () => {
  await firstRun();
  // Every lookup "finds" the key; the download is an HTML error page, not an archive.
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
      }
      let key = '';
      try {
        key = String((JSON.parse(raw) as { key?: unknown }).key ?? '');
      } catch {
        // not JSON: answered like the rest
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, matched_key: key, signed_download_url: `${origin}blob/garbage`, signed_upload_url: `${origin}blob/garbage` }));
    });
  });
  const origin = await listen(server);
  const calls = fakes.ai.requests.length;
  const run = await review(1001, { ACTIONS_RESULTS_URL: origin });

  expectFreshStartNothingTwice(run, calls);
});

describe.each(['error', 'hang'] as const)('the cache service down (%s)', (mode) => {
  test('each operation is bounded in time; the run goes on without the cache, says so once, and ends', async () => {
    await firstRun();
    fakes.cache.down(mode);
    const before = fakes.cache.requests.length;
    const pointer = summaries()[0]!.body.match(/<!-- loopkit:state \S+ -->$/)![0];
    const calls = fakes.ai.requests.length;
    const run = await review(1001, {}, { 'cache-timeout-seconds': '0.2' }, true);

    expectFreshStartNothingTwice(run, calls);
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning::State'));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^::warning::State "loopkit-state-v1-[^"]+" not loaded: the Actions cache did not answer within 0.2 s; this run goes on without it\. Starting fresh\.$/
      )
    ]);
    // Not saved, so the summary keeps pointing at the last good entry.
    expect(fakes.cache.requests.slice(before).some((r) => r.route === 'CreateCacheEntry')).toBe(false);
    expect(summaries()[0]!.body.endsWith(pointer)).toBe(true);
  });
});

test('the cache service down on a first run: the warm-up finds out while the review runs, and the save is not attempted', async () => {
  fakes = await startFakes({ respond: reviewScript(FINDINGS), latencyMs: 1_500 });
  seedSample(fakes.gh, 42, { headSha: HEAD });
  fakes.cache.down('error');
  const run = await review(1000, {}, { 'cache-timeout-seconds': '0.2' }, true);

  expect(run.code).toBe(0);
  expect(run.stdout.split('\n').filter((l) => l.startsWith('::warning::State'))).toEqual([
    '::warning::State "loopkit-state-v1-octo_shop-pr-review-pr42-cccccccccccc-1000-1" not saved: the Actions cache did not answer within 0.2 s; this run goes on without it.'
  ]);
  // Only lookups: the warm-up's, and @actions/cache retrying it in the background after LoopKit stopped waiting.
  expect(new Set(fakes.cache.requests.map((r) => r.route))).toEqual(new Set(['GetCacheEntryDownloadURL']));
  expect(pull().reviewComments).toHaveLength(3);
  // The summary records what was reviewed, with no state key to point at.
  const record = readReviewRecord(summaries()[0]!.body);
  expect(record).toMatchObject({ head: HEAD, complete: true });
  expect(record?.key).toBeUndefined();
});
