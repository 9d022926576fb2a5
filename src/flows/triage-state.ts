/**
 * The triage loop's state, and how a run finds it.
 *
 * The state is repository-wide (subject `{kind: 'issues'}`): which issues were triaged at which
 * `updated_at`, and a watermark (`reviewedAt`): every issue changed before it has been handled.
 * A run lists the open issues updated since the watermark and skips those whose `updated_at` it
 * recorded, so an unchanged issue is never triaged twice and an edited one is triaged again.
 *
 * Where it is kept. Actions cache entries cannot be overwritten, so every run saves under a key
 * of its own (`…-issues-nohead-<run id>-<attempt>`). A pull request's review keeps the exact
 * latest key in a hidden marker of its summary comment; the triage has no such comment, so it
 * asks GitHub's list of cache entries (`actions: read`) for the newest entry under the loop's
 * exact key prefix, on a ref the run can restore from, and restores that exact key. Restoring
 * "the newest by prefix" is unsafe for a review (an older commit's state skips new commits); for
 * triage a stale document is safe by construction: the watermark only moves when a run has
 * handled every issue it listed, and the document that carries it also carries those issues, so
 * an older document can only make a run triage an issue again, never skip one. A second triage
 * then edits its comment in place. Before saving, the run looks again and merges a document that
 * another run saved in the meantime, so overlapping runs lose no work.
 *
 * The filesystem store (the CLI) can overwrite a file, so it keeps one fixed key.
 */
import { emptyState, mergeNotes, stateKey, stateKeyPrefix, type StateDocument, type StateStore } from '../state/index.js';

export interface TriageKeyParts {
  repo: string;
  loop: string;
  runId: string;
  runAttempt: string;
}

/** This run's key, the prefix every run of the loop shares, and the filesystem store's fixed key. */
export function triageStateKeys(parts: TriageKeyParts): { key: string; prefix: string; fixed: string } {
  const subject = { kind: 'issues' as const };
  const key = stateKey({ repo: parts.repo, loop: parts.loop, subject, runId: parts.runId, runAttempt: parts.runAttempt });
  const prefix = stateKeyPrefix({ repo: parts.repo, loop: parts.loop, subject });
  return { key, prefix, fixed: `${prefix}latest` };
}

/** GitHub's clock and the runner's may disagree; a watermark this much early costs nothing (recorded issues are skipped). */
export const CLOCK_MARGIN_MS = 5 * 60_000;

/** The time to list issues from: the watermark, or on a first run the connector's look-back. */
export function triageSince(state: StateDocument, now: Date, lookbackDays: number): { since: string; first: boolean } {
  if (state.reviewedAt) return { since: state.reviewedAt, first: false };
  return { since: new Date(now.getTime() - lookbackDays * 86_400_000).toISOString(), first: true };
}

export function isUnchanged(state: StateDocument, issue: { number: number; updatedAt: string }): boolean {
  const seen = state.triaged.find((t) => t.issue === issue.number);
  return seen !== undefined && Date.parse(seen.updatedAt) === Date.parse(issue.updatedAt);
}

export function recordTriaged(state: StateDocument, entries: readonly { issue: number; updatedAt: string }[]): void {
  for (const entry of entries) {
    state.triaged = state.triaged.filter((t) => t.issue !== entry.issue);
    state.triaged.push({ issue: entry.issue, updatedAt: entry.updatedAt });
  }
}

/**
 * After a run that handled every issue changed since the watermark: moves it to the run's start
 * (less the clock margin) and forgets issues last changed before it, which no later listing can
 * return unless they change again.
 */
export function advanceWatermark(state: StateDocument, startedAt: Date): void {
  const watermark = new Date(startedAt.getTime() - CLOCK_MARGIN_MS);
  if (state.reviewedAt && Date.parse(state.reviewedAt) >= watermark.getTime()) return;
  state.reviewedAt = watermark.toISOString();
  state.triaged = state.triaged.filter((t) => Date.parse(t.updatedAt) >= watermark.getTime());
}

/**
 * `ours` with what `theirs` (saved by another run since ours was loaded) knows: every issue at the
 * later `updated_at`, the later watermark (each document's watermark holds for the union of what
 * both handled). Spend is kept as the larger figures: both documents count their common past. The
 * run histories (`persistence: full`) are joined, each run once, and so are the notes and the labels added.
 */
export function mergeTriageState(ours: StateDocument, theirs: StateDocument): StateDocument {
  const merged: StateDocument = { ...ours, triaged: ours.triaged.map((t) => ({ ...t })) };
  for (const t of theirs.triaged) {
    const mine = merged.triaged.find((m) => m.issue === t.issue);
    if (!mine) merged.triaged.push({ ...t });
    else if (Date.parse(t.updatedAt) > Date.parse(mine.updatedAt)) mine.updatedAt = t.updatedAt;
  }
  if (theirs.reviewedAt && (!merged.reviewedAt || Date.parse(theirs.reviewedAt) > Date.parse(merged.reviewedAt))) merged.reviewedAt = theirs.reviewedAt;
  merged.spend = {
    tokens: Math.max(ours.spend.tokens, theirs.spend.tokens),
    costUsd: Math.max(ours.spend.costUsd, theirs.spend.costUsd),
    runs: Math.max(ours.spend.runs, theirs.spend.runs)
  };
  if (theirs.runs) {
    const known = new Set(ours.runs?.map((r) => r.at));
    merged.runs = [...(ours.runs ?? []), ...theirs.runs.filter((r) => !known.has(r.at))].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }
  // What either run was taught, and the labels either added.
  return mergeNotes(merged, theirs);
}

/** Where the latest document is, for one store. */
export interface StateLocator {
  /** Keys to try, best first; empty when there is none yet. Throws when the list cannot be read. */
  candidates(): Promise<string[]>;
  /** The key this run saves under. */
  saveKey: string;
}

export interface LocatedState {
  state: StateDocument;
  /** The key it was loaded from; undefined on a fresh start. */
  key?: string;
  warnings: string[];
}

/** How many of the newest entries are tried before starting fresh (an entry may be corrupt or evicted). */
const TRIED = 3;

export async function loadTriageState(store: StateStore, locator: StateLocator, loop: string): Promise<LocatedState> {
  const warnings: string[] = [];
  let keys: string[];
  try {
    keys = await locator.candidates();
  } catch (error) {
    warnings.push(
      `Could not find the triage state (${(error as Error).message}): starting from the look-back window; triage comments are still edited in place, never duplicated.`
    );
    keys = [];
  }
  for (const key of keys.slice(0, TRIED)) {
    const loaded = await store.load(key);
    if (loaded.warning) warnings.push(loaded.warning);
    if (loaded.doc && loaded.doc.subject.kind === 'issues' && loaded.doc.loop === loop) return { state: loaded.doc, key, warnings };
  }
  return { state: emptyState(loop, { kind: 'issues' }), warnings };
}
