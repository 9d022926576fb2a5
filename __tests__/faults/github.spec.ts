/**
 * GitHub misbehaving while the action runs: a 502 on a read, a secondary rate limit, a file
 * deleted between listing and reading. Each is retried, waited out or degraded, and every valid
 * comment still reaches the pull request. (A 422 on the review batch is covered in action.spec.ts.)
 */
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { EMPTY_CATCH, SQL, UNPLACEABLE, XSS, firstUserText, isChecker, reviewScript } from '../action/scripts.js';

describe('faults/github', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const FINDINGS = { 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH, UNPLACEABLE] };
  const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;
  const pull = () => repoOf().pulls.get(42)!;
  const reviewCheck = () => [...repoOf().checkRuns.values()].find((c) => c.name === 'LoopKit Review')!;
  const requestsTo = (method: string, path: RegExp) => fakes.gh.requests.filter((r) => r.method === method && path.test(r.path));
  const review = () =>
    runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: workspace(fakes), inputs: { loop: 'pr-review' } });

  /** Everything the review should have put on the pull request, whatever went wrong on the way. */
  function expectEverythingPosted(): void {
    const placed = pull().reviewComments.map((c) => [c.path, c.line, c.side]);
    expect(placed).toEqual(
      expect.arrayContaining([
        ['src/api/users.ts', 5, 'RIGHT'],
        ['src/util/format.ts', 6, 'RIGHT'],
        ['src/api/users.ts', 21, 'RIGHT']
      ])
    );
    expect(placed).toHaveLength(3);
    expect(pull().reviews).toHaveLength(1);
    expect(pull().reviews[0]!.body).toContain(UNPLACEABLE.claim);
    expect(repoOf().issueComments.filter((c) => c.body.startsWith('<!-- loopkit:summary:pr-review -->'))).toHaveLength(1);
    expect(reviewCheck()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(reviewCheck().output.title).toBe('4 verified findings (1 critical, 2 high, 1 medium)');
  }

  const SECONDARY_LIMIT = {
    message:
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:1.',
    documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    status: '403'
  };

  test('a 502 on a read is retried, and nothing is lost', async () => {
    fakes = await startFakes({ respond: reviewScript(FINDINGS) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    fakes.gh.failNext({ method: 'GET', path: /\/pulls\/42\/files$/ }, 502, { message: 'Server Error' });
    fakes.gh.failNext({ method: 'POST', path: '/graphql' }, 502, { message: 'Server Error' });
    const run = await review();

    expect(run.code).toBe(0);
    expect(requestsTo('GET', /\/pulls\/42\/files$/)).toHaveLength(2);
    // The checker's code comes in at most one GraphQL query per checker call (code already read is not
    // read again): a read, so it is retried though it is POSTed. The checker is pipelined behind the
    // makers, so on a busy machine there may be two calls.
    const checkers = fakes.ai.requests.filter((r) => r.body && isChecker(r.body));
    const [failed, retried, ...more] = requestsTo('POST', /^\/graphql$/);
    expect(retried?.body).toEqual(failed!.body);
    expect(more.length).toBeLessThanOrEqual(checkers.length - 1);
    expect(run.stdout).not.toContain('Could not read pull request');
    // The retried reads reached the checker: it saw the code around the XSS finding.
    expect(checkers.some((r) => firstUserText(r.body!).includes('el.innerHTML = bio;'))).toBe(true);
    expectEverythingPosted();
  });

  test('a secondary rate limit (403 with retry-after) is waited out, on a read and on the review', async () => {
    fakes = await startFakes({ respond: reviewScript(FINDINGS) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    fakes.gh.failNext({ method: 'GET', path: /\/pulls\/42$/ }, 403, SECONDARY_LIMIT, { 'retry-after': '1' });
    fakes.gh.failNext({ method: 'POST', path: /\/pulls\/42\/reviews$/ }, 403, SECONDARY_LIMIT, { 'retry-after': '1' });
    const run = await review();

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::warning::GitHub secondary rate limit on GET /repos/{owner}/{repo}/pulls/{pull_number}: waiting 1s');
    expect(run.stdout).toContain('::warning::GitHub secondary rate limit on POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews: waiting 1s');
    for (const [method, path] of [
      ['GET', /\/pulls\/42$/],
      ['POST', /\/pulls\/42\/reviews$/]
    ] as const) {
      const [limited, retried, ...more] = requestsTo(method, path);
      expect(more).toEqual([]);
      // The retry came only after the second GitHub asked for.
      expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(900);
    }
    // The write was not given up and not repeated: one review, every comment once.
    expectEverythingPosted();
  });

  test('the waits before retries are the step’s retryWaits: GitHub’s grow from its unit, the model SDK waits its backoff', async () => {
    // Longer than either client's own first wait (GitHub 1 s, the Anthropic SDK at most 0.5 s), so
    // only waits taken from retryWaits pass.
    const waits = { githubDelayUnitMs: 1_300, modelBackoffMs: 1_300 };
    const script = reviewScript(FINDINGS);
    let calls = 0;
    fakes = await startFakes({ respond: (request) => (++calls === 1 ? { kind: 'error', status: 529 } : script(request)) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    fakes.gh.failNext({ method: 'GET', path: /\/pulls\/42\/files$/ }, 502, { message: 'Server Error' });
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes),
      inputs: { loop: 'pr-review' },
      retryWaits: waits
    });

    expect(run.code).toBe(0);
    const [failed, retried, ...more] = requestsTo('GET', /\/pulls\/42\/files$/);
    expect(more).toEqual([]);
    expect(retried!.at - failed!.at).toBeGreaterThanOrEqual(waits.githubDelayUnitMs);
    // The SDK's retry sends the same request again; other agents' calls may arrive in between.
    const overloaded = fakes.ai.requests.find((r) => r.status === 529)!;
    const [first, again, ...others] = fakes.ai.requests.filter((r) => r.rawBody === overloaded.rawBody);
    expect([first, others]).toEqual([overloaded, []]);
    expect(again!.arrivedAt - overloaded.arrivedAt).toBeGreaterThanOrEqual(waits.modelBackoffMs);
    expectEverythingPosted();
  });

  test('a file deleted between listing and reading (no object at the head for the checker’s read) loses no comment', async () => {
    fakes = await startFakes({ respond: reviewScript(FINDINGS) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    // The head no longer has the file: GraphQL answers a null object for it, as GitHub does.
    repoOf().contents.get(HEAD)!.delete('src/api/users.ts');
    const run = await review();

    expect(run.code).toBe(0);
    // The checker is pipelined behind the makers: on a busy machine they may finish apart and cost two
    // checker calls. Each reads the code it needs once, in one GraphQL request.
    const checkers = fakes.ai.requests.filter((r) => r.body && isChecker(r.body));
    expect(checkers.length).toBeGreaterThan(0);
    expect(requestsTo('POST', /^\/graphql$/).length).toBeLessThanOrEqual(checkers.length);
    expect(run.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    // The checker still ran: without the code of the missing file, with the code of the other.
    const prompts = checkers.map((r) => firstUserText(r.body!));
    expect(prompts.some((p) => p.includes('el.innerHTML = bio;'))).toBe(true);
    for (const prompt of prompts) expect(prompt).not.toMatch(/Code around it at the head commit:\n<untrusted-data source="code src\/api\/users\.ts"/);
    expectEverythingPosted();
  });
});
