/**
 * The action's post step (action.yml `runs.post`, `post-if: always()`): the runner starts it after
 * the job's steps even when the job was cancelled or timed out. What the main step left open and
 * why come from the step's state; flows/post.ts completes those checks.
 */
import * as core from '@actions/core';
import { systemClock } from '../engine/budget.js';
import { completeLeftOpen as complete } from '../flows/post.js';
import { createOctokit } from '../github/index.js';
import { escapeForLog } from '../render/index.js';
import { actionLog } from './log.js';
import { leftOpen, whyLeftOpen } from './open-checks.js';

export async function completeLeftOpen(): Promise<void> {
  const { runs, problem } = leftOpen();
  if (problem) core.warning(escapeForLog(problem));
  if (runs.length === 0) return;
  const token = core.getInput('github-token');
  if (!token) {
    core.warning(`${runs.length} check run(s) left in progress, and no github-token to complete them with`);
    return;
  }
  core.setSecret(token);
  await complete(runs, whyLeftOpen(), { github: createOctokit({ token, log: actionLog }), log: actionLog, clock: systemClock });
}
