/**
 * Which loops an event runs, and for every other loop one line saying why not. Pure: the event
 * name and payload in, a plan out. The payload fields it reads are validated here; a payload
 * that lacks them skips every loop with the reason.
 */
import picomatch from 'picomatch';
import { z } from 'zod';
import type { CommentRef } from '../github/interaction.js';
import type { LoadedLoop } from '../loop/load.js';
import { slugOf } from '../loop/dialect.js';
import { taskOf } from '../loop/schema.js';

export interface RoutedLoop {
  loaded: LoadedLoop;
  /** The pull request a review loop reviews (a generic loop: the one its event is about). */
  pullNumber?: number;
  /** The one issue a triage loop triages; absent: every issue changed since the last triage (a generic loop: the one its event is about). */
  issueNumber?: number;
  /** Review everything again, not only what changed since the last review (`/loopkit review`). */
  force?: boolean;
  /** Only ask the checker again about the open findings (`/loopkit recheck`). */
  recheck?: boolean;
}

/** A comment that reads `/loopkit <word>`. */
export interface Command {
  /** The word after `/loopkit`, lower case; `help` when there is none. */
  word: string;
  /** help and ignore are LoopKit's own; `loops` runs the loops whose `trigger.command` is the word; `unknown` matches nothing. */
  kind: 'help' | 'ignore' | 'fixed' | 'reopen' | 'loops' | 'unknown';
  author: string;
  /** Where it was typed: the issue's or pull request's conversation, or a review thread. */
  comment: CommentRef;
  subject: { kind: 'issue' | 'pull_request'; number: number };
  /** The review comment a review-thread reply answers. */
  inReplyTo?: number;
  /** What follows the word, e.g. the reason of `/loopkit ignore <reason>`; absent when nothing does. */
  argument?: string;
}

export interface Routing {
  run: RoutedLoop[];
  skipped: { loop: string; reason: string }[];
  command?: Command;
}

export interface EventInfo {
  name: string;
  payload: Record<string, unknown>;
  /** The action's `loop` input: run only this loop. */
  only?: string;
}

const DEFAULT_PR_TYPES = ['opened', 'synchronize', 'reopened', 'ready_for_review'];
const DEFAULT_ISSUE_TYPES = ['opened', 'edited', 'labeled'];
/** A release is worth a loop once people can see it; drafts and edits would run it again and again. */
const DEFAULT_RELEASE_TYPES = ['published'];

const Positive = z.number().int().positive();
const User = z.object({ login: z.string(), type: z.string() });
const PullRequestPayload = z.object({ action: z.string().optional(), pull_request: z.object({ number: Positive, draft: z.boolean().optional() }) });
const IssuesPayload = z.object({ action: z.string(), issue: z.object({ number: Positive }), sender: User.optional() });
const IssueCommentPayload = z.object({
  action: z.string(),
  issue: z.object({ number: Positive, pull_request: z.unknown().optional() }),
  comment: z.object({ id: Positive, body: z.string().nullable(), user: User })
});
const ReviewCommentPayload = z.object({
  action: z.string(),
  pull_request: z.object({ number: Positive }),
  comment: z.object({ id: Positive, body: z.string().nullable(), user: User, in_reply_to_id: Positive.optional() })
});
const DispatchPayload = z.object({ inputs: z.record(z.string(), z.unknown()).nullish() });
const SchedulePayload = z.object({ schedule: z.string() });
const PushPayload = z.object({ ref: z.string(), deleted: z.boolean().optional() });
const ReleasePayload = z.object({ action: z.string(), release: z.object({ id: Positive }) });
const RepositoryDispatchPayload = z.object({ action: z.string() });

export function routeEvent(loops: readonly LoadedLoop[], event: EventInfo): Routing {
  const routing: Routing = { run: [], skipped: [] };
  const chosen = loops.filter((loaded) => {
    if (!event.only || names(loaded, event.only)) return true;
    routing.skipped.push({ loop: loaded.loop.name, reason: `the action's loop input names ${event.only}` });
    return false;
  });
  const skipAll = (reason: string): Routing => {
    for (const { loop } of chosen) routing.skipped.push({ loop: loop.name, reason });
    return routing;
  };

  switch (event.name) {
    case 'pull_request':
    case 'pull_request_target':
      return routePullRequest(chosen, event, routing, skipAll);
    case 'workflow_dispatch':
      return routeDispatch(chosen, event, routing, skipAll);
    case 'schedule': {
      const payload = SchedulePayload.safeParse(event.payload);
      if (!payload.success) return skipAll('the schedule event carries no `schedule` string');
      for (const loaded of chosen) {
        const { trigger } = loaded.loop;
        const skip = (reason: string) => routing.skipped.push({ loop: loaded.loop.name, reason });
        if (!trigger.cron) skip('its trigger has no cron');
        else if (payload.data.schedule !== trigger.cron) skip(`this schedule is "${payload.data.schedule}", the loop's cron is "${trigger.cron}"`);
        else if (taskOf(loaded.loop) === 'review') skip('a review loop needs a pull request, and a schedule carries none');
        else routing.run.push({ loaded });
      }
      return routing;
    }
    case 'issues': {
      const payload = IssuesPayload.safeParse(event.payload);
      if (!payload.success) return skipAll('the issues event carries no issue');
      const { action, issue, sender } = payload.data;
      for (const loaded of chosen) {
        const { trigger } = loaded.loop;
        const skip = (reason: string) => routing.skipped.push({ loop: loaded.loop.name, reason });
        const types = trigger.types ?? DEFAULT_ISSUE_TYPES;
        if (!trigger.event?.includes('issues')) skip('its trigger does not listen to issues');
        else if (!types.includes(action)) skip(`issues.${action} is not one of its trigger types (${types.join(', ')})`);
        else if (taskOf(loaded.loop) === 'review') skip('a review loop runs on pull requests, not issues');
        // LoopKit's own labels and comments (and other bots') must never start a triage of their own.
        else if (sender?.type === 'Bot') skip(`the event was caused by a bot (${sender.login})`);
        else routing.run.push({ loaded, issueNumber: issue.number });
      }
      return routing;
    }
    case 'issue_comment': {
      const payload = IssueCommentPayload.safeParse(event.payload);
      if (!payload.success) return skipAll('the issue_comment event carries no comment');
      const { action, issue, comment } = payload.data;
      const onPull = issue.pull_request !== undefined && issue.pull_request !== null;
      return routeCommand(chosen, routing, skipAll, {
        action,
        body: comment.body ?? '',
        user: comment.user,
        comment: { kind: 'issue', issueNumber: issue.number, commentId: comment.id },
        subject: { kind: onPull ? 'pull_request' : 'issue', number: issue.number }
      });
    }
    case 'pull_request_review_comment': {
      const payload = ReviewCommentPayload.safeParse(event.payload);
      if (!payload.success) return skipAll('the pull_request_review_comment event carries no comment');
      const { action, pull_request: pr, comment } = payload.data;
      return routeCommand(chosen, routing, skipAll, {
        action,
        body: comment.body ?? '',
        user: comment.user,
        comment: { kind: 'review', pullNumber: pr.number, commentId: comment.id, threadId: comment.in_reply_to_id ?? comment.id },
        subject: { kind: 'pull_request', number: pr.number },
        ...(comment.in_reply_to_id !== undefined ? { inReplyTo: comment.in_reply_to_id } : {})
      });
    }
    case 'push': {
      const payload = PushPayload.safeParse(event.payload);
      if (!payload.success) return skipAll('the push event carries no `ref`');
      const { ref, deleted } = payload.data;
      const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
      return routeGeneric(chosen, routing, 'push', (loop) => {
        if (deleted) return 'the push deleted its ref: there is nothing to read';
        const globs = loop.trigger.branches;
        if (!globs) return undefined;
        if (branch === undefined) return `${ref} is not a branch, and the loop filters branches (${globs.join(', ')})`;
        return picomatch(globs)(branch) ? undefined : `the branch ${branch} matches none of its branches (${globs.join(', ')})`;
      });
    }
    case 'release': {
      const payload = ReleasePayload.safeParse(event.payload);
      if (!payload.success) return skipAll('the release event carries no release');
      return routeGeneric(chosen, routing, 'release', (loop) => {
        const types = loop.trigger.types ?? DEFAULT_RELEASE_TYPES;
        return types.includes(payload.data.action) ? undefined : `release.${payload.data.action} is not one of its trigger types (${types.join(', ')})`;
      });
    }
    case 'repository_dispatch': {
      const payload = RepositoryDispatchPayload.safeParse(event.payload);
      if (!payload.success) return skipAll('the repository_dispatch event carries no event_type');
      const type = payload.data.action;
      return routeGeneric(chosen, routing, 'repository_dispatch', (loop) => {
        const types = loop.trigger.types;
        return !types || types.includes(type) ? undefined : `the dispatch's event_type is "${type}", the loop's is ${types.map((t) => `"${t}"`).join(', ')}`;
      });
    }
    default:
      return skipAll(`LoopKit does not run loops on ${event.name} events`);
  }
}

/** Whether `wanted` (the `loop` input, a dispatch's `loop`) names this loop: its name as written or its slug, or its file. */
function names(loaded: LoadedLoop, wanted: string): boolean {
  return wanted === loaded.file || slugOf(wanted) === loaded.loop.name;
}

/**
 * push, release and repository_dispatch carry no pull request to review and no issues to triage:
 * only generic loops run on them, each unless `mismatch` gives the reason it does not.
 */
function routeGeneric(
  loops: readonly LoadedLoop[],
  routing: Routing,
  name: 'push' | 'release' | 'repository_dispatch',
  mismatch: (loop: LoadedLoop['loop']) => string | undefined
): Routing {
  for (const loaded of loops) {
    const { loop } = loaded;
    const skip = (reason: string) => routing.skipped.push({ loop: loop.name, reason });
    const task = taskOf(loop);
    const why = loop.trigger.event?.includes(name) ? mismatch(loop) : `its trigger does not listen to ${name}`;
    if (why) skip(why);
    else if (task !== 'generic')
      skip(`a ${task} loop does not run on ${name} (\`task: ${task}\`): ${name} carries no ${task === 'review' ? 'pull request' : 'issue'}`);
    else routing.run.push({ loaded });
  }
  return routing;
}

function routePullRequest(loops: readonly LoadedLoop[], event: EventInfo, routing: Routing, skipAll: (reason: string) => Routing): Routing {
  const payload = PullRequestPayload.safeParse(event.payload);
  if (!payload.success) return skipAll('the event carries no pull request');
  const { action, pull_request: pr } = payload.data;
  for (const loaded of loops) {
    const { trigger } = loaded.loop;
    const skip = (reason: string) => routing.skipped.push({ loop: loaded.loop.name, reason });
    const types = trigger.types ?? DEFAULT_PR_TYPES;
    if (!trigger.event?.some((e) => e === event.name)) skip(`its trigger does not listen to ${event.name}`);
    else if (action && !types.includes(action)) skip(`${event.name}.${action} is not one of its trigger types (${types.join(', ')})`);
    else if (pr.draft && !trigger.drafts) skip('the pull request is a draft (set `trigger.drafts: true` to review drafts)');
    else routing.run.push({ loaded, pullNumber: pr.number });
  }
  return routing;
}

function routeDispatch(loops: readonly LoadedLoop[], event: EventInfo, routing: Routing, skipAll: (reason: string) => Routing): Routing {
  const payload = DispatchPayload.safeParse(event.payload);
  if (!payload.success) return skipAll('the workflow_dispatch event carries no inputs');
  const inputs = payload.data.inputs ?? {};
  const text = (name: string) => (typeof inputs[name] === 'string' && inputs[name] !== '' ? (inputs[name] as string) : undefined);
  const wanted = event.only ?? text('loop');
  const number = (name: string) => {
    const raw = text(name);
    return raw === undefined ? undefined : Number(raw);
  };
  const pr = number('pr');
  const issue = number('issue');
  for (const loaded of loops) {
    const { loop } = loaded;
    const skip = (reason: string) => routing.skipped.push({ loop: loop.name, reason });
    const task = taskOf(loop);
    if (!wanted || !names(loaded, wanted)) skip(wanted ? `the run asked for ${wanted}` : 'a manual run names its loop with the `loop` input');
    else if (!loop.trigger.manual) skip('`trigger.manual` is false');
    else if (task === 'generic') {
      // A generic loop's comment and labels land on the pull request or issue the run names, if any.
      if (pr !== undefined && !(Number.isInteger(pr) && pr > 0)) skip(`the \`pr\` input "${text('pr')}" is not a pull request number`);
      else if (issue !== undefined && !(Number.isInteger(issue) && issue > 0)) skip(`the \`issue\` input "${text('issue')}" is not an issue number`);
      else routing.run.push({ loaded, ...(pr !== undefined ? { pullNumber: pr } : issue !== undefined ? { issueNumber: issue } : {}) });
    } else if (task === 'review') {
      // `command`: review (everything again, as `/loopkit review`) or recheck (the open findings, as `/loopkit recheck`); none: what changed.
      const command = text('command');
      if (pr === undefined || !Number.isInteger(pr) || pr <= 0) skip('a manual review needs the pull request number in the `pr` input');
      else if (command !== undefined && command !== 'review' && command !== 'recheck')
        skip(`the \`command\` input "${command}" is not \`review\` or \`recheck\` (leave it empty to review what changed)`);
      else routing.run.push({ loaded, pullNumber: pr, ...(command === 'review' ? { force: true } : command === 'recheck' ? { recheck: true } : {}) });
    } else if (issue !== undefined && !(Number.isInteger(issue) && issue > 0)) skip(`the \`issue\` input "${text('issue')}" is not an issue number`);
    else routing.run.push({ loaded, ...(issue !== undefined ? { issueNumber: issue } : {}) });
  }
  return routing;
}

interface CommentInfo {
  action: string;
  body: string;
  user: { login: string; type: string };
  comment: Command['comment'];
  subject: Command['subject'];
  inReplyTo?: number;
}

const COMMAND = /^\/loopkit(?:\s+([A-Za-z][A-Za-z0-9-]*))?\b/;

/** The command on the comment's first non-empty line, or undefined. Quoted lines (`> /loopkit …`) are not commands. */
export function parseCommand(body: string): string | undefined {
  const first =
    body
      .split(/\r?\n/)
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  const match = COMMAND.exec(first);
  if (!match) return undefined;
  return (match[1] ?? 'help').toLowerCase();
}

/** The text after `/loopkit <word>`, every line of it, in one line: the reason of an ignore. */
export function commandArgument(body: string): string | undefined {
  const text = body.replace(/\r\n/g, '\n').trim();
  const match = COMMAND.exec(text);
  const rest = match ? text.slice(match[0].length).replace(/\s+/g, ' ').trim() : '';
  return rest === '' ? undefined : rest;
}

function routeCommand(loops: readonly LoadedLoop[], routing: Routing, skipAll: (reason: string) => Routing, info: CommentInfo): Routing {
  if (info.action !== 'created') return skipAll(`the comment was ${info.action}: only new comments carry commands`);
  // Bots never command LoopKit, and LoopKit never answers itself.
  if (info.user.type === 'Bot') return skipAll(`the comment was written by a bot (${info.user.login})`);
  const word = parseCommand(info.body);
  if (word === undefined) return skipAll('the comment holds no `/loopkit` command');
  const argument = commandArgument(info.body);
  const base = {
    word,
    author: info.user.login,
    comment: info.comment,
    subject: info.subject,
    ...(info.inReplyTo !== undefined ? { inReplyTo: info.inReplyTo } : {}),
    ...(argument ? { argument } : {})
  };
  if (word === 'help' || word === 'ignore' || word === 'fixed' || word === 'reopen') {
    routing.command = { ...base, kind: word };
    return skipAll(`\`/loopkit ${word}\` runs no loop`);
  }
  const where = info.subject.kind === 'issue' ? 'an issue' : 'a pull request';
  if (word === 'recheck') {
    // LoopKit's own: every review loop asks its checker again about its open findings, and nothing else.
    for (const loaded of loops) {
      const skip = (reason: string) => routing.skipped.push({ loop: loaded.loop.name, reason });
      if (taskOf(loaded.loop) !== 'review') skip('`/loopkit recheck` re-verifies the findings of review loops');
      else if (info.subject.kind !== 'pull_request') skip(`a review loop runs on pull requests, and this is ${where}`);
      else routing.run.push({ loaded, pullNumber: info.subject.number, recheck: true });
    }
    routing.command = { ...base, kind: 'loops' };
    return routing;
  }
  let matched = false;
  for (const loaded of loops) {
    const { loop } = loaded;
    const skip = (reason: string) => routing.skipped.push({ loop: loop.name, reason });
    if (loop.trigger.command !== word) {
      skip(loop.trigger.command ? `its command is \`/loopkit ${loop.trigger.command}\`` : 'it has no `trigger.command`');
      continue;
    }
    matched = true;
    const task = taskOf(loop);
    if (task === 'review' && info.subject.kind !== 'pull_request') skip(`a review loop runs on pull requests, and this is ${where}`);
    else if (task === 'triage' && info.subject.kind !== 'issue') skip(`a triage loop runs on issues, and this is ${where}`);
    else if (task === 'review') routing.run.push({ loaded, pullNumber: info.subject.number, force: true });
    else if (info.subject.kind === 'pull_request') routing.run.push({ loaded, pullNumber: info.subject.number });
    else routing.run.push({ loaded, issueNumber: info.subject.number });
  }
  routing.command = { ...base, kind: matched ? 'loops' : 'unknown' };
  return routing;
}
