/**
 * Where state documents live between runs. State is a convenience, never a reason to fail a run:
 * stores report problems as warnings and the caller starts from an empty document.
 */
import type { StateDocument } from './document.js';

export interface LoadResult {
  /**
   * Null when there is no usable entry; `warning` then says why, unless the key simply does not
   * exist in a store that can tell (filesystem, memory) or the store said so already (a cache
   * service that does not answer is reported once per store).
   */
  doc: StateDocument | null;
  warning?: string;
}

export interface SaveResult {
  saved: boolean;
  warning?: string;
}

export interface StateStore {
  readonly kind: 'cache' | 'filesystem' | 'memory';
  /** Never throws. */
  load(key: string): Promise<LoadResult>;
  /** Never throws. */
  save(key: string, doc: StateDocument): Promise<SaveResult>;
  /** Starts finding out whether a remote store answers, so a later operation need not wait to learn it does not. */
  warmUp?(): void;
}

export function notLoaded(key: string, problem: string): LoadResult {
  return { doc: null, warning: `State "${key}" not loaded: ${problem}. Starting fresh.` };
}

export function notSaved(key: string, problem: string): SaveResult {
  return { saved: false, warning: `State "${key}" not saved: ${problem}.` };
}

/** The message of an error and of its cause: fetch says only "fetch failed" and keeps the reason in `cause`. */
export function describeError(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error)) return String(error);
  const cause = 'cause' in error ? error.cause : undefined;
  return cause === undefined ? String(error.message) : `${String(error.message)}: ${describeError(cause)}`;
}
