/** The action's entry (dist/index.js): everything happens in run(). */
import * as core from '@actions/core';
import { run } from './action/main.js';
import { recordEnd } from './action/open-checks.js';

run().then(
  () => recordEnd({ finished: true }),
  (error: unknown) => {
    // Only a bug of ours reaches here; user mistakes are reported by run() itself.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    recordEnd({ crashed: message });
    core.setFailed(`LoopKit failed unexpectedly: ${message}`);
  }
);
