/**
 * A posted finding's life across pushes, decided in one place and from evidence only: a finding is
 * `open` until the checker, asked again at a later head, says it is gone (`fixed`, with that head),
 * its file leaves the pull request (`outdated`, no model call needed) or a maintainer dismisses it.
 * A maker not reporting it again proves nothing and changes nothing. Pure: the state document's
 * posted findings (state/document.ts) are folded in place by the flow.
 */
import type { Severity } from '../loop/schema.js';
import type { VerdictKind } from './finding.js';

export type LifeStatus = 'open' | 'fixed' | 'dismissed' | 'outdated';

/** The part of a posted finding its life reads and writes. */
export interface Life {
  fingerprint: string;
  path: string;
  severity: Severity;
  claim: string;
  status: LifeStatus;
  lastSeenHead: string;
  closedIn?: string | undefined;
  refutations?: number | undefined;
  returns?: number | undefined;
}

/** What the checker said, asked again at the head, of an open finding. */
export interface Recheck {
  fingerprint: string;
  /** Absent: no verdict (the checker failed or was not reached); the finding stays open. */
  verdict?: VerdictKind;
}

/** A finding whose life changed in this run, for the threads on GitHub and the summary. */
export interface Closed {
  fingerprint: string;
  path: string;
  claim: string;
  status: 'fixed' | 'outdated';
  head: string;
}

/** Refuted this many times while the makers still report it: not raised again (the stop rule). */
export const REFUTATIONS_TO_STOP = 2;

/**
 * The open findings whose code may have changed since they were last seen, for the checker: those
 * on a file of the pull request that is `changed` (every file, for a full review).
 */
export function toRecheck<L extends Life>(posted: readonly L[], present: ReadonlySet<string>, changed: ReadonlySet<string> | 'all'): L[] {
  return posted.filter((p) => p.status === 'open' && present.has(p.path) && (changed === 'all' || changed.has(p.path)));
}

/**
 * Folds a run into the posted findings (in place): a file gone from the pull request closes its
 * findings as outdated; the checker's refutation closes one as fixed at `head`; its confirmation, or
 * a maker reporting it again, keeps it open, seen at `head`. Answers what closed.
 */
export function advanceLives<L extends Life>(
  posted: L[],
  run: { head: string; present: ReadonlySet<string>; rechecked: readonly Recheck[]; seen: ReadonlySet<string> }
): Closed[] {
  const verdicts = new Map(run.rechecked.map((r) => [r.fingerprint, r.verdict] as const));
  const closed: Closed[] = [];
  const close = (p: L, status: Closed['status']) => {
    p.status = status;
    p.closedIn = run.head;
    closed.push({ fingerprint: p.fingerprint, path: p.path, claim: p.claim, status, head: run.head });
  };
  for (const p of posted) {
    if (p.status !== 'open') continue;
    if (!run.present.has(p.path)) {
      close(p, 'outdated');
      continue;
    }
    const verdict = verdicts.get(p.fingerprint);
    if (verdict === 'refuted') {
      // The checker says it is gone while a maker still reports it: not fixed, but counted, so it stops being raised.
      if (run.seen.has(p.fingerprint)) p.refutations = (p.refutations ?? 0) + 1;
      else close(p, 'fixed');
    } else if (verdict === 'confirmed' || run.seen.has(p.fingerprint)) p.lastSeenHead = run.head;
  }
  return closed;
}

/**
 * A finding the makers report again after it was fixed: open again. Answers whether this return
 * is its first, which is escalated once; later returns keep it open without a word.
 */
export function reopenReturned(p: Life, head: string): boolean {
  p.status = 'open';
  p.lastSeenHead = head;
  delete p.closedIn;
  p.returns = (p.returns ?? 0) + 1;
  return p.returns === 1;
}

/**
 * Counts the runs in which the checker refuted a finding never posted (a maker keeps reporting what
 * the code disproves); answers the new counts, oldest first, at most `limit` of them.
 */
export function countRefuted(
  counts: readonly { fingerprint: string; count: number }[],
  findings: readonly { fingerprint: string; verdict?: { kind: VerdictKind } | undefined }[],
  limit = 500
): { fingerprint: string; count: number }[] {
  const next = new Map(counts.map((c) => [c.fingerprint, c.count] as const));
  for (const fp of new Set(findings.filter((f) => f.verdict?.kind === 'refuted').map((f) => f.fingerprint))) next.set(fp, (next.get(fp) ?? 0) + 1);
  return [...next].map(([fingerprint, count]) => ({ fingerprint, count })).slice(-limit);
}

/** Whether a finding is never raised again on this pull request: dismissed, or refuted twice. */
export function stopped(p: Pick<Life, 'status' | 'refutations'>): boolean {
  return p.status === 'dismissed' || (p.refutations ?? 0) >= REFUTATIONS_TO_STOP;
}

/** Counts by state and severity, for the check's machine-readable line. */
export function lifeCounts(posted: readonly Pick<Life, 'status' | 'severity'>[]): Record<LifeStatus, Partial<Record<Severity, number>>> {
  const counts: Record<LifeStatus, Partial<Record<Severity, number>>> = { open: {}, fixed: {}, dismissed: {}, outdated: {} };
  for (const p of posted) counts[p.status][p.severity] = (counts[p.status][p.severity] ?? 0) + 1;
  return counts;
}
