/**
 * LoopKit's own review comments already on a pull request, recognised by the hidden marker in
 * their body (`<!-- loopkit:finding:<fingerprint> -->`). With no cache from an earlier run, this
 * is what keeps a finding from being posted twice.
 */
import type { GitHub } from './client.js';
import { isTrustedAuthor } from './trust.js';

export interface LoopKitReviewComment {
  id: number;
  fingerprint: string;
  path: string;
  /** Null when the comment is outdated. */
  line: number | null;
  /** GitHub reports an outdated comment (its line changed since) with a null line and position. */
  outdated: boolean;
  inReplyToId?: number;
}

export interface ListReviewCommentsInput {
  owner: string;
  repo: string;
  number: number;
  /** What precedes the fingerprint inside the HTML comment, e.g. `loopkit:finding:`. */
  markerPrefix: string;
}

export async function listLoopKitReviewComments(
  octokit: GitHub,
  { owner, repo, number, markerPrefix }: ListReviewCommentsInput
): Promise<LoopKitReviewComment[]> {
  const marker = new RegExp(`<!--\\s*${escapeRegExp(markerPrefix)}(\\S+?)\\s*-->`);
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: number, per_page: 100 });
  return comments.flatMap((c) => {
    if (!isTrustedAuthor(c)) return [];
    const fingerprint = marker.exec(c.body)?.[1];
    if (fingerprint === undefined) return [];
    const line = c.line ?? null;
    const found: LoopKitReviewComment = {
      id: Number(c.id),
      fingerprint,
      path: c.path,
      line,
      outdated: line === null || c.position === null || c.position === undefined,
      ...(c.in_reply_to_id === undefined ? {} : { inReplyToId: c.in_reply_to_id })
    };
    return [found];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Fingerprints carried by the bodies of earlier reviews (findings posted without an inline
 * comment), read with the caller's marker reader; only reviews by trusted authors count.
 */
export async function fingerprintsInReviews(
  octokit: GitHub,
  { owner, repo, number, read }: { owner: string; repo: string; number: number; read: (body: string) => string[] }
): Promise<Set<string>> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 });
  return new Set(reviews.filter((r) => isTrustedAuthor(r)).flatMap((r) => read(r.body ?? '')));
}
