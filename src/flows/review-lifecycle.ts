/**
 * The GitHub side of a finding's life, once a review settled (flows/review-state.ts): the thread of
 * each finding that closed in this run (fixed, or its file left the pull request) is resolved with
 * one reply saying why (through the review forge: github/review-threads.ts on GitHub); a finding still open keeps its thread and gets
 * no new comment. Answers every finding of the pull request with its thread's link, for the summary.
 */
import type { Closed } from '../engine/lifecycle.js';
import type { FindingThread } from '../github/review-threads.js';
import { rejectionReason } from '../github/index.js';
import { closedReply, type LifeRow } from '../render/index.js';
import type { StateDocument } from '../state/index.js';
import type { FlowLog } from './adapters.js';
import type { ReviewForge } from './review-forge.js';

export async function settleThreads(
  forge: Pick<ReviewForge, 'findingThreads' | 'closeFindingThreads'>,
  log: Pick<FlowLog, 'warn'>,
  login: Promise<string>,
  posted: StateDocument['posted'],
  closed: readonly Closed[],
  head: string
): Promise<LifeRow[]> {
  let threads = new Map<string, FindingThread>();
  // Nothing of an earlier review on the pull request: no thread to look for (the first review costs no extra request).
  if (posted.some((p) => p.firstSeenHead !== head) || closed.length > 0) {
    try {
      threads = await forge.findingThreads(await login);
    } catch (error) {
      log.warn(`Could not list the review threads: ${rejectionReason(error)}; closed findings keep their threads open`);
    }
  }
  const warnings = await forge.closeFindingThreads(
    threads,
    closed.map((c) => ({ fingerprint: c.fingerprint, reply: closedReply(c) }))
  );
  for (const warning of warnings) log.warn(warning);
  return posted.map((p) => ({
    status: p.status,
    severity: p.severity,
    path: p.path,
    claim: p.claim,
    closedIn: p.closedIn,
    dismissed: p.dismissed,
    url: threads.get(p.fingerprint)?.url
  }));
}
