/**
 * A generic loop's event without GitHub: a push made of a commit range of the local clone
 * (`--range A..B`, by default the branch against its base), or a saved webhook payload (`--event
 * FILE`, the JSON GitHub writes to GITHUB_EVENT_PATH). What the payload does not carry is read
 * from the clone through the same `EventReads` the action answers from GitHub's API, so the
 * context the agents read is built by the same code (github/event-context.ts).
 */
import { readFile } from 'node:fs/promises';
import { CONTEXT_LIMITS, eventNameOf, type Commit, type DiffFile, type EventReads, type IssueFacts, type PullFacts } from '../github/event-context.js';
import type { Loop } from '../loop/schema.js';
import { defaultBase, git, parseGitDiff } from './local-diff.js';

export interface LocalEvent {
  name: string;
  payload: Record<string, unknown>;
  reads: EventReads;
  /** The pull request or issue the event is about, as the action's routing finds it in the payload. */
  pullNumber?: number;
  issueNumber?: number;
  /** The clone's HEAD, as GITHUB_SHA: where a check of an event that names no commit would go. */
  sha?: string;
  /** One line for the plan: where the event came from. */
  source: string;
}

/** A local event, or why there is none (a usage problem: the command line or the file must change). */
export type LocalEventResult = { event: LocalEvent } | { problem: string };

export interface LocalEventOptions {
  range?: string;
  eventFile?: string;
  eventName?: string;
}

/** Events whose payload LoopKit can make up: nothing in them is read. */
const NO_PAYLOAD = ['schedule', 'workflow_dispatch'];

export async function localEvent(root: string, loop: Loop, options: LocalEventOptions): Promise<LocalEventResult> {
  if (options.range !== undefined && options.eventFile !== undefined)
    return { problem: '--range makes a push from the local clone and --event reads a saved one: pass one of them' };
  if (options.eventFile !== undefined) return savedEvent(root, loop, options.eventFile, options.eventName);
  const events = loop.trigger.event ?? [];
  const name =
    options.eventName ?? (options.range !== undefined || events.includes('push') ? 'push' : (events[0] ?? (loop.trigger.cron ? 'schedule' : undefined)));
  if (name === 'push') return rangeEvent(root, options.range);
  if (name !== undefined && NO_PAYLOAD.includes(name)) {
    const payload = name === 'schedule' ? { schedule: loop.trigger.cron ?? '' } : {};
    return { event: { name, payload, reads: localReads(root, {}), ...(await headSha(root)), source: `a ${name} event (no payload needed)` } };
  }
  return {
    problem: `${loop.name} runs on ${name ?? 'no event'}: pass --event FILE, a saved webhook payload (the JSON GitHub writes to GITHUB_EVENT_PATH${name ? `, of a ${name} event` : ''}), or --range A..B for a push`
  };
}

/** A push of the commits of `range` (A..B or A...B); by default the current branch against its base (its merge base with the default branch). */
async function rangeEvent(root: string, range: string | undefined): Promise<LocalEventResult> {
  let from: string;
  let to: string;
  let base: string | undefined;
  try {
    if (range === undefined) {
      base = await defaultBase(root);
      from = (await git(root, ['merge-base', base, 'HEAD'])).trim();
      to = 'HEAD';
    } else {
      const m = /^(.+?)\.\.\.?(.*)$/.exec(range);
      if (!m) return { problem: `--range takes A..B (two commits, branches or tags), got "${range}"` };
      from = m[1]!;
      to = m[2] || 'HEAD';
    }
    const before = await commitOf(root, from);
    const after = await commitOf(root, to);
    // The branch pushed: B when it names one, else the branch checked out.
    const branch = (await isBranch(root, to)) ? to : (await git(root, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    return {
      event: {
        name: 'push',
        payload: { ref: `refs/heads/${branch}`, before, after },
        reads: localReads(root, {}),
        source: `the commits ${before.slice(0, 7)}..${after.slice(0, 7)} of the local clone${base ? ` (${branch} against its base ${base})` : ''}`
      }
    };
  } catch (error) {
    return { problem: `--range: ${(error as Error).message.trim().split('\n')[0]}` };
  }
}

async function commitOf(root: string, ref: string): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    throw new Error(`"${ref}" is no commit of the repository at ${root}`);
  }
}

async function isBranch(root: string, ref: string): Promise<boolean> {
  try {
    await git(root, ['show-ref', '--verify', '--quiet', `refs/heads/${ref}`]);
    return true;
  } catch {
    return false;
  }
}

async function headSha(root: string): Promise<{ sha?: string }> {
  try {
    return { sha: await commitOf(root, 'HEAD') };
  } catch {
    return {};
  }
}

async function savedEvent(root: string, loop: Loop, file: string, given: string | undefined): Promise<LocalEventResult> {
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `--event ${file}: ${code ? `cannot be read (${code})` : `not valid JSON (${(error as Error).message})`}` };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { problem: `--event ${file}: not a webhook payload (a JSON object, as GitHub writes to GITHUB_EVENT_PATH)` };
  const body = payload as Record<string, unknown>;
  const events = loop.trigger.event ?? [];
  const name = given ?? eventNameOf(body) ?? (events.length === 1 ? events[0] : undefined);
  if (name === undefined) return { problem: `--event ${file}: which event is it? Pass --event-name NAME (e.g. release, issues, push)` };
  const number = (key: string) => {
    const item = body[key];
    const n = typeof item === 'object' && item !== null ? (item as { number?: unknown }).number : undefined;
    return typeof n === 'number' ? n : undefined;
  };
  const pull = name === 'pull_request' || name === 'pull_request_target' ? number('pull_request') : undefined;
  const issue = name === 'issues' ? number('issue') : undefined;
  return {
    event: {
      name,
      payload: body,
      reads: localReads(root, body),
      ...(pull !== undefined ? { pullNumber: pull } : {}),
      ...(issue !== undefined ? { issueNumber: issue } : {}),
      ...(await headSha(root)),
      source: `the ${name} event saved in ${file}`
    }
  };
}

/** What the event does not carry, from the local clone and the saved payload. */
export function localReads(root: string, payload: Record<string, unknown>): EventReads {
  const diff = async (args: string[]): Promise<DiffFile[]> =>
    parseGitDiff(await git(root, ['-c', 'core.quotePath=false', ...args])).map((f) => ({
      filename: f.path,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
      ...(f.previousPath ? { previous_filename: f.previousPath } : {})
    }));
  const log = async (range: string): Promise<Commit[]> =>
    (await git(root, ['log', '--reverse', '--format=%H%x00%B%x1e', range]))
      .split('\x1e')
      .map((entry) => entry.replace(/^\n/, ''))
      .filter((entry) => entry.includes('\0'))
      .map((entry) => {
        const [sha, message] = entry.split('\0');
        return { sha: sha!, message: message!.trim() };
      });
  return {
    compare: async (base, head) => {
      try {
        await commitOf(root, base);
      } catch {
        return undefined;
      }
      return { commits: await log(`${base}..${head}`), files: await diff(['diff', '--no-color', '--no-ext-diff', '--find-renames', `${base}...${head}`]) };
    },
    commit: async (sha) => ({
      commits: await log(`${sha}^!`),
      files: await diff(['show', '--format=', '--no-color', '--no-ext-diff', '--find-renames', sha])
    }),
    sinceRelease: async (release) => {
      const tag = release.tag_name;
      try {
        await commitOf(root, tag);
      } catch {
        return { merged: [`(the tag ${tag} is not in the local clone: \`git fetch --tags\` to list what was merged)`], more: false };
      }
      let previous: string | undefined;
      try {
        previous = (await git(root, ['describe', '--tags', '--abbrev=0', `${tag}^`])).trim();
      } catch {
        previous = undefined;
      }
      const pulls = (await log(previous ? `${previous}..${tag}` : tag)).reverse().flatMap((c) => mergedPull(c.message));
      return {
        ...(previous ? { previous } : {}),
        merged: pulls.slice(0, CONTEXT_LIMITS.pulls),
        more: pulls.length > CONTEXT_LIMITS.pulls
      };
    },
    issue: async (number) => {
      const issue = itemIn(payload, 'issue', number);
      return {
        title: String(issue.title ?? ''),
        body: typeof issue.body === 'string' ? issue.body : null,
        author: loginOf(issue.user),
        state: String(issue.state ?? 'open'),
        labels: Array.isArray(issue.labels)
          ? issue.labels.map((l) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name ?? ''))).filter(Boolean)
          : []
      } satisfies IssueFacts;
    },
    pull: async (number, maxFiles) => {
      const pr = itemIn(payload, 'pull_request', number);
      const side = (key: 'base' | 'head') => (typeof pr[key] === 'object' && pr[key] !== null ? (pr[key] as { ref?: unknown; sha?: unknown }) : {});
      const [base, head] = [side('base'), side('head')];
      const files =
        typeof base.sha === 'string' && typeof head.sha === 'string'
          ? await diff(['diff', '--no-color', '--no-ext-diff', '--find-renames', `${base.sha}...${head.sha}`]).catch(() => [])
          : [];
      return {
        title: String(pr.title ?? ''),
        body: typeof pr.body === 'string' ? pr.body : null,
        author: loginOf(pr.user),
        baseRef: String(base.ref ?? ''),
        headRef: String(head.ref ?? ''),
        headSha: typeof head.sha === 'string' ? head.sha : '',
        changedFiles: typeof pr.changed_files === 'number' ? pr.changed_files : files.length,
        files: files.slice(0, maxFiles)
      } satisfies PullFacts;
    }
  };
}

/** A merged pull request as its commit on the default branch names it: a merge ("Merge pull request #N from …", its title below) or a squash ("Title (#N)"). */
function mergedPull(message: string): string[] {
  const [subject = '', ...rest] = message.split('\n');
  const merge = /^Merge pull request #(\d+) from (\S+)/.exec(subject);
  if (merge) return [`- #${merge[1]} ${rest.find((l) => l.trim() !== '')?.trim() ?? merge[2]}`];
  const squash = /^(.*) \(#(\d+)\)$/.exec(subject);
  return squash ? [`- #${squash[2]} ${squash[1]}`] : [];
}

/** The issue or pull request the saved payload holds: a local run reads nothing else. */
function itemIn(payload: Record<string, unknown>, key: 'issue' | 'pull_request', number: number): Record<string, unknown> {
  const item = payload[key];
  if (typeof item === 'object' && item !== null && (item as { number?: unknown }).number === number) return item as Record<string, unknown>;
  throw new Error(`the saved event holds no ${key === 'issue' ? 'issue' : 'pull request'} #${number} (a local run reads only the payload)`);
}

function loginOf(user: unknown): string {
  const login = typeof user === 'object' && user !== null ? (user as { login?: unknown }).login : undefined;
  return typeof login === 'string' ? login : 'ghost';
}
