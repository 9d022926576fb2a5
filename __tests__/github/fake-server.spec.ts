/**
 * The fake's own rules, exercised with plain fetch so they do not lean on the code under test.
 */
import { startFakeGitHub, type FakeGitHub, type FakeRepo } from '../fakes/github-server.js';
import { BASE_SHA, HEAD_SHA, TWO_HUNKS } from './setup.js';

describe('github/fake-server', () => {
  let gh: FakeGitHub;
  let repo: FakeRepo;

  beforeEach(async () => {
    gh = await startFakeGitHub({ token: 't0ken' });
    repo = gh.state.addRepo({ owner: 'acme', repo: 'app' });
    repo.addPull({ number: 7, head: { sha: HEAD_SHA }, base: { sha: BASE_SHA }, files: [{ filename: 'src/a.ts', patch: TWO_HUNKS }] });
  });

  afterEach(() => gh.close());

  async function api(method: string, path: string, body?: unknown, auth = 'token t0ken') {
    const response = await fetch(`${gh.url}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  const review = (comments: unknown[], extra: Record<string, unknown> = {}) =>
    api('POST', '/repos/acme/app/pulls/7/reviews', { event: 'COMMENT', body: 'summary', commit_id: HEAD_SHA, comments, ...extra });

  describe('authentication', () => {
    it('answers 401 Bad credentials to a wrong token and 401 to none', async () => {
      const wrong = await api('GET', '/repos/acme/app', undefined, 'token nope');
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ message: 'Bad credentials', status: '401' });
      const none = await fetch(`${gh.url}/repos/acme/app`);
      expect(none.status).toBe(401);
    });

    it('accepts the token with either scheme', async () => {
      expect((await api('GET', '/repos/acme/app', undefined, 'Bearer t0ken')).status).toBe(200);
      expect((await api('GET', '/repos/acme/app', undefined, 'token t0ken')).status).toBe(200);
    });
  });

  describe('pagination of pull request files', () => {
    beforeEach(() => {
      const files = Array.from({ length: 250 }, (_, i) => ({ filename: `f${i}.ts`, patch: '@@ -0,0 +1 @@\n+x' }));
      repo.addPull({ number: 8, files });
    });

    it('pages with Link rel=next/last and caps per_page at 100', async () => {
      const first = await api('GET', '/repos/acme/app/pulls/8/files?per_page=500');
      expect(first.body).toHaveLength(100);
      const link = first.headers.get('link') ?? '';
      expect(link).toContain('page=2>; rel="next"');
      expect(link).toContain('page=3>; rel="last"');
      expect(link).not.toContain('rel="prev"');

      const last = await api('GET', '/repos/acme/app/pulls/8/files?per_page=100&page=3');
      expect(last.body).toHaveLength(50);
      expect(last.headers.get('link')).toContain('rel="prev"');
      expect(last.headers.get('link')).not.toContain('rel="next"');
    });

    it('defaults to 30 per page', async () => {
      const page = await api('GET', '/repos/acme/app/pulls/8/files');
      expect(page.body).toHaveLength(30);
      expect(page.headers.get('link')).toContain('page=9>; rel="last"');
    });

    it('lists no more than 3,000 files while changed_files counts them all', async () => {
      repo.addPull({ number: 9, files: Array.from({ length: 3005 }, (_, i) => ({ filename: `g${i}.ts` })) });
      const pr = await api('GET', '/repos/acme/app/pulls/9');
      expect(pr.body.changed_files).toBe(3005);
      const last = await api('GET', '/repos/acme/app/pulls/9/files?per_page=100&page=30');
      expect(last.body).toHaveLength(100);
      expect(last.headers.get('link')).not.toContain('rel="next"');
      expect((await api('GET', '/repos/acme/app/pulls/9/files?per_page=100&page=31')).body).toHaveLength(0);
    });
  });

  describe('creating a review', () => {
    it('rejects the whole review with GitHub’s 422 shape when one line is outside the hunks', async () => {
      const answer = await review([
        { path: 'src/a.ts', line: 2, side: 'RIGHT', body: 'fine' },
        { path: 'src/a.ts', line: 10, side: 'RIGHT', body: 'outside' }
      ]);
      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({
        message: 'Unprocessable Entity',
        errors: ['Line could not be resolved'],
        documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
        status: '422'
      });
      const pull = repo.pulls.get(7);
      expect(pull?.reviews).toHaveLength(0);
      expect(pull?.reviewComments).toHaveLength(0);
    });

    it('accepts added and context lines on RIGHT, deleted and context lines on LEFT', async () => {
      const ok = await review([
        { path: 'src/a.ts', line: 3, side: 'RIGHT', body: 'added' },
        { path: 'src/a.ts', line: 24, side: 'RIGHT', body: 'context in hunk 2' },
        { path: 'src/a.ts', line: 2, side: 'LEFT', body: 'deleted' },
        { path: 'src/a.ts', line: 20, side: 'LEFT', body: 'old context' },
        { path: 'src/a.ts', start_line: 1, line: 5, side: 'RIGHT', body: 'range' }
      ]);
      expect(ok.status).toBe(200);
      expect(repo.pulls.get(7)?.reviewComments.map((c) => [c.line, c.side, c.position])).toEqual([
        [3, 'RIGHT', 4],
        [24, 'RIGHT', 11],
        [2, 'LEFT', 2],
        [20, 'LEFT', 8],
        [5, 'RIGHT', 6]
      ]);
    });

    it('refuses a LEFT comment on a line that only exists on the new side', async () => {
      // Old file has no line 5 in the first hunk (it ends at old line 4).
      expect((await review([{ path: 'src/a.ts', line: 5, side: 'LEFT', body: 'x' }])).status).toBe(422);
    });

    it('words range problems as GitHub does', async () => {
      const crossing = await review([{ path: 'src/a.ts', start_line: 4, line: 22, side: 'RIGHT', body: 'x' }]);
      expect(crossing.body.errors).toEqual(['Pull request review thread start line must be part of the same hunk as the line.']);
      const backwards = await review([{ path: 'src/a.ts', start_line: 3, line: 3, side: 'RIGHT', body: 'x' }]);
      expect(backwards.body.errors).toEqual(['Pull request review thread start line must precede the end line.']);
    });

    it('refuses paths outside the pull request and commits other than the head', async () => {
      const path = await review([{ path: 'src/other.ts', line: 1, side: 'RIGHT', body: 'x' }]);
      expect(path.body.errors).toEqual(['Pull request review thread path is invalid']);
      const commit = await review([], { commit_id: 'c'.repeat(40) });
      expect(commit.status).toBe(422);
      expect(commit.body.errors).toEqual(['The commitOID is not part of the pull request']);
    });

    it('refuses any comment on a file without a patch', async () => {
      repo.addPull({ number: 11, files: [{ filename: 'logo.png', status: 'added' }] });
      const answer = await api('POST', '/repos/acme/app/pulls/11/reviews', {
        event: 'COMMENT',
        comments: [{ path: 'logo.png', line: 1, side: 'RIGHT', body: 'x' }]
      });
      expect(answer.body.errors).toEqual(['Line could not be resolved']);
    });

    it('stores bodies with HTML comments as they are and gives comments ids', async () => {
      const body = 'Found it <!-- loopkit:finding:abc123 -->';
      const answer = await review([{ path: 'src/a.ts', line: 2, side: 'RIGHT', body }], { body: '<!-- loopkit:summary:x -->\nsum' });
      expect(answer.body).toMatchObject({ state: 'COMMENTED', body: '<!-- loopkit:summary:x -->\nsum', commit_id: HEAD_SHA });
      const listed = await api('GET', `/repos/acme/app/pulls/7/reviews/${String(answer.body.id)}/comments`);
      expect(listed.body).toEqual([expect.objectContaining({ id: expect.any(Number), body, path: 'src/a.ts', line: 2 })]);
    });
  });

  describe('creating a single review comment', () => {
    it('answers Validation Failed with field errors', async () => {
      const answer = await api('POST', '/repos/acme/app/pulls/7/comments', {
        commit_id: HEAD_SHA,
        path: 'src/a.ts',
        line: 10,
        side: 'RIGHT',
        body: 'x'
      });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        message: 'Validation Failed',
        errors: [
          {
            resource: 'PullRequestReviewComment',
            code: 'custom',
            field: 'pull_request_review_thread.line',
            message: 'pull_request_review_thread.line must be part of the diff'
          }
        ]
      });
    });

    it('requires commit_id', async () => {
      const answer = await api('POST', '/repos/acme/app/pulls/7/comments', { path: 'src/a.ts', line: 2, body: 'x' });
      expect(answer.body.message).toBe('Invalid request.\n\n"commit_id" wasn\'t supplied.');
    });
  });

  describe('check runs', () => {
    const annotation = (i: number) => ({ path: 'src/a.ts', start_line: i, end_line: i, annotation_level: 'warning', message: `m${i}` });
    const create = (body: Record<string, unknown>) => api('POST', '/repos/acme/app/check-runs', body);

    it('requires name and head_sha', async () => {
      const answer = await create({ status: 'in_progress' });
      expect(answer.status).toBe(422);
      expect(answer.body.message).toBe('Invalid request.\n\n"head_sha", "name" weren\'t supplied.');
    });

    it('refuses 51 annotations in one request with GitHub’s message', async () => {
      const answer = await create({
        name: 'loopkit',
        head_sha: HEAD_SHA,
        output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, (_, i) => annotation(i + 1)) }
      });
      expect(answer.status).toBe(422);
      expect(answer.body.message).toBe('Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.');
      expect(repo.checkRuns.size).toBe(0);
    });

    it('appends the annotations of each update', async () => {
      const run = await create({ name: 'loopkit', head_sha: HEAD_SHA, output: { title: 't', summary: 's', annotations: [annotation(1)] } });
      const id = String(run.body.id);
      await api('PATCH', `/repos/acme/app/check-runs/${id}`, { output: { title: 't', summary: 's', annotations: [annotation(2), annotation(3)] } });
      expect(repo.checkRuns.get(Number(id))?.annotations.map((a) => a.message)).toEqual(['m1', 'm2', 'm3']);
    });

    it('needs a conclusion to complete, title and summary for output, and valid annotations', async () => {
      const id = String((await create({ name: 'loopkit', head_sha: HEAD_SHA })).body.id);
      const patch = (body: Record<string, unknown>) => api('PATCH', `/repos/acme/app/check-runs/${id}`, body);
      expect((await patch({ status: 'completed' })).body.message).toBe('Invalid request.\n\n"conclusion" wasn\'t supplied.');
      expect((await patch({ output: { title: 't' } })).body.message).toBe('Invalid request.\n\n"summary" wasn\'t supplied.');
      const partial = await patch({ output: { title: 't', summary: 's', annotations: [{ start_line: 1, end_line: 1, message: 'm' }] } });
      expect(partial.body.message).toBe('Invalid request.\n\n"annotation_level", "path" weren\'t supplied.');
      const done = await patch({ conclusion: 'neutral' });
      expect(done.body).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    });

    it('limits summary to 65,535 characters and 65,535 bytes', async () => {
      const tooMany = await create({ name: 'n', head_sha: HEAD_SHA, output: { title: 't', summary: 'x'.repeat(65536) } });
      expect(tooMany.body.message).toBe('Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.');
      const tooBig = await create({ name: 'n', head_sha: HEAD_SHA, output: { title: 't', summary: 'é'.repeat(40000) } });
      expect(tooBig.body).toMatchObject({
        message: 'Validation Failed',
        errors: [{ resource: 'CheckRun', code: 'custom', field: 'summary', message: 'summary exceeds a maximum bytesize of 65535' }]
      });
    });
  });

  describe('issue comments', () => {
    it('creates, lists and edits, refusing bodies over 65,536 characters', async () => {
      const created = await api('POST', '/repos/acme/app/issues/7/comments', { body: 'hello' });
      expect(created.status).toBe(201);
      const id = String(created.body.id);
      const edited = await api('PATCH', `/repos/acme/app/issues/comments/${id}`, { body: 'bye' });
      expect(edited.body.body).toBe('bye');
      expect((await api('GET', '/repos/acme/app/issues/7/comments')).body).toEqual([expect.objectContaining({ body: 'bye' })]);
      const tooLong = await api('PATCH', `/repos/acme/app/issues/comments/${id}`, { body: 'x'.repeat(65537) });
      expect(tooLong.body).toMatchObject({
        message: 'Validation Failed',
        errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: 'Body is too long (maximum is 65536 characters)' }]
      });
    });
  });

  describe('contents', () => {
    it('answers base64 wrapped at 60 characters, 404 when absent, encoding none above 1 MB', async () => {
      const text = 'export const answer = 42;\n'.repeat(10);
      repo.setFile(HEAD_SHA, 'src/deep/a.ts', text);
      repo.setFile(HEAD_SHA, 'big.txt', 'x'.repeat(1024 * 1024 + 1));
      const file = await api('GET', `/repos/acme/app/contents/src%2Fdeep%2Fa.ts?ref=${HEAD_SHA}`);
      expect(file.body).toMatchObject({ type: 'file', encoding: 'base64', path: 'src/deep/a.ts' });
      const content = String(file.body.content);
      expect(content.split('\n')[0]).toHaveLength(60);
      expect(Buffer.from(content, 'base64').toString('utf8')).toBe(text);
      expect((await api('GET', `/repos/acme/app/contents/src/deep/a.ts?ref=${BASE_SHA}`)).status).toBe(404);
      expect((await api('GET', `/repos/acme/app/contents/src/missing.ts?ref=${HEAD_SHA}`)).status).toBe(404);
      expect((await api('GET', `/repos/acme/app/contents/big.txt?ref=${HEAD_SHA}`)).body).toMatchObject({ encoding: 'none', content: '' });
      expect((await api('GET', `/repos/acme/app/contents/src?ref=${HEAD_SHA}`)).body).toEqual([{ type: 'dir', name: 'deep', path: 'src/deep' }]);
    });
  });

  describe('compare', () => {
    beforeEach(() => {
      repo.addCommit({ sha: 'c1' });
      repo.addCommit({ sha: 'c2', parents: ['c1'], files: [{ filename: 'a.ts', patch: '@@ -1 +1 @@\n-a\n+b' }] });
      repo.addCommit({ sha: 'c3', parents: ['c2'], files: [{ filename: 'a.ts', patch: '@@ -1 +1 @@\n-b\n+c' }] });
      repo.addCommit({ sha: 'd2', parents: ['c1'] });
      repo.setBranch('main', 'd2');
    });

    it('reports ahead, behind, diverged and identical', async () => {
      const status = async (range: string) => (await api('GET', `/repos/acme/app/compare/${range}`)).body;
      expect(await status('c1...c3')).toMatchObject({ status: 'ahead', ahead_by: 2, behind_by: 0 });
      expect(await status('c3...c1')).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 2 });
      expect(await status('main...c3')).toMatchObject({ status: 'diverged', ahead_by: 2, behind_by: 1, merge_base_commit: { sha: 'c1' } });
      expect(await status('c2...c2')).toMatchObject({ status: 'identical', ahead_by: 0 });
      const files = (await status('c1...c3')).files as { filename: string; patch: string }[];
      expect(files).toEqual([expect.objectContaining({ filename: 'a.ts', patch: '@@ -1 +1 @@\n-b\n+c' })]);
      expect((await api('GET', '/repos/acme/app/compare/c1...nope')).status).toBe(404);
    });
  });

  describe('failure injection and recording', () => {
    it('fails the next matching request once, with the given status, body and headers', async () => {
      gh.failNext({ method: 'GET', path: /\/pulls\/7$/ }, 502);
      gh.failNext({ path: '/repos/acme/app' }, 403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '3' });
      const failed = await api('GET', '/repos/acme/app/pulls/7');
      expect(failed.status).toBe(502);
      expect((await api('GET', '/repos/acme/app/pulls/7')).status).toBe(200);
      const limited = await api('GET', '/repos/acme/app');
      expect(limited.status).toBe(403);
      expect(limited.headers.get('retry-after')).toBe('3');
      expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/app/pulls/7', 'GET /repos/acme/app/pulls/7', 'GET /repos/acme/app']);
    });

    it('serves under a path prefix, as GitHub Enterprise Server does', async () => {
      const ghes = await startFakeGitHub({ token: 't', pathPrefix: '/api/v3' });
      try {
        ghes.state.addRepo({ owner: 'acme', repo: 'app' });
        expect(ghes.url).toMatch(/\/api\/v3$/);
        const answer = await fetch(`${ghes.url}/repos/acme/app`, { headers: { authorization: 'token t' } });
        expect(answer.status).toBe(200);
        expect(ghes.requests[0]?.path).toBe('/repos/acme/app');
      } finally {
        await ghes.close();
      }
    });
  });
});
