import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyState } from '../../src/state/document.js';
import { FileSystemStore, stateFileName } from '../../src/state/filesystem-store.js';

describe('state/filesystem-store', () => {
  const doc = { ...emptyState('pr-review', { kind: 'pull_request' as const, number: 3 }), ignored: ['fp-9'] };
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'loopkit-fs-store-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('FileSystemStore', () => {
    it('round-trips a document through one JSON file per key, creating the folder', async () => {
      const store = new FileSystemStore(join(root, 'state'));
      expect(await store.save('loopkit-state-v1-pr3', doc)).toEqual({ saved: true });
      expect(await readdir(join(root, 'state'))).toEqual(['loopkit-state-v1-pr3.json']);
      expect(JSON.parse(await readFile(join(root, 'state', 'loopkit-state-v1-pr3.json'), 'utf8'))).toEqual(doc);
      expect(await store.load('loopkit-state-v1-pr3')).toEqual({ doc });
    });

    it('replaces the document of a key and leaves no temporary file behind', async () => {
      const store = new FileSystemStore(root);
      await store.save('k', doc);
      await store.save('k', { ...doc, ignored: [] });
      expect(await readdir(root)).toEqual(['k.json']);
      expect((await store.load('k')).doc?.ignored).toEqual([]);
    });

    it('answers a missing key with null and no warning', async () => {
      expect(await new FileSystemStore(join(root, 'absent')).load('k')).toEqual({ doc: null });
    });

    it('reports a corrupt file, naming the key and the file, and starts fresh', async () => {
      await writeFile(join(root, 'k.json'), '{"version": 1,');
      const result = await new FileSystemStore(root).load('k');
      expect(result.doc).toBeNull();
      expect(result.warning).toMatch(new RegExp(`^State "k" not loaded: ${join(root, 'k.json')} is not valid JSON \\(.+\\)\\. Starting fresh\\.$`));
    });

    it('reports a file that is JSON but not a state document', async () => {
      await writeFile(join(root, 'k.json'), JSON.stringify({ ...doc, version: 7 }));
      expect((await new FileSystemStore(root).load('k')).warning).toMatch(
        /is not a valid state document \(state document version 7 was written by a newer LoopKit/
      );
    });

    it('reports an entry that cannot be read', async () => {
      await mkdir(join(root, 'k.json'));
      const result = await new FileSystemStore(root).load('k');
      expect(result.doc).toBeNull();
      expect(result.warning).toMatch(/k\.json could not be read \(EISDIR/);
    });

    it('reports a folder it cannot write to without throwing, and cleans up', async () => {
      await writeFile(join(root, 'file'), 'not a folder');
      const result = await new FileSystemStore(join(root, 'file', 'state')).save('k', doc);
      expect(result.saved).toBe(false);
      expect(result.warning).toMatch(/^State "k" not saved: .*k\.json could not be written \(ENOTDIR/);

      await mkdir(join(root, 'busy.json'));
      expect((await new FileSystemStore(root).save('busy', doc)).saved).toBe(false);
      expect((await readdir(root)).sort()).toEqual(['busy.json', 'file']);
    });

    it('refuses an invalid document', async () => {
      const result = await new FileSystemStore(root).save('k', { ...doc, subject: { kind: 'pull_request', number: -1 } });
      expect(result.warning).toMatch(/the document is invalid/);
      expect(await readdir(root)).toEqual([]);
    });

    it('keeps every key inside its folder, in a file of its own', async () => {
      const store = new FileSystemStore(join(root, 'state'));
      await store.save('../escape', doc);
      await store.save('.._escape', { ...doc, ignored: [] });
      expect(await readdir(root)).toEqual(['state']);
      expect((await readdir(join(root, 'state'))).length).toBe(2);
      expect((await store.load('../escape')).doc?.ignored).toEqual(['fp-9']);
    });
  });

  describe('stateFileName', () => {
    it('uses a safe key as it is', () => {
      expect(stateFileName('loopkit-state-v1-o_r-pr-review-pr1')).toBe('loopkit-state-v1-o_r-pr-review-pr1.json');
    });

    it('cleans any other key and tells keys apart by a hash', () => {
      expect(stateFileName('a/b')).toMatch(/^a_b-[0-9a-f]{16}\.json$/);
      expect(stateFileName('a/b')).not.toBe(stateFileName('a:b'));
      expect(stateFileName('/')).toMatch(/^[0-9a-f]{16}\.json$/);
      expect(stateFileName('x'.repeat(300)).length).toBeLessThan(130);
    });
  });
});
