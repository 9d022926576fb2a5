/**
 * The post step's flow: the check runs the main step created and left in progress (the job was
 * cancelled or timed out, or the step crashed) completed as `neutral` with the reason; one that is
 * completed by now is left as it is. A check left in progress would block a merge with no reason given.
 */
import { rejectionReason, type GitHub, type OpenCheckRun } from '../github/index.js';
import type { FlowAdapters } from './adapters.js';

export async function completeLeftOpen(
  runs: readonly OpenCheckRun[],
  reason: string,
  { github, log, clock }: Pick<FlowAdapters, 'log' | 'clock'> & { github: GitHub }
): Promise<void> {
  for (const run of runs) {
    try {
      const { data } = await github.rest.checks.get({ owner: run.owner, repo: run.repo, check_run_id: run.id });
      if (data.status === 'completed') continue;
      await github.rest.checks.update({
        owner: run.owner,
        repo: run.repo,
        check_run_id: run.id,
        status: 'completed',
        conclusion: 'neutral',
        completed_at: new Date(clock.now()).toISOString(),
        output: {
          title: `Not finished: ${reason}`,
          summary: `LoopKit did not finish this check: ${reason}. It says nothing about this commit; re-run the job to get a verdict.`
        }
      });
      log.info(`${run.name}: completed as neutral (${reason})`);
    } catch (error) {
      log.warn(`Could not complete the ${run.name} check left in progress: ${rejectionReason(error)}`);
    }
  }
}
