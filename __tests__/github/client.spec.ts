import { apiUrlFromEnv, createOctokit, withoutSecrets } from '../../src/github/client.js';
import { Redactor } from '../../src/guard/index.js';
import { httpStatus } from '../../src/github/errors.js';
import { startFakeGitHub } from '../fakes/github-server.js';
import { countRequests, HEAD_SHA, startHarness, type Harness } from './setup.js';

describe('github/client', () => {
  const SECONDARY = {
    message:
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE.',
    documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    status: '403'
  };

  let h: Harness;
  let open: Harness | undefined;

  async function start(client: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
    h = await startHarness(client);
    open = h;
    const repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
    repo.addPull({ number: 7, head: { sha: HEAD_SHA } });
    return h;
  }

  afterEach(async () => {
    await open?.gh.close();
    open = undefined;
  });

  const getPull = () => h.octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 7 });
  const comment = () => h.octokit.rest.issues.createComment({ owner: 'acme', repo: 'app', issue_number: 7, body: 'hi' });

  describe('retries', () => {
    it('retries a read that failed with a 502', async () => {
      await start();
      h.gh.failNext({ method: 'GET', path: '/repos/acme/app/pulls/7' }, 502);
      const { data } = await getPull();
      expect(data.number).toBe(7);
      expect(countRequests(h.gh, 'GET')).toBe(2);
    });

    it('gives up on a read after the configured retries', async () => {
      await start({ client: { retry: { retries: 2, delayUnitMs: 1 } } });
      for (let i = 0; i < 5; i += 1) h.gh.failNext({ method: 'GET' }, 503);
      await expect(getPull()).rejects.toMatchObject({ status: 503 });
      expect(countRequests(h.gh, 'GET')).toBe(3);
    });

    it('does not retry a write that failed with a 502: it may have happened', async () => {
      await start();
      h.gh.failNext({ method: 'POST' }, 502);
      await expect(comment()).rejects.toMatchObject({ status: 502 });
      expect(countRequests(h.gh, 'POST')).toBe(1);
    });

    it('retries idempotent writes that failed with a 502: completing a check run, editing a comment, adding labels, a reaction', async () => {
      await start();
      const run = await h.octokit.rest.checks.create({ owner: 'acme', repo: 'app', name: 'n', head_sha: HEAD_SHA, status: 'in_progress' });
      h.gh.failNext({ method: 'PATCH' }, 502);
      await h.octokit.rest.checks.update({
        owner: 'acme',
        repo: 'app',
        check_run_id: run.data.id,
        status: 'completed',
        conclusion: 'neutral',
        output: { title: 't', summary: 's' }
      });
      expect(h.gh.state.repo('acme', 'app')?.checkRuns.get(run.data.id)).toMatchObject({ status: 'completed', conclusion: 'neutral' });

      const { data: posted } = await comment();
      h.gh.failNext({ method: 'PATCH' }, 503);
      await h.octokit.rest.issues.updateComment({ owner: 'acme', repo: 'app', comment_id: posted.id, body: 'edited' });
      h.gh.failNext({ method: 'POST', path: /\/labels$/ }, 502);
      await h.octokit.rest.issues.addLabels({ owner: 'acme', repo: 'app', issue_number: 7, labels: ['bug'] });
      h.gh.failNext({ method: 'POST', path: /\/reactions$/ }, 502);
      await h.octokit.rest.reactions.createForIssueComment({ owner: 'acme', repo: 'app', comment_id: posted.id, content: 'eyes' });
      expect(countRequests(h.gh, 'PATCH')).toBe(4);
      expect(countRequests(h.gh, 'POST', /\/labels$/)).toBe(2);
      expect(countRequests(h.gh, 'POST', /\/reactions$/)).toBe(2);
    });

    it('does not retry creating a check run, a review, or a check run update that appends annotations', async () => {
      await start();
      h.gh.failNext({ method: 'POST', path: /\/check-runs$/ }, 502);
      await expect(h.octokit.rest.checks.create({ owner: 'acme', repo: 'app', name: 'n', head_sha: HEAD_SHA })).rejects.toMatchObject({ status: 502 });
      h.gh.failNext({ method: 'POST', path: /\/reviews$/ }, 502);
      await expect(h.octokit.rest.pulls.createReview({ owner: 'acme', repo: 'app', pull_number: 7, event: 'COMMENT', body: 'b' })).rejects.toMatchObject({
        status: 502
      });
      const run = await h.octokit.rest.checks.create({ owner: 'acme', repo: 'app', name: 'n', head_sha: HEAD_SHA });
      h.gh.failNext({ method: 'PATCH' }, 502);
      const annotations = [{ path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'warning' as const, message: 'm' }];
      await expect(
        h.octokit.rest.checks.update({ owner: 'acme', repo: 'app', check_run_id: run.data.id, output: { title: 't', summary: 's', annotations } })
      ).rejects.toMatchObject({ status: 502 });
      expect(countRequests(h.gh, 'POST')).toBe(3);
      expect(countRequests(h.gh, 'PATCH')).toBe(1);
    });

    it('does not retry a 404 or a 422', async () => {
      await start();
      await expect(h.octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 99 })).rejects.toMatchObject({ status: 404 });
      h.gh.failNext({ method: 'GET' }, 422);
      await expect(getPull()).rejects.toMatchObject({ status: 422 });
      expect(countRequests(h.gh, 'GET')).toBe(2);
    });
  });

  describe('rate limits', () => {
    it('waits out a secondary rate limit for its retry-after and succeeds', async () => {
      await start();
      h.gh.failNext({ method: 'POST' }, 403, SECONDARY, { 'retry-after': '1' });
      const { data } = await comment();
      expect(data.body).toBe('hi');
      const [first, second] = h.gh.requests;
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
      // Retried once, so exactly one comment exists.
      expect(h.gh.state.repo('acme', 'app')?.issueComments).toHaveLength(1);
      expect(h.logs.some((l) => l.startsWith('warn: GitHub secondary rate limit on POST') && l.includes('waiting 1s'))).toBe(true);
    });

    it('fails at once when the limit asks for longer than the maximum wait', async () => {
      await start({ client: { rateLimit: { maxWaitSeconds: 30 } } });
      h.gh.failNext({ method: 'GET' }, 403, SECONDARY, { 'retry-after': '120' });
      // Waiting 120 s would outlast the test's timeout; one request and the log line show it gave up at once.
      await expect(getPull()).rejects.toMatchObject({ status: 403 });
      expect(countRequests(h.gh, 'GET')).toBe(1);
      expect(h.logs.some((l) => l.includes('giving up') && l.includes('120s'))).toBe(true);
    });

    it('stops after the configured number of rate-limit retries', async () => {
      await start({ client: { rateLimit: { maxRetries: 2, secondMs: 10 } } });
      for (let i = 0; i < 4; i += 1) h.gh.failNext({ method: 'GET' }, 403, SECONDARY, { 'retry-after': '1' });
      await expect(getPull()).rejects.toMatchObject({ status: 403 });
      expect(countRequests(h.gh, 'GET')).toBe(3);
    });

    it('waits for x-ratelimit-reset when the primary limit is spent', async () => {
      await start({ client: { rateLimit: { secondMs: 10 } } });
      const reset = String(Math.floor(Date.now() / 1000));
      h.gh.failNext(
        { method: 'GET' },
        403,
        { message: 'API rate limit exceeded for installation ID 1.', status: '403' },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': reset
        }
      );
      const { data } = await getPull();
      expect(data.number).toBe(7);
      expect(countRequests(h.gh, 'GET')).toBe(2);
      expect(h.logs.some((l) => l.startsWith('warn: GitHub primary rate limit'))).toBe(true);
    });

    it('spaces writes a second apart unless told otherwise', async () => {
      await start({ client: { rateLimit: { spaceWrites: true } } });
      const run = await h.octokit.rest.checks.create({ owner: 'acme', repo: 'app', name: 'n', head_sha: HEAD_SHA });
      await h.octokit.rest.checks.update({ owner: 'acme', repo: 'app', check_run_id: run.data.id, status: 'in_progress' });
      const [create, update] = h.gh.requests;
      expect((update?.at ?? 0) - (create?.at ?? 0)).toBeGreaterThanOrEqual(900);
    });
  });

  describe('configuration', () => {
    it('takes the API root from GITHUB_API_URL, GitHub Enterprise Server included', () => {
      expect(apiUrlFromEnv({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/' })).toBe('https://ghe.example.com/api/v3');
      expect(apiUrlFromEnv({})).toBe('https://api.github.com');
    });

    it('talks to an API served under /api/v3 when GITHUB_API_URL points there', async () => {
      const ghes = await startFakeGitHub({ pathPrefix: '/api/v3' });
      const saved = process.env.GITHUB_API_URL;
      try {
        ghes.state.addRepo({ owner: 'acme', repo: 'app', defaultBranch: 'trunk' });
        process.env.GITHUB_API_URL = ghes.url;
        const octokit = createOctokit({ token: ghes.token, userAgent: 'loopkit-test', rateLimit: { spaceWrites: false } });
        const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'app' });
        expect(data.default_branch).toBe('trunk');
        expect(ghes.requests[0]?.headers['user-agent']).toMatch(/^loopkit-test /);
      } finally {
        if (saved === undefined) delete process.env.GITHUB_API_URL;
        else process.env.GITHUB_API_URL = saved;
        await ghes.close();
      }
    });

    it('sends the token and refuses to start without one', async () => {
      await start();
      await getPull();
      expect(h.gh.requests[0]?.headers.authorization).toBe(`token ${h.gh.token}`);
      expect(() => createOctokit({ token: '' })).toThrow(/token is required/);
    });

    it('logs each request at debug level, failures included: the thrown error is the caller’s to judge', async () => {
      await start();
      await getPull();
      await h.octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 404 }).catch(() => undefined);
      expect(h.logs.filter((l) => / - \d{3} with id /.test(l))).toEqual([
        expect.stringMatching(/^debug: GET \/repos\/acme\/app\/pulls\/7 - 200 with id FAKE:1 in \d+ms$/),
        expect.stringMatching(/^debug: GET \/repos\/acme\/app\/pulls\/404 - 404 with id FAKE:2 in \d+ms$/)
      ]);
      h.octokit.log.error('something else');
      expect(h.logs).toContain('error: something else');
    });

    it('never lets the token into a log line', async () => {
      await start();
      await getPull();
      await h.octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 404 }).catch((e: unknown) => expect(httpStatus(e)).toBe(404));
      h.octokit.log.debug('leaky plugin', { headers: { authorization: `token ${h.gh.token}` } });
      expect(h.logs.length).toBeGreaterThan(3);
      expect(h.logs.filter((l) => l.includes(h.gh.token))).toEqual([]);
      expect(h.logs.some((l) => l.includes('leaky plugin') && l.includes('token ***'))).toBe(true);
    });
  });

  test("an aborted request's error passes the redaction untouched (a DOMException's message cannot be assigned)", () => {
    const redactor = new Redactor();
    redactor.add('ghs_secret_token_value');
    const aborted = new DOMException('This operation was aborted', 'AbortError');
    expect(withoutSecrets(aborted, redactor)).toBe(aborted);
    const echoed = Object.assign(new Error('proxy said: bad token ghs_secret_token_value'), { response: { data: { token: 'ghs_secret_token_value' } } });
    expect(withoutSecrets(echoed, redactor)).toMatchObject({
      message: expect.not.stringContaining('ghs_secret'),
      response: { data: { token: expect.not.stringContaining('ghs_secret') } }
    });
  });
});
