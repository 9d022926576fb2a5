/**
 * Issues as the triage loop reads and writes them: the open issues updated since a time (GitHub's
 * issue list also holds pull requests, marked by a `pull_request` key: they are left out), one
 * issue, its comments, the repository's labels, the recent issues, and adding labels.
 */
import pLimit from 'p-limit';
import type { RecentIssue, TriageIssue } from '../engine/triage.js';
import type { GitHub } from './client.js';
import type { RepoRef } from './pull-request.js';

export interface IssueSnapshot {
  number: number;
  title: string;
  body: string;
  author: string;
  labels: string[];
  state: 'open' | 'closed';
  /** ISO time of the last change GitHub recorded (edits, comments, labels). */
  updatedAt: string;
  /** The number belongs to a pull request (GitHub lists pull requests among issues). */
  pullRequest: boolean;
}

export interface IssueRef extends RepoRef {
  issueNumber: number;
}

type IssueData = Awaited<ReturnType<GitHub['rest']['issues']['get']>>['data'];

function snapshot(data: IssueData): IssueSnapshot {
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? '',
    author: data.user?.login ?? 'ghost',
    labels: data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
    state: data.state === 'closed' ? 'closed' : 'open',
    updatedAt: data.updated_at,
    pullRequest: data.pull_request !== undefined && data.pull_request !== null
  };
}

/**
 * Open issues (not pull requests) updated at or after `since`, oldest change first, at most `max`:
 * `truncated` says more were left for the next run.
 */
export async function listOpenIssuesSince(
  octokit: GitHub,
  repo: RepoRef,
  since: string,
  max: number
): Promise<{ issues: IssueSnapshot[]; truncated: boolean }> {
  const issues: IssueSnapshot[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, { ...repo, state: 'open', since, sort: 'updated', direction: 'asc', per_page: 100 });
  for await (const { data } of pages) {
    for (const item of data) {
      const issue = snapshot(item);
      if (issue.pullRequest) continue;
      if (issues.length === max) return { issues, truncated: true };
      issues.push(issue);
    }
  }
  return { issues, truncated: false };
}

export async function readIssue(octokit: GitHub, { owner, repo, issueNumber }: IssueRef): Promise<IssueSnapshot> {
  const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: issueNumber });
  return snapshot(data);
}

/** The newest issues, open or closed, pull requests left out: what a duplicate may point at. */
export async function listRecentIssues(octokit: GitHub, repo: RepoRef, max: number): Promise<RecentIssue[]> {
  const { data } = await octokit.rest.issues.listForRepo({ ...repo, state: 'all', sort: 'created', direction: 'desc', per_page: Math.min(100, max) });
  return data
    .map(snapshot)
    .filter((i) => !i.pullRequest)
    .map((i) => ({ number: i.number, title: i.title, state: i.state, excerpt: i.body.slice(0, RECENT_EXCERPT_CHARS) }));
}

/** Text of a recent issue kept for the checker, when a duplicate of it is proposed. */
const RECENT_EXCERPT_CHARS = 1_000;

export interface IssueComment {
  author: string;
  body: string;
}

export async function listIssueComments(octokit: GitHub, { owner, repo, issueNumber }: IssueRef): Promise<IssueComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
  return comments.map((c) => ({ author: c.user?.login ?? 'ghost', body: c.body ?? '' }));
}

export async function listRepoLabels(octokit: GitHub, repo: RepoRef): Promise<string[]> {
  const labels = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
  return labels.map((l) => l.name);
}

/** Adds labels (GitHub creates a label that does not exist yet: callers decide whether that is allowed). */
export async function addIssueLabels(octokit: GitHub, { owner, repo, issueNumber }: IssueRef, labels: string[]): Promise<void> {
  await octokit.rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels });
}

/**
 * Issues as the triage engine reads them, with their comments when asked. LoopKit's own comments
 * (any that opens with a LoopKit marker) are left out: the last triage must not talk the next one
 * into agreeing with it.
 */
export async function triageIssuesOf(octokit: GitHub, repo: RepoRef, issues: readonly IssueSnapshot[], includeComments: boolean): Promise<TriageIssue[]> {
  const limit = pLimit(4);
  return Promise.all(
    issues.map((issue) =>
      limit(async (): Promise<TriageIssue> => {
        const comments = includeComments
          ? (await listIssueComments(octokit, { ...repo, issueNumber: issue.number })).filter((c) => !c.body.trimStart().startsWith('<!-- loopkit:'))
          : [];
        return { number: issue.number, title: issue.title, body: issue.body, author: issue.author, labels: issue.labels, updatedAt: issue.updatedAt, comments };
      })
    )
  );
}
