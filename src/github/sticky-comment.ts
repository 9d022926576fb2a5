/**
 * One summary comment per loop on an issue or pull request, found again by a hidden HTML marker
 * and edited in place, so reruns update it instead of piling up comments.
 */
import type { GitHub } from './client.js';
import { writtenBy } from './trust.js';

export interface StickyCommentRef {
  owner: string;
  repo: string;
  issueNumber: number;
  /** e.g. `<!-- loopkit:summary:pr-review -->`; it includes the closing `-->`, so no marker is a prefix of another. */
  marker: string;
  /** LoopKit's login (TokenIdentity): a comment by anyone else is never taken for LoopKit's own. */
  identity: string;
}

export interface StickyComment {
  id: number;
  body: string;
}

/** The oldest comment of LoopKit's own that opens with the marker; listing stops at the page that has it. */
export async function findStickyComment(octokit: GitHub, { owner, repo, issueNumber, marker, identity }: StickyCommentRef): Promise<StickyComment | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
  for await (const { data } of pages) {
    // The marker opens LoopKit's own summary; only LoopKit's own login keeps a forged one from being adopted.
    const hit = data.find((comment) => (comment.body ?? '').trimStart().startsWith(marker) && writtenBy(comment, identity));
    if (hit) return { id: Number(hit.id), body: hit.body ?? '' };
  }
  return undefined;
}

export interface UpsertResult {
  id: number;
  created: boolean;
  /** The body before this edit; it carries whatever hidden state the last run left in it. */
  previousBody?: string;
}

/**
 * `known` is what the caller found earlier in the same run: the comment (edited by id) or null
 * (there was none: it is created). Either saves listing the thread again. Without it the thread is
 * listed, so a comment another run created is found.
 */
export async function upsertStickyComment(octokit: GitHub, input: StickyCommentRef & { body: string; known?: StickyComment | null }): Promise<UpsertResult> {
  const { owner, repo, issueNumber, marker } = input;
  // Without its marker the comment could not be found next time, and a second one would appear.
  const body = input.body.trimStart().startsWith(marker) ? input.body : `${marker}\n${input.body}`;
  const existing = input.known !== undefined ? input.known : await findStickyComment(octokit, input);
  if (!existing) {
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    return { id: Number(data.id), created: true };
  }
  // An identical edit would still cost a write.
  if (existing.body !== body) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
  }
  return { id: existing.id, created: false, previousBody: existing.body };
}
