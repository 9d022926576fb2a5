/**
 * The action's post step (action.yml `runs.post`, `post-if: always()`): the runner starts it after
 * the job's steps even when the job was cancelled or timed out. A check run the main step created
 * and left in progress would stay `in_progress` for good and block a merge with no reason given; this
 * completes it as `neutral` with the reason. One that is completed by now is left as it is.
 */
import * as core from '@actions/core';
import { createOctokit, rejectionReason } from '../github/index.js';
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
  const octokit = createOctokit({ token, log: actionLog });
  const reason = whyLeftOpen();
  for (const run of runs) {
    try {
      const { data } = await octokit.rest.checks.get({ owner: run.owner, repo: run.repo, check_run_id: run.id });
      if (data.status === 'completed') continue;
      await octokit.rest.checks.update({
        owner: run.owner,
        repo: run.repo,
        check_run_id: run.id,
        status: 'completed',
        conclusion: 'neutral',
        completed_at: new Date().toISOString(),
        output: {
          title: `Not finished: ${reason}`,
          summary: `LoopKit did not finish this check: ${reason}. It says nothing about this commit; re-run the job to get a verdict.`
        }
      });
      core.info(escapeForLog(`${run.name}: completed as neutral (${reason})`));
    } catch (error) {
      core.warning(escapeForLog(`Could not complete the ${run.name} check left in progress: ${rejectionReason(error)}`));
    }
  }
}
