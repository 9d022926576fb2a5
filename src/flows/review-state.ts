/**
 * A review loop's state on one pull request, reconciled in one place: the record at the end of
 * LoopKit's summary (render/markers.ts: authoritative, it survives a lost cache entry), the state
 * document the record points at (state/document.ts: the details, when the cache still has it), what
 * is already on the pull request (LoopKit's own comments), and what a run adds. A flow reads the
 * state with `restoreReviewState`, plans with `reviewedFrom` (engine/plan.ts), folds a run in with
 * `settleReview`, and writes the new record with `recordOf`; the gate (engine/gate.ts) is given
 * what this module says is still open.
 */
import type { PullRequestSnapshot } from '../engine/context.js';
import { atLeast, type Gate } from '../engine/gate.js';
import { advanceLives, countRefuted, REFUTATIONS_TO_STOP, reopenReturned, stopped, toRecheck, type Closed } from '../engine/lifecycle.js';
import { fileDigest, reviewedDigests, reviewedFrom, type ReviewPlan, type Reviewed } from '../engine/plan.js';
import type { RecheckItem } from '../engine/recheck.js';
import { SEVERITY_ORDER, type ReviewResult } from '../engine/review.js';
import { RECORD_MAX_FILES, RECORD_MAX_OPEN, readReviewRecord, type ReviewRecord } from '../render/index.js';
import { emptyState, type StateDocument, type StateStore } from '../state/index.js';
import type { FlowLog, FlowSettings } from './adapters.js';

export type { ReviewRecord };

/** What is known of earlier reviews of a pull request. */
export interface ReviewState {
  /** The record in LoopKit's summary; undefined when there is no summary, or none LoopKit can trust. */
  record?: ReviewRecord;
  state: StateDocument;
  /** Whether the state document came from the store (else the bodies of earlier reviews are the only trace of findings listed there). */
  restored: boolean;
  /** Findings people told LoopKit to ignore: the state's and those replied to on the pull request. */
  ignored: Set<string>;
  /** What was reviewed completely, for the plan. */
  reviewed: Reviewed | undefined;
}

/** The summary's record and the state document its key names, when the store still has it: as they were saved, nothing adopted. */
export async function loadRecorded(
  store: StateStore,
  loop: string,
  number: number,
  summaryBody: string | undefined,
  log: Pick<FlowLog, 'warn'>
): Promise<{ record?: ReviewRecord; state: StateDocument; restored: boolean }> {
  const record = summaryBody !== undefined ? readReviewRecord(summaryBody) : undefined;
  const state = emptyState(loop, { kind: 'pull_request', number });
  if (!record?.key) return { ...(record ? { record } : {}), state, restored: false };
  const found = await store.load(record.key);
  if (found.warning) log.warn(found.warning);
  return { record, state: found.doc ?? state, restored: found.doc !== null && found.doc !== undefined };
}

/**
 * The state of earlier reviews: the summary's record, the state document its key names (when the
 * store still has it), and what the record says that the document does not know.
 */
export async function restoreReviewState(
  store: StateStore,
  loop: string,
  pr: PullRequestSnapshot,
  summaryBody: string | undefined,
  ignoredOnPull: ReadonlySet<string>,
  log: Pick<FlowLog, 'warn'>
): Promise<ReviewState> {
  const { record, state, restored } = await loadRecorded(store, loop, pr.number, summaryBody, log);
  adoptRecord(state, record);
  return {
    ...(record ? { record } : {}),
    state,
    restored,
    // A dismissed finding, or one the checker refuted twice, is never raised again on this pull request.
    ignored: new Set([
      ...state.ignored,
      ...ignoredOnPull,
      ...state.posted.filter(stopped).map((p) => p.fingerprint),
      ...(state.refuted ?? []).filter((r) => r.count >= REFUTATIONS_TO_STOP).map((r) => r.fingerprint)
    ]),
    reviewed: reviewedFrom(record, state.reviewedFiles)
  };
}

/** `/loopkit ignore`: the finding is dismissed in the state document (in place), by whom and why; answers it as it was posted, if known. */
export function ignoreInState(state: StateDocument, fingerprint: string, by: { by: string; reason?: string }): StateDocument['posted'][number] | undefined {
  if (!state.ignored.includes(fingerprint)) state.ignored.push(fingerprint);
  const posted = state.posted.find((p) => p.fingerprint === fingerprint);
  if (posted) {
    posted.status = 'dismissed';
    posted.dismissed = by;
  }
  return posted;
}

/**
 * `/loopkit fixed` (fixed at `head`, the last reviewed head) or `/loopkit reopen` (open again) in
 * the state document (in place); answers the finding, or undefined when this state never posted it.
 */
export function markInState(
  state: StateDocument,
  fingerprint: string,
  word: 'fixed' | 'reopen',
  head: string | undefined
): StateDocument['posted'][number] | undefined {
  const posted = state.posted.find((p) => p.fingerprint === fingerprint);
  if (!posted) return undefined;
  if (word === 'fixed') {
    posted.status = 'fixed';
    if (head) posted.closedIn = head;
  } else {
    posted.status = 'open';
    delete posted.closedIn;
    posted.refutations = 0;
  }
  return posted;
}

/** `/loopkit reopen` in the record: the finding is open again, so the gate counts it without the cache. */
export function recordWith(
  record: ReviewRecord,
  p: Pick<StateDocument['posted'][number], 'fingerprint' | 'severity' | 'path'>,
  key: string | undefined
): ReviewRecord {
  const open = [...record.open.filter((o) => o.fingerprint !== p.fingerprint), { fingerprint: p.fingerprint, severity: p.severity, path: p.path }];
  open.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return { ...record, open: open.slice(0, RECORD_MAX_OPEN), ...(key ? { key } : {}) };
}

/**
 * `/loopkit ignore` in the record: the finding leaves its open list, so the gate no longer counts
 * it; the record keeps what was reviewed, and points at `key` once the state was saved there.
 */
export function recordWithout(record: ReviewRecord, fingerprint: string, key: string | undefined): ReviewRecord {
  return { ...record, open: record.open.filter((o) => o.fingerprint !== fingerprint), ...(key ? { key } : {}) };
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
export function openFindings(state: StateDocument, ignored: ReadonlySet<string>): StateDocument['posted'] {
  return state.posted
    .filter((p) => p.status === 'open' && !ignored.has(p.fingerprint))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}

/**
 * The gate of a head reviewed completely before: the findings still open count, and a review whose
 * verification did not settle stays with the person it was escalated to (never success on a re-run).
 */
export function sameHeadGate(open: StateDocument['posted'], failOn: FlowSettings['failOn'], head: string, escalated = false): Gate {
  const blocking = failOn === 'none' ? [] : open.filter((p) => atLeast(p.severity, failOn));
  if (blocking.length > 0)
    return {
      conclusion: 'failure',
      title: `Already reviewed at ${head.slice(0, 12)}: ${blocking.length} verified finding(s) at or above ${failOn} still open`
    };
  if (escalated) return { conclusion: 'neutral', title: `Already reviewed at ${head.slice(0, 12)}: verification unsettled, a person decides` };
  return { conclusion: 'success', title: `Already reviewed at ${head.slice(0, 12)}: no open verified finding at or above ${failOn}` };
}

/**
 * The open findings the checker is asked about again at this head: those on a file changed since
 * the last review (every file of a full review), not dismissed.
 */
export function findingsToRecheck(review: ReviewState, pr: PullRequestSnapshot, plan: ReviewPlan): RecheckItem[] {
  const open = review.state.posted.filter((p) => !review.ignored.has(p.fingerprint));
  return toRecheck(open, new Set(pr.files.map((f) => f.path)), plan.mode === 'incremental' ? plan.paths : 'all');
}

/** `/loopkit recheck`: the files of the open findings, for the checker alone (never a same-head skip). */
export function recheckPlan(review: ReviewState, pr: PullRequestSnapshot): ReviewPlan {
  const present = new Set(pr.files.map((f) => f.path));
  const paths = new Set(openFindings(review.state, review.ignored).flatMap((p) => (present.has(p.path) ? [p.path] : [])));
  return { mode: 'incremental', paths, note: `recheck of ${paths.size} file(s) with open findings on request (\`/loopkit recheck\`)` };
}

/** A run folded into the state: what it settled, and what the gate and the summary need. */
export interface Settled {
  /** Earlier findings that no longer stand: fixed (the checker said so at this head) or outdated (their file left the pull request). */
  closed: Closed[];
  /** Earlier fixed findings the makers report again; `first`: this is its first return, escalated once. */
  returned: { fingerprint: string; path: string; claim: string; first: boolean }[];
  /** Digests of the files reviewed completely, this run's and earlier ones still in the pull request. */
  digests: Set<string>;
  unreviewed: number;
  /** Every file reviewed completely, and the run complete: the head counts as reviewed. */
  complete: boolean;
  /** The checker could not settle every finding: the loop escalated, and the head stays with a person. */
  escalated: boolean;
  /** Findings still open after this run, most severe first. */
  open: StateDocument['posted'];
  /** The open ones this run did not find again: the gate carries them. */
  earlier: StateDocument['posted'];
}

/** Folds this run into `review.state` (in place): the findings posted, those that no longer stand, the files reviewed, the spend. */
export function settleReview(review: ReviewState, result: ReviewResult, pr: PullRequestSnapshot, posted: ReadonlySet<string>, now: string): Settled {
  const { state } = review;
  const { closed, returned } = updateState(state, result, pr, posted, now);
  const digests = reviewedDigests(pr, review.reviewed?.files, new Set(result.coverage.settled));
  const unreviewed = pr.files.filter((f) => !digests.has(fileDigest(f))).length;
  const complete = result.status === 'complete' && unreviewed === 0;
  state.reviewedFiles = [...digests];
  if (complete) {
    state.lastReviewedHead = pr.headSha;
    state.reviewedAt = now;
  }
  const open = openFindings(state, review.ignored);
  const earlier = open.filter((p) => !result.verified.some((f) => f.fingerprint === p.fingerprint));
  return { closed, returned, digests, unreviewed, complete, escalated: result.escalated, open, earlier };
}

/** The record the new summary ends with; `key`: the state entry saved with it, else the last good one. */
export function recordOf(settled: Settled, head: string, key: string | undefined): ReviewRecord {
  return {
    v: 1,
    ...(key ? { key } : {}),
    head,
    complete: settled.complete,
    ...(settled.escalated ? { escalated: true as const } : {}),
    ...(settled.digests.size <= RECORD_MAX_FILES ? { files: [...settled.digests] } : {}),
    open: settled.open.slice(0, RECORD_MAX_OPEN).map((p) => ({ fingerprint: p.fingerprint, severity: p.severity, path: p.path }))
  };
}

/** Folds this run into the state (engine/lifecycle.ts decides each finding's life); returns what closed and what came back. */
function updateState(
  state: StateDocument,
  result: ReviewResult,
  pr: PullRequestSnapshot,
  posted: ReadonlySet<string>,
  now: string
): Pick<Settled, 'closed' | 'returned'> {
  const closed = advanceLives(state.posted, {
    head: pr.headSha,
    present: new Set(pr.files.map((f) => f.path)),
    rechecked: result.rechecked,
    seen: new Set(result.findings.map((f) => f.fingerprint))
  });
  const returned: Settled['returned'] = [];
  for (const f of result.verified) {
    const earlier = state.posted.find((p) => p.fingerprint === f.fingerprint);
    if (earlier?.status === 'fixed') {
      returned.push({ fingerprint: f.fingerprint, path: f.path, claim: f.claim, first: reopenReturned(earlier, pr.headSha) });
      continue;
    }
    if (earlier || !posted.has(f.fingerprint)) continue;
    state.posted.push({
      fingerprint: f.fingerprint,
      path: f.path,
      ...(f.anchor.ok ? { line: f.anchor.line } : {}),
      severity: f.severity,
      claim: f.claim,
      quote: f.quote,
      category: f.category,
      status: 'open',
      firstSeenHead: pr.headSha,
      lastSeenHead: pr.headSha
    });
  }
  const refuted = countRefuted(state.refuted ?? [], result.findings);
  if (refuted.length > 0) state.refuted = refuted;
  state.spend = { tokens: state.spend.tokens + result.tokens, costUsd: state.spend.costUsd + result.costUsd, runs: state.spend.runs + 1 };
  for (const r of result.rounds) state.rounds.push({ head: pr.headSha, round: r.round, score: r.score, passed: r.passed, at: now });
  return { closed, returned };
}
