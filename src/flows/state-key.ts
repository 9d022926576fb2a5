/** The key a run saves a review's state under, in whichever store the loop keeps it. */
import { stateKey, stateKeyPrefix, type StateKeyParts, type StateStore } from '../state/index.js';

/**
 * Actions cache entries cannot be overwritten, so each run saves under a key of its own (see
 * stateKey). A folder can be written over: a filesystem store keeps one file per loop and subject,
 * so the folder carried from run to run does not grow by a document each run. That file may be
 * newer than the summary's record (when the summary could not be written), which is safe: what it
 * adds was posted.
 */
export function saveKey(store: StateStore, parts: StateKeyParts): string {
  return store.kind === 'filesystem' ? `${stateKeyPrefix(parts)}latest` : stateKey(parts);
}
