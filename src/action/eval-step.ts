/**
 * `mode: eval`: the adapters of the evaluation built from the inputs, beside the ones every run has
 * (adapters.ts runnerFlow): the judge's provider, guarded by the run's secrets, and where the
 * benchmark's golden files are read (Martian's set at its pin; a folder of the repository at a
 * pull request's base commit over the API, or in the checkout).
 */
import { join } from 'node:path';
import { FolderBench, MARTIAN_BENCH, RepositoryBench } from '../eval/bench-sources.js';
import { GOLDEN_DIR } from '../eval/bench.js';
import type { FlowAdapters, FlowContext } from '../flows/adapters.js';
import { runEvalMode, type EvalOutcome } from '../flows/eval.js';
import type { Redactor } from '../guard/index.js';
import { createModelProvider, DEFAULT_MODEL } from '../providers/index.js';
import type { RunnerEnv } from './adapters.js';
import type { ActionInputs, EvalInputs } from './inputs.js';

/** Reviews at once: two, as the CLI's default, so a runner's two cores and the API's rate limits are not swamped. */
const CONCURRENCY = 2;

export function evalStep(
  ctx: FlowContext,
  adapters: FlowAdapters,
  run: { inputs: ActionInputs; evaluation: EvalInputs; env: RunnerEnv; redactor: Redactor }
): Promise<EvalOutcome> {
  const { inputs, evaluation, env } = run;
  const judgeModel = evaluation.judgeModel ?? inputs.model ?? DEFAULT_MODEL;
  const folder = evaluation.bench.replace(/^\.\//, '').replace(/\/+$/, '');
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  return runEvalMode(
    ctx,
    adapters,
    {
      judge: createModelProvider(judgeModel, { keys: { anthropic: inputs.anthropicApiKey, openai: inputs.openaiApiKey }, env, redactor: run.redactor }),
      bench: (ref) =>
        folder === 'martian'
          ? new RepositoryBench(adapters.github!, MARTIAN_BENCH)
          : ref
            ? new RepositoryBench(adapters.github!, { owner: ctx.owner, repo: ctx.repo, commit: ref, dir: `${folder}/${GOLDEN_DIR}` })
            : new FolderBench(join(workspace, folder))
    },
    {
      bench: folder,
      ...(evaluation.cases !== undefined ? { cases: evaluation.cases } : {}),
      judgeModel,
      maxF1Drop: evaluation.maxF1Drop,
      concurrency: CONCURRENCY
    }
  );
}
