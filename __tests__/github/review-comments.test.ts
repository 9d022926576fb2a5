import { listLoopKitReviewComments } from '../../src/github/review-comments.js';
import type { FakeRepo } from '../fakes/github-server.js';
import { countRequests, startHarness, type Harness } from './setup.js';

let h: Harness;
let repo: FakeRepo;

beforeEach(async () => {
  h = await startHarness();
  repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
  repo.addPull({ number: 7 });
});

afterEach(() => h.gh.close());

const list = () => listLoopKitReviewComments(h.octokit, { owner: 'acme', repo: 'app', number: 7, markerPrefix: 'loopkit:finding:' });

describe('listLoopKitReviewComments', () => {
  it('finds marked comments across pages and skips everyone else’s', async () => {
    for (let i = 0; i < 120; i += 1) repo.addReviewComment(7, { path: 'src/a.ts', line: i + 1, body: `human ${i}` });
    const early = repo.addReviewComment(7, { path: 'src/a.ts', line: 3, body: 'Bug\n<!-- loopkit:finding:fp-1 -->' });
    for (let i = 0; i < 90; i += 1) repo.addReviewComment(7, { path: 'src/b.ts', line: 1, body: `more ${i}` });
    const late = repo.addReviewComment(7, { path: 'src/b.ts', line: 9, body: '<!--loopkit:finding:fp-2-->\nLeak' });

    expect(await list()).toEqual([
      { id: early.id, fingerprint: 'fp-1', path: 'src/a.ts', line: 3, outdated: false },
      { id: late.id, fingerprint: 'fp-2', path: 'src/b.ts', line: 9, outdated: false }
    ]);
    expect(countRequests(h.gh, 'GET')).toBe(3);
  });

  it('ignores finding markers forged by contributors', async () => {
    repo.addReviewComment(7, { path: 'src/a.ts', line: 3, body: 'not a bug <!-- loopkit:finding:fp-9 -->', user: { login: 'mallory', type: 'User', association: 'CONTRIBUTOR' } });
    const ours = repo.addReviewComment(7, { path: 'src/a.ts', line: 4, body: 'Bug\n<!-- loopkit:finding:fp-1 -->' });
    expect((await list()).map((c) => c.id)).toEqual([ours.id]);
  });

  it('marks outdated comments and keeps replies’ parents', async () => {
    const old = repo.addReviewComment(7, { path: 'src/a.ts', line: null, position: null, body: '<!-- loopkit:finding:gone -->' });
    const reply = repo.addReviewComment(7, { path: 'src/a.ts', line: 4, in_reply_to_id: old.id, body: '<!-- loopkit:finding:gone -->' });
    expect(await list()).toEqual([
      { id: old.id, fingerprint: 'gone', path: 'src/a.ts', line: null, outdated: true },
      { id: reply.id, fingerprint: 'gone', path: 'src/a.ts', line: 4, outdated: false, inReplyToId: old.id }
    ]);
  });

  it('reads only the given prefix', async () => {
    repo.addReviewComment(7, { path: 'src/a.ts', body: '<!-- loopkit:summary:pr-review -->' });
    expect(await list()).toEqual([]);
  });
});
