import { captureRunnerOutput, type RunnerOutput } from '../helpers/runner-output.js';
import * as cache from '@actions/cache';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { actionsCacheEnv, startFakeCacheService, type FakeCacheService } from '../fakes/cache-server.js';
import { ActionsCacheStore, cacheStagingFile, DEFAULT_CACHE_TIMEOUT_MS, PROBE_TIMEOUT_MS } from '../../src/state/cache-store.js';
import { emptyState, type StateDocument } from '../../src/state/document.js';

describe('state/cache-store', () => {
  const ENV_NAMES = [
    'ACTIONS_CACHE_SERVICE_V2',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_CACHE_URL',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_CACHE_MODE',
    'RUNNER_TEMP',
    'GITHUB_SERVER_URL',
    'GITHUB_WORKSPACE',
    'PATH'
  ];
  const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));

  function setEnv(vars: Record<string, string | undefined>): void {
    for (const name of ENV_NAMES) if (name !== 'PATH') delete process.env[name];
    for (const [name, value] of Object.entries(vars)) if (value !== undefined) process.env[name] = value;
  }

  function sampleDoc(): StateDocument {
    return {
      ...emptyState('pr-review', { kind: 'pull_request', number: 12 }),
      lastReviewedHead: '3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345',
      reviewedAt: '2025-06-01T10:00:00.000Z',
      posted: [
        {
          fingerprint: 'fp-1',
          path: 'src/a.ts',
          line: 7,
          severity: 'high',
          claim: 'Null is dereferenced.',
          status: 'open',
          firstSeenHead: '3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345',
          lastSeenHead: '3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345'
        }
      ],
      spend: { tokens: 1234, costUsd: 0.42, runs: 1 }
    };
  }

  let service: FakeCacheService;
  let root: string;
  let store: ActionsCacheStore;

  let runnerOutput: RunnerOutput;

  beforeEach(async () => {
    runnerOutput = captureRunnerOutput();
    service = await startFakeCacheService();
    root = await mkdtemp(join(tmpdir(), 'loopkit-cache-store-'));
    await mkdir(join(root, 'runner-temp'));
    setEnv(actionsCacheEnv(service, join(root, 'runner-temp')));
    store = new ActionsCacheStore(join(root, 'work'));
  });

  afterEach(async () => {
    runnerOutput.restore();
    setEnv(savedEnv);
    await rm(root, { recursive: true, force: true });
    await service.close();
  });

  describe('ActionsCacheStore against the cache service v2', () => {
    it('round-trips a document through @actions/cache under exactly its key', async () => {
      expect(await store.save('loopkit-state-v1-a-1', sampleDoc())).toEqual({ saved: true });
      expect(service.entries.map((e) => e.key)).toEqual(['loopkit-state-v1-a-1']);

      expect(await store.load('loopkit-state-v1-a-1')).toEqual({ doc: sampleDoc() });
      // A hit is one restore, its lookup never with restore keys, and no lookup of its own before it.
      const lookups = service.requests.filter((r) => r.route === 'GetCacheEntryDownloadURL');
      expect(lookups).toEqual([{ route: 'GetCacheEntryDownloadURL', body: expect.not.objectContaining({ restore_keys: expect.anything() }) }]);
    });

    it('leaves nothing staged after an operation', async () => {
      await store.save('k-1', sampleDoc());
      await store.load('k-1');
      expect(await readdir(join(root, 'work', 'loopkit-state'))).toEqual([]);
    });

    it('answers a key that is not in the cache with null and a warning that names what may have become of it', async () => {
      // Only keys recorded as saved are loaded; @actions/cache's public API answers a miss and a
      // failed lookup alike, so the warning names both.
      expect(await store.load('never-saved')).toEqual({
        doc: null,
        warning: expect.stringMatching(
          /^State "never-saved" not loaded: the Actions cache has no entry under this key: it expired or was evicted, .* or the lookup failed/
        )
      });
    });

    it('never restores an entry whose key only starts with the requested key', async () => {
      await store.save('state-A-1', sampleDoc());
      expect(await store.load('state-A')).toMatchObject({ doc: null, warning: expect.stringContaining('no entry under this key') });
    });

    it('reports an entry whose bytes are not an archive, and starts fresh', async () => {
      await store.save('k-1', sampleDoc());
      service.corrupt('k-1');
      const result = await store.load('k-1');
      expect(result.doc).toBeNull();
      expect(result.warning).toMatch(/State "k-1" not loaded: the entry exists but could not be downloaded or unpacked.*Starting fresh/);
    });

    it('reports an archive that holds invalid JSON', async () => {
      const file = cacheStagingFile(store.workDir, 'k-1');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, '{"version": 1, "loop":');
      expect(await cache.saveCache([file], 'k-1')).toBeGreaterThan(0);
      await rm(dirname(file), { recursive: true });

      const result = await store.load('k-1');
      expect(result.doc).toBeNull();
      expect(result.warning).toMatch(/State "k-1" not loaded: the cached file is not valid JSON/);
    });

    it('reports an archive that holds JSON that is not a state document', async () => {
      const file = cacheStagingFile(store.workDir, 'k-1');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify({ version: 3, loop: 'pr-review' }));
      await cache.saveCache([file], 'k-1');
      await rm(dirname(file), { recursive: true });

      expect((await store.load('k-1')).warning).toMatch(/not a valid state document \(state document version 3 was written by a newer LoopKit/);
    });

    it('reports a download that the blob store answers with 500', async () => {
      await store.save('k-1', sampleDoc());
      service.failNext('blob-download', 500);
      const result = await store.load('k-1');
      expect(result.doc).toBeNull();
      expect(result.warning).toMatch(/the entry exists but could not be downloaded or unpacked/);
    });

    it('reports a lookup the service refuses', async () => {
      await store.save('k-1', sampleDoc());
      process.env['ACTIONS_RUNTIME_TOKEN'] = 'wrong-token';
      const result = await store.load('k-1');
      expect(result.doc).toBeNull();
      expect(result.warning).toMatch(/State "k-1" not loaded: .* or the lookup failed \(@actions\/cache logged why above\)/);
    });

    it('reports a service that refuses connections without throwing', async () => {
      await service.close();
      const loaded = await store.load('k-1');
      expect(loaded.doc).toBeNull();
      expect(loaded.warning).toMatch(/State "k-1" not loaded: .* or the lookup failed/);
      const saved = await store.save('k-2', sampleDoc());
      expect(saved.saved).toBe(false);
      expect(saved.warning).toMatch(/State "k-2" not saved: the Actions cache refused or failed the upload/);
    });

    it('gives up on a service that does not answer within its time, says so once, and asks it nothing more', async () => {
      store = new ActionsCacheStore(join(root, 'work'), { timeoutMs: 200 });
      service.down('hang');
      expect(await store.load('k-1')).toEqual({
        doc: null,
        warning: 'State "k-1" not loaded: the Actions cache did not answer within 0.2 s; this run goes on without it. Starting fresh.'
      });
      const asked = service.requests.length;
      expect(await store.save('k-2', sampleDoc())).toEqual({ saved: false });
      expect(await store.load('k-2')).toEqual({ doc: null });
      expect(service.requests).toHaveLength(asked);
    });

    it('a miss whose lookup then goes unanswered is a service given up on, said once', async () => {
      store = new ActionsCacheStore(join(root, 'work'), { timeoutMs: 200 });
      // The restore is answered (nothing under the key); the lookup that follows, to tell a lost entry from a missing one, never is.
      void service.arrived('GetCacheEntryDownloadURL').then(() => service.holdNext('GetCacheEntryDownloadURL', new Promise(() => undefined)));
      expect(await store.load('k-1')).toEqual({
        doc: null,
        warning: 'State "k-1" not loaded: nothing was restored and the Actions cache did not answer within 0.2 s; this run goes on without it. Starting fresh.'
      });
      expect(service.requests.map((r) => r.route)).toEqual(['GetCacheEntryDownloadURL', 'GetCacheEntryDownloadURL']);
      expect(await store.save('k-2', sampleDoc())).toEqual({ saved: false });
      expect(service.requests).toHaveLength(2);
    });

    it('learns from its warm-up that the service does not answer, so the save at the end does not ask it', async () => {
      store = new ActionsCacheStore(join(root, 'work'), { timeoutMs: 200 });
      service.down('hang');
      store.warmUp();
      const saved = await store.save('k-1', sampleDoc());
      expect(saved).toEqual({ saved: false, warning: 'State "k-1" not saved: the Actions cache did not answer within 0.2 s; this run goes on without it.' });
      expect(service.requests.map((r) => r.route)).toEqual(['GetCacheEntryDownloadURL']);
    });

    it("the warm-up gives up at its own, shorter bound: a silent service holds the save for the probe's time, not an operation's", async () => {
      // By default the probe waits 5 s against an operation's 10 s: long enough for @actions/cache's one retry after 3 s.
      expect(PROBE_TIMEOUT_MS).toBeLessThan(DEFAULT_CACHE_TIMEOUT_MS);
      expect(PROBE_TIMEOUT_MS).toBeGreaterThan(3_000);
      store = new ActionsCacheStore(join(root, 'work'), { timeoutMs: 60_000, probeTimeoutMs: 200 });
      service.down('hang');
      store.warmUp();
      expect(await store.save('k-1', sampleDoc())).toEqual({
        saved: false,
        warning: 'State "k-1" not saved: the Actions cache did not answer within 0.2 s; this run goes on without it.'
      });
      expect(service.requests.map((r) => r.route)).toEqual(['GetCacheEntryDownloadURL']);
    });

    it('a warm-up that the service answers changes nothing', async () => {
      store.warmUp();
      expect(await store.save('k-1', sampleDoc())).toEqual({ saved: true });
      expect(await store.load('k-1')).toEqual({ doc: sampleDoc() });
    });

    it("uses only @actions/cache's public API: nothing of its internals is imported", async () => {
      const source = await readFile(join('src', 'state', 'cache-store.ts'), 'utf8');
      // Loaded on first use (import('@actions/cache')), so that a run that never touches the cache does not compile it.
      expect(new Set(source.match(/'@actions\/cache[^']*'/g))).toEqual(new Set(["'@actions/cache'"]));
      expect(source).not.toMatch(/twirp|getCacheVersion|ACTIONS_RESULTS_URL/i);
    });

    it('reports saving a key that exists as a warning: entries are immutable', async () => {
      expect((await store.save('k-1', sampleDoc())).saved).toBe(true);
      const again = await store.save('k-1', { ...sampleDoc(), ignored: ['fp-1'] });
      expect(again).toEqual({
        saved: false,
        warning: expect.stringMatching(/State "k-1" not saved: an entry with this key already exists, and cache entries cannot be overwritten/)
      });
      expect((await store.load('k-1')).doc?.ignored).toEqual([]);
    });

    it('reports an upload the service fails', async () => {
      service.failNext('CreateCacheEntry', 403);
      const result = await store.save('k-1', sampleDoc());
      expect(result).toEqual({ saved: false, warning: expect.stringMatching(/the Actions cache refused or failed the upload/) });
    });

    it('reports a key the package rejects instead of throwing', async () => {
      expect((await store.load('a,b')).warning).toMatch(/State "a,b" not loaded: .*cannot contain commas/);
      expect((await store.save('a,b', sampleDoc())).warning).toMatch(/State "a,b" not saved: .*cannot contain commas/);
    });

    it('does not save a document that would not load again', async () => {
      const result = await store.save('k-1', { ...sampleDoc(), loop: '' });
      expect(result.saved).toBe(false);
      expect(result.warning).toMatch(/the document is invalid/);
      expect(service.requests).toEqual([]);
    });

    it('reports an entry unpacked elsewhere because the workspace moved', async () => {
      await mkdir(join(root, 'ws'));
      process.env['GITHUB_WORKSPACE'] = join(root, 'ws');
      await store.save('k-1', sampleDoc());
      process.env['GITHUB_WORKSPACE'] = join(root, 'deeper', 'ws');
      const result = await store.load('k-1');
      expect(result.doc).toBeNull();
      expect(result.warning).toMatch(/the entry was restored but .* is not in it/);
    });

    it('says the cache is not available outside a job, without asking anything', async () => {
      setEnv({ RUNNER_TEMP: join(root, 'runner-temp') });
      expect(await store.load('k-1')).toEqual({ doc: null, warning: expect.stringContaining('Actions cache not available (') });
      expect(await store.save('k-1', sampleDoc())).toEqual({ saved: false, warning: expect.stringContaining('Actions cache not available (') });
      expect(service.requests).toEqual([]);
    });

    it('says the cache is not available where only the legacy service runs', async () => {
      setEnv({ ACTIONS_CACHE_URL: service.url, ACTIONS_RUNTIME_TOKEN: service.token, RUNNER_TEMP: join(root, 'runner-temp') });
      expect((await store.load('k-1')).warning).toMatch(/Actions cache not available \(.*cache service v2/);
      expect(service.requests).toEqual([]);
    });
  });

  describe('ActionsCacheStore where zstd is missing', () => {
    // @actions/cache then archives with gzip, and the version it sends changes with it.
    beforeEach(async () => {
      const bin = join(root, 'bin');
      await mkdir(bin);
      for (const tool of ['tar', 'gzip']) {
        const found = (savedEnv['PATH'] ?? '')
          .split(delimiter)
          .map((dir) => join(dir, tool))
          .find((file) => existsSync(file));
        if (!found) throw new Error(`${tool} is needed on PATH for this test`);
        await symlink(found, join(bin, tool));
      }
      process.env['PATH'] = bin;
    });

    it('round-trips through a gzip archive and still tells a corrupt entry from a miss', async () => {
      expect(await store.save('k-1', sampleDoc())).toEqual({ saved: true });
      expect(service.entries[0]?.bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(await store.load('k-1')).toEqual({ doc: sampleDoc() });
      service.corrupt('k-1');
      expect((await store.load('k-1')).warning).toMatch(/the entry exists but could not be downloaded or unpacked/);
    });
  });
});
