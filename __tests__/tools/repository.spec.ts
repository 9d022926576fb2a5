/**
 * The repository tools over a real git checkout and over the GitHub API (the fake): reads at the
 * head and base commits, listing, search, confinement (`..`, absolute paths, symbolic links out,
 * untracked files), and the caps, timeouts and records of the Toolbox.
 */
import { GitHubRepositoryReader } from '../../src/github/repository-reader.js';
import type { Connector } from '../../src/loop/schema.js';
import { Toolbox, type RepoNode, type RepositoryAccess, type RepositoryReader } from '../../src/tools/index.js';
import { startHarness, type Harness } from '../github/setup.js';
import { makeGitFixture, type GitFixture } from './git-fixture.js';
import { Redactor } from '../../src/guard/index.js';

describe('tools/repository', () => {
  let fixture: GitFixture;
  beforeAll(() => {
    fixture = makeGitFixture();
  });
  afterAll(() => fixture.remove());

  const quiet = { info: () => undefined, warn: () => undefined };
  const mcpOptions = { env: {}, mask: () => undefined, redactor: new Redactor(), clientVersion: 'test' };

  /** A reader the checkout must never need: any read through it fails the test. */
  const unusedReader: RepositoryReader = {
    read: () => Promise.reject(new Error('the API was read although the checkout holds the commit'))
  };

  async function toolbox(connector: Partial<Extract<Connector, { type: 'repository' }>>, access: Partial<RepositoryAccess> = {}) {
    return Toolbox.open({
      connectors: [{ type: 'repository', timeoutSeconds: 20, maxResultBytes: 16_000, ...connector }],
      writesAllowed: false,
      repository: { head: fixture.head, base: fixture.base, checkout: fixture.root, reader: unusedReader, ...access },
      mcp: mcpOptions,
      log: quiet
    });
  }

  const read = (path: string, ref: 'head' | 'base' = 'head', startLine: number | null = null, endLine: number | null = null) => ({
    path,
    ref,
    startLine,
    endLine
  });

  describe('over the checkout', () => {
    it('reads a file at the head and at the base commit, whole or a line range, numbered', async () => {
      const tools = (await toolbox({})).forAgent('checker')!;
      expect(tools.specs.map((s) => s.name)).toEqual(['read_file', 'list_dir', 'search_code']);
      const head = await tools.call('read_file', read('src/index.ts'));
      expect(head).toMatchObject({ isError: false, truncated: false });
      expect(head.text).toContain('2\texport const version = 2;');
      expect((await tools.call('read_file', read('src/index.ts', 'base'))).text).toContain('1\texport const version = 1;');
      const range = await tools.call('read_file', read('src/index.ts', 'head', 3, 4));
      expect(range.text).toBe('src/index.ts at head, lines 3-4 of 5:\n3\texport function run() {\n4\t  return lock();');
      expect((await tools.call('read_file', read('src/util/lock.ts', 'base'))).text).toMatch(/does not exist at this commit/);
    });

    it('lists a folder and the root, and searches with a fixed string or a regular expression', async () => {
      const tools = (await toolbox({})).forAgent('maker')!;
      expect((await tools.call('list_dir', { path: '', ref: 'head' })).text).toBe(
        '(repository root) at head: 4 entries\nsrc/\nabs-link (symbolic link)\nlogo.bin\nREADME.md'
      );
      expect((await tools.call('list_dir', { path: 'src', ref: 'head' })).text).toContain('util/\nescape (symbolic link)\nindex.ts');
      const fixed = await tools.call('search_code', { query: 'lock()', regex: false, path: null, ref: 'head' });
      expect(fixed.text).toBe('2 matches at head:\nsrc/index.ts:4:   return lock();\nsrc/util/lock.ts:1: export function lock() {');
      const regex = await tools.call('search_code', { query: 'version = \\d', regex: true, path: 'src', ref: 'base' });
      expect(regex.text).toBe('1 match at base:\nsrc/index.ts:1: export const version = 1;');
      expect((await tools.call('search_code', { query: 'npm_secret', regex: false, path: null, ref: 'head' })).text).toMatch(/^no match/);
    });

    it('refuses paths out of the repository: "..", absolute paths, symbolic links out; follows a link inside', async () => {
      const tools = (await toolbox({})).forAgent('checker')!;
      const refusals = await Promise.all(
        [read('../etc/passwd'), read('src/../../x'), read('/etc/passwd'), read('src/escape'), read('abs-link')].map((a) => tools.call('read_file', a))
      );
      expect(refusals.map((r) => r.isError)).toEqual([true, true, true, true, true]);
      expect(refusals.map((r) => r.text)).toEqual([
        expect.stringMatching(/goes up with "\.\."/),
        expect.stringMatching(/goes up with "\.\."/),
        expect.stringMatching(/is absolute/),
        expect.stringMatching(/"src\/escape" is a symbolic link out of the repository/),
        expect.stringMatching(/"abs-link" is a symbolic link out of the repository/)
      ]);
      expect((await tools.call('read_file', read('src/lock-link.ts'))).text).toContain('src/util/lock.ts at head');
      expect((await tools.call('read_file', read('.npmrc'))).text).toMatch(/does not exist at this commit/);
      expect((await tools.call('read_file', read('logo.bin'))).text).toBe('"logo.bin" is a binary file of 5 bytes.');
      expect((await tools.call('search_code', { query: '(a+)+', regex: true, path: null, ref: 'head' })).text).toMatch(/can run for ever/);
      expect((await tools.call('read_file', { path: 'src/index.ts' })).text).toMatch(/^bad arguments: ref/);
    });
  });

  describe('through the API when the checkout does not hold the commit', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await startHarness();
    });
    afterEach(() => h.gh.close());

    it('reads, lists and searches the commit through GitHub', async () => {
      const repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
      const sha = 'c'.repeat(40);
      repo.setFile(sha, 'src/a.ts', 'const a = "needle";\n');
      repo.setFile(sha, 'src/deep/b.ts', 'line\nanother needle\n');
      repo.setFile(sha, 'docs/c.md', 'no\n');
      const reader = new GitHubRepositoryReader(h.octokit, { owner: 'acme', repo: 'app' });
      // The checkout is the fixture, which has no commit cccc…: a pull_request checkout of the merge commit is the same case.
      const tools = (await toolbox({}, { head: sha, reader })).forAgent('checker')!;
      expect((await tools.call('read_file', read('src/a.ts'))).text).toBe('src/a.ts at head, lines 1-1 of 1:\n1\tconst a = "needle";');
      expect((await tools.call('list_dir', { path: 'src', ref: 'head' })).text).toBe('src at head: 2 entries\ndeep/\na.ts');
      expect((await tools.call('search_code', { query: 'needle', regex: false, path: 'src', ref: 'head' })).text).toBe(
        '2 matches at head:\nsrc/a.ts:1: const a = "needle";\nsrc/deep/b.ts:2: another needle'
      );
      expect((await tools.call('read_file', read('src/../../a'))).isError).toBe(true);
    });

    it("describes a file over the contents API's 1 MB, and stops a search at its bound of files with a note", async () => {
      const repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
      const sha = 'e'.repeat(40);
      repo.setFile(sha, 'big/huge.json', 'x'.repeat(1_100_000));
      for (let i = 0; i < 85; i++) repo.setFile(sha, `many/f${String(i).padStart(2, '0')}.ts`, i === 0 ? 'needle\n' : 'hay\n');
      const reader = new GitHubRepositoryReader(h.octokit, { owner: 'acme', repo: 'app' });
      const tools = (await toolbox({ maxCallsPerAgent: 20 }, { head: sha, reader })).forAgent('checker')!;
      expect((await tools.call('read_file', read('big/huge.json'))).text).toBe('"big/huge.json" is 1100000 bytes, too large to read here');
      const search = await tools.call('search_code', { query: 'needle', regex: false, path: 'many', ref: 'head' });
      expect(search.text.split('\n').at(-1)).toBe('(stopped: read 80 files (the limit through the API): narrow the path)');
      expect(search.text).toMatch(/^1 match at head:\nmany\/f00.ts:1: needle\n/);
    });

    it("a backtracking regular expression over a long line ends in the tool's timeout, off the event loop, and the next search works", async () => {
      const repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
      const sha = 'f'.repeat(40);
      // `^(a|aa)*$` tries every way of splitting the a's before it fails on the b: ~10^13 ways for 64.
      repo.setFile(sha, 'src/long.txt', `aaaa\n${'a'.repeat(64)}b\n`);
      const reader = new GitHubRepositoryReader(h.octokit, { owner: 'acme', repo: 'app' });
      const tools = (await toolbox({ timeoutSeconds: 1 }, { head: sha, reader })).forAgent('checker')!;
      const hung = await tools.call('search_code', { query: '^(a|aa)*$', regex: true, path: 'src', ref: 'head' });
      expect(hung).toEqual({ text: 'timed out after 1 s', isError: true, truncated: false });
      // The next search gets a worker of its own, and finds what it should.
      expect((await tools.call('search_code', { query: '^a{2,8}$', regex: true, path: 'src', ref: 'head' })).text).toBe(
        '1 match at head:\nsrc/long.txt:1: aaaa'
      );
    });
  });

  /** A repository held in memory, reached as through GitHub. */
  function memoryReader(nodes: Record<string, RepoNode>, delayMs = 0): RepositoryReader {
    return {
      read: async (path) => {
        // unref: a read the Toolbox gave up on must not keep the test process alive.
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
        return nodes[path] ?? null;
      }
    };
  }

  describe('the Toolbox caps', () => {
    const file = (text: string): RepoNode => ({ kind: 'file', bytes: Buffer.from(text) });
    const access = (reader: RepositoryReader) => ({ head: 'd'.repeat(40), reader, checkout: fixture.root });

    it('refuses a symbolic link out that GitHub reports as a link', async () => {
      const tools = (await toolbox({}, access(memoryReader({ 'a/link': { kind: 'symlink', target: '../../../secret' } })))).forAgent('x')!;
      expect((await tools.call('read_file', read('a/link'))).text).toMatch(/symbolic link out of the repository/);
    });

    it('holds each agent to its calls and the run to its calls, across concurrent calls', async () => {
      const box = await toolbox({ maxCallsPerAgent: 3, maxCalls: 5 }, access(memoryReader({ 'a.ts': file('x') }, 5)));
      const first = box.forAgent('maker-1')!;
      const results = await Promise.all(Array.from({ length: 6 }, () => first.call('read_file', read('a.ts'))));
      expect(results.filter((r) => !r.isError)).toHaveLength(3);
      expect(results.filter((r) => r.isError).map((r) => r.text)).toEqual(
        Array(3).fill('this agent has made its 3 calls of the repository tools: answer with what you have')
      );
      const second = await Promise.all(Array.from({ length: 3 }, () => box.forAgent('maker-2')!.call('read_file', read('a.ts'))));
      expect(second.map((r) => r.isError)).toEqual([false, false, true]);
      expect(second[2]?.text).toMatch(/the run has made its 5 calls/);
    });

    it('caps a result in bytes and says so; times a slow read out; gives tools only to the agents named', async () => {
      const box = await toolbox(
        { maxResultBytes: 300, timeoutSeconds: 0.2, agents: ['checker'] },
        access(memoryReader({ 'big.ts': file('é'.repeat(1000)), 'slow.ts': file('x') }))
      );
      expect(box.forAgent('maker')).toBeUndefined();
      const tools = box.forAgent('checker')!;
      const big = await tools.call('read_file', read('big.ts'));
      expect(big.truncated).toBe(true);
      expect(Buffer.byteLength(big.text)).toBeLessThanOrEqual(300);
      expect(big.text).toMatch(/\[… cut: the result is \d+ bytes, over this tool's limit of 300/);
      expect(big.text).not.toContain('\uFFFD');

      const slow = await (
        await toolbox({ timeoutSeconds: 0.2 }, access(memoryReader({ 'slow.ts': file('x') }, 5_000)))
      )
        .forAgent('checker')!
        .call('read_file', read('slow.ts'));
      expect(slow).toEqual({ text: 'timed out after 0.2 s', isError: true, truncated: false });
      expect((await tools.call('nope', {})).text).toBe('there is no tool "nope"; the tools are read_file, list_dir, search_code');
    });

    it('offers only the tools the connector names; without a commit to read it is a failure the run goes on without', async () => {
      expect((await toolbox({ tools: ['read_file'] })).forAgent('x')!.specs.map((s) => s.name)).toEqual(['read_file']);
      const box = await Toolbox.open({
        connectors: [{ type: 'repository', timeoutSeconds: 20, maxResultBytes: 16_000 }],
        writesAllowed: false,
        mcp: mcpOptions,
        log: quiet
      });
      expect(box.failures).toEqual([{ connector: 'repository', required: false, error: expect.stringMatching(/need a commit/) }]);
      expect(box.partial).toBe(false);
      expect(box.forAgent('x')).toBeUndefined();
    });
  });
});
