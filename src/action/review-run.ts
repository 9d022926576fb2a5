/**
 * One review loop on one pull request, as the action runs it: a check run in progress at once,
 * the state of earlier runs, an incremental plan, the engine, then one review, the sticky
 * summary, the state and the completed check. Every failure on the way is reported where people
 * look (the check, the summary, the log) and nothing that was found is lost.
 */
import * as core from '@actions/core';
import { FileDiff } from '../diff/index.js';
import type { PullRequestSnapshot } from '../engine/context.js';
import type { Finding } from '../engine/finding.js';
import { atLeast, notRunGate, reviewGate, type Gate } from '../engine/gate.js';
import { runReview, type ReviewResult } from '../engine/review.js';
import {
  CheckRun,
  findStickyComment,
  fingerprintsInReviews,
  GitHubFileReader,
  listLoopKitReviewComments,
  planSince,
  postReview,
  readPullRequest,
  rejectionReason,
  upsertStickyComment,
  type GitHub,
  type ReviewComment
} from '../github/index.js';

import type { LoadedLoop } from '../loop/load.js';
import type { LrsReport } from '../lrs/index.js';
import { AnthropicProvider, DryRunProvider, DEFAULT_MODEL, anthropicPricing } from '../providers/index.js';
import type { ModelProvider } from '../providers/types.js';
import { escapeForLog, inlineComment, readPostedMarker, readStateMarker, reviewBody, reviewCheckOutput, summaryComment, summaryMarker } from '../render/index.js';
import { emptyState, stateKey, type StateDocument } from '../state/index.js';
import type { ActionInputs } from './inputs.js';
import { logEvents } from './log.js';
import { openCheckRuns } from './open-checks.js';
import { stateStore } from './state-store.js';

export interface ReviewRunArgs {
  routed: { loaded: LoadedLoop; pullNumber: number };
  report: LrsReport;
  inputs: ActionInputs;
  owner: string;
  repo: string;
  runUrl?: string;
  env: NodeJS.ProcessEnv;
  checkName: string;
  octokit?: GitHub;
  /** The head commit the event names, so the check can be created while the pull request is read. */
  headSha?: string;
  /** Review the whole pull request again, not only what changed since the last review (`/loopkit review`). */
  force?: boolean;
}

export interface ReviewOutcome {
  loop: string;
  result?: ReviewResult;
  /** Why no review ran. */
  reason?: string;
  gate?: Gate;
  /** An error of the action itself, which fails the step. */
  ownError?: string;
}

const FINDING_MARKER_PREFIX = 'loopkit:finding:';
const IGNORED_MARKER_PREFIX = 'loopkit:ignored:';

export async function reviewPullRequest(args: ReviewRunArgs): Promise<ReviewOutcome> {
  const { routed, report, inputs, owner, repo, env } = args;
  const loop = routed.loaded.loop;
  const outcome = (o: Omit<ReviewOutcome, 'loop'>): ReviewOutcome => ({ loop: loop.name, ...o });
  const octokit = args.octokit;
  if (!octokit) return outcome({ reason: 'no github-token: LoopKit cannot read the pull request' });

  // The pull request, the summary comment and (when the event names the head) the check are
  // independent requests: they go out together so start-up costs one round trip, not three.
  const marker = summaryMarker(loop.name);
  const stickyRead = findStickyComment(octokit, { owner, repo, issueNumber: routed.pullNumber, marker }).catch((error: unknown) => {
    core.warning(`Could not read the summary comment: ${rejectionReason(error)}`);
    return undefined;
  });
  const early = !inputs.dryRun && args.headSha ? startCheck(octokit, owner, repo, args.checkName, args.headSha, args.runUrl) : undefined;
  let pr: PullRequestSnapshot;
  try {
    pr = await readPullRequest(octokit, { owner, repo, number: routed.pullNumber });
  } catch (error) {
    core.warning(`Could not read pull request #${routed.pullNumber}: ${rejectionReason(error)}`);
    const reason = `could not read pull request #${routed.pullNumber}: ${rejectionReason(error)}`;
    await (await early)?.complete({ conclusion: 'neutral', title: `Review not run: ${reason}`, summary: `Review not run: ${reason}.`, annotations: [] }).catch(() => undefined);
    return outcome({ reason });
  }

  // Created before any model call, so a crash or a cancelled job leaves a visible in-progress check.
  let check = await early;
  if (check && args.headSha !== pr.headSha) {
    // A newer commit arrived since the event: the early check belongs to a commit this run does not review.
    await check.complete({ conclusion: 'neutral', title: 'Superseded by a newer commit', summary: `The pull request moved to ${pr.headSha.slice(0, 12)}; the review runs there.`, annotations: [] }).catch(() => undefined);
    check = undefined;
  }
  if (!check && !inputs.dryRun) check = await startCheck(octokit, owner, repo, args.checkName, pr.headSha, args.runUrl);
  const conclude = async (gate: Gate, result?: ReviewResult, extra?: string) => {
    if (!check) return;
    const output = result
      ? reviewCheckOutput(result, { failOn: loop.failOn ?? inputs.failOn, conclusion: gate.conclusion, reason: gate.title })
      : { title: gate.title, summary: `${gate.title}.${extra ? `\n\n${extra}` : ''}` };
    try {
      await check.complete({ conclusion: gate.conclusion, title: output.title, summary: output.summary, ...(output.text ? { text: output.text } : {}), annotations: [] });
    } catch (error) {
      core.warning(`Could not complete the ${args.checkName} check: ${rejectionReason(error)}`);
    }
  };
  const notRun = async (reason: string): Promise<ReviewOutcome> => {
    const gate = notRunGate(reason);
    core.notice(`${loop.name}: ${gate.title}`);
    await conclude(gate);
    return outcome({ reason, gate });
  };

  // Whatever goes wrong from here on, the check must not stay in progress or claim a review.
  try {
    if (report.blockers.length > 0) return notRun(`the loop has blockers (${report.blockers.map((b) => b.message).join('; ')})`);
    let provider: ModelProvider;
    if (inputs.dryRun) provider = new DryRunProvider();
    else if (!inputs.anthropicApiKey) {
      return notRun(pr.fork ? 'no Anthropic API key: pull requests from forks get no secrets' : 'no Anthropic API key (set the anthropic-api-key input)');
    } else provider = new AnthropicProvider({ apiKey: inputs.anthropicApiKey, ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}) });

    // State of earlier runs: the summary comment points at the exact cache key of the last save.
    const store = stateStore(loop.memory, inputs.cacheTimeoutMs, env);
    const sticky = await stickyRead;
    const pointer = sticky ? pointerOf(readStateMarker(sticky.body)) : undefined;
    let state: StateDocument = emptyState(loop.name, { kind: 'pull_request', number: pr.number });
    if (pointer) {
      const loaded = await store.load(pointer.key);
      if (loaded.warning) core.warning(loaded.warning);
      if (loaded.doc) state = loaded.doc;
    }
    // Without state, the bodies of earlier reviews tell which findings were posted without an
    // inline comment (inline ones carry their own markers, read below).
    const inReviewBodies =
      state.lastReviewedHead === undefined && sticky
        ? await fingerprintsInReviews(octokit, { owner, repo, number: pr.number, read: readPostedMarker }).catch((error: unknown) => {
            core.warning(`Could not list earlier reviews: ${rejectionReason(error)}`);
            return new Set<string>();
          })
        : new Set<string>();
    // What is already on the pull request counts even when the cache lost it, and is re-read just
    // before posting so two overlapping runs do not post the same finding twice.
    const onPullRequest = async () =>
      new Set(
        (await listLoopKitReviewComments(octokit, { owner, repo, number: pr.number, markerPrefix: FINDING_MARKER_PREFIX }).catch((error: unknown) => {
          core.warning(`Could not list earlier review comments: ${rejectionReason(error)}`);
          return [];
        })).map((c) => c.fingerprint)
      );

    const plan = args.force ? { mode: 'full' as const, note: 'full review on request (`/loopkit review`)' } : await planSince(octokit, owner, repo, pr, state.lastReviewedHead);
    core.info(`plan: ${plan.note}`);
    if (plan.mode === 'same-head' && !inputs.dryRun) {
      const open = state.posted.filter((p) => p.status === 'open');
      const gate = sameHeadGate(open, loop.failOn ?? inputs.failOn, state.lastReviewedHead!);
      await conclude(gate, undefined, `No new commits since the last review; ${open.length} verified finding(s) remain open.`);
      return outcome({ reason: plan.note, gate });
    }

    // `/loopkit ignore` is recorded in the state and in LoopKit's reply in the finding's thread; the
    // reply counts too, because a run on another ref (a comment command runs on the default branch)
    // cannot restore this pull request's cache entries.
    const ignoredInThreads = await listLoopKitReviewComments(octokit, { owner, repo, number: pr.number, markerPrefix: IGNORED_MARKER_PREFIX }).catch((error: unknown) => {
      core.warning(`Could not list the findings ignored on the pull request: ${rejectionReason(error)}`);
      return [];
    });
    const result = await runReview({
      loaded: routed.loaded,
      pr,
      provider,
      pricing: anthropicPricing,
      defaultModel: inputs.model ?? DEFAULT_MODEL,
      reader: new GitHubFileReader(octokit, { owner, repo }),
      events: logEvents,
      ignored: new Set([...state.ignored, ...ignoredInThreads.map((c) => c.fingerprint)]),
      ...(plan.mode === 'incremental' ? { onlyPaths: plan.paths } : {})
    });
    logResult(result);
    const gate = reviewGate(loop, result, inputs.failOn);
    if (inputs.dryRun) {
      core.info('dry run: nothing is posted to the pull request');
      return outcome({ result, gate });
    }

    // The review: new verified findings, most severe first, inline up to the cap; the rest in the body.
    const already = new Set([...state.posted.map((p) => p.fingerprint), ...inReviewBodies, ...(await onPullRequest())]);
    const fresh = result.verified.filter((f) => !already.has(f.fingerprint));
    const cap = inputs.maxComments ?? (loop.outputs ? (loop.outputs.review?.maxComments ?? 0) : 20);
    const diffs = new Map(pr.files.map((f) => [f.path, new FileDiff(f)] as const));
    const inline = fresh.filter((f) => f.anchor.ok).slice(0, cap);
    const notPlaced: Finding[] = fresh.filter((f) => !inline.includes(f));
    const posted = new Map<string, number | undefined>();
    if (inline.length > 0 || notPlaced.length > 0) {
      const comments: ReviewComment[] = inline.map((f) => inlineComment(f, diffs.get(f.path)));
      try {
        const res = await postReview(octokit, { owner, repo, number: pr.number, commitId: pr.headSha, body: reviewBody(notPlaced, { loop: loop.name }), comments });
        for (const p of res.posted) posted.set(p.key, p.commentId);
        for (const r of res.rejected) {
          core.warning(`GitHub refused the comment for ${r.key}: ${r.reason}; it is listed in the summary instead`);
          const finding = inline.find((f) => f.fingerprint === r.key);
          if (finding) notPlaced.push(finding);
        }
        if (res.bodyRejected) core.warning(`GitHub refused the review body: ${res.bodyRejected}`);
      } catch (error) {
        core.warning(`Could not post the review: ${rejectionReason(error)}; the findings are in the summary comment`);
        notPlaced.push(...inline.filter((f) => !notPlaced.includes(f)));
      }
      // Findings that reached the pull request only through the review body still count as posted.
      for (const f of notPlaced) if (!posted.has(f.fingerprint)) posted.set(f.fingerprint, undefined);
    }

    const outdated = updateState(state, result, pr, posted);
    const key = stateKey({ repo: `${owner}/${repo}`, loop: loop.name, subject: state.subject, head: pr.headSha, runId: env.GITHUB_RUN_ID ?? 'local', runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1' });
    const saved = await store.save(key, state);
    if (saved.warning) core.warning(saved.warning);

    // The summary, the escalation and the check are independent writes: they go out together.
    const summaryWritten = upsertStickyComment(octokit, {
        owner,
        repo,
        issueNumber: pr.number,
        marker,
        ...(sticky ? { known: sticky } : {}),
        body: summaryComment({
          result,
          lrs: { score: report.score, grade: report.grade },
          ...(args.runUrl ? { runUrl: args.runUrl } : {}),
          posted: [...posted.values()].filter((id) => id !== undefined).length,
          notPlaced,
          outdated,
          headSha: pr.headSha,
          ...(plan.mode === 'incremental' && state.lastReviewedHead ? { incremental: { from: plan.note } } : {}),
          // Point at the new entry only once it is saved; otherwise keep pointing at the last good one.
          ...(saved.saved ? { statePointer: { key } } : pointer ? { statePointer: pointer } : {})
        })
      }).then(
        () => undefined,
        (error: unknown) => core.warning(`Could not write the summary comment: ${rejectionReason(error)}`)
      );
    await Promise.all([summaryWritten, result.escalated ? escalate(octokit, owner, repo, pr, routed.loaded.loop.escalation) : undefined, conclude(gate, result)]);
    return outcome({ result, gate });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await conclude(notRunGate(`LoopKit failed unexpectedly (${message})`));
    return outcome({ reason: `failed unexpectedly: ${message}`, ownError: `LoopKit failed while reviewing #${pr.number}: ${error instanceof Error ? (error.stack ?? message) : message}` });
  }
}

/** When verification still falls short after the last round, a person is asked, as the loop says. */
async function escalate(octokit: GitHub, owner: string, repo: string, pr: PullRequestSnapshot, escalation: LoadedLoop['loop']['escalation']): Promise<void> {
  if (escalation?.label) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: [escalation.label] }).catch((error: unknown) => {
      core.warning(`Could not add the escalation label "${escalation.label}": ${rejectionReason(error)}`);
    });
  }
  const reviewers = (escalation?.reviewers ?? []).filter((r) => r.toLowerCase() !== pr.author.toLowerCase());
  if (reviewers.length > 0) {
    await octokit.rest.pulls.requestReviewers({ owner, repo, pull_number: pr.number, reviewers }).catch((error: unknown) => {
      core.warning(`Could not request a review from ${reviewers.join(', ')}: ${rejectionReason(error)}`);
    });
  }
}

/** Folds this run into the state; returns the earlier findings that no longer stand. */
function updateState(state: StateDocument, result: ReviewResult, pr: PullRequestSnapshot, posted: Map<string, number | undefined>): { path: string; claim: string }[] {
  const now = new Date().toISOString();
  const seen = new Set(result.findings.map((f) => f.fingerprint));
  const reviewed = new Set(pr.files.filter((f) => !result.coverage.skipped.some((s) => s.path === f.path)).map((f) => f.path));
  const present = new Set(pr.files.map((f) => f.path));
  const outdated: { path: string; claim: string }[] = [];
  for (const p of state.posted) {
    if (p.status !== 'open') continue;
    if (seen.has(p.fingerprint)) p.lastSeenHead = pr.headSha;
    else if (!present.has(p.path)) {
      p.status = 'resolved';
      outdated.push({ path: p.path, claim: p.claim });
    } else if (reviewed.has(p.path)) {
      p.status = 'outdated';
      outdated.push({ path: p.path, claim: p.claim });
    }
  }
  for (const f of result.verified) {
    if (!posted.has(f.fingerprint)) continue;
    const commentId = posted.get(f.fingerprint);
    state.posted.push({
      fingerprint: f.fingerprint,
      ...(commentId !== undefined ? { commentId } : {}),
      path: f.path,
      ...(f.anchor.ok ? { line: f.anchor.line } : {}),
      severity: f.severity,
      claim: f.claim,
      status: 'open',
      firstSeenHead: pr.headSha,
      lastSeenHead: pr.headSha
    });
  }
  state.lastReviewedHead = pr.headSha;
  state.reviewedAt = now;
  state.spend = { tokens: state.spend.tokens + result.tokens, costUsd: state.spend.costUsd + result.costUsd, runs: state.spend.runs + 1 };
  for (const r of result.rounds) state.rounds.push({ head: pr.headSha, round: r.round, score: r.score, passed: r.passed, at: now });
  return outdated;
}

function sameHeadGate(open: StateDocument['posted'], failOn: ActionInputs['failOn'], head: string): Gate {
  const blocking = failOn === 'none' ? [] : open.filter((p) => atLeast(p.severity, failOn));
  return blocking.length > 0
    ? { conclusion: 'failure', title: `Already reviewed at ${head.slice(0, 12)}: ${blocking.length} verified finding(s) at or above ${failOn} still open` }
    : { conclusion: 'success', title: `Already reviewed at ${head.slice(0, 12)}: no open verified finding at or above ${failOn}` };
}

function pointerOf(value: unknown): { key: string } | undefined {
  return value && typeof value === 'object' && typeof (value as { key?: unknown }).key === 'string' ? { key: (value as { key: string }).key } : undefined;
}

async function startCheck(octokit: GitHub, owner: string, repo: string, name: string, headSha: string, detailsUrl?: string): Promise<CheckRun | undefined> {
  try {
    return await CheckRun.start(octokit, { owner, repo, name, headSha, title: 'Review in progress', summary: 'LoopKit is reviewing this commit.', ...(detailsUrl ? { detailsUrl } : {}) }, openCheckRuns);
  } catch (error) {
    core.warning(`Could not create the ${name} check (it needs \`checks: write\`): ${rejectionReason(error)}`);
    return undefined;
  }
}

function logResult(result: ReviewResult): void {
  core.info(escapeForLog(`${result.loop}: ${result.status}${result.reasons.length ? ` (${result.reasons.join('; ')})` : ''} · ${result.findings.length} finding(s), ${result.verified.length} verified · ${result.tokens} tokens · $${result.costUsd.toFixed(4)}`));
  for (const f of result.findings) {
    core.info(escapeForLog(`  ${f.severity} ${f.path}:${f.line} [${f.verdict?.kind ?? 'unverified'}] ${f.claim}`));
  }
}
