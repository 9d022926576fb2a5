/** The action's post step (dist/post/index.js): completes the check runs the main step left in progress. */
import * as core from '@actions/core';
import { completeLeftOpen } from './action/post.js';

completeLeftOpen().catch((error: unknown) => {
  // A warning, not a failure: the job's result is the main step's to decide.
  core.warning(`LoopKit's post step failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});
