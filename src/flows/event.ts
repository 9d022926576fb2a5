/**
 * One event, start to end: load the loops, score them, route the event, answer a comment command
 * (for people with write access only), run the loops it selects, each through its kind's entry
 * (flows/kinds.ts) and the one skeleton (flows/skeleton.ts), and say what happened in the job
 * summary and the outputs, built from the loops' outcomes. The action's entry writes what this
 * returns; it fails the step only for LoopKit's own errors (bad loop files, a loop that crashed),
 * never because a review found something: check runs say that.
 */
import type { EngineEvents } from '../engine/calls.js';
import { GitHubLoopSource, GitHubSharedLoops, type GitHub } from '../github/index.js';
import { formatDiagnostic, hasErrors, loadProject, taskOf, type Diagnostic, type LoopFileSource } from '../loop/index.js';
import { scoreLoaded } from '../lrs/project.js';
import type { LrsReport } from '../lrs/index.js';
import { jobSummary, MAX_JOB_SUMMARY_BYTES, triageJobSummary } from '../render/index.js';
import { genericJobSummary } from '../render/generic.js';
import { routeEvent } from './routing.js';
import type { FlowAdapters, FlowContext, FlowEvent, FlowLog } from './adapters.js';
import { acknowledge, authorize, finishCommand, refuse, type CommandContext, type CommandResult } from './commands.js';
import { publishLrsCheck } from './lrs-check.js';
import { LOOP_KINDS, type Reported } from './kinds.js';
import { loopEnd } from './run-record.js';
import type { LoopOutcome } from './skeleton.js';

export interface EventOutcome {
  /** The step's outputs (action.yml `outputs`). */
  outputs: { lrs: string; grade: string; findings: string; 'verified-findings': string; tokens: string; 'cost-usd': string };
  /** The job summary, Markdown. */
  summary: string;
  /** Why the step fails, when it does: LoopKit's own errors only. */
  failures: string[];
}

export async function runEvent(ctx: FlowContext, given: FlowAdapters): Promise<EventOutcome> {
  const { owner, repo, event, settings } = ctx;
  const { log, github: octokit, identity } = given;
  // The loops' own files (a notes file, a skill) are read where the loops were: a fork's pull request cannot supply them either.
  const adapters = { ...given, loops: loopSource(event, given.loops, octokit, owner, repo, log) };
  // Skills and shared loops named npm:<package> are read where the loops are: a fork's workspace (its own `npm ci`) supplies none either.
  const project = await loadProject(adapters.loops, settings.config, {
    packages: adapters.loops,
    ...(octokit ? { github: new GitHubSharedLoops(octokit) } : {})
  });
  annotate(log, project.diagnostics);
  const reports = new Map<string, LrsReport>(project.loops.map((l) => [l.loop.name, scoreLoaded(l, project.settings)]));
  for (const report of reports.values()) {
    log.info(
      `LRS ${report.loop}: ${report.score} (${report.grade})${report.blockers.length ? ` · blocked: ${report.blockers.map((b) => b.message).join('; ')}` : ''}`
    );
  }

  const routing = routeEvent(project.loops, event);
  for (const s of routing.skipped) log.info(`skipped ${s.loop}: ${s.reason}`);

  // The LRS check belongs on a pull request's head, once per push; comment events on it would only repeat it.
  // It is published while the loops run (it never throws), so it adds nothing to the review's time.
  const lrsPublished =
    octokit && (event.name === 'pull_request' || event.name === 'pull_request_target')
      ? publishLrsCheck(ctx, { ...adapters, github: octokit }, [...reports.values()], project)
      : Promise.resolve();

  const skipped = [...routing.skipped];
  let routed = routing.run;
  // A command runs only for someone GitHub says has write access; without a token nobody can be asked.
  let commanding: CommandContext | undefined;
  if (routing.command) {
    const refused = (reason: string) => {
      log.notice(`/loopkit ${routing.command!.word} not run: ${reason}`);
      for (const r of routed) skipped.push({ loop: r.loaded.loop.name, reason: `not run: ${reason}` });
      routed = [];
    };
    if (!octokit || !identity) refused('no github-token: LoopKit cannot check who typed the command');
    else {
      const command: CommandContext = {
        octokit,
        identity,
        owner,
        repo,
        command: routing.command,
        log,
        stateFor: adapters.stateFor,
        run: ctx.run,
        clock: adapters.clock
      };
      const allowed = await authorize(command);
      if (allowed.ok) {
        commanding = command;
        await acknowledge(command, 'eyes');
      } else {
        refused(allowed.reason);
        await refuse(command);
      }
    }
  }

  const outcomes: LoopOutcome<Reported>[] = [];
  const reviewLoops = routed.filter((r) => taskOf(r.loaded.loop) === 'review').length;
  // Loops that keep their memory in a folder find it as the last run left it, and leave it for the next;
  // `/loopkit ignore` writes into the review loops' memory, so it carries their folders too.
  const steering = ['ignore', 'fixed', 'reopen'].includes(commanding?.command.word ?? '');
  const ignoring = steering ? project.loops.filter((l) => taskOf(l.loop) === 'review').map((l) => l.loop) : [];
  const folders = await adapters.carryFolders?.([...new Set([...routed.map((r) => r.loaded.loop), ...ignoring])]);
  // Saved even when a loop throws: what the others remembered is not lost.
  try {
    // Each kind runs through the skeleton, whose guard turns a crash into an outcome: one loop's crash never stops the next.
    for (const r of routed) {
      const kind = LOOP_KINDS[taskOf(r.loaded.loop)];
      const given = { routed: r, report: reports.get(r.loaded.loop.name)!, reviewLoops };
      const watched = adapters.observer?.loopStarted({ name: r.loaded.loop.name, task: taskOf(r.loaded.loop) });
      const events: EngineEvents = watched
        ? {
            info: (m) => adapters.events.info(m),
            warning: (m) => adapters.events.warning(m),
            call: (c) => {
              adapters.events.call(c);
              watched.call(c);
            }
          }
        : adapters.events;
      const outcome = await log.group(kind.title(given, ctx), () => kind.run(ctx, { ...adapters, events }, given));
      watched?.ended(loopEnd(outcome));
      outcomes.push(outcome);
    }
    if (commanding) {
      const results: CommandResult[] = outcomes.map((o) =>
        o.status === 'ran' ? { loop: o.loop, ok: o.ran.ok, ...(o.ran.failure ? { reason: o.ran.failure } : {}) } : { loop: o.loop, ok: false, reason: o.reason }
      );
      await finishCommand(commanding, project.loops, results);
    }
  } finally {
    await folders?.save();
  }

  const considered = routed.length > 0 ? routed.map((r) => reports.get(r.loaded.loop.name)!) : [...reports.values()];
  const lowest = considered.reduce<LrsReport | undefined>((low, r) => (!low || r.score < low.score ? r : low), undefined);
  await lrsPublished;
  const ran = outcomes.flatMap((o) => (o.status === 'ran' ? [o.ran] : []));
  // A crash after the model calls still spent what they cost.
  const spent = [...ran, ...outcomes.flatMap((o) => (o.status === 'crashed' && o.spent ? [o.spent] : []))];
  const outputs: EventOutcome['outputs'] = {
    lrs: lowest ? String(lowest.score) : '',
    grade: lowest?.grade ?? '',
    findings: String(ran.reduce((n, r) => n + r.findings, 0)),
    'verified-findings': String(ran.reduce((n, r) => n + r.verified, 0)),
    tokens: String(spent.reduce((n, r) => n + r.tokens, 0)),
    'cost-usd': spent.reduce((n, r) => n + r.costUsd, 0).toFixed(4)
  };
  const notRun = outcomes.flatMap((o) => (o.status === 'ran' ? [] : [{ loop: o.loop, reason: `not run: ${o.reason}` }]));
  const summary = eventSummary(ctx, [...reports.values()], [...skipped, ...notRun], outcomes);

  const failures: string[] = [];
  if (hasErrors(project.diagnostics)) {
    failures.push(`${project.diagnostics.filter((d) => d.severity === 'error').length} problem(s) in the loop files: see the annotations.`);
  } else if (project.loops.length === 0) {
    failures.push(
      `No loops found: add loops/*.yaml or \`loops:\` in ${settings.config} (\`loopkit init\` writes an example; install it with \`npm install -g github:loopkit/action\`).`
    );
  }
  for (const outcome of outcomes) if (outcome.status === 'crashed') failures.push(outcome.error);
  return { outputs, summary, failures };
}

/**
 * The job summary: the LRS of every loop, the loops that did not run (and why), the reviews, then
 * the triages and the generic runs in what room is left, then the learned notes ready to copy into
 * the loops' notes files (at most 16 KiB a loop).
 */
function eventSummary(ctx: FlowContext, lrs: LrsReport[], notRun: { loop: string; reason: string }[], outcomes: readonly LoopOutcome<Reported>[]): string {
  const sections = outcomes.flatMap((o) => (o.status === 'ran' ? [o.ran.section] : []));
  const reviews = sections.flatMap((s) => ('review' in s ? [s.review] : []));
  const triaged = sections.flatMap((s) => ('triage' in s ? [s.triage] : []));
  const generic = sections.flatMap((s) => ('generic' in s ? [s.generic] : []));
  const head = jobSummary({ reviews, lrs, skippedLoops: notRun, ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}) });
  const notes = outcomes.flatMap((o) => (o.status === 'ran' && o.notesSummary ? [o.notesSummary] : [])).join('\n\n');
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  const triageTail = triaged.length > 0 ? triageJobSummary(triaged, MAX_JOB_SUMMARY_BYTES - bytes(head) - bytes(notes) - 4) : '';
  const used = bytes(head) + bytes(notes) + bytes(triageTail) + 6;
  const tail = [triageTail, generic.length > 0 ? genericJobSummary(generic, MAX_JOB_SUMMARY_BYTES - used) : ''].filter((part) => part !== '').join('\n\n');
  return [head, tail, notes].filter((part) => part !== '').join('\n\n');
}

/**
 * Where the loops come from. A pull request from a fork (and any pull_request_target run, which
 * has secrets) gets the loops of its base commit, read through the API, so it cannot rewrite the
 * loop that reviews it; everything else reads the checked-out workspace.
 */
function loopSource(event: FlowEvent, workspace: LoopFileSource, octokit: GitHub | undefined, owner: string, repo: string, log: FlowLog): LoopFileSource {
  const pr = event.payload.pull_request as
    { base?: { sha?: string; repo?: { full_name?: string } }; head?: { repo?: { full_name?: string } | null } } | undefined;
  const fork = pr !== undefined && pr.head?.repo?.full_name !== pr.base?.repo?.full_name;
  const baseSha = pr?.base?.sha;
  if ((fork || event.name === 'pull_request_target') && baseSha && octokit) {
    log.info(
      `Reading the loops from the base commit ${baseSha.slice(0, 12)}: ${fork ? 'the pull request comes from a fork' : 'pull_request_target runs with secrets'}.`
    );
    return new GitHubLoopSource(octokit, { owner, repo }, baseSha);
  }
  return workspace;
}

/** Loop file problems on their lines (annotations in the action), plus a readable line in the log. */
function annotate(log: FlowLog, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    const at = { file: d.file, startLine: d.line, startColumn: d.column, title: d.path ? `LoopKit: ${d.path}` : 'LoopKit' };
    const message = `${d.message}${d.fix ? ` — fix: ${d.fix}` : ''}`;
    if (d.severity === 'error') log.error(message, at);
    else log.warn(message, at);
    log.info(formatDiagnostic(d));
  }
}
