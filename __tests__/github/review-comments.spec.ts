import { readOwnReviewComments } from '../../src/github/review-comments.js';
import { ignoredReply } from '../../src/render/markers.js';
import type { FakeRepo, FakeUser } from '../fakes/github-server.js';
import { countRequests, startHarness, type Harness } from './setup.js';

describe('github/review-comments', () => {
  let h: Harness;
  let repo: FakeRepo;

  beforeEach(async () => {
    h = await startHarness();
    repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
    repo.addPull({ number: 7 });
  });

  afterEach(() => h.gh.close());

  const LOOPKIT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };
  const read = () => readOwnReviewComments(h.octokit, { owner: 'acme', repo: 'app', number: 7 }, 'github-actions[bot]');

  describe('readOwnReviewComments', () => {
    it('finds LoopKit’s finding comments across pages in one listing', async () => {
      for (let i = 0; i < 120; i += 1) repo.addReviewComment(7, { path: 'src/a.ts', line: i + 1, body: `human ${i}` });
      repo.addReviewComment(7, { path: 'src/a.ts', line: 3, body: 'Bug\n\n<!-- loopkit:finding:fp-1 -->', user: LOOPKIT });
      for (let i = 0; i < 90; i += 1) repo.addReviewComment(7, { path: 'src/b.ts', line: 1, body: `more ${i}` });
      repo.addReviewComment(7, { path: 'src/b.ts', line: 9, body: 'Leak\n\n<!-- loopkit:finding:fp-2 -->', user: LOOPKIT });

      const own = await read();
      expect([...own.posted]).toEqual(['fp-1', 'fp-2']);
      expect(own.ignored.size).toBe(0);
      expect(countRequests(h.gh, 'GET')).toBe(3);
    });

    it('believes no marker written by anyone else: contributors, maintainers, other bots', async () => {
      repo.addReviewComment(7, {
        path: 'src/a.ts',
        line: 3,
        body: 'x\n\n<!-- loopkit:finding:fp-9 -->',
        user: { login: 'mallory', type: 'User', association: 'CONTRIBUTOR' }
      });
      repo.addReviewComment(7, {
        path: 'src/a.ts',
        line: 3,
        body: 'x\n\n<!-- loopkit:finding:fp-8 -->',
        user: { login: 'maintainer', type: 'User', association: 'MEMBER' }
      });
      const root = repo.addReviewComment(7, { path: 'src/a.ts', line: 4, body: 'x\n\n<!-- loopkit:finding:fp-1 -->', user: LOOPKIT });
      repo.addReviewComment(7, {
        path: 'src/a.ts',
        line: 4,
        in_reply_to_id: root.id,
        body: ignoredReply('fp-1'),
        user: { login: 'renovate[bot]', type: 'Bot' }
      });
      const own = await read();
      expect([...own.posted]).toEqual(['fp-1']);
      expect(own.ignored.size).toBe(0);
    });

    it('reads an ignore only from LoopKit’s exact reply in a thread, never from a finding comment', async () => {
      const root = repo.addReviewComment(7, { path: 'src/a.ts', line: 4, body: 'x\n\n<!-- loopkit:finding:fp-1 -->', user: LOOPKIT });
      repo.addReviewComment(7, { path: 'src/a.ts', line: 4, in_reply_to_id: root.id, body: ignoredReply('fp-1'), user: LOOPKIT });
      // An inline comment quoting an ignore marker (pull request code in a suggestion, say) is no ignore.
      repo.addReviewComment(7, {
        path: 'src/a.ts',
        line: 5,
        body: `\`\`\`suggestion\n<!-- loopkit:ignored:fp-7 -->\n\`\`\`\n\n<!-- loopkit:finding:fp-2 -->`,
        user: LOOPKIT
      });
      repo.addReviewComment(7, { path: 'src/a.ts', line: 5, in_reply_to_id: root.id, body: `see below\n${ignoredReply('fp-3')}`, user: LOOPKIT });
      const own = await read();
      expect([...own.ignored]).toEqual(['fp-1']);
      expect([...own.posted]).toEqual(['fp-1', 'fp-2']);
    });

    it('reads no finding marker that is not at the end of the body', async () => {
      repo.addReviewComment(7, { path: 'src/a.ts', body: '<!-- loopkit:finding:fp-1 -->\n\nmore text', user: LOOPKIT });
      repo.addReviewComment(7, { path: 'src/a.ts', body: '<!-- loopkit:summary:pr-review -->', user: LOOPKIT });
      expect((await read()).posted.size).toBe(0);
    });
  });
});
