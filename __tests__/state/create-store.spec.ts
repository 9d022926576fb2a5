import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionsCacheStore, createStore, FileSystemStore, MemoryStore } from '../../src/state/index.js';

describe('state/create-store', () => {
  const savedTemp = process.env['RUNNER_TEMP'];
  afterEach(() => {
    if (savedTemp === undefined) delete process.env['RUNNER_TEMP'];
    else process.env['RUNNER_TEMP'] = savedTemp;
  });

  describe('createStore', () => {
    const options = { fallback: 'memory' as const, baseDir: '/repo' };

    it('keeps state in the Actions cache, staged in the given folder', () => {
      const store = createStore({ store: 'cache' }, { ...options, cacheWorkDir: '/stage' });
      expect(store).toBeInstanceOf(ActionsCacheStore);
      expect((store as ActionsCacheStore).workDir).toBe('/stage');
    });

    it('stages cache files in RUNNER_TEMP, else the OS temp folder, when no folder is given', () => {
      process.env['RUNNER_TEMP'] = '/runner/_temp';
      expect((createStore({ store: 'cache' }, options) as ActionsCacheStore).workDir).toBe('/runner/_temp');
      delete process.env['RUNNER_TEMP'];
      expect((createStore({ store: 'cache' }, options) as ActionsCacheStore).workDir).toBe(tmpdir());
    });

    it('keeps state in a folder, .loopkit/state of the repository unless the loop names one', () => {
      expect((createStore({ store: 'filesystem' }, options) as FileSystemStore).dir).toBe(join('/repo', '.loopkit', 'state'));
      expect((createStore({ store: 'filesystem', path: 'var/loops' }, options) as FileSystemStore).dir).toBe(join('/repo', 'var', 'loops'));
      expect((createStore({ store: 'filesystem', path: '/abs' }, options) as FileSystemStore).dir).toBe('/abs');
    });

    it('keeps state in memory when asked', () => {
      expect(createStore({ store: 'memory' }, { ...options, fallback: 'cache' })).toBeInstanceOf(MemoryStore);
    });

    it('uses the fallback for a loop that names no store', () => {
      expect(createStore(undefined, options)).toBeInstanceOf(MemoryStore);
      expect(createStore(undefined, { ...options, fallback: 'filesystem' })).toBeInstanceOf(FileSystemStore);
    });
  });
});
