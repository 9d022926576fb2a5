/**
 * What a review of a pull request still has to read. A file counts as reviewed when a review that
 * completed for it saw exactly its current change: the digest of its path, status and patch against
 * the base is in the set of digests reviewed completely. Everything else is reviewed, whatever
 * happened in between (a push, a force-push, a rebase, a failed or partial run, a lost cache).
 * This needs no compare call, cannot be fooled by commit dates or history rewrites, and a head
 * whose review did not complete never reads as reviewed.
 */
import { createHash } from 'node:crypto';
import type { ChangedFile } from '../diff/types.js';
import type { PullRequestSnapshot } from './context.js';

/** 72 bits of SHA-256, base64url: 12 characters, and no crafted patch can collide with a reviewed one. */
export function fileDigest(file: ChangedFile): string {
  return createHash('sha256')
    .update(JSON.stringify([file.path, file.previousPath ?? null, file.status, file.patch ?? null]))
    .digest()
    .subarray(0, 9)
    .toString('base64url');
}

export type ReviewPlan = { mode: 'full'; note: string } | { mode: 'same-head'; note: string } | { mode: 'incremental'; paths: Set<string>; note: string };

export interface Reviewed {
  head: string;
  complete: boolean;
  /** Digests of files reviewed completely; absent when unknown (then everything is reviewed again). */
  files?: ReadonlySet<string>;
}

/**
 * What was reviewed, from the summary's record (authoritative for the head and its completion)
 * and the state document's digests (which have no cap). A digest says "this exact change was
 * reviewed completely", a fact that never turns false, so the two sources are united rather than
 * one preferred: an older document, or a record past its size limit, can only leave out files,
 * which are then reviewed again, never claim one that was not reviewed.
 */
export function reviewedFrom(
  record: { head: string; complete: boolean; files?: readonly string[] } | undefined,
  documentFiles: readonly string[] | undefined
): Reviewed | undefined {
  if (!record) return undefined;
  const files = record.files || documentFiles ? new Set([...(record.files ?? []), ...(documentFiles ?? [])]) : undefined;
  return { head: record.head, complete: record.complete, ...(files ? { files } : {}) };
}

export function planReview(pr: PullRequestSnapshot, reviewed: Reviewed | undefined): ReviewPlan {
  if (!reviewed) return { mode: 'full', note: 'first review of this pull request' };
  const short = reviewed.head.slice(0, 12);
  if (reviewed.head === pr.headSha && reviewed.complete) return { mode: 'same-head', note: `head ${short} was already reviewed completely` };
  const files = reviewed.files;
  if (!files) return { mode: 'full', note: `no record of the files reviewed at ${short}: full review` };
  const paths = new Set(pr.files.filter((f) => !files.has(fileDigest(f))).map((f) => f.path));
  if (paths.size === pr.files.length) return { mode: 'full', note: `nothing reviewed at ${short} is unchanged: full review` };
  if (paths.size === 0) return { mode: 'incremental', paths, note: `every file was already reviewed in its current form (at ${short} or before)` };
  const why = reviewed.head === pr.headSha ? `the review of ${short} did not complete` : `since ${short}`;
  return { mode: 'incremental', paths, note: `${paths.size} file(s) not yet reviewed in their current form (${why})` };
}

/**
 * The digests reviewed completely after a run: what was reviewed before and is still the pull
 * request's current change, plus what this run reviewed completely.
 */
export function reviewedDigests(pr: PullRequestSnapshot, before: ReadonlySet<string> | undefined, completedPaths: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const f of pr.files) {
    const digest = fileDigest(f);
    if (completedPaths.has(f.path) || before?.has(digest)) out.add(digest);
  }
  return out;
}
