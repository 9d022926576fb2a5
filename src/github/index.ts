export { apiUrlFromEnv, createOctokit, type ClientOptions, type GitHub, type Log } from './client.js';
export { readPullRequest, GitHubFileReader, type PullRequestRef, type RepoRef } from './pull-request.js';
export { postReview, type PostReviewInput, type PostReviewResult, type ReviewComment } from './review.js';
export { findStickyComment, upsertStickyComment, type StickyComment, type StickyCommentRef, type UpsertResult } from './sticky-comment.js';
export {
  CheckRun,
  type CheckAnnotation,
  type CheckConclusion,
  type CheckRunResult,
  type CheckRunStart,
  type CheckRunTracker,
  type OpenCheckRun
} from './check-runs.js';
export { fingerprintsInReviews, readOwnReviewComments, type OwnReviewComments } from './review-comments.js';
export { TokenIdentity, writtenBy } from './trust.js';
export { httpStatus, rejectionReason } from './errors.js';
export { GitHubLoopSource, GitHubSharedLoops } from './loop-source.js';
export { listOpenIssuesSince, listRecentIssues, listRepoLabels, readIssue, triageIssuesOf, type IssueRef, type IssueSnapshot } from './issues.js';
export {
  canSteer,
  permissionOf,
  react,
  readReviewComment,
  reply,
  type CommentRef,
  type Reaction,
  type RepoPermission,
  type ReviewCommentSnapshot
} from './interaction.js';
export { cacheEntries, type CacheEntry } from './cache-entries.js';
export { applyTriagePlan, type AppliedTriage, type ApplyTriageOptions } from './triage-apply.js';
export { GitHubRepositoryReader } from './repository-reader.js';
