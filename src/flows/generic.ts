/**
 * One generic loop on one event: read what the event is about (github/event-context.ts), run the
 * makers and the checker (engine/generic.ts), then write the plan, which holds only what the loop's
 * `outputs` declare and the checker confirmed, on what the event is about (github/generic-outputs.ts).
 * A dry run (or the CLI without `--post`) prints the plan and writes nothing; the job summary
 * always says what was planned, written and left out.
 */
import { genericGate } from '../engine/gate.js';
import { runGeneric, type GenericResult } from '../engine/generic.js';
import { readEventContext } from '../github/event-context.js';
import { applyGenericPlan } from '../github/generic-outputs.js';
import { listRepoLabels, rejectionReason } from '../github/index.js';
import type { LoadedLoop } from '../loop/load.js';
import type { LrsReport } from '../lrs/index.js';
import { pricing } from '../providers/index.js';
import type { GenericReport } from '../render/generic.js';
import type { Loop } from '../loop/schema.js';
import type { FlowAdapters, FlowContext } from './adapters.js';
import { openTools } from './tools.js';
import { recall } from '../state/index.js';

export interface GenericArgs {
  loaded: LoadedLoop;
  report: LrsReport;
  /** The pull request or issue routing found (a command's, a manual run's input, the event's own). */
  pullNumber?: number;
  issueNumber?: number;
}

export interface GenericOutcome {
  loop: string;
  result?: GenericResult;
  report?: GenericReport;
  /** Why the loop did not run. */
  reason?: string;
}

export async function runGenericLoop(ctx: FlowContext, adapters: FlowAdapters, args: GenericArgs): Promise<GenericOutcome> {
  const { loaded } = args;
  const loop = loaded.loop;
  const { log, github: octokit, identity } = adapters;
  const notRun = (reason: string): GenericOutcome => {
    log.notice(`${loop.name}: not run: ${reason}`);
    return { loop: loop.name, reason };
  };
  if (!octokit || !identity) return notRun('no github-token: LoopKit cannot read the event');
  if (args.report.blockers.length > 0) return notRun(`the loop has blockers (${args.report.blockers.map((b) => b.message).join('; ')})`);
  const made = adapters.providerFor(loaded);
  if (!made.ok) return notRun(made.reason);

  const repo = { owner: ctx.owner, repo: ctx.repo };
  let event: Awaited<ReturnType<typeof readEventContext>>;
  let repoLabels: string[] = [];
  try {
    event = await readEventContext(
      octokit,
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
    if (loop.outputs?.labels) repoLabels = await listRepoLabels(octokit, repo);
  } catch (error) {
    return notRun(`could not read the event: ${rejectionReason(error)}`);
  }
  log.info(`${loop.name}: ${event.context.title}`);

  // A generic loop keeps no state document, so what it was taught comes from its notes file (memory.notesFile).
  const recalled = await recall(loop.memory, { notes: [] }, adapters.loops);
  if (recalled.warning) log.warn(recalled.warning);
  // The loop's tool connectors (the repository at the event's commit, MCP servers), open while the agents answer.
  const tools = await openTools(loaded, adapters, { github: octokit, owner: ctx.owner, repo: ctx.repo }, event.headSha ? { head: event.headSha } : undefined);
  const answered = await runGeneric({
    loaded: tools?.loaded ?? loaded,
    context: event.context,
    provider: made.provider,
    pricing,
    defaultModel: ctx.settings.defaultModel,
    target: event.target,
    repoLabels,
    events: adapters.events,
    clock: adapters.clock,
    ...(recalled.notes.length > 0 ? { memoryNotes: recalled.notes } : {}),
    ...(tools ? { tools: tools.toolsFor } : {})
  }).finally(() => tools?.close());
  // Without a connector the loop requires, the run is partial: its check cannot pass.
  const result = tools?.partialReason ? withoutRequiredTools(loop, answered, tools.partialReason) : answered;
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
    return { loop: loop.name, result, report };
  }

  const applied = await applyGenericPlan(
    octokit,
    repo,
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
      repoLabels,
      ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
      ...(adapters.checks ? { tracker: adapters.checks } : {})
    }
  );
  for (const problem of applied.problems) log.warn(`${loop.name}: ${problem}`);
  for (const refused of applied.refused) log.info(`${loop.name}: not written: ${refused.kind} ${refused.what.slice(0, 80)}: ${refused.reason}`);
  return { loop: loop.name, result, report: { ...report, applied } };
}

/** The plan in the log, one line a write. */
function planLines({ plan }: GenericResult): string[] {
  return [
    ...(plan.comment !== undefined ? [`comment: ${plan.comment.split('\n')[0]!.slice(0, 100)}`] : []),
    ...(plan.labels.length > 0 ? [`labels: ${plan.labels.join(', ')}`] : []),
    ...plan.issues.map((i) => `issue: ${i.title}`),
    ...(plan.releaseNotes !== undefined ? ['release notes'] : []),
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
