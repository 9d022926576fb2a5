/**
 * The action's post step (action.yml `runs.post`, `post-if: always()`): the runner starts it after
 * the job's steps even when the job was cancelled or timed out. What the main step left open and
 * why come from the step's state; flows/post.ts completes those checks.
 */
import { OPEN_CHECK_RUNS_STATE } from './state-names.js';

export async function completeLeftOpen(): Promise<void> {
  // The runner hands the post step what the main step saved as STATE_<name> (what core.getState
  // reads). A main step that completed its checks, nearly every job's, saved an empty list: the
  // step ends here, before @actions/core, zod, Octokit and the flow are loaded at all.
  const saved = process.env[`STATE_${OPEN_CHECK_RUNS_STATE}`] ?? '';
  if (saved === '' || saved === '[]') return;
  const [core, { escapeForLog }, { leftOpen, whyLeftOpen }] = await Promise.all([
    import('@actions/core'),
    import('../render/escape.js'),
    import('./open-checks.js')
  ]);
  const { runs, problem } = leftOpen();
  if (problem) core.warning(escapeForLog(problem));
  if (runs.length === 0) return;
  const token = core.getInput('github-token');
  if (!token) {
    core.warning(`${runs.length} check run(s) left in progress, and no github-token to complete them with`);
    return;
  }
  core.setSecret(token);
  const [{ completeLeftOpen: complete }, { createOctokit }, { systemClock }, { actionLog }] = await Promise.all([
    import('../flows/post.js'),
    import('../github/index.js'),
    import('../engine/budget.js'),
    import('./log.js')
  ]);
  await complete(runs, whyLeftOpen(), { github: createOctokit({ token, log: actionLog }), log: actionLog, clock: systemClock });
}
