/**
 * The action: the only place that reads inputs and writes outputs with @actions/core. It loads
 * the loops, scores them, routes the event, answers a comment command (for people with write
 * access only), runs the loops it selects (reviews of pull requests, triages of issues) and
 * reports everything in the job summary and the outputs. It fails the step only for its own
 * errors (bad inputs, loop files that do not validate), never because a review found something:
 * check runs say that.
 */
import * as core from '@actions/core';
import { context } from '@actions/github';
import { z } from 'zod';
import { FileSystemLoopSource, formatDiagnostic, hasErrors, loadProject, taskOf, type Diagnostic, type LoopFileSource } from '../loop/index.js';
import { createOctokit, GitHubLoopSource, TokenIdentity, type GitHub } from '../github/index.js';
import { scoreLoaded } from '../lrs/project.js';
import type { LrsReport } from '../lrs/index.js';
import type { ReviewResult } from '../engine/review.js';
import { escapeForLog, jobSummary, MAX_JOB_SUMMARY_BYTES, stripControls, triageJobSummary } from '../render/index.js';
import { acknowledge, authorize, finishCommand, refuse, type CommandContext, type CommandResult } from './commands.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { routeEvent, type EventInfo } from './routing.js';
import { publishLrsCheck } from './lrs-check.js';
import { actionLog } from './log.js';
import { reviewPullRequest, type ReviewOutcome } from './review-run.js';
import { carryMemoryFolders } from './state-store.js';
import { triageIssues, type TriageOutcome } from './triage-run.js';

export async function run(): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs();
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(escapeForLog(error.message));
      return;
    }
    throw error;
  }
  const env = process.env;
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const event = readEvent(inputs);
  // context.repo throws without GITHUB_REPOSITORY; outside a runner there is simply no repository.
  const { owner, repo } = env.GITHUB_REPOSITORY ? context.repo : { owner: '', repo: '' };
  const runUrl = env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;

  const octokit = inputs.githubToken ? createOctokit({ token: inputs.githubToken, log: actionLog }) : undefined;
  // Who LoopKit is on GitHub, learnt once: only its own comments' markers are believed.
  const identity = octokit ? new TokenIdentity(octokit) : undefined;
  const project = await loadProject(loopSource(event, workspace, octokit, owner, repo), inputs.config);
  annotate(project.diagnostics);
  const reports = new Map<string, LrsReport>(project.loops.map((l) => [l.loop.name, scoreLoaded(l, project.settings)]));
  for (const report of reports.values()) {
    core.info(escapeForLog(`LRS ${report.loop}: ${report.score} (${report.grade})${report.blockers.length ? ` · blocked: ${report.blockers.map((b) => b.message).join('; ')}` : ''}`));
  }

  const routing = routeEvent(project.loops, event);
  for (const s of routing.skipped) core.info(escapeForLog(`skipped ${s.loop}: ${s.reason}`));

  // The LRS check belongs on a pull request's head, once per push; comment events on it would only repeat it.
  // It is published while the loops run (it never throws), so it adds nothing to the review's time.
  const lrsPublished =
    octokit && (event.name === 'pull_request' || event.name === 'pull_request_target')
      ? publishLrsCheck({ octokit, inputs, owner, repo, event, ...(runUrl ? { runUrl } : {}), reports: [...reports.values()], project })
      : Promise.resolve();

  const eventHead = (event.payload.pull_request as { head?: { sha?: string } } | undefined)?.head?.sha;
  const skipped = [...routing.skipped];
  let routed = routing.run;
  // A command runs only for someone GitHub says has write access; without a token nobody can be asked.
  let commanding: CommandContext | undefined;
  if (routing.command) {
    const refused = (reason: string) => {
      core.notice(escapeForLog(`/loopkit ${routing.command!.word} not run: ${reason}`));
      for (const r of routed) skipped.push({ loop: r.loaded.loop.name, reason: `not run: ${reason}` });
      routed = [];
    };
    if (!octokit || !identity) refused('no github-token: LoopKit cannot check who typed the command');
    else {
      const ctx: CommandContext = { octokit, identity, owner, repo, command: routing.command, cacheTimeoutMs: inputs.cacheTimeoutMs };
      const allowed = await authorize(ctx);
      if (allowed.ok) {
        commanding = ctx;
        await acknowledge(ctx, 'eyes');
      } else {
        refused(allowed.reason);
        await refuse(ctx);
      }
    }
  }

  const reviews: ReviewResult[] = [];
  const outcomes: ReviewOutcome[] = [];
  const triages: TriageOutcome[] = [];
  const reviewLoops = routed.filter((r) => taskOf(r.loaded.loop) === 'review');
  const refs = restorableRefs(env, event);
  // Loops that keep their memory in a folder find it as the last run left it, and leave it for the next.
  const folders = await carryMemoryFolders(routed.map((r) => r.loaded.loop), inputs.cacheTimeoutMs, env);
  // Saved even when a loop throws: what the others remembered is not lost.
  try {
    for (const r of routed) {
      const name = r.loaded.loop.name;
      const report = reports.get(name)!;
      if (taskOf(r.loaded.loop) === 'triage') {
        const scope = r.issueNumber === undefined ? 'issues changed since the last triage' : `issue #${r.issueNumber}`;
        const outcome = await core.group(`LoopKit ${name} · ${scope}`, () =>
          triageIssues({ loaded: r.loaded, report, inputs, owner, repo, env, refs, ...(r.issueNumber !== undefined ? { issueNumber: r.issueNumber } : {}), ...(runUrl ? { runUrl } : {}), ...(octokit && identity ? { octokit, identity } : {}) })
        );
        triages.push(outcome);
        continue;
      }
      if (r.pullNumber === undefined) continue;
      const pullNumber = r.pullNumber;
      const outcome = await core.group(`LoopKit ${name} · pull request #${pullNumber}`, () =>
        reviewPullRequest({
          routed: { loaded: r.loaded, pullNumber },
          report,
          inputs,
          owner,
          repo,
          env,
          checkName: reviewLoops.length > 1 ? `LoopKit Review · ${name}` : 'LoopKit Review',
          ...(r.force ? { force: true } : {}),
          ...(eventHead ? { headSha: eventHead } : {}),
          ...(runUrl ? { runUrl } : {}),
          ...(octokit && identity ? { octokit, identity } : {})
        })
      );
      outcomes.push(outcome);
      if (outcome.result) reviews.push(outcome.result);
    }
  } finally {
    await folders.save();
  }
  if (commanding) {
    const results: CommandResult[] = [
      ...outcomes.map((o) => ({ loop: o.loop, ok: o.result !== undefined && !o.ownError, ...(o.reason ? { reason: o.reason } : {}) })),
      ...triages.map((t) => ({ loop: t.loop, ok: t.report !== undefined && t.report.result.status !== 'failed', reason: t.reason ?? t.report?.result.reasons.join('; ') ?? 'failed' }))
    ];
    await finishCommand(commanding, project.loops, results, env);
  }

  const triaged = triages.flatMap((t) => (t.report ? [t.report] : []));
  const considered = routed.length > 0 ? routed.map((r) => reports.get(r.loaded.loop.name)!) : [...reports.values()];
  const lowest = considered.reduce<LrsReport | undefined>((low, r) => (!low || r.score < low.score ? r : low), undefined);
  await lrsPublished;
  core.setOutput('lrs', lowest ? String(lowest.score) : '');
  core.setOutput('grade', lowest?.grade ?? '');
  core.setOutput('findings', String(reviews.reduce((n, r) => n + r.findings.length, 0)));
  core.setOutput('verified-findings', String(reviews.reduce((n, r) => n + r.verified.length, 0)));
  core.setOutput('tokens', String(reviews.reduce((n, r) => n + r.tokens, 0) + triaged.reduce((n, t) => n + t.result.tokens, 0)));
  core.setOutput('cost-usd', (reviews.reduce((n, r) => n + r.costUsd, 0) + triaged.reduce((n, t) => n + t.result.costUsd, 0)).toFixed(4));

  const notRun = [
    ...outcomes.filter((o) => !o.result).map((o) => ({ loop: o.loop, reason: `not run: ${o.reason ?? 'unknown'}` })),
    ...triages.filter((t) => !t.report).map((t) => ({ loop: t.loop, reason: `not run: ${t.reason ?? 'unknown'}` }))
  ];
  const head = jobSummary({ reviews, lrs: [...reports.values()], skippedLoops: [...skipped, ...notRun], ...(runUrl ? { runUrl } : {}) });
  const tail = triaged.length > 0 ? triageJobSummary(triaged, MAX_JOB_SUMMARY_BYTES - Buffer.byteLength(head, 'utf8') - 2) : '';
  await core.summary.addRaw(tail ? `${head}\n\n${tail}` : head).write();

  if (hasErrors(project.diagnostics)) {
    core.setFailed(`${project.diagnostics.filter((d) => d.severity === 'error').length} problem(s) in the loop files: see the annotations.`);
  } else if (project.loops.length === 0) {
    core.setFailed(escapeForLog(`No loops found: add loops/*.yaml or \`loops:\` in ${inputs.config} (\`loopkit init\` writes an example; install it with \`npm install -g github:loopkit/action\`).`));
  }
  for (const outcome of outcomes) if (outcome.ownError) core.setFailed(escapeForLog(outcome.ownError));
}

/**
 * Where the loops come from. A pull request from a fork (and any pull_request_target run, which
 * has secrets) gets the loops of its base commit, read through the API, so it cannot rewrite the
 * loop that reviews it; everything else reads the checked-out workspace.
 */
function loopSource(event: EventInfo, workspace: string, octokit: GitHub | undefined, owner: string, repo: string): LoopFileSource {
  const pr = event.payload.pull_request as { base?: { sha?: string; repo?: { full_name?: string } }; head?: { repo?: { full_name?: string } | null } } | undefined;
  const fork = pr !== undefined && pr.head?.repo?.full_name !== pr.base?.repo?.full_name;
  const baseSha = pr?.base?.sha;
  if ((fork || event.name === 'pull_request_target') && baseSha && octokit) {
    core.info(`Reading the loops from the base commit ${baseSha.slice(0, 12)}: ${fork ? 'the pull request comes from a fork' : 'pull_request_target runs with secrets'}.`);
    return new GitHubLoopSource(octokit, { owner, repo }, baseSha);
  }
  return new FileSystemLoopSource(workspace);
}

const RepositoryPayload = z.object({ repository: z.object({ default_branch: z.string().min(1) }) });

/**
 * The refs whose Actions cache entries this run can restore: its own and the default branch's.
 * Empty when neither is known, which lets the triage state be looked for on any ref.
 */
function restorableRefs(env: NodeJS.ProcessEnv, event: EventInfo): string[] {
  const repository = RepositoryPayload.safeParse(event.payload);
  const refs = [env.GITHUB_REF, repository.success ? `refs/heads/${repository.data.repository.default_branch}` : undefined];
  return [...new Set(refs.filter((r): r is string => typeof r === 'string' && r !== ''))];
}

/** The event as the toolkit reads it from the runner's GITHUB_EVENT_NAME and GITHUB_EVENT_PATH. */
function readEvent(inputs: ActionInputs): EventInfo {
  return { name: context.eventName ?? '', payload: context.payload as Record<string, unknown>, ...(inputs.loop ? { only: inputs.loop } : {}) };
}

/** Loop file problems as annotations on their lines, plus a readable line in the log. */
function annotate(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    const props = { file: stripControls(d.file), startLine: d.line, startColumn: d.column, title: d.path ? stripControls(`LoopKit: ${d.path}`) : 'LoopKit' };
    const message = escapeForLog(`${d.message}${d.fix ? ` — fix: ${d.fix}` : ''}`);
    if (d.severity === 'error') core.error(message, props);
    else core.warning(message, props);
    core.info(escapeForLog(formatDiagnostic(d)));
  }
}
