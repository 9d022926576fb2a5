import { postReview, type ReviewComment } from '../../src/github/review.js';
import type { FakePull } from '../fakes/github-server.js';
import { countRequests, HEAD_SHA, startHarness, TWO_HUNKS, type Harness } from './setup.js';

describe('github/review', () => {
  let h: Harness;
  let pull: FakePull;

  beforeEach(async () => {
    h = await startHarness();
    const repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
    pull = repo.addPull({
      number: 7,
      head: { sha: HEAD_SHA },
      files: [
        { filename: 'src/a.ts', patch: TWO_HUNKS },
        { filename: 'src/b.ts', patch: '@@ -0,0 +1,3 @@\n+one\n+two\n+three' }
      ]
    });
  });

  afterEach(() => h.gh.close());

  const marker = (fp: string) => `<!-- loopkit:finding:${fp} -->`;
  const comment = (key: string, extra: Partial<ReviewComment> = {}): ReviewComment => ({
    path: 'src/a.ts',
    line: 2,
    side: 'RIGHT',
    body: `Finding ${key}\n${marker(key)}`,
    key,
    ...extra
  });
  const post = (comments: ReviewComment[], body = '<!-- loopkit:summary:pr-review -->\nTwo findings.') =>
    postReview(h.octokit, { owner: 'acme', repo: 'app', number: 7, commitId: HEAD_SHA, body, comments });

  describe('postReview', () => {
    it('posts everything in one COMMENT review and reports the comment ids', async () => {
      const result = await post([comment('k1'), comment('k2', { path: 'src/b.ts', line: 3, startLine: 1 }), comment('k3', { line: 2, side: 'LEFT' })]);

      expect(countRequests(h.gh, 'POST')).toBe(1);
      const sent = h.gh.requests.find((r) => r.method === 'POST')?.body as Record<string, unknown>;
      expect(sent.event).toBe('COMMENT');
      expect(sent.comments).toEqual([
        { path: 'src/a.ts', body: `Finding k1\n${marker('k1')}`, line: 2, side: 'RIGHT' },
        { path: 'src/b.ts', body: `Finding k2\n${marker('k2')}`, line: 3, side: 'RIGHT', start_line: 1, start_side: 'RIGHT' },
        { path: 'src/a.ts', body: `Finding k3\n${marker('k3')}`, line: 2, side: 'LEFT' }
      ]);
      expect(pull.reviews).toHaveLength(1);
      expect(result.reviewId).toBe(pull.reviews[0]?.id);
      expect(result.posted).toEqual(['k1', 'k2', 'k3']);
      expect(result.rejected).toEqual([]);
      // A review is all or nothing: no read-back of its comments is needed.
      expect(h.gh.requests.filter((r) => r.method === 'GET')).toEqual([]);
    });

    it('sends a start line equal to the line as a single-line comment, which GitHub requires', async () => {
      const result = await post([comment('k1', { startLine: 2 })]);
      expect(result.rejected).toEqual([]);
      expect(countRequests(h.gh, 'POST')).toBe(1);
    });

    it('falls back to one comment per request when GitHub refuses the batch, keeping every good comment', async () => {
      const result = await post([comment('good1'), comment('outside', { line: 10 }), comment('good2', { path: 'src/b.ts', line: 1 })]);

      // The batch, one request per comment, then the body on its own: five posts, no more.
      expect(countRequests(h.gh, 'POST', /\/reviews$/)).toBe(2);
      expect(countRequests(h.gh, 'POST', /\/comments$/)).toBe(3);
      expect(result.rejected).toEqual([{ key: 'outside', reason: 'pull_request_review_thread.line must be part of the diff' }]);
      expect(result.posted).toEqual(['good1', 'good2']);
      expect(pull.reviewComments.map((c) => c.line)).toEqual([2, 1]);
      const summary = pull.reviews.find((r) => r.body.includes('loopkit:summary'));
      expect(result.reviewId).toBe(summary?.id);
      expect(result.bodyRejected).toBeUndefined();
    });

    it('reports the body refused too when the whole review is at fault, and still does not loop', async () => {
      const result = await postReview(h.octokit, {
        owner: 'acme',
        repo: 'app',
        number: 7,
        commitId: 'c'.repeat(40),
        body: 'summary',
        comments: [comment('k1'), comment('k2')]
      });
      expect(result.posted).toEqual([]);
      expect(result.rejected).toEqual([
        { key: 'k1', reason: 'commit_id is not part of the pull request' },
        { key: 'k2', reason: 'commit_id is not part of the pull request' }
      ]);
      expect(result.reviewId).toBeUndefined();
      expect(result.bodyRejected).toBe('The commitOID is not part of the pull request');
      expect(countRequests(h.gh, 'POST')).toBe(4);
    });

    it('skips the body-only review when there is no body', async () => {
      const result = await post([comment('outside', { line: 10 })], '  ');
      expect(result.reviewId).toBeUndefined();
      expect(countRequests(h.gh, 'POST')).toBe(2);
    });

    it('throws a 422 it cannot work around: no comments to salvage', async () => {
      h.gh.failNext({ method: 'POST' }, 422);
      await expect(post([])).rejects.toMatchObject({ status: 422 });
      expect(countRequests(h.gh, 'POST')).toBe(1);
    });

    it('throws other failures of the review', async () => {
      h.gh.failNext({ method: 'POST' }, 502);
      await expect(post([comment('k1')])).rejects.toMatchObject({ status: 502 });
      expect(countRequests(h.gh, 'POST')).toBe(1);
    });

    it('reports a comment that failed for another reason during the fallback, and carries on', async () => {
      h.gh.failNext({ method: 'POST', path: /\/reviews$/ }, 422);
      h.gh.failNext({ method: 'POST', path: /\/comments$/ }, 502);
      const result = await post([comment('k1'), comment('k2')]);
      expect(result.rejected).toEqual([{ key: 'k1', reason: 'Bad Gateway' }]);
      expect(result.posted).toEqual(['k2']);
    });
  });
});
