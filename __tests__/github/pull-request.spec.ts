import { GitHubFileReader, readPullRequest } from '../../src/github/pull-request.js';
import type { FakeRepo } from '../fakes/github-server.js';
import { BASE_SHA, countRequests, HEAD_SHA, startHarness, TWO_HUNKS, type Harness } from './setup.js';

describe('github/pull-request', () => {
  let h: Harness;
  let repo: FakeRepo;

  beforeEach(async () => {
    h = await startHarness();
    repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
  });

  afterEach(() => h.gh.close());

  describe('readPullRequest', () => {
    it('reads every page of 250 files and the pull request fields', async () => {
      const files = Array.from({ length: 247 }, (_, i) => ({ filename: `src/f${i}.ts`, patch: TWO_HUNKS }));
      repo.addPull({
        number: 12,
        title: 'Add things',
        body: 'Why <!-- keep -->',
        user: { login: 'mona', type: 'User' },
        draft: true,
        labels: ['bug', 'loopkit'],
        base: { ref: 'main', sha: BASE_SHA },
        head: { ref: 'feature/x', sha: HEAD_SHA },
        files: [
          ...files,
          { filename: 'src/new-name.ts', status: 'renamed', previous_filename: 'src/old-name.ts', patch: '@@ -1 +1 @@\n-a\n+b' },
          { filename: 'src/gone.ts', status: 'removed', deletions: 30 },
          { filename: 'assets/logo.png', status: 'added' }
        ]
      });

      const pr = await readPullRequest(h.octokit, { owner: 'acme', repo: 'app', number: 12 });

      expect(countRequests(h.gh, 'GET', /\/files$/)).toBe(3);
      expect(pr).toMatchObject({
        number: 12,
        title: 'Add things',
        body: 'Why <!-- keep -->',
        author: 'mona',
        draft: true,
        labels: ['bug', 'loopkit'],
        baseRef: 'main',
        baseSha: BASE_SHA,
        headRef: 'feature/x',
        headSha: HEAD_SHA,
        fork: false,
        filesTotal: 250
      });
      expect(pr.url).toMatch(/\/acme\/app\/pull\/12$/);
      expect(pr.files).toHaveLength(250);
      expect(pr.files[0]).toEqual({ path: 'src/f0.ts', status: 'modified', additions: 3, deletions: 1, patch: TWO_HUNKS });
      expect(pr.files.slice(-3)).toEqual([
        { path: 'src/new-name.ts', previousPath: 'src/old-name.ts', status: 'renamed', additions: 1, deletions: 1, patch: '@@ -1 +1 @@\n-a\n+b' },
        { path: 'src/gone.ts', status: 'removed', additions: 0, deletions: 30 },
        { path: 'assets/logo.png', status: 'added', additions: 0, deletions: 0 }
      ]);
    });

    it('keeps the full count when GitHub lists only the first 3,000 files', async () => {
      repo.addPull({ number: 13, files: Array.from({ length: 3001 }, (_, i) => ({ filename: `f${i}` })) });
      const pr = await readPullRequest(h.octokit, { owner: 'acme', repo: 'app', number: 13 });
      expect(pr.files).toHaveLength(3000);
      expect(pr.filesTotal).toBe(3001);
      expect(countRequests(h.gh, 'GET', /\/files$/)).toBe(30);
    });

    it('calls a pull request from another repository a fork, a deleted fork too', async () => {
      repo.addPull({ number: 14, head: { repo: 'mona/app' } });
      repo.addPull({ number: 15, head: { repo: null }, body: null });
      const fromFork = await readPullRequest(h.octokit, { owner: 'acme', repo: 'app', number: 14 });
      const fromDeleted = await readPullRequest(h.octokit, { owner: 'acme', repo: 'app', number: 15 });
      expect(fromFork.fork).toBe(true);
      expect(fromDeleted.fork).toBe(true);
      expect(fromDeleted.body).toBe('');
    });
  });

  describe('GitHubFileReader', () => {
    let reader: GitHubFileReader;

    beforeEach(() => {
      reader = new GitHubFileReader(h.octokit, { owner: 'acme', repo: 'app' });
    });

    it('decodes base64 content at the ref, non-ASCII included', async () => {
      const text = 'const greeting = "héllo — 世界";\n'.repeat(20);
      repo.setFile(HEAD_SHA, 'src/deep/greet.ts', text);
      repo.setFile(BASE_SHA, 'src/deep/greet.ts', 'old');
      expect(await reader.read('src/deep/greet.ts', HEAD_SHA)).toBe(text);
      expect(await reader.read('src/deep/greet.ts', BASE_SHA)).toBe('old');
    });

    it('answers null for a missing file', async () => {
      repo.setFile(HEAD_SHA, 'a.ts', 'a');
      expect(await reader.read('missing.ts', HEAD_SHA)).toBeNull();
    });

    it('answers null for binary content and for a directory', async () => {
      repo.setFile(HEAD_SHA, 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
      repo.setFile(HEAD_SHA, 'dir/inner.ts', 'x');
      expect(await reader.read('logo.png', HEAD_SHA)).toBeNull();
      expect(await reader.read('dir', HEAD_SHA)).toBeNull();
    });

    it('reads every file asked for in one turn with one GraphQL request, paths as variables', async () => {
      const paths = Array.from({ length: 30 }, (_, i) => `src/f${i}.ts`);
      for (const p of paths) repo.setFile(HEAD_SHA, p, `// ${p}`);
      repo.setFile(HEAD_SHA, 'src/odd") { x } #.ts', 'odd');
      const texts = await Promise.all([...paths, 'src/odd") { x } #.ts', 'missing.ts'].map((p) => reader.read(p, HEAD_SHA)));
      expect(texts).toEqual([...paths.map((p) => `// ${p}`), 'odd', null]);
      expect(h.gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql']);
    });

    it('fetches each path and ref once, concurrent readers included', async () => {
      repo.setFile(HEAD_SHA, 'a.ts', 'a');
      const [first, second] = await Promise.all([reader.read('a.ts', HEAD_SHA), reader.read('a.ts', HEAD_SHA)]);
      await reader.read('a.ts', HEAD_SHA);
      await reader.read('missing.ts', HEAD_SHA);
      await reader.read('missing.ts', HEAD_SHA);
      expect([first, second]).toEqual(['a', 'a']);
      expect(countRequests(h.gh, 'POST', /graphql$/)).toBe(2);
    });

    it('asks again after a failure instead of remembering it', async () => {
      repo.setFile(HEAD_SHA, 'a.ts', 'a');
      h.gh.failNext({ method: 'POST', path: '/graphql' }, 403, { message: 'Resource not accessible by integration', status: '403' });
      await expect(reader.read('a.ts', HEAD_SHA)).rejects.toMatchObject({ status: 403 });
      expect(await reader.read('a.ts', HEAD_SHA)).toBe('a');
    });
  });
});
