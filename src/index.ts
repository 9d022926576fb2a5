/** The action's entry (dist/index.js): everything happens in run(). */
import * as core from '@actions/core';
import { run } from './action/main.js';
import { escapeForLog } from './render/index.js';

run().catch((error: unknown) => {
  // Only a bug of ours reaches here; user mistakes are reported by run() itself.
  core.setFailed(escapeForLog(`LoopKit failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
});
