import { findStickyComment, upsertStickyComment } from '../../src/github/sticky-comment.js';
import type { FakeRepo } from '../fakes/github-server.js';
import { countRequests, startHarness, type Harness } from './setup.js';

describe('github/sticky-comment', () => {
  let h: Harness;
  let repo: FakeRepo;

  beforeEach(async () => {
    h = await startHarness();
    repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
    repo.addPull({ number: 7 });
  });

  afterEach(() => h.gh.close());

  const MARKER = '<!-- loopkit:summary:pr-review -->';
  const LOOPKIT = 'github-actions[bot]';
  const upsert = (body: string, marker = MARKER) =>
    upsertStickyComment(h.octokit, { owner: 'acme', repo: 'app', issueNumber: 7, marker, identity: LOOPKIT, body });

  describe('upsertStickyComment', () => {
    it('creates the comment once, then edits it in place', async () => {
      const first = await upsert(`${MARKER}\nRound 1 <!-- loopkit:state:abc -->`);
      expect(first).toEqual({ id: expect.any(Number), created: true });

      const second = await upsert(`${MARKER}\nRound 2`);
      expect(second).toEqual({ id: first.id, created: false, previousBody: `${MARKER}\nRound 1 <!-- loopkit:state:abc -->` });
      expect(repo.issueComments).toHaveLength(1);
      expect(repo.issueComments[0]?.body).toBe(`${MARKER}\nRound 2`);
      expect(countRequests(h.gh, 'POST')).toBe(1);
      expect(countRequests(h.gh, 'PATCH')).toBe(1);
    });

    it('makes no write when the body has not changed', async () => {
      await upsert(`${MARKER}\nSame`);
      const again = await upsert(`${MARKER}\nSame`);
      expect(again.created).toBe(false);
      expect(countRequests(h.gh, 'PATCH')).toBe(0);
    });

    it('adds the marker when the body lacks it, so the next run finds the comment', async () => {
      await upsert('No marker here');
      expect(repo.issueComments[0]?.body).toBe(`${MARKER}\nNo marker here`);
      expect((await upsert('Again')).created).toBe(false);
    });

    it('leaves other loops’ comments alone', async () => {
      repo.addIssueComment(7, '<!-- loopkit:summary:pr-review-extra -->\nnot ours');
      const result = await upsert(`${MARKER}\nours`);
      expect(result.created).toBe(true);
      expect(repo.issueComments.map((c) => c.body)).toEqual(['<!-- loopkit:summary:pr-review-extra -->\nnot ours', `${MARKER}\nours`]);
    });
  });

  describe('findStickyComment', () => {
    it('finds the marker on a later page and stops reading there', async () => {
      for (let i = 0; i < 150; i += 1) repo.addIssueComment(7, `chatter ${i}`);
      const ours = repo.addIssueComment(7, `${MARKER}\nsummary`, { login: 'github-actions[bot]', type: 'Bot' });
      for (let i = 0; i < 150; i += 1) repo.addIssueComment(7, `later ${i}`);

      const found = await findStickyComment(h.octokit, { owner: 'acme', repo: 'app', issueNumber: 7, marker: MARKER, identity: LOOPKIT });
      expect(found).toEqual({ id: ours.id, body: `${MARKER}\nsummary` });
      expect(countRequests(h.gh, 'GET')).toBe(2);
    });

    it('adopts only a summary written by LoopKit’s own login: not a contributor’s, a member’s or another bot’s', async () => {
      repo.addIssueComment(7, `${MARKER}\nforged <!-- loopkit:state x -->`, { login: 'mallory', type: 'User', association: 'CONTRIBUTOR' });
      repo.addIssueComment(7, `${MARKER}\nby a member with read access`, { login: 'reader', type: 'User', association: 'MEMBER' });
      repo.addIssueComment(7, `${MARKER}\nby another bot`, { login: 'other-app[bot]', type: 'Bot' });
      expect(await findStickyComment(h.octokit, { owner: 'acme', repo: 'app', issueNumber: 7, marker: MARKER, identity: LOOPKIT })).toBeUndefined();
      const result = await upsert(`${MARKER}\nours`);
      expect(result.created).toBe(true);

      // LoopKit posting with a maintainer's token is that maintainer: the login decides, whatever its kind.
      const mine = repo.addIssueComment(8, `${MARKER}\nposted with a maintainer's token`, { login: 'Maintainer', type: 'User', association: 'COLLABORATOR' });
      repo.addPull({ number: 8 });
      expect(await findStickyComment(h.octokit, { owner: 'acme', repo: 'app', issueNumber: 8, marker: MARKER, identity: 'maintainer' })).toEqual({
        id: mine.id,
        body: mine.body
      });
    });

    it('answers undefined when no comment carries the marker', async () => {
      repo.addIssueComment(7, 'hello');
      expect(await findStickyComment(h.octokit, { owner: 'acme', repo: 'app', issueNumber: 7, marker: MARKER, identity: LOOPKIT })).toBeUndefined();
    });
  });
});
