/**
 * One review loop on one pull request, as the action and `loopkit run --repo --pr` run it: a check run in progress at once,
 * the state of earlier runs, an incremental plan, the engine, then one review, the sticky
 * summary, the state and the completed check. Every failure on the way is reported where people
 * look (the check, the summary, the log) and nothing that was found is lost.
 */
import { FileDiff } from '../diff/index.js';
import type { PullRequestSnapshot } from '../engine/context.js';
import type { Finding } from '../engine/finding.js';
import { atLeast, notRunGate, reviewGate, type Gate } from '../engine/gate.js';
import { fileDigest, planReview, reviewedDigests, reviewedFrom, type ReviewPlan } from '../engine/plan.js';
import { runReview, SEVERITY_ORDER, type ReviewResult } from '../engine/review.js';
import {
  CheckRun,
  findStickyComment,
  fingerprintsInReviews,
  GitHubFileReader,
  postReview,
  readOwnReviewComments,
  readPullRequest,
  rejectionReason,
  upsertStickyComment,
  type GitHub,
  type OwnReviewComments,
  type ReviewComment,
  type StickyComment
} from '../github/index.js';

import type { LoadedLoop } from '../loop/load.js';
import type { LrsReport } from '../lrs/index.js';
import { pricing } from '../providers/index.js';
import {
  inlineComment,
  readReviewRecord,
  RECORD_MAX_FILES,
  RECORD_MAX_OPEN,
  reviewBody,
  reviewCheckOutput,
  summaryComment,
  summaryMarker,
  type ReviewRecord
} from '../render/index.js';
import { openTools } from './tools.js';
import { emptyState, learnFromFindings, persisted, recall, reviewRunRecord, type StateDocument } from '../state/index.js';
import type { FlowAdapters, FlowContext, FlowLog, FlowSettings } from './adapters.js';
import { saveKey } from './state-key.js';

export interface ReviewArgs {
  loaded: LoadedLoop;
  pullNumber: number;
  report: LrsReport;
  /** The check run the review reports in; absent: none (the CLI). */
  checkName?: string;
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
  /** What reached the pull request: inline comments, and findings listed in the review body or the summary instead. */
  posted?: { inline: number; notPlaced: number };
  /** The job summary's section of learned notes the loop's notes file does not hold yet. */
  notesSummary?: string;
}

const NO_COMMENTS: OwnReviewComments = { posted: new Set(), ignored: new Set() };

export async function reviewPullRequest(ctx: FlowContext, adapters: FlowAdapters, args: ReviewArgs): Promise<ReviewOutcome> {
  const { report, loaded } = args;
  const { owner, repo, settings } = ctx;
  const { log } = adapters;
  const loop = loaded.loop;
  const outcome = (o: Omit<ReviewOutcome, 'loop'>): ReviewOutcome => ({ loop: loop.name, ...o });
  const { github: octokit, identity } = adapters;
  if (!octokit || !identity) return outcome({ reason: 'no github-token: LoopKit cannot read the pull request' });
  const ref = { owner, repo, number: args.pullNumber };
  const startCheck = (headSha: string) =>
    settings.write && args.checkName
      ? openCheck(octokit, adapters, { owner, repo, name: args.checkName, headSha, ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {}) })
      : undefined;

  // The pull request, the check (when the event names the head) and LoopKit's own comments are
  // independent requests: they go out together so start-up costs one round trip, not several.
  // Comments count only once LoopKit knows its own login; the check it creates tells it for free.
  const marker = summaryMarker(loop.name);
  const early = args.headSha ? startCheck(args.headSha) : undefined;
  const login = (async () => {
    identity.learnFromApp((await early)?.app);
    return identity.get();
  })();
  login.catch((error: unknown) =>
    log.warn(
      `Could not learn LoopKit's own GitHub login (${rejectionReason(error)}): no earlier LoopKit comment is believed, so the pull request is reviewed in full.`
    )
  );
  const prRead = readPullRequest(octokit, ref);
  // GitHub counts a pull request's comments: a listing that would come back empty is not asked for.
  const counts = prRead.then(
    (p) => p.commentCounts,
    () => undefined
  );
  // LoopKit's summary; null: there is none; undefined: it could not be looked for.
  const stickyRead = login.then(
    async (id): Promise<StickyComment | null | undefined> => {
      if ((await counts)?.conversation === 0) return null;
      return findStickyComment(octokit, { owner, repo, issueNumber: args.pullNumber, marker, identity: id }).then(
        (found) => found ?? null,
        (error: unknown) => {
          log.warn(`Could not read the summary comment: ${rejectionReason(error)}`);
          return undefined;
        }
      );
    },
    () => undefined
  );
  // What is already on the pull request counts even when the cache lost it: the findings LoopKit
  // posted inline and the ones a maintainer ignored (a command runs on the default branch, whose
  // run cannot restore this pull request's cache entries).
  const ownRead = login.then(
    async (id) => {
      if ((await counts)?.review === 0) return NO_COMMENTS;
      return readOwnReviewComments(octokit, ref, id).catch((error: unknown) => {
        log.warn(`Could not list LoopKit's earlier review comments: ${rejectionReason(error)}`);
        return NO_COMMENTS;
      });
    },
    () => NO_COMMENTS
  );
  let pr: PullRequestSnapshot;
  try {
    pr = await prRead;
  } catch (error) {
    log.warn(`Could not read pull request #${args.pullNumber}: ${rejectionReason(error)}`);
    const reason = `could not read pull request #${args.pullNumber}: ${rejectionReason(error)}`;
    await (
      await early
    )
      ?.complete({ conclusion: 'neutral', title: `Review not run: ${reason}`, summary: `Review not run: ${reason}.`, annotations: [] })
      .catch(() => undefined);
    return outcome({ reason });
  }

  // Created before any model call, so a crash or a cancelled job leaves a visible in-progress check.
  let check = await early;
  if (check && args.headSha !== pr.headSha) {
    // A newer commit arrived since the event: the early check belongs to a commit this run does not review.
    await check
      .complete({
        conclusion: 'neutral',
        title: 'Superseded by a newer commit',
        summary: `The pull request moved to ${pr.headSha.slice(0, 12)}; the review runs there.`,
        annotations: []
      })
      .catch(() => undefined);
    check = undefined;
  }
  check ??= await startCheck(pr.headSha);
  /** `gateTitle`: the gate knows more than this run's result (findings from earlier reviews, files left), so its title is the check's. */
  const conclude = async (gate: Gate, result?: ReviewResult, extra?: string, gateTitle = false) => {
    if (!check) return;
    const output = result
      ? reviewCheckOutput(result, {
          failOn: loop.failOn ?? settings.failOn,
          conclusion: gate.conclusion,
          reason: gate.title,
          ...(gateTitle ? { title: gate.title } : {})
        })
      : { title: gate.title, summary: `${gate.title}.${extra ? `\n\n${extra}` : ''}` };
    try {
      await check.complete({
        conclusion: gate.conclusion,
        title: output.title,
        summary: output.summary,
        ...(output.text ? { text: output.text } : {}),
        annotations: []
      });
    } catch (error) {
      log.warn(`Could not complete the ${args.checkName} check: ${rejectionReason(error)}`);
    }
  };
  const notRun = async (reason: string): Promise<ReviewOutcome> => {
    const gate = notRunGate(reason);
    log.notice(`${loop.name}: ${gate.title}`);
    await conclude(gate);
    return outcome({ reason, gate });
  };

  // Whatever goes wrong from here on, the check must not stay in progress or claim a review.
  try {
    if (report.blockers.length > 0) return notRun(`the loop has blockers (${report.blockers.map((b) => b.message).join('; ')})`);
    const made = adapters.providerFor(loaded);
    if (!made.ok) return notRun(pr.fork ? `${made.reason.replace(/ \(.*\)$/, '')}: pull requests from forks get no secrets` : made.reason);
    const provider = made.provider;

    // What was reviewed: the record in LoopKit's own summary is authoritative; the state document
    // in the cache (found through the record) adds the details, when the cache still has it.
    const store = adapters.stateFor(loop.memory);
    const sticky = await stickyRead;
    const record = sticky ? readReviewRecord(sticky.body) : undefined;
    let state: StateDocument = emptyState(loop.name, { kind: 'pull_request', number: pr.number });
    let restored = false;
    if (record?.key) {
      const found = await store.load(record.key);
      if (found.warning) log.warn(found.warning);
      if (found.doc) {
        state = found.doc;
        restored = true;
      }
    }
    adoptRecord(state, record);
    const own = await ownRead;
    const ignored = new Set([...state.ignored, ...own.ignored]);
    const reviewed = reviewedFrom(record, state.reviewedFiles);
    const plan: ReviewPlan = args.force ? { mode: 'full', note: 'full review on request (`/loopkit review`)' } : planReview(pr, reviewed);
    log.info(`plan: ${plan.note}`);
    if (plan.mode === 'same-head' && settings.write) {
      const open = openFindings(state, ignored);
      const gate = sameHeadGate(open, loop.failOn ?? settings.failOn, pr.headSha);
      await conclude(gate, undefined, `No new commits since the last complete review; ${open.length} verified finding(s) remain open.`);
      return outcome({ reason: plan.note, gate });
    }

    // Without the state document, the bodies of earlier reviews tell which findings were posted
    // without an inline comment (inline ones carry their own markers, read above).
    const inReviewBodies =
      !restored && sticky
        ? await login
            .then((id) => fingerprintsInReviews(octokit, ref, id))
            .catch((error: unknown) => {
              log.warn(`Could not list earlier reviews: ${rejectionReason(error)}`);
              return new Set<string>();
            })
        : new Set<string>();
    // What maintainers taught the loop (and the notes file people keep), for its agents.
    const recalled = await recall(loop.memory, state, adapters.loops);
    if (recalled.warning) log.warn(recalled.warning);
    // The loop's tool connectors, open while the agents answer; a required one that failed makes the review partial.
    const tools = await openTools(loaded, adapters, { github: octokit, owner, repo }, { head: pr.headSha, base: pr.baseSha });
    const answered = await runReview({
      loaded: tools?.loaded ?? loaded,
      pr,
      provider,
      pricing,
      defaultModel: settings.defaultModel,
      reader: new GitHubFileReader(octokit, { owner, repo }),
      events: adapters.events,
      clock: adapters.clock,
      ignored,
      ...(recalled.notes.length > 0 ? { memoryNotes: recalled.notes } : {}),
      ...(tools ? { tools: tools.toolsFor } : {}),
      ...(plan.mode === 'incremental' ? { onlyPaths: plan.paths } : {})
    }).finally(() => tools?.close());
    const result = tools?.partialReason ? withoutRequiredTools(answered, tools.partialReason) : answered;
    logResult(log, result);
    if (!settings.write) {
      log.info('dry run: nothing is posted to the pull request');
      return outcome({ result, gate: reviewGate(loop, result, settings.failOn), ...(recalled.summary ? { notesSummary: recalled.summary } : {}) });
    }

    // The review: new verified findings, most severe first, inline up to the cap; the rest in the body.
    const already = new Set([...state.posted.map((p) => p.fingerprint), ...inReviewBodies, ...own.posted]);
    const fresh = result.verified.filter((f) => !already.has(f.fingerprint));
    const cap = settings.maxComments ?? (loop.outputs ? (loop.outputs.review?.maxComments ?? 0) : 20);
    const diffs = new Map(pr.files.map((f) => [f.path, new FileDiff(f)] as const));
    const inline = fresh.filter((f) => f.anchor.ok).slice(0, cap);
    const notPlaced: Finding[] = fresh.filter((f) => !inline.includes(f));
    const posted = new Set<string>();
    let postedInline = 0;
    if (inline.length > 0 || notPlaced.length > 0) {
      const comments: ReviewComment[] = inline.map((f) => inlineComment(f, diffs.get(f.path)));
      try {
        const res = await postReview(octokit, {
          owner,
          repo,
          number: pr.number,
          commitId: pr.headSha,
          body: reviewBody(notPlaced, { loop: loop.name }),
          comments
        });
        for (const key of res.posted) posted.add(key);
        postedInline = res.posted.length;
        for (const r of res.rejected) {
          log.warn(`GitHub refused the comment for ${r.key}: ${r.reason}; it is listed in the summary instead`);
          const finding = inline.find((f) => f.fingerprint === r.key);
          if (finding) notPlaced.push(finding);
        }
        if (res.bodyRejected) log.warn(`GitHub refused the review body: ${res.bodyRejected}`);
      } catch (error) {
        log.warn(`Could not post the review: ${rejectionReason(error)}; the findings are in the summary comment`);
        notPlaced.push(...inline.filter((f) => !notPlaced.includes(f)));
      }
      // Findings that reached the pull request only through the review body or the summary still count as posted.
      for (const f of notPlaced) posted.add(f.fingerprint);
    }

    const now = new Date(adapters.clock.now()).toISOString();
    const outdated = updateState(state, result, pr, posted, now);
    const digests = reviewedDigests(pr, reviewed?.files, new Set(result.coverage.settled));
    const unreviewed = pr.files.filter((f) => !digests.has(fileDigest(f))).length;
    const complete = result.status === 'complete' && unreviewed === 0;
    state.reviewedFiles = [...digests];
    if (complete) {
      state.lastReviewedHead = pr.headSha;
      state.reviewedAt = now;
    }
    const open = openFindings(state, ignored);
    const earlier = open.filter((p) => !result.verified.some((f) => f.fingerprint === p.fingerprint));
    const gate = reviewGate(loop, result, settings.failOn, { open: earlier, unreviewedFiles: unreviewed });
    // What the checker refuted is taught to a loop that learns; the job summary then offers this run's lessons too.
    const taught = learnFromFindings(loop.memory, state, result.findings, pr.number, now);
    const notesSummary = taught === state ? recalled.summary : (await recall(loop.memory, taught, adapters.loops)).summary;
    state = taught;
    const key = saveKey(store, {
      repo: `${owner}/${repo}`,
      loop: loop.name,
      subject: state.subject,
      head: pr.headSha,
      runId: ctx.run.id,
      runAttempt: ctx.run.attempt
    });
    const saved = await store.save(key, persisted(state, loop.memory?.persistence, reviewRunRecord(result, pr.headSha, now)));
    if (saved.warning) log.warn(saved.warning);
    // Point at the new entry only once it is saved; otherwise keep pointing at the last good one.
    const stateKeyNow = saved.saved ? key : record?.key;
    const newRecord: ReviewRecord = {
      v: 1,
      ...(stateKeyNow ? { key: stateKeyNow } : {}),
      head: pr.headSha,
      complete,
      ...(digests.size <= RECORD_MAX_FILES ? { files: [...digests] } : {}),
      open: open.slice(0, RECORD_MAX_OPEN).map((p) => ({ fingerprint: p.fingerprint, severity: p.severity, path: p.path }))
    };

    // The summary, the escalation and the check are independent writes: they go out together.
    const summaryWritten = upsertStickyComment(octokit, {
      owner,
      repo,
      issueNumber: pr.number,
      marker,
      identity: await login.catch(() => ''),
      // Looked for at the start: edited by id, or created when there was none (listed again when unknown).
      ...(sticky !== undefined ? { known: sticky } : {}),
      body: summaryComment({
        result,
        lrs: { score: report.score, grade: report.grade },
        ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
        posted: postedInline,
        notPlaced,
        outdated,
        headSha: pr.headSha,
        ...(plan.mode === 'incremental' ? { incremental: { note: plan.note } } : {}),
        record: newRecord
      })
    }).then(
      () => undefined,
      (error: unknown) => log.warn(`Could not write the summary comment: ${rejectionReason(error)}`)
    );
    await Promise.all([
      summaryWritten,
      result.escalated ? escalate(octokit, log, { owner, repo }, pr, loop.escalation) : undefined,
      conclude(gate, result, undefined, earlier.length > 0 || unreviewed > 0)
    ]);
    return outcome({ result, gate, posted: { inline: postedInline, notPlaced: notPlaced.length }, ...(notesSummary ? { notesSummary } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await conclude(notRunGate(`LoopKit failed unexpectedly (${message})`));
    return outcome({
      reason: `failed unexpectedly: ${message}`,
      ownError: `LoopKit failed while reviewing #${pr.number}: ${error instanceof Error ? (error.stack ?? message) : message}`
    });
  }
}

/**
 * What the summary's record says and the state document does not know (the cache entry is gone,
 * or older than the record): the findings still open, so the gate counts them and none is posted again.
 */
function adoptRecord(state: StateDocument, record: ReviewRecord | undefined): void {
  if (!record) return;
  const known = new Set(state.posted.map((p) => p.fingerprint));
  for (const o of record.open) {
    if (known.has(o.fingerprint)) continue;
    state.posted.push({
      fingerprint: o.fingerprint,
      path: o.path,
      severity: o.severity,
      claim: '',
      status: 'open',
      firstSeenHead: record.head,
      lastSeenHead: record.head
    });
  }
}

/** Verified findings posted and still open, not ignored, most severe first. */
function openFindings(state: StateDocument, ignored: ReadonlySet<string>): StateDocument['posted'] {
  return state.posted
    .filter((p) => p.status === 'open' && !ignored.has(p.fingerprint))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}

/** When verification still falls short after the last round, a person is asked, as the loop says. */
async function escalate(
  octokit: GitHub,
  log: FlowLog,
  { owner, repo }: { owner: string; repo: string },
  pr: PullRequestSnapshot,
  escalation: LoadedLoop['loop']['escalation']
): Promise<void> {
  if (escalation?.label) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: [escalation.label] }).catch((error: unknown) => {
      log.warn(`Could not add the escalation label "${escalation.label}": ${rejectionReason(error)}`);
    });
  }
  const reviewers = (escalation?.reviewers ?? []).filter((r) => r.toLowerCase() !== pr.author.toLowerCase());
  if (reviewers.length > 0) {
    await octokit.rest.pulls.requestReviewers({ owner, repo, pull_number: pr.number, reviewers }).catch((error: unknown) => {
      log.warn(`Could not request a review from ${reviewers.join(', ')}: ${rejectionReason(error)}`);
    });
  }
}

/** Folds this run into the state; returns the earlier findings that no longer stand. */
function updateState(
  state: StateDocument,
  result: ReviewResult,
  pr: PullRequestSnapshot,
  posted: ReadonlySet<string>,
  now: string
): { path: string; claim: string }[] {
  const seen = new Set(result.findings.map((f) => f.fingerprint));
  // Only a file whose review completed can show that an earlier finding no longer stands.
  const reviewed = new Set(result.coverage.settled);
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
    state.posted.push({
      fingerprint: f.fingerprint,
      path: f.path,
      ...(f.anchor.ok ? { line: f.anchor.line } : {}),
      severity: f.severity,
      claim: f.claim,
      status: 'open',
      firstSeenHead: pr.headSha,
      lastSeenHead: pr.headSha
    });
  }
  state.spend = { tokens: state.spend.tokens + result.tokens, costUsd: state.spend.costUsd + result.costUsd, runs: state.spend.runs + 1 };
  for (const r of result.rounds) state.rounds.push({ head: pr.headSha, round: r.round, score: r.score, passed: r.passed, at: now });
  return outdated;
}

function sameHeadGate(open: StateDocument['posted'], failOn: FlowSettings['failOn'], head: string): Gate {
  const blocking = failOn === 'none' ? [] : open.filter((p) => atLeast(p.severity, failOn));
  return blocking.length > 0
    ? { conclusion: 'failure', title: `Already reviewed at ${head.slice(0, 12)}: ${blocking.length} verified finding(s) at or above ${failOn} still open` }
    : { conclusion: 'success', title: `Already reviewed at ${head.slice(0, 12)}: no open verified finding at or above ${failOn}` };
}

async function openCheck(
  octokit: GitHub,
  { log, checks }: FlowAdapters,
  start: { owner: string; repo: string; name: string; headSha: string; detailsUrl?: string }
): Promise<CheckRun | undefined> {
  const { name } = start;
  try {
    return await CheckRun.start(octokit, { ...start, title: 'Review in progress', summary: 'LoopKit is reviewing this commit.' }, checks);
  } catch (error) {
    log.warn(`Could not create the ${name} check (it needs \`checks: write\`): ${rejectionReason(error)}`);
    return undefined;
  }
}

function logResult(log: FlowLog, result: ReviewResult): void {
  log.info(
    `${result.loop}: ${result.status}${result.reasons.length ? ` (${result.reasons.join('; ')})` : ''} · ${result.findings.length} finding(s), ${result.verified.length} verified · ${result.tokens} tokens · $${result.costUsd.toFixed(4)}`
  );
  for (const f of result.findings) log.info(`  ${f.severity} ${f.path}:${f.line} [${f.verdict?.kind ?? 'unverified'}] ${f.claim}`);
}

/** A review whose required tool connector was missing did not happen as the loop declares: partial, and no file counts as reviewed. */
function withoutRequiredTools(result: ReviewResult, reason: string): ReviewResult {
  return {
    ...result,
    status: result.status === 'failed' ? 'failed' : 'partial',
    reasons: [...result.reasons, reason],
    coverage: { ...result.coverage, settled: [] }
  };
}
