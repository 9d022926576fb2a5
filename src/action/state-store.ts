/** The state store of one loop as the action opens it, and the memory folders it carries between runs. */
import { tmpdir } from 'node:os';
import type { Loop, Memory } from '../loop/schema.js';
import { createStore, DEFAULT_STATE_DIR, FolderCarrier, stateKey, stateKeyPrefix, storeFolder, type StateKeyParts, type StateStore } from '../state/index.js';
import { actionLog } from './log.js';

/** The Actions cache unless the loop says otherwise, bounded in time. */
export function stateStore(memory: Memory | undefined, cacheTimeoutMs: number, env: NodeJS.ProcessEnv): StateStore {
  const store = createStore(memory, { fallback: 'cache', baseDir: workspaceOf(env), cacheTimeoutMs });
  store.warmUp?.();
  return store;
}

/**
 * The key this run saves a review's state under in `store`. Actions cache entries cannot be
 * overwritten, so each run saves under a key of its own (see stateKey). A folder can be written over:
 * a filesystem store keeps one file per loop and subject, so the folder carried from run to run does
 * not grow by a document each run. That file may be newer than the summary's record (when the
 * summary could not be written), which is safe: what it adds was posted.
 */
export function saveKey(store: StateStore, parts: StateKeyParts): string {
  return store.kind === 'filesystem' ? `${stateKeyPrefix(parts)}latest` : stateKey(parts);
}

function workspaceOf(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_WORKSPACE ?? process.cwd();
}

/**
 * Restores the folder of every filesystem store among `loops` from the Actions cache (each folder
 * once, however many loops share it) and answers the step that saves them after the loops ran.
 */
export async function carryMemoryFolders(loops: readonly Loop[], cacheTimeoutMs: number, env: NodeJS.ProcessEnv): Promise<{ save(): Promise<void> }> {
  const folders = new Map<string, string>();
  for (const { memory } of loops) if (memory?.store === 'filesystem') folders.set(storeFolder(memory, workspaceOf(env)), memory.path ?? DEFAULT_STATE_DIR);
  const workDir = env.RUNNER_TEMP || tmpdir();
  const carriers = [...folders].map(([folder, name]) => new FolderCarrier(folder, { name, runId: env.GITHUB_RUN_ID ?? 'local', runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1' }, workDir, { timeoutMs: cacheTimeoutMs }));
  await Promise.all(
    carriers.map(async (c) => {
      const { key, warning } = await c.restore();
      if (warning) actionLog.warn(warning);
      else actionLog.info(key ? `memory folder ${c.folder} restored from the Actions cache (${key})` : `memory folder ${c.folder}: no earlier run saved it`);
    })
  );
  return {
    save: async () => {
      await Promise.all(
        carriers.map(async (c) => {
          const { key, warning } = await c.save();
          if (warning) actionLog.warn(warning);
          if (key) actionLog.info(`memory folder ${c.folder} saved to the Actions cache (${key})`);
        })
      );
    }
  };
}
