/**
 * Reads a pull request from GitHub into the engine's PullRequestSnapshot, and file text at a ref
 * through the contents API.
 */
import type { ChangedFile, FileReader, FileStatus, PullRequestSnapshot } from '../engine/context.js';
import type { GitHub } from './client.js';
import { httpStatus } from './errors.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestRef extends RepoRef {
  number: number;
}

/** GitHub lists at most 3,000 files of a pull request, 100 per page. */
const FILES_PER_PAGE = 100;
const MAX_FILE_PAGES = 30;
/** Pages asked for at once: GitHub counts concurrent requests against the secondary rate limit. */
const PARALLEL_PAGES = 10;

export async function readPullRequest(octokit: GitHub, { owner, repo, number }: PullRequestRef): Promise<PullRequestSnapshot> {
  const page = async (n: number) => (await octokit.rest.pulls.listFiles({ owner, repo, pull_number: number, per_page: FILES_PER_PAGE, page: n })).data;
  const [{ data: pr }, first] = await Promise.all([octokit.rest.pulls.get({ owner, repo, pull_number: number }), page(1)]);
  // The pull request says how many files changed, so the other pages are asked for together
  // rather than one Link header at a time (30 round trips for a 3,000-file pull request). Past
  // that count, should it be stale, pages are read one by one until a short one.
  const files = [...first];
  const counted = Math.min(MAX_FILE_PAGES, Math.ceil(pr.changed_files / FILES_PER_PAGE));
  let next = 2;
  let full = first.length === FILES_PER_PAGE;
  while (full && next <= MAX_FILE_PAGES) {
    const last = next <= counted ? Math.min(counted, next + PARALLEL_PAGES - 1) : next;
    const pages = await Promise.all(Array.from({ length: last - next + 1 }, (_, i) => page(next + i)));
    for (const listed of pages) files.push(...listed);
    full = pages.every((listed) => listed.length === FILES_PER_PAGE);
    next = last + 1;
  }
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    author: pr.user.login,
    draft: pr.draft ?? false,
    labels: pr.labels.map((label) => label.name),
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    // A deleted fork leaves `head.repo` null: still not the base repository.
    fork: pr.head.repo?.full_name !== pr.base.repo.full_name,
    url: pr.html_url,
    files: files.map(
      (file): ChangedFile => ({
        path: file.filename,
        ...(file.previous_filename === undefined ? {} : { previousPath: file.previous_filename }),
        status: file.status as FileStatus,
        additions: file.additions,
        deletions: file.deletions,
        ...(file.patch === undefined ? {} : { patch: file.patch })
      })
    ),
    filesTotal: pr.changed_files
  };
}

/** Git's own test for binary content: a NUL byte early in the file. */
const BINARY_SNIFF_BYTES = 8000;

/**
 * File text at a ref, null when the file is absent, binary, not a file or too large for the
 * contents API to inline (over 1 MB it answers `encoding: "none"`). Each path and ref is fetched
 * once; concurrent readers share the request.
 */
export class GitHubFileReader implements FileReader {
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(
    private readonly octokit: GitHub,
    private readonly repo: RepoRef
  ) {}

  read(path: string, ref: string): Promise<string | null> {
    const key = `${ref}\u0000${path}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const pending = this.fetch(path, ref);
    this.cache.set(key, pending);
    // A failure is not an answer: the next read asks again.
    pending.catch(() => this.cache.delete(key));
    return pending;
  }

  private async fetch(path: string, ref: string): Promise<string | null> {
    let data;
    try {
      ({ data } = await this.octokit.rest.repos.getContent({ ...this.repo, path, ref }));
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
    if (Array.isArray(data) || data.type !== 'file' || !('encoding' in data) || data.encoding !== 'base64') return null;
    const bytes = Buffer.from(data.content, 'base64');
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return null;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}
