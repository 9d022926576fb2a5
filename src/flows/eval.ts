/**
 * The action's eval mode (`mode: eval`): the same evaluation as `loopkit eval` (src/eval/run.ts)
 * run from a workflow, with its verdict in a `LoopKit Eval` check run and the job summary.
 *
 * - On a pull request: every review loop file the pull request changes in the loops folder is
 *   measured against the same file at the base commit (read through the API, never from the
 *   checkout), on the same cases; the check fails when a loop's F1 drops by more than the margin,
 *   or when the pull request's loop does not finish (eval/compare.ts). A pull request from a fork,
 *   and pull_request_target, are not measured: their loops would run with this repository's keys.
 * - Otherwise (a schedule, a dispatch): the repository's review loops are measured, and the check
 *   on the event's commit fails when one does not finish.
 *
 * On a pull request the benchmark folder is read at the base commit too, so a pull request cannot
 * edit the golden comments it is measured by. Nothing but the check run is written to GitHub.
 */
import { BudgetMeter } from '../engine/budget.js';
import { readBench, selectCases, type BenchFiles } from '../eval/bench.js';
import { CachedCaseSource } from '../eval/cases.js';
import { compareLoops, gateConclusion, gateMarkdown, measureLoop, type GateConclusion, type GateVerdict } from '../eval/compare.js';
import { Judge } from '../eval/judge.js';
import { evalMarkdown } from '../eval/report.js';
import { loopReviewer, type EvalLoop } from '../eval/review.js';
import { runEval } from '../eval/run.js';
import { CheckRun, GitHubLoopSource, GitHubRepositoryReader, readPullRequest, rejectionReason, type GitHub } from '../github/index.js';
import { loadProject, taskOf, type LoadedLoop, type LoopFileSource } from '../loop/index.js';
import type { Created } from '../providers/create.js';
import { pricing } from '../providers/cost-model.js';
import { recall } from '../state/index.js';
import type { FlowAdapters, FlowContext } from './adapters.js';
import { openTools } from './tools.js';

export const EVAL_CHECK = 'LoopKit Eval';

export interface EvalSettings {
  /** What the report calls the benchmark: `martian`, or the folder's path in the repository. */
  bench: string;
  /** Only the first N pull requests of the benchmark. */
  cases?: number;
  judgeModel: string;
  /** The largest drop of F1 a pull request's loop may show against the base's. */
  maxF1Drop: number;
  /** Reviews at once. */
  concurrency: number;
}

export interface EvalAdapters {
  /** The judge's provider, or why there is none. */
  judge: Created;
  /** The benchmark's golden files; `ref`: the commit a folder of the repository is read at (a pull request's base), absent: the checkout. */
  bench(ref: string | undefined): BenchFiles;
}

export interface EvalOutcome {
  outputs: { 'cost-usd': string };
  summary: string;
  /** LoopKit's own errors (the evaluation could not run): the step fails; a verdict is the check's. */
  failures: string[];
}

interface PullPayload {
  number?: number;
  head?: { sha?: string; repo?: { full_name?: string } | null };
  base?: { sha?: string; repo?: { full_name?: string } };
}

/** A loop under evaluation with where its files (notes, skills) are read. */
interface Measured {
  loop: EvalLoop;
  source: LoopFileSource;
}

export async function runEvalMode(ctx: FlowContext, adapters: FlowAdapters, gate: EvalAdapters, settings: EvalSettings): Promise<EvalOutcome> {
  const { github } = adapters;
  if (!github)
    return {
      outputs: { 'cost-usd': '0.0000' },
      summary: '',
      failures: ['mode: eval needs the github-token input: it reads the benchmark and publishes a check.']
    };
  const pr = ctx.event.payload.pull_request as PullPayload | undefined;
  const headSha = pr ? pr.head?.sha : ctx.sha;
  const check = headSha && ctx.settings.write ? await openCheck(ctx, adapters, github, headSha) : undefined;
  const finish = async (conclusion: GateConclusion, title: string, summary: string, text?: string) => {
    try {
      await check?.complete({ conclusion, title, summary, ...(text ? { text } : {}), annotations: [] });
    } catch (error) {
      adapters.log.warn(`Could not complete the ${EVAL_CHECK} check: ${rejectionReason(error)}`);
    }
  };
  try {
    const outcome = pr ? await comparePull(ctx, adapters, github, gate, settings, pr) : await measureRepository(ctx, adapters, github, gate, settings);
    await finish(outcome.conclusion, outcome.title, outcome.checkSummary, outcome.text);
    return { outputs: { 'cost-usd': outcome.costUsd.toFixed(4) }, summary: outcome.summary, failures: outcome.failures };
  } catch (error) {
    // An evaluation that crashed measured nothing: its check fails rather than pass on no figures.
    const message = `The evaluation crashed: ${error instanceof Error ? error.message : String(error)}`;
    await finish('failure', 'The evaluation crashed', message);
    return { outputs: { 'cost-usd': '0.0000' }, summary: `## ${EVAL_CHECK}\n\n${message}`, failures: [message] };
  }
}

interface Concluded {
  conclusion: GateConclusion;
  title: string;
  /** The check's summary (the verdicts); `text` the whole report. */
  checkSummary: string;
  text?: string;
  summary: string;
  costUsd: number;
  failures: string[];
}

/** A verdict reached without an evaluation (nothing to measure, or not to be measured here). */
function without(conclusion: GateConclusion, title: string, why: string, failures: string[] = []): Concluded {
  return { conclusion, title, checkSummary: why, summary: `## ${EVAL_CHECK}\n\n${why}`, costUsd: 0, failures };
}

async function comparePull(
  ctx: FlowContext,
  adapters: FlowAdapters,
  github: GitHub,
  gate: EvalAdapters,
  settings: EvalSettings,
  pr: PullPayload
): Promise<Concluded> {
  const { owner, repo, event } = ctx;
  const baseSha = pr.base?.sha;
  const fork = pr.head?.repo?.full_name !== pr.base?.repo?.full_name;
  if (fork || event.name === 'pull_request_target')
    return without(
      'neutral',
      'Not measured: the loops are not trusted here',
      `Not measured: ${fork ? 'the pull request comes from a fork' : 'pull_request_target runs with secrets'}, and its loops would run with this repository's keys and connectors. A maintainer can measure them with \`loopkit eval\`.`
    );
  if (!baseSha || pr.number === undefined) throw new Error('the pull_request payload names no base commit or number');

  const head = await loadProject(adapters.loops, ctx.settings.config, { packages: adapters.loops });
  const baseSource = new GitHubLoopSource(github, { owner, repo }, baseSha);
  const base = await loadProject(baseSource, ctx.settings.config, { packages: baseSource });
  const loopsDir = head.settings.loopsDir.replace(/\/+$/, '');
  const { files } = await readPullRequest(github, { owner, repo, number: pr.number });
  const changed = files.filter((f) => f.status !== 'removed' && f.path.startsWith(`${loopsDir}/`) && /\.ya?ml$/i.test(f.path));
  const broken = changed.filter((f) => !head.loops.some((l) => l.file === f.path));
  if (broken.length > 0)
    return without(
      'failure',
      'A changed loop file does not load',
      `${broken.map((f) => f.path).join(', ')}: does not load (the LoopKit LRS check and the annotations say why); it cannot be measured.`
    );
  const pairs = changed.flatMap((f) => {
    const loaded = head.loops.find((l) => l.file === f.path)!;
    if (taskOf(loaded.loop) !== 'review') return [];
    const was = base.loops.find((l) => l.file === (f.previousPath ?? f.path));
    return [{ name: loaded.loop.name, file: f.path, head: loaded, ...(was && taskOf(was.loop) === 'review' ? { base: was } : {}) }];
  });
  if (pairs.length === 0) return without('neutral', 'No review loop changed', `No review loop file in ${loopsDir}/ changed: nothing to measure.`);

  const measured: Measured[] = pairs.flatMap((p) => [
    ...(p.base ? [{ loop: { loaded: p.base, file: `${p.base.file}@${baseSha.slice(0, 7)}`, label: `${p.name} · base` }, source: baseSource }] : []),
    { loop: { loaded: p.head, file: p.file, label: `${p.name} · this pull request` }, source: adapters.loops }
  ]);
  const ran = await evaluate(ctx, adapters, github, gate, settings, measured, gate.bench(baseSha));
  if ('failure' in ran) return without('failure', 'The evaluation could not run', ran.failure, [ran.failure]);
  const { report } = ran;
  const byLabel = new Map(report.loops.map((l) => [l.loop, l]));
  const verdicts = pairs.map((p) => {
    const baseReport = byLabel.get(`${p.name} · base`);
    return compareLoops(
      report,
      { loop: p.name, file: p.file, head: byLabel.get(`${p.name} · this pull request`)!, ...(baseReport ? { base: baseReport } : {}) },
      settings.maxF1Drop
    );
  });
  return concluded(verdicts, report, settings.maxF1Drop);
}

async function measureRepository(ctx: FlowContext, adapters: FlowAdapters, github: GitHub, gate: EvalAdapters, settings: EvalSettings): Promise<Concluded> {
  const project = await loadProject(adapters.loops, ctx.settings.config, { packages: adapters.loops });
  const only = ctx.event.only;
  const loops = project.loops.filter((l) => taskOf(l.loop) === 'review' && (!only || l.loop.name === only || l.file === only));
  if (loops.length === 0)
    return without(
      'failure',
      'No review loop to measure',
      `No review loop${only ? ` named ${only}` : ''} loaded from ${ctx.settings.config}: nothing to measure.`,
      [`mode: eval found no review loop${only ? ` named ${only}` : ''} to measure.`]
    );
  const measured = loops.map((loaded) => ({ loop: { loaded, file: loaded.file, label: loaded.loop.name }, source: adapters.loops }));
  const ran = await evaluate(ctx, adapters, github, gate, settings, measured, gate.bench(undefined));
  if ('failure' in ran) return without('failure', 'The evaluation could not run', ran.failure, [ran.failure]);
  return concluded(
    ran.report.loops.map((l) => measureLoop(ran.report, l)),
    ran.report
  );
}

function concluded(verdicts: GateVerdict[], report: Awaited<ReturnType<typeof runEval>>, maxF1Drop?: number): Concluded {
  const conclusion = gateConclusion(verdicts);
  const worst = verdicts.find((v) => v.conclusion === conclusion) ?? verdicts[0]!;
  const title =
    verdicts.length === 1
      ? `${worst.loop}: ${worst.reason}`
      : `${verdicts.filter((v) => v.conclusion === conclusion).length} of ${verdicts.length} loop(s) ${conclusion}: ${worst.loop}: ${worst.reason}`;
  const table = gateMarkdown(verdicts, report, maxF1Drop);
  const full = evalMarkdown(report);
  return {
    conclusion,
    // A check run's title is one line of at most a few hundred characters on GitHub's pages.
    title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
    checkSummary: table,
    text: full,
    summary: `## ${EVAL_CHECK}: ${conclusion}\n\n${table}\n\n${full}`,
    costUsd: report.costUsd,
    failures: []
  };
}

async function evaluate(
  ctx: FlowContext,
  adapters: FlowAdapters,
  github: GitHub,
  gate: EvalAdapters,
  settings: EvalSettings,
  measured: Measured[],
  files: BenchFiles
): Promise<{ report: Awaited<ReturnType<typeof runEval>> } | { failure: string }> {
  if (!gate.judge.ok) return { failure: `The judge (${settings.judgeModel}) cannot run: ${gate.judge.reason}.` };
  let bench;
  try {
    bench = await readBench(files);
  } catch (error) {
    return { failure: `Could not read the benchmark ${settings.bench}: ${rejectionReason(error)}` };
  }
  for (const problem of bench.problems) adapters.log.warn(`eval benchmark: ${problem}`);
  const cases = selectCases(bench.cases, settings.cases !== undefined ? { limit: settings.cases } : {});
  if (cases.length === 0) return { failure: `The benchmark ${files.label} has no pull request to measure on.` };
  adapters.log.info(`${measured.length} loop(s) × ${cases.length} pull request(s) of ${files.label}; the judge is ${settings.judgeModel}`);
  const sources = new Map<LoadedLoop, LoopFileSource>(measured.map((m) => [m.loop.loaded, m.source]));
  const notes = new Map<LoadedLoop, Promise<string[]>>();
  const report = await runEval({
    bench: { ...bench, cases, label: files.label },
    loops: measured.map((m) => m.loop),
    cases: new CachedCaseSource(github, undefined),
    reviewer: loopReviewer({
      providerFor: (loaded) => adapters.providerFor(loaded),
      openTools: (loaded, kase, commits) =>
        openTools(
          loaded,
          { ...adapters, loops: sources.get(loaded)! },
          new GitHubRepositoryReader(github, { owner: kase.pull.owner, repo: kase.pull.repo }),
          commits
        ),
      notesFor: (loaded) => {
        // Read once per loop, where the loop was read (a base loop's notes at the base commit).
        let reading = notes.get(loaded);
        if (!reading) {
          reading = recall(loaded.loop.memory, { notes: [] }, sources.get(loaded)!).then((recalled) => {
            if (recalled.warning) adapters.log.warn(`${loaded.loop.name}: ${recalled.warning}`);
            return recalled.notes;
          });
          notes.set(loaded, reading);
        }
        return reading;
      },
      defaultModel: ctx.settings.defaultModel,
      events: adapters.events,
      clock: adapters.clock
    }),
    judge: new Judge({ provider: gate.judge.provider, model: settings.judgeModel, meter: new BudgetMeter({}, pricing) }),
    concurrency: settings.concurrency,
    clock: adapters.clock,
    skippedNow: (url, reason) => adapters.log.warn(`skipped ${url} for every loop: ${reason}`),
    progress: (done, total, loop, c) =>
      adapters.log.info(
        `[${done}/${total}] ${loop.label} · ${c.url} · ${c.status}${c.error ? `: ${c.error}` : ''} · ${c.truePositives}/${c.candidates} candidates, ${c.matchedGolden}/${c.golden} golden`
      )
  });
  return { report };
}

async function openCheck(ctx: FlowContext, adapters: FlowAdapters, github: GitHub, headSha: string): Promise<CheckRun | undefined> {
  try {
    return await CheckRun.start(
      github,
      {
        owner: ctx.owner,
        repo: ctx.repo,
        name: EVAL_CHECK,
        headSha,
        ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {}),
        title: 'Evaluation in progress',
        summary: 'LoopKit is measuring the review loops on the benchmark.'
      },
      adapters.checks
    );
  } catch (error) {
    adapters.log.warn(`Could not create the ${EVAL_CHECK} check (it needs \`checks: write\`): ${rejectionReason(error)}`);
    return undefined;
  }
}
