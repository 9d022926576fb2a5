/**
 * The review kind: one review loop on one pull request, as the action and `loopkit run --repo --pr`
 * run it through the skeleton (flows/skeleton.ts). Start: a check run in progress at once, the pull
 * request and LoopKit's own comments read together. Restore: the state of earlier reviews
 * (flows/review-state.ts) and an incremental plan. Run: the review preset of the rounds runner.
 * Publish: one review, the sticky summary with its record, the state and the completed check. Every
 * failure on the way is reported where people look (the check, the summary, the log) and nothing
 * that was found is lost.
 */
import { FileDiff } from '../diff/index.js';
import type { PullRequestSnapshot } from '../engine/context.js';
import type { Finding } from '../engine/finding.js';
import { notRunGate, reviewGate, type Gate } from '../engine/gate.js';
import { lifeCounts } from '../engine/lifecycle.js';
import { planReview, type ReviewPlan } from '../engine/plan.js';
import { runReview, type ReviewResult } from '../engine/review.js';
import { rejectionReason, type OwnReviewComments, type ReviewComment, type StickyComment } from '../github/index.js';
import type { LoadedLoop } from '../loop/load.js';
import type { LrsReport } from '../lrs/index.js';
import { inlineComment, reviewBody, reviewCheckOutput, summaryComment, summaryMarker, type LifeRow } from '../render/index.js';
import { learnFromFindings, persisted, recall, reviewRunRecord, type StateStore } from '../state/index.js';
import type { FlowAdapters, FlowContext, FlowLog } from './adapters.js';
import {
  findingsToRecheck,
  openFindings,
  recheckPlan,
  recordOf,
  restoreReviewState,
  sameHeadGate,
  settleReview,
  type ReviewState,
  type Settled
} from './review-state.js';
import {
  notRun,
  runKind,
  viaGitHub,
  type Connection,
  type KindRun as AnyKindRun,
  type LoopCheck,
  type LoopKind,
  type LoopOutcome,
  type NotRun,
  type Published
} from './skeleton.js';
import { GitHubReviewForge, type ForgeCheck, type ReviewForge } from './review-forge.js';
import { settleThreads } from './review-lifecycle.js';
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
  /** Where the pull request is read and the review written; absent: GitHub, as the adapters' token sees it. */
  forge?: ReviewForge;
  /** Only ask the checker again about the open findings (`/loopkit recheck`): no maker call, no file newly reviewed. */
  recheck?: boolean;
}

/** The review reads and writes through its forge alone. */
interface ReviewConnection extends Connection {
  forge: ReviewForge;
}

type KindRun<A> = AnyKindRun<A, ReviewConnection>;

/** What a review that ran did. */
export interface ReviewRan {
  result: ReviewResult;
  gate: Gate;
  /** What reached the pull request: inline comments, and findings listed in the review body or the summary instead; absent: nothing was written. */
  posted?: { inline: number; notPlaced: number };
}

export type ReviewOutcome = LoopOutcome<ReviewRan>;

/** The review's check run: closed with a gate alone, or with the review's result. */
interface ReviewCheck extends LoopCheck {
  /** `gateTitle`: the gate knows more than this run's result (findings from earlier reviews, files left), so its title is the check's. */
  conclude(gate: Gate, result: ReviewResult, gateTitle: boolean, counts: ReturnType<typeof lifeCounts>): Promise<void>;
}

interface Started {
  pr: PullRequestSnapshot;
  /** LoopKit's own login: only its comments are believed. */
  login: Promise<string>;
  /** LoopKit's summary; null: there is none; undefined: it could not be looked for. */
  sticky: Promise<StickyComment | null | undefined>;
  own: Promise<OwnReviewComments>;
  check?: ReviewCheck;
}

interface Restored {
  store: StateStore;
  sticky: StickyComment | null | undefined;
  own: OwnReviewComments;
  review: ReviewState;
  plan: ReviewPlan;
  /** Fingerprints listed in the bodies of earlier reviews (read only when the state document is lost). */
  inReviewBodies: Set<string>;
  notes: ReviewState['state'];
}

const NO_COMMENTS: OwnReviewComments = { posted: new Set(), ignored: new Set() };

const reviewKind: LoopKind<ReviewArgs, Started, Restored, ReviewResult, ReviewRan, ReviewConnection> = {
  reads: 'the pull request',
  connect: (ctx, adapters, { forge, pullNumber }) => {
    if (forge) return { forge, repository: forge.repository };
    const gitHub = viaGitHub(ctx, adapters);
    if (!gitHub) return undefined;
    const onGitHub = new GitHubReviewForge(gitHub.github, gitHub.identity, { owner: ctx.owner, repo: ctx.repo, number: pullNumber }, adapters.checks);
    return { forge: onGitHub, repository: gitHub.repository };
  },
  notRunGate,
  start: startReview,
  noProvider: ({ pr }, reason) => (pr.fork ? `${reason.replace(/ \(.*\)$/, '')}: pull requests from forks get no secrets` : reason),
  restore: restoreReview,
  commits: (_run, { pr }) => ({ head: pr.headSha, base: pr.baseSha }),
  run: ({ forge, args }, { pr }, { review, plan }, input) =>
    runReview({
      ...input,
      pr,
      reader: forge.files,
      ignored: review.ignored,
      ...(plan.mode === 'incremental' ? { onlyPaths: plan.paths } : {}),
      recheck: findingsToRecheck(review, pr, plan),
      ...(args.recheck ? { recheckOnly: true } : {})
    }),
  withoutTools: (_run, result, reason) => withoutRequiredTools(result, reason),
  publish: publishReview,
  spent: (result) => ({ tokens: result.tokens, costUsd: result.costUsd })
};

export function reviewPullRequest(ctx: FlowContext, adapters: FlowAdapters, args: ReviewArgs): Promise<ReviewOutcome> {
  return runKind(reviewKind, ctx, adapters, { loaded: args.loaded, report: args.report, args });
}

/**
 * The check (when the event names the head), the pull request and LoopKit's own comments are
 * independent requests: they go out together so start-up costs one round trip, not several.
 * Comments count only once LoopKit knows its own login; the check it creates tells it for free.
 */
async function startReview(run: KindRun<ReviewArgs>): Promise<Started | NotRun> {
  const { forge, adapters, args, held } = run;
  const { log } = adapters;
  const early = args.headSha ? openCheck(run, args.headSha) : undefined;
  // The check the forge creates may tell it LoopKit's login for free: asked once the check is there.
  const login = (async () => {
    await early;
    return forge.login();
  })();
  login.catch((error: unknown) =>
    log.warn(
      `Could not learn LoopKit's own GitHub login (${rejectionReason(error)}): no earlier LoopKit comment is believed, so the pull request is reviewed in full.`
    )
  );
  const prRead = forge.pullRequest();
  const { sticky, own } = readOwn(run, login, prRead);
  let pr: PullRequestSnapshot;
  try {
    pr = await prRead;
  } catch (error) {
    log.warn(`Could not read pull request #${args.pullNumber}: ${rejectionReason(error)}`);
    const check = await early;
    if (check) held.check = reviewCheck(run, check);
    return notRun(`could not read pull request #${args.pullNumber}: ${rejectionReason(error)}`);
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
  check ??= await openCheck(run, pr.headSha);
  const closing = check ? reviewCheck(run, check) : undefined;
  if (closing) held.check = closing;
  return { pr, login, sticky, own, ...(closing ? { check: closing } : {}) };
}

/**
 * LoopKit's summary and its own review comments. What is already on the pull request counts even
 * when the cache lost it: the findings LoopKit posted inline and the ones a maintainer ignored (a
 * command runs on the default branch, whose run cannot restore this pull request's cache entries).
 * GitHub counts a pull request's comments: a listing that would come back empty is not asked for.
 */
function readOwn(
  { forge, adapters, args }: KindRun<ReviewArgs>,
  login: Promise<string>,
  prRead: Promise<PullRequestSnapshot>
): Pick<Started, 'sticky' | 'own'> {
  const { log } = adapters;
  const counts = prRead.then(
    (p) => p.commentCounts,
    () => undefined
  );
  const marker = summaryMarker(args.loaded.loop.name);
  const sticky = login.then(
    async (id): Promise<StickyComment | null | undefined> => {
      if ((await counts)?.conversation === 0) return null;
      return forge.findSummary(marker, id).then(
        (found) => found ?? null,
        (error: unknown) => {
          log.warn(`Could not read the summary comment: ${rejectionReason(error)}`);
          return undefined;
        }
      );
    },
    () => undefined
  );
  const own = login.then(
    async (id) => {
      if ((await counts)?.review === 0) return NO_COMMENTS;
      return forge.ownReviewComments(id).catch((error: unknown) => {
        log.warn(`Could not list LoopKit's earlier review comments: ${rejectionReason(error)}`);
        return NO_COMMENTS;
      });
    },
    () => NO_COMMENTS
  );
  return { sticky, own };
}

/** The state of earlier reviews, and the plan: what is left to review, or nothing (the head was reviewed completely). */
async function restoreReview(run: KindRun<ReviewArgs>, started: Started): Promise<Restored | NotRun> {
  const { ctx, forge, adapters, args } = run;
  const { log } = adapters;
  const { loop } = args.loaded;
  const { pr } = started;
  const store = adapters.stateFor(loop.memory);
  const [sticky, own] = await Promise.all([started.sticky, started.own]);
  const review = await restoreReviewState(store, loop.name, pr, sticky?.body, own.ignored, log);
  const plan: ReviewPlan = args.recheck
    ? recheckPlan(review, pr)
    : args.force
      ? { mode: 'full', note: 'full review on request (`/loopkit review`)' }
      : planReview(pr, review.reviewed);
  log.info(`plan: ${plan.note}`);
  if (plan.mode === 'same-head' && ctx.settings.write) {
    const open = openFindings(review.state, review.ignored);
    return notRun(plan.note, {
      gate: sameHeadGate(open, loop.failOn ?? ctx.settings.failOn, pr.headSha, review.record?.escalated === true),
      detail: `No new commits since the last complete review; ${open.length} verified finding(s) remain open.`
    });
  }
  // Without the state document, the bodies of earlier reviews tell which findings were posted
  // without an inline comment (inline ones carry their own markers, read at the start).
  const inReviewBodies =
    !review.restored && sticky
      ? await started.login
          .then((id) => forge.fingerprintsInReviews(id))
          .catch((error: unknown) => {
            log.warn(`Could not list earlier reviews: ${rejectionReason(error)}`);
            return new Set<string>();
          })
      : new Set<string>();
  return { store, sticky, own, review, plan, inReviewBodies, notes: review.state };
}

/**
 * The review, the state, the summary with its record, the escalation and the check; a dry run only
 * logs. After the last model answer only what depends on another write waits for it: the review and
 * the state's save go out together (what the state records does not depend on how the post went, see
 * planPost); the check, the escalation and the threads of closed findings follow the review; the
 * summary follows the review and the save, because it lists what the review could not hold and
 * names the state entry, and names only an entry known to be saved, else the last good one.
 */
async function publishReview(
  run: KindRun<ReviewArgs>,
  started: Started,
  restored: Restored,
  result: ReviewResult,
  recalledSummary: string | undefined
): Promise<Published<ReviewRan>> {
  const { ctx, forge, adapters } = run;
  const { log } = adapters;
  const { loop } = run.loaded;
  const { pr } = started;
  logResult(log, result);
  if (!ctx.settings.write) {
    log.info('dry run: nothing is posted to the pull request');
    return { ran: { result, gate: reviewGate(loop, result, ctx.settings.failOn) }, ...(recalledSummary ? { notesSummary: recalledSummary } : {}) };
  }
  const plan = planPost(run, restored, result);
  const now = new Date(adapters.clock.now()).toISOString();
  const { review } = restored;
  const settled = settleReview(review, result, pr, new Set([...plan.inline, ...plan.notPlaced].map((f) => f.fingerprint)), now);
  const gate = reviewGate(loop, result, ctx.settings.failOn, { open: settled.earlier, unreviewedFiles: settled.unreviewed });
  // What the checker refuted is taught to a loop that learns; the job summary then offers this run's lessons too.
  const taught = learnFromFindings(loop.memory, review.state, result.findings, pr.number, now);
  const notes = taught === review.state ? Promise.resolve(recalledSummary) : recall(loop.memory, taught, adapters.loops).then((r) => r.summary);
  review.state = taught;
  // The review goes out first: the check waits for it, and the save's own work (zstd, tar) can run while it is in flight.
  const posting = postFindings(run, pr, plan);
  const saving = saveReviewState(run, pr, restored, result, now);
  // Listed once the review is there, so the summary links this run's new findings to their threads too.
  const lives = posting.then(() => settleThreads(forge, log, started.login, review.state.posted, settled.closed, pr.headSha));
  // A finding back after it was fixed is a person's to look at: asked once, on its first return only.
  const escalating = result.escalated || settled.returned.some((r) => r.first);
  const [posted, , , notesSummary] = await Promise.all([
    posting,
    Promise.all([posting, saving, lives]).then(([done, key, rows]) =>
      writeSummary(run, started, restored, { result, settled, posted: done, key, lives: rows })
    ),
    // Once the review is on the pull request, so the check and the escalation point at a review that is there.
    posting.then(() =>
      Promise.all([
        started.check?.conclude(gate, result, settled.earlier.length > 0 || settled.unreviewed > 0, lifeCounts(review.state.posted)),
        escalating ? escalate(forge, log, pr, loop.escalation) : undefined
      ])
    ),
    notes
  ]);
  return { ran: { result, gate, posted: { inline: posted.inline, notPlaced: posted.notPlaced.length } }, ...(notesSummary ? { notesSummary } : {}) };
}

/** What this run writes to the pull request: its new verified findings, most severe first, inline up to the cap; the rest listed in the review's body. */
interface PostPlan {
  inline: Finding[];
  notPlaced: Finding[];
}

interface Posted {
  inline: number;
  /** The findings without an inline comment: those planned so, and those GitHub refused or that a failed post left out. */
  notPlaced: Finding[];
  /** Those of notPlaced the review's body lists (it reached the pull request): the summary only counts them. */
  inBody: Finding[];
}

/**
 * The findings to post. Each of them counts as posted however the post goes: one GitHub refuses
 * inline, or that a failed post leaves out, is listed in the summary instead. So the state can be
 * settled and saved while the review is being posted.
 */
function planPost({ ctx, loaded }: KindRun<ReviewArgs>, restored: Restored, result: ReviewResult): PostPlan {
  const { loop } = loaded;
  const already = new Set([...restored.review.state.posted.map((p) => p.fingerprint), ...restored.inReviewBodies, ...restored.own.posted]);
  const fresh = result.verified.filter((f) => !already.has(f.fingerprint));
  const cap = ctx.settings.maxComments ?? (loop.outputs ? (loop.outputs.review?.maxComments ?? 0) : 20);
  const inline = fresh.filter((f) => f.anchor.ok).slice(0, cap);
  return { inline, notPlaced: fresh.filter((f) => !inline.includes(f)) };
}

/** The review: the planned findings inline, the rest in its body. */
async function postFindings({ forge, adapters, loaded }: KindRun<ReviewArgs>, pr: PullRequestSnapshot, plan: PostPlan): Promise<Posted> {
  const { log } = adapters;
  const { inline } = plan;
  const notPlaced = [...plan.notPlaced];
  let posted = 0;
  let inBody: Finding[] = [];
  if (inline.length === 0 && notPlaced.length === 0) return { inline: 0, notPlaced, inBody };
  const diffs = new Map(pr.files.map((f) => [f.path, new FileDiff(f)] as const));
  const comments: ReviewComment[] = inline.map((f) => inlineComment(f, diffs.get(f.path)));
  try {
    const res = await forge.postReview({
      commitId: pr.headSha,
      body: reviewBody(notPlaced, { loop: loaded.loop.name }),
      comments
    });
    if (!res.bodyRejected) inBody = [...notPlaced];
    posted = res.posted.length;
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
  return { inline: posted, notPlaced, inBody };
}

/** Saves the state under a fresh key; answers the key the record points at: the new one once saved, otherwise the last good one. */
async function saveReviewState(
  { ctx, adapters, loaded }: KindRun<ReviewArgs>,
  pr: PullRequestSnapshot,
  { store, review }: Restored,
  result: ReviewResult,
  now: string
): Promise<string | undefined> {
  const { loop } = loaded;
  const key = saveKey(store, {
    repo: `${ctx.owner}/${ctx.repo}`,
    loop: loop.name,
    subject: review.state.subject,
    head: pr.headSha,
    runId: ctx.run.id,
    runAttempt: ctx.run.attempt
  });
  const saved = await store.save(key, persisted(review.state, loop.memory?.persistence, reviewRunRecord(result, pr.headSha, now)));
  if (saved.warning) adapters.log.warn(saved.warning);
  return saved.saved ? key : review.record?.key;
}

/** The sticky summary, ending with the new record; a failure is a warning. */
async function writeSummary(
  { ctx, forge, adapters, loaded, report }: KindRun<ReviewArgs>,
  { pr, login }: Started,
  { sticky, plan }: Restored,
  done: { result: ReviewResult; settled: Settled; posted: Posted; key: string | undefined; lives: LifeRow[] }
): Promise<void> {
  await forge
    .upsertSummary({
      marker: summaryMarker(loaded.loop.name),
      login: await login.catch(() => ''),
      // Looked for at the start: edited by id, or created when there was none (listed again when unknown).
      ...(sticky !== undefined ? { known: sticky } : {}),
      body: summaryComment({
        result: done.result,
        lrs: { score: report.score, grade: report.grade },
        ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
        posted: done.posted.inline,
        // A finding the review's body lists is not listed again: the summary counts it.
        notPlaced: done.posted.notPlaced.filter((f) => !done.posted.inBody.includes(f)),
        inReviewBody: done.posted.inBody.length,
        outdated: done.settled.closed,
        lives: done.lives,
        headSha: pr.headSha,
        ...(plan.mode === 'incremental' ? { incremental: { note: plan.note } } : {}),
        record: recordOf(done.settled, pr.headSha, done.key)
      })
    })
    .then(
      () => undefined,
      (error: unknown) => adapters.log.warn(`Could not write the summary comment: ${rejectionReason(error)}`)
    );
}

/** The review's check: a gate alone (not run, already reviewed, crashed) or the review's own output. */
function reviewCheck({ ctx, adapters, loaded, args }: KindRun<ReviewArgs>, check: ForgeCheck): ReviewCheck {
  const complete = async (gate: Gate, output: { title: string; summary: string; text?: string }) => {
    try {
      await check.complete({
        conclusion: gate.conclusion,
        title: output.title,
        summary: output.summary,
        ...(output.text ? { text: output.text } : {}),
        annotations: []
      });
    } catch (error) {
      adapters.log.warn(`Could not complete the ${args.checkName} check: ${rejectionReason(error)}`);
    }
  };
  return {
    close: (gate, detail) => complete(gate, { title: gate.title, summary: `${gate.title}.${detail ? `\n\n${detail}` : ''}` }),
    conclude: (gate, result, gateTitle, counts) =>
      complete(
        gate,
        reviewCheckOutput(result, {
          failOn: loaded.loop.failOn ?? ctx.settings.failOn,
          conclusion: gate.conclusion,
          reason: gate.title,
          ...(gateTitle ? { title: gate.title } : {}),
          counts
        })
      )
  };
}

/** The check run in progress on `headSha`, when the run writes and names one. */
async function openCheck({ ctx, forge, adapters, args }: KindRun<ReviewArgs>, headSha: string): Promise<ForgeCheck | undefined> {
  if (!ctx.settings.write || !args.checkName) return undefined;
  const name = args.checkName;
  try {
    return await forge.startCheck({
      name,
      headSha,
      ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {}),
      title: 'Review in progress',
      summary: 'LoopKit is reviewing this commit.'
    });
  } catch (error) {
    adapters.log.warn(`Could not create the ${name} check (it needs \`checks: write\`): ${rejectionReason(error)}`);
    return undefined;
  }
}

/** When verification still falls short after the last round, a person is asked, as the loop says. */
async function escalate(forge: ReviewForge, log: FlowLog, pr: PullRequestSnapshot, escalation: LoadedLoop['loop']['escalation']): Promise<void> {
  if (escalation?.label) {
    await forge.addLabels([escalation.label]).catch((error: unknown) => {
      log.warn(`Could not add the escalation label "${escalation.label}": ${rejectionReason(error)}`);
    });
  }
  const reviewers = (escalation?.reviewers ?? []).filter((r) => r.toLowerCase() !== pr.author.toLowerCase());
  if (reviewers.length > 0) {
    await forge.requestReviewers(reviewers).catch((error: unknown) => {
      log.warn(`Could not request a review from ${reviewers.join(', ')}: ${rejectionReason(error)}`);
    });
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
