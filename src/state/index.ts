/** State between runs: the document, the stores that keep it, and the choice among them. */
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import type { Memory } from '../loop/schema.js';
import { ActionsCacheStore } from './cache-store.js';
import { FileSystemStore } from './filesystem-store.js';
import { MemoryStore } from './memory-store.js';
import type { StateStore } from './store.js';

export {
  emptyState,
  parseState,
  serializeState,
  StateDocument,
  PostedFinding,
  RoundRecord,
  RunFinding,
  RunRecord,
  Spend,
  Subject,
  POSTED_STATUSES,
  ROUND_HISTORY_LIMIT,
  RUN_FINDINGS_LIMIT,
  RUN_HISTORY_LIMIT,
  STATE_VERSION,
  type ParseStateResult
} from './document.js';
export type { LoadResult, SaveResult, StateStore } from './store.js';
export {
  capNotes,
  labelRemoval,
  learnFromFindings,
  learnLabelRemoval,
  learns,
  memoryNotes,
  mergeNotes,
  MemoryNote,
  noteIgnored,
  noteLine,
  noteRefuted,
  notesFileAdditions,
  notesFileSummary,
  parseNotesFile,
  readNotesFile,
  recall,
  recordLabelsAdded,
  teach,
  LABELS_ADDED_LIMIT,
  NOTE_KINDS,
  NOTES_BYTES_LIMIT,
  NOTES_LIMIT,
  PROMPT_NOTES_BYTES_LIMIT,
  type JudgedFinding,
  type LabelRemoval,
  type Recalled,
  type Lesson,
  type NoteKind
} from './notes.js';
export { DEFAULT_PERSISTENCE, persisted, reviewRunRecord, triageRunRecord, type Persistence } from './persistence.js';
export { MemoryStore } from './memory-store.js';
export { FolderCarrier, type CarryResult, type FolderKeyParts } from './folder-carrier.js';
export { FileSystemStore, stateFileName } from './filesystem-store.js';
export {
  ActionsCacheStore,
  cacheStagingFile,
  DEFAULT_CACHE_TIMEOUT_MS,
  STATE_KEY_VERSION,
  stateKey,
  stateKeyPrefix,
  type CacheStoreOptions,
  type StateKeyParts
} from './cache-store.js';

export const DEFAULT_STATE_DIR = '.loopkit/state';

export interface CreateStoreOptions {
  /** The store for a loop that names none: the Action keeps state in the Actions cache, the CLI in a folder. */
  fallback: Memory['store'];
  /** What a relative `memory.path` is resolved from: the repository root. */
  baseDir: string;
  /** The cache store's work folder (see ActionsCacheStore). Default: RUNNER_TEMP, else the OS temp folder. */
  cacheWorkDir?: string;
  /** The longest one cache operation may take (see ActionsCacheStore). */
  cacheTimeoutMs?: number;
}

/** The folder of a filesystem store, absolute: `memory.path` (default DEFAULT_STATE_DIR) from `baseDir`. */
export function storeFolder(memory: Memory | undefined, baseDir: string): string {
  return resolve(baseDir, memory?.path ?? DEFAULT_STATE_DIR);
}

export function createStore(memory: Memory | undefined, options: CreateStoreOptions): StateStore {
  switch (memory?.store ?? options.fallback) {
    case 'cache':
      return new ActionsCacheStore(
        options.cacheWorkDir ?? (process.env['RUNNER_TEMP'] || tmpdir()),
        options.cacheTimeoutMs === undefined ? {} : { timeoutMs: options.cacheTimeoutMs }
      );
    case 'filesystem':
      return new FileSystemStore(storeFolder(memory, options.baseDir));
    case 'memory':
      return new MemoryStore();
  }
}
