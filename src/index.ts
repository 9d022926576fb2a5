/** The action's entry (dist/index.js): everything happens in run(). */
import * as core from '@actions/core';
import { run } from './action/main.js';
import { recordEnd } from './action/open-checks.js';
import { escapeForLog } from './render/index.js';

run()
  .then(
    () => recordEnd({ finished: true }),
    (error: unknown) => {
      // Only a bug of ours reaches here; user mistakes are reported by run() itself.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      recordEnd({ crashed: message });
      core.setFailed(escapeForLog(`LoopKit failed unexpectedly: ${message}`));
    }
  )
  .finally(() => {
    // Everything the step does is done and written. @actions/cache cannot be cancelled: a cache
    // operation the state store stopped waiting for (cache-store.ts) may go on retrying for about
    // 30 s, or wait on a silent service for good, holding the process; it is let go. The timer is
    // unref'd, so a process that holds nothing ends at once, as it always did.
    setTimeout(() => process.exit(), 200).unref();
  });
