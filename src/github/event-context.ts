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
 * text comes from people: the engine fences it as untrusted.
 */
import { z } from 'zod';
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

export async function readEventContext(octokit: GitHub, repo: RepoRef, event: EventInput, loop: Loop): Promise<GenericEvent> {
  const connectors = loop.connectors ?? [];
  const maxFiles =
    connectors.find((c): c is Extract<Connector, { type: 'github-pull-request' }> => c.type === 'github-pull-request')?.maxFiles ?? CONTEXT_LIMITS.files;
  const run = event.runId ? `run-${event.runId}` : `${event.name}-manual`;
  const subject = await readSubject(octokit, repo, event, maxFiles, run);
  const extra = await readConnectors(octokit, repo, connectors, subject.headSha ?? event.sha);
  return { ...subject, context: { title: subject.context.title, sections: [...subject.context.sections, ...extra] } };
}

async function readSubject(octokit: GitHub, repo: RepoRef, event: EventInput, maxFiles: number, run: string): Promise<GenericEvent> {
  const sha = event.sha && /^[0-9a-f]{40}$/.test(event.sha) ? { headSha: event.sha } : {};
  switch (event.name) {
    case 'push': {
      const push = PushPayload.parse(event.payload);
      return { ...(await readPush(octokit, repo, push, maxFiles)), target: {}, headSha: push.after, eventKey: `push-${push.after}` };
    }
    case 'release': {
      const { release } = ReleasePayload.parse(event.payload);
      return {
        context: await readRelease(octokit, repo, release),
        target: { release: true },
        releaseId: release.id,
        ...sha,
        eventKey: `release-${release.id}`
      };
    }
    case 'issue_comment': {
      const { comment, issue } = CommentPayload.parse(event.payload);
      const on = await readItem(octokit, repo, issue.number, issue.pull_request !== undefined && issue.pull_request !== null, maxFiles);
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
      const on = await readItem(octokit, repo, number, event.pullNumber !== undefined, maxFiles);
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
async function readItem(
  octokit: GitHub,
  repo: RepoRef,
  number: number,
  pull: boolean,
  maxFiles: number
): Promise<{ what: string; sections: Section[]; headSha?: string }> {
  if (!pull) {
    const { data } = await octokit.rest.issues.get({ ...repo, issue_number: number });
    const labels = data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== '');
    const text = [
      `#${number} ${data.title}`,
      `by @${data.user?.login ?? 'ghost'} · ${data.state}${labels.length ? ` · labels: ${labels.join(', ')}` : ''}`,
      '',
      clip(data.body ?? '', CONTEXT_LIMITS.bodyChars)
    ].join('\n');
    return { what: `issue #${number}: ${oneLine(data.title)}`, sections: [{ name: 'issue', text }] };
  }
  const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
  const files: DiffFile[] = [];
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 })) {
    files.push(...page.data);
    if (files.length >= maxFiles) break;
  }
  const text = [
    `#${number} ${data.title}`,
    `by @${data.user?.login ?? 'ghost'} · ${data.base.ref} ← ${data.head.ref} · ${data.changed_files} file(s)`,
    '',
    clip(data.body ?? '', CONTEXT_LIMITS.bodyChars)
  ].join('\n');
  return {
    what: `pull request #${number}: ${oneLine(data.title)}`,
    sections: [{ name: 'pull request', text }, diffSection(files, data.changed_files, maxFiles)],
    headSha: data.head.sha
  };
}

interface DiffFile {
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
    const head = `--- ${f.previous_filename ? `${f.previous_filename} → ` : ''}${f.filename} (${f.status}, +${f.additions} -${f.deletions})`;
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

async function readPush(octokit: GitHub, repo: RepoRef, push: z.infer<typeof PushPayload>, maxFiles: number): Promise<{ context: EventContext }> {
  const branch = push.ref.replace(/^refs\/(heads|tags)\//, '');
  const defaultBranch = push.repository?.default_branch;
  const created = push.created === true || ZERO_SHA.test(push.before);
  const notes: string[] = [];
  // A new branch is compared with the default branch; the default branch's first push, and a force
  // push whose old head no longer exists, show the head commit's own change.
  const base = created ? (defaultBranch && defaultBranch !== branch ? defaultBranch : undefined) : push.before;
  let commits: { sha: string; message: string }[] = [];
  let files: DiffFile[] = [];
  let compared = false;
  if (base !== undefined) {
    try {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${push.after}`, per_page: 100 });
      commits = data.commits.map((c) => ({ sha: c.sha, message: c.commit.message }));
      files = (data.files ?? []) as DiffFile[];
      compared = true;
      if (push.forced) notes.push(`force push: the diff runs from the merge base of ${push.before.slice(0, 7)} and ${push.after.slice(0, 7)}`);
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
      notes.push(`${base.slice(0, 12)} is no longer in the repository (a force push?): the head commit's own diff is shown`);
    }
  }
  if (!compared) {
    const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: push.after });
    commits = [{ sha: data.sha, message: data.commit.message }];
    files = (data.files ?? []) as DiffFile[];
  }
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

async function readRelease(octokit: GitHub, repo: RepoRef, release: z.infer<typeof ReleasePayload>['release']): Promise<EventContext> {
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
  const since = previous ? `since ${previous.tag}` : 'before this first release';
  if (more) merged.push(`(more pull requests were merged ${since}; the ${CONTEXT_LIMITS.pulls} most recent are listed)`);
  const text = [
    `${release.tag_name}${release.name && release.name !== release.tag_name ? ` · ${release.name}` : ''}${release.prerelease ? ' · pre-release' : ''}`,
    '',
    clip(release.body ?? '', CONTEXT_LIMITS.bodyChars)
  ].join('\n');
  return {
    title: `release ${release.tag_name} published${previous ? ` (previous: ${previous.tag})` : ''}`,
    sections: [
      { name: 'release', text },
      { name: `pull requests merged ${since}`, text: merged.length > 0 ? merged.join('\n') : '(none)' }
    ]
  };
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
