/** The state store of one loop as the action opens it: the Actions cache unless the loop says otherwise, bounded in time. */
import type { Memory } from '../loop/schema.js';
import { createStore, type StateStore } from '../state/index.js';

export function stateStore(memory: Memory | undefined, cacheTimeoutMs: number, env: NodeJS.ProcessEnv): StateStore {
  const store = createStore(memory, { fallback: 'cache', baseDir: env.GITHUB_WORKSPACE ?? process.cwd(), cacheTimeoutMs });
  store.warmUp?.();
  return store;
}
