/**
 * Posts findings as one pull request review. GitHub creates a review all-or-nothing and a 422
 * does not say which comment it refused, so on a 422 every comment is posted on its own: the good
 * ones land, the bad ones come back with GitHub's reason.
 */
import type { Side } from '../diff/types.js';
import type { InlineComment } from '../render/review-comment.js';
import type { GitHub } from './client.js';
import { httpStatus, rejectionReason } from './errors.js';

/** The inline comments are built by render (one builder for the action and the CLI). */
export type ReviewComment = InlineComment;

export interface PostReviewInput {
  owner: string;
  repo: string;
  number: number;
  /** The head commit the comments' lines refer to. */
  commitId: string;
  body: string;
  comments: ReviewComment[];
}

export interface PostReviewResult {
  /** Absent when no review with the body could be created. */
  reviewId?: number;
  /** Keys of the comments GitHub took. */
  posted: string[];
  rejected: { key: string; reason: string }[];
  /** GitHub's reason when, after a fallback, the body-only review was refused too. */
  bodyRejected?: string;
}

const UNPROCESSABLE = 422;

export async function postReview(octokit: GitHub, input: PostReviewInput): Promise<PostReviewResult> {
  const { owner, repo, number, commitId, body, comments } = input;
  try {
    const { data: review } = await octokit.rest.pulls.createReview({
      owner,
      repo,
      pull_number: number,
      commit_id: commitId,
      event: 'COMMENT',
      body,
      comments: comments.map((c) => ({ path: c.path, body: c.body, ...thread(c) }))
    });
    // A review is created all or nothing: every comment is in it. No read-back is needed.
    return { reviewId: Number(review.id), posted: comments.map((c) => c.key), rejected: [] };
  } catch (error) {
    if (httpStatus(error) !== UNPROCESSABLE || comments.length === 0) throw error;
    return fallBack(octokit, input);
  }
}

/** Line fields as the REST API names them; a start equal to the line is no range at all. */
function thread(c: ReviewComment): { line: number; side: Side; start_line?: number; start_side?: Side } {
  const startSide = c.startSide ?? c.side;
  if (c.startLine === undefined || (c.startLine === c.line && startSide === c.side)) return { line: c.line, side: c.side };
  return { line: c.line, side: c.side, start_line: c.startLine, start_side: startSide };
}

/**
 * One request per comment, sequential as GitHub asks of writes, then the body as a review of its
 * own. Bounded: comments + 1 requests after the failed review, and nothing is retried on a 422.
 */
async function fallBack(octokit: GitHub, input: PostReviewInput): Promise<PostReviewResult> {
  const { owner, repo, number, commitId, body, comments } = input;
  const result: PostReviewResult = { posted: [], rejected: [] };
  for (const c of comments) {
    try {
      await octokit.rest.pulls.createReviewComment({
        owner,
        repo,
        pull_number: number,
        commit_id: commitId,
        path: c.path,
        body: c.body,
        ...thread(c)
      });
      result.posted.push(c.key);
    } catch (error) {
      // Any HTTP answer is about this comment alone; only a bug in our code stops the others.
      if (httpStatus(error) === undefined) throw error;
      result.rejected.push({ key: c.key, reason: rejectionReason(error) });
    }
  }
  if (body.trim() === '') return result;
  try {
    const { data } = await octokit.rest.pulls.createReview({ owner, repo, pull_number: number, commit_id: commitId, event: 'COMMENT', body });
    result.reviewId = Number(data.id);
  } catch (error) {
    if (httpStatus(error) === undefined) throw error;
    result.bodyRejected = rejectionReason(error);
  }
  return result;
}
