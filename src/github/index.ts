export { apiUrlFromEnv, createOctokit, type ClientOptions, type GitHub, type Log } from './client.js';
export { readPullRequest, GitHubFileReader, type PullRequestRef, type RepoRef } from './pull-request.js';
export { postReview, type PostReviewInput, type PostReviewResult, type ReviewComment } from './review.js';
export { findStickyComment, upsertStickyComment, type StickyComment, type StickyCommentRef, type UpsertResult } from './sticky-comment.js';
export { CheckRun, type CheckAnnotation, type CheckConclusion, type CheckRunResult, type CheckRunStart } from './check-runs.js';
export { listLoopKitReviewComments, type ListReviewCommentsInput, type LoopKitReviewComment } from './review-comments.js';
export { httpStatus, rejectionReason } from './errors.js';
export { GitHubLoopSource } from './loop-source.js';
export { planSince, type ChangePlan } from './compare.js';
