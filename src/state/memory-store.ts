/** Keeps documents in this process only: for tests, and for loops that want no memory between runs. */
import { serializeState, StateDocument } from './document.js';
import { notSaved, type LoadResult, type SaveResult, type StateStore } from './store.js';

export class MemoryStore implements StateStore {
  readonly kind = 'memory';
  // Kept as validated text, as the other stores keep it, so a caller that mutates a document after
  // saving it does not change what was saved.
  private readonly entries = new Map<string, string>();

  async load(key: string): Promise<LoadResult> {
    const text = this.entries.get(key);
    return { doc: text === undefined ? null : StateDocument.parse(JSON.parse(text)) };
  }

  async save(key: string, doc: StateDocument): Promise<SaveResult> {
    const serialized = serializeState(doc);
    if (!serialized.ok) return notSaved(key, `the document is invalid: ${serialized.error}`);
    this.entries.set(key, serialized.text);
    return { saved: true };
  }
}
