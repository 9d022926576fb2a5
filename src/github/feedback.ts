/**
 * The github-feedback connector: what maintainers did with LoopKit's work on pull requests closed
 * (merged or not) since the last run, at most in the look-back window, read-only, for a loop that
 * keeps lessons as code (`outputs.notes`). Read are LoopKit's own finding comments (its identity, its finding marker at
 * the end of a thread's first comment) and, in their threads, the replies that steer a finding
 * (`/loopkit ignore <reason>`, `/loopkit fixed`, `/loopkit reopen`) from people GitHub says have
 * write access, as the commands themselves are judged (flows/commands.ts); and the labels a person
 * removed from an issue after LoopKit itself added them (the repository's issue events). Nothing
 * a pull request's or an issue's author wrote is read: no title, no body, no other comment.
 *
 * LoopKit's own "Fixed in <commit>." reply in such a thread (the lifecycle's, when its checker saw
 * the finding gone: flows/review-lifecycle.ts) is read too, as a fix; the same text from anyone
 * else is not.
 *
 * Since the last run: a learning loop's lessons pull request records, in LoopKit's marker, the time
 * its run read feedback up to (github/lessons-pull.ts). A run reads from the newest such record of
 * LoopKit's own lessons pull requests (open, merged or closed), `lookbackDays` being the longest
 * window, and from the window when there is none. Only a run that wrote all it confirmed (a pull
 * request opened or updated; flows/generic.ts decides) moves the record on: a run that found
 * nothing new, was not let write, did not complete or left a confirmed lesson out leaves it where
 * it was, so its feedback is read again next time. That costs nothing twice, because an item whose
 * source link the notes file already holds (on the default branch, or on the branch of the lessons
 * pull request still open) was learned already and is left out, whatever the window.
 */
import type { LessonCandidate } from '../engine/generic.js';
import type { Connector } from '../loop/schema.js';
import { readFindingClaim, readFindingMarker, readFixedReply } from '../render/index.js';
import { lessonLine, type FeedbackItem } from '../render/lessons.js';
import type { GitHub } from './client.js';
import { rejectionReason } from './errors.js';
import { canSteer, permissionOf, type RepoPermission } from './interaction.js';
import { lastReadTo, readNotesText, type LessonsPull } from './lessons-pull.js';
import type { RepoRef } from './pull-request.js';
import { writtenBy } from './trust.js';

export type FeedbackConnector = Extract<Connector, { type: 'github-feedback' }>;

/** A steering command in a reply: what flows/routing.ts parses; given by the flow, which owns the command syntax. */
export type CommandOf = (body: string) => { word: string; argument?: string } | undefined;

export interface FeedbackOptions {
  /** LoopKit's login: only its comments and label events are its own. */
  identity: string;
  /** `memory.notesFile`: the lessons it holds are not proposed again. */
  notesFile?: string;
  /** The open lessons pull request, whose branch may hold lessons not merged yet. */
  open?: LessonsPull;
  /** The learning loop (`outputs.notes`) whose lessons pull requests record where its last run stopped reading. */
  loop?: string;
  /** Now, from the flow's clock. */
  now: number;
  commandOf: CommandOf;
}

export interface Feedback {
  /** For the makers: one line per item, fenced by the engine. */
  section: { name: string; text: string };
  lessons: LessonCandidate[];
  /** The time feedback was read up to: what the lessons pull request records for the next run. */
  readTo: number;
  /** What could not be read (a permission GitHub did not answer): the run goes on without it. */
  warnings: string[];
}

const STEERING: Record<string, 'dismissed' | 'fixed' | 'reopened'> = { ignore: 'dismissed', fixed: 'fixed', reopen: 'reopened' };
/** Issue events read at most: the newest first, enough for weeks of triage. */
const EVENTS_LIMIT = 1000;
/**
 * How far before the last run's record a run starts: the record is the runner's clock, GitHub's
 * times are its own (to the second), and a listing may lag a write by moments. What is read twice
 * is left out once learned.
 */
const RECORD_OVERLAP_MS = 10 * 60_000;

export async function readFeedback(octokit: GitHub, repo: RepoRef, connector: FeedbackConnector, options: FeedbackOptions): Promise<Feedback> {
  const window = options.now - connector.lookbackDays * 86_400_000;
  const record = options.loop ? await lastReadTo(octokit, repo, options.loop, options.identity, window) : undefined;
  const since = record === undefined ? window : Math.max(window, record - RECORD_OVERLAP_MS);
  const known = await knownText(octokit, repo, options);
  const warnings: string[] = [];
  const permissions = new Map<string, Promise<RepoPermission>>();
  const maintainer = async (login: string): Promise<boolean> => {
    if (!permissions.has(login)) permissions.set(login, permissionOf(octokit, repo, login));
    try {
      const permission = await permissions.get(login)!;
      return canSteer(permission);
    } catch (error) {
      warnings.push(`could not check ${login}'s permission: ${rejectionReason(error)}`);
      return false;
    }
  };

  const items: FeedbackItem[] = [];
  const pulls: number[] = [];
  scan: for await (const { data } of octokit.paginate.iterator(octokit.rest.pulls.list, {
    ...repo,
    state: 'closed',
    sort: 'updated',
    direction: 'desc',
    per_page: 100
  })) {
    for (const pr of data) {
      if (Date.parse(pr.updated_at) < since || pulls.length === connector.maxPullRequests) break scan;
      pulls.push(pr.number);
    }
  }
  // Oldest first: lessons read in the order they were taught.
  for (const number of pulls.reverse()) items.push(...(await steeredFindings(octokit, repo, number, since, options, maintainer)));
  items.push(...(await removedLabels(octokit, repo, since, options.identity, maintainer)));

  const fresh = items.filter((item) => !known.includes(item.url));
  const lessons = fresh.map((item, i) => ({ id: `L${i + 1}`, line: lessonLine(item) }));
  const text = lessons.length > 0 ? lessons.map((l) => `- ${l.id}: ${l.line}`).join('\n') : '(nothing new)';
  const from = since === window ? `in the last ${connector.lookbackDays} day(s)` : `since ${new Date(since).toISOString()} (the last run's record)`;
  return {
    section: {
      name: `feedback on ${pulls.length} pull request(s) closed ${from}`,
      text: `${text}\n(${items.length - fresh.length} item(s) already in the notes file left out)`
    },
    lessons,
    readTo: options.now,
    warnings
  };
}

/** The notes file as the default branch and the open lessons pull request's branch hold it. */
async function knownText(octokit: GitHub, repo: RepoRef, options: FeedbackOptions): Promise<string> {
  if (!options.notesFile) return '';
  const base = await readNotesText(octokit, repo, options.notesFile);
  const open = options.open ? await readNotesText(octokit, repo, options.notesFile, options.open.branch) : undefined;
  return `${base?.text ?? ''}\n${open?.text ?? ''}`;
}

/**
 * The findings LoopKit posted on one pull request that a maintainer dismissed, marked fixed or
 * reopened in their thread, or that LoopKit's own reply says were fixed: those whose thread ended
 * so at `since` or later.
 */
async function steeredFindings(
  octokit: GitHub,
  repo: RepoRef,
  number: number,
  since: number,
  options: FeedbackOptions,
  maintainer: (login: string) => Promise<boolean>
): Promise<FeedbackItem[]> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, pull_number: number, per_page: 100 });
  const findings = new Map<number, { claim: string; path: string }>();
  for (const c of comments) {
    // A finding opens its thread, in LoopKit's own comment; a marker anywhere else says nothing.
    if (c.in_reply_to_id !== undefined || !writtenBy(c, options.identity) || readFindingMarker(c.body) === undefined) continue;
    const claim = readFindingClaim(c.body);
    if (claim) findings.set(c.id, { claim, path: c.path });
  }
  // A thread teaches what it ended with: a finding marked fixed and then reopened is a reopened one.
  const last = new Map<number, { item: FeedbackItem; at: number }>();
  for (const c of comments) {
    const finding = c.in_reply_to_id === undefined ? undefined : findings.get(c.in_reply_to_id);
    const login = c.user?.login;
    if (!finding || !login) continue;
    const at = Date.parse(c.created_at);
    if (writtenBy(c, options.identity)) {
      // LoopKit's own words only: the commit its reply names, with the claim its finding comment holds.
      const commit = readFixedReply(c.body);
      if (commit) last.set(c.in_reply_to_id!, { item: { kind: 'fixed', ...finding, commit, url: c.html_url }, at });
      continue;
    }
    const command = options.commandOf(c.body);
    const kind = command ? STEERING[command.word] : undefined;
    if (!kind || !(await maintainer(login))) continue;
    last.set(c.in_reply_to_id!, {
      item: {
        kind,
        ...finding,
        ...(kind === 'dismissed' && command?.argument ? { reason: command.argument } : {}),
        by: login,
        url: c.html_url
      },
      at
    });
  }
  return [...last.values()].filter(({ at }) => at >= since).map(({ item }) => item);
}

/**
 * Labels a person removed from an issue after LoopKit had added them, in the window: the
 * repository's issue events, newest first. Only the event's actor and the label's name are read.
 */
async function removedLabels(
  octokit: GitHub,
  repo: RepoRef,
  since: number,
  identity: string,
  maintainer: (login: string) => Promise<boolean>
): Promise<FeedbackItem[]> {
  /** When LoopKit first added each label to each issue (in the events read), by `issue\nlabel`. */
  const added = new Map<string, number>();
  const removed: { issue: number; label: string; by: string; url: string; at: number }[] = [];
  let read = 0;
  scan: for await (const { data } of octokit.paginate.iterator(octokit.rest.issues.listEventsForRepo, { ...repo, per_page: 100 })) {
    for (const e of data) {
      if (++read > EVENTS_LIMIT || Date.parse(e.created_at) < since) break scan;
      const label = e.label?.name;
      const issue = e.issue;
      if (!label || !issue || issue.pull_request) continue;
      const at = Date.parse(e.created_at);
      // Newest first: each earlier "labeled" event of LoopKit's replaces the later one.
      if (e.event === 'labeled' && e.actor && writtenBy({ user: e.actor }, identity)) added.set(`${issue.number}\n${label}`, at);
      else if (e.event === 'unlabeled' && e.actor?.type === 'User')
        removed.push({ issue: issue.number, label, by: e.actor.login, url: `${issue.html_url}#event-${e.id}`, at });
    }
  }
  const items: FeedbackItem[] = [];
  for (const r of removed.reverse()) {
    const addedAt = added.get(`${r.issue}\n${r.label}`);
    if (addedAt !== undefined && addedAt <= r.at && (await maintainer(r.by)))
      items.push({ kind: 'unlabeled', label: r.label, issue: r.issue, by: r.by, url: r.url });
  }
  return items;
}
