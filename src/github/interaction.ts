/**
 * Talking back to the person who typed a command: who may command (GitHub's own answer on their
 * permission, not the webhook's author_association), reactions on their comment, and replies in
 * the place they wrote (the issue's conversation, or the review thread).
 */
import type { GitHub } from './client.js';
import type { RepoRef } from './pull-request.js';
import { writtenBy } from './trust.js';

/** GitHub's legacy permission field: maintain counts as write, triage as read. */
export type RepoPermission = 'admin' | 'write' | 'read' | 'none';

export async function permissionOf(octokit: GitHub, repo: RepoRef, username: string): Promise<RepoPermission> {
  const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
  return data.permission === 'admin' || data.permission === 'write' || data.permission === 'read' ? data.permission : 'none';
}

/** Who may steer LoopKit (commands, and the feedback the learning loop believes): write access or more. */
export function canSteer(permission: RepoPermission): boolean {
  return permission === 'admin' || permission === 'write';
}

/**
 * A comment a command was typed in: in an issue's (or pull request's) conversation, or in a review
 * thread, whose first comment (`threadId`) is what a reply answers (GitHub refuses replies to replies).
 */
export type CommentRef =
  { kind: 'issue'; issueNumber: number; commentId: number } | { kind: 'review'; pullNumber: number; commentId: number; threadId: number };

export type Reaction = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

export async function react(octokit: GitHub, repo: RepoRef, comment: CommentRef, content: Reaction): Promise<void> {
  if (comment.kind === 'issue') await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.commentId, content });
  else await octokit.rest.reactions.createForPullRequestReviewComment({ ...repo, comment_id: comment.commentId, content });
}

/** Answers where the command was typed: a comment in the conversation, or a reply in the review thread. */
export async function reply(octokit: GitHub, repo: RepoRef, comment: CommentRef, body: string): Promise<void> {
  if (comment.kind === 'issue') await octokit.rest.issues.createComment({ ...repo, issue_number: comment.issueNumber, body });
  else await octokit.rest.pulls.createReplyForReviewComment({ ...repo, pull_number: comment.pullNumber, comment_id: comment.threadId, body });
}

export interface ReviewCommentSnapshot {
  id: number;
  body: string;
  /** Written by LoopKit itself: the only comments whose hidden markers count. */
  own: boolean;
  /** The comment that opens its thread, when this one is a reply. */
  inReplyTo?: number;
}

export async function readReviewComment(octokit: GitHub, repo: RepoRef, commentId: number, identity: string): Promise<ReviewCommentSnapshot> {
  const { data } = await octokit.rest.pulls.getReviewComment({ ...repo, comment_id: commentId });
  return {
    id: Number(data.id),
    body: data.body,
    own: writtenBy(data, identity),
    ...(data.in_reply_to_id === undefined ? {} : { inReplyTo: data.in_reply_to_id })
  };
}
