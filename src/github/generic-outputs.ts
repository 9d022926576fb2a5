/**
 * Writing a generic loop's plan, and nothing else: the model proposed, the checker confirmed, the
 * engine planned within the loop's `outputs`; here every part is checked against `outputs` once
 * more, capped again and escaped, then written on what the event is about (lessons: on the one
 * lessons pull request, github/lessons-pull.ts). Each write stands
 * alone: one GitHub refuses (a 422, a 5xx) is reported and the others are still made. Creating is
 * never retried by the client (isIdempotent), and an issue carries a marker naming its event, so a
 * re-run of the same event finds the issues it opened and never opens them twice.
 */
import type { Loop, Severity } from '../loop/schema.js';
import {
  genericCheckSummary,
  genericComment,
  openedIssueBody,
  openedIssueTitle,
  withReleaseSection,
  type AppliedOutputs,
  type GenericFinding
} from '../render/generic.js';
import { findReleaseSection, genericCommentMarker, readOpenedIssueMarker } from '../render/markers.js';
import { stripControls } from '../render/escape.js';
import { CheckRun, type CheckAnnotation, type CheckRunTracker } from './check-runs.js';
import type { GitHub } from './client.js';
import { httpStatus, rejectionReason } from './errors.js';
import type { RepoRef } from './pull-request.js';
import { upsertStickyComment } from './sticky-comment.js';
import { proposeLessons } from './lessons-pull.js';
import { writtenBy, type TokenIdentity } from './trust.js';

/** The parts of the engine's OutputPlan (engine/generic.ts) that are written; an OutputPlan is one. */
export interface GenericWritePlan {
  comment?: string;
  labels: string[];
  issues: { title: string; body: string; labels: string[] }[];
  releaseNotes?: string;
  /** Lesson lines for `memory.notesFile` (`outputs.notes`). */
  notes?: readonly string[];
  findings: readonly GenericFinding[];
  check?: { conclusion: 'success' | 'failure' | 'neutral'; title: string };
}

export interface WriteTarget {
  /** The issue or pull request a comment and labels go on. */
  issue?: number;
  releaseId?: number;
  /** The commit a check goes on. */
  headSha?: string;
  /** Names the event: issues opened for it carry it. */
  eventKey: string;
  /** The event in one line, for the issue footer and the check. */
  event: string;
}

export interface WriteOptions {
  loop: Loop;
  identity: TokenIdentity;
  /** Whether the run completed: a check is never success for one that did not. */
  complete: boolean;
  /** The repository's labels: without `outputs.labels.create`, only those are added. */
  repoLabels: readonly string[];
  runUrl?: string;
  tracker?: CheckRunTracker;
  /** Verification still fell short after the last round: `escalation.label` goes on the event's issue or pull request, as a triage's does. */
  escalated?: boolean;
  /** The time the feedback behind the lessons was read up to, when the lessons pull request may record it (flows/generic.ts decides). */
  lessonsReadTo?: number;
}

export async function applyGenericPlan(
  octokit: GitHub,
  repo: RepoRef,
  plan: GenericWritePlan,
  target: WriteTarget,
  options: WriteOptions
): Promise<AppliedOutputs> {
  const { loop } = options;
  const outputs = loop.outputs ?? { close: false as const };
  const applied: AppliedOutputs = { labels: [], issues: [], refused: [], problems: [] };
  const refuse = (kind: string, what: string, reason: string) => applied.refused.push({ kind, what, reason });
  const attempt = async (what: string, write: () => Promise<void>) => {
    try {
      await write();
    } catch (error) {
      applied.problems.push(`${what}: ${rejectionReason(error)}`);
    }
  };

  if (plan.issues.length > 0) {
    if (!outputs.issue) plan.issues.forEach((i) => refuse('issue', i.title, 'the loop declares no `outputs.issue`'));
    else await attempt('issues not opened', () => openIssues(octokit, repo, plan.issues, target, options, applied));
  }

  if (plan.labels.length > 0) {
    const allowed = outputs.labels;
    const wanted: string[] = [];
    for (const label of [...new Set(plan.labels)]) {
      if (!allowed) refuse('label', label, 'the loop declares no `outputs.labels`');
      else if (target.issue === undefined) refuse('label', label, 'the event is about no issue or pull request');
      else if (!allowed.allowed.includes(label)) refuse('label', label, 'not in `outputs.labels.allowed`');
      else if (!allowed.create && !options.repoLabels.includes(label))
        refuse('label', label, 'the repository has no such label (`outputs.labels.create` is false)');
      else if (wanted.length === allowed.max) refuse('label', label, `past \`outputs.labels.max\` (${allowed.max})`);
      else wanted.push(label);
    }
    if (wanted.length > 0) {
      await attempt('labels not added', async () => {
        await octokit.rest.issues.addLabels({ ...repo, issue_number: target.issue!, labels: wanted });
        applied.labels = wanted;
      });
    }
  }

  const escalation = options.escalated ? loop.escalation?.label : undefined;
  if (escalation !== undefined) {
    if (target.issue === undefined) refuse('escalation', escalation, 'the event is about no issue or pull request to label');
    else
      await attempt('escalation label not added', async () => {
        await octokit.rest.issues.addLabels({ ...repo, issue_number: target.issue!, labels: [escalation] });
        applied.labels.push(escalation);
      });
  }

  if (plan.comment !== undefined) {
    if (!outputs.comment || outputs.comment.max < 1) refuse('comment', plan.comment, 'the loop declares no `outputs.comment`');
    else if (target.issue === undefined) refuse('comment', plan.comment, 'the event is about no issue or pull request');
    else {
      await attempt('comment not written', async () => {
        const body = genericComment(loop.name, plan.comment!, {
          opened: applied.issues.filter((i) => !i.existed),
          ...(options.runUrl ? { runUrl: options.runUrl } : {})
        });
        const upsert = await upsertStickyComment(octokit, {
          ...repo,
          issueNumber: target.issue!,
          marker: genericCommentMarker(loop.name),
          identity: await options.identity.get(),
          body
        });
        applied.comment = upsert.created ? 'created' : upsert.previousBody === body ? 'unchanged' : 'edited';
      });
    }
  }

  if (plan.releaseNotes !== undefined) {
    if (!outputs.release) refuse('release_notes', plan.releaseNotes, 'the loop declares no `outputs.release`');
    else if (target.releaseId === undefined) refuse('release_notes', plan.releaseNotes, 'the event is about no release');
    else {
      await attempt('release notes not written', async () => {
        const { data } = await octokit.rest.repos.getRelease({ ...repo, release_id: target.releaseId! });
        const current = data.body ?? '';
        const body = withReleaseSection(current, loop.name, plan.releaseNotes!);
        if (body !== current) await octokit.rest.repos.updateRelease({ ...repo, release_id: target.releaseId!, body });
        applied.release = body === current ? 'unchanged' : findReleaseSection(current, loop.name) !== undefined ? 'replaced' : 'appended';
      });
    }
  }

  if (plan.notes && plan.notes.length > 0) {
    const notesFile = loop.memory?.notesFile;
    const declared = outputs.notes;
    if (!declared) plan.notes.forEach((line) => refuse('lesson', line, 'the loop declares no `outputs.notes`'));
    else if (!notesFile) plan.notes.forEach((line) => refuse('lesson', line, 'the loop names no `memory.notesFile`'));
    else {
      for (const line of plan.notes.slice(declared.max)) refuse('lesson', line, `past \`outputs.notes.max\` (${declared.max})`);
      await attempt('lessons not proposed', async () => {
        applied.notes = await proposeLessons(octokit, repo, plan.notes!.slice(0, declared.max), {
          loop: loop.name,
          identity: await options.identity.get(),
          notesFile,
          ...(declared.branch ? { branch: declared.branch } : {}),
          ...(options.runUrl ? { runUrl: options.runUrl } : {}),
          ...(options.lessonsReadTo !== undefined ? { readTo: options.lessonsReadTo } : {})
        });
      });
    }
  }

  if (plan.check) {
    if (!outputs.check) refuse('check', plan.check.title, 'the loop declares no `outputs.check`');
    else if (target.headSha === undefined) refuse('check', plan.check.title, 'the event names no commit');
    else {
      const name = genericCheckName(loop.name, outputs.check);
      // A run that did not complete proved nothing: never success.
      const incomplete = !options.complete && plan.check.conclusion === 'success';
      const conclusion = incomplete ? 'neutral' : plan.check.conclusion;
      const title = incomplete ? `Incomplete: ${plan.check.title}` : plan.check.title;
      await attempt('check not published', async () => {
        await CheckRun.publish(
          octokit,
          { ...repo, name, headSha: target.headSha!, ...(options.runUrl ? { detailsUrl: options.runUrl } : {}) },
          {
            conclusion,
            title: stripControls(title).slice(0, 200),
            summary: genericCheckSummary({ loop: loop.name, conclusion, title, findings: plan.findings, event: target.event }),
            annotations: annotations(plan.findings)
          },
          options.tracker
        );
        applied.check = { name, conclusion };
      });
    }
  }
  return applied;
}

/** The name of the check run a generic loop declares (`outputs.check`). */
export function genericCheckName(loop: string, check: { name?: string | undefined }): string {
  return check.name ?? `LoopKit · ${loop}`;
}

/**
 * At most `outputs.issue.max` issues for one event, counting those an earlier attempt at it opened
 * (found by their marker among the newest issues LoopKit wrote); each with the declared labels and
 * title prefix, never a label the loop did not declare.
 */
async function openIssues(
  octokit: GitHub,
  repo: RepoRef,
  planned: GenericWritePlan['issues'],
  target: WriteTarget,
  options: WriteOptions,
  applied: AppliedOutputs
): Promise<void> {
  const { loop } = options;
  const declared = loop.outputs!.issue!;
  const identity = await options.identity.get();
  const { data } = await octokit.rest.issues.listForRepo({
    ...repo,
    state: 'all',
    sort: 'created',
    direction: 'desc',
    per_page: 100,
    ...(declared.labels.length > 0 ? { labels: declared.labels.join(',') } : {})
  });
  const earlier = data.filter((i) => {
    const marker = readOpenedIssueMarker(i.body ?? '');
    return writtenBy(i, identity) && marker?.loop === loop.name && marker.eventKey === target.eventKey;
  });
  applied.issues.push(...earlier.map((i) => ({ number: i.number, title: i.title, existed: true })));
  let room = declared.max - earlier.length;
  for (const issue of planned) {
    const title = openedIssueTitle(issue.title, declared.titlePrefix);
    if (earlier.some((e) => e.title === title)) continue;
    if (room <= 0) {
      applied.refused.push({ kind: 'issue', what: title, reason: `past \`outputs.issue.max\` (${declared.max}) for this event` });
      continue;
    }
    const body = openedIssueBody(loop.name, target.eventKey, issue.body, { event: target.event, ...(options.runUrl ? { runUrl: options.runUrl } : {}) });
    try {
      const { data: created } = await octokit.rest.issues.create({ ...repo, title, body, ...(declared.labels.length > 0 ? { labels: declared.labels } : {}) });
      applied.issues.push({ number: created.number, title, existed: false });
      room -= 1;
    } catch (error) {
      applied.problems.push(`issue "${title}" not opened: ${rejectionReason(error)}`);
      // A 5xx or no answer may still have opened it: it counts against the cap, so max is never passed.
      const status = httpStatus(error);
      if (status === undefined || status >= 500) room -= 1;
    }
  }
}

const LEVEL: Record<Severity, CheckAnnotation['level']> = { critical: 'failure', high: 'failure', medium: 'warning', low: 'notice', info: 'notice' };

function annotations(findings: readonly GenericFinding[]): CheckAnnotation[] {
  return findings.flatMap((f) =>
    f.path && f.line
      ? [
          {
            path: f.path,
            startLine: f.line,
            endLine: f.line,
            level: LEVEL[f.severity],
            title: stripControls(f.title).slice(0, 255),
            message: stripControls(f.detail).slice(0, 4_000)
          }
        ]
      : []
  );
}
