/**
 * What a generic loop's agents read, by event. The event's own subject is implicit, so a loop
 * written for the original LoopKit with no connector still reads what started it:
 * - push: the pushed commits and their diff (compare before...after; a new branch against the
 *   default branch; a force push whose old head is gone: the head commit's own diff);
 * - release: the release and the pull requests merged since the previous published release;
 * - issue_comment: the comment that started the run, and the issue or pull request it is on;
 * - issues, pull_request, workflow_dispatch with `issue`/`pr`: that issue or pull request
 *   (a pull request with its diff);
 * - repository_dispatch: its `client_payload`; schedule: nothing but the schedule.
 * Connectors add what the event does not carry: `github-issues` the open issues changed in its
 * look-back window, `repo-files` files of the repository at the event's commit, and
 * `github-pull-request` sets how many files of a pull request's diff are read.
 * Everything is bounded (files, characters per file and in all, commits, pull requests) and every
 * text comes from people: the engine fences it as untrusted. What the payload does not carry comes
 * through `EventReads`: GitHub's API here, the local clone in the CLI (cli/local-events.ts).
 */
import { z } from 'zod';
import { diffFileHeader } from '../diff/index.js';
import type { EventContext } from '../engine/generic.js';
import type { Connector, Loop } from '../loop/schema.js';
import type { GitHub } from './client.js';
import { httpStatus } from './errors.js';
import { listOpenIssuesSince } from './issues.js';
import { GitHubLoopSource } from './loop-source.js';
import type { RepoRef } from './pull-request.js';

export interface GenericEvent {
  context: EventContext;
  /** What this event's outputs can land on: an issue or pull request for a comment and labels, a release for its notes. */
  target: { issue?: number; release?: boolean };
  /** The release the event is about (its notes are written there). */
  releaseId?: number;
  /** The commit a check run goes on. */
  headSha?: string;
  /** Names the event, the same on a re-run of it: the issues opened for it carry it, so a re-run never opens them twice. */
  eventKey: string;
}

export interface EventInput {
  name: string;
  payload: Record<string, unknown>;
  /** The pull request or issue routing found for the loop (a command's, a manual run's input). */
  pullNumber?: number;
  issueNumber?: number;
  /** GITHUB_RUN_ID: the same on every attempt of a run. */
  runId?: string;
  /** GITHUB_SHA: the event's commit. */
  sha?: string;
}

export const CONTEXT_LIMITS = {
  /** Files of a diff read, unless `github-pull-request.maxFiles` says otherwise. */
  files: 50,
  patchChars: 6_000,
  diffChars: 80_000,
  commits: 50,
  pulls: 100,
  issues: 50,
  bodyChars: 8_000,
  fileChars: 20_000,
  payloadChars: 20_000
};

const ZERO_SHA = /^0{40}$/;
const Sha = z.string().regex(/^[0-9a-f]{40}$/);
const Positive = z.number().int().positive();
const PushPayload = z.object({
  ref: z.string(),
  before: z.string(),
  after: Sha,
  created: z.boolean().optional(),
  forced: z.boolean().optional(),
  commits: z.array(z.object({ id: z.string(), message: z.string() })).optional(),
  repository: z.object({ default_branch: z.string() }).optional()
});
const ReleasePayload = z.object({
  release: z.object({
    id: Positive,
    tag_name: z.string(),
    name: z.string().nullish(),
    body: z.string().nullish(),
    published_at: z.string().nullish(),
    prerelease: z.boolean().optional()
  })
});
const CommentPayload = z.object({
  comment: z.object({ id: Positive, body: z.string().nullable(), user: z.object({ login: z.string() }) }),
  issue: z.object({ number: Positive, pull_request: z.unknown().optional() })
});
const DispatchPayload = z.object({ action: z.string(), client_payload: z.unknown().optional() });
const SchedulePayload = z.object({ schedule: z.string() });

type Section = EventContext['sections'][number];

/**
 * What the event's subject needs beyond its payload: on GitHub (`githubReads`, the action and
 * `--repo`), or from the local clone and a saved payload (the CLI's `--range` and `--event`,
 * cli/local-events.ts). The context is built from these answers by the same code either way.
 */
export interface EventReads {
  /** The commits and files of base...head; undefined when base is no longer in the repository. */
  compare(base: string, head: string): Promise<{ commits: Commit[]; files: DiffFile[] } | undefined>;
  /** One commit and its own diff. */
  commit(sha: string): Promise<{ commits: Commit[]; files: DiffFile[] }>;
  /** The published release before this one, and the pull requests merged since it (as list lines, at most CONTEXT_LIMITS.pulls; `more` when there were more). */
  sinceRelease(release: ReleaseFacts): Promise<{ previous?: string; merged: string[]; more: boolean }>;
  issue(number: number): Promise<IssueFacts>;
  pull(number: number, maxFiles: number): Promise<PullFacts>;
}

export interface Commit {
  sha: string;
  message: string;
}

export type ReleaseFacts = z.infer<typeof ReleasePayload>['release'];

export interface IssueFacts {
  title: string;
  body: string | null;
  author: string;
  state: string;
  labels: string[];
}

export interface PullFacts {
  title: string;
  body: string | null;
  author: string;
  baseRef: string;
  headRef: string;
  headSha: string;
  changedFiles: number;
  files: DiffFile[];
}

export async function readEventContext(octokit: GitHub, repo: RepoRef, event: EventInput, loop: Loop): Promise<GenericEvent> {
  const subject = await eventSubject(githubReads(octokit, repo), event, loop);
  const extra = await readConnectors(octokit, repo, loop.connectors ?? [], subject.headSha ?? event.sha);
  return { ...subject, context: { title: subject.context.title, sections: [...subject.context.sections, ...extra] } };
}

/** The event's own subject (no connectors), built from the payload and `reads`. */
export async function eventSubject(reads: EventReads, event: EventInput, loop: Loop): Promise<GenericEvent> {
  const maxFiles =
    (loop.connectors ?? []).find((c): c is Extract<Connector, { type: 'github-pull-request' }> => c.type === 'github-pull-request')?.maxFiles ??
    CONTEXT_LIMITS.files;
  const run = event.runId ? `run-${event.runId}` : `${event.name}-manual`;
  return readSubject(reads, event, maxFiles, run);
}

/** The payload's event name, from its shape, as GitHub would have named it (for a saved payload whose name is not given). */
export function eventNameOf(payload: Record<string, unknown>): string | undefined {
  if (PushPayload.safeParse(payload).success) return 'push';
  if (ReleasePayload.safeParse(payload).success) return 'release';
  if (CommentPayload.safeParse(payload).success) return 'issue_comment';
  if (typeof payload.pull_request === 'object' && payload.pull_request !== null) return 'pull_request';
  if (typeof payload.issue === 'object' && payload.issue !== null) return 'issues';
  if (SchedulePayload.safeParse(payload).success) return 'schedule';
  if (DispatchPayload.safeParse(payload).success && 'client_payload' in payload) return 'repository_dispatch';
  return undefined;
}

export function githubReads(octokit: GitHub, repo: RepoRef): EventReads {
  const diffOf = (data: { commits?: { sha: string; commit: { message: string } }[]; files?: unknown[] }) => ({
    commits: (data.commits ?? []).map((c) => ({ sha: c.sha, message: c.commit.message })),
    files: (data.files ?? []) as DiffFile[]
  });
  return {
    compare: async (base, head) => {
      try {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}`, per_page: 100 });
        return diffOf(data);
      } catch (error) {
        if (httpStatus(error) !== 404) throw error;
        return undefined;
      }
    },
    commit: async (sha) => {
      const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: sha });
      return { commits: [{ sha: data.sha, message: data.commit.message }], files: (data.files ?? []) as DiffFile[] };
    },
    sinceRelease: (release) => releasePulls(octokit, repo, release),
    issue: async (number) => {
      const { data } = await octokit.rest.issues.get({ ...repo, issue_number: number });
      return {
        title: data.title,
        body: data.body ?? null,
        author: data.user?.login ?? 'ghost',
        state: data.state,
        labels: data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== '')
      };
    },
    pull: async (number, maxFiles) => {
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
      const files: DiffFile[] = [];
      for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 })) {
        files.push(...page.data);
        if (files.length >= maxFiles) break;
      }
      return {
        title: data.title,
        body: data.body,
        author: data.user?.login ?? 'ghost',
        baseRef: data.base.ref,
        headRef: data.head.ref,
        headSha: data.head.sha,
        changedFiles: data.changed_files,
        files
      };
    }
  };
}

async function readSubject(reads: EventReads, event: EventInput, maxFiles: number, run: string): Promise<GenericEvent> {
  const sha = event.sha && /^[0-9a-f]{40}$/.test(event.sha) ? { headSha: event.sha } : {};
  switch (event.name) {
    case 'push': {
      const push = PushPayload.parse(event.payload);
      return { ...(await readPush(reads, push, maxFiles)), target: {}, headSha: push.after, eventKey: `push-${push.after}` };
    }
    case 'release': {
      const { release } = ReleasePayload.parse(event.payload);
      return {
        context: await readRelease(reads, release),
        target: { release: true },
        releaseId: release.id,
        ...sha,
        eventKey: `release-${release.id}`
      };
    }
    case 'issue_comment': {
      const { comment, issue } = CommentPayload.parse(event.payload);
      const on = await readItem(reads, issue.number, issue.pull_request !== undefined && issue.pull_request !== null, maxFiles);
      const command: Section = { name: `comment by @${comment.user.login}`, text: clip(comment.body ?? '', CONTEXT_LIMITS.bodyChars) };
      return {
        context: { title: `comment by @${comment.user.login} on ${on.what}`, sections: [command, ...on.sections] },
        target: { issue: issue.number },
        ...sha,
        ...(on.headSha ? { headSha: on.headSha } : {}),
        eventKey: `comment-${comment.id}`
      };
    }
    case 'repository_dispatch': {
      const dispatch = DispatchPayload.parse(event.payload);
      const payload =
        dispatch.client_payload === undefined
          ? []
          : [{ name: 'dispatch payload', text: clip(JSON.stringify(dispatch.client_payload, null, 2), CONTEXT_LIMITS.payloadChars) }];
      return { context: { title: `repository_dispatch "${dispatch.action}"`, sections: payload }, target: {}, ...sha, eventKey: run };
    }
    case 'schedule': {
      const schedule = SchedulePayload.safeParse(event.payload);
      return { context: { title: `scheduled run (${schedule.success ? schedule.data.schedule : 'cron'})`, sections: [] }, target: {}, ...sha, eventKey: run };
    }
    default: {
      // pull_request, issues and manual runs: the pull request or issue routing found, if any.
      const number = event.pullNumber ?? event.issueNumber;
      if (number === undefined)
        return { context: { title: `${event.name === 'workflow_dispatch' ? 'manual run' : event.name}`, sections: [] }, target: {}, ...sha, eventKey: run };
      const on = await readItem(reads, number, event.pullNumber !== undefined, maxFiles);
      const key = on.headSha ? `pull-${number}-${on.headSha}` : run;
      return {
        context: { title: `${event.name === 'workflow_dispatch' ? 'manual run on ' : ''}${on.what}`, sections: on.sections },
        target: { issue: number },
        ...sha,
        ...(on.headSha ? { headSha: on.headSha } : {}),
        eventKey: event.name === 'pull_request' || event.name === 'pull_request_target' ? key : run
      };
    }
  }
}

/** An issue, or a pull request with its diff. */
async function readItem(reads: EventReads, number: number, pull: boolean, maxFiles: number): Promise<{ what: string; sections: Section[]; headSha?: string }> {
  if (!pull) {
    const data = await reads.issue(number);
    const text = [
      `#${number} ${data.title}`,
      `by @${data.author} · ${data.state}${data.labels.length ? ` · labels: ${data.labels.join(', ')}` : ''}`,
      '',
      clip(data.body ?? '', CONTEXT_LIMITS.bodyChars)
    ].join('\n');
    return { what: `issue #${number}: ${oneLine(data.title)}`, sections: [{ name: 'issue', text }] };
  }
  const data = await reads.pull(number, maxFiles);
  const text = [
    `#${number} ${data.title}`,
    `by @${data.author} · ${data.baseRef} ← ${data.headRef} · ${data.changedFiles} file(s)`,
    '',
    clip(data.body ?? '', CONTEXT_LIMITS.bodyChars)
  ].join('\n');
  return {
    what: `pull request #${number}: ${oneLine(data.title)}`,
    sections: [{ name: 'pull request', text }, diffSection(data.files, data.changedFiles, maxFiles)],
    headSha: data.headSha
  };
}

export interface DiffFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  patch?: string;
  previous_filename?: string;
}

/** A diff within the limits: at most `maxFiles` files, each patch and the whole cut, what is left out named. */
function diffSection(files: readonly DiffFile[], total: number, maxFiles: number): Section {
  const shown = files.slice(0, maxFiles);
  let budget = CONTEXT_LIMITS.diffChars;
  const parts: string[] = [];
  const left: string[] = [];
  for (const f of shown) {
    const head = diffFileHeader({
      path: f.filename,
      ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
      status: f.status,
      additions: f.additions,
      deletions: f.deletions
    });
    const patch = f.patch === undefined ? '(no textual diff: binary or too large)' : clip(f.patch, CONTEXT_LIMITS.patchChars);
    const part = `${head}\n${patch}`;
    if (part.length > budget) {
      left.push(f.filename);
      continue;
    }
    budget -= part.length;
    parts.push(part);
  }
  const unlisted = Math.max(0, total - shown.length);
  if (left.length > 0)
    parts.push(`(${left.length} file(s) left out to keep the diff within ${CONTEXT_LIMITS.diffChars} characters: ${left.slice(0, 100).join(', ')})`);
  if (unlisted > 0) parts.push(`(${unlisted} more file(s) changed, not read: the diff is read up to ${maxFiles} files)`);
  return { name: 'diff', text: parts.join('\n\n') || '(no files changed)' };
}

async function readPush(reads: EventReads, push: z.infer<typeof PushPayload>, maxFiles: number): Promise<{ context: EventContext }> {
  const branch = push.ref.replace(/^refs\/(heads|tags)\//, '');
  const defaultBranch = push.repository?.default_branch;
  const created = push.created === true || ZERO_SHA.test(push.before);
  const notes: string[] = [];
  // A new branch is compared with the default branch; the default branch's first push, and a force
  // push whose old head no longer exists, show the head commit's own change.
  const base = created ? (defaultBranch && defaultBranch !== branch ? defaultBranch : undefined) : push.before;
  let commits: Commit[] = [];
  let files: DiffFile[] = [];
  let compared = false;
  if (base !== undefined) {
    const diff = await reads.compare(base, push.after);
    if (diff) {
      ({ commits, files } = diff);
      compared = true;
      if (push.forced) notes.push(`force push: the diff runs from the merge base of ${push.before.slice(0, 7)} and ${push.after.slice(0, 7)}`);
    } else notes.push(`${base.slice(0, 12)} is no longer in the repository (a force push?): the head commit's own diff is shown`);
  }
  if (!compared) ({ commits, files } = await reads.commit(push.after));
  // GitHub's payload lists up to 20 commits; the comparison has them all (up to 250).
  if (commits.length === 0) commits = (push.commits ?? []).map((c) => ({ sha: c.id, message: c.message }));
  const range = created ? `new branch at ${push.after.slice(0, 7)}` : `${push.before.slice(0, 7)}..${push.after.slice(0, 7)}`;
  const title = `${push.forced ? 'force push' : 'push'} of ${commits.length} commit(s) to ${branch} (${range})`;
  const listed = commits.slice(-CONTEXT_LIMITS.commits).map((c) => `- ${c.sha.slice(0, 7)} ${oneLine(c.message)}`);
  if (commits.length > CONTEXT_LIMITS.commits) listed.unshift(`(${commits.length - CONTEXT_LIMITS.commits} earlier commit(s) not listed)`);
  return {
    context: {
      title,
      sections: [{ name: 'commits', text: [...notes, ...listed].join('\n') }, diffSection(files, files.length, maxFiles)]
    }
  };
}

async function readRelease(reads: EventReads, release: ReleaseFacts): Promise<EventContext> {
  const { previous, merged, more } = await reads.sinceRelease(release);
  const since = previous ? `since ${previous}` : 'before this first release';
  const lines = more ? [...merged, `(more pull requests were merged ${since}; the ${CONTEXT_LIMITS.pulls} most recent are listed)`] : merged;
  const text = [
    `${release.tag_name}${release.name && release.name !== release.tag_name ? ` · ${release.name}` : ''}${release.prerelease ? ' · pre-release' : ''}`,
    '',
    clip(release.body ?? '', CONTEXT_LIMITS.bodyChars)
  ].join('\n');
  return {
    title: `release ${release.tag_name} published${previous ? ` (previous: ${previous})` : ''}`,
    sections: [
      { name: 'release', text },
      { name: `pull requests merged ${since}`, text: lines.length > 0 ? lines.join('\n') : '(none)' }
    ]
  };
}

/** On GitHub: the previous published release, and the pull requests merged between it and this one. */
async function releasePulls(octokit: GitHub, repo: RepoRef, release: ReleaseFacts): Promise<{ previous?: string; merged: string[]; more: boolean }> {
  const published = release.published_at ? Date.parse(release.published_at) : Date.now();
  let previous: { tag: string; at: number } | undefined;
  for await (const { data } of octokit.paginate.iterator(octokit.rest.repos.listReleases, { ...repo, per_page: 100 })) {
    for (const r of data) {
      if (r.id === release.id || r.draft || !r.published_at) continue;
      const at = Date.parse(r.published_at);
      if (at < published && (!previous || at > previous.at)) previous = { tag: r.tag_name, at };
    }
  }
  const merged: string[] = [];
  let more = false;
  // Closed pull requests, most recently updated first: one merged after the previous release was updated then too.
  scan: for await (const { data } of octokit.paginate.iterator(octokit.rest.pulls.list, {
    ...repo,
    state: 'closed',
    sort: 'updated',
    direction: 'desc',
    per_page: 100
  })) {
    for (const pr of data) {
      if (previous && Date.parse(pr.updated_at) < previous.at) break scan;
      if (!pr.merged_at) continue;
      const at = Date.parse(pr.merged_at);
      if (at > published || (previous && at <= previous.at)) continue;
      if (merged.length === CONTEXT_LIMITS.pulls) {
        more = true;
        break scan;
      }
      merged.push(`- #${pr.number} ${oneLine(pr.title)} (@${pr.user?.login ?? 'ghost'})`);
    }
  }
  return { ...(previous ? { previous: previous.tag } : {}), merged, more };
}

async function readConnectors(octokit: GitHub, repo: RepoRef, connectors: readonly Connector[], ref: string | undefined): Promise<Section[]> {
  const sections: Section[] = [];
  for (const connector of connectors) {
    if (connector.type === 'github-issues') {
      const since = new Date(Date.now() - connector.lookbackDays * 86_400_000).toISOString();
      const { issues, truncated } = await listOpenIssuesSince(octokit, repo, since, CONTEXT_LIMITS.issues);
      const lines = issues.map(
        (i) =>
          `- #${i.number} ${oneLine(i.title)}${i.labels.length ? ` [${i.labels.join(', ')}]` : ''} (updated ${i.updatedAt})\n  ${oneLine(i.body).slice(0, 300)}`
      );
      if (truncated) lines.push(`(more issues changed; the ${CONTEXT_LIMITS.issues} changed longest ago are listed)`);
      sections.push({ name: `open issues changed in the last ${connector.lookbackDays} day(s)`, text: lines.join('\n') || '(none)' });
    } else if (connector.type === 'repo-files') {
      // The files as they are at the event's commit; without one (a schedule), on the default branch.
      const at = ref ?? (await octokit.rest.repos.get({ ...repo })).data.default_branch;
      const source = new GitHubLoopSource(octokit, repo, at);
      for (const path of connector.paths) {
        const bytes = await source.read(path);
        sections.push({ name: `file ${path}`, text: bytes ? clip(new TextDecoder('utf-8').decode(bytes), CONTEXT_LIMITS.fileChars) : '(not found)' });
      }
    }
  }
  return sections;
}

function oneLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters not shown)`;
}
