/**
 * The action: the only place that reads inputs and writes outputs with @actions/core. The step
 * itself (adapters.ts) reads the inputs, builds the flows' adapters from them and the runner's
 * environment and runs the event flow; this writes what it answers: the outputs, the job summary,
 * and a failed step for LoopKit's own errors (bad inputs, loop files that do not validate), never
 * because a review found something.
 */
import * as core from '@actions/core';
import { escapeForLog } from '../render/index.js';
import { actionStep } from './adapters.js';
import { runnerInputs } from './inputs.js';
import { actionLog, engineEvents } from './log.js';
import { openCheckRuns } from './open-checks.js';

export async function run(): Promise<void> {
  const outcome = await actionStep(runnerInputs, {
    log: actionLog,
    events: engineEvents(actionLog),
    checks: openCheckRuns,
    mask: (secret) => core.setSecret(secret)
  });
  if ('outputs' in outcome) {
    for (const [name, value] of Object.entries(outcome.outputs)) core.setOutput(name, value);
    await core.summary.addRaw(outcome.summary).write();
  }
  for (const failure of outcome.failures) core.setFailed(escapeForLog(failure));
}
