/**
 * The action: the only place that reads inputs and writes outputs with @actions/core. It builds
 * the flows' adapters from the inputs and the runner's environment, runs the event flow, and
 * writes what it answers: the outputs, the job summary, and a failed step for LoopKit's own errors
 * (bad inputs, loop files that do not validate), never because a review found something.
 */
import * as core from '@actions/core';
import { runEvent } from '../flows/event.js';
import { escapeForLog } from '../render/index.js';
import { runnerFlow } from './adapters.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { actionLog, engineEvents } from './log.js';
import { openCheckRuns } from './open-checks.js';

export async function run(): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs();
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(escapeForLog(error.message));
      return;
    }
    throw error;
  }
  const { ctx, adapters } = runnerFlow({ inputs, env: process.env, log: actionLog, events: engineEvents(actionLog), checks: openCheckRuns });
  const outcome = await runEvent(ctx, adapters);
  for (const [name, value] of Object.entries(outcome.outputs)) core.setOutput(name, value);
  await core.summary.addRaw(outcome.summary).write();
  for (const failure of outcome.failures) core.setFailed(escapeForLog(failure));
}
