/** The action's post step (dist/post/index.js): completes the check runs the main step left in progress. */
import { completeLeftOpen } from './action/post.js';

completeLeftOpen().catch(async (error: unknown) => {
  // A warning, not a failure: the job's result is the main step's to decide. @actions/core is
  // loaded only here and where there is work (action/post.ts): a post step with nothing to do loads nothing.
  const core = await import('@actions/core');
  core.warning(`LoopKit's post step failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});
