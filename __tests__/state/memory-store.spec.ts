import { emptyState } from '../../src/state/document.js';
import { MemoryStore } from '../../src/state/memory-store.js';

describe('state/memory-store', () => {
  describe('MemoryStore', () => {
    it('round-trips a document', async () => {
      const store = new MemoryStore();
      const doc = { ...emptyState('pr-review', { kind: 'pull_request' as const, number: 1 }), ignored: ['fp'] };
      expect(await store.save('k', doc)).toEqual({ saved: true });
      expect(await store.load('k')).toEqual({ doc });
      expect(store.kind).toBe('memory');
    });

    it('answers a missing key with null and no warning', async () => {
      expect(await new MemoryStore().load('missing')).toEqual({ doc: null });
    });

    it('keeps what was saved even when the caller changes the document afterwards', async () => {
      const store = new MemoryStore();
      const doc = emptyState('pr-review', { kind: 'pull_request', number: 1 });
      await store.save('k', doc);
      doc.ignored.push('later');
      expect((await store.load('k')).doc?.ignored).toEqual([]);
    });

    it('refuses an invalid document with a warning', async () => {
      const store = new MemoryStore();
      const result = await store.save('k', { ...emptyState('x', { kind: 'issues' }), loop: '' });
      expect(result.saved).toBe(false);
      expect(result.warning).toMatch(/^State "k" not saved: the document is invalid/);
      expect(await store.load('k')).toEqual({ doc: null });
    });
  });
});
