import { captureRunnerOutput, type RunnerOutput } from '../helpers/runner-output.js';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionsCacheEnv, startFakeCacheService, type FakeCacheService } from '../fakes/cache-server.js';
import { FolderCarrier, folderKeys } from '../../src/state/folder-carrier.js';

describe('state/folder-carrier', () => {
  const ENV_NAMES = [
    'ACTIONS_CACHE_SERVICE_V2',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_CACHE_URL',
    'ACTIONS_RUNTIME_TOKEN',
    'RUNNER_TEMP',
    'GITHUB_SERVER_URL',
    'GITHUB_WORKSPACE'
  ];
  const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));

  function setEnv(vars: Record<string, string | undefined>): void {
    for (const name of ENV_NAMES) delete process.env[name];
    for (const [name, value] of Object.entries(vars)) if (value !== undefined) process.env[name] = value;
  }

  let service: FakeCacheService;
  let root: string;
  let workspace: string;

  let runnerOutput: RunnerOutput;

  beforeEach(async () => {
    runnerOutput = captureRunnerOutput();
    service = await startFakeCacheService();
    root = await mkdtemp(join(tmpdir(), 'loopkit-folder-carrier-'));
    workspace = join(root, 'workspace');
    await mkdir(join(root, 'runner-temp'), { recursive: true });
    await mkdir(workspace, { recursive: true });
    setEnv({ ...actionsCacheEnv(service, join(root, 'runner-temp')), GITHUB_WORKSPACE: workspace });
  });

  afterEach(async () => {
    runnerOutput.restore();
    setEnv(savedEnv);
    await rm(root, { recursive: true, force: true });
    await service.close();
  });

  /** A run of the action on a fresh checkout: the folder is not there until it is restored. */
  async function freshRun(runId: number, name = '.loopkit/state'): Promise<FolderCarrier> {
    const folder = join(workspace, name);
    await rm(folder, { recursive: true, force: true });
    return new FolderCarrier(folder, { name, runId, runAttempt: 1 }, join(root, 'runner-temp'));
  }

  describe('FolderCarrier', () => {
    it('keys: one prefix per folder, a fresh key per run; folders whose names share a beginning do not share a prefix', () => {
      const a = folderKeys({ name: '.loopkit/state', runId: 12, runAttempt: 2 });
      expect(a.key).toMatch(/^loopkit-folder-.loopkit_state-[0-9a-f]{8}-12-2$/);
      expect(a.key.startsWith(a.prefix)).toBe(true);
      expect(folderKeys({ name: 'a-b', runId: 1, runAttempt: 1 }).key.startsWith(folderKeys({ name: 'a', runId: 1, runAttempt: 1 }).prefix)).toBe(false);
    });

    it('carries a folder from run to run: the newest entry is restored, an unchanged folder is not saved again', async () => {
      const first = await freshRun(1);
      expect(await first.restore()).toEqual({});
      await mkdir(first.folder, { recursive: true });
      await writeFile(join(first.folder, 'doc.json'), '{"run":1}');
      await mkdir(join(first.folder, 'nested'));
      await writeFile(join(first.folder, 'nested', 'more.json'), '{}');
      expect(await first.save()).toEqual({ key: first.key });

      const second = await freshRun(2);
      expect(await second.restore()).toEqual({ key: first.key });
      expect(await readFile(join(second.folder, 'doc.json'), 'utf8')).toBe('{"run":1}');
      expect(await readFile(join(second.folder, 'nested', 'more.json'), 'utf8')).toBe('{}');
      expect(await second.save()).toEqual({});
      expect(service.entries).toHaveLength(1);

      await writeFile(join(second.folder, 'doc.json'), '{"run":2}');
      expect(await second.save()).toEqual({ key: second.key });

      const third = await freshRun(3);
      expect(await third.restore()).toEqual({ key: second.key });
      expect(await readFile(join(third.folder, 'doc.json'), 'utf8')).toBe('{"run":2}');
    });

    it('another folder restores nothing of it; a missing or empty folder is not saved', async () => {
      const first = await freshRun(1);
      await mkdir(first.folder, { recursive: true });
      expect(await first.save()).toEqual({});
      await writeFile(join(first.folder, 'doc.json'), '{}');
      await first.save();
      const other = await freshRun(2, 'memory');
      expect(await other.restore()).toEqual({});
      expect(await other.save()).toEqual({});
    });

    it('without the cache service: a warning that names the folder, and nothing else happens', async () => {
      setEnv({ GITHUB_WORKSPACE: workspace });
      const run = await freshRun(1);
      expect((await run.restore()).warning).toMatch(/memory folder .*\.loopkit\/state was not restored from the Actions cache \(Actions cache not available/);
      await mkdir(run.folder, { recursive: true });
      await writeFile(join(run.folder, 'doc.json'), '{}');
      expect(await run.save()).toEqual({});
    });
  });
});
