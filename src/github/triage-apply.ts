/**
 * Writing one issue's confirmed triage: labels first, then the one comment, found by its hidden
 * marker just before writing so a later triage edits it and never adds a second. The action and
 * the CLI (`loopkit run … --issue N --post`) write through here.
 */
import type { IssuePlan } from '../engine/triage.js';
import type { GitHub } from './client.js';
import { rejectionReason } from './errors.js';
import { addIssueLabels, readIssue } from './issues.js';
import type { RepoRef } from './pull-request.js';
import { upsertStickyComment } from './sticky-comment.js';
import type { TokenIdentity } from './trust.js';

export interface ApplyTriageOptions {
  /** Opens the triage comment, e.g. `<!-- loopkit:triage:daily-triage -->`. */
  marker: string;
  /** The comment's text, given the labels that were added. */
  comment: (labelsAdded: string[]) => string;
  /** Added as well when verification fell short for this issue (the loop's `escalation.label`). */
  escalationLabel?: string;
  /** Only LoopKit's own comment is edited, never one that merely carries the marker. */
  identity: TokenIdentity;
}

export interface AppliedTriage {
  issue: number;
  labels: string[];
  comment?: 'created' | 'edited' | 'unchanged';
  /** Writes GitHub refused. */
  problems: string[];
  /** The issue's `updated_at` after LoopKit's own writes; absent when a write failed (it is triaged again next time). */
  updatedAt?: string;
}

export async function applyTriagePlan(octokit: GitHub, repo: RepoRef, plan: IssuePlan, options: ApplyTriageOptions): Promise<AppliedTriage> {
  const ref = { ...repo, issueNumber: plan.issue };
  const applied: AppliedTriage = { issue: plan.issue, labels: [], problems: [] };
  const labels = [...plan.labels, ...(plan.escalated && options.escalationLabel ? [options.escalationLabel] : [])];
  if (labels.length > 0) {
    try {
      await addIssueLabels(octokit, ref, labels);
      applied.labels = labels;
    } catch (error) {
      applied.problems.push(`labels not added: ${rejectionReason(error)}`);
    }
  }
  if (plan.comment) {
    try {
      const body = options.comment(applied.labels);
      const upsert = await upsertStickyComment(octokit, {
        ...repo,
        issueNumber: plan.issue,
        marker: options.marker,
        identity: await options.identity.get(),
        body
      });
      applied.comment = upsert.created ? 'created' : upsert.previousBody === body ? 'unchanged' : 'edited';
    } catch (error) {
      applied.problems.push(`comment not written: ${rejectionReason(error)}`);
    }
  }
  if (applied.problems.length > 0) return applied;
  if (labels.length === 0 && applied.comment === undefined) return { ...applied, updatedAt: plan.updatedAt };
  // LoopKit's own writes move the issue's updated_at; recording the time after them keeps the next
  // run from taking its own labels and comment for a change and triaging the issue again.
  try {
    return { ...applied, updatedAt: (await readIssue(octokit, ref)).updatedAt };
  } catch (error) {
    return { ...applied, problems: [`could not read the issue after triage (${rejectionReason(error)}); it is triaged again next run`] };
  }
}
