/**
 * LoopKit's finding threads over the fake GitHub's GraphQL API, which follows GitHub's rules:
 * connections need `first` or `last` (at most 100), a node id that names nothing is NOT_FOUND,
 * and a bot's login carries no `[bot]` suffix there.
 */
import { closeFindingThreads, findingThreads, setThreadResolved } from '../../src/github/review-threads.js';
import { findingMarker } from '../../src/render/index.js';
import { startHarness, type Harness } from './setup.js';

describe('github/review-threads', () => {
  let h: Harness;
  afterEach(async () => h?.gh.close());

  const PR = { owner: 'octo', repo: 'shop', number: 7 };

  async function seed() {
    h = await startHarness();
    const repo = h.gh.state.addRepo({ owner: 'octo', repo: 'shop' });
    repo.addPull({ number: 7, title: 't', body: '', base: { ref: 'main', sha: 'b'.repeat(40) }, head: { ref: 'f', sha: 'a'.repeat(40) }, files: [] });
    const own = repo.addReviewComment(7, { path: 'a.ts', body: `SQL injection.\n\n${findingMarker('fp1')}` });
    // Someone else's comment with LoopKit's marker is not LoopKit's finding.
    repo.addReviewComment(7, { path: 'b.ts', body: `copy\n\n${findingMarker('fp2')}`, user: { login: 'mallory', type: 'User' } });
    return { repo, own };
  }

  test("lists only LoopKit's own finding threads, paginated, and resolves one with a single reply", async () => {
    const { repo, own } = await seed();
    for (let i = 0; i < 120; i++) repo.addReviewComment(7, { path: 'c.ts', body: `note ${i}`, user: { login: 'alice', type: 'User' } });
    const threads = await findingThreads(h.octokit, PR, 'github-actions[bot]');
    expect([...threads.keys()]).toEqual(['fp1']);
    expect(threads.get('fp1')).toMatchObject({ resolved: false, commentId: own.id, url: expect.stringMatching(new RegExp(`#discussion_r${own.id}$`)) });
    expect(await closeFindingThreads(h.octokit, PR, threads, [{ fingerprint: 'fp1', reply: 'Fixed in 1234567.' }])).toEqual([]);
    expect(own.thread_resolved_by).toBe('github-actions[bot]');
    expect(
      repo.pulls
        .get(7)!
        .reviewComments.filter((c) => c.in_reply_to_id === own.id)
        .map((c) => c.body)
    ).toEqual(['Fixed in 1234567.']);
    // Already resolved: no second reply.
    await closeFindingThreads(h.octokit, PR, await findingThreads(h.octokit, PR, 'github-actions[bot]'), [{ fingerprint: 'fp1', reply: 'again' }]);
    expect(repo.pulls.get(7)!.reviewComments.filter((c) => c.in_reply_to_id === own.id)).toHaveLength(1);
    await setThreadResolved(h.octokit, (await findingThreads(h.octokit, PR, 'github-actions[bot]')).get('fp1')!, false);
    expect(own.thread_resolved_by).toBeUndefined();
  });

  test('the fake answers as GitHub does: no page size is an error, more than 100 too, an unknown thread is NOT_FOUND', async () => {
    await seed();
    const ask = (query: string, variables: Record<string, unknown> = {}) =>
      h.octokit.graphql(query, variables).then(
        () => 'ok',
        (error: { errors?: { message: string; type?: string }[] }) => error.errors?.map((e) => e.message).join('; ')
      );
    const threads = (args: string) => `query { repository(owner: "octo", name: "shop") { pullRequest(number: 7) { reviewThreads${args} { totalCount } } } }`;
    expect(await ask(threads(''))).toBe('You must provide a `first` or `last` value to properly paginate the `reviewThreads` connection.');
    expect(await ask(threads('(first: 101)'))).toBe('Requesting 101 records on the `reviewThreads` connection exceeds the `first` limit of 100 records.');
    expect(await ask('mutation { resolveReviewThread(input: { threadId: "PRRT_nope" }) { thread { id } } }')).toBe(
      "Could not resolve to a node with the global id of 'PRRT_nope'"
    );
    const bot = (
      await h.octokit.graphql<{ repository: { pullRequest: { reviewThreads: { nodes: { comments: { nodes: { author: { login: string } }[] } }[] } } } }>(
        'query { repository(owner: "octo", name: "shop") { pullRequest(number: 7) { reviewThreads(first: 1) { nodes { comments(first: 1) { nodes { author { login } } } } } } } }'
      )
    ).repository.pullRequest.reviewThreads.nodes[0]!.comments.nodes[0]!.author.login;
    expect(bot).toBe('github-actions');
  });
});
