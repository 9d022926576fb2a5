/**
 * The generic kind: one generic loop on one event, run through the skeleton (flows/skeleton.ts).
 * Start: what the event is about (github/event-context.ts), and with a `github-feedback` connector
 * what maintainers did with LoopKit's work on closed pull requests (github/feedback.ts: the lessons
 * a maker may name; the command syntax it needs is routing.ts's). Restore: nothing (a generic loop
 * keeps no state document; what it was taught is its notes file, and a learning loop's "since the
 * last run" is the time its lessons pull request records, with the notes file: a lesson whose
 * source link it holds is not read again); a learning loop with nothing new to learn ends here.
 * Run: the generic preset of the rounds runner. Publish: the plan, which holds only what the
 * loop's `outputs` declare and the checker confirmed, written on what the event is about
 * (github/generic-outputs.ts). A dry run (or the CLI without `--post`) prints the plan and writes
 * nothing; the job summary always says what was planned, written and left out.
 */
import { genericGate, type Gate } from '../engine/gate.js';
import { runGeneric, type GenericResult } from '../engine/generic.js';
import { readEventContext } from '../github/event-context.js';
import { readFeedback } from '../github/feedback.js';
import { findLessonsPull } from '../github/lessons-pull.js';
import { applyGenericPlan, genericCheckName } from '../github/generic-outputs.js';
import { CheckRun, listRepoLabels, rejectionReason } from '../github/index.js';
import type { LoadedLoop } from '../loop/load.js';
import type { LrsReport } from '../lrs/index.js';
import type { GenericReport } from '../render/generic.js';
import { writesDeclared, type Loop } from '../loop/schema.js';
import type { FlowAdapters, FlowContext } from './adapters.js';
import { commandArgument, parseCommand } from './routing.js';
import { notRun, runKind, viaGitHub, type KindRun, type LoopCheck, type LoopKind, type LoopOutcome, type NotRun } from './skeleton.js';

export interface GenericArgs {
  loaded: LoadedLoop;
  report: LrsReport;
  /** The pull request or issue routing found (a command's, a manual run's input, the event's own). */
  pullNumber?: number;
  issueNumber?: number;
}

/** What a generic loop that ran did. */
export interface GenericRan {
  result: GenericResult;
  report: GenericReport;
}

export type GenericOutcome = LoopOutcome<GenericRan>;

type Started = Awaited<ReturnType<typeof readEventContext>> & {
  repoLabels: string[];
  /** With a `github-feedback` connector: the time its feedback was read up to. */
  feedbackReadTo?: number;
};

const genericKind: LoopKind<GenericArgs, Started, object, GenericResult, GenericRan> = {
  reads: 'the event',
  connect: viaGitHub,
  notRunGate,
  start: startGeneric,
  restore: async ({ loaded }, event) =>
    nothingToLearn(loaded.loop, event) ? notRun('nothing new to learn: every feedback item is in the notes file already, or there is none') : {},
  commits: (_run, event) => (event.headSha ? { head: event.headSha } : undefined),
  run: (_run, event, _restored, input) => runGeneric({ ...input, context: event.context, target: event.target, repoLabels: event.repoLabels }),
  // Without a connector the loop requires, the run is partial: its check cannot pass.
  withoutTools: ({ loaded }, result, reason) => withoutRequiredTools(loaded.loop, result, reason),
  publish: publishGeneric,
  spent: (result) => ({ tokens: result.tokens, costUsd: result.costUsd })
};

export function runGenericLoop(ctx: FlowContext, adapters: FlowAdapters, args: GenericArgs): Promise<GenericOutcome> {
  return runKind(genericKind, ctx, adapters, { loaded: args.loaded, report: args.report, args });
}

function notRunGate(reason: string): Gate {
  return { conclusion: 'neutral', title: `Not run: ${reason}` };
}

/** What the event is about, always read, and the repository's labels when the loop may add some. */
async function startGeneric(run: KindRun<GenericArgs>): Promise<Started | NotRun> {
  const { ctx, github, adapters, loaded, args } = run;
  const { loop } = loaded;
  const repo = { owner: ctx.owner, repo: ctx.repo };
  let event: Started;
  try {
    const read = await readEventContext(
      github,
      repo,
      {
        name: ctx.event.name,
        payload: ctx.event.payload,
        ...(args.pullNumber !== undefined ? { pullNumber: args.pullNumber } : {}),
        ...(args.issueNumber !== undefined ? { issueNumber: args.issueNumber } : {}),
        ...(ctx.run.id !== 'local' ? { runId: ctx.run.id } : {}),
        ...(ctx.sha ? { sha: ctx.sha } : {})
      },
      loop
    );
    event = { ...read, repoLabels: loop.outputs?.labels ? await listRepoLabels(github, repo) : [] };
    const feedback = loop.connectors?.find((c) => c.type === 'github-feedback');
    if (feedback) {
      const login = await run.identity.get();
      const open = loop.outputs?.notes ? await findLessonsPull(github, repo, loop.name, login) : undefined;
      const learned = await readFeedback(github, repo, feedback, {
        identity: login,
        ...(loop.memory?.notesFile ? { notesFile: loop.memory.notesFile } : {}),
        ...(open ? { open } : {}),
        ...(loop.outputs?.notes ? { loop: loop.name } : {}),
        now: adapters.clock.now(),
        commandOf: (body) => {
          const word = parseCommand(body);
          const argument = commandArgument(body);
          return word ? { word, ...(argument ? { argument } : {}) } : undefined;
        }
      });
      for (const warning of learned.warnings) adapters.log.warn(`${loop.name}: ${warning}`);
      event.context = { ...event.context, sections: [...event.context.sections, learned.section], lessons: learned.lessons };
      event.feedbackReadTo = learned.readTo;
    }
  } catch (error) {
    return notRun(`could not read the event: ${rejectionReason(error)}`);
  }
  adapters.log.info(`${loop.name}: ${event.context.title}`);
  const check = heldCheck(run, event.headSha);
  if (check) run.held.check = check;
  return event;
}

/**
 * The loop's declared check, for a run that ends before its plan is written (not run, crashed):
 * published neutral with the reason, so a required check never waits for a verdict that will not come.
 */
function heldCheck({ ctx, github, adapters, loaded }: KindRun<GenericArgs>, headSha: string | undefined): LoopCheck | undefined {
  const declared = loaded.loop.outputs?.check;
  if (!declared || !headSha || !ctx.settings.write) return undefined;
  const name = genericCheckName(loaded.loop.name, declared);
  return {
    close: async (gate, detail) => {
      try {
        await CheckRun.publish(
          github,
          { owner: ctx.owner, repo: ctx.repo, name, headSha, ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {}) },
          { conclusion: gate.conclusion, title: gate.title, summary: `${gate.title}.${detail ? `\n\n${detail}` : ''}`, annotations: [] },
          adapters.checks
        );
      } catch (error) {
        adapters.log.warn(`Could not publish the ${name} check: ${rejectionReason(error)}`);
      }
    }
  };
}

/** The plan written (only what the loop declares and the checker confirmed); a dry run only logs it. */
async function publishGeneric(
  { ctx, github, identity, adapters, loaded }: KindRun<GenericArgs>,
  event: Started,
  _restored: object,
  result: GenericResult
): Promise<{ ran: GenericRan }> {
  const { log } = adapters;
  const { loop } = loaded;
  const { plan } = result;
  log.info(
    `${loop.name}: ${result.status}${result.reasons.length ? ` (${result.reasons.join('; ')})` : ''} · ${result.proposals.length} proposal(s), ${plan.findings.length} verified finding(s) · ${result.tokens} tokens · $${result.costUsd.toFixed(4)}`
  );
  for (const line of planLines(result)) log.info(`  ${line}`);
  const report: GenericReport = {
    loop: loop.name,
    event: event.context.title,
    dryRun: result.dryRun,
    status: result.status,
    reasons: result.reasons,
    plan,
    tokens: result.tokens,
    costUsd: result.costUsd,
    durationMs: result.durationMs
  };
  if (!ctx.settings.write || result.dryRun) {
    log.info('dry run: nothing is written');
    return { ran: { result, report } };
  }
  const applied = await applyGenericPlan(
    github,
    { owner: ctx.owner, repo: ctx.repo },
    plan,
    {
      ...(event.target.issue !== undefined ? { issue: event.target.issue } : {}),
      ...(event.releaseId !== undefined ? { releaseId: event.releaseId } : {}),
      ...(event.headSha ? { headSha: event.headSha } : {}),
      eventKey: event.eventKey,
      event: event.context.title
    },
    {
      loop,
      identity,
      complete: result.status === 'complete',
      escalated: result.escalated,
      repoLabels: event.repoLabels,
      // The lessons pull request moves the learning loop's record on only when this run judged every
      // item and wrote every lesson it confirmed: otherwise the next run reads the same feedback again.
      ...(event.feedbackReadTo !== undefined && result.status === 'complete' && !plan.dropped.some((d) => d.kind === 'lesson')
        ? { lessonsReadTo: event.feedbackReadTo }
        : {}),
      ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
      ...(adapters.checks ? { tracker: adapters.checks } : {})
    }
  );
  for (const problem of applied.problems) log.warn(`${loop.name}: ${problem}`);
  for (const refused of applied.refused) log.info(`${loop.name}: not written: ${refused.kind} ${refused.what.slice(0, 80)}: ${refused.reason}`);
  return { ran: { result, report: { ...report, applied } } };
}

/**
 * A learning loop (its only write `outputs.notes`) with no feedback item left to propose: no
 * model is paid to say there is nothing to learn.
 */
function nothingToLearn(loop: Loop, event: Started): boolean {
  const { notes, ...others } = loop.outputs ?? { close: false };
  return notes !== undefined && !writesDeclared({ ...others, close: false }) && event.context.lessons?.length === 0;
}

/** The plan in the log, one line a write. */
export function planLines({ plan }: GenericResult): string[] {
  return [
    ...(plan.comment !== undefined ? [`comment: ${plan.comment.split('\n')[0]!.slice(0, 100)}`] : []),
    ...(plan.labels.length > 0 ? [`labels: ${plan.labels.join(', ')}`] : []),
    ...plan.issues.map((i) => `issue: ${i.title}`),
    ...(plan.releaseNotes !== undefined ? ['release notes'] : []),
    ...plan.notes.map((line) => `lesson: ${line.slice(0, 100)}`),
    ...(plan.check ? [`check: ${plan.check.conclusion} (${plan.check.title})`] : []),
    ...plan.dropped.map((d) => `dropped ${d.kind} ${d.what.slice(0, 80)}: ${d.reason}`)
  ];
}

/** A run without a connector its loop requires is partial, and its check says so (never success). */
function withoutRequiredTools(loop: Loop, result: GenericResult, reason: string): GenericResult {
  const status = result.status === 'failed' ? 'failed' : 'partial';
  const reasons = [...result.reasons, reason];
  const check = result.plan.check ? genericGate(loop, { status, dryRun: result.dryRun, reasons, findings: result.plan.findings }) : undefined;
  return { ...result, status, reasons, plan: { ...result.plan, ...(check ? { check } : {}) } };
}
