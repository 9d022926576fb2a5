/**
 * The end of a review, after the last model answer: the review and the state's save go out
 * together, the check follows the review without waiting for the save, and the summary, which
 * names the state entry, waits for the save and names only an entry that was saved. Proved by
 * events (each fake holds an answer until the other fake has seen a request), not by the clock.
 * Through the action in this process.
 */
import { readReviewRecord } from '../../src/render/markers.js';
import { OWNER, pushSessionChange, REPO, seedSample } from '../helpers/sample.js';
import type { RecordedRequest } from '../fakes/github-server.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import type { FakeReply, MessagesBody, RecordedRequest as ModelRequest } from '../fakes/anthropic-server.js';
import { EMPTY_CATCH, SESSION_TOKEN, SQL, UNPLACEABLE, XSS, reviewScript } from './scripts.js';

describe('action/publish-order', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const NEXT = 'd'.repeat(40);
  const FINDINGS = { 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH, UNPLACEABLE] };
  const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;
  const summaries = () => repoOf().issueComments.filter((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'));
  const reviewCheck = () => [...repoOf().checkRuns.values()].filter((c) => c.name === 'LoopKit Review').at(-1)!;
  const postingReview = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/pulls/42/reviews');
  const completingCheck = (r: RecordedRequest) =>
    r.method === 'PATCH' && /\/check-runs\/\d+$/.test(r.path) && (r.body as { conclusion?: string } | undefined)?.conclusion !== undefined;
  const writingSummary = (r: RecordedRequest) =>
    (r.method === 'POST' || r.method === 'PATCH') &&
    /\/issues\/(42\/)?comments(\/\d+)?$/.test(r.path) &&
    String((r.body as { body?: unknown }).body).includes('loopkit:summary');

  function review(runId: number, head = HEAD) {
    return runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, head, runId === 1000 ? 'opened' : 'synchronize'),
      workspace: workspace(fakes),
      // Short, so that a flow that wrote the check only after the save gives the held save up quickly and the test fails fast.
      inputs: { loop: 'pr-review', 'cache-timeout-seconds': '3' },
      runId
    });
  }

  test('the review and the save go out together, the check is written while the save is open, and the summary waits for the save and names its entry', async () => {
    fakes = await startFakes({ respond: reviewScript(FINDINGS) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    // The review is answered only once the save has asked the cache for its entry: a flow that saved
    // after the review would never be answered.
    fakes.gh.holdNext(postingReview, fakes.cache.arrived('CreateCacheEntry'));
    // The save's last answer comes only once the check's completing request has reached GitHub: a
    // flow that waited for the save before the check would wait for itself until the save timed out.
    const checkWritten = fakes.gh.arrived(completingCheck);
    fakes.cache.holdNext('FinalizeCacheEntryUpload', checkWritten);
    const summariesWhenCheckWritten = checkWritten.then(() => summaries().length);

    const run = await review(1000);

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('not saved');
    expect(reviewCheck()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    // The check came after the review it reports on, and before any summary.
    const at = (match: (r: RecordedRequest) => boolean) => fakes.gh.requests.findIndex(match);
    expect(at(postingReview)).toBeLessThan(at(completingCheck));
    expect(await summariesWhenCheckWritten).toBe(0);
    expect(at(completingCheck)).toBeLessThan(at(writingSummary));
    // The summary names the entry the held save committed.
    expect(fakes.cache.entries).toHaveLength(1);
    expect(readReviewRecord(summaries()[0]!.body)?.key).toBe(fakes.cache.entries[0]!.key);
  });

  test('a save that fails: the summary written after it still points at the last good entry', async () => {
    fakes = await startFakes({ respond: reviewScript(FINDINGS) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    await review(1000);
    const good = fakes.cache.entries[0]!.key;
    expect(readReviewRecord(summaries()[0]!.body)?.key).toBe(good);

    // A push, so the second run reviews again and saves again; the service refuses the new entry.
    pushSessionChange(fakes.gh, 42, HEAD, NEXT);
    fakes.cache.failNext('CreateCacheEntry', 403);
    const run = await review(1001, NEXT);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/::warning::State "loopkit-state-v1-[^"]+-1001-1" not saved: /);
    expect(fakes.cache.entries.map((e) => e.key)).toEqual([good]);
    expect(reviewCheck()).toMatchObject({ status: 'completed', head_sha: NEXT });
    // The summary was rewritten for the new head, and its pointer is still the first run's entry.
    expect(summaries()).toHaveLength(1);
    const record = readReviewRecord(summaries()[0]!.body);
    expect(record).toMatchObject({ head: NEXT, key: good });
  });

  test('a later review links its new findings to their threads: the threads are listed once the review is there', async () => {
    let respond: (request: ModelRequest & { body: MessagesBody }) => FakeReply = reviewScript(FINDINGS);
    fakes = await startFakes({ respond: (request) => respond(request) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    await review(1000);

    // A push with a new finding; the earlier findings are still open, so their threads are listed.
    pushSessionChange(fakes.gh, 42, HEAD, NEXT);
    respond = reviewScript({ 'Security Reviewer': [SESSION_TOKEN] });
    // The review is carried out only once the save has begun: threads listed beside the review, not
    // after it, would be listed before the new finding's thread exists.
    fakes.gh.holdNext(postingReview, fakes.cache.arrived('CreateCacheEntry'));
    const run = await review(1001, NEXT);

    expect(run.code).toBe(0);
    expect(repoOf().pulls.get(42)!.reviewComments.at(-1)!.body).toContain('Math.random');
    expect(summaries()[0]!.body).toMatch(/\| open \| 🟠 High \| \[`src\/auth\/session\.ts`\]\(http:\/\/[^)]+#discussion_r\d+\) \|/);
  });
});
