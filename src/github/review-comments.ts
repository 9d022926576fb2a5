/**
 * What LoopKit's own comments on a pull request say it did, read in one listing of the review
 * comments: the findings it posted inline (a finding marker ending a top-level comment) and the
 * findings a maintainer ignored (LoopKit's exact reply to `/loopkit ignore` in a thread). With no
 * cache from an earlier run, this is what keeps a finding from being posted twice or coming back.
 */
import { readFindingMarker, readIgnoredReply, readPostedMarker } from '../render/markers.js';
import type { GitHub } from './client.js';
import type { PullRequestRef } from './pull-request.js';
import { writtenBy } from './trust.js';

export interface OwnReviewComments {
  /** Fingerprints of the findings LoopKit posted as inline comments. */
  posted: Set<string>;
  /** Fingerprints of the findings ignored with `/loopkit ignore`. */
  ignored: Set<string>;
}

export async function readOwnReviewComments(octokit: GitHub, { owner, repo, number }: PullRequestRef, identity: string): Promise<OwnReviewComments> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: number, per_page: 100 });
  const out: OwnReviewComments = { posted: new Set(), ignored: new Set() };
  for (const c of comments) {
    if (!writtenBy(c, identity)) continue;
    // A finding opens a thread; an ignore answers in one. Each marker counts only where it is written.
    const fingerprint = c.in_reply_to_id === undefined ? readFindingMarker(c.body) : readIgnoredReply(c.body);
    if (fingerprint !== undefined) out[c.in_reply_to_id === undefined ? 'posted' : 'ignored'].add(fingerprint);
  }
  return out;
}

/** Fingerprints carried by the bodies of LoopKit's earlier reviews (findings posted without an inline comment). */
export async function fingerprintsInReviews(octokit: GitHub, { owner, repo, number }: PullRequestRef, identity: string): Promise<Set<string>> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 });
  return new Set(reviews.filter((r) => writtenBy(r, identity)).flatMap((r) => readPostedMarker(r.body ?? '')));
}
