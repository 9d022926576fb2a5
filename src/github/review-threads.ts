/**
 * The review threads of LoopKit's findings (GitHub's GraphQL API: `pullRequest.reviewThreads`,
 * `resolveReviewThread`): a finding that is fixed, or whose code left the pull request, has its
 * thread resolved with one short reply saying why. A thread counts only when its first comment is
 * LoopKit's own (its identity) and ends with the finding's marker (render/markers.ts).
 */
import { z } from 'zod';
import { readFindingMarker } from '../render/index.js';
import type { GitHub } from './client.js';
import { rejectionReason } from './errors.js';
import type { PullRequestRef } from './pull-request.js';

/** The thread of one finding LoopKit posted inline. */
export interface FindingThread {
  id: string;
  resolved: boolean;
  /** The database id of the thread's first comment: what a REST reply answers. */
  commentId: number;
  url: string;
}

const THREADS_QUERY = `query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes { id isResolved comments(first: 1) { nodes { databaseId body url author { login } } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

const ThreadsAnswer = z.object({
  repository: z
    .object({
      pullRequest: z
        .object({
          reviewThreads: z.object({
            nodes: z.array(
              z
                .object({
                  id: z.string(),
                  isResolved: z.boolean(),
                  comments: z.object({
                    nodes: z.array(
                      z
                        .object({
                          databaseId: z.number().int().nullable(),
                          body: z.string(),
                          url: z.string(),
                          author: z.object({ login: z.string() }).nullable()
                        })
                        .nullable()
                    )
                  })
                })
                .nullable()
            ),
            pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() })
          })
        })
        .nullable()
    })
    .nullable()
});

/** GraphQL names a bot without the `[bot]` suffix its REST login has; logins are case-insensitive. */
const sameActor = (a: string, b: string) => a.replace(/\[bot\]$/i, '').toLowerCase() === b.replace(/\[bot\]$/i, '').toLowerCase();

/** Past this many pages (10,000 threads) the listing stops: a bound, not a pull request anyone has. */
const MAX_PAGES = 100;

/** LoopKit's finding threads on the pull request, by fingerprint. */
export async function findingThreads(octokit: GitHub, { owner, repo, number }: PullRequestRef, identity: string): Promise<Map<string, FindingThread>> {
  const out = new Map<string, FindingThread>();
  let after: string | null = null;
  for (let pageNo = 0; pageNo < MAX_PAGES; pageNo++) {
    const answer = ThreadsAnswer.parse(await octokit.graphql(THREADS_QUERY, { owner, name: repo, number, after }));
    const threads = answer.repository?.pullRequest?.reviewThreads;
    if (!threads) break;
    for (const thread of threads.nodes) {
      const first = thread?.comments.nodes[0];
      if (!thread || !first?.author || first.databaseId === null || !sameActor(first.author.login, identity)) continue;
      const fingerprint = readFindingMarker(first.body);
      if (fingerprint) out.set(fingerprint, { id: thread.id, resolved: thread.isResolved, commentId: first.databaseId, url: first.url });
    }
    if (!threads.pageInfo.hasNextPage || !threads.pageInfo.endCursor) break;
    after = threads.pageInfo.endCursor;
  }
  return out;
}

/**
 * Replies once in each finding's thread and resolves it. A thread already resolved (by a person, or
 * by an earlier run) gets no reply. Answers the warnings: a failure leaves that thread as it was.
 */
export async function closeFindingThreads(
  octokit: GitHub,
  pr: PullRequestRef,
  threads: ReadonlyMap<string, FindingThread>,
  closing: readonly { fingerprint: string; reply: string }[]
): Promise<string[]> {
  const warnings: string[] = [];
  // Sequential, as GitHub asks of writes (secondary rate limits).
  for (const { fingerprint, reply } of closing) {
    const thread = threads.get(fingerprint);
    if (!thread || thread.resolved) continue;
    try {
      await octokit.rest.pulls.createReplyForReviewComment({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.number,
        comment_id: thread.commentId,
        body: reply
      });
      await octokit.graphql('mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { isResolved } } }', { id: thread.id });
    } catch (error) {
      warnings.push(`Could not resolve the review thread of finding ${fingerprint}: ${rejectionReason(error)}`);
    }
  }
  return warnings;
}

/** Resolves a finding's thread (`/loopkit fixed`) or opens it again (`/loopkit reopen`); a thread already so is left alone. */
export async function setThreadResolved(octokit: GitHub, thread: FindingThread, resolved: boolean): Promise<void> {
  if (thread.resolved === resolved) return;
  const mutation = resolved ? 'resolveReviewThread' : 'unresolveReviewThread';
  await octokit.graphql(`mutation($id: ID!) { ${mutation}(input: { threadId: $id }) { thread { isResolved } } }`, { id: thread.id });
}
